// pkg/apis/storage/validation for what OpenAPI does not say: StorageClass provisioner, parameters and allowed
// topologies, VolumeAttachment names and source, CSINode drivers, CSIDriver token requests, lifecycle modes and
// update period, CSIStorageCapacity class and capacity, VolumeAttributesClass driver and parameters. (Names of the
// objects themselves are meta.ts'; enums the schema's or enums.ts'; label selectors labelSelectors.ts'.)
import { isPlainObject } from '../../documents/manifest';
import { parseQuantity } from '../../../kube/util/quantity';
import { dns1123Subdomain, qualifiedName } from './names';
import type { Obj, Problems } from './problems';
import { csiDriverName } from './volumeSources';

const LIFECYCLE_MODES = ['Persistent', 'Ephemeral'];
const MAX_PARAMETERS = 512;
const MAX_PARAMETERS_SIZE = 256 * 1024;
const CSI_NODE_ID_MAX = 256; // the strategy's AllowLongNodeID
const MIN_TOKEN_SECONDS = 600;

export function checkStorageKind(pr: Problems, obj: Obj, kind: string): void {
  const spec = isPlainObject(obj.spec) ? obj.spec : {};
  if (kind === 'StorageClass') {
    provisioner(pr, 'provisioner', obj.provisioner);
    parameters(pr, obj.parameters, true);
    allowedTopologies(pr, obj.allowedTopologies);
  } else if (kind === 'VolumeAttributesClass') {
    provisioner(pr, 'driverName', obj.driverName);
    parameters(pr, obj.parameters, false);
  } else if (kind === 'CSIDriver') checkCSIDriverSpec(pr, spec);
  else if (kind === 'VolumeAttachment') checkVolumeAttachmentSpec(pr, spec);
  else if (kind === 'CSINode') checkCSINodeDrivers(pr, spec.drivers);
  else if (kind === 'CSIStorageCapacity') {
    const name = typeof obj.storageClassName === 'string' ? obj.storageClassName : '';
    for (const msg of dns1123Subdomain(name)) pr.invalid(['storageClassName'], name, msg);
    const capacity = obj.capacity;
    if ((typeof capacity === 'string' || typeof capacity === 'number') && (parseQuantity(capacity) ?? 0) < 0)
      pr.invalid(['capacity'], String(capacity), 'must be greater than or equal to 0');
  }
}

/** validateProvisioner: a qualified name once lower-cased (and printed lower-cased). */
function provisioner(pr: Problems, field: string, value: unknown): void {
  if (typeof value !== 'string') return;
  if (value === '') return pr.required([field]);
  const lower = value.toLowerCase();
  for (const msg of qualifiedName(lower)) pr.invalid([field], lower, msg);
}

/** validateParameters: at most 512 of at most 256 KiB in all, no empty key (and, for a class of volume attributes, one at least). */
function parameters(pr: Problems, params: unknown, allowEmpty: boolean): void {
  const entries = isPlainObject(params) ? Object.entries(params) : [];
  if (entries.length > MAX_PARAMETERS)
    return pr.tooLong(['parameters'], `may not be more than ${MAX_PARAMETERS} bytes`);
  let size = 0;
  for (const [k, v] of entries) {
    if (k === '') pr.invalid(['parameters'], k, 'field can not be empty.');
    size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > MAX_PARAMETERS_SIZE) pr.tooLong(['parameters'], `may not be more than ${MAX_PARAMETERS_SIZE} bytes`);
  if (!allowEmpty && entries.length === 0) pr.required(['parameters'], 'must contain at least one key/value pair');
}

/** validateAllowedTopologies: each term's requirements, and no term equal to an earlier one. */
function allowedTopologies(pr: Problems, terms: unknown): void {
  if (!Array.isArray(terms)) return;
  // Go compares each term's key→values map with the earlier ones and with the nil maps its list starts with, so an
  // empty term is always a duplicate.
  const earlier: string[] = [''];
  terms.forEach((term, i) => {
    const p = ['allowedTopologies', i];
    const keyed = new Map<string, Set<string>>();
    const expressions =
      isPlainObject(term) && Array.isArray(term.matchLabelExpressions) ? term.matchLabelExpressions : [];
    expressions.forEach((rq, j) => {
      if (!isPlainObject(rq)) return;
      const at = [...p, 'matchLabelExpressions', j];
      const values = Array.isArray(rq.values) ? rq.values.filter((v): v is string => typeof v === 'string') : [];
      if (values.length === 0) pr.required([...at, 'values']);
      const seen = new Set<string>();
      values.forEach((v, k) => {
        if (seen.has(v)) pr.duplicate([...at, 'values', k], v);
        seen.add(v);
      });
      const key = typeof rq.key === 'string' ? rq.key : '';
      for (const msg of qualifiedName(key)) pr.invalid([...at, 'key'], key, msg);
      if (keyed.has(key)) pr.duplicate([...at, 'key'], key);
      keyed.set(key, seen);
    });
    const canonical = JSON.stringify([...keyed.entries()].map(([k, v]) => [k, [...v].sort()]).sort());
    const same = keyed.size === 0 ? '' : canonical;
    if (earlier.includes(same)) pr.duplicate([...p, 'matchLabelExpressions'], '');
    earlier.push(same);
  });
}

