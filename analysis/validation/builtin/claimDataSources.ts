// A claim's `dataSource` and `dataSourceRef` as kube-apiserver 1.35 checks them (validateDataSource,
// validateDataSourceRef, ValidatePersistentVolumeClaimSpec). A PersistentVolumeClaim's create first prepares them
// (pkg/api/persistentvolumeclaim): a dataSourceRef with a namespace is dropped (CrossNamespaceVolumeDataSource is off),
// a dataSource that is neither a PVC nor a VolumeSnapshot is dropped when no dataSourceRef is given, and either one
// alone is copied to the other. A StatefulSet's claim templates are validated as written.
import type { FieldPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { dns1123Label, dns1123Subdomain } from './names';
import type { Obj, Problems } from './problems';

export function checkClaimDataSources(pr: Problems, base: FieldPath, spec: Obj, preparedOnCreate: boolean): void {
  if (!isPlainObject(spec.dataSource) && !isPlainObject(spec.dataSourceRef)) return;
  let source = isPlainObject(spec.dataSource) ? spec.dataSource : undefined;
  let ref = isPlainObject(spec.dataSourceRef) ? spec.dataSourceRef : undefined;
  if (preparedOnCreate) {
    if (ref && nonEmpty(ref.namespace)) ref = undefined;
    if (!ref && source && !isClaimOrSnapshot(source)) source = undefined;
    if (source && !ref) ref = { kind: source.kind, name: source.name, apiGroup: source.apiGroup };
    else if (ref && !source) source = { kind: ref.kind, name: ref.name, apiGroup: ref.apiGroup };
  }
  if (source) checkReference(pr, [...base, 'dataSource'], source);
  if (ref) {
    checkReference(pr, [...base, 'dataSourceRef'], ref);
    if (nonEmpty(ref.namespace))
      for (const msg of dns1123Label(ref.namespace as string))
        pr.invalid([...base, 'dataSourceRef', 'namespace'], ref.namespace, msg);
  }
  // The invalid value is a field path, which Go's JSON prints as {}.
  if (ref && nonEmpty(ref.namespace)) {
    if (source) pr.invalidPrinted(base, '{}', 'may not be specified when dataSourceRef.namespace is specified');
  } else if (source && ref && !sameReference(source, ref)) pr.invalidPrinted(base, '{}', 'must match dataSourceRef');
}

function nonEmpty(v: unknown): boolean {
  return typeof v === 'string' && v !== '';
}

function isClaimOrSnapshot(r: Obj): boolean {
  const group = typeof r.apiGroup === 'string' ? r.apiGroup : '';
  return (
    (r.kind === 'PersistentVolumeClaim' && group === '') ||
    (r.kind === 'VolumeSnapshot' && group === 'snapshot.storage.k8s.io')
  );
}

/** Go's DeepEqual of the two: an apiGroup left out (nil) differs from "". */
function sameReference(a: Obj, b: Obj): boolean {
  return a.apiGroup === b.apiGroup && (a.kind ?? '') === (b.kind ?? '') && (a.name ?? '') === (b.name ?? '');
}

function checkReference(pr: Problems, at: FieldPath, r: Obj): void {
  if (!nonEmpty(r.name)) pr.required([...at, 'name']);
  if (!nonEmpty(r.kind)) pr.required([...at, 'kind']);
  const group = typeof r.apiGroup === 'string' ? r.apiGroup : '';
  if (group === '' && r.kind !== 'PersistentVolumeClaim')
    pr.invalid(
      at,
      typeof r.kind === 'string' ? r.kind : '',
      "must be 'PersistentVolumeClaim' when referencing the default apiGroup",
    );
  if (group !== '') for (const msg of dns1123Subdomain(group)) pr.invalid([...at, 'apiGroup'], group, msg);
}
