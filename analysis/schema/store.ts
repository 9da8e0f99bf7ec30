// The one place features ask for schemas: sources in priority order (cluster, schema folder, download cache,
// CRD files), first source serving an apiVersion+kind wins. Documents load lazily, per group/version.
import { BUILTIN_GROUPS } from './builtinGroups';
import { kindsOfIndexedDocument } from './documentIndex';
import { ResolvedSchema } from './resolved';
import { apiVersionOf, GroupVersionDocument, KindInfo, OpenAPISchema, SchemaSource, splitApiVersion } from './types';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
// Kinds that carry a GVK in every group/version document but are not resources one writes.
const META_PREFIX = 'io.k8s.apimachinery.pkg.apis.meta.';

export type SchemaLookup =
  | { status: 'found'; schema: ResolvedSchema }
  /** The apiVersion is served but not this kind (the API server: "kind X not found in v1 groupversion"). */
  | { status: 'unknown-kind'; knownKinds: string[] }
  | { status: 'unknown-api-version'; servedApiVersions: string[] }
  | { status: 'no-sources' };

interface IndexedDocument {
  document: GroupVersionDocument;
  /** kind -> components key */
  kinds: Map<string, string>;
  source: SchemaSource;
}

export class SchemaStore {
  private sources: SchemaSource[];
  private readonly indexed = new Map<string, Promise<IndexedDocument | undefined>>(); // `${sourceIdx}|${apiVersion}`
  private readonly resolved = new Map<string, ResolvedSchema>();
  private generation = 0;
  /**
   * Set while these sources stand in for a cluster that cannot be read (why, e.g. `cluster (context "x"): connect
   * ECONNREFUSED`): what they lack may still be served there, so validation reports it as a note, never an error.
   */
  fallbackFor?: string;

  constructor(sources: SchemaSource[] = []) {
    this.sources = [...sources];
  }

  /** Replace the sources (e.g. after connecting to a cluster); drops every cache. */
  setSources(sources: SchemaSource[]): void {
    this.sources = [...sources];
    this.invalidate();
  }

  getSources(): readonly SchemaSource[] {
    return this.sources;
  }

  /** Drop cached documents (a CRD file changed, the cluster's CRDs changed). */
  invalidate(): void {
    this.indexed.clear();
    this.resolved.clear();
    this.generation++;
  }

  /** Bumped on every invalidate(); compiled validators keyed by it are discarded. */
  get version(): number {
    return this.generation;
  }

  get isEmpty(): boolean {
    return this.sources.length === 0;
  }

  /** Kubernetes minor version of the first source that knows it (target for deprecations). */
  get kubernetesVersion(): string | undefined {
    return this.sources.find((s) => s.kubernetesVersion)?.kubernetesVersion;
  }

  /** Human-readable list of sources, for "no schema" messages and logs. */
  describeSources(): string {
    return this.sources.map((s) => s.name).join(', ') || 'no schema source';
  }

  async schemaFor(apiVersion: string, kind: string): Promise<ResolvedSchema | undefined> {
    const r = await this.lookup(apiVersion, kind);
    return r.status === 'found' ? r.schema : undefined;
  }

  /** The schema lookup() found for the kind before, if it did (no promise: asked once per object validated). */
  foundBefore(apiVersion: string, kind: string): ResolvedSchema | undefined {
    return this.sources.length === 0 ? undefined : this.resolved.get(`${apiVersion}|${kind}`);
  }

  /** Like schemaFor, but says why nothing was found. */
  async lookup(apiVersion: string, kind: string): Promise<SchemaLookup> {
    if (this.sources.length === 0) return { status: 'no-sources' };
    const cacheKey = `${apiVersion}|${kind}`;
    const hit = this.resolved.get(cacheKey);
    if (hit) return { status: 'found', schema: hit };
    let servedBySomeone = false;
    const knownKinds = new Set<string>();
    for (let i = 0; i < this.sources.length; i++) {
      const idx = await this.index(i, apiVersion);
      if (!idx) continue;
      servedBySomeone = true;
      const name = idx.kinds.get(kind);
      if (name) {
        const schema = await this.resolve(apiVersion, kind, name, idx);
        this.resolved.set(cacheKey, schema);
        return { status: 'found', schema };
      }
      for (const k of idx.kinds.keys()) knownKinds.add(k);
    }
    if (servedBySomeone) return { status: 'unknown-kind', knownKinds: [...knownKinds].sort() };
    return { status: 'unknown-api-version', servedApiVersions: await this.apiVersions() };
  }

  /** The apiVersions of `group` that serve `kind` in some source (a kind asked for at a version it lacks). */
  async versionsServing(group: string, kind: string): Promise<string[]> {
    const out: string[] = [];
    for (const av of await this.apiVersions()) {
      if (splitApiVersion(av).group !== group) continue;
      for (let i = 0; i < this.sources.length; i++) {
        const idx = await this.index(i, av).catch(() => undefined);
        if (idx?.kinds.has(kind)) {
          out.push(av);
          break;
        }
      }
    }
    return out;
  }

  /** Every apiVersion served by any source (for completion). */
  async apiVersions(): Promise<string[]> {
    const all = new Set<string>();
    for (const s of this.sources) {
      for (const av of await s.apiVersions().catch(() => [] as string[])) all.add(av);
    }
    return [...all].sort(compareApiVersions);
  }

