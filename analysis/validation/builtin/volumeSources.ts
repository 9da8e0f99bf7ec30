// validateVolumeSource of pkg/apis/core/validation: one source per volume (the first in Go's order is validated,
// each later one is Forbidden), and what OpenAPI does not say of emptyDir, hostPath, gitRepo, secret, nfs,
// persistentVolumeClaim, downwardAPI, configMap, projected, csi, ephemeral (its claim template, claims.ts) and image;
// the in-tree network and cloud sources are inTreeVolumeSources.ts'. A volume with
// no source at all is none of these: v1's defaulting makes it an emptyDir.
import { type FieldPath, formatPath } from '../../documents/path';
import type { FieldProblem } from '../schemaValidator';
import { isPlainObject } from '../../documents/manifest';
import { parseQuantity } from '../../../kube/util/quantity';
import { checkFieldRef, checkResourceFieldRef, VOLUME_FIELD_PATHS } from './downwardAPI';
import { dns1123Subdomain } from './names';
import { checkClaimTemplate } from './claims';
import { checkIscsiVolumeName, IN_TREE_POD_SOURCES } from './inTreeVolumeSources';
import { checkEphemeralClaimName, type PodName } from './ephemeralClaims';
import type { Obj, Problems } from './problems';

/** The sources in validateVolumeSource's order, each with the child name its Forbidden error uses (Go's typos kept). */
const SOURCES: [json: string, forbiddenAt: string][] = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

const SOURCE_ORDER = new Map(SOURCES.map(([json], i) => [json, i]));

const FILE_MODE = 'must be a number between 0 and 0777 (octal), both inclusive';
const CSI_DRIVER_NAME_MAX = 63;

/**
 * The checks of one volume `v`, reported under `p` (the volume's path as the server numbers it). `isPod`: the object
 * is a Pod (an image volume needs its reference); `podName`: the pod's or template's name, which an ephemeral
 * volume's claim is named after.
 */
export function checkVolumeSource(pr: Problems, p: FieldPath, v: Obj, isPod = false, podName?: PodName): void {
  // A volume has a name and (nearly always) one source: look its own keys up, in Go's order.
  const present: number[] = [];
  for (const key in v) {
    const at = SOURCE_ORDER.get(key);
    if (at !== undefined && isPlainObject(v[key])) present.push(at);
  }
  if (present.length > 1) present.sort((a, b) => a - b);
  let sources = 0;
  for (const at of present) {
    const [json, forbiddenAt] = SOURCES[at];
    const source = v[json] as Obj;
    // emptyDir comes first, so it is always the one validated.
    if (sources > 0) {
      pr.forbidden([...p, forbiddenAt], 'may not specify more than 1 volume type');
      continue;
    }
    sources++;
    SOURCE_CHECKS[json]?.(pr, [...p, json], source);
    if (json === 'ephemeral') checkEphemeralClaimName(pr, p, nonEmpty(v.name) ? (v.name as string) : '', podName);
    else if (json === 'image' && isPod && !nonEmpty(source.reference)) pr.required([...p, 'image', 'reference']);
  }
  if (v.iscsi !== undefined) checkIscsiVolumeName(pr, p, v);
}

const SOURCE_CHECKS: Record<string, (pr: Problems, p: FieldPath, s: Obj) => void> = {
  ...IN_TREE_POD_SOURCES,
  emptyDir(pr, p, s) {
    const limit = s.sizeLimit;
    if ((typeof limit === 'string' || typeof limit === 'number') && (parseQuantity(limit) ?? 0) < 0)
      pr.forbidden([...p, 'sizeLimit'], 'SizeLimit field must be a valid resource quantity');
  },
  gcePersistentDisk: persistentDisk('pdName'),
  awsElasticBlockStore: persistentDisk('volumeID'),
  hostPath(pr, p, s) {
    if (!nonEmpty(s.path)) return pr.required([...p, 'path']);
    noBacksteps(pr, [...p, 'path'], s.path as string);
  },
  gitRepo(pr, p, s) {
    if (!nonEmpty(s.repository)) pr.required([...p, 'repository']);
    localDescendingPath(pr, [...p, 'directory'], text(s.directory));
  },
  secret(pr, p, s) {
    if (!nonEmpty(s.secretName)) pr.required([...p, 'secretName']);
    fileMode(pr, [...p, 'defaultMode'], s.defaultMode);
    keysToPaths(pr, [...p, 'items'], s.items);
  },
  nfs(pr, p, s) {
    if (!nonEmpty(s.server)) pr.required([...p, 'server']);
    if (!nonEmpty(s.path)) pr.required([...p, 'path']);
    if (!text(s.path).startsWith('/')) pr.invalid([...p, 'path'], text(s.path), 'must be an absolute path');
  },
  persistentVolumeClaim(pr, p, s) {
    if (!nonEmpty(s.claimName)) pr.required([...p, 'claimName']);
  },
  downwardAPI(pr, p, s) {
    fileMode(pr, [...p, 'defaultMode'], s.defaultMode);
    // validateDownwardAPIVolumeFile reports each item's errors at the source's path, not the item's.
    if (Array.isArray(s.items)) for (const file of s.items) if (isPlainObject(file)) downwardAPIFile(pr, p, file);
  },
  configMap(pr, p, s) {
    if (!nonEmpty(s.name)) pr.required([...p, 'name']);
    fileMode(pr, [...p, 'defaultMode'], s.defaultMode);
    keysToPaths(pr, [...p, 'items'], s.items);
  },
  projected(pr, p, s) {
    fileMode(pr, [...p, 'defaultMode'], s.defaultMode);
    if (Array.isArray(s.sources)) projectionSources(pr, p, s.sources);
  },
  ephemeral(pr, p, s) {
    if (isPlainObject(s.volumeClaimTemplate))
      checkClaimTemplate(pr, [...p, 'volumeClaimTemplate'], s.volumeClaimTemplate);
    else pr.required([...p, 'volumeClaimTemplate']);
  },
  csi(pr, p, s) {
    csiDriverName(pr, [...p, 'driver'], text(s.driver));
    const ref = s.nodePublishSecretRef;
    if (!isPlainObject(ref)) return;
    if (!nonEmpty(ref.name)) pr.required([...p, 'nodePublishSecretRef', 'name']);
    // Reported at csi.name, as validateCSIVolumeSource names it.
    else for (const msg of dns1123Subdomain(ref.name as string)) pr.invalid([...p, 'name'], ref.name, msg);
  },
};

