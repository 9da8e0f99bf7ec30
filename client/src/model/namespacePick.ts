// The items of the "Set Namespace…" quick pick: the cluster's namespaces, the one in use marked, and what the
// user typed offered as is (last) when it names none of them (a namespace they cannot list, or one to create later).
import { escapeThemeIcons } from './themeIcons';

export interface NamespacePickItem {
  /** The namespace as the quick pick shows it (`$(` escaped). */
  label: string;
  description?: string;
  /** The namespace this item chooses. */
  namespace: string;
}

export function namespacePickItems(names: readonly string[], current: string, typed: string): NamespacePickItem[] {
  const items: NamespacePickItem[] = [...names]
    .sort((a, b) => a.localeCompare(b))
    .map((n) => ({ label: escapeThemeIcons(n), namespace: n, description: n === current ? 'current' : undefined }));
  const value = typed.trim();
  // Last: while listed names match what is typed, Enter takes the first of them ("monitor" -> monitoring);
  // when none does, the typed name is the only row left.
  if (value && !names.includes(value)) {
    items.push({
      label: escapeThemeIcons(value),
      namespace: value,
      description: names.length > 0 ? 'not in the cluster’s list: use as typed' : 'use as typed',
    });
  }
  return items;
}

/**
 * The item Enter takes for what is typed: the first listed namespace containing it (case-insensitive), else the
 * typed name itself. Set as the active item explicitly: replacing the items on each keystroke clears VS Code's.
 */
export function pickForTyped(items: readonly NamespacePickItem[], typed: string): NamespacePickItem | undefined {
  const value = typed.trim().toLowerCase();
  if (!value) return undefined;
  return items.find((i) => i.namespace.toLowerCase().includes(value)) ?? items[items.length - 1];
}
