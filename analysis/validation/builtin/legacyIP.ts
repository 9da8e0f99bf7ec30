// IP addresses of the API's legacy fields (a Service's externalIPs), read as the API server reads them: with
// k8s.io/utils/net's ParseIPSloppy, Go 1.16's net.ParseIP kept for compatibility (IPv4 octets with leading zeros
// such as "010.001.001.001", and IPv6 groups of more than four digits, are accepted; no zone), and judged with
// net.IP's predicates (an IPv4-mapped IPv6 address counts as its IPv4 address). kube-apiserver 1.35 leaves the
// StrictIPCIDRValidation gate (leading zeros, IPv4-mapped IPv6) off by default.

/** The 16 bytes of the address (IPv4 as IPv4-mapped IPv6, as Go's net.IP holds it), or undefined when Go refuses it. */
export function parseIPSloppy(s: string): Uint8Array | undefined {
  for (const c of s) {
    if (c === '.') return parseIPv4(s);
    if (c === ':') return parseIPv6(s);
  }
  return undefined;
}

/** Go's parsers give up on a number of 0xFFFFFF or more (`big`). */
const BIG = 0xffffff;

function parseIPv4(s: string): Uint8Array | undefined {
  const out = new Uint8Array(16);
  out[10] = out[11] = 0xff;
  let at = 0;
  for (let i = 0; i < 4; i++) {
    if (at >= s.length) return undefined;
    if (i > 0) {
      if (s[at] !== '.') return undefined;
      at++;
    }
    let n = 0;
    const start = at;
    for (; at < s.length && s[at] >= '0' && s[at] <= '9'; at++) {
      n = n * 10 + (s.charCodeAt(at) - 48);
      if (n >= BIG) return undefined;
    }
    if (at === start || n > 0xff) return undefined;
    out[12 + i] = n;
  }
  return at === s.length ? out : undefined;
}

function hexDigit(c: string): number {
  if (c >= '0' && c <= '9') return c.charCodeAt(0) - 48;
  if (c >= 'a' && c <= 'f') return c.charCodeAt(0) - 87;
  if (c >= 'A' && c <= 'F') return c.charCodeAt(0) - 55;
  return -1;
}

function parseIPv6(input: string): Uint8Array | undefined {
  const ip = new Uint8Array(16);
  let s = input;
  let ellipsis = -1;
  if (s.startsWith('::')) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === '') return ip;
  }
  let i = 0;
  while (i < 16) {
    let n = 0;
    let c = 0;
    for (; c < s.length; c++) {
      const d = hexDigit(s[c]);
      if (d < 0) break;
      n = n * 16 + d;
      if (n >= BIG) return undefined;
    }
    if (c === 0 || n > 0xffff) return undefined;
    if (c < s.length && s[c] === '.') {
      if ((ellipsis < 0 && i !== 12) || i + 4 > 16) return undefined;
      const v4 = parseIPv4(s);
      if (!v4) return undefined;
      ip.set(v4.subarray(12), i);
      s = '';
      i += 4;
      break;
    }
    ip[i] = n >> 8;
    ip[i + 1] = n & 0xff;
    i += 2;
    s = s.slice(c);
    if (s === '') break;
    if (s[0] !== ':' || s.length === 1) return undefined;
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) return undefined;
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') return undefined;
  if (i < 16) {
    if (ellipsis < 0) return undefined;
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    for (let j = ellipsis + n - 1; j >= ellipsis; j--) ip[j] = 0;
  } else if (ellipsis >= 0) return undefined;
  return ip;
}

/** net.IP.To4: the IPv4 bytes of an IPv4 (or IPv4-mapped IPv6) address. */
function to4(ip: Uint8Array): Uint8Array | undefined {
  for (let i = 0; i < 10; i++) if (ip[i] !== 0) return undefined;
  return ip[10] === 0xff && ip[11] === 0xff ? ip.subarray(12) : undefined;
}