/**
 * validateGCEPersistentDiskVolumeSource and validateAWSElasticBlockStoreVolumeSource (pod volumes and a
 * PersistentVolume's spec): the disk's id, a partition from 0 to 255 (Go's message says 1).
 */
function persistentDisk(id: string): (pr: Problems, p: FieldPath, s: Obj) => void {
  return (pr, p, s) => {
    if (!nonEmpty(s[id])) pr.required([...p, id]);
    const partition = s.partition;
    if (typeof partition === 'number' && (partition < 0 || partition > 255))
      pr.invalid([...p, 'partition'], partition, 'must be between 1 and 255, inclusive');
  };
}

/** The pod volume check of a source (by JSON name) that a PersistentVolume's spec shares. */
export function podVolumeSourceCheck(json: string): ((pr: Problems, p: FieldPath, s: Obj) => void) | undefined {
  return SOURCE_CHECKS[json];
}

/**
 * The server names a GCE disk's fields `persistentDisk.…` (validateVolumeSource and validatePersistentVolumeSpec
 * pass that path) and a mount's propagation `volumeMounts.mountPropagation`, whichever check finds the problem;
 * decoding errors keep the JSON name.
 */
export function withGoVolumeFieldNames(problems: FieldProblem[]): void {
  for (let i = 0; i < problems.length; i++) {
    const p = problems[i];
    if (p.field || p.code === 'type' || p.code === 'unknown-field') continue;
    const named = goFieldPath(p);
    if (!named) continue;
    const written = formatPath(p.path);
    const field = formatPath(named);
    problems[i] = { ...p, field, message: p.message.replace(written, field) };
  }
}

/** The path the server names, where Go's validation passes another than the field's own. */
function goFieldPath(p: FieldProblem): FieldPath | undefined {
  const disk = p.path.indexOf('gcePersistentDisk');
  if (disk >= 0 && disk < p.path.length - 1) return p.path.map((s, k) => (k === disk ? 'persistentDisk' : s));
  // ValidateVolumeMounts checks a mount's propagation and recursive read-only at the list's path, not the item's.
  const n = p.path.length;
  if (p.code === 'enum' && n >= 3 && p.path[n - 3] === 'volumeMounts' && typeof p.path[n - 2] === 'number')
    if (p.path[n - 1] === 'mountPropagation' || p.path[n - 1] === 'recursiveReadOnly')
      return [...p.path.slice(0, n - 2), p.path[n - 1]];
  return undefined;
}

