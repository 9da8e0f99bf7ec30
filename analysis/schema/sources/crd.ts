// CustomResourceDefinitions read from files (workspace files, `--crd PATH`), served as synthesized
// group/version documents so CRDs and built-ins go through the same SchemaSource interface.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isPlainObject, parseManifestFile } from '../../documents';
import { GroupVersionDocument, OpenAPISchema, SchemaSource } from '../types';

/** A CRD version's scale subresource (checked apart from the schema: analysis/validation/scaleSubresource.ts). */
export interface ScaleSubresource {
  specReplicasPath: string;
  statusReplicasPath: string;
  labelSelectorPath?: string;
  /** The version also has a status subresource: create resets status, so its paths are not read. */
  statusReset: boolean;
}

export interface CrdVersionSchema {
  group: string;
  version: string;
  kind: string;
  plural?: string;
  namespaced: boolean;
  served: boolean;
  deprecated?: boolean;
  deprecationWarning?: string;
  schema: OpenAPISchema;
  /** The version's scale subresource (validated apart from the schema: analysis/validation/scaleSubresource.ts). */
  scale?: ScaleSubresource;
  /** The version has a status subresource: a create deletes status before validating (statusOnCreate.ts). */
  statusReset?: boolean;
  /** Where the CRD was defined (file uri/path). */
  origin: string;
}

/** Extract the per-version schemas of every CRD in a YAML text; other documents are skipped. */
export function crdSchemasFromText(text: string, origin: string): CrdVersionSchema[] {
  const out: CrdVersionSchema[] = [];
  const file = parseManifestFile(text, origin);
  for (const doc of file.documents) {
    if (doc.kind !== 'CustomResourceDefinition' || !doc.apiVersion?.startsWith('apiextensions.k8s.io/')) continue;
    out.push(...crdSchemasFromObject(doc.value, origin));
  }
  return out;
}

