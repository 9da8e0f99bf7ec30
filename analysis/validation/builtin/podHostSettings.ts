// A pod spec's host settings the API server checks beyond the schema (ValidatePodSpec, ValidatePodSecurityContext):
// each host alias' IP is an address Go parses (IsValidIPForLegacyField, an absent one is "") and its hostnames DNS
// subdomains; a pod cannot share one process namespace among its containers and use the host's.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { INVALID_IP, parseIPSloppy } from './legacyIP';
import { dns1123Subdomain } from './names';
import type { Obj, Problems } from './problems';

export function checkPodHostSettings(pr: Problems, base: FieldPath, spec: Obj): void {
  if (Array.isArray(spec.hostAliases))
    spec.hostAliases.forEach((a, i) => {
      if (!isPlainObject(a)) return;
      const ip = typeof a.ip === 'string' ? a.ip : '';
      if (!parseIPSloppy(ip)) pr.invalid([...base, 'hostAliases', i, 'ip'], ip, INVALID_IP);
      if (Array.isArray(a.hostnames))
        a.hostnames.forEach((h, j) => {
          if (typeof h === 'string')
            for (const msg of dns1123Subdomain(h)) pr.invalid([...base, 'hostAliases', i, 'hostnames', j], h, msg);
        });
    });
  // v1 keeps both on the pod spec; the internal type (whose path the server prints) in its security context.
  if (spec.shareProcessNamespace === true && spec.hostPID === true)
    pr.invalid(
      [...base, 'securityContext', 'shareProcessNamespace'],
      true,
      'ShareProcessNamespace and HostPID cannot both be enabled',
    );
}
