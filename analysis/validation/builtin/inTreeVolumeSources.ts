// The in-tree network and cloud volume sources of pkg/apis/core/validation (iscsi, rbd, cephfs, fc, flexVolume,
// azureFile/azureDisk, quobyte, glusterfs, portworx, scaleIO, storageos, photon, vSphere, cinder, flocker), as
// validateVolumeSource checks them in a pod's volumes and validatePersistentVolumeSpec in a PersistentVolume's spec
// (the `…PersistentVolumeSource` variants check a secret reference's namespace too). Each check runs only for a
// source that is present, so objects without these sources pay nothing.
import { type FieldPath, formatPath } from '../../documents/path';
import { isPlainObject } from '../../documents/manifest';
import { dns1123Label } from './names';
import type { Obj, Problems } from './problems';

export type SourceCheck = (pr: Problems, p: FieldPath, s: Obj) => void;

const HOST_PORT_PAIRS = 'must be a host:port pair or multiple pairs separated by commas';
const LUN_RANGE = 'must be between 0 and 255, inclusive';
const IQN = /iqn\.\d{4}-\d{2}\.([A-Za-z0-9.-]+)(:[^,;*&$|\s]+)$/;
const EUI = /^eui.[A-Za-z0-9]{16}$/;
const NAA = /^naa.[A-Za-z0-9]{32}$/;
const AZURE_CACHING_MODES = ['None', 'ReadOnly', 'ReadWrite'];
const AZURE_DISK_KINDS = ['Dedicated', 'Managed', 'Shared'];
const AZURE_MANAGED_URI =
  '/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}';
const AZURE_BLOB_URI = 'https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd';

/** The pod volume's checks of these sources, by JSON name. */
export const IN_TREE_POD_SOURCES: Record<string, SourceCheck> = {
  iscsi: (pr, p, s) => iscsi(pr, p, s, false),
  glusterfs: (pr, p, s) => glusterfs(pr, p, s, false),
  flocker,
  rbd: (pr, p, s) => rbd(pr, p, s),
  cinder: (pr, p, s) => cinder(pr, p, s, false),
  // Go's path is `cephfs` here and `cephFS` in the one-source error.
  cephfs: (pr, p, s) => cephfs(pr, p, s),
  quobyte,
  fc,
  flexVolume,
  azureFile: (pr, p, s) => azureFile(pr, p, s, false),
  vsphereVolume: required('volumePath'),
  photonPersistentDisk: required('pdID'),
  portworxVolume: required('volumeID'),
  azureDisk,
  storageos: (pr, p, s) => storageos(pr, p, s, false),
  scaleIO: required('gateway', 'system', 'volumeName'),
};

/** A PersistentVolume's checks of the same sources (validate…PersistentVolumeSource where Go has one). */
export const IN_TREE_PV_SOURCES: Record<string, SourceCheck> = {
  ...IN_TREE_POD_SOURCES,
  iscsi: (pr, p, s) => iscsi(pr, p, s, true),
  glusterfs: (pr, p, s) => glusterfs(pr, p, s, true),
  cinder: (pr, p, s) => cinder(pr, p, s, true),
  azureFile: (pr, p, s) => azureFile(pr, p, s, true),
  storageos: (pr, p, s) => storageos(pr, p, s, true),
};

/**
 * The pod volume check Go makes of an iSCSI source beside the source's own (even when it is not the one validated):
 * with an initiator name, `<volume name>:<targetPortal>` fits in 64 characters. A PersistentVolume's is in its
 * iscsi check, at `targetportal`.
 */
export function checkIscsiVolumeName(pr: Problems, p: FieldPath, v: Obj): void {
  const s = v.iscsi;
  if (!isPlainObject(s) || s.initiatorName === undefined) return;
  const name = text(v.name);
  if (`${name}:${text(s.targetPortal)}`.length > 64) pr.invalid([...p, 'name'], name, ISCSI_TOO_LONG);
}

const ISCSI_TOO_LONG =
  'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.';

