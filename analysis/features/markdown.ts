// Text put into Markdown (hover cards, completion documentation). Schema descriptions and type names are plain
// text: `<string>` would be read as an HTML tag and vanish, `*.example.com` would start emphasis, `&lt;` would
// become `<`. CommonMark lets any ASCII punctuation be backslash-escaped, so escaping is always safe.

/** Characters that start inline markup (emphasis, links, HTML, entities, GFM strikethrough and tables). */
const INLINE = /[\\`*_[\]<>&~|]/g;

/** Plain text rendered literally, whatever it contains. */
export function escapeMarkdown(text: string): string {
  return text.replace(INLINE, '\\$&').replace(/^(\s*)#/gm, '$1\\#');
}

/** `text` as an inline code span; the fence is longer than any backtick run inside (CommonMark 6.1). */
export function codeSpan(text: string): string {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') || /^ .* $/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * A Kubernetes field description as Markdown: literal text, except what upstream writes as Markdown on
 * purpose: code spans (`"Always"`) and list items ("- `Always` means…", "* …") stay as they are, and URLs
 * stay unescaped so they are still linked.
 */
export function descriptionMarkdown(description: string): string {
  return description
    .split('\n')
    .map((line) => {
      const bullet = /^(\s*[-*+] )(.*)$/.exec(line);
      const [lead, rest] = bullet ? [bullet[1]!, bullet[2]!] : ['', line];
      return lead + escapeOutsideVerbatim(rest);
    })
    .join('\n');
}

/** Escapes everything except balanced backtick code spans (CommonMark renders their content literally) and URLs. */
function escapeOutsideVerbatim(text: string): string {
  let out = '';
  let i = 0;
  const start = /`+|https?:\/\/[^\s<>`]+/g;
  while (i < text.length) {
    start.lastIndex = i;
    const m = start.exec(text);
    if (!m) break;
    if (!m[0].startsWith('`')) {
      out += escapeMarkdown(text.slice(i, m.index)) + m[0];
      i = m.index + m[0].length;
      continue;
    }
    // A code span closes at the next backtick run of exactly the same length.
    const close = new RegExp(`(?<!\`)${m[0]}(?!\`)`, 'g');
    close.lastIndex = m.index + m[0].length;
    const c = close.exec(text);
    const end = c ? c.index + c[0].length : m.index + m[0].length;
    out += escapeMarkdown(text.slice(i, m.index)) + (c ? text.slice(m.index, end) : escapeMarkdown(m[0]));
    i = end;
  }
  return out + escapeMarkdown(text.slice(i));
}

/** `lines` as a fenced code block whose fence no line inside can close. */
export function codeBlock(lines: string[]): string[] {
  const longest = Math.max(0, ...lines.flatMap((l) => [...l.matchAll(/`+/g)].map((m) => m[0].length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [fence, ...lines, fence];
}