  /** Kinds served (optionally for one apiVersion): resources one writes, not meta kinds, nor List kinds unless asked. */
  async kinds(apiVersion?: string, withLists = false): Promise<KindInfo[]> {
    const out: KindInfo[] = [];
    const seen = new Set<string>();
    const versions = apiVersion ? [apiVersion] : await this.apiVersions();
    for (const av of versions) {
      for (let i = 0; i < this.sources.length; i++) {
        const idx = await this.index(i, av).catch(() => undefined);
        if (!idx) continue;
        for (const [kind, schemaName] of idx.kinds) {
          const key = `${av}|${kind}`;
          if (seen.has(key) || (!withLists && isListKind(kind, idx.document, schemaName))) continue;
          seen.add(key);
          out.push({ apiVersion: av, kind, schemaName, source: idx.source.name });
        }
      }
    }
    return out;
  }

  private index(sourceIndex: number, apiVersion: string): Promise<IndexedDocument | undefined> {
    const key = `${sourceIndex}|${apiVersion}`;
    let p = this.indexed.get(key);
    if (!p) {
      const source = this.sources[sourceIndex];
      p = (async () => {
        if (!(await source.apiVersions()).includes(apiVersion)) return undefined;
        const document = await source.load(apiVersion);
        if (!document) return undefined;
        return { document, kinds: kindsOf(document, apiVersion), source };
      })();
      p.catch(() => this.indexed.delete(key));
      this.indexed.set(key, p);
    }
    return p;
  }

  private async resolve(
    apiVersion: string,
    kind: string,
    schemaName: string,
    idx: IndexedDocument,
  ): Promise<ResolvedSchema> {
    const { group, version } = splitApiVersion(apiVersion);
    const isCustomResource = idx.document['x-kubesense-crd'] === true || !BUILTIN_GROUPS.has(group);
    let document = idx.document;
    if (isCustomResource) document = await this.withObjectMeta(document, schemaName);
    return new ResolvedSchema(
      { group, version, kind },
      schemaName,
      document,
      idx.source.name,
      isCustomResource,
      idx.source,
    );
  }

  /**
   * A CRD's schema says only `metadata: {type: object}`, but the API server decodes metadata as ObjectMeta
   * (strictly). Borrow ObjectMeta and its dependencies from the built-in core document when one is available.
   */
  private async withObjectMeta(document: GroupVersionDocument, schemaName: string): Promise<GroupVersionDocument> {
    const schemas = document.components?.schemas ?? {};
    const root = schemas[schemaName];
    const md = root?.properties?.metadata;
    if (!root || (md && (md.$ref || md.allOf))) return document;
    let core: IndexedDocument | undefined;
    for (let i = 0; i < this.sources.length && !core; i++) core = await this.index(i, 'v1').catch(() => undefined);
    const coreSchemas = core?.document.components?.schemas;
    if (!coreSchemas?.[OBJECT_META]) return document;
    const borrowed: Record<string, OpenAPISchema> = {};
    collectRefs(OBJECT_META, coreSchemas, borrowed);
    const newRoot: OpenAPISchema = {
      ...root,
      properties: {
        ...root.properties,
        // A CRD may constrain metadata.name/generateName (properties): kept as checks beside ObjectMeta's fields.
        metadata: {
          ...(md ?? {}),
          type: undefined,
          properties: undefined,
          allOf: [
            { $ref: `#/components/schemas/${OBJECT_META}` },
            ...(md?.properties ? [{ properties: md.properties }] : []),
          ],
        },
      },
    };
    return {
      ...document,
      components: { ...document.components, schemas: { ...schemas, ...borrowed, [schemaName]: newRoot } },
    };
  }
}

function collectRefs(name: string, from: Record<string, OpenAPISchema>, into: Record<string, OpenAPISchema>): void {
  if (into[name] || !from[name]) return;
  into[name] = from[name];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') collectRefs(x.replace('#/components/schemas/', ''), from, into);
        else visit(x);
      }
    }
  };
  visit(from[name]);
}

function kindsOf(document: GroupVersionDocument, apiVersion: string): Map<string, string> {
  const kinds = new Map<string, string>();
  // From an index (documentIndex.ts) when there is one: reading each definition's GVKs would parse them all.
  const definitions =
    (kindsOfIndexedDocument(document) as [string, OpenAPISchema['x-kubernetes-group-version-kind']][] | undefined) ??
    Object.entries(document.components?.schemas ?? {}).map(([name, s]) => [name, s['x-kubernetes-group-version-kind']]);
  for (const [name, gvks] of definitions) {
    if (name.startsWith(META_PREFIX)) continue;
    for (const gvk of gvks ?? []) {
      if (apiVersionOf(gvk) === apiVersion && !kinds.has(gvk.kind)) kinds.set(gvk.kind, name);
    }
  }
  return kinds;
}

function isListKind(kind: string, document: GroupVersionDocument, schemaName: string): boolean {
  if (!kind.endsWith('List')) return false;
  const s = document.components?.schemas?.[schemaName];
  return !!s?.properties?.items;
}

/** Core first, then by group, GA before beta before alpha (what completion should offer first). */
export function compareApiVersions(a: string, b: string): number {
  const ga = splitApiVersion(a);
  const gb = splitApiVersion(b);
  if (ga.group !== gb.group) return ga.group === '' ? -1 : gb.group === '' ? 1 : ga.group.localeCompare(gb.group);
  return versionPriority(gb.version) - versionPriority(ga.version);
}

/** Kubernetes version priority: v2 > v1 > v1beta2 > v1beta1 > v1alpha1 > anything else. */
export function versionPriority(v: string): number {
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return -1;
  const major = Number(m[1]);
  const stage = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
  const minor = m[3] ? Number(m[3]) : 0;
  return stage * 1_000_000 + major * 1000 + minor;
}
