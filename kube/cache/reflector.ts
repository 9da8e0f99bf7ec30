// client-go's Reflector: list (paged) then watch from the list's resourceVersion, following the watch's
// resourceVersion (events and bookmarks) so a dropped stream resumes without loss; relist when the server
// says the version is too old (410 Gone / Expired); back off on other failures.
import { isGone, isResourceExpired, isStatusObject, StatusError } from '../rest/errors';
import { Backoff, BackoffOptions, sleep } from './backoff';
import type { KubeObjectLike, ListerWatcher, WatchOptions } from './types';

/** Where the reflector delivers what it learns (the informer's store). */
export interface ReflectorSink<T> {
  replace(items: T[], resourceVersion: string): void;
  added(obj: T): void;
  modified(obj: T): void;
  deleted(obj: T): void;
}

export interface ReflectorOptions {
  /** Page size for lists (client-go's pager default: 500). 0 = no paging. */
  pageSize?: number;
  labelSelector?: string;
  fieldSelector?: string;
  /** Server-side watch timeout; a random value in [min, 2*min) like client-go, default min 300 s. */
  minWatchTimeoutSeconds?: number;
  backoff?: BackoffOptions;
  /** Every list/watch failure, for logs; the reflector keeps going. */
  onError?: (err: unknown, during: 'list' | 'watch') => void;
}

export class Reflector<T extends KubeObjectLike> {
  private lastResourceVersion = '';
  private needsList = true;
  private readonly backoff: Backoff;
  /** Counters for tests and diagnostics. */
  readonly stats = { lists: 0, listPages: 0, watches: 0, relistsAfterGone: 0, events: 0, bookmarks: 0 };

  constructor(
    private readonly lw: ListerWatcher<T>,
    private readonly sink: ReflectorSink<T>,
    private readonly options: ReflectorOptions = {},
  ) {
    this.backoff = new Backoff(options.backoff);
  }

  get lastSyncResourceVersion(): string {
    return this.lastResourceVersion;
  }

  /** Runs until the signal aborts. Never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const phase: 'list' | 'watch' = this.needsList ? 'list' : 'watch';
      try {
        if (this.needsList) await this.list(signal);
        if (signal.aborted) break;
        const progressed = await this.watch(signal);
        if (!progressed && !signal.aborted) await sleep(this.backoff.next(), signal);
      } catch (err) {
        if (signal.aborted) break;
        if (isGone(err) || isResourceExpired(err)) {
          // Our resourceVersion is older than the server keeps: start over from a fresh list.
          this.needsList = true;
          this.stats.relistsAfterGone++;
          this.options.onError?.(err, phase);
          continue;
        }
        this.options.onError?.(err, phase);
        await sleep(this.backoff.next(), signal);
      }
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    this.stats.lists++;
    const items: T[] = [];
    let continueToken: string | undefined;
    let resourceVersion = '';
    const limit = this.options.pageSize ?? 500;
    for (;;) {
      let page;
      try {
        page = await this.lw.list(
          {
            labelSelector: this.options.labelSelector,
            fieldSelector: this.options.fieldSelector,
            limit: limit > 0 ? limit : undefined,
            continue: continueToken,
          },
          signal,
        );
      } catch (err) {
        if (continueToken && (isGone(err) || isResourceExpired(err))) {
          // The continue token outlived the server's compaction window: restart the whole list.
          items.length = 0;
          continueToken = undefined;
          continue;
        }
        throw err;
      }
      this.stats.listPages++;
      for (const item of page.items ?? []) items.push(item);
      resourceVersion = page.metadata?.resourceVersion ?? resourceVersion;
      continueToken = page.metadata?.continue || undefined;
      if (!continueToken) break;
    }
    if (signal.aborted) return;
    this.sink.replace(items, resourceVersion);
    this.lastResourceVersion = resourceVersion;
    this.needsList = false;
    this.backoff.reset();
  }

  /** One watch stream; returns whether it delivered anything (an empty, instantly closed stream backs off). */
  private async watch(signal: AbortSignal): Promise<boolean> {
    this.stats.watches++;
    const min = this.options.minWatchTimeoutSeconds ?? 300;
    const options: WatchOptions = {
      labelSelector: this.options.labelSelector,
      fieldSelector: this.options.fieldSelector,
      resourceVersion: this.lastResourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: Math.floor(min * (1 + Math.random())),
    };
    const started = Date.now();
    let received = 0;
    for await (const event of this.lw.watch(options, signal)) {
      if (signal.aborted) break;
      if (event.type === 'ERROR') {
        throw isStatusObject(event.object)
          ? new StatusError(event.object)
          : new Error(`watch error: ${JSON.stringify(event.object)}`);
      }
      const obj = event.object as T;
      const rv = obj?.metadata?.resourceVersion;
      received++;
      switch (event.type) {
        case 'ADDED':
          this.sink.added(obj);
          break;
        case 'MODIFIED':
          this.sink.modified(obj);
          break;
        case 'DELETED':
          this.sink.deleted(obj);
          break;
        case 'BOOKMARK':
          this.stats.bookmarks++;
          break;
        default:
          this.options.onError?.(
            new Error(`unexpected watch event type ${String((event as { type: unknown }).type)}`),
            'watch',
          );
          continue;
      }
      if (event.type !== 'BOOKMARK') this.stats.events++;
      if (rv) this.lastResourceVersion = rv;
      this.backoff.reset();
    }
    return received > 0 || Date.now() - started > 1000;
  }
}
