// Go's strings package where JavaScript differs.

/** unicode.IsSpace: JavaScript's trim() also strips U+FEFF and keeps U+0085. */
const SPACE = '[\\t\\n\\v\\f\\r \\u0085\\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000]';
const TRIM_SPACE = new RegExp(`^${SPACE}+|${SPACE}+$`, 'gu');

/** strings.TrimSpace. */
export function trimSpace(s: string): string {
  return s.replace(TRIM_SPACE, '');
}