export function crdSchemasFromObject(crd: unknown, origin: string): CrdVersionSchema[] {
  if (!isPlainObject(crd) || !isPlainObject(crd.spec)) return [];
  const spec = crd.spec;
  const names = isPlainObject(spec.names) ? spec.names : {};
  const group = typeof spec.group === 'string' ? spec.group : '';
  const kind = typeof names.kind === 'string' ? names.kind : '';
  if (!group || !kind) return [];
  const namespaced = spec.scope !== 'Cluster';
  // v1beta1 CRDs could put one schema for all versions at spec.validation.
  const sharedSchema = isPlainObject(spec.validation)
    ? (spec.validation.openAPIV3Schema as OpenAPISchema | undefined)
    : undefined;
  const versions: unknown[] = Array.isArray(spec.versions)
    ? spec.versions
    : typeof spec.version === 'string'
      ? [{ name: spec.version, served: true }]
      : [];
  const out: CrdVersionSchema[] = [];
  for (const v of versions) {
    if (!isPlainObject(v) || typeof v.name !== 'string') continue;
    const own = isPlainObject(v.schema) ? (v.schema.openAPIV3Schema as OpenAPISchema | undefined) : undefined;
    const schema = own ?? sharedSchema ?? { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
    // v1beta1 CRDs could declare subresources for all versions at spec.subresources.
    const subresources = isPlainObject(v.subresources) ? v.subresources : spec.subresources;
    const scale = scaleOf(subresources);
    out.push({
      group,
      version: v.name,
      kind,
      plural: typeof names.plural === 'string' ? names.plural : undefined,
      namespaced,
      served: v.served !== false,
      deprecated: v.deprecated === true,
      deprecationWarning: typeof v.deprecationWarning === 'string' ? v.deprecationWarning : undefined,
      schema,
      ...(scale ? { scale } : {}),
      ...(isPlainObject(subresources) && isPlainObject(subresources.status) ? { statusReset: true } : {}),
      origin,
    });
  }
  return out;
}

function scaleOf(subresources: unknown): ScaleSubresource | undefined {
  if (!isPlainObject(subresources) || !isPlainObject(subresources.scale)) return undefined;
  const s = subresources.scale;
  if (typeof s.specReplicasPath !== 'string' || typeof s.statusReplicasPath !== 'string') return undefined;
  return {
    specReplicasPath: s.specReplicasPath,
    statusReplicasPath: s.statusReplicasPath,
    ...(typeof s.labelSelectorPath === 'string' ? { labelSelectorPath: s.labelSelectorPath } : {}),
    statusReset: subresources.status !== undefined && subresources.status !== null,
  };
}

/** Component name of a CRD version's root schema inside its synthesized document. */
export function crdSchemaName(c: { group: string; version: string; kind: string }): string {
  return `${c.group}.${c.version}.${c.kind}`;
}

/** CRDs from files; setText/remove keep it current as workspace files change. */
export class CrdSchemaSource implements SchemaSource {
  readonly name: string;
  private readonly byOrigin = new Map<string, CrdVersionSchema[]>();
  private documents?: Map<string, GroupVersionDocument>;

  constructor(name = 'CRD files') {
    this.name = name;
  }

  /** Read CRD files or folders (recursively: *.yaml, *.yml, *.json). Throws naming the file on read errors. */
  static fromPaths(paths: string[]): CrdSchemaSource {
    const source = new CrdSchemaSource(`CRD files ${paths.join(', ')}`);
    for (const p of paths) for (const f of listYamlFiles(p)) source.setText(f, fs.readFileSync(f, 'utf8'));
    return source;
  }

  setText(origin: string, text: string): void {
    const found = crdSchemasFromText(text, origin);
    if (found.length) this.byOrigin.set(origin, found);
    else this.byOrigin.delete(origin);
    this.documents = undefined;
  }

  addObject(origin: string, crd: unknown): void {
    this.byOrigin.set(origin, crdSchemasFromObject(crd, origin));
    this.documents = undefined;
  }

  remove(origin: string): void {
    this.byOrigin.delete(origin);
    this.documents = undefined;
  }

  /** All CRD versions known, served or not. */
  all(): CrdVersionSchema[] {
    return [...this.byOrigin.values()].flat();
  }

  async apiVersions(): Promise<string[]> {
    return [...this.build().keys()].sort();
  }

  async load(apiVersion: string): Promise<GroupVersionDocument | undefined> {
    return this.build().get(apiVersion);
  }

  private build(): Map<string, GroupVersionDocument> {
    if (this.documents) return this.documents;
    const docs = new Map<string, GroupVersionDocument>();
    for (const c of this.all()) {
      if (!c.served) continue;
      const av = `${c.group}/${c.version}`;
      let doc = docs.get(av);
      if (!doc) {
        doc = { components: { schemas: {} }, 'x-kubesense-crd': true };
        docs.set(av, doc);
      }
      const schemas = doc.components!.schemas!;
      const name = crdSchemaName(c);
      if (schemas[name]) continue; // first definition wins, as with duplicate CRD files
      schemas[name] = {
        ...withTypeMeta(c.schema),
        'x-kubernetes-group-version-kind': [{ group: c.group, version: c.version, kind: c.kind }],
        'x-kubesense-crd': {
          origin: c.origin,
          namespaced: c.namespaced,
          deprecated: c.deprecated,
          deprecationWarning: c.deprecationWarning,
          ...(c.scale ? { scale: c.scale } : {}),
          ...(c.statusReset ? { statusReset: true } : {}),
        },
      };
    }
    this.documents = docs;
    return docs;
  }
}

// The API server publishes every CRD version's schema with apiVersion, kind and metadata added at the root
// (apiextensions-apiserver's builder), whatever the CRD itself declares; hand-written CRDs rarely list them.
const TYPE_META: Record<string, OpenAPISchema> = {
  apiVersion: {
    type: 'string',
    description:
      'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  },
  kind: {
    type: 'string',
    description:
      'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  },
  metadata: {
    type: 'object',
    description:
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  },
};

function withTypeMeta(schema: OpenAPISchema): OpenAPISchema {
  const properties = { ...(schema.properties ?? {}) };
  for (const [k, v] of Object.entries(TYPE_META)) if (!(k in properties)) properties[k] = v;
  return { ...schema, properties };
}

function listYamlFiles(p: string): string[] {
  let st: fs.Stats;
  try {
    st = fs.statSync(p);
  } catch (e) {
    throw new Error(
      `--crd ${p}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (e as Error).message}`,
    );
  }
  if (!st.isDirectory()) return [p];
  const out: string[] = [];
  for (const entry of fs.readdirSync(p, { withFileTypes: true })) {
    const full = path.join(p, entry.name);
    if (entry.isDirectory()) out.push(...listYamlFiles(full));
    else if (/\.(ya?ml|json)$/i.test(entry.name)) out.push(full);
  }
  return out.sort();
}
