// ValidatePersistentVolumeSpec (pkg/apis/core/validation) for a PersistentVolume's own fields that OpenAPI does not
// constrain: access modes and capacity are required, capacity is a positive `storage` only, class names are DNS
// subdomains, a volume attributes class needs a CSI source, and a hostPath of `/` may not be recycled. (Its volume
// sources and node affinity are volumeSources.ts'.)
import * as path from 'node:path';
import { isPlainObject } from '../../documents/manifest';
import { milliValue, parseQuantity, sumQuantities } from '../../../kube/util/quantity';
import { dns1123Subdomain } from './names';
import type { Obj, Problems } from './problems';

export function checkPersistentVolumeFields(pr: Problems, spec: Obj): void {
  // Go cannot tell an empty list from none.
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0) pr.required(['spec', 'accessModes']);
  checkCapacity(pr, spec.capacity);
  const hostPath = isPlainObject(spec.hostPath) ? spec.hostPath.path : undefined;
  if (typeof hostPath === 'string' && cleansToRoot(hostPath) && spec.persistentVolumeReclaimPolicy === 'Recycle')
    pr.forbidden(['spec', 'persistentVolumeReclaimPolicy'], "may not be 'recycle' for a hostPath mount of '/'");
  if (typeof spec.storageClassName === 'string' && spec.storageClassName !== '')
    for (const msg of dns1123Subdomain(spec.storageClassName))
      pr.invalid(['spec', 'storageClassName'], spec.storageClassName, msg);
  const attributesClass = spec.volumeAttributesClassName;
  if (typeof attributesClass === 'string') {
    if (attributesClass === '') pr.required(['spec', 'volumeAttributesClassName'], 'an empty string is disallowed');
    for (const msg of attributesClass === '' ? [] : dns1123Subdomain(attributesClass))
      pr.invalid(['spec', 'volumeAttributesClassName'], attributesClass, msg);
    if (spec.csi === undefined)
      pr.required(['spec', 'csi'], 'has to be specified when using volumeAttributesClassName');
  }
}

/** Go's path.Clean(p) == "/" (`/x/..`, `//`, `/./`). */
function cleansToRoot(p: string): boolean {
  return p.startsWith('/') && path.posix.normalize(p).replace(/\/+$/, '') === '';
}

/**
 * Capacity: only `storage`, positive. The map is printed as Go's JSON of a ResourceList (keys sorted, each quantity
 * canonical, `null` when absent); a negative quantity also as Quantity.Value, rounded away from 0.
 */
function checkCapacity(pr: Problems, capacity: unknown): void {
  const given = isPlainObject(capacity) ? capacity : undefined;
  const names = given ? Object.keys(given).sort() : [];
  const quantities = names.map((r) => given![r]);
  // A quantity that does not parse is the decoder's refusal (the schema's pattern), before any of this.
  if (quantities.some((q) => (typeof q !== 'string' && typeof q !== 'number') || parseQuantity(q) === undefined))
    return;
  const at = ['spec', 'capacity'];
  if (names.length === 0) pr.required(at);
  if (!names.includes('storage') || names.length > 1) {
    const printed = given && Object.fromEntries(names.map((r, i) => [r, sumQuantities([quantities[i] as string])]));
    pr.unsupported(at, printed ?? null, ['storage']);
  }
  names.forEach((r, i) => {
    const q = quantities[i] as string | number;
    const milli = milliValue(q);
    if (milli < 0n) pr.invalid([...at, r], Number((milli - 999n) / 1000n), 'must be a valid resource quantity');
    if (milli <= 0n) pr.invalid([...at, r], sumQuantities([q]), 'must be greater than zero');
  });
}
