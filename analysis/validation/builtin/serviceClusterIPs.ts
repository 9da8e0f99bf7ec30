// A Service's clusterIPs, ipFamilies and ipFamilyPolicy as kube-apiserver 1.35 checks them on create
// (ValidateServiceClusterIPsRelatedFields, pkg/apis/core/validation, and validateService's per-type rules). The
// server first copies a lone clusterIP into an empty clusterIPs (normalizeClusterIPs, registry/core/service/storage),
// so the checks read that normalized list. Unsupported ipFamilies/ipFamilyPolicy values are the enum checks' (enums.ts).
import { INVALID_IP, isIPv6, parseIPSloppy } from './legacyIP';
import type { Obj, Problems } from './problems';

const NONE = 'None';

/** The problems of a Service spec's cluster IPs and IP families (`type`: the spec's type, defaulted). */
export function checkServiceClusterIPs(pr: Problems, spec: Obj, type: string): void {
  const clusterIP = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  const given = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : [];
  // A null item is Go's "" (goZeroItems.ts); anything else not a string is the schema's to refuse.
  if (!given.every((ip) => typeof ip === 'string' || ip === null)) return;
  const written = given.map((ip) => (typeof ip === 'string' ? ip : ''));
  const clusterIPs = clusterIP !== '' && written.length === 0 ? [clusterIP] : written;
  const families = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
  const at = ['spec', 'clusterIPs'];

  if (type === 'ExternalName') {
    if (clusterIPs.length > 0) pr.forbidden(at, 'may not be set for ExternalName services');
    if (families.length > 0) pr.forbidden(['spec', 'ipFamilies'], 'may not be set for ExternalName services');
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null)
      pr.forbidden(['spec', 'ipFamilyPolicy'], 'may not be set for ExternalName services');
    return;
  }
  const headless = clusterIPs.length === 1 && clusterIPs[0] === NONE;
  if (headless && (type === 'LoadBalancer' || type === 'NodePort'))
    pr.invalid([...at, 0], NONE, `may not be set to 'None' for ${type} services`);

  if (clusterIP !== '' && clusterIPs[0] !== clusterIP) pr.invalid(at, clusterIPs, 'first value must match `clusterIP`');
  if (clusterIP === '' && clusterIPs.length > 0)
    pr.invalid(at, clusterIPs, 'must be empty when `clusterIP` is not specified');

  const seen = new Set<unknown>();
  families.forEach((family, i) => {
    if (seen.has(family)) pr.duplicate(['spec', 'ipFamilies', i], family);
    seen.add(family);
  });

  let invalidIPs = false;
  const parsed = clusterIPs.map((ip, i) => {
    if (i === 0 && ip === NONE) {
      if (clusterIPs.length > 1) {
        invalidIPs = true;
        pr.invalid(at, clusterIPs, "'None' must be the first and only value");
      }
      return undefined;
    }
    const bytes = parseIPSloppy(ip);
    if (!bytes) {
      invalidIPs = true;
      pr.invalid([...at, i], ip, INVALID_IP);
    }
    return bytes;
  });
  if (clusterIPs.length > 2) pr.invalid(at, clusterIPs, 'may only hold up to 2 values');
  // The server stops here: further checks of bad addresses would only repeat them.
  if (invalidIPs) return;

  if (clusterIPs.length > 1) {
    const v6 = parsed.filter((ip) => ip && isIPv6(ip)).length;
    if (v6 === 0 || v6 === parsed.length)
      pr.invalid(at, clusterIPs, 'may specify no more than one IP for each IP family');
  }
  if (headless) return;
  for (let i = 0; i < Math.min(clusterIPs.length, families.length); i++) {
    const ip = parsed[i];
    const v6 = ip !== undefined && isIPv6(ip);
    if (families[i] === 'IPv4' && v6)
      pr.invalid([...at, i], clusterIPs[i], `expected an IPv4 value as indicated by \`ipFamilies[${i}]\``);
    if (families[i] === 'IPv6' && !v6)
      pr.invalid([...at, i], clusterIPs[i], `expected an IPv6 value as indicated by \`ipFamilies[${i}]\``);
  }
}
