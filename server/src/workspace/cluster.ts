// The connected cluster (setting kubesense.context), through kube/: its OpenAPI v3 as the first schema source,
// server-side dry-run, and names of existing objects for completion. Everything is bounded: a slow or
// unreachable cluster costs a clear message, never a hanging editor.
import * as path from 'node:path';
import { ClientFactory } from '../../../kube/factory';
import type { RestConfig } from '../../../kube/rest/config';
import { isNotFound, StatusError } from '../../../kube/rest';
import { kindScopes, type DiscoveryInterface } from '../../../kube/discovery';
import type { OpenAPIAvailability, OpenAPIV3Client } from '../../../kube/openapi';
import type { DynamicClient } from '../../../kube/dynamic';
import { ClusterSchemaSource, clusterSchemaSource, splitApiVersion } from '../../../analysis/schema';
import type { ApiStatus, DryRunner } from '../../../analysis/features/dryRun';
import type { Logger } from './guard';
import type { ServerSettings } from '../../../protocol';
import { errorMessage } from '../../../kube/util/errors';
import { ClusterObjects, LiveObjects } from '../../../analysis/references/live';
import type { NamedReference } from '../../../analysis/features/completion';

const NAME_CACHE_TTL_MS = 30_000;
const REQUEST_TIMEOUT_MS = 10_000;
/** How long completion waits for a name list being fetched (a reachable cluster answers in tens of ms). */
export const NAME_WAIT_MS = 1_000;
const FIELD_MANAGER = 'kubesense';

/** Kinds whose names completion offers (the resource listed, and whether it lives in a namespace). */
export const NAMED_REFERENCES = {
  namespaces: { apiVersion: 'v1', resource: 'namespaces', namespaced: false },
  configmaps: { apiVersion: 'v1', resource: 'configmaps', namespaced: true },
  secrets: { apiVersion: 'v1', resource: 'secrets', namespaced: true },
  serviceaccounts: { apiVersion: 'v1', resource: 'serviceaccounts', namespaced: true },
} as const satisfies Record<NamedReference, { apiVersion: string; resource: string; namespaced: boolean }>;

interface NameCacheEntry {
  at: number;
  names?: string[];
  pending?: Promise<void>;
}

/** How the cluster's OpenAPI v3 answered a probe. */
export type ClusterProbe = OpenAPIAvailability;

export class ClusterConnection implements DryRunner {
  readonly schemaSource: ClusterSchemaSource;
  private readonly cachedOpenapi: OpenAPIV3Client;
  private cached?: ClusterSchemaSource;
  private readonly openapi: OpenAPIV3Client;
  readonly defaultNamespace: string;
  private readonly discovery: DiscoveryInterface;
  private readonly dynamic: DynamicClient;
  private readonly nameCache = new Map<string, NameCacheEntry>();
  private live?: ClusterObjects;
  /** Called after a request to the cluster succeeded (evidence it is reachable). */
  onReachable?: () => void;

  readonly config: RestConfig;

  private constructor(
    readonly context: string,
    factory: ClientFactory,
    private readonly log: Logger,
  ) {
    this.config = factory.restConfig();
    this.defaultNamespace = factory.namespace();
    this.openapi = factory.openAPI();
    this.discovery = factory.discovery();
    this.schemaSource = clusterSchemaSource(this.openapi, `cluster (context "${context}")`, undefined, (signal) =>
      kindScopes(this.discovery, signal),
    );
    this.cachedOpenapi = factory.cachedOpenAPI();
    this.dynamic = factory.dynamicClient();
  }

  /**
   * Resolve the context into a connection. Exec credential plugins run only when the client said the
   * workspace is trusted (they execute programs named by the kubeconfig).
   */
  static open(settings: ServerSettings, allowExecPlugins: boolean, log: Logger): ClusterConnection {
    // One file: that file alone (as --kubeconfig); several: merged as KUBECONFIG lists them; none: KUBECONFIG, then
    // ~/.kube/config (the extension passes its files as KUBECONFIG in the server's environment).
    const files = settings.kubeconfig;
    const factory = new ClientFactory({
      kubeconfig:
        files.length === 1
          ? { explicitPath: files[0], env: process.env }
          : { env: files.length > 1 ? { ...process.env, KUBECONFIG: files.join(path.delimiter) } : process.env },
      overrides: { context: settings.context, timeout: REQUEST_TIMEOUT_MS },
      credentials: {
        allowExecPlugins,
        env: process.env,
        // stdin/stdout carry the protocol: a plugin must never prompt or print there.
        execIO: { stderr: process.stderr, stdinIsTerminal: false },
      },
      longLived: true,
    });
    const connection = new ClusterConnection(settings.context, factory, log);
    // Namespaces are the names completion offers most (`namespace: `): fetch them now, not on the first ask.
    connection.cachedNames('namespaces', undefined);
    return connection;
  }

  /** Live objects fetched on demand, for references the workspace does not define. */
  liveObjects(): LiveObjects {
    return (this.live ??= new ClusterObjects(this.context, this.discovery, this.dynamic));
  }

  /**
   * The cluster's last known documents from the disk cache (written by this or an earlier session); undefined while
   * none were ever cached.
   */
  cachedSchemaSource(): ClusterSchemaSource | undefined {
    if (!this.cached && this.cachedOpenapi.hasCachedRoot())
      this.cached = clusterSchemaSource(
        this.cachedOpenapi,
        `last known schemas of cluster (context "${this.context}")`,
        undefined,
        (signal) => kindScopes(this.discovery, signal),
      );
    return this.cached;
  }

