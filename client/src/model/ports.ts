// What the explorer model needs from kube/, as narrow interfaces: the VS Code glue and the tests hand in
// implementations over the real clients (see contextConnection.ts), the model itself stays free of I/O choices.
import type { ObjectMapper } from '../../../kube/apply';
import type { ExplorerResource } from './kinds';
import type { EventLike } from './describe';
import type { LiveObjectList } from './liveList';
import type { KubeObjectJson } from './objectYaml';
import type { RESTClient } from '../../../kube/rest/client';

/** One context of the merged kubeconfig, with the file that defined it. */
export interface ContextInfo {
  name: string;
  cluster?: string;
  user?: string;
  /** The context's namespace (empty = "default"). */
  namespace?: string;
  /** The kubeconfig file whose `contexts` entry won the merge. */
  file: string;
  server?: string;
  /** The user's exec credential plugin command, if it uses one. */
  execCommand?: string;
  /** Changes when anything the connection is made from changes (server, CA, token, certificate, exec). */
  connection?: string;
}

export interface KubeconfigSnapshot {
  /** The files merged, in precedence order (existing or not). */
  files: string[];
  contexts: ContextInfo[];
  currentContext?: string;
  /** Set when the files could not be read/parsed; the message names the file and field. */
  error?: unknown;
}

export interface LiveWatch {
  stop(): void;
}

export interface WatchTableOptions {
  pageSize: number;
  /** Client-side limit for each list page: a stalled server becomes an error item instead of a spinner. */
  requestTimeoutMs: number;
  /** First page in the list or the first failure: whichever comes first lets the tree render. */
  onFirstResult(err?: unknown): void;
  /** Failures after the first result (watch broken, relist failed); `undefined` once healthy again. */
  onHealth(err: unknown | undefined): void;
}

/** Access to one context's cluster, created lazily when the context is expanded. */
export interface ContextConnection {
  readonly contextName: string;
  readonly server: string;
  /** The context's REST client (describers and live views build their own typed access on it). */
  readonly client: RESTClient;
  /** PEM client certificate in use, to recognise expiry on 401 (never logged). */
  readonly clientCertificate?: string;
  /** The exec credential plugin the user authenticates with, if any: a 401 then usually means "log in again". */
  readonly execCommand?: string;
  resources(signal?: AbortSignal): Promise<ExplorerResource[]>;
  /** Lists (paged, as server-side Table) and watches one kind into `list` until stopped. */
  watchTable(
    resource: ExplorerResource,
    namespace: string | undefined,
    list: LiveObjectList,
    options: WatchTableOptions,
  ): LiveWatch;
  getObject(
    resource: ExplorerResource,
    namespace: string | undefined,
    name: string,
    signal?: AbortSignal,
  ): Promise<KubeObjectJson>;
  deleteObject(
    resource: ExplorerResource,
    namespace: string | undefined,
    name: string,
    signal?: AbortSignal,
  ): Promise<void>;
  /** Server-side apply (fieldManager kubesense); dryRun returns what the server would store. */
  apply(
    resource: ExplorerResource,
    namespace: string | undefined,
    obj: KubeObjectJson,
    options: { dryRun: boolean; force: boolean },
    signal?: AbortSignal,
  ): Promise<KubeObjectJson>;
  /** Maps a manifest's apiVersion + kind to its resource (discovery-backed, refetched once on a miss). */
  objectMapper(): ObjectMapper;
  /** Events about one object (by uid), or all of a namespace when uid is omitted. */
  events(namespace: string | undefined, uid: string | undefined, signal?: AbortSignal): Promise<EventLike[]>;
  dispose(): void;
}

export type ContextConnectionFactory = (context: ContextInfo) => Promise<ContextConnection>;
