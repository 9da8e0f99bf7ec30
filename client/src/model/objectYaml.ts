// Objects as YAML for the read-only view and the editable copy, and the checks an edited copy passes
// before it is server-side applied.
import * as jsyaml from 'js-yaml';
import { parseAllDocuments } from 'yaml';

export interface KubeObjectJson {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/** kubectl -o yaml style: keys sorted as Go's JSON->YAML does, no line folding, no anchors. */
export function toYaml(obj: unknown): string {
  return jsyaml.dump(obj, { sortKeys: true, lineWidth: -1, noRefs: true, quotingType: '"' });
}

/**
 * The read-only view of an object: `kubectl get -o yaml`, which hides `metadata.managedFields` (often 80+ lines of
 * field ownership before the first line the user cares about) unless `--show-managed-fields` (kubectl 1.21+).
 */
export function objectViewYaml(obj: KubeObjectJson, options: { showManagedFields?: boolean } = {}): string {
  if (options.showManagedFields || !obj.metadata || !('managedFields' in obj.metadata)) return toYaml(obj);
  const { managedFields: _hidden, ...metadata } = obj.metadata;
  return toYaml({ ...obj, metadata });
}

/** The query of a YAML view's address that shows managed fields (the default view hides them). */
export const SHOW_MANAGED_FIELDS_QUERY = 'managedFields=show';

// Fields the server owns; applying them would either fail or fight the server.
const SERVER_METADATA = [
  'managedFields',
  'uid',
  'creationTimestamp',
  'generation',
  'selfLink',
  'resourceVersion',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

/** The object as a starting point for an edit to apply: what the user owns, not what the server filled in. */
export function editableCopy(obj: KubeObjectJson): KubeObjectJson {
  const copy = structuredClone(obj);
  delete copy.status;
  if (copy.metadata) {
    for (const k of SERVER_METADATA) delete copy.metadata[k];
    const annotations = copy.metadata.annotations as Record<string, string> | undefined;
    if (annotations) {
      delete annotations['kubectl.kubernetes.io/last-applied-configuration'];
      if (Object.keys(annotations).length === 0) delete copy.metadata.annotations;
    }
  }
  return copy;
}

/**
 * Where an edited copy lives, `/<context>/<namespace|_>/<kind>-<name> (edit).yaml`: the file name is the tab's
 * title (kind and name, as `kubectl edit` names its temporary file), the folders tell copies from two contexts apart.
 */
export function editedCopyPath(address: { context: string; namespace?: string; name: string }, kind: string): string {
  // Object names never hold a slash; context names may ("arn:aws:eks:…:cluster/prod").
  const folder = (s: string) => s.replace(/\//g, '%2F');
  return `/${folder(address.context)}/${address.namespace ?? '_'}/${kind.toLowerCase()}-${address.name} (edit).yaml`;
}

export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  name: string;
  namespace?: string;
}

/**
 * Parses an edited copy and checks it still names the object it was opened from: applying a renamed
 * copy would create a second object, which is not what "edit" means.
 */
export function parseEditedCopy(text: string, expected: ObjectIdentity): KubeObjectJson {
  const docs = parseAllDocuments(text).filter((d) => d.contents !== null);
  if (docs.length !== 1) throw new Error(`the edited copy must hold exactly one YAML document (found ${docs.length})`);
  const doc = docs[0]!;
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new Error(`YAML error at line ${e.linePos?.[0].line ?? '?'}: ${e.message.split('\n')[0]}`);
  }
  const obj = doc.toJS() as KubeObjectJson;
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) throw new Error('the edited copy is not a YAML mapping');
  const check = (field: string, actual: unknown, want: unknown) => {
    if ((actual ?? '') !== (want ?? '')) {
      throw new Error(
        `${field} changed from "${want ?? ''}" to "${String(actual ?? '')}"; edit copies apply to the same object (create a new manifest to make another one)`,
      );
    }
  };
  check('kind', obj.kind, expected.kind);
  check('apiVersion', obj.apiVersion, expected.apiVersion);
  check('metadata.name', obj.metadata?.name, expected.name);
  if (expected.namespace !== undefined)
    check('metadata.namespace', obj.metadata?.namespace ?? expected.namespace, expected.namespace);
  return obj;
}
