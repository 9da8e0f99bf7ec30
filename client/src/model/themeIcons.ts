// Names from kubeconfigs and clusters shown where VS Code renders `$(name)` as a theme icon: status bar text, quick
// pick items' label, description and detail, and window progress titles (the API documents these; tree item labels and
// descriptions render text as it is, so they are left alone). A context called `dev-$(cloud)`, or an RBAC object's
// name (a path segment, so `$(x)` is allowed), would otherwise show an icon or nothing in place of those characters.

/** VS Code's icon syntax (its ThemeIcon name and modifier expressions): only these are rendered, so only these need escaping. */
const ICON = /\$\([A-Za-z0-9-]+(?:~[A-Za-z]+)?\)/g;

/**
 * `text` shown literally where `$(name)` is an icon: a backslash before each icon reference, which VS Code renders as
 * the reference's text. Unlike VS Code's own escapeIcons, one that is already preceded by a backslash gets another:
 * VS Code drops the escaping backslash, so `\$(x)` in a name must become `\\$(x)` to keep it.
 */
export function escapeThemeIcons(text: string): string {
  return text.replace(ICON, (icon) => `\\${icon}`);
}