/** validateISCSIVolumeSource and, with `pv` (the PV's name, reported at `targetportal`), its PV variant. */
function iscsi(pr: Problems, p: FieldPath, s: Obj, pv: boolean, pvName?: string): void {
  if (!nonEmpty(s.targetPortal)) pr.required([...p, 'targetPortal']);
  if (pv && pvName !== undefined && s.initiatorName !== undefined)
    if (`${pvName}:${text(s.targetPortal)}`.length > 64)
      pr.invalid([...p, 'targetportal'], text(s.targetPortal), ISCSI_TOO_LONG);
  if (!nonEmpty(s.iqn)) pr.required([...p, 'iqn']);
  else iscsiName(pr, [...p, 'iqn'], s.iqn as string, pv);
  const lun = typeof s.lun === 'number' ? s.lun : 0;
  if (lun < 0 || lun > 255) pr.invalid([...p, 'lun'], lun, LUN_RANGE);
  if ((s.chapAuthDiscovery === true || s.chapAuthSession === true) && !isPlainObject(s.secretRef))
    pr.required([...p, 'secretRef']);
  if (pv && isPlainObject(s.secretRef) && !nonEmpty(s.secretRef.name)) pr.required([...p, 'secretRef', 'name']);
  if (typeof s.initiatorName === 'string') iscsiName(pr, [...p, 'initiatorname'], s.initiatorName, pv);
}

/** A PersistentVolume's iSCSI source, which also checks `<pv name>:<targetPortal>`. */
export function checkPersistentVolumeIscsi(pr: Problems, p: FieldPath, s: Obj, pvName: string): void {
  iscsi(pr, p, s, true, pvName);
}

/** An IQN or initiator name: iqn, eui or naa formats (the PV variant says only "must be valid format"). */
function iscsiName(pr: Problems, p: FieldPath, v: string, pv: boolean): void {
  if (!/^(iqn|eui|naa)/.test(v))
    pr.invalid(p, v, pv ? 'must be valid format' : 'must be valid format starting with iqn, eui, or naa');
  else if (!(v.startsWith('iqn') ? IQN : v.startsWith('eui') ? EUI : NAA).test(v))
    pr.invalid(p, v, 'must be valid format');
}

function glusterfs(pr: Problems, p: FieldPath, s: Obj, pv: boolean): void {
  if (!nonEmpty(s.endpoints)) pr.required([...p, 'endpoints']);
  if (!nonEmpty(s.path)) pr.required([...p, 'path']);
  if (!pv || typeof s.endpointsNamespace !== 'string') return;
  const ns = s.endpointsNamespace;
  const at = [...p, 'endpointsNamespace'];
  if (ns === '') pr.invalid(at, ns, 'if the endpointnamespace is set, it must be a valid namespace name');
  else for (const msg of dns1123Label(ns)) pr.invalid(at, ns, msg);
}

function flocker(pr: Problems, p: FieldPath, s: Obj): void {
  const name = text(s.datasetName);
  const uuid = text(s.datasetUUID);
  if (name === '' && uuid === '') pr.required(p, 'one of datasetName and datasetUUID is required');
  if (name !== '' && uuid !== '')
    pr.invalid(p, 'resource', 'datasetName and datasetUUID can not be specified simultaneously');
  if (name.includes('/')) pr.invalid([...p, 'datasetName'], name, "must not contain '/'");
}

function rbd(pr: Problems, p: FieldPath, s: Obj): void {
  if (!Array.isArray(s.monitors) || s.monitors.length === 0) pr.required([...p, 'monitors']);
  if (!nonEmpty(s.image)) pr.required([...p, 'image']);
}

function cinder(pr: Problems, p: FieldPath, s: Obj, pv: boolean): void {
  if (!nonEmpty(s.volumeID)) pr.required([...p, 'volumeID']);
  secretRefNames(pr, p, s.secretRef, pv);
}

function cephfs(pr: Problems, p: FieldPath, s: Obj): void {
  if (!Array.isArray(s.monitors) || s.monitors.length === 0) pr.required([...p, 'monitors']);
}

function quobyte(pr: Problems, p: FieldPath, s: Obj): void {
  const registry = text(s.registry);
  if (registry === '') pr.required([...p, 'registry'], HOST_PORT_PAIRS);
  else if (text(s.tenant).length >= 65)
    pr.required([...p, 'tenant'], 'must be a UUID and may not exceed a length of 64 characters');
  else
    for (const pair of registry.split(','))
      if (!hostPort(pair)) pr.invalid([...p, 'registry'], registry, HOST_PORT_PAIRS);
  if (!nonEmpty(s.volume)) pr.required([...p, 'volume']);
}

/** Whether Go's net.SplitHostPort accepts `v`: `host:port` or `[host]:port`, one colon outside brackets. */
function hostPort(v: string): boolean {
  const colon = v.lastIndexOf(':');
  if (colon < 0) return false;
  const host = v.slice(0, colon);
  if (host.startsWith('[')) return host.endsWith(']') && !host.slice(1, -1).includes(']');
  return !host.includes(':') && !host.includes('[') && !host.includes(']') && !v.slice(colon + 1).includes('[');
}

