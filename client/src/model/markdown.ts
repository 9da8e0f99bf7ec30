// Names from kubeconfigs and clusters put into Markdown tooltips. A context may be called anything (`a*b`,
// `x`y`): unescaped, it would start emphasis or close a code span early and garble the rest of the tooltip.

/** Plain text rendered literally mid-line (CommonMark lets any ASCII punctuation be backslash-escaped). */
export function escapeMd(s: string): string {
  // Only characters that change meaning mid-line; names are full of '-' and '.'.
  return s.replace(/[\\`*_{}[\]<>|~&]/g, (c) => '\\' + c);
}

/** `s` as an inline code span whose fence is longer than any backtick run inside it (CommonMark 6.1). */
export function mdCode(s: string): string {
  const runs = s.match(/`+/g) ?? [];
  const fence = '`'.repeat(1 + Math.max(0, ...runs.map((r) => r.length)));
  // A space inside each fence when the text touches a backtick; CommonMark strips exactly one on each side.
  const pad = s.startsWith('`') || s.endsWith('`') || (s.startsWith(' ') && s.endsWith(' ') && s.trim()) ? ' ' : '';
  return fence + pad + s + pad + fence;
}
