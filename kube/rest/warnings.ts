// Server `Warning` headers (RFC 7234 5.5, as client-go rest/warnings.go parses them):
//   299 - "message" ["date"]
// Only code 299 (miscellaneous persistent warning) is what the API server sends; others are ignored.

export interface WarningHeader {
  code: number;
  agent: string;
  text: string;
}

export type WarningHandler = (warning: WarningHeader) => void;

/** Parse one or more comma-separated warnings from one header value. Malformed parts are skipped. */
export function parseWarningHeaders(values: string | string[] | undefined): WarningHeader[] {
  if (values === undefined) return [];
  const out: WarningHeader[] = [];
  for (const value of Array.isArray(values) ? values : [values]) {
    let rest = value;
    while (rest.trim().length > 0) {
      const parsed = parseOne(rest);
      if (!parsed) break;
      out.push(parsed.warning);
      rest = parsed.remainder;
    }
  }
  return out;
}

function parseOne(header: string): { warning: WarningHeader; remainder: string } | undefined {
  const m = /^\s*(\d{3}) (\S+) "/.exec(header);
  if (!m) return undefined;
  let i = m[0].length;
  let text = '';
  for (; i < header.length; i++) {
    const c = header[i];
    if (c === '\\') {
      i++;
      if (i < header.length) text += header[i];
      continue;
    }
    if (c === '"') break;
    text += c;
  }
  if (i >= header.length) return undefined; // unterminated quoted string
  let remainder = header.slice(i + 1);
  // Optional quoted warn-date.
  const date = /^ "[^"]*"/.exec(remainder);
  if (date) remainder = remainder.slice(date[0].length);
  remainder = remainder.replace(/^\s*,?\s*/, '');
  return { warning: { code: Number(m[1]), agent: m[2], text }, remainder };
}

/** kubectl's default: print each distinct 299 warning once per process. */
export function deduplicatingWarningHandler(log: (message: string) => void): WarningHandler {
  const seen = new Set<string>();
  return (w) => {
    if (w.code !== 299 || w.text.length === 0) return;
    if (seen.has(w.text)) return;
    seen.add(w.text);
    log(`Warning: ${w.text}`);
  };
}

let defaultHandler: WarningHandler = deduplicatingWarningHandler((m) => process.stderr.write(m + '\n'));

/** rest.SetDefaultWarningHandler: used by clients whose options do not name one. */
export function setDefaultWarningHandler(handler: WarningHandler): void {
  defaultHandler = handler;
}
export function getDefaultWarningHandler(): WarningHandler {
  return defaultHandler;
}
