// IP addresses and CIDR prefixes as Go's net/netip parses them (the Kubernetes CEL ip()/cidr() libraries are
// built on it), with its error texts: no leading zeros in IPv4 octets, IPv6 with `::` compression and an IPv4 tail,
// zones parsed (and refused by the library).
import { quote as goQuote } from '../../kube/util/go';

export interface IPAddress {
  /** 4 or 16 bytes. */
  bytes: Uint8Array;
  /** An IPv4-mapped IPv6 address (::ffff:1.2.3.4, netip's Is4In6), which Kubernetes refuses. */
  mapped: boolean;
}

/** netip.ParseAddr's result: the address (with its zone), or Go's error text (`ParseAddr("…"): …`). */
export type ParsedAddr = { bytes: Uint8Array; zone: string } | { error: string };

class ParseAddrError {
  constructor(
    readonly input: string,
    readonly msg: string,
    readonly at = '',
  ) {}
  get text(): string {
    return `ParseAddr(${goQuote(this.input)}): ${this.msg}${this.at ? ` (at ${goQuote(this.at)})` : ''}`;
  }
}

const isDigit = (c: string) => c >= '0' && c <= '9';

/** parseIPv4Fields: the four octets of in[off:end] written to fields at `into`, or the error. */
function parseIPv4Fields(input: string, off: number, end: number, fields: Uint8Array, into: number) {
  const s = input.slice(off, end);
  let val = 0;
  let pos = 0;
  let digLen = 0;
  for (let i = 0; i < s.length; i++) {
    if (isDigit(s[i])) {
      if (digLen === 1 && val === 0) return new ParseAddrError(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + Number(s[i]);
      digLen++;
      if (val > 255) return new ParseAddrError(input, 'IPv4 field has value >255');
    } else if (s[i] === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.')
        return new ParseAddrError(input, 'IPv4 field must have at least one digit', s.slice(i));
      if (pos === 3) return new ParseAddrError(input, 'IPv4 address too long');
      fields[into + pos++] = val;
      val = 0;
      digLen = 0;
    } else return new ParseAddrError(input, 'unexpected character', s.slice(i));
  }
  if (pos < 3) return new ParseAddrError(input, 'IPv4 address too short');
  fields[into + 3] = val;
  return undefined;
}

function parseIPv6(input: string): ParsedAddr {
  let s = input;
  let zone = '';
  const z = s.indexOf('%');
  if (z >= 0) {
    zone = s.slice(z + 1);
    s = s.slice(0, z);
    if (zone === '') return { error: new ParseAddrError(input, 'zone must be a non-empty string').text };
  }
  const ip = new Uint8Array(16);
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return { bytes: ip, zone };
  }
  const fail = (msg: string, at = '') => ({ error: new ParseAddrError(input, msg, at).text });
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const d = parseInt(s[off], 16);
      if (!/[0-9a-fA-F]/.test(s[off])) break;
      acc = acc * 16 + d;
      if (off > 3) return fail('each group must have 4 or less digits', s);
      if (acc > 0xffff) return fail('IPv6 field has value >=2^16', s);
    }
    if (off === 0) return fail('each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12)
        return fail('embedded IPv4 address must replace the final 2 fields of the address', s);
      if (i + 4 > 16) return fail('too many hex fields to fit an embedded IPv4 at the end of the address', s);
      const end = input.length - (zone.length > 0 ? zone.length + 1 : 0);
      const err = parseIPv4Fields(input, end - s.length, end, ip, i);
      if (err) return { error: err.text };
      s = '';
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':') return fail('unexpected character, want colon', s);
    if (s.length === 1) return fail('colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return fail('multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return fail('trailing garbage after address', s);
  if (i < 16) {
    if (ellipsis < 0) return fail('address string too short');
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    ip.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) return fail('the :: must expand to at least one field of zeros');
  return { bytes: ip, zone };
}

/** Go's netip.ParseAddr, with its error texts. */
export function parseAddr(s: string): ParsedAddr {
  for (const c of s) {
    if (c === '.') {
      const v4 = new Uint8Array(4);
      const err = parseIPv4Fields(s, 0, s.length, v4, 0);
      return err ? { error: err.text } : { bytes: v4, zone: '' };
    }
    if (c === ':') return parseIPv6(s);
    if (c === '%') return { error: new ParseAddrError(s, 'missing IPv6 address').text };
  }
  return { error: new ParseAddrError(s, 'unable to parse IP').text };
}

/** netip's Is4In6 (::ffff:1.2.3.4), which Kubernetes refuses. */
export const isMapped = (b: Uint8Array) =>
  b.length === 16 && b.slice(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff;

/** An address as the Kubernetes library accepts it (no zone); `mapped` tells an IPv4-mapped IPv6 one. */
export function parseIP(s: string): IPAddress | undefined {
  const a = parseAddr(s);
  if ('error' in a || a.zone) return undefined;
  return { bytes: a.bytes, mapped: isMapped(a.bytes) };
}

/** netip.Addr.String(): dotted IPv4, RFC 5952 IPv6 (longest zero run compressed, lower case). */
export function formatIP(ip: Uint8Array): string {
  if (ip.length === 4) return ip.join('.');
  const g: number[] = [];
  for (let i = 0; i < 16; i += 2) g.push((ip[i] << 8) | ip[i + 1]);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const hex = (a: number[]) => a.map((x) => x.toString(16)).join(':');
  if (best < 0) return hex(g);
  return `${hex(g.slice(0, best))}::${hex(g.slice(best + bestLen))}`;
}

export interface CIDRPrefix {
  ip: Uint8Array;
  bits: number;
}

/** Go's netip.ParsePrefix: the prefix, or the reason it gives (`netip.ParsePrefix("…"): ` is the caller's). */
export function parsePrefix(s: string): CIDRPrefix | { error: string } {
  const slash = s.lastIndexOf('/');
  if (slash < 0) return { error: "no '/'" };
  const a = parseAddr(s.slice(0, slash));
  if ('error' in a) return a;
  if (a.zone) return { error: 'IPv6 zones cannot be present in a prefix' };
  const bitsText = s.slice(slash + 1);
  // strconv.Atoi of an int64, without a sign or leading zeros
  if (!/^(0|[1-9][0-9]*)$/.test(bitsText) || BigInt(bitsText) > 2n ** 63n - 1n)
    return { error: `bad bits after slash: ${goQuote(bitsText)}` };
  const bits = Number(bitsText);
  if (bits > a.bytes.length * 8) return { error: 'prefix length out of range' };
  return { ip: a.bytes, bits };
}

/** A prefix as the Kubernetes library accepts it (not IPv4-mapped). */
export function parseCIDR(s: string): CIDRPrefix | undefined {
  const p = parsePrefix(s);
  return 'error' in p || isMapped(p.ip) ? undefined : p;
}

export function maskIP(ip: Uint8Array, bits: number): Uint8Array {
  const out = new Uint8Array(ip.length);
  for (let i = 0; i < ip.length; i++) {
    const keep = Math.max(0, Math.min(8, bits - i * 8));
    out[i] = ip[i] & ((0xff << (8 - keep)) & 0xff);
  }
  return out;
}

export function prefixContains(p: CIDRPrefix, ip: Uint8Array): boolean {
  if (ip.length !== p.ip.length) return false;
  const a = maskIP(p.ip, p.bits);
  const b = maskIP(ip, p.bits);
  return a.every((x, i) => x === b[i]);
}
