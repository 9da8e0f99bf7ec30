// IP addresses and CIDR prefixes as Go's net/netip parses them (the Kubernetes CEL ip()/cidr() libraries are
// built on it): no zones, no leading zeros in IPv4 octets, IPv6 with `::` compression and an IPv4 tail.

export interface IPAddress {
  /** 4 or 16 bytes. */
  bytes: Uint8Array;
  /** An IPv4-mapped IPv6 address (::ffff:1.2.3.4, netip's Is4In6), which Kubernetes refuses. */
  mapped: boolean;
}

export function parseIPv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    const p = parts[i];
    if (!/^\d{1,3}$/.test(p) || (p.length > 1 && p[0] === '0')) return undefined;
    const n = Number(p);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | undefined {
  if (s.includes('%')) return undefined; // zones: netip parses them, Kubernetes' ip() refuses them
  const out = new Uint8Array(16);
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string): number[] | undefined => {
    if (h === '') return [];
    const parts = h.split(':');
    const bytes: number[] = [];
    for (let i = 0; i < parts.length; i++) {
      const p = parts[i];
      if (i === parts.length - 1 && p.includes('.')) {
        const v4 = parseIPv4(p);
        if (!v4) return undefined;
        bytes.push(...v4);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(p)) return undefined;
        const n = parseInt(p, 16);
        bytes.push(n >> 8, n & 0xff);
      }
    }
    return bytes;
  };
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  if (halves.length === 1 && head.length !== 16) return undefined;
  if (halves.length === 2 && head.length + tail.length > 14) return undefined;
  out.set(head, 0);
  out.set(tail, 16 - tail.length);
  return out;
}

export function parseIP(s: string): IPAddress | undefined {
  if (!s.includes(':')) {
    const v4 = parseIPv4(s);
    return v4 ? { bytes: v4, mapped: false } : undefined;
  }
  const v6 = parseIPv6(s);
  if (!v6) return undefined;
  const mapped = v6.slice(0, 10).every((b) => b === 0) && v6[10] === 0xff && v6[11] === 0xff;
  return { bytes: v6, mapped };
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

export function parseCIDR(s: string): CIDRPrefix | undefined {
  const i = s.indexOf('/');
  if (i < 0) return undefined;
  const ip = parseIP(s.slice(0, i));
  const bitsText = s.slice(i + 1);
  if (!ip || ip.mapped || !/^(0|[1-9]\d{0,2})$/.test(bitsText)) return undefined;
  const bits = Number(bitsText);
  if (bits > ip.bytes.length * 8) return undefined;
  return { ip: ip.bytes, bits };
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