/** validateProjectionSources (the secret, configMap, downwardAPI and serviceAccountToken sources). */
function projectionSources(pr: Problems, p: FieldPath, list: unknown[]): void {
  const paths = new Set<string>();
  // A second item with the same path is reported at the projection, with the source's name (or the path) as value.
  const claim = (path: unknown, value: unknown) => {
    if (!nonEmpty(path)) return;
    if (paths.has(path as string)) pr.invalid(p, value, 'conflicting duplicate paths');
    paths.add(path as string);
  };
  list.forEach((source, i) => {
    if (!isPlainObject(source)) return;
    const at = [...p, 'sources', i];
    let kinds = 0;
    for (const kind of ['secret', 'configMap'] as const) {
      const s = source[kind];
      if (!isPlainObject(s)) continue;
      kinds++;
      if (!nonEmpty(s.name)) pr.required([...at, kind, 'name']);
      if (Array.isArray(s.items))
        s.items.forEach((kp, j) => {
          if (!isPlainObject(kp)) return;
          keyToPath(pr, [...at, kind, 'items', j], kp);
          claim(kp.path, text(s.name));
        });
    }
    const downward = source.downwardAPI;
    if (isPlainObject(downward)) {
      kinds++;
      if (Array.isArray(downward.items))
        for (const file of downward.items) {
          if (!isPlainObject(file)) continue;
          downwardAPIFile(pr, [...at, 'downwardAPI'], file);
          claim(file.path, text(file.path));
        }
    }
    const token = source.serviceAccountToken;
    if (isPlainObject(token)) {
      kinds++;
      // Defaulted to one hour when left out.
      const seconds = typeof token.expirationSeconds === 'number' ? token.expirationSeconds : 3600;
      const secondsAt = [...at, 'serviceAccountToken', 'expirationSeconds'];
      if (seconds < 600) pr.invalid(secondsAt, seconds, 'may not specify a duration less than 10 minutes');
      if (seconds > 2 ** 32) pr.invalid(secondsAt, seconds, 'may not specify a duration larger than 2^32 seconds');
      // Reported at the projection's path, not the source's.
      if (!nonEmpty(token.path)) pr.required([...p, 'path']);
      else localNonReservedPath(pr, [...p, 'path'], token.path as string);
    }
    for (const other of ['clusterTrustBundle', 'podCertificate']) if (isPlainObject(source[other])) kinds++;
    if (kinds > 1) pr.forbidden(at, 'may not specify more than 1 volume type per source');
  });
}

/** validateDownwardAPIVolumeFile, at `p` (the source: Go does not index the items). */
function downwardAPIFile(pr: Problems, p: FieldPath, file: Obj): void {
  if (!nonEmpty(file.path)) pr.required([...p, 'path']);
  localNonReservedPath(pr, [...p, 'path'], text(file.path));
  const fieldRef = isPlainObject(file.fieldRef);
  if (fieldRef) checkFieldRef(pr, [...p, 'fieldRef'], file.fieldRef as Obj, VOLUME_FIELD_PATHS);
  else if (isPlainObject(file.resourceFieldRef))
    checkResourceFieldRef(pr, [...p, 'resourceFieldRef'], file.resourceFieldRef, true);
  if (fieldRef && isPlainObject(file.resourceFieldRef))
    pr.invalid(p, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously');
  else if (!fieldRef && !isPlainObject(file.resourceFieldRef))
    pr.required(p, 'one of fieldRef and resourceFieldRef is required');
  fileMode(pr, [...p, 'mode'], file.mode);
}

function keysToPaths(pr: Problems, p: FieldPath, items: unknown): void {
  if (Array.isArray(items)) items.forEach((kp, i) => isPlainObject(kp) && keyToPath(pr, [...p, i], kp));
}

/** validateKeyToPath. */
function keyToPath(pr: Problems, p: FieldPath, kp: Obj): void {
  if (!nonEmpty(kp.key)) pr.required([...p, 'key']);
  if (!nonEmpty(kp.path)) pr.required([...p, 'path']);
  localNonReservedPath(pr, [...p, 'path'], text(kp.path));
  fileMode(pr, [...p, 'mode'], kp.mode);
}

function fileMode(pr: Problems, p: FieldPath, mode: unknown): void {
  if (typeof mode === 'number' && (mode > 0o777 || mode < 0)) pr.invalid(p, mode, FILE_MODE);
}

/** ValidateLocalNonReservedPath. */
function localNonReservedPath(pr: Problems, p: FieldPath, path: string): void {
  localDescendingPath(pr, p, path);
  // Not twice for `../x`: the backstep check has said it.
  if (path.startsWith('..') && !path.startsWith('../')) pr.invalid(p, path, "must not start with '..'");
}

/** validateLocalDescendingPath; `field` where the server reports it, when not at `p`. */
export function localDescendingPath(pr: Problems, p: FieldPath, path: string, field?: FieldPath): void {
  if (path.startsWith('/')) pr.invalid(p, path, 'must be a relative path', field);
  noBacksteps(pr, p, path, field);
}

/** validatePathNoBacksteps: one error, however many `..` elements. */
export function noBacksteps(pr: Problems, p: FieldPath, path: string, field?: FieldPath): void {
  if (path.split('/').includes('..')) pr.invalid(p, path, "must not contain '..'", field);
}

/** ValidateCSIDriverName (also a CSIDriver's and a CSINode driver's name). */
export function csiDriverName(pr: Problems, p: FieldPath, name: string): void {
  if (name === '') return pr.required(p);
  if (Buffer.byteLength(name) > CSI_DRIVER_NAME_MAX) pr.tooLong(p, `may not be more than ${CSI_DRIVER_NAME_MAX} bytes`);
  for (const msg of dns1123Subdomain(name.toLowerCase())) pr.invalid(p, name, msg);
}

const nonEmpty = (v: unknown) => typeof v === 'string' && v !== '';
const text = (v: unknown) => (typeof v === 'string' ? v : '');
