// DynamicClient (client-go's dynamic.Interface): every verb on any resource, over unstructured objects.
// resource(gvr).namespace(ns).get(name) … — URLs are built by the RESTClient's request builder.
import type { ListerWatcher } from '../cache/types';
import type * as metav1 from '../apimachinery/meta';
import type { GroupVersionResource } from '../apimachinery/schema';
import { RESTClient } from '../rest/client';
import { protobufWire, type ContentConfig } from '../protobuf/contentType';
import type { RestConfig } from '../rest/config';
import { listAllPages, type KubeList, type PagerOptions } from '../rest/pager';
import { PatchType, type Request } from '../rest/request';
import type { WatchEvent, WatchStream } from '../rest/watch';
import type { Unstructured, UnstructuredList } from './unstructured';

/** Options every call takes. */
export interface CallOptions {
  signal?: AbortSignal;
  /** Per-request timeout (ms), overriding the config's. */
  timeout?: number;
}

export interface GetOptions extends CallOptions {
  resourceVersion?: string;
}

export interface ListOptions extends CallOptions, metav1.ListOptions {}

export interface WatchOptions extends CallOptions, metav1.WatchOptions {}

export interface WriteOptions extends CallOptions {
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
}

export interface ApplyOptions extends CallOptions {
  /** Required by server-side apply. */
  fieldManager: string;
  /** Take ownership of fields other managers own instead of failing with a conflict. */
  force?: boolean;
  dryRun?: boolean;
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
}

export interface DeleteOptions extends CallOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

export type PatchKind = 'json' | 'merge' | 'strategic-merge';
const PATCH_CONTENT_TYPES: Record<PatchKind, PatchType> = {
  json: PatchType.JSON,
  merge: PatchType.Merge,
  'strategic-merge': PatchType.StrategicMerge,
};

export class DynamicClient {
  private readonly clients = new Map<string, RESTClient>();
  readonly base: RESTClient;

  /**
   * Takes a RestConfig, or an existing RESTClient to share its transport, limiter and hooks. Like client-go's, the
   * dynamic client speaks JSON; `builtinContent` is for the typed ClientSet built on it: the Accept and body
   * encoding of the built-in group-versions kube/protobuf knows (typedContentConfig of the RestConfig).
   */
  constructor(
    configOrClient: RestConfig | RESTClient,
    private readonly builtinContent?: ContentConfig,
  ) {
    this.base = configOrClient instanceof RESTClient ? configOrClient : new RESTClient(configOrClient);
  }

  resource(gvr: GroupVersionResource): NamespaceableResourceClient {
    return new NamespaceableResourceClient(this.clientFor(gvr), gvr, '');
  }

  private clientFor(gvr: GroupVersionResource): RESTClient {
    const key = `${gvr.group}/${gvr.version}`;
    let c = this.clients.get(key);
    if (!c) {
      const content =
        this.builtinContent && protobufWire().hasProtobuf(gvr.group, gvr.version) ? this.builtinContent : undefined;
      c = this.base.forGroupVersion({ group: gvr.group, version: gvr.version }, content?.accept, content?.contentType);
      this.clients.set(key, c);
    }
    return c;
  }
}

/** What the client needs to know of an object: its name (typed API objects fit as well as unstructured ones). */
export interface ObjectWithMeta {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
}

export class ResourceClient<T extends ObjectWithMeta = Unstructured, L = UnstructuredList<T>> {
  constructor(
    protected readonly rest: RESTClient,
    readonly gvr: GroupVersionResource,
    readonly namespaceName: string,
  ) {}

  async get(name: string, options: GetOptions = {}, ...subresources: string[]): Promise<T> {
    return this.request(this.rest.get(), options)
      .name(name)
      .subresource(...subresources)
      .params({ resourceVersion: options.resourceVersion })
      .do<T>();
  }

  /** One list request (one page when limit is set; follow metadata.continue or use listAll). */
  async list(options: ListOptions = {}): Promise<L> {
    return this.request(this.rest.get(), options).params(listParams(options)).do<L>();
  }

  /** Every page, concatenated (client-go's pager; an expired continue token falls back to a full list). */
  async listAll(options: ListOptions = {}, pager: Omit<PagerOptions, 'signal'> = {}): Promise<L> {
    const list = await listAllPages<T>(
      (opts, signal) => this.list({ ...options, ...(opts as ListOptions), signal }) as Promise<KubeList<T>>,
      toPagerOptions(options),
      { ...pager, signal: options.signal },
    );
    return list as L;
  }

  async create(obj: T, options: WriteOptions = {}, ...subresources: string[]): Promise<T> {
    const req = this.request(this.rest.post(), options);
    if (subresources.length) req.name(nameOf(obj, 'create')).subresource(...subresources);
    return req.params(writeParams(options)).body(obj).do<T>();
  }

  async update(obj: T, options: WriteOptions = {}, ...subresources: string[]): Promise<T> {
    return this.request(this.rest.put(), options)
      .name(nameOf(obj, 'update'))
      .subresource(...subresources)
      .params(writeParams(options))
      .body(obj)
      .do<T>();
  }

  updateStatus(obj: T, options: WriteOptions = {}): Promise<T> {
    return this.update(obj, options, 'status');
  }

