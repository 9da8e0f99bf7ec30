// Go's strconv for float64 and strings: FormatFloat with the shortest precision (-1) in the 'g', 'e' and 'f'
// formats, and Quote. JavaScript's Number-to-string already yields the shortest round-tripping digits; only the
// layout differs, so every format is built from those digits.

/** The shortest decimal digits of |n| and the position of its decimal point (strconv's decimal{d, dp}). */
function shortestDigits(n: number): { digits: string; dp: number } {
  const [mant, e] = Math.abs(n).toExponential().split('e');
  const digits = mant.replace('.', '');
  return { digits, dp: Number(e) + 1 };
}

function special(n: number): string | undefined {
  if (Number.isNaN(n)) return 'NaN';
  if (n === Infinity) return '+Inf';
  if (n === -Infinity) return '-Inf';
  return undefined;
}

const sign = (n: number) => (n < 0 || Object.is(n, -0) ? '-' : '');

function expForm(n: number, digits: string, dp: number): string {
  const exp = dp - 1;
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  return `${sign(n)}${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

function fixedForm(n: number, digits: string, dp: number): string {
  let body: string;
  if (dp <= 0) body = `0.${'0'.repeat(-dp)}${digits}`;
  else if (dp >= digits.length) body = digits + '0'.repeat(dp - digits.length);
  else body = `${digits.slice(0, dp)}.${digits.slice(dp)}`;
  return sign(n) + body;
}

/** strconv.FormatFloat(n, fmt, -1, 64). */
export function formatFloat(n: number, fmt: 'g' | 'e' | 'f'): string {
  const s = special(n);
  if (s) return s;
  if (n === 0) return fmt === 'e' ? `${sign(n)}0e+00` : `${sign(n)}0`;
  const { digits, dp } = shortestDigits(n);
  if (fmt === 'e') return expForm(n, digits, dp);
  if (fmt === 'f') return fixedForm(n, digits, dp);
  // 'g' at the shortest precision: %e when the exponent is < -4 or >= 6 (strconv's eprec for shortest).
  const exp = dp - 1;
  return exp < -4 || exp >= 6 ? expForm(n, digits, dp) : fixedForm(n, digits, dp);
}

const QUOTE_ESCAPES: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};

/** strconv.Quote: printable runes stay, the rest become \a…\v, \xNN, \uNNNN or \UNNNNNNNN. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = QUOTE_ESCAPES[ch];
    if (esc) {
      out += esc;
      continue;
    }
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (/[\p{L}\p{M}\p{N}\p{P}\p{S}]|\u0020/u.test(ch)) out += ch;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return out + '"';
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The one rune a UTF-8 sequence of 1 to 4 bytes holds, or undefined where Go's utf8.DecodeRune finds an error. */
function decodeRune(bytes: Uint8Array): string | undefined {
  try {
    const s = UTF8.decode(bytes);
    return [...s].length === 1 ? s : undefined;
  } catch {
    return undefined;
  }
}

/** strconv.Quote of a Go string's bytes: as quote(), and each byte that is not valid UTF-8 as \xNN. */
export function quoteBytes(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length;) {
    let n = 1;
    let rune: string | undefined;
    for (; n <= 4 && i + n <= bytes.length && rune === undefined; n++) rune = decodeRune(bytes.subarray(i, i + n));
    if (rune === undefined) {
      out += `\\x${bytes[i].toString(16).padStart(2, '0')}`;
      i++;
    } else {
      out += quote(rune).slice(1, -1);
      i += n - 1;
    }
  }
  return `"${out}"`;
}

/** Go compares strings (sort.Strings, map key order) by UTF-8 bytes, which is code point order, not UTF-16's. */
export function compareStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
