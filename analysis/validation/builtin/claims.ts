// ValidatePersistentVolumeClaimSpec (pkg/apis/core/validation) for what OpenAPI does not require: a claim needs an
// access mode and a storage request, and ReadWriteOncePod alone (a PersistentVolume's too). Checked where the server checks a claim's spec on create: a
// PersistentVolumeClaim's and each of a StatefulSet's volumeClaimTemplates.
import type { FieldPath } from '../../documents/path';
import { formatPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { dns1123Subdomain } from './names';
import { checkPersistentVolumeDisks } from './volumeSources';
import type { Obj, Problems } from './problems';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

/** ReadWriteOncePod excludes every other (supported) access mode, in a claim's spec as in a volume's. */
function checkReadWriteOncePod(pr: Problems, base: FieldPath, modes: unknown): void {
  if (!Array.isArray(modes) || !modes.includes('ReadWriteOncePod')) return;
  if (modes.some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m as string)))
    pr.forbidden([...base, 'accessModes'], 'may not use ReadWriteOncePod with other access modes');
}

function checkClaimSpec(pr: Problems, base: FieldPath, spec: Obj): void {
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0)
    pr.required([...base, 'accessModes'], 'at least 1 access mode is required');
  checkReadWriteOncePod(pr, base, spec.accessModes);
  if (typeof spec.storageClassName === 'string' && spec.storageClassName !== '')
    for (const msg of dns1123Subdomain(spec.storageClassName))
      pr.invalid([...base, 'storageClassName'], spec.storageClassName, msg);
  const resources = isPlainObject(spec.resources) ? spec.resources : {};
  const requests = isPlainObject(resources.requests) ? resources.requests : {};
  // The server keys the missing request on `resources` itself: spec.resources[storage].
  if (requests.storage === undefined)
    pr.required([...base, 'resources'], '', `${formatPath([...base, 'resources'])}[storage]`);
}

export function checkClaims(pr: Problems, obj: Obj, group: string, kind: string): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  if (!spec) return;
  if (group === '' && kind === 'PersistentVolumeClaim') checkClaimSpec(pr, ['spec'], spec);
  if (group === '' && kind === 'PersistentVolume') {
    checkReadWriteOncePod(pr, ['spec'], spec.accessModes);
    checkPersistentVolumeDisks(pr, spec);
  }
  if (group === 'apps' && kind === 'StatefulSet' && Array.isArray(spec.volumeClaimTemplates))
    spec.volumeClaimTemplates.forEach((t, i) => {
      if (isPlainObject(t))
        checkClaimSpec(pr, ['spec', 'volumeClaimTemplates', i, 'spec'], isPlainObject(t.spec) ? t.spec : {});
    });
}
