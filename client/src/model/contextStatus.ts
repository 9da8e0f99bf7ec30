// What the context status bar item says: the context and namespace kubesense works with.
import { mdCode } from './markdown';
import { escapeThemeIcons } from './themeIcons';
import type { ContextInfo } from './ports';

export interface ContextStatusView {
  text: string;
  /** Markdown. */
  tooltip: string;
  accessibility: string;
}

/** `editorOnly`: chosen in this editor, not in the kubeconfig. */
export function contextStatusView(ctx: ContextInfo, namespace: string, editorOnly: boolean): ContextStatusView {
  return {
    text: `$(cloud) ${escapeThemeIcons(ctx.name)} / ${escapeThemeIcons(namespace)}${editorOnly ? ' $(pinned)' : ''}`,
    tooltip:
      `**kubesense**: context ${mdCode(ctx.name)}, namespace ${mdCode(namespace)}` +
      `${editorOnly ? ' (chosen in this editor only; the kubeconfig is unchanged)' : ''}\n\n` +
      `Defined in ${mdCode(ctx.file)}. Click to switch.`,
    accessibility: `kubesense: context ${ctx.name}, namespace ${namespace}. Click to switch.`,
  };
}
