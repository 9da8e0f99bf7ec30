// The connected cluster's OpenAPI v3 (through kube/openapi, which disk-caches by hash). CRDs installed in the
// cluster are published there too, so this one source covers built-ins and cluster CRDs.
import { GroupVersionDocument, SchemaSource } from '../types';

/**
 * What this source needs from kube/openapi (client-go's openapi3.Root in shape): the served group/version
 * paths and one group/version document. Kept structural so the server depends on behaviour, not a class.
 */
export interface OpenAPIV3Provider {
  /** Group/version paths as served at /openapi/v3: `api/v1`, `apis/apps/v1` (other paths are ignored). */
  paths(signal?: AbortSignal): Promise<string[]>;
  /** The document at one of those paths. */
  document(path: string, signal?: AbortSignal): Promise<GroupVersionDocument>;
  /** The served kinds' scopes from discovery (OpenAPI does not carry them): `apiVersion|Kind` → cluster-scoped. */
  scopes?(signal?: AbortSignal): Promise<Map<string, boolean>>;
}

export class ClusterSchemaSource implements SchemaSource {
  private listed?: Promise<Map<string, string>>;
  private readonly docs = new Map<string, Promise<GroupVersionDocument | undefined>>();
  private scopes?: Promise<Map<string, boolean> | undefined>;

  constructor(
    readonly name: string,
    private readonly provider: OpenAPIV3Provider,
    readonly kubernetesVersion?: string,
  ) {}

  async apiVersions(): Promise<string[]> {
    return [...(await this.list()).keys()].sort();
  }

  load(apiVersion: string): Promise<GroupVersionDocument | undefined> {
    let p = this.docs.get(apiVersion);
    if (!p) {
      p = this.list().then((m) => {
        const path = m.get(apiVersion);
        return path === undefined ? undefined : this.provider.document(path);
      });
      // A failed fetch is not remembered: the next validation retries (the cluster may be back).
      p.catch(() => this.docs.delete(apiVersion));
      this.docs.set(apiVersion, p);
    }
    return p;
  }

  /** From discovery, asked once (and again after a failure or invalidate()). */
  async clusterScoped(apiVersion: string, kind: string): Promise<boolean | undefined> {
    const provider = this.provider;
    if (!provider.scopes) return undefined;
    if (!this.scopes) {
      const p = provider.scopes().catch(() => {
        if (this.scopes === p) this.scopes = undefined;
        return undefined;
      });
      this.scopes = p;
    }
    return (await this.scopes)?.get(`${apiVersion}|${kind}`);
  }

  /** Forget everything (after CRDs change in the cluster, or a reconnect). */
  invalidate(): void {
    this.listed = undefined;
    this.scopes = undefined;
    this.docs.clear();
  }

  private list(): Promise<Map<string, string>> {
    if (!this.listed) {
      this.listed = this.provider.paths().then((paths) => {
        const m = new Map<string, string>();
        for (const p of paths) {
          const core = /^\/?api\/([^/]+)$/.exec(p);
          const named = /^\/?apis\/([^/]+)\/([^/]+)$/.exec(p);
          if (core) m.set(core[1], p);
          else if (named) m.set(`${named[1]}/${named[2]}`, p);
        }
        return m;
      });
      this.listed.catch(() => (this.listed = undefined));
    }
    return this.listed;
  }
}

/** The adapter over kube/openapi's client (disk-cached by hash, works offline from its cache). */
export function clusterSchemaSource(
  client: { paths(signal?: AbortSignal): Promise<Map<string, { schema(signal?: AbortSignal): Promise<unknown> }>> },
  name: string,
  kubernetesVersion?: string,
  scopes?: OpenAPIV3Provider['scopes'],
): ClusterSchemaSource {
  return new ClusterSchemaSource(
    name,
    {
      paths: async (signal) => [...(await client.paths(signal)).keys()],
      document: async (path, signal) => {
        const gv = (await client.paths(signal)).get(path);
        if (!gv) throw new Error(`OpenAPI v3 path ${path} is not served`);
        return (await gv.schema(signal)) as GroupVersionDocument;
      },
      scopes,
    },
    kubernetesVersion,
  );
}

/** "v1.35.2+k3s1" -> "1.35" (the minor version deprecations are judged against). */
export function minorVersionOf(gitVersion: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(gitVersion);
  return m ? `${m[1]}.${m[2]}` : undefined;
}
