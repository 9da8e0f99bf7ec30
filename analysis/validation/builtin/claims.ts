// ValidatePersistentVolumeClaimSpec (pkg/apis/core/validation) for what OpenAPI does not require: a claim needs an
// access mode and a storage request, and ReadWriteOncePod alone (a PersistentVolume's too). Checked where the server checks a claim's spec on create: a
// PersistentVolumeClaim's and each of a StatefulSet's volumeClaimTemplates.
import type { FieldPath } from '../../documents/path';
import { formatPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { dns1123Subdomain } from './names';
import { checkPersistentVolumeDisks } from './volumeSources';
import { checkPersistentVolumeFields } from './persistentVolumeFields';
import { checkClaimDataSources } from './claimDataSources';
import { milliValue, parseQuantity, sumQuantities } from '../../../kube/util/quantity';
import type { Obj, Problems } from './problems';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

/** ReadWriteOncePod excludes every other (supported) access mode, in a claim's spec as in a volume's. */
function checkReadWriteOncePod(pr: Problems, base: FieldPath, modes: unknown): void {
  if (!Array.isArray(modes) || !modes.includes('ReadWriteOncePod')) return;
  if (modes.some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m as string)))
    pr.forbidden([...base, 'accessModes'], 'may not use ReadWriteOncePod with other access modes');
}

function checkClaimSpec(pr: Problems, base: FieldPath, spec: Obj, preparedOnCreate: boolean): void {
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0)
    pr.required([...base, 'accessModes'], 'at least 1 access mode is required');
  checkReadWriteOncePod(pr, base, spec.accessModes);
  if (typeof spec.storageClassName === 'string' && spec.storageClassName !== '')
    for (const msg of dns1123Subdomain(spec.storageClassName))
      pr.invalid([...base, 'storageClassName'], spec.storageClassName, msg);
  const resources = isPlainObject(spec.resources) ? spec.resources : {};
  const requests = isPlainObject(resources.requests) ? resources.requests : {};
  // The server keys the missing request on `resources` itself: spec.resources[storage].
  const storage = requests.storage;
  if (storage === undefined) pr.required([...base, 'resources'], '', `${formatPath([...base, 'resources'])}[storage]`);
  // ValidatePositiveQuantityValue, the quantity printed canonical (one that does not parse is the decoder's).
  else if ((typeof storage === 'string' || typeof storage === 'number') && parseQuantity(storage) !== undefined) {
    if (milliValue(storage) <= 0n)
      pr.invalid(
        [...base, 'resources'],
        sumQuantities([storage]),
        'must be greater than zero',
        `${formatPath([...base, 'resources'])}[storage]`,
      );
  }
  checkClaimDataSources(pr, base, spec, preparedOnCreate);
  const attributesClass = spec.volumeAttributesClassName;
  if (typeof attributesClass === 'string' && attributesClass !== '')
    for (const msg of dns1123Subdomain(attributesClass))
      pr.invalid([...base, 'volumeAttributesClassName'], attributesClass, msg);
}

export function checkClaims(pr: Problems, obj: Obj, group: string, kind: string): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  if (!spec) return;
  if (group === '' && kind === 'PersistentVolumeClaim') checkClaimSpec(pr, ['spec'], spec, true);
  if (group === '' && kind === 'PersistentVolume') {
    checkReadWriteOncePod(pr, ['spec'], spec.accessModes);
    checkPersistentVolumeFields(pr, spec);
    checkPersistentVolumeDisks(pr, spec);
  }
  if (group === 'apps' && kind === 'StatefulSet' && Array.isArray(spec.volumeClaimTemplates))
    spec.volumeClaimTemplates.forEach((t, i) => {
      if (isPlainObject(t))
        checkClaimSpec(pr, ['spec', 'volumeClaimTemplates', i, 'spec'], isPlainObject(t.spec) ? t.spec : {}, false);
    });
}