/** net.IP's IPv6-ness as k8s.io/utils/net's IsIPv6 judges it: a parsed address that is not IPv4 (nor IPv4-mapped). */
export function isIPv6(ip: Uint8Array): boolean {
  return to4(ip) === undefined;
}

/** IsValidIPForLegacyField's refusal (create, StrictIPCIDRValidation off): only an address Go cannot parse. */
export const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

/**
 * The API server's reasons to refuse an IP of a legacy field where an endpoint may live (ValidateEndpointIP after
 * IsValidIPForLegacyField, pkg/apis/core/validation): not an IP, or unspecified, loopback, link-local.
 */
export function endpointIPProblems(value: string): string[] {
  const ip = parseIPSloppy(value);
  if (!ip) return [INVALID_IP];
  const v4 = to4(ip);
  const out: string[] = [];
  const unspecified = v4 ? v4.every((b) => b === 0) : ip.every((b) => b === 0);
  if (unspecified) out.push(`may not be unspecified (${value})`);
  const loopback = v4 ? v4[0] === 127 : ip.subarray(0, 15).every((b) => b === 0) && ip[15] === 1;
  if (loopback) out.push('may not be in the loopback range (127.0.0.0/8, ::1/128)');
  const linkLocal = v4 ? v4[0] === 169 && v4[1] === 254 : ip[0] === 0xfe && (ip[1] & 0xc0) === 0x80;
  if (linkLocal) out.push('may not be in the link-local range (169.254.0.0/16, fe80::/10)');
  const linkLocalMulticast = v4 ? v4[0] === 224 && v4[1] === 0 && v4[2] === 0 : ip[0] === 0xff && (ip[1] & 0x0f) === 2;
  if (linkLocalMulticast) out.push('may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)');
  return out;
}

/** A CIDR as k8s.io/utils/net's ParseCIDRSloppy holds it: the masked network address and mask (4 or 16 bytes). */
export interface SloppyCIDR {
  ip: Uint8Array;
  mask: Uint8Array;
  /** The prefix length as written (Mask.Size()'s ones). */
  ones: number;
}

/** Go 1.16's net.ParseCIDR with sloppy IPs: the prefix length is decimal digits, leading zeros allowed. */
export function parseCIDRSloppy(s: string): SloppyCIDR | undefined {
  const slash = s.indexOf('/');
  if (slash < 0) return undefined;
  const addr = s.slice(0, slash);
  const digits = s.slice(slash + 1);
  const ip = parseIPSloppy(addr);
  if (!ip || !/^\d+$/.test(digits)) return undefined;
  // An address Go's parseIPv4 reads (it comes first) makes a 4-byte mask, any other a 16-byte one.
  const ipLen = /^[^:]*\./.test(addr) ? 4 : 16;
  const ones = digits.length > 7 ? Infinity : Number(digits);
  if (ones > 8 * ipLen) return undefined;
  const mask = new Uint8Array(ipLen);
  for (let i = 0; i < ipLen; i++) mask[i] = 0xff & (0xff << Math.max(0, 8 - Math.max(0, ones - 8 * i)));
  const bytes = ipLen === 4 ? ip.subarray(12) : ip;
  return { ip: bytes.map((b, i) => b & mask[i]), mask, ones };
}

/** net.IP.To4 of a 4- or 16-byte address. */
function to4Any(ip: Uint8Array): Uint8Array | undefined {
  return ip.length === 4 ? ip : to4(ip);
}

/** net.IPNet.Contains(ip), for an address such as another CIDR's network address. */
export function cidrContains(net: SloppyCIDR, ip: Uint8Array): boolean {
  const nn = to4Any(net.ip) ?? net.ip;
  let mask = net.mask;
  if (mask.length === 16 && nn.length === 4) mask = mask.subarray(12);
  else if (mask.length === 4 && nn.length !== 4) return false;
  const x = to4Any(ip) ?? ip;
  if (x.length !== nn.length) return false;
  for (let i = 0; i < x.length; i++) if ((nn[i] & mask[i]) !== (x[i] & mask[i])) return false;
  return true;
}
