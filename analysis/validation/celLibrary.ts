// The CEL environment of CRD validation rules as kube-apiserver 1.35 builds it
// (k8s.io/apiserver/pkg/cel/environment/base.go): standard CEL with optional types, cel-go's strings (v2), sets,
// lists (v3) and two-variable comprehension extensions, and Kubernetes' own libraries (k8s.io/apiserver/pkg/cel/
// library): quantity, URLs, IP/CIDR, format, semver, regex and lists. Authorization functions are for admission
// policies only and are not here. Evaluation errors use cel-go's wording, which the API server puts in its messages.
import { Environment, EvaluationError, Optional } from '@marcbachmann/cel-js';
import { parseQuantity, quantityAsInt64, readQuantity } from '../../kube/util/quantity';
import { compareStrings as goCompareStrings, goSort, quote as goQuote } from '../../kube/util/go';
import { dns1035Label, dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from './builtin/names';
import {
  CIDRPrefix,
  formatIP,
  isMapped,
  maskIP,
  parseAddr,
  parseCIDR,
  parseIP,
  parsePrefix,
  prefixContains,
} from './celNet';
import { re2Error, re2Find, re2FindAll, re2Test } from './re2';
import { overrideStandardFunctions } from './celStandardOverrides';
import { compareTimestamps } from './celTime';

type CelList = unknown[];
type CelValue = unknown;

function celError(message: string): Error {
  return new EvaluationError(message);
}

// ---------- Quantity ----------
export class Quantity {
  constructor(
    readonly text: string,
    readonly value: number,
  ) {}
}
function quantityOf(s: string): Quantity {
  const v = readQuantity(s);
  if (typeof v === 'string') throw celError(v);
  return new Quantity(s, v);
}
/** Quantity.AsInt64: of the text as parsed (by its representation), else of a computed sum's value. */
function quantityInteger(q: Quantity): bigint | undefined {
  if (q.text !== '') return quantityAsInt64(q.text);
  return isIntegral(q.value) && Math.abs(q.value) <= 2 ** 63 ? BigInt(Math.round(q.value)) : undefined;
}
const cmp = (a: number, b: number): bigint => (a < b ? -1n : a > b ? 1n : 0n);
const isIntegral = (v: number) => Number.isInteger(Math.round(v * 1e9) / 1e9) && Math.abs(v - Math.round(v)) < 1e-9;

// ---------- URL (Go's url.ParseRequestURI, then url.Parse for the parts) ----------
export class URLValue {
  constructor(
    readonly scheme: string,
    readonly host: string,
    readonly path: string,
    readonly query: string,
  ) {}
  hostname(): string {
    const h = this.host.includes('@') ? this.host.slice(this.host.lastIndexOf('@') + 1) : this.host;
    if (h.startsWith('[')) return h.slice(1, h.indexOf(']'));
    const i = h.lastIndexOf(':');
    return i >= 0 && /^:\d*$/.test(h.slice(i)) ? h.slice(0, i) : h;
  }
  port(): string {
    const h = this.host.slice(this.host.lastIndexOf('@') + 1);
    const i = h.lastIndexOf(':');
    if (i < 0 || (h.startsWith('[') && i < h.indexOf(']'))) return '';
    const p = h.slice(i + 1);
    return /^\d*$/.test(p) ? p : '';
  }
}
const HOST_CHARS = /^[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"%\u0080-\uffff]*$/;
const USERINFO_CHARS = /^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/;
const BAD_ESCAPE = /%(?![0-9a-fA-F]{2})/;

/** The parts of a URL, or an error text as Go's url.ParseRequestURI gives it. */
export function parseRequestURI(raw: string): URLValue | string {
  if (/[\x00-\x1f\x7f]/.test(raw)) return 'net/url: invalid control character in URL';
  if (raw === '') return 'empty url';
  if (raw === '*') return new URLValue('', '', '*', '');
  let scheme = '';
  let rest = raw;
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(raw);
  if (m) {
    scheme = m[1].toLowerCase();
    rest = raw.slice(m[0].length);
  } else if (raw.startsWith(':')) return 'missing protocol scheme';
  let query = '';
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  if (!rest.startsWith('/')) {
    if (scheme) return new URLValue(scheme, '', '', query); // opaque (mailto:x)
    return 'invalid URI for request';
  }
  let host = '';
  if (scheme && rest.startsWith('//')) {
    const auth = rest.slice(2);
    const slash = auth.indexOf('/');
    host = slash < 0 ? auth : auth.slice(0, slash);
    rest = slash < 0 ? '' : auth.slice(slash);
    const at = host.lastIndexOf('@');
    if (at >= 0 && !USERINFO_CHARS.test(host.slice(0, at))) return 'net/url: invalid userinfo';
    const h = at >= 0 ? host.slice(at + 1) : host;
    if (h.startsWith('[')) {
      const end = h.indexOf(']');
      if (end < 0) return "missing ']' in host";
      const after = h.slice(end + 1);
      if (!/^(:\d*)?$/.test(after)) return `invalid port ${JSON.stringify(after)} after host`;
    } else {
      const i = h.lastIndexOf(':');
      if (i >= 0 && !/^:\d*$/.test(h.slice(i))) return `invalid port ${JSON.stringify(h.slice(i))} after host`;
    }
    if (BAD_ESCAPE.test(h) || !HOST_CHARS.test(h)) return `invalid character in host name`;
  }
  if (BAD_ESCAPE.test(rest)) return 'invalid URL escape';
  return new URLValue(scheme, host, rest, query);
}

// ---------- IP and CIDR ----------
export class IPValue {
  constructor(readonly bytes: Uint8Array) {}
  toString(): string {
    return formatIP(this.bytes);
  }
}
export class CIDRValue {
  constructor(readonly prefix: CIDRPrefix) {}
  toString(): string {
    return `${formatIP(this.prefix.ip)}/${this.prefix.bits}`;
  }
}
/** The library's parseIPAddr: netip.ParseAddr's error wrapped, then zones and IPv4-mapped addresses refused. */
function ipOf(s: string): IPValue {
  const a = parseAddr(s);
  if ('error' in a) throw celError(`IP Address ${goQuote(s)} parse error during conversion from string: ${a.error}`);
  if (a.zone) throw celError(`IP address ${goQuote(s)} with zone value is not allowed`);
  if (isMapped(a.bytes)) throw celError(`IPv4-mapped IPv6 address ${goQuote(s)} is not allowed`);
  return new IPValue(a.bytes);
}
/** cidr(): the library's parseCIDR wraps netip.ParsePrefix's error, and cidr() wraps that (or its own) again. */
function cidrOf(s: string): CIDRValue {
  const p = parsePrefix(s);
  const wrap = 'network address parse error during conversion from string: ';
  if ('error' in p) throw celError(`${wrap}${wrap}netip.ParsePrefix(${goQuote(s)}): ${p.error}`);
  if (isMapped(p.ip)) throw celError(`${wrap}IPv4-mapped IPv6 address ${goQuote(s)} is not allowed`);
  return new CIDRValue(p);
}
/** An IP from a string for containsIP: the library reports a failed conversion there as no such overload. */
function ipArgument(s: string): IPValue {
  try {
    return ipOf(s);
  } catch {
    throw celError('no such overload');
  }
}
const isLoopback = (b: Uint8Array) => (b.length === 4 ? b[0] === 127 : b.every((x, i) => x === (i === 15 ? 1 : 0)));
const isUnspecified = (b: Uint8Array) => b.every((x) => x === 0);
const isLinkLocalUnicast = (b: Uint8Array) =>
  b.length === 4 ? b[0] === 169 && b[1] === 254 : b[0] === 0xfe && (b[1] & 0xc0) === 0x80;
const isLinkLocalMulticast = (b: Uint8Array) =>
  b.length === 4 ? b[0] === 224 && b[1] === 0 && b[2] === 0 : b[0] === 0xff && (b[1] & 0x0f) === 0x02;
const isMulticast = (b: Uint8Array) => (b.length === 4 ? (b[0] & 0xf0) === 0xe0 : b[0] === 0xff);
const isGlobalUnicast = (b: Uint8Array) =>
  !(b.length === 4 && b.every((x) => x === 255)) &&
  !isUnspecified(b) &&
  !isLoopback(b) &&
  !isMulticast(b) &&
  !isLinkLocalUnicast(b);

// ---------- Semver (blang/semver v4, as the Kubernetes semver library uses it) ----------
export class Semver {
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: string[],
  ) {}
}
/** Go's strings.SplitN(s, sep, n) for n > 0. */
function splitN(s: string, sep: string, n: number): string[] {
  const parts = s.split(sep);
  return parts.length <= n ? parts : [...parts.slice(0, n - 1), parts.slice(n - 1).join(sep)];
}
/**
 * blang/semver v4's Parse, after the Kubernetes library's normalizeAndParse when `normalize` (a leading v dropped,
 * leading zeros trimmed, missing parts filled with 0): the version, or Go's error message.
 */
function parseSemver(s: string, normalize: boolean): Semver | string {
  if (normalize) {
    if (s.startsWith('v')) s = s.slice(1);
    const parts = splitN(s, '.', 3).map((p) => {
      if (p.length <= 1) return p;
      const t = p.replace(/^0+/, '');
      return t === '' || !/^[0-9]/.test(t) ? `0${t}` : t;
    });
    if (parts.length < 3) {
      if (/[+-]/.test(parts[parts.length - 1])) return 'short version cannot contain PreRelease/Build meta data';
      while (parts.length < 3) parts.push('0');
    }
    s = parts.join('.');
  }
  if (s === '') return 'Version string empty';
  const parts = splitN(s, '.', 3);
  if (parts.length !== 3) return 'No Major.Minor.Patch elements found';
  const number = (p: string, what: string): bigint | string => {
    if (!/^[0-9]*$/.test(p)) return `Invalid character(s) found in ${what.toLowerCase()} number ${goQuote(p)}`;
    if (p.length > 1 && p[0] === '0') return `${what} number must not contain leading zeroes ${goQuote(p)}`;
    if (p === '' || BigInt(p) > 0xffffffffffffffffn)
      return `strconv.ParseUint: parsing ${goQuote(p)}: ${p === '' ? 'invalid syntax' : 'value out of range'}`;
    return BigInt(p);
  };
  const major = number(parts[0], 'Major');
  if (typeof major === 'string') return major;
  const minor = number(parts[1], 'Minor');
  if (typeof minor === 'string') return minor;
  let patchText = parts[2];
  let build: string[] = [];
  let pre: string[] = [];
  const plus = patchText.indexOf('+');
  if (plus !== -1) {
    build = patchText.slice(plus + 1).split('.');
    patchText = patchText.slice(0, plus);
  }
  const dash = patchText.indexOf('-');
  if (dash !== -1) {
    pre = patchText.slice(dash + 1).split('.');
    patchText = patchText.slice(0, dash);
  }
  const patch = number(patchText, 'Patch');
  if (typeof patch === 'string') return patch;
  for (const p of pre) {
    if (p === '') return 'Prerelease is empty';
    if (/^[0-9]+$/.test(p)) {
      if (p.length > 1 && p[0] === '0')
        return `Numeric PreRelease version must not contain leading zeroes ${goQuote(p)}`;
    } else if (!/^[0-9A-Za-z-]+$/.test(p)) return `Invalid character(s) found in prerelease ${goQuote(p)}`;
  }
  for (const b of build) {
    if (b === '') return 'Build meta data is empty';
    if (!/^[0-9A-Za-z-]+$/.test(b)) return `Invalid character(s) found in build meta data ${goQuote(b)}`;
  }
  return new Semver(major, minor, patch, pre);
}
function semverOf(s: string, normalize: boolean): Semver {
  const v = parseSemver(s, normalize);
  if (typeof v === 'string') throw celError(v);
  return v;
}
function compareSemver(a: Semver, b: Semver): bigint {
  for (const k of ['major', 'minor', 'patch'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1n : 1n;
  if (a.pre.length === 0 || b.pre.length === 0) return a.pre.length === b.pre.length ? 0n : a.pre.length ? -1n : 1n;
  for (let i = 0; i < Math.min(a.pre.length, b.pre.length); i++) {
    const x = a.pre[i];
    const y = b.pre[i];
    if (x === y) continue;
    const xn = /^\d+$/.test(x);
    const yn = /^\d+$/.test(y);
    if (xn && yn) return BigInt(x) < BigInt(y) ? -1n : 1n;
    if (xn !== yn) return xn ? -1n : 1n;
    return x < y ? -1n : 1n;
  }
  return cmp(a.pre.length, b.pre.length);
}

// ---------- format ----------
export class Format {
  constructor(
    readonly name: string,
    readonly check: (s: string) => string[],
  ) {}
}
const prefixed = (f: (s: string) => string[]) => (s: string) => f(s.endsWith('-') ? `${s.slice(0, -1)}a` : s);
const FORMATS: Record<string, Format> = {
  dns1123Label: new Format('DNS1123Label', dns1123Label),
  dns1123Subdomain: new Format('DNS1123Subdomain', dns1123Subdomain),
  dns1035Label: new Format('DNS1035Label', dns1035Label),
  qualifiedName: new Format('QualifiedName', qualifiedName),
  dns1123LabelPrefix: new Format('DNS1123LabelPrefix', prefixed(dns1123Label)),
  dns1123SubdomainPrefix: new Format('DNS1123SubdomainPrefix', prefixed(dns1123Subdomain)),
  dns1035LabelPrefix: new Format('DNS1035LabelPrefix', prefixed(dns1035Label)),
  labelValue: new Format('LabelValue', labelValue),
  uri: new Format('URI', (s) => {
    const u = parseRequestURI(s);
    return typeof u === 'string' ? [`parse ${JSON.stringify(s)}: ${u}`] : [];
  }),
  uuid: new Format('uuid', (s) =>
    /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(s)
      ? []
      : ['does not match the UUID format'],
  ),
  byte: new Format('byte', (s) =>
    /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(s) ? [] : ['invalid base64'],
  ),
  date: new Format('date', (s) => (/^\d{4}-\d{2}-\d{2}$/.test(s) && !isNaN(Date.parse(s)) ? [] : ['invalid date'])),
  datetime: new Format('datetime', (s) =>
    /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(s) ? [] : ['invalid datetime'],
  ),
};

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// ---------- lists ----------
function compareValues(a: CelValue, b: CelValue): number {
  if (a instanceof Quantity && b instanceof Quantity) return a.value - b.value;
  if (a instanceof Semver && b instanceof Semver) return Number(compareSemver(a, b));
  if (typeof a === 'string' && typeof b === 'string') return goCompareStrings(a, b); // by UTF-8 bytes, as Go
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  const ka = comparableKind(a);
  if (ka === 'timestamp' && b instanceof Date) return compareTimestamps(a as Date, b);
  if (ka && ka === comparableKind(b) && ['uint', 'duration'].includes(ka)) {
    const [x, y] =
      ka === 'duration' ? [durationNanos(a), durationNanos(b)] : [(a as object).valueOf(), (b as object).valueOf()];
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number'))
    return a < b ? -1 : a > b ? 1 : 0;
  throw celError('no such overload');
}
function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  return a.length - b.length;
}
const durationNanos = (d: unknown) => {
  const { seconds, nanos } = d as { seconds: bigint; nanos: number };
  return seconds * 1_000_000_000n + BigInt(nanos);
};
/** The CEL type of a value cel-go can order (its traits.Comparer types), or undefined. */
function comparableKind(v: unknown): string | undefined {
  switch (typeof v) {
    case 'bigint':
      return 'int';
    case 'number':
      return 'double';
    case 'boolean':
      return 'bool';
    case 'string':
      return 'string';
  }
  if (v instanceof Uint8Array) return 'bytes';
  if (v instanceof Date) return 'timestamp';
  const name = (v as object | null)?.constructor?.name;
  return name === 'UnsignedInt' ? 'uint' : name === 'Duration' ? 'duration' : undefined;
}
/**
 * What the API server answers when `distinct()`, or `sort()` and `sortBy()` of keys of one static type, receive an
 * error (a failed receiver or key): cel-go's cost tracker for their overload asserts a list and panics, and cel-go
 * reports the recovered panic (with keys of type dyn no single overload is resolved, so no tracker runs).
 */
export const SORT_OF_ERROR =
  'internal error: interface conversion: *types.Err is not traits.Lister: missing method Add';
/** What a sortBy evaluation leaves for the run-time cost tracker (celRuntimeCost.ts). */
export interface SortByState {
  sortByKeys: number;
  sortByStringKeys: boolean;
  /** Its receiver or a key failed: the sort was not reached (cel-go's tracker panicked first). */
  sortByFailed?: 'receiver' | 'keys';
}
/**
 * cel-go ext.Lists' sortListByAssociatedKeys (`sort()` and `sortBy()`): the list ordered by its keys, which must be
 * of one comparable type, with Go's sort.Slice — not stable: equal keys end where its swaps leave them.
 */
function sortByAssociatedKeys(list: CelList, keys: CelValue[]): CelList {
  if (keys.length === 0) return list;
  const kind = comparableKind(keys[0]);
  if (!kind) throw celError('list elements must be comparable');
  if (keys.some((k) => comparableKind(k) !== kind)) throw celError('list elements must have the same type');
  const order = keys.map((_k, i) => i);
  goSort(
    order.length,
    (i, j) => compareValues(keys[order[i]], keys[order[j]]) < 0,
    (i, j) => ([order[i], order[j]] = [order[j], order[i]]),
  );
  return order.map((i) => list[i]);
}
function celEquals(a: CelValue, b: CelValue): boolean {
  if (a === b) return true;
  if ((typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number'))
    return Number(a) === Number(b);
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => celEquals(x, b[i]));
  if (a instanceof Map && b instanceof Map)
    return a.size === b.size && [...a].every(([k, v]) => b.has(k) && celEquals(v, b.get(k)));
  return opaqueEquals(a, b);
}
/**
 * Equality as the Kubernetes types' Equal methods (the server's verdicts): quantities by value (1Gi == 1024Mi),
 * addresses and prefixes as Go's netip values (a prefix keeps its address unmasked), URLs by their parts (the scheme
 * case-folded as url.Parse does), versions by precedence (build metadata ignored).
 */
function opaqueEquals(a: unknown, b: unknown): boolean {
  if (a instanceof Quantity && b instanceof Quantity) return a.value === b.value;
  if (a instanceof IPValue && b instanceof IPValue) return sameBytes(a.bytes, b.bytes);
  if (a instanceof CIDRValue && b instanceof CIDRValue)
    return a.prefix.bits === b.prefix.bits && sameBytes(a.prefix.ip, b.prefix.ip);
  if (a instanceof URLValue && b instanceof URLValue)
    return (
      a.scheme.toLowerCase() === b.scheme.toLowerCase() && a.host === b.host && a.path === b.path && a.query === b.query
    );
  if (a instanceof Semver && b instanceof Semver) return compareSemver(a, b) === 0n;
  if (a instanceof Date && b instanceof Date) return compareTimestamps(a, b) === 0;
  return false;
}
function extreme(name: string, sign: number) {
  return (l: CelList): CelValue => {
    if (l.length === 0) throw celError(`${name} called on empty list`);
    return l.reduce((best, x) => (compareValues(x, best) * sign > 0 ? x : best));
  };
}
function flatten(l: CelList, depth: bigint): CelList {
  if (depth < 0n) throw celError('level must be non-negative');
  const out: CelList = [];
  for (const x of l)
    if (Array.isArray(x) && depth > 0n) out.push(...flatten(x, depth - 1n));
    else out.push(x);
  return out;
}

// ---------- strings ----------
function quote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\x07') out += '\\a';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (ch === '\v') out += '\\v';
    // other control characters stay as they are; an unpaired surrogate is not a rune (utf8.RuneError)
    else if (c >= 0xd800 && c <= 0xdfff) out += '\ufffd';
    else out += ch;
  }
  return `${out}"`;
}
function replaceN(s: string, from: string, to: string, n: bigint): string {
  if (n === 0n) return s;
  if (from === '') {
    // Go's strings.Replace: an empty old matches at the start and after each rune, up to n times
    const r = codePoints(s);
    const m = n < 0n || n > BigInt(r.length) ? r.length + 1 : Number(n);
    return r.map((c, k) => (k < m ? to : '') + c).join('') + (m > r.length ? to : '');
  }
  if (n < 0n) return s.split(from).join(to);
  const parts = s.split(from);
  const k = Math.min(Number(n), parts.length - 1);
  return parts.slice(0, k + 1).join(to) + (parts.length > k + 1 ? from + parts.slice(k + 1).join(from) : '');
}
function codePoints(s: string): string[] {
  return [...s];
}
/**
 * Go's regexp over the pattern; a pattern RE2 rejects is the run-time error cel-go reports (the Kubernetes regex
 * library's find/findAll say `Illegal regex: …`, cel-go's matches the bare error).
 */
function regex<T>(re: string, use: (re: string) => T, prefix = ''): T {
  const err = re2Error(re);
  if (err !== undefined) throw celError(prefix + err);
  return use(re);
}

/**
 * The evaluator's own matches() uses JavaScript regular expressions as they are; rules use RE2. Calls to
 * matches (outside string literals) are renamed to re2Matches, which translates the pattern first; lowerAscii and
 * upperAscii to asciiLower and asciiUpper, which change ASCII letters only, as cel-go's do.
 */
export function withRe2Matches(rule: string): string {
  const RENAMED: Record<string, string> = { matches: 're2Matches', lowerAscii: 'asciiLower', upperAscii: 'asciiUpper' };
  let out = '';
  let i = 0;
  while (i < rule.length) {
    const c = rule[i];
    const raw = (c === 'r' || c === 'R') && (rule[i + 1] === '"' || rule[i + 1] === "'");
    if (c === '"' || c === "'" || raw) {
      const q = raw ? rule[i + 1] : c;
      const start = i;
      i += raw ? 2 : 1;
      const triple = rule.startsWith(q.repeat(2), i);
      const end = triple ? q.repeat(3) : q;
      if (triple) i += 2;
      while (i < rule.length && !rule.startsWith(end, i)) i += rule[i] === '\\' && !raw ? 2 : 1;
      i += end.length;
      out += rule.slice(start, i);
      continue;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rule.slice(i, i + 64));
    if (m) {
      const rest = rule.slice(i + m[0].length);
      out += m[0] in RENAMED && /^\s*\(/.test(rest) ? RENAMED[m[0]] : m[0];
      i += m[0].length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}

// ---------- two-variable comprehensions (cel-go ext.TwoVarComprehensions) ----------
interface MacroArgs {
  args: AstNode[];
  receiver: AstNode;
  ast: AstNode;
}
interface AstNode {
  op: string;
  args: unknown;
}
interface Ctx {
  forkWithVariable(
    name: string,
    type: unknown,
  ): Ctx & {
    reuse(parent: Ctx): Ctx & { setIterValue(v: unknown, ev: unknown): Ctx };
    setIterValue(v: unknown, ev: unknown): Ctx;
  };
}
interface Checker {
  check(node: AstNode, ctx: Ctx): unknown;
  getType(name: string): unknown;
}
interface Evaluator {
  run(node: AstNode, ctx: Ctx): unknown;
}
type Macro = {
  receiver: AstNode;
  a: string;
  b: string;
  exprs: AstNode[];
  ctxA?: ReturnType<Ctx['forkWithVariable']>;
  ctxB?: ReturnType<Ctx['forkWithVariable']>;
};
type TwoVarKind = 'all' | 'exists' | 'existsOne' | 'transformList' | 'transformMap' | 'transformMapEntry';

function pairs(v: unknown): [unknown, unknown][] {
  if (Array.isArray(v)) return v.map((x, i) => [BigInt(i), x]);
  if (v instanceof Map) return [...v.entries()];
  if (v && typeof v === 'object') return Object.entries(v);
  throw celError('no such overload');
}

function twoVarMacro(kind: TwoVarKind) {
  return ({ args, receiver }: MacroArgs) => {
    const ident = (n: AstNode) => {
      if (n.op !== 'id') throw celError(`${kind}() variable name must be a simple identifier`);
      return n.args as string;
    };
    const macro: Macro = { receiver, a: ident(args[0]), b: ident(args[1]), exprs: args.slice(2) };
    return {
      ...macro,
      twoVarKind: kind, // read by the run-time cost tracker (celRuntimeCost.ts)
      typeCheck(checker: Checker, m: Macro, ctx: Ctx) {
        checker.check(m.receiver, ctx);
        const dyn = checker.getType('dyn');
        m.ctxA = ctx.forkWithVariable(m.a, dyn);
        m.ctxB = m.ctxA.forkWithVariable(m.b, dyn);
        for (const e of m.exprs) checker.check(e, m.ctxB);
        return checker.getType(kind.startsWith('transform') ? (kind === 'transformList' ? 'list' : 'map') : 'bool');
      },
      evaluate(ev: Evaluator, m: Macro, ctx: Ctx) {
        const target = ev.run(m.receiver, ctx);
        return foldTwoVar(kind, pairs(target), m.exprs, (k, v, e) => {
          const ca = m.ctxA!.reuse(ctx).setIterValue(k, ev);
          const cb = m.ctxB!.reuse(ca).setIterValue(v, ev);
          return ev.run(e, cb);
        });
      },
    };
  };
}

/** An evaluation's error, held as cel-go holds error values (in an accumulator, as an argument). */
class ErrorValue {
  constructor(readonly error: unknown) {}
}
const attempt = (f: () => unknown): unknown => {
  try {
    return f();
  } catch (e) {
    return new ErrorValue(e);
  }
};
const asBool = (v: unknown): boolean | ErrorValue =>
  typeof v === 'boolean' || v instanceof ErrorValue ? v : new ErrorValue(celError('no such overload'));

/**
 * A two-variable comprehension folded as cel-go folds the expansion of ext.TwoVarComprehensions: errors are values
 * that the accumulator carries on to the next item (every item is still evaluated, and charged), `&&`/`||` keep
 * the first error unless the other side decides, and a conditional step (`p ? … : @result`, existsOne and the
 * filtered transforms) replaces the accumulator with its predicate's error, so the last such error is reported.
 */
function foldTwoVar(
  kind: TwoVarKind,
  items: [unknown, unknown][],
  exprs: AstNode[],
  run: (k: unknown, v: unknown, e: AstNode) => unknown,
): unknown {
  let accu: unknown;
  const out = new Map<unknown, unknown>();
  const list: unknown[] = [];
  if (kind === 'all' || kind === 'exists') {
    const decided = kind === 'exists'; // the value that stops the loop
    accu = !decided;
    for (const [k, v] of items) {
      if (accu === decided) break; // @not_strictly_false(@result) (or of !@result)
      const p = asBool(attempt(() => run(k, v, exprs[0])));
      // @result && p / @result || p: the deciding value wins, then the first error
      if (p === decided) accu = decided;
      else if (!(accu instanceof ErrorValue)) accu = p;
    }
  } else if (kind === 'existsOne') {
    accu = 0;
    for (const [k, v] of items) {
      const p = asBool(attempt(() => run(k, v, exprs[0])));
      if (p instanceof ErrorValue) accu = p;
      else if (p && !(accu instanceof ErrorValue)) accu = (accu as number) + 1;
    }
    if (!(accu instanceof ErrorValue)) accu = accu === 1;
  } else {
    const [filter, transform] = exprs.length === 2 ? exprs : [undefined, exprs[0]];
    accu = kind === 'transformList' ? list : out;
    for (const [k, v] of items) {
      if (filter) {
        const keep = asBool(attempt(() => run(k, v, filter)));
        if (keep instanceof ErrorValue) accu = keep;
        if (keep !== true) continue;
      }
      const t = attempt(() => run(k, v, transform));
      if (accu instanceof ErrorValue) continue;
      if (t instanceof ErrorValue) accu = t;
      else if (kind === 'transformList') list.push(t);
      else if (kind === 'transformMap') out.set(k, t);
      else {
        try {
          for (const [ek, ev] of pairs(t)) {
            if (out.has(ek)) throw celError(`insert failed: key ${String(ek)} already exists`);
            out.set(ek, ev);
          }
        } catch (e) {
          accu = new ErrorValue(e);
        }
      }
    }
  }
  if (accu instanceof ErrorValue) throw accu.error;
  return accu;
}

/**
 * cel-go ext.Lists' `list.sortBy(x, key)`: the list ordered by each element's key (keys of one comparable type).
 * The keys' count and kind are left on the macro for the run-time cost tracker (celRuntimeCost.ts).
 */
function sortByMacro({ args, receiver }: MacroArgs) {
  if (args[0].op !== 'id') throw celError('sortBy() variable name must be a simple identifier');
  const macro = { receiver, a: args[0].args as string, key: args[1] };
  const state: SortByState = { sortByKeys: 0, sortByStringKeys: false };
  return {
    ...macro,
    sortBy: state,
    typeCheck(checker: Checker, m: typeof macro & { ctx?: ReturnType<Ctx['forkWithVariable']> }, ctx: Ctx) {
      checker.check(m.receiver, ctx);
      m.ctx = ctx.forkWithVariable(m.a, checker.getType('dyn'));
      checker.check(m.key, m.ctx);
      return checker.getType('list');
    },
    evaluate(ev: Evaluator, m: typeof macro & { ctx?: ReturnType<Ctx['forkWithVariable']> }, ctx: Ctx) {
      state.sortByKeys = 0;
      state.sortByFailed = undefined;
      let list: unknown;
      try {
        list = ev.run(m.receiver, ctx);
      } catch (e) {
        state.sortByFailed = 'receiver';
        throw e;
      }
      if (!Array.isArray(list)) throw celError('no such overload');
      // the keys are a map over every item, which goes on after an item's key failed
      let failed: { error: unknown } | undefined;
      const keys = list.map((x) => {
        try {
          return ev.run(m.key, m.ctx!.reuse(ctx).setIterValue(x, ev)) as CelValue;
        } catch (error) {
          failed ??= { error };
          return undefined;
        }
      });
      state.sortByKeys = keys.length;
      state.sortByStringKeys = typeof keys[0] === 'string' || keys[0] instanceof Uint8Array;
      if (failed) {
        // the first key's error (the map's accumulator keeps it); the cost tracker makes it cel-go's panic where
        // the keys' type is one cel-go's checker resolves the sort's overload for
        state.sortByFailed = 'keys';
        throw failed.error;
      }
      return sortByAssociatedKeys(list, keys);
    },
  };
}

let shared: Environment | undefined;

/** The environment, built once (registration is not cheap). */
export function kubernetesCelEnvironment(): Environment {
  if (shared) return shared;
  const env = new Environment({
    unlistedVariablesAreDyn: true,
    enableOptionalTypes: true,
    homogeneousAggregateLiterals: false,
  });
  const fn = (sig: string, handler: (...a: never[]) => unknown) =>
    env.registerFunction(sig, handler as (...a: unknown[]) => unknown);
  class Namespace {}
  for (const [type, name] of [
    ['SetsNamespace', 'sets'],
    ['ListsNamespace', 'lists'],
    ['StringsNamespace', 'strings'],
    ['FormatNamespace', 'format'],
    ['IPNamespace', 'ip'],
  ]) {
    const ns = class extends Namespace {};
    Object.defineProperty(ns, 'name', { value: type });
    env.registerType(type, ns);
    env.registerConstant(name, type, new ns());
  }
  env.registerType('Quantity', Quantity);
  env.registerType('URL', URLValue);
  env.registerType('IP', IPValue);
  env.registerType('CIDR', CIDRValue);
  env.registerType('Semver', Semver);
  env.registerType('Format', Format);
  // cel-js adds `!=`, and compares elements of lists and maps with these too.
  for (const type of ['Quantity', 'IP', 'CIDR', 'URL', 'Semver'])
    env.registerOperator(`${type} == ${type}`, (a: unknown, b: unknown) => opaqueEquals(a, b));

  // strings (cel-go ext.Strings v2, beyond what the evaluator has)
  fn('string.charAt(int): string', (s: string, i: bigint) => {
    const cps = codePoints(s);
    if (i < 0n || i > BigInt(cps.length)) throw celError(`index out of range: ${i}`);
    return cps[Number(i)] ?? '';
  });
  fn('string.replace(string, string): string', (s: string, a: string, b: string) => replaceN(s, a, b, -1n));
  fn('string.replace(string, string, int): string', (s: string, a: string, b: string, n: bigint) =>
    replaceN(s, a, b, n),
  );
  fn('StringsNamespace.quote(string): string', (_: unknown, s: string) => quote(s));
  // Go's strings.ToLower/ToUpper of ASCII letters only (the evaluator's own change every letter: É, ß → SS)
  fn('string.asciiLower(): string', (s: string) => s.replace(/[A-Z]+/g, (c) => c.toLowerCase()));
  fn('string.asciiUpper(): string', (s: string) => s.replace(/[a-z]+/g, (c) => c.toUpperCase()));
  // regex
  fn('string.re2Matches(string): bool', (s: string, re: string) => regex(re, () => re2Test(re, s)));
  fn('re2Matches(string, string): bool', (s: string, re: string) => regex(re, () => re2Test(re, s)));
  fn('string.find(string): string', (s: string, re: string) => regex(re, () => re2Find(re, s), 'Illegal regex: '));
  fn('string.findAll(string): list<string>', (s: string, re: string) =>
    regex(re, () => re2FindAll(re, s), 'Illegal regex: '),
  );
  fn('string.findAll(string, int): list<string>', (s: string, re: string, n: bigint) =>
    regex(re, () => re2FindAll(re, s, n < 0n ? -1 : Number(n)), 'Illegal regex: '),
  );
  // Kubernetes lists
  fn('list.isSorted(): bool', (l: CelList) => l.every((x, i) => i === 0 || compareValues(l[i - 1], x) <= 0));
  // typed first: an empty list sums to its element type's zero (0 for a dynamic one, as before)
  fn('list<int>.sum(): int', (l: bigint[]) => l.reduce((a, b) => a + b, 0n));
  fn('list<double>.sum(): double', (l: number[]) => l.reduce((a, b) => a + b, 0));
  fn('list.sum(): dyn', (l: CelList) => {
    if (l.length === 0) return 0n;
    if (l[0] instanceof Quantity)
      return l.reduce((a, b) => new Quantity('', (a as Quantity).value + (b as Quantity).value));
    return l.reduce((a, b) => (typeof a === 'bigint' && typeof b === 'bigint' ? a + b : Number(a) + Number(b)));
  });
  fn('list.min(): dyn', extreme('min', -1));
  fn('list.max(): dyn', extreme('max', 1));
  fn('list.indexOf(dyn): int', (l: CelList, x: unknown) => BigInt(l.findIndex((y) => celEquals(x, y))));
  fn('list.lastIndexOf(dyn): int', (l: CelList, x: unknown) => {
    for (let i = l.length - 1; i >= 0; i--) if (celEquals(x, l[i])) return BigInt(i);
    return -1n;
  });
  // cel-go ext.Lists v3
  fn('list.slice(int, int): list', (l: CelList, a: bigint, b: bigint) => {
    if (a < 0n || b < 0n) throw celError(`cannot slice(${a}, ${b}), negative indexes not supported`);
    if (a > b) throw celError(`cannot slice(${a}, ${b}), start index must be less than or equal to end index`);
    if (b > BigInt(l.length)) throw celError(`cannot slice(${a}, ${b}), list is length ${l.length}`);
    return l.slice(Number(a), Number(b));
  });
  fn('list.flatten(): list', (l: CelList) => flatten(l, 1n));
  fn('list.flatten(int): list', (l: CelList, d: bigint) => flatten(l, d));
  fn('ListsNamespace.range(int): list<int>', (_: unknown, n: bigint) =>
    Array.from({ length: Math.max(0, Number(n)) }, (_x, i) => BigInt(i)),
  );
  fn('list.distinct(): list', (l: CelList) => l.filter((x, i) => l.findIndex((y) => celEquals(x, y)) === i));
  fn('list.reverse(): list', (l: CelList) => [...l].reverse());
  fn('list.sort(): list', (l: CelList) => sortByAssociatedKeys(l, l));
  fn('list.first(): optional', (l: CelList) => Optional.of(l[0]));
  fn('list.last(): optional', (l: CelList) => Optional.of(l[l.length - 1]));
  // sets
  const contains = (a: CelList, b: CelList) => b.every((x) => a.some((y) => celEquals(x, y)));
  fn('SetsNamespace.contains(list, list): bool', (_: unknown, a: CelList, b: CelList) => contains(a, b));
  fn(
    'SetsNamespace.equivalent(list, list): bool',
    (_: unknown, a: CelList, b: CelList) => contains(a, b) && contains(b, a),
  );
  fn('SetsNamespace.intersects(list, list): bool', (_: unknown, a: CelList, b: CelList) =>
    a.some((x) => b.some((y) => celEquals(x, y))),
  );
  // quantity
  fn('quantity(string): Quantity', (s: string) => quantityOf(s));
  fn('isQuantity(string): bool', (s: string) => parseQuantity(s) !== undefined);
  fn('Quantity.sign(): int', (q: Quantity) => BigInt(Math.sign(q.value)));
  fn('Quantity.isGreaterThan(Quantity): bool', (a: Quantity, b: Quantity) => a.value > b.value);
  fn('Quantity.isLessThan(Quantity): bool', (a: Quantity, b: Quantity) => a.value < b.value);
  fn('Quantity.compareTo(Quantity): int', (a: Quantity, b: Quantity) => cmp(a.value, b.value));
  fn('Quantity.asApproximateFloat(): double', (q: Quantity) => q.value);
  fn('Quantity.isInteger(): bool', (q: Quantity) => quantityInteger(q) !== undefined);
  fn('Quantity.asInteger(): int', (q: Quantity) => {
    const v = quantityInteger(q);
    if (v === undefined) throw celError('cannot convert value to integer');
    return v;
  });
  fn('Quantity.add(Quantity): Quantity', (a: Quantity, b: Quantity) => new Quantity('', a.value + b.value));
  fn('Quantity.add(int): Quantity', (a: Quantity, b: bigint) => new Quantity('', a.value + Number(b)));
  fn('Quantity.sub(Quantity): Quantity', (a: Quantity, b: Quantity) => new Quantity('', a.value - b.value));
  fn('Quantity.sub(int): Quantity', (a: Quantity, b: bigint) => new Quantity('', a.value - Number(b)));
  // URLs
  fn('url(string): URL', (s: string) => {
    const u = parseRequestURI(s);
    if (typeof u === 'string')
      throw celError(`URL parse error during conversion from string: parse ${goQuote(s)}: ${u}`);
    return u;
  });
  fn('isURL(string): bool', (s: string) => typeof parseRequestURI(s) !== 'string');
  fn('URL.getScheme(): string', (u: URLValue) => u.scheme);
  fn('URL.getHost(): string', (u: URLValue) => u.host.slice(u.host.lastIndexOf('@') + 1));
  fn('URL.getHostname(): string', (u: URLValue) => u.hostname());
  fn('URL.getPort(): string', (u: URLValue) => u.port());
  fn('URL.getEscapedPath(): string', (u: URLValue) => u.path);
  fn('URL.getQuery(): map<string, list<string>>', (u: URLValue) => {
    const out = new Map<string, string[]>();
    for (const [k, v] of new URLSearchParams(u.query)) out.set(k, [...(out.get(k) ?? []), v]);
    return out;
  });
  // IP and CIDR
  fn('ip(string): IP', (s: string) => ipOf(s));
  fn('isIP(string): bool', (s: string) => {
    const ip = parseIP(s);
    return !!ip && !ip.mapped;
  });
  fn('IPNamespace.isCanonical(string): bool', (_: unknown, s: string) => formatIP(ipOf(s).bytes) === s);
  fn('IP.family(): int', (ip: IPValue) => (ip.bytes.length === 4 ? 4n : 6n));
  fn('IP.isUnspecified(): bool', (ip: IPValue) => isUnspecified(ip.bytes));
  fn('IP.isLoopback(): bool', (ip: IPValue) => isLoopback(ip.bytes));
  fn('IP.isLinkLocalMulticast(): bool', (ip: IPValue) => isLinkLocalMulticast(ip.bytes));
  fn('IP.isLinkLocalUnicast(): bool', (ip: IPValue) => isLinkLocalUnicast(ip.bytes));
  fn('IP.isGlobalUnicast(): bool', (ip: IPValue) => isGlobalUnicast(ip.bytes));
  fn('string(IP): string', (ip: IPValue) => ip.toString());
  fn('cidr(string): CIDR', (s: string) => cidrOf(s));
  fn('isCIDR(string): bool', (s: string) => {
    const p = /^(.*)\/[^/]*$/.exec(s);
    return !!parseCIDR(s) && !parseIP(p?.[1] ?? '')?.mapped;
  });
  fn('CIDR.containsIP(IP): bool', (c: CIDRValue, ip: IPValue) => prefixContains(c.prefix, ip.bytes));
  fn('CIDR.containsIP(string): bool', (c: CIDRValue, s: string) => prefixContains(c.prefix, ipArgument(s).bytes));
  fn(
    'CIDR.containsCIDR(CIDR): bool',
    (c: CIDRValue, o: CIDRValue) => o.prefix.bits >= c.prefix.bits && prefixContains(c.prefix, o.prefix.ip),
  );
  fn('CIDR.containsCIDR(string): bool', (c: CIDRValue, s: string) => {
    const o = cidrOf(s); // the library passes the conversion's error on (unlike containsIP's)
    return o.prefix.bits >= c.prefix.bits && prefixContains(c.prefix, o.prefix.ip);
  });
  fn('CIDR.ip(): IP', (c: CIDRValue) => new IPValue(c.prefix.ip));
  fn(
    'CIDR.masked(): CIDR',
    (c: CIDRValue) => new CIDRValue({ ip: maskIP(c.prefix.ip, c.prefix.bits), bits: c.prefix.bits }),
  );
  fn('CIDR.prefixLength(): int', (c: CIDRValue) => BigInt(c.prefix.bits));
  fn('string(CIDR): string', (c: CIDRValue) => c.toString());
  // semver
  fn('semver(string): Semver', (s: string) => semverOf(s, false));
  fn('semver(string, bool): Semver', (s: string, n: boolean) => semverOf(s, n));
  fn('isSemver(string): bool', (s: string) => parseSemver(s, false) instanceof Semver);
  fn('isSemver(string, bool): bool', (s: string, n: boolean) => parseSemver(s, n) instanceof Semver);
  fn('Semver.isGreaterThan(Semver): bool', (a: Semver, b: Semver) => compareSemver(a, b) > 0n);
  fn('Semver.isLessThan(Semver): bool', (a: Semver, b: Semver) => compareSemver(a, b) < 0n);
  fn('Semver.compareTo(Semver): int', (a: Semver, b: Semver) => compareSemver(a, b));
  fn('Semver.major(): int', (v: Semver) => v.major);
  fn('Semver.minor(): int', (v: Semver) => v.minor);
  fn('Semver.patch(): int', (v: Semver) => v.patch);
  // format
  for (const [name, f] of Object.entries(FORMATS)) fn(`FormatNamespace.${name}(): Format`, () => f);
  fn('FormatNamespace.named(string): optional<Format>', (_: unknown, n: string) =>
    Optional.of(Object.hasOwn(FORMATS, n) ? FORMATS[n] : undefined),
  );
  fn('Format.validate(string): optional<list<string>>', (f: Format, s: string) => {
    const errs = f.check(s);
    return errs.length ? Optional.of(errs) : Optional.none();
  });
  env.registerFunction('list.sortBy(ast, ast): list', sortByMacro);
  // two-variable comprehensions
  for (const recv of ['list', 'map']) {
    env.registerFunction(`${recv}.all(ast, ast, ast): bool`, twoVarMacro('all'));
    env.registerFunction(`${recv}.exists(ast, ast, ast): bool`, twoVarMacro('exists'));
    env.registerFunction(`${recv}.existsOne(ast, ast, ast): bool`, twoVarMacro('existsOne'));
    env.registerFunction(`${recv}.transformList(ast, ast, ast): list`, twoVarMacro('transformList'));
    env.registerFunction(`${recv}.transformList(ast, ast, ast, ast): list`, twoVarMacro('transformList'));
    env.registerFunction(`${recv}.transformMap(ast, ast, ast): map`, twoVarMacro('transformMap'));
    env.registerFunction(`${recv}.transformMap(ast, ast, ast, ast): map`, twoVarMacro('transformMap'));
    env.registerFunction(`${recv}.transformMapEntry(ast, ast, ast): map`, twoVarMacro('transformMapEntry'));
    env.registerFunction(`${recv}.transformMapEntry(ast, ast, ast, ast): map`, twoVarMacro('transformMapEntry'));
  }
  overrideStandardFunctions(env);
  shared = env;
  return env;
}
