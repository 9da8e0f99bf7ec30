// An EndpointSlice as pkg/apis/discovery/validation checks it: each endpoint's addresses by the slice's address
// type (IPv4: a legacy IP that is IPv4; IPv6: a strict, canonical IP that is IPv6; both no endpoint-forbidden
// range; FQDN: a domain of two or more labels), its hostname, node name and hints; the ports' names, unique, and
// app protocols.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { endpointIPProblems, INVALID_IP, isIPv6, parseIPSloppy } from './legacyIP';
import { dns1123Label, dns1123Subdomain, labelValue, qualifiedName } from './names';
import type { Obj, Problems } from './problems';

const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_HINTS = 8;

export function checkEndpointSlice(pr: Problems, obj: Obj): void {
  if (Array.isArray(obj.ports)) checkPorts(pr, obj.ports);
  if (!Array.isArray(obj.endpoints)) return;
  if (obj.endpoints.length > MAX_ENDPOINTS) return pr.tooMany(['endpoints'], obj.endpoints.length, MAX_ENDPOINTS);
  obj.endpoints.forEach((e, i) => {
    if (isPlainObject(e)) checkEndpoint(pr, ['endpoints', i], e, obj.addressType);
  });
}

function checkEndpoint(pr: Problems, at: FieldPath, e: Obj, addressType: unknown): void {
  const addresses = Array.isArray(e.addresses) ? e.addresses : [];
  const addressesPath = [...at, 'addresses'];
  if (addresses.length === 0) pr.required(addressesPath, 'must contain at least 1 address');
  else if (addresses.length > MAX_ADDRESSES) pr.tooMany(addressesPath, addresses.length, MAX_ADDRESSES);
  addresses.forEach((a, j) => {
    if (typeof a === 'string') checkAddress(pr, addressesPath, j, a, addressType);
  });
  if (typeof e.nodeName === 'string')
    for (const msg of dns1123Subdomain(e.nodeName)) pr.invalid([...at, 'nodeName'], e.nodeName, msg);
  if (typeof e.hostname === 'string')
    for (const msg of dns1123Label(e.hostname)) pr.invalid([...at, 'hostname'], e.hostname, msg);
  if (isPlainObject(e.hints)) {
    const zonesDone = checkHints(pr, [...at, 'hints', 'forZones'], e.hints.forZones, labelValue);
    if (zonesDone) checkHints(pr, [...at, 'hints', 'forNodes'], e.hints.forNodes, dns1123Subdomain);
  }
}

/** validateHints for one list; false when it is too long (Go then stops). */
function checkHints(pr: Problems, at: FieldPath, hints: unknown, rule: (v: string) => string[]): boolean {
  if (!Array.isArray(hints)) return true;
  if (hints.length > MAX_HINTS) {
    pr.tooMany(at, hints.length, MAX_HINTS);
    return false;
  }
  const seen = new Set<string>();
  hints.forEach((h, i) => {
    const name = isPlainObject(h) && typeof h.name === 'string' ? h.name : '';
    if (seen.has(name)) pr.duplicate([...at, i, 'name'], name);
    else seen.add(name);
    for (const msg of rule(name)) pr.invalid([...at, i, 'name'], name, msg);
  });
  return true;
}

function checkAddress(pr: Problems, at: FieldPath, j: number, address: string, addressType: unknown): void {
  if (addressType === 'IPv4' || addressType === 'IPv6') {
    const ip = parseIPSloppy(address);
    const errs = !ip ? [INVALID_IP] : addressType === 'IPv6' ? strictIPProblems(address, ip) : [];
    if (errs.length || !ip) {
      for (const msg of errs) pr.invalid([...at, j], address, msg);
      return;
    }
    // Reported at the list, not the item.
    if (isIPv6(ip) !== (addressType === 'IPv6')) pr.invalid(at, address, `must be an ${addressType} address`);
    for (const msg of endpointIPProblems(address)) pr.invalid([...at, j], address, msg);
  } else if (addressType === 'FQDN') checkFQDN(pr, [...at, j], address);
}

/** IsValidIP's refusals of an address ParseIPSloppy took: what netip.ParseAddr refuses, an IPv4-mapped IPv6
 * address, and any form other than net.IP's String(). */
function strictIPProblems(address: string, ip: Uint8Array): string[] {
  const out: string[] = [];
  const dotted = address.slice(address.lastIndexOf(':') + 1);
  const leadingZero =
    (address.includes('.') && /(^|\.)0\d/.test(dotted)) ||
    address.split(':').some((g) => g.length > 4 && !g.includes('.'));
  if (leadingZero) out.push('must not have leading 0s');
  const mapped = address.includes(':') && !isIPv6(ip);
  if (mapped) out.push('must not be an IPv4-mapped IPv6 address');
  if (out.length) return out;
  const canonical = goIPString(ip);
  return address === canonical ? [] : [`must be in canonical form (${JSON.stringify(canonical)})`];
}

/** net.IP.String(): dotted IPv4, or IPv6 with the first longest run of two or more zero groups as `::`. */
function goIPString(ip: Uint8Array): string {
  if (!isIPv6(ip)) return Array.from(ip.subarray(12)).join('.');
  const groups: number[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((ip[i] << 8) | ip[i + 1]);
  let bestStart = -1;
  let bestLen = 1;
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) [bestStart, bestLen] = [i, j - i];
    i = j === i ? i + 1 : j;
  }
  const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(':');
  if (bestStart < 0) return hex(groups);
  return `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLen))}`;
}

/** IsFullyQualifiedDomainName: one trailing dot allowed, a DNS subdomain of two or more labels. */
function checkFQDN(pr: Problems, at: FieldPath, address: string): void {
  if (address === '') return pr.required(at);
  const name = address.endsWith('.') ? address.slice(0, -1) : address;
  const errs = dns1123Subdomain(name);
  if (errs.length) return pr.invalid(at, name, errs.join(','));
  const labels = name.split('.');
  if (labels.length < 2) return pr.invalid(at, name, 'should be a domain with at least two segments separated by dots');
  for (const label of labels) {
    const labelErrs = dns1123Label(label);
    if (labelErrs.length) return pr.invalid(at, label, labelErrs.join(','));
  }
}

function checkPorts(pr: Problems, ports: unknown[]): void {
  if (ports.length > MAX_PORTS) return pr.tooMany(['ports'], ports.length, MAX_PORTS);
  const names = new Set<string>();
  ports.forEach((p, i) => {
    if (!isPlainObject(p)) return;
    const name = typeof p.name === 'string' ? p.name : '';
    if (name !== '') for (const msg of dns1123Label(name)) pr.invalid(['ports', i, 'name'], name, msg);
    if (names.has(name)) pr.duplicate(['ports', i, 'name'], name);
    else names.add(name);
    if (typeof p.appProtocol === 'string')
      for (const msg of qualifiedName(p.appProtocol)) pr.invalid(['ports', i, 'appProtocol'], p.appProtocol, msg);
  });
}
