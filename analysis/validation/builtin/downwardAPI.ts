// The downward API's selectors as pkg/apis/core/validation checks them (env vars and downwardAPI volume files):
// validateObjectFieldSelector (after ConvertDownwardAPIFieldLabel) and validateContainerResourceFieldSelector.
import type { FieldPath } from '../../documents/path';
import { qualifiedName } from './names';
import type { Obj, Problems } from './problems';

/** The pod fields an env var may read; a volume file reads fewer. */
export const ENV_FIELD_PATHS = [
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.serviceAccountName',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
];
export const VOLUME_FIELD_PATHS = [
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
];
/** ConvertDownwardAPIFieldLabel's labels of pod/v1 (`spec.host` is read as spec.nodeName). */
const CONVERTIBLE = new Set([
  ...VOLUME_FIELD_PATHS,
  ...ENV_FIELD_PATHS,
  'spec.restartPolicy',
  'spec.schedulerName',
  'status.phase',
]);
const RESOURCES = [
  'limits.cpu',
  'limits.ephemeral-storage',
  'limits.memory',
  'requests.cpu',
  'requests.ephemeral-storage',
  'requests.memory',
];
const HUGEPAGES = ['limits.hugepages-', 'requests.hugepages-'];

/** validateObjectFieldSelector of `fs` at `p` (apiVersion defaults to v1). */
export function checkFieldRef(pr: Problems, p: FieldPath, fs: Obj, allowed: string[]): void {
  const apiVersion = typeof fs.apiVersion === 'string' && fs.apiVersion !== '' ? fs.apiVersion : 'v1';
  const fieldPath = typeof fs.fieldPath === 'string' ? fs.fieldPath : '';
  if (fieldPath === '') return pr.required([...p, 'fieldPath']);
  const subscripted = splitSubscript(fieldPath);
  const conversion =
    apiVersion !== 'v1'
      ? `unsupported pod version: ${apiVersion}`
      : subscripted
        ? subscripted.path === 'metadata.annotations' || subscripted.path === 'metadata.labels'
          ? undefined
          : `field label does not support subscript: ${fieldPath}`
        : CONVERTIBLE.has(fieldPath) || fieldPath === 'spec.host'
          ? undefined
          : `field label not supported: ${fieldPath}`;
  if (conversion) return pr.invalid([...p, 'fieldPath'], fieldPath, `error converting fieldPath: ${conversion}`);
  if (subscripted) {
    const key = subscripted.path === 'metadata.annotations' ? subscripted.key.toLowerCase() : subscripted.key;
    for (const msg of qualifiedName(key)) pr.invalid(p, key, msg);
    return;
  }
  const internal = fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath;
  if (!allowed.includes(internal)) pr.unsupported([...p, 'fieldPath'], internal, [...allowed].sort());
}

/** validateContainerResourceFieldSelector of `fs` at `p` (a volume file's also names its container). */
export function checkResourceFieldRef(pr: Problems, p: FieldPath, fs: Obj, volume: boolean): void {
  const resource = typeof fs.resource === 'string' ? fs.resource : '';
  if (volume && (typeof fs.containerName !== 'string' || fs.containerName === '')) pr.required([...p, 'containerName']);
  else if (resource === '') pr.required([...p, 'resource']);
  else if (!RESOURCES.includes(resource) && !HUGEPAGES.some((h) => resource.startsWith(h)))
    pr.unsupported([...p, 'resource'], resource, RESOURCES);
}

/** fieldpath.SplitMaybeSubscriptedPath: `path['key']`. */
function splitSubscript(fieldPath: string): { path: string; key: string } | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const s = fieldPath.slice(0, -2);
  const at = s.indexOf("['");
  if (at <= 0) return undefined;
  return { path: s.slice(0, at), key: s.slice(at + 2) };
}
