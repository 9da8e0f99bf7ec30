// ValidatePersistentVolumeSpec (pkg/apis/core/validation) and the mount-options rule of pkg/volume/validation for a
// PersistentVolume on create: one source (in Go's order, each later one Forbidden — except flexVolume, which Go
// never forbids), each source's checks, capacity (storage only, positive), access modes, a `local` volume's
// required node affinity and its node selector terms, hostPath `/` not recycled, class names, and the
// `volume.beta.kubernetes.io/mount-options` annotation only for sources that take mount options.
import { type FieldPath, formatPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { canonicalQuantity, milliValue, parseQuantity, wholeValue } from '../../../kube/util/quantity';
import { type GoJSONValue, marshalJSON } from '../../../kube/util/go/json';
import { checkReadWriteOncePod } from './claims';
import { checkPersistentVolumeIscsi, IN_TREE_PV_SOURCES, type SourceCheck } from './inTreeVolumeSources';
import { dns1123Label, dns1123Subdomain } from './names';
import { nodeSelectorTerm } from './podScheduling';
import { csiDriverName, noBacksteps, podVolumeSourceCheck } from './volumeSources';
import type { Obj, Problems } from './problems';

/** validatePersistentVolumeSpec's sources in its order, each with the child name its Forbidden error uses. */
const PV_SOURCES: [json: string, forbiddenAt: string][] = [
  ['hostPath', 'hostPath'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['nfs', 'nfs'],
  ['rbd', 'rbd'],
  ['quobyte', 'quobyte'],
  ['cephfs', 'cephFS'],
  ['iscsi', 'iscsi'],
  ['cinder', 'cinder'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['scaleIO', 'scaleIO'],
  ['local', 'local'],
  ['storageos', 'storageos'],
  ['csi', 'csi'],
];

/** Sources that take mount options (checkMountOption): any other refuses the annotation. */
const MOUNT_OPTION_SOURCES = [
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'glusterfs',
  'nfs',
  'rbd',
  'quobyte',
  'iscsi',
  'cinder',
  'cephfs',
  'azureFile',
  'vsphereVolume',
  'azureDisk',
  'photonPersistentDisk',
];
const MOUNT_OPTIONS_ANNOTATION = 'volume.beta.kubernetes.io/mount-options';
const NOT_POSITIVE = 'must be greater than zero';

const PV_SOURCE_CHECKS: Record<string, SourceCheck | undefined> = {
  ...IN_TREE_PV_SOURCES,
  hostPath: podVolumeSourceCheck('hostPath'),
  gcePersistentDisk: podVolumeSourceCheck('gcePersistentDisk'),
  awsElasticBlockStore: podVolumeSourceCheck('awsElasticBlockStore'),
  nfs: podVolumeSourceCheck('nfs'),
  local(pr, p, s) {
    if (typeof s.path !== 'string' || s.path === '') return pr.required([...p, 'path']);
    noBacksteps(pr, [...p, 'path'], s.path);
  },
  csi(pr, p, s) {
    csiDriverName(pr, [...p, 'driver'], typeof s.driver === 'string' ? s.driver : '');
    if (typeof s.volumeHandle !== 'string' || s.volumeHandle === '') pr.required([...p, 'volumeHandle']);
    for (const ref of [
      'controllerPublishSecretRef',
      'controllerExpandSecretRef',
      'nodePublishSecretRef',
      'nodeExpandSecretRef',
    ])
      if (isPlainObject(s[ref])) secretReference(pr, [...p, ref], s[ref] as Obj);
  },
};

export function checkPersistentVolume(pr: Problems, obj: Obj, spec: Obj): void {
  const modes = spec.accessModes;
  if (!Array.isArray(modes) || modes.length === 0) pr.required(['spec', 'accessModes']);
  checkReadWriteOncePod(pr, ['spec'], modes);
  checkCapacity(pr, spec.capacity);
  let nodeAffinity = false;
  if (isPlainObject(spec.nodeAffinity)) {
    nodeAffinity = true;
    const required = spec.nodeAffinity.required;
    const at = ['spec', 'nodeAffinity', 'required'];
    if (!isPlainObject(required)) pr.required(at, 'must specify required node constraints');
    else {
      const terms = Array.isArray(required.nodeSelectorTerms) ? required.nodeSelectorTerms : [];
      if (terms.length === 0) pr.required([...at, 'nodeSelectorTerms'], 'must have at least one node selector term');
      terms.forEach((t, i) => nodeSelectorTerm(pr, [...at, 'nodeSelectorTerms', i], t, true));
    }
  }
  const metadata = isPlainObject(obj.metadata) ? obj.metadata : {};
  let sources = 0;
  for (const [json, forbiddenAt] of PV_SOURCES) {
    const source = spec[json];
    if (!isPlainObject(source)) continue;
    if (sources > 0 && json !== 'flexVolume') {
      pr.forbidden(['spec', forbiddenAt], 'may not specify more than 1 volume type');
      continue;
    }
    sources++;
    if (json === 'iscsi')
      checkPersistentVolumeIscsi(pr, ['spec', json], source, typeof metadata.name === 'string' ? metadata.name : '');
    else PV_SOURCE_CHECKS[json]?.(pr, ['spec', json], source);
    if (json === 'local' && !nodeAffinity) pr.required(['spec', 'nodeAffinity'], 'Local volume requires node affinity');
  }
  if (sources === 0) pr.required(['spec'], 'must specify a volume type');
  if (isPlainObject(spec.hostPath) && typeof spec.hostPath.path === 'string' && cleanPath(spec.hostPath.path) === '/')
    if (spec.persistentVolumeReclaimPolicy === 'Recycle')
      pr.forbidden(['spec', 'persistentVolumeReclaimPolicy'], "may not be 'recycle' for a hostPath mount of '/'");
  if (typeof spec.storageClassName === 'string' && spec.storageClassName !== '')
    for (const msg of dns1123Subdomain(spec.storageClassName))
      pr.invalid(['spec', 'storageClassName'], spec.storageClassName, msg);
  const vac = spec.volumeAttributesClassName;
  if (typeof vac === 'string') {
    if (vac === '') pr.required(['spec', 'volumeAttributesClassName'], 'an empty string is disallowed');
    else for (const msg of dns1123Subdomain(vac)) pr.invalid(['spec', 'volumeAttributesClassName'], vac, msg);
    if (!isPlainObject(spec.csi))
      pr.required(['spec', 'csi'], 'has to be specified when using volumeAttributesClassName');
  }
  const annotations = metadata.annotations;
  if (isPlainObject(annotations) && annotations[MOUNT_OPTIONS_ANNOTATION] !== undefined)
    if (!MOUNT_OPTION_SOURCES.some((s) => isPlainObject(spec[s])))
      pr.forbidden(
        ['metadata', 'annotations', MOUNT_OPTIONS_ANNOTATION],
        'may not specify mount options for this volume type',
        `metadata.annotations.${MOUNT_OPTIONS_ANNOTATION}`,
      );
}

/** Only `storage`, given and positive (the whole map printed as Go's JSON, quantities canonical). */
function checkCapacity(pr: Problems, capacity: unknown): void {
  const map = isPlainObject(capacity) ? capacity : undefined;
  const keys = map ? Object.keys(map) : [];
  if (keys.length === 0) pr.required(['spec', 'capacity']);
  if (!map || !('storage' in map) || keys.length > 1) {
    const printed: Obj = {};
    if (map) for (const k of [...keys].sort()) printed[k] = quantityText(map[k]);
    pr.unsupportedPrinted(['spec', 'capacity'], map ? marshalJSON(printed as GoJSONValue) : 'null', ['storage']);
  }
  if (!map) return;
  for (const k of keys) {
    const q = map[k];
    if ((typeof q !== 'string' && typeof q !== 'number') || parseQuantity(q) === undefined) continue;
    const at = `${formatPath(['spec', 'capacity'])}[${k}]`;
    const whole = wholeValue(q);
    if (whole < 0n) pr.invalid(['spec', 'capacity', k], Number(whole), 'must be a valid resource quantity', at);
    if (milliValue(q) <= 0n) pr.invalid(['spec', 'capacity', k], canonicalQuantity(q), NOT_POSITIVE, at);
  }
}

const quantityText = (q: unknown) =>
  (typeof q === 'string' || typeof q === 'number') && parseQuantity(q) !== undefined ? canonicalQuantity(q) : q;

/** validatePVSecretReference: a name (a subdomain) and a namespace (a label). */
function secretReference(pr: Problems, p: FieldPath, ref: Obj): void {
  const name = typeof ref.name === 'string' ? ref.name : '';
  if (name === '') pr.required([...p, 'name']);
  else for (const msg of dns1123Subdomain(name)) pr.invalid([...p, 'name'], name, msg);
  const ns = typeof ref.namespace === 'string' ? ref.namespace : '';
  if (ns === '') pr.required([...p, 'namespace']);
  else for (const msg of dns1123Label(ns)) pr.invalid([...p, 'namespace'], ns, msg);
}

/** Go's path.Clean, enough to tell whether a path is the root. */
function cleanPath(p: string): string {
  if (!p.startsWith('/')) return p;
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return `/${parts.join('/')}`;
}
