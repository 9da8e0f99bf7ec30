// Live objects of the connected cluster, fetched on demand for references the workspace does not define: one GET
// per object (or one labelled Pod list per selector), cached briefly. Through kube/ (discovery, REST mapper,
// dynamic client); any failure is "cannot tell", never "missing".
import type { DiscoveryInterface } from '../../kube/discovery';
import { serverGroupsAndResources } from '../../kube/discovery/helpers';
import { DiscoveryRESTMapper, groupResourcesFromLegacy, isNoMatchError, RESTMapping } from '../../kube/mapper';
import type { DynamicClient } from '../../kube/dynamic';
import { isNotFound, RequestAbortedError } from '../../kube/rest';
import { keyString, LabelSelector, ObjectKey } from './model';
import { selectorString } from './extract';

const TTL_MS = 30_000;
const MAPPER_TTL_MS = 5 * 60_000;

/** What a check learned from the cluster: the object (or null when absent), or why it could not ask. */
export type LiveAnswer<T> = { known: true; value: T } | { known: false; reason: string };

export interface LiveObjects {
  /** The context's name, for messages. */
  readonly context: string;
  /** The live object, or null when the cluster says it does not exist. */
  get(key: ObjectKey, signal: AbortSignal): Promise<LiveAnswer<Record<string, unknown> | null>>;
  /** Whether a live Pod in the namespace matches the selector. */
  anyPod(namespace: string, selector: LabelSelector, signal: AbortSignal): Promise<LiveAnswer<boolean>>;
  /** The mapping of a kind (resource, version, scope), for addresses of live objects. */
  mapping(group: string, kind: string, signal: AbortSignal): Promise<RESTMapping | undefined>;
}

interface Cached<T> {
  at: number;
  answer: Promise<LiveAnswer<T>>;
  /** The fetch was cancelled by the signal of the check that started it (a newer check superseded it). */
  cancelled?: boolean;
}

export class ClusterObjects implements LiveObjects {
  private mapperAt = 0;
  private mapper?: Promise<DiscoveryRESTMapper>;
  private readonly objects = new Map<string, Cached<Record<string, unknown> | null>>();
  private readonly pods = new Map<string, Cached<boolean>>();

  constructor(
    readonly context: string,
    private readonly discovery: DiscoveryInterface,
    private readonly dynamic: DynamicClient,
  ) {}

  async mapping(group: string, kind: string, signal: AbortSignal): Promise<RESTMapping | undefined> {
    if (!this.mapper || Date.now() - this.mapperAt > MAPPER_TTL_MS) {
      this.mapperAt = Date.now();
      this.mapper = serverGroupsAndResources(this.discovery, signal).then(
        ({ groups, resources }) => new DiscoveryRESTMapper(groupResourcesFromLegacy(groups, resources)),
      );
      this.mapper.catch(() => (this.mapper = undefined));
    }
    const mapper = await this.mapper;
    try {
      return mapper.restMapping({ group, kind });
    } catch (err) {
      if (isNoMatchError(err)) return undefined;
      throw err;
    }
  }

  get(key: ObjectKey, signal: AbortSignal): Promise<LiveAnswer<Record<string, unknown> | null>> {
    return cached(this.objects, keyString(key), signal, async () => {
      const m = await this.mapping(key.group, key.kind, signal);
      if (!m) return null; // the cluster does not serve this kind at all: no such object there
      const base = this.dynamic.resource(m.resource);
      const client = m.scope === 'namespace' ? base.namespace(key.namespace) : base;
      try {
        return (await client.get(key.name, { signal })) as unknown as Record<string, unknown>;
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    });
  }

  anyPod(namespace: string, selector: LabelSelector, signal: AbortSignal): Promise<LiveAnswer<boolean>> {
    const labelSelector = selectorString(selector);
    return cached(this.pods, `${namespace}|${labelSelector}`, signal, async () => {
      const list = await this.dynamic
        .resource({ group: '', version: 'v1', resource: 'pods' })
        .namespace(namespace)
        .list({ labelSelector, limit: 1, signal });
      return (list.items ?? []).length > 0;
    });
  }
}

/**
 * One fetch per key for TTL_MS, shared by concurrent checks. A fetch cancelled by the check that started it is not
 * an answer: it is dropped from the cache, and a check whose own signal is still live asks again.
 */
async function cached<T>(
  m: Map<string, Cached<T>>,
  key: string,
  signal: AbortSignal,
  fetch: () => Promise<T>,
): Promise<LiveAnswer<T>> {
  for (let attempt = 0; ; attempt++) {
    const hit = m.get(key);
    let entry = hit && Date.now() - hit.at < TTL_MS ? hit : undefined;
    if (!entry) {
      const fresh: Cached<T> = { at: Date.now(), answer: Promise.resolve({ known: false, reason: '' }) };
      fresh.answer = fetch().then(
        (value): LiveAnswer<T> => ({ known: true, value }),
        (err: unknown): LiveAnswer<T> => {
          if (isCancellation(err)) fresh.cancelled = true;
          return { known: false, reason: err instanceof Error ? err.message : String(err) };
        },
      );
      m.set(key, fresh);
      entry = fresh;
    }
    const answer = await entry.answer;
    if (!entry.cancelled) return answer;
    if (m.get(key) === entry) m.delete(key);
    if (signal.aborted || attempt >= 2) return answer;
  }
}

function isCancellation(err: unknown): boolean {
  return err instanceof RequestAbortedError ? !err.timedOut : err instanceof Error && err.name === 'AbortError';
}