  /**
   * Ask for the OpenAPI v3 root (the request schema loading makes anyway: a live answer is kept for it). An answer
   * later than timeoutMs counts as slow; a root the client could only read from its disk cache, as unreachable.
   */
  probeSchemas(timeoutMs: number): Promise<ClusterProbe> {
    this.schemaSource.invalidate();
    return this.openapi.probe(timeoutMs);
  }

  /** Server-side apply with dryRun=All and strict field validation; null when the server accepts it. */
  async dryRun(object: Record<string, unknown>, signal: AbortSignal): Promise<ApiStatus | null> {
    const apiVersion = typeof object.apiVersion === 'string' ? object.apiVersion : '';
    const kind = typeof object.kind === 'string' ? object.kind : '';
    const metadata = (object.metadata && typeof object.metadata === 'object' ? object.metadata : {}) as Record<
      string,
      unknown
    >;
    const mapping = await this.resourceFor(apiVersion, kind, signal);
    if (!mapping) {
      return {
        status: 'Failure',
        reason: 'NotFound',
        message: `the server doesn't have a resource type for kind "${kind}" in version "${apiVersion}"`,
      };
    }
    const { group, version } = splitApiVersion(apiVersion);
    const base = this.dynamic.resource({ group, version, resource: mapping.resource });
    const namespace =
      typeof metadata.namespace === 'string' && metadata.namespace ? metadata.namespace : this.defaultNamespace;
    const client = mapping.namespaced ? base.namespace(namespace) : base;
    const name = typeof metadata.name === 'string' ? metadata.name : '';
    try {
      if (name)
        await client.apply(name, object as never, {
          fieldManager: FIELD_MANAGER,
          force: true,
          dryRun: true,
          fieldValidation: 'Strict',
          signal,
        });
      else
        await client.create(object as never, {
          dryRun: true,
          fieldValidation: 'Strict',
          fieldManager: FIELD_MANAGER,
          signal,
        });
      this.onReachable?.();
      return null;
    } catch (err) {
      if (err instanceof StatusError) {
        this.onReachable?.();
        return {
          status: 'Failure',
          message: err.message,
          reason: err.reason,
          code: err.code,
          details: err.details as ApiStatus['details'],
        };
      }
      throw err;
    }
  }

  private async resourceFor(
    apiVersion: string,
    kind: string,
    signal: AbortSignal,
  ): Promise<{ resource: string; namespaced: boolean } | undefined> {
    // A group/version the server does not serve is "no resource type"; anything else (unreachable, 403) is the answer.
    const find = async () => {
      try {
        const list = await this.discovery.serverResourcesForGroupVersion(apiVersion, signal);
        const r = (list.resources ?? []).find((x) => x.kind === kind && !x.name.includes('/'));
        return r ? { resource: r.name, namespaced: r.namespaced } : undefined;
      } catch (err) {
        if (isNotFound(err)) return undefined;
        throw err;
      }
    };
    const hit = await find();
    if (hit) return hit;
    // Maybe a stale discovery cache (a CRD installed since): refetch once, as kubectl does.
    this.discovery.invalidate();
    return find();
  }

  /**
   * Names of existing objects for completion: the cached list when fresh, else the fetch awaited for at most
   * `waitMs` (a stale list meanwhile, or undefined when none arrived yet: the answer is then incomplete).
   */
  async names(
    ref: NamedReference,
    namespace: string | undefined,
    signal: AbortSignal,
    waitMs = NAME_WAIT_MS,
  ): Promise<string[] | undefined> {
    const cached = this.cachedNames(ref, namespace);
    const pending = this.nameCache.get(this.nameKey(ref, namespace))?.pending;
    if (!pending) return cached;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    await Promise.race([
      pending,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, waitMs);
        onAbort = resolve;
        signal.addEventListener('abort', onAbort, { once: true });
      }),
    ]);
    clearTimeout(timer);
    if (onAbort) signal.removeEventListener('abort', onAbort);
    return this.cachedNames(ref, namespace);
  }

  private nameKey(ref: NamedReference, namespace: string | undefined): string {
    return `${ref}|${NAMED_REFERENCES[ref].namespaced ? (namespace ?? this.defaultNamespace) : ''}`;
  }

  /**
   * Names of existing objects, from a short-lived cache. A miss starts a bounded fetch and answers what is
   * cached (undefined before the first list arrives) at once.
   */
  cachedNames(ref: NamedReference, namespace: string | undefined): string[] | undefined {
    const spec = NAMED_REFERENCES[ref];
    const ns = spec.namespaced ? (namespace ?? this.defaultNamespace) : '';
    const key = this.nameKey(ref, namespace);
    const entry = this.nameCache.get(key) ?? { at: 0 };
    this.nameCache.set(key, entry);
    const fresh = Date.now() - entry.at < NAME_CACHE_TTL_MS;
    if (!fresh && !entry.pending) {
      const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      const base = this.dynamic.resource({ group: '', version: 'v1', resource: spec.resource });
      const client = spec.namespaced ? base.namespace(ns) : base;
      entry.pending = client
        .list({ limit: 500, signal })
        .then((list) => {
          entry.names = (list.items ?? [])
            .map((o) => String(o.metadata?.name ?? ''))
            .filter((n) => n !== '')
            .sort();
          entry.at = Date.now();
          this.onReachable?.();
        })
        .catch((err: unknown) => {
          entry.at = Date.now(); // do not retry in a loop against a failing cluster
          this.log.warn(`listing ${spec.resource}${ns ? ` in ${ns}` : ''} for completion: ${errorMessage(err)}`);
        })
        .finally(() => {
          entry.pending = undefined;
        });
    }
    return entry.names;
  }

  /** Resolves when no name fetch is in flight (tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.nameCache.values()].map((e) => e.pending));
  }
}
