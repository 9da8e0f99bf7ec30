// ValidatePersistentVolumeClaimSpec (pkg/apis/core/validation) for what OpenAPI does not require: a claim needs an
// access mode and a positive storage request, ReadWriteOncePod alone (a PersistentVolume's too), valid data sources.
// Checked where the server checks a claim's spec on create: a PersistentVolumeClaim's, each of a StatefulSet's
// volumeClaimTemplates, and an ephemeral volume's claim template (with its metadata restrictions).
import type { FieldPath } from '../../documents/path';
import { formatPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { dns1123Subdomain } from './names';
import { checkLabelsAndAnnotations } from './meta';
import { checkClaimDataSources } from './claimDataSources';
import { canonicalQuantity, milliValue, parseQuantity } from '../../../kube/util/quantity';
import type { Obj, Problems } from './problems';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

/** ReadWriteOncePod excludes every other (supported) access mode, in a claim's spec as in a volume's. */
export function checkReadWriteOncePod(pr: Problems, base: FieldPath, modes: unknown): void {
  if (!Array.isArray(modes) || !modes.includes('ReadWriteOncePod')) return;
  if (modes.some((m) => m !== 'ReadWriteOncePod' && ACCESS_MODES.includes(m as string)))
    pr.forbidden([...base, 'accessModes'], 'may not use ReadWriteOncePod with other access modes');
}

/**
 * ValidatePersistentVolumeClaimSpec (a claim's, a StatefulSet's claim templates', an ephemeral volume's).
 * `preparedOnCreate`: a PersistentVolumeClaim's create first prepares its data sources (claimDataSources.ts).
 */
export function checkClaimSpec(pr: Problems, base: FieldPath, spec: Obj, preparedOnCreate = false): void {
  if (!Array.isArray(spec.accessModes) || spec.accessModes.length === 0)
    pr.required([...base, 'accessModes'], 'at least 1 access mode is required');
  checkReadWriteOncePod(pr, base, spec.accessModes);
  if (typeof spec.storageClassName === 'string' && spec.storageClassName !== '')
    for (const msg of dns1123Subdomain(spec.storageClassName))
      pr.invalid([...base, 'storageClassName'], spec.storageClassName, msg);
  const resources = isPlainObject(spec.resources) ? spec.resources : {};
  const requests = isPlainObject(resources.requests) ? resources.requests : {};
  // The server keys the storage request on `resources` itself: spec.resources[storage].
  const storageAt = `${formatPath([...base, 'resources'])}[storage]`;
  const storage = requests.storage;
  if (storage === undefined) pr.required([...base, 'resources'], '', storageAt);
  else if ((typeof storage === 'string' || typeof storage === 'number') && parseQuantity(storage) !== undefined)
    if (milliValue(storage) <= 0n)
      pr.invalid([...base, 'resources', 'requests', 'storage'], canonicalQuantity(storage), NOT_POSITIVE, storageAt);
  checkClaimDataSources(pr, base, spec, preparedOnCreate);
  const vac = spec.volumeAttributesClassName;
  if (typeof vac === 'string' && vac !== '')
    for (const msg of dns1123Subdomain(vac)) pr.invalid([...base, 'volumeAttributesClassName'], vac, msg);
}

/**
 * ValidatePersistentVolumeClaimTemplate of an ephemeral volume: ValidateTemplateObjectMeta (labels and annotations,
 * and no other metadata field set — Go's field name with a lower-case first letter, `uID` included), then the spec.
 */
export function checkClaimTemplate(pr: Problems, p: FieldPath, template: Obj): void {
  const meta = isPlainObject(template.metadata) ? template.metadata : undefined;
  if (meta) {
    checkLabelsAndAnnotations(pr, [...p, 'metadata'], meta);
    for (const key in meta) {
      const goName = TEMPLATE_META_FORBIDDEN[key];
      if (goName !== undefined && isSet(meta[key])) pr.forbidden([...p, 'metadata', goName], 'cannot be set');
    }
  }
  checkClaimSpec(pr, [...p, 'spec'], isPlainObject(template.spec) ? template.spec : {});
}

/** ObjectMeta's fields other than labels and annotations, as validateFieldAllowList names them. */
const TEMPLATE_META_FORBIDDEN: Record<string, string> = {
  __proto__: null as never,
  name: 'name',
  generateName: 'generateName',
  namespace: 'namespace',
  selfLink: 'selfLink',
  uid: 'uID',
  resourceVersion: 'resourceVersion',
  generation: 'generation',
  creationTimestamp: 'creationTimestamp',
  deletionTimestamp: 'deletionTimestamp',
  deletionGracePeriodSeconds: 'deletionGracePeriodSeconds',
  ownerReferences: 'ownerReferences',
  finalizers: 'finalizers',
  managedFields: 'managedFields',
};

/** Whether a metadata value differs from Go's zero value (an empty list is not nil). */
const isSet = (v: unknown) => v !== undefined && v !== null && v !== '' && v !== 0 && v !== false;

const NOT_POSITIVE = 'must be greater than zero';

export function checkClaims(pr: Problems, obj: Obj, group: string, kind: string): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : undefined;
  if (!spec) return;
  if (group === '' && kind === 'PersistentVolumeClaim') checkClaimSpec(pr, ['spec'], spec, true);
  if (group === 'apps' && kind === 'StatefulSet' && Array.isArray(spec.volumeClaimTemplates))
    spec.volumeClaimTemplates.forEach((t, i) => {
      if (isPlainObject(t))
        checkClaimSpec(pr, ['spec', 'volumeClaimTemplates', i, 'spec'], isPlainObject(t.spec) ? t.spec : {}, false);
    });
}
