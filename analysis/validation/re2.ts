// Regular expressions as kube-apiserver runs them: Go's regexp (RE2 syntax) for CEL's matches/find/findAll and for
// OpenAPI `pattern`. JavaScript's RegExp differs (POSIX classes, inline flags, \z, \Q…\E, \pL, `.` and negated
// classes against astral characters, `\s`, backreferences and lookaround RE2 rejects), so patterns run on re2js, a
// port of RE2 that parses, rejects and matches as Go does; a pattern in the small subset where both engines agree
// keeps the (faster) native RegExp.
import { RE2JS } from 're2js';

const compiled = new Map<string, RE2JS>();

/** The pattern compiled as Go compiles it; throws Go's `error parsing regexp: …` message. */
export function re2(pattern: string): RE2JS {
  let r = compiled.get(pattern);
  if (!r) {
    try {
      r = RE2JS.compile(pattern);
    } catch (e) {
      // Go allows a group name twice (re2js does not); names play no part in matching
      if (!/duplicate capture group name/.test((e as Error).message)) throw e;
      r = RE2JS.compile(pattern.replace(/\(\?P?<[A-Za-z0-9_]+>/g, '('));
    }
    compiled.set(pattern, r);
  }
  return r;
}

/** Go's regexp.Compile error for the pattern, or undefined when RE2 accepts it. */
export function re2Error(pattern: string): string | undefined {
  try {
    re2(pattern);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}

/** regexp.MatchString */
export function re2Test(pattern: string, s: string): boolean {
  return re2(pattern).test(s);
}

/** regexp.FindString: the leftmost match, '' without one. */
export function re2Find(pattern: string, s: string): string {
  const m = re2(pattern).matcher(s);
  return m.find() ? (m.group() ?? '') : '';
}

/**
 * regexp.FindAllString(s, n): after an empty match the search moves on one code point, and an empty match right
 * where the previous match ended is dropped (JavaScript's matchAll keeps it).
 */
export function re2FindAll(pattern: string, s: string, n = -1): string[] {
  const out: string[] = [];
  if (n === 0) return out;
  const m = re2(pattern).matcher(s);
  let pos = 0;
  let prevEnd = -1;
  while (pos <= s.length && (n < 0 || out.length < n)) {
    if (!m.find(pos)) break;
    const start = m.start();
    const end = m.end();
    let accept = true;
    if (end === start) {
      if (start === prevEnd) accept = false;
      const cp = s.codePointAt(end);
      pos = end + (cp === undefined ? 1 : cp > 0xffff ? 2 : 1);
    } else pos = end;
    prevEnd = end;
    if (accept) out.push(s.slice(start, end));
  }
  return out;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
/**
 * ASCII patterns without `.` outside a class, negated or empty-looking classes (`[^`, `[]`), `\s`/`\S`, `(?`, POSIX
 * classes or escapes beyond the common ones mean the same to RE2 and to a JavaScript RegExp without flags.
 */
function nativeSafe(pattern: string): boolean {
  if (!PRINTABLE_ASCII.test(pattern) || /\[\^|\[\]|\(\?|\[:|\{,/.test(pattern)) return false;
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      if (!/[dDwWbB\\.\-/^$|()[\]{}*+?]/.test(pattern[i + 1] ?? '')) return false;
      i++;
    } else if (c === '[') inClass = true;
    else if (c === ']') inClass = false;
    else if (c === '.' && !inClass) return false; // `.` refuses \r in JavaScript, not in RE2
  }
  return true;
}

/** What ajv needs of a pattern: test(), and a string form for its cache key. */
export interface PatternTester {
  test(s: string): boolean;
  toString(): string;
}

/**
 * ajv's `code.regExp`: the OpenAPI `pattern` as kube-openapi runs it (Go's regexp). Native where the engines agree,
 * re2js elsewhere; a pattern RE2 rejects matches everything (the API server refuses such a schema on its own).
 */
export function openapiPattern(pattern: string): PatternTester {
  if (re2Error(pattern) !== undefined) return { test: () => true, toString: () => `re2-invalid:${pattern}` };
  if (nativeSafe(pattern)) return new RegExp(pattern);
  const r = re2(pattern);
  return { test: (s: string) => r.test(s), toString: () => `re2:${pattern}` };
}
// ajv's standalone code calls the function by this `require` (validatorCache.ts resolves it).
openapiPattern.code = 'require("kubesense/re2").openapiPattern';