function checkCSIDriverSpec(pr: Problems, spec: Obj): void {
  const requests = Array.isArray(spec.tokenRequests) ? spec.tokenRequests : [];
  const audiences = new Set<string>();
  requests.forEach((r, i) => {
    if (!isPlainObject(r)) return;
    const audience = typeof r.audience === 'string' ? r.audience : '';
    if (audiences.has(audience)) return pr.duplicate(['spec', 'tokenRequests', i, 'audience'], audience);
    audiences.add(audience);
    const seconds = r.expirationSeconds;
    if (typeof seconds !== 'number') return;
    const at = ['spec', 'tokenRequests', i, 'expirationSeconds'];
    if (seconds < MIN_TOKEN_SECONDS) pr.invalid(at, seconds, 'may not specify a duration less than 10 minutes');
    if (seconds > 2 ** 32) pr.invalid(at, seconds, 'may not specify a duration larger than 2^32 seconds');
  });
  // validateVolumeLifecycleModes reports at the list, not the item (a null item is Go's "").
  if (Array.isArray(spec.volumeLifecycleModes))
    for (const mode of spec.volumeLifecycleModes)
      if (typeof mode === 'string' && !LIFECYCLE_MODES.includes(mode))
        pr.unsupported(['spec', 'volumeLifecycleModes'], mode, LIFECYCLE_MODES);
  const period = spec.nodeAllocatableUpdatePeriodSeconds;
  if (typeof period === 'number' && period < 10)
    pr.invalid(['spec', 'nodeAllocatableUpdatePeriodSeconds'], period, 'must be greater than or equal to 10 seconds');
  const inSecrets = spec.serviceAccountTokenInSecrets;
  if (typeof inSecrets === 'boolean' && requests.length === 0)
    pr.invalid(
      ['spec', 'serviceAccountTokenInSecrets'],
      inSecrets,
      'serviceAccountTokenInSecrets is set but no tokenRequests are specified',
    );
}

/** ValidateVolumeAttachment and ValidateVolumeAttachmentV1 (create resets the status). */
function checkVolumeAttachmentSpec(pr: Problems, spec: Obj): void {
  const attacher = typeof spec.attacher === 'string' ? spec.attacher : '';
  csiDriverName(pr, ['spec', 'attacher'], attacher);
  const source = isPlainObject(spec.source) ? spec.source : {};
  const inline = isPlainObject(source.inlineVolumeSpec);
  const pvName = source.persistentVolumeName;
  const named = typeof pvName === 'string';
  const rule = 'must specify exactly one of inlineVolumeSpec and persistentVolumeName';
  if (!inline && !named) pr.required(['spec', 'source'], rule);
  else if (inline && named) pr.forbidden(['spec', 'source'], rule);
  else if (named && pvName === '')
    pr.required(['spec', 'source', 'persistentVolumeName'], 'must specify non empty persistentVolumeName');
  const nodeName = typeof spec.nodeName === 'string' ? spec.nodeName : '';
  for (const msg of dns1123Subdomain(nodeName)) pr.invalid(['spec', 'nodeName'], nodeName, msg);
  if (named)
    for (const msg of dns1123Subdomain(pvName)) pr.invalid(['spec', 'source', 'persistentVolumeName'], pvName, msg);
}

/** validateCSINodeDrivers: names, node ids, allocatable counts, topology keys (reported at the driver). */
function checkCSINodeDrivers(pr: Problems, drivers: unknown): void {
  if (!Array.isArray(drivers)) return;
  const names = new Set<string>();
  drivers.forEach((d, i) => {
    if (!isPlainObject(d)) return;
    const p = ['spec', 'drivers', i];
    const name = typeof d.name === 'string' ? d.name : '';
    csiDriverName(pr, [...p, 'name'], name);
    const nodeID = typeof d.nodeID === 'string' ? d.nodeID : '';
    if (nodeID === '') pr.required([...p, 'nodeID']);
    if (nodeID.length > CSI_NODE_ID_MAX)
      pr.invalid([...p, 'nodeID'], nodeID, `must be ${CSI_NODE_ID_MAX} characters or less`);
    const count = isPlainObject(d.allocatable) ? d.allocatable.count : undefined;
    if (typeof count === 'number' && count < 0)
      pr.invalid([...p, 'allocatable', 'count'], count, 'must be greater than or equal to 0');
    if (names.has(name)) pr.duplicate([...p, 'name'], name);
    names.add(name);
    const keys = new Set<string>();
    if (Array.isArray(d.topologyKeys))
      for (const key of d.topologyKeys) {
        if (typeof key !== 'string') continue;
        if (key === '') pr.required(p);
        if (keys.has(key)) pr.duplicate(p, key);
        keys.add(key);
        for (const msg of qualifiedName(key)) pr.invalid(p, key, msg);
      }
  });
}
