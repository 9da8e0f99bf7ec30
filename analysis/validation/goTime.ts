// Timestamps of built-in types as the API server decodes them: metav1.Time with Go's time.Parse(time.RFC3339),
// metav1.MicroTime with the layout RFC3339Micro. Go's parser is not RFC 3339: an upper-case `T` and `Z` only, no
// space, one-digit hours, a fraction of any length after the seconds (`.` or `,`), offsets up to ±24:60, years of
// four digits, seconds below 60. Ported from Go's time.parse for these two layouts, its error text included (the
// server answers with it: `parsing time "…" as "…": cannot parse "…" as "T"`).

export const RFC3339 = '2006-01-02T15:04:05Z07:00';
export const RFC3339_MICRO = '2006-01-02T15:04:05.000000Z07:00';

const CHUNKS: Record<string, string[]> = {
  [RFC3339]: ['2006', '-', '01', '-', '02', 'T', '15', ':', '04', ':', '05', 'Z07:00'],
  [RFC3339_MICRO]: ['2006', '-', '01', '-', '02', 'T', '15', ':', '04', ':', '05', '.000000', 'Z07:00'],
};

const isDigit = (s: string, i: number): boolean => i < s.length && s.charCodeAt(i) >= 48 && s.charCodeAt(i) <= 57;
const quote = (s: string): string => JSON.stringify(s);

/** Go's getnum: one or two digits (exactly two when fixed). */
function getnum(s: string, fixed: boolean): [number, string] | undefined {
  if (!isDigit(s, 0)) return undefined;
  if (!isDigit(s, 1)) return fixed ? undefined : [Number(s[0]), s.slice(1)];
  return [Number(s.slice(0, 2)), s.slice(2)];
}

/** Go's time.atoi: an optional sign, then digits only. */
function atoi(s: string): number | undefined {
  const m = /^([-+]?)(\d+)$/.exec(s);
  if (!m) return undefined;
  return m[1] === '-' ? -Number(m[2]) : Number(m[2]);
}

/** Go's parseNanoseconds: `value[0]` is `.` or `,`, the digits up to nbytes; a range error, or undefined when bad. */
function nanoseconds(value: string, nbytes: number): { range?: string } | undefined {
  if (value[0] !== '.' && value[0] !== ',') return undefined;
  const n = atoi(value.slice(1, Math.min(nbytes, 10)));
  if (n === undefined) return undefined;
  return n < 0 ? { range: 'fractional second' } : {};
}

function daysIn(month: number, year: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Go's error for `value` parsed with `layout` (RFC3339 or RFC3339_MICRO), or undefined when Go accepts it. */
export function goTimeParseError(layout: string, value: string): string | undefined {
  const bad = (elem: string, rest: string) =>
    `parsing time ${quote(value)} as ${quote(layout)}: cannot parse ${quote(rest)} as ${quote(elem)}`;
  const range = (what: string) => `parsing time ${quote(value)}: ${what} out of range`;
  const chunks = CHUNKS[layout];
  let rest = value;
  let year = 0;
  let month = 0;
  let day = 0;
  for (let i = 0; i < chunks.length; i++) {
    const std = chunks[i];
    const hold = rest;
    switch (std) {
      case '-':
      case ':':
      case 'T':
        if (!rest.startsWith(std)) return bad(std, rest);
        rest = rest.slice(1);
        continue;
      case '2006': {
        const y = rest.length >= 4 && isDigit(rest, 0) ? atoi(rest.slice(0, 4)) : undefined;
        if (y === undefined) return bad(std, hold);
        year = y;
        rest = rest.slice(4);
        continue;
      }
      case '01':
      case '02':
      case '15':
      case '04':
      case '05': {
        const got = getnum(rest, std !== '15');
        if (!got) return bad(std, hold);
        const [n, after] = got;
        rest = after;
        if (std === '01') {
          if (n <= 0 || n > 12) return range('month');
          month = n;
        } else if (std === '02') day = n;
        else if (std === '15' && n >= 24) return range('hour');
        else if (std === '04' && n >= 60) return range('minute');
        else if (std === '05') {
          if (n >= 60) return range('second');
          // A fraction the layout does not name is read after the seconds, any number of digits.
          if (
            chunks[i + 1] !== '.000000' &&
            rest.length >= 2 &&
            (rest[0] === '.' || rest[0] === ',') &&
            isDigit(rest, 1)
          ) {
            let end = 2;
            while (isDigit(rest, end)) end++;
            const ns = nanoseconds(rest, end);
            if (ns?.range) return range(ns.range);
            if (!ns) return bad(std, hold);
            rest = rest.slice(end);
          }
        }
        continue;
      }
      case '.000000': {
        const ns = rest.length >= 7 ? nanoseconds(rest, 7) : undefined;
        if (ns?.range) return range(ns.range);
        if (!ns) return bad(std, hold);
        rest = rest.slice(7);
        continue;
      }
      case 'Z07:00': {
        if (rest.startsWith('Z')) {
          rest = rest.slice(1);
          continue;
        }
        if (rest.length < 6 || rest[3] !== ':') return bad(std, hold);
        const hr = getnum(rest.slice(1, 3), true);
        const mm = hr && getnum(rest.slice(4, 6), true);
        let rangeError: string | undefined;
        if (hr && hr[0] > 24) rangeError = 'time zone offset hour';
        if (mm && mm[0] > 60) rangeError = 'time zone offset minute';
        if (rangeError) return range(rangeError);
        if (!hr || !mm || (rest[0] !== '+' && rest[0] !== '-')) return bad(std, hold);
        rest = rest.slice(6);
        continue;
      }
    }
  }
  if (rest.length > 0) return `parsing time ${quote(value)}: extra text: ${quote(rest)}`;
  if (day < 1 || day > daysIn(month, year)) return `parsing time ${quote(value)}: day out of range`;
  return undefined;
}
