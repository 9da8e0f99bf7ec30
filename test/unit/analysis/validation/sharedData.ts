// Paths to the read-only real Kubernetes data beside the repository, a store over it, and the errors it gives.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CrdSchemaSource, DirectorySchemaSource, SchemaStore } from '../../../../analysis/schema';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { BUILTIN_ENUMS } from '../../../../analysis/validation/builtin/enums';

export const repoRoot = path.resolve(__dirname, '../../../../..');
export const sharedK8s = path.resolve(repoRoot, '../shared/k8s');
export const openapiDir = (version: '1.35' | '1.27'): string => path.join(sharedK8s, 'openapi-v3', version);

export function storeFor(version: '1.35' | '1.27', crdPaths: string[] = []): SchemaStore {
  const sources = [new DirectorySchemaSource(openapiDir(version))];
  if (crdPaths.length) sources.push(CrdSchemaSource.fromPaths(crdPaths.map((p) => path.join(sharedK8s, p))) as never);
  return new SchemaStore(sources);
}

type Obj = Record<string, Record<string, unknown>>;

/** The upstream 1.35 core/v1 document with `enum` on the fields a live API server publishes it for. */
export function clusterStyleStore(publish: Record<string, string[]> = {}): SchemaStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-empty-enum-'));
  const doc = JSON.parse(fs.readFileSync(path.join(openapiDir('1.35'), 'api', 'v1.json'), 'utf8'));
  const schemas = doc.components.schemas as Record<string, { properties: Obj }>;
  for (const [key, fields] of Object.entries(BUILTIN_ENUMS)) {
    if (!key.startsWith('core.')) continue;
    const props = schemas[`io.k8s.api.core.v1.${key.slice('core.'.length)}`].properties;
    for (const [field, values] of Object.entries(fields)) props[field].enum = values;
  }
  for (const [key, values] of Object.entries(publish)) {
    const dot = key.lastIndexOf('.');
    schemas[`io.k8s.api.core.v1.${key.slice('core.'.length, dot)}`].properties[key.slice(dot + 1)].enum = values;
  }
  (schemas['io.k8s.api.core.v1.PersistentVolumeClaimSpec'].properties.accessModes.items as Obj[string]).enum = [
    'ReadOnlyMany',
    'ReadWriteMany',
    'ReadWriteOnce',
    'ReadWriteOncePod',
  ];
  fs.mkdirSync(path.join(dir, 'api'));
  fs.writeFileSync(path.join(dir, 'api', 'v1.json'), JSON.stringify(doc));
  return new SchemaStore([new DirectorySchemaSource(dir)]);
}

export function listFiles(dir: string, filter: (f: string) => boolean): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...listFiles(full, filter));
    else if (filter(full)) out.push(full);
  }
  return out.sort();
}

/** The error messages kubesense gives one object (written as JSON), sorted. */
export async function errorMessages(store: SchemaStore, o: unknown): Promise<string[]> {
  const ds = await validate(parseManifestFile(JSON.stringify(o, null, 2), 'case.json'), store);
  return ds
    .filter((d) => d.severity === 'error')
    .map((d) => d.message)
    .sort();
}

/** A namespaced CRD `widgets.example.com/v1` of the given `spec` schema (YAML, indented for its place). */
export function widgetCrd(specSchema: string): string {
  return `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, kind: Widget}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
${specSchema}
`;
}

/** widgetCrd as an object, its root schema holding `spec`; `edit` changes it further. */
export function widgetCrdObject(spec: Record<string, unknown>, edit?: (c: Record<string, unknown>) => void) {
  const c: Record<string, unknown> = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'widgets', kind: 'Widget' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec } } },
        },
      ],
    },
  };
  edit?.(c);
  return c;
}

/** The error messages kubesense gives one object, in its order (the server's, where the checks follow it). */
export async function orderedErrorMessages(store: SchemaStore, o: unknown): Promise<string[]> {
  const ds = await validate(parseManifestFile(JSON.stringify(o, null, 2), 'case.json'), store);
  return ds.filter((d) => d.severity === 'error').map((d) => d.message);
}

/** Every apiextensions.k8s.io/v1 CRD of ../shared/k8s/crds and the CEL corpus (status dropped), labelled by file. */
export function sharedCrds(): { label: string; crd: Record<string, unknown> }[] {
  const files = [
    ...listFiles(path.join(sharedK8s, 'crds'), (f) => /\.ya?ml$/.test(f)),
    ...listFiles(path.join(sharedK8s, 'cel-corpus'), (f) => /\/crds\/.*\.ya?ml$/.test(f)),
  ].sort();
  const out: { label: string; crd: Record<string, unknown> }[] = [];
  for (const f of files) {
    for (const doc of parseManifestFile(fs.readFileSync(f, 'utf8'), f).manifests) {
      if (doc.kind !== 'CustomResourceDefinition' || doc.apiVersion !== 'apiextensions.k8s.io/v1') continue;
      const crd = structuredClone(doc.value) as Record<string, unknown>;
      delete crd.status;
      out.push({ label: `${path.relative(sharedK8s, f)} ${(crd.metadata as { name?: string }).name}`, crd });
    }
  }
  return out;
}

/** apimachinery's messages for a name that is no DNS subdomain / no DNS label, as the server prints them. */
export const SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const LABEL_MESSAGE =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

/** A Pod `p` in `default` with one container `c`, the rest of its spec from `spec`. */
export const podWith = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'i' }], ...spec },
});