function fc(pr: Problems, p: FieldPath, s: Obj): void {
  const wwns = Array.isArray(s.targetWWNs) ? s.targetWWNs : [];
  const wwids = Array.isArray(s.wwids) ? s.wwids : [];
  if (wwns.length === 0 && wwids.length === 0)
    pr.required([...p, 'targetWWNs'], 'must specify either targetWWNs or wwids, but not both');
  if (wwns.length && wwids.length)
    pr.invalid([...p, 'targetWWNs'], wwns, 'targetWWNs and wwids can not be specified simultaneously');
  if (wwns.length === 0) return;
  if (typeof s.lun !== 'number') pr.required([...p, 'lun'], 'lun is required if targetWWNs is specified');
  else if (s.lun < 0 || s.lun > 255) pr.invalid([...p, 'lun'], s.lun, LUN_RANGE);
}

function flexVolume(pr: Problems, p: FieldPath, s: Obj): void {
  if (!nonEmpty(s.driver)) pr.required([...p, 'driver']);
  if (!isPlainObject(s.options)) return;
  for (const key in s.options) {
    const slash = key.indexOf('/');
    const normalized = `.${(slash >= 0 ? key.slice(0, slash) : key).toLowerCase()}`;
    if (normalized.endsWith('.kubernetes.io') || normalized.endsWith('.k8s.io'))
      pr.invalid(
        [...p, 'options', key],
        key,
        'kubernetes.io and k8s.io namespaces are reserved',
        `${formatPath([...p, 'options'])}[${key}]`,
      );
  }
}

function azureFile(pr: Problems, p: FieldPath, s: Obj, pv: boolean): void {
  if (!nonEmpty(s.secretName)) pr.required([...p, 'secretName']);
  if (!nonEmpty(s.shareName)) pr.required([...p, 'shareName']);
  if (pv && s.secretNamespace === '') pr.required([...p, 'secretNamespace']);
}

function azureDisk(pr: Problems, p: FieldPath, s: Obj): void {
  if (!nonEmpty(s.diskName)) pr.required([...p, 'diskName']);
  const uri = text(s.diskURI);
  if (uri === '') pr.required([...p, 'diskURI']);
  if (typeof s.cachingMode === 'string' && !AZURE_CACHING_MODES.includes(s.cachingMode))
    pr.unsupported([...p, 'cachingMode'], s.cachingMode, AZURE_CACHING_MODES);
  if (typeof s.kind !== 'string') return;
  if (!AZURE_DISK_KINDS.includes(s.kind)) pr.unsupported([...p, 'kind'], s.kind, AZURE_DISK_KINDS);
  if (s.kind === 'Managed' && !uri.startsWith('/subscriptions/'))
    pr.unsupported([...p, 'diskURI'], uri, [AZURE_MANAGED_URI]);
  if (s.kind !== 'Managed' && !uri.startsWith('https://')) pr.unsupported([...p, 'diskURI'], uri, [AZURE_BLOB_URI]);
}

function storageos(pr: Problems, p: FieldPath, s: Obj, pv: boolean): void {
  const name = text(s.volumeName);
  if (name === '') pr.required([...p, 'volumeName']);
  else for (const msg of dns1123Label(name)) pr.invalid([...p, 'volumeName'], name, msg);
  const ns = text(s.volumeNamespace);
  if (ns !== '') for (const msg of dns1123Label(ns)) pr.invalid([...p, 'volumeNamespace'], ns, msg);
  secretRefNames(pr, p, s.secretRef, pv);
}

/** A secret reference's name (and, in a PersistentVolume, namespace) given. */
function secretRefNames(pr: Problems, p: FieldPath, ref: unknown, pv: boolean): void {
  if (!isPlainObject(ref)) return;
  if (!nonEmpty(ref.name)) pr.required([...p, 'secretRef', 'name']);
  if (pv && !nonEmpty(ref.namespace)) pr.required([...p, 'secretRef', 'namespace']);
}

function required(...fields: string[]): SourceCheck {
  return (pr, p, s) => {
    for (const f of fields) if (!nonEmpty(s[f])) pr.required([...p, f]);
  };
}

const nonEmpty = (v: unknown) => typeof v === 'string' && v !== '';
const text = (v: unknown) => (typeof v === 'string' ? v : '');
