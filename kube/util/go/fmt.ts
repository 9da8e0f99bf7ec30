// fmt's %v (fmt.Sprint) and %#v of decoded JSON values, as kubectl's jsonpath and custom-columns printers apply
// them to unstructured objects.
import { sprintNumber } from './numbers';
import { compareStrings, quote } from './strconv';

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** fmt.Sprint of a decoded JSON value: `map[k:v]`, `[a b]`, `<nil>`. */
export function sprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return sprintNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[${v.map(sprint).join(' ')}]`;
  const o = v as Record<string, unknown>;
  return `map[${Object.keys(o)
    .sort(compareStrings)
    .map((k) => `${k}:${sprint(o[k])}`)
    .join(' ')}]`;
}

/** fmt's %#v of a decoded JSON value, e.g. `map[string]interface {}{"a":[]interface {}{1, "b"}}`. */
export function sharpV(v: unknown): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'number') return sprintNumber(v);
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(sharpV).join(', ')}}`;
  if (!isObject(v)) return String(v);
  return `map[string]interface {}{${Object.keys(v)
    .sort(compareStrings)
    .map((k) => `${quote(k)}:${sharpV(v[k])}`)
    .join(', ')}}`;
}

/**
 * fmt.Sprintf(format) with no arguments: what Go prints when text reaches a format string, as kubectl's describers
 * do when they concatenate values into PrefixWriter.Write's format (`a%7Eb` → `a%!E(MISSING)b`). `%%` is `%`; flags,
 * width, precision and argument indexes are read as fmt reads them, each verb then reports its missing argument.
 */
export function sprintfNoArgs(format: string): string {
  let out = '';
  const end = format.length;
  // fmt's parsenum: digits from start; a number above 1e6 is not one (and ends the parse).
  const parsenum = (start: number, stop: number): { num: number; isnum: boolean; next: number } => {
    let num = 0;
    let isnum = false;
    let i = start;
    for (; i < stop && format[i] >= '0' && format[i] <= '9'; i++) {
      if (num > 1e6) return { num: 0, isnum: false, next: stop };
      num = num * 10 + (format.charCodeAt(i) - 48);
      isnum = true;
    }
    return { num, isnum, next: i };
  };
  // fmt's argNumber with no arguments: any [n] is a bad index; returns the index after it and whether one was read.
  const argNumber = (i: number): { next: number; found: boolean; bad: boolean } => {
    if (i >= end || format[i] !== '[') return { next: i, found: false, bad: false };
    if (end - i < 3) return { next: i + 1, found: false, bad: true };
    for (let j = i + 1; j < end; j++) {
      if (format[j] === ']') {
        const n = parsenum(i + 1, j);
        if (!n.isnum || n.next !== j) return { next: j + 1, found: false, bad: true };
        return { next: j + 1, found: true, bad: true };
      }
    }
    return { next: i + 1, found: false, bad: true };
  };
  for (let i = 0; i < end;) {
    let good = true;
    const lasti = i;
    while (i < end && format[i] !== '%') i++;
    out += format.slice(lasti, i);
    if (i >= end) break;
    i++; // the %
    while (i < end && '#0+- '.includes(format[i])) i++;
    let a = argNumber(i);
    i = a.next;
    if (a.bad) good = false;
    let afterIndex = a.found;
    if (i < end && format[i] === '*') {
      i++;
      out += '%!(BADWIDTH)';
      afterIndex = false;
    } else {
      const w = parsenum(i, end);
      i = w.next;
      if (afterIndex && w.isnum) good = false;
    }
    if (i + 1 < end && format[i] === '.') {
      i++;
      if (afterIndex) good = false;
      a = argNumber(i);
      i = a.next;
      if (a.bad) good = false;
      afterIndex = a.found;
      if (i < end && format[i] === '*') {
        i++;
        out += '%!(BADPREC)';
        afterIndex = false;
      } else i = parsenum(i, end).next;
    }
    if (!afterIndex) {
      a = argNumber(i);
      i = a.next;
      if (a.bad) good = false;
    }
    if (i >= end) {
      out += '%!(NOVERB)';
      break;
    }
    const verb = String.fromCodePoint(format.codePointAt(i)!);
    i += verb.length;
    if (verb === '%') out += '%';
    else out += `%!${verb}(${good ? 'MISSING' : 'BADINDEX'})`;
  }
  return out;
}