  /** JSON patch (RFC 6902 array), JSON merge patch (RFC 7386) or strategic merge patch (built-ins only). */
  async patch(
    name: string,
    kind: PatchKind,
    patch: unknown,
    options: WriteOptions = {},
    ...subresources: string[]
  ): Promise<T> {
    return this.request(this.rest.patch(PATCH_CONTENT_TYPES[kind]), options)
      .name(name)
      .subresource(...subresources)
      .params(writeParams(options))
      .body(typeof patch === 'string' ? patch : JSON.stringify(patch))
      .do<T>();
  }

  /** Server-side apply: the object is the manager's full intent (JSON is valid apply YAML). */
  async apply(name: string, obj: T, options: ApplyOptions, ...subresources: string[]): Promise<T> {
    if (!options.fieldManager) throw new Error('server-side apply needs a fieldManager');
    return this.request(this.rest.patch(PatchType.Apply), options)
      .name(name)
      .subresource(...subresources)
      .params({ ...writeParams(options), force: options.force ? true : undefined })
      .body(JSON.stringify(obj))
      .do<T>();
  }

  applyStatus(name: string, obj: T, options: ApplyOptions): Promise<T> {
    return this.apply(name, obj, options, 'status');
  }

  /** Returns the server's answer: the deleted object, the object with a deletionTimestamp, or a Status. */
  async delete(name: string, options: DeleteOptions = {}, ...subresources: string[]): Promise<T | undefined> {
    return this.request(this.rest.delete(), options)
      .name(name)
      .subresource(...subresources)
      .body(deleteBody(options))
      .do<T>();
  }

  async deleteCollection(options: DeleteOptions = {}, listOptions: ListOptions = {}): Promise<L | undefined> {
    return this.request(this.rest.delete(), options)
      .params(listParams({ ...listOptions, signal: undefined }))
      .body(deleteBody(options))
      .do<L>();
  }

  /** Opens a watch; iterate it for events, stop() closes it. ERROR events are thrown as StatusError. */
  watch(options: WatchOptions = {}): Promise<WatchStream<T>> {
    return this.request(this.rest.get(), { signal: options.signal })
      .params({
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
        resourceVersion: options.resourceVersion,
        allowWatchBookmarks: options.allowWatchBookmarks ? true : undefined,
        timeoutSeconds: options.timeoutSeconds,
        sendInitialEvents: options.sendInitialEvents === undefined ? undefined : options.sendInitialEvents,
        resourceVersionMatch: options.sendInitialEvents ? 'NotOlderThan' : undefined,
      })
      .watch<T>();
  }

  /** A ListerWatcher for an Informer over this resource (and namespace, if set). */
  listWatcher(): ListerWatcher<T> {
    return {
      list: (options: metav1.ListOptions, signal?: AbortSignal) =>
        this.list({ ...options, signal }) as Promise<KubeList<T>>,
      watch: (options: metav1.WatchOptions, signal?: AbortSignal) => this.watchIterable(options, signal),
    };
  }

  private async *watchIterable(options: metav1.WatchOptions, signal?: AbortSignal): AsyncIterable<WatchEvent<T>> {
    const stream = await this.watch({ ...options, signal });
    try {
      yield* stream;
    } finally {
      stream.stop();
    }
  }

  private request(req: Request, options: CallOptions): Request {
    if (this.namespaceName) req.namespace(this.namespaceName);
    req.resource(this.gvr.resource);
    if (options.signal) req.signal(options.signal);
    if (options.timeout !== undefined) req.timeout(options.timeout);
    return req;
  }
}

export class NamespaceableResourceClient<
  T extends ObjectWithMeta = Unstructured,
  L = UnstructuredList<T>,
> extends ResourceClient<T, L> {
  /** The same resource in a namespace ('' = all namespaces for list/watch). */
  namespace(namespace: string): ResourceClient<T, L> {
    return new ResourceClient<T, L>(this.rest, this.gvr, namespace);
  }
}

function nameOf(obj: ObjectWithMeta, verb: string): string {
  const name = obj.metadata?.name;
  if (!name) throw new Error(`${verb}: the object has no metadata.name`);
  return name;
}

function listParams(o: ListOptions): Record<string, string | number | undefined> {
  return { ...toPagerOptions(o) };
}

/** The metav1.ListOptions part of a call's options (without signal and timeout). */
function toPagerOptions(o: ListOptions): metav1.ListOptions {
  return {
    labelSelector: o.labelSelector,
    fieldSelector: o.fieldSelector,
    resourceVersion: o.resourceVersion,
    resourceVersionMatch: o.resourceVersionMatch,
    limit: o.limit,
    continue: o.continue,
    timeoutSeconds: o.timeoutSeconds,
  };
}

function writeParams(o: WriteOptions | ApplyOptions): Record<string, string | undefined> {
  return {
    dryRun: o.dryRun ? 'All' : undefined,
    fieldManager: o.fieldManager,
    fieldValidation: o.fieldValidation,
  };
}

function deleteBody(o: DeleteOptions): Record<string, unknown> {
  const body: Record<string, unknown> = { kind: 'DeleteOptions', apiVersion: 'v1' };
  if (o.gracePeriodSeconds !== undefined) body.gracePeriodSeconds = o.gracePeriodSeconds;
  if (o.propagationPolicy) body.propagationPolicy = o.propagationPolicy;
  if (o.preconditions) body.preconditions = o.preconditions;
  if (o.dryRun) body.dryRun = ['All'];
  return body;
}
