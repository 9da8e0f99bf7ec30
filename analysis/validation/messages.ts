// Value printing as the API server's field errors print it (field.Error: %q for strings, %v otherwise).

export function typeOfValue(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

export function formatValue(v: unknown): string {
  if (typeof v === 'string') return goQuote(v);
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

const GO_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/** Go's strconv.Quote (`%q`): what unicode.IsPrint refuses is escaped (\v, \x01, \u00a0, \u2028), the rest kept. */
export function goQuote(s: string): string {
  let out = '"';
  for (const c of s) {
    const e = GO_ESCAPES[c];
    if (e) out += e;
    else if (c === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(c)) out += c;
    else {
      const cp = c.codePointAt(0)!;
      out += cp < 0x20 || cp === 0x7f ? `\\x${hex(cp, 2)}` : cp < 0x10000 ? `\\u${hex(cp, 4)}` : `\\U${hex(cp, 8)}`;
    }
  }
  return `${out}"`;
}
