// ContextConnection over one context's kube/factory: one per expanded context, sharing one connection pool and
// rate limiter. Discovery comes from the function handed in (kube/discovery), so tests and the extension
// use the same cached discovery as the CLI.
import type { ClientFactory } from '../../../kube/factory';
import type { RESTClient } from '../../../kube/rest/client';
import type { RestConfig } from '../../../kube/rest/config';
import { redactURL } from '../../../kube/util/redact';
import type { EventLike } from './describe';
import type { ExplorerResource } from './kinds';
import type { LiveObjectList } from './liveList';
import type { KubeObjectJson } from './objectYaml';
import type { ContextConnection, LiveWatch, WatchTableOptions } from './ports';
import { watchTable } from './tableWatch';
import { serverSideApply, type ObjectMapper } from '../../../kube/apply';

export const FIELD_MANAGER = 'kubesense';

/** Actions are interactive: a stalled server must end in an error the user sees, not a spinner. */
export const ACTION_TIMEOUT_MS = 30_000;

export type Discover = (signal?: AbortSignal) => Promise<ExplorerResource[]>;

export class KubeContextConnection implements ContextConnection {
  readonly client: RESTClient;
  readonly config: RestConfig;
  private readonly watches = new Set<LiveWatch>();

  constructor(
    readonly contextName: string,
    private readonly factory: ClientFactory,
    private readonly discover: Discover,
    readonly execCommand?: string,
  ) {
    this.config = factory.restConfig();
    this.client = factory.restClient();
  }

  /** apiVersion + kind of a manifest → its resource, from the same cached discovery as the tree. */
  objectMapper(): ObjectMapper {
    return this.factory.objectMapper();
  }

  /** For display (tooltips, errors): user-info removed. */
  get server(): string {
    return redactURL(this.config.host);
  }

  get clientCertificate(): string | undefined {
    return this.config.tls.certData;
  }

  resources(signal?: AbortSignal): Promise<ExplorerResource[]> {
    return this.discover(signal);
  }

  watchTable(
    resource: ExplorerResource,
    namespace: string | undefined,
    list: LiveObjectList,
    options: WatchTableOptions,
  ): LiveWatch {
    const w = watchTable(this.client, resource, namespace, list, options);
    const tracked: LiveWatch = {
      stop: () => {
        this.watches.delete(tracked);
        w.stop();
      },
    };
    this.watches.add(tracked);
    return tracked;
  }

  private request(resource: ExplorerResource, verb: 'get' | 'delete', namespace: string | undefined) {
    const gv = this.client.forGroupVersion({ group: resource.group, version: resource.version });
    const req = verb === 'delete' ? gv.delete() : gv.get();
    if (resource.namespaced && namespace) req.namespace(namespace);
    return req.resource(resource.resource).timeout(ACTION_TIMEOUT_MS);
  }

  getObject(
    resource: ExplorerResource,
    namespace: string | undefined,
    name: string,
    signal?: AbortSignal,
  ): Promise<KubeObjectJson> {
    return this.request(resource, 'get', namespace).name(name).signal(signal).do<KubeObjectJson>();
  }

  async deleteObject(
    resource: ExplorerResource,
    namespace: string | undefined,
    name: string,
    signal?: AbortSignal,
  ): Promise<void> {
    // Background propagation: what kubectl delete does; dependents are collected by the garbage collector.
    await this.request(resource, 'delete', namespace)
      .name(name)
      .body({ kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Background' })
      .signal(signal)
      .do();
  }

  apply(
    resource: ExplorerResource,
    namespace: string | undefined,
    obj: KubeObjectJson,
    options: { dryRun: boolean; force: boolean },
    signal?: AbortSignal,
  ): Promise<KubeObjectJson> {
    const name = obj.metadata?.name;
    if (!name) return Promise.reject(new Error('metadata.name is required to apply'));
    // kube/apply's request: conflicts arrive as ApplyConflictError (managers and fields).
    const target = {
      mapping: {
        resource: { group: resource.group, version: resource.version, resource: resource.resource },
        groupVersionKind: { group: resource.group, version: resource.version, kind: resource.kind },
        scope: resource.namespaced ? ('namespace' as const) : ('root' as const),
      },
      namespace: resource.namespaced ? (namespace ?? obj.metadata?.namespace ?? '') : '',
      name,
      object: obj,
    };
    return serverSideApply(this.client, target, {
      fieldManager: FIELD_MANAGER,
      force: options.force,
      dryRun: options.dryRun,
      signal,
      timeoutMs: ACTION_TIMEOUT_MS,
    }) as Promise<KubeObjectJson>;
  }

  async events(namespace: string | undefined, uid: string | undefined, signal?: AbortSignal): Promise<EventLike[]> {
    const req = this.client.forGroupVersion({ group: '', version: 'v1' }).get().resource('events');
    if (namespace) req.namespace(namespace);
    if (uid) req.param('fieldSelector', `involvedObject.uid=${uid}`);
    const list = await req.param('limit', 500).timeout(ACTION_TIMEOUT_MS).signal(signal).do<{ items?: EventLike[] }>();
    return list.items ?? [];
  }

  dispose(): void {
    for (const w of [...this.watches]) w.stop();
  }
}
