// An in-memory ListerWatcher with the apiserver's resourceVersion semantics (monotonic versions, paged lists
// with continue tokens, watch-from-version replay, compaction -> 410 Gone, bookmarks). It exists to drive the
// informer's state machine through exact interleavings; the real apiserver tests live in test/integration.
import { StatusError } from '../../../../kube/rest/errors';
import type { ListerWatcher, ListOptions, ObjectList, WatchEvent, WatchOptions } from '../../../../kube/cache';

export interface TestObject {
  apiVersion: 'v1';
  kind: 'ConfigMap';
  metadata: { name: string; namespace?: string; resourceVersion?: string };
  data?: Record<string, string>;
}

type Listener = (e: WatchEvent<TestObject>) => void;

function gone(message: string): StatusError {
  return new StatusError({
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    code: 410,
    reason: 'Expired',
    message,
  });
}

export class MemoryServer implements ListerWatcher<TestObject> {
  private rv = 100;
  private readonly objects = new Map<string, TestObject>();
  private readonly history: Array<{ rv: number; event: WatchEvent<TestObject> }> = [];
  private compactedTo = 0;
  private readonly watchers = new Set<{ push: Listener; end: () => void }>();
  readonly calls = { list: 0, watch: 0 };
  /** The next N list calls with a continue token fail with 410 (an expired continue token). */
  expireContinueTokens = 0;
  /** Deliver "too old resource version" as an ERROR watch event instead of throwing. */
  goneAsErrorEvent = false;
  /** The next N watch calls fail at once with this error. */
  failWatches: { count: number; error: Error } = { count: 0, error: new Error('') };

  put(name: string, data: Record<string, string>, namespace = 'default'): TestObject {
    const key = `${namespace}/${name}`;
    const existed = this.objects.has(key);
    const obj: TestObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace, resourceVersion: String(++this.rv) },
      data,
    };
    this.objects.set(key, obj);
    this.emit({ type: existed ? 'MODIFIED' : 'ADDED', object: structuredClone(obj) });
    return obj;
  }

  remove(name: string, namespace = 'default'): void {
    const key = `${namespace}/${name}`;
    const obj = this.objects.get(key);
    if (!obj) throw new Error(`no ${key}`);
    this.objects.delete(key);
    const tomb = structuredClone(obj);
    tomb.metadata.resourceVersion = String(++this.rv);
    this.emit({ type: 'DELETED', object: tomb });
  }

  /** Forget history up to now, as etcd compaction does: watches from older versions get 410. */
  compact(): void {
    this.compactedTo = this.rv;
    this.history.length = 0;
  }

  /** Send a bookmark carrying the current resourceVersion to open watches. */
  bookmark(): void {
    for (const w of this.watchers)
      w.push({
        type: 'BOOKMARK',
        object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '', resourceVersion: String(this.rv) } },
      });
  }

  /** Close every open watch stream (as a proxy or apiserver restart would). */
  dropWatches(): void {
    for (const w of [...this.watchers]) w.end();
  }

  get openWatches(): number {
    return this.watchers.size;
  }

  snapshot(): Map<string, string> {
    return new Map([...this.objects].map(([k, o]) => [k, o.metadata.resourceVersion!]));
  }

  async list(options: ListOptions): Promise<ObjectList<TestObject>> {
    this.calls.list++;
    let offset = 0;
    let rv = this.rv;
    let all = [...this.objects.values()];
    if (options.continue) {
      if (this.expireContinueTokens > 0) {
        this.expireContinueTokens--;
        throw gone('The provided continue parameter is too old to display a consistent list result.');
      }
      const token = JSON.parse(options.continue) as { offset: number; rv: number; keys: string[] };
      offset = token.offset;
      rv = token.rv;
      // A consistent snapshot: the keys fixed by the first page (objects keep their state for this test double).
      all = token.keys.map((k) => this.objects.get(k)).filter((o): o is TestObject => !!o);
    }
    const limit = options.limit && options.limit > 0 ? options.limit : all.length;
    const items = all.slice(offset, offset + limit).map((o) => structuredClone(o));
    const more = offset + limit < all.length;
    const keys = options.continue
      ? (JSON.parse(options.continue) as { keys: string[] }).keys
      : [...this.objects.keys()];
    return {
      metadata: {
        resourceVersion: String(rv),
        continue: more ? JSON.stringify({ offset: offset + limit, rv, keys }) : undefined,
      },
      items,
    };
  }

  async *watch(options: WatchOptions, signal?: AbortSignal): AsyncIterable<WatchEvent<TestObject>> {
    this.calls.watch++;
    if (this.failWatches.count > 0) {
      this.failWatches.count--;
      throw this.failWatches.error;
    }
    const from = Number(options.resourceVersion || '0');
    if (from < this.compactedTo) {
      const err = gone(`too old resource version: ${from} (${this.compactedTo})`);
      // The real server answers 200 and sends the 410 as an ERROR event; some ListerWatchers pass it on as is.
      if (this.goneAsErrorEvent) {
        yield { type: 'ERROR', object: err.status };
        return;
      }
      throw err;
    }
    const queue: WatchEvent<TestObject>[] = this.history
      .filter((h) => h.rv > from)
      .map((h) => structuredClone(h.event));
    let ended = false;
    let wake: (() => void) | undefined;
    const watcher = {
      push: (e: WatchEvent<TestObject>) => {
        if (e.type === 'BOOKMARK' && !options.allowWatchBookmarks) return;
        queue.push(structuredClone(e));
        wake?.();
      },
      end: () => {
        // A dropped connection loses whatever was in flight and receives nothing more.
        ended = true;
        queue.length = 0;
        this.watchers.delete(watcher);
        wake?.();
      },
    };
    this.watchers.add(watcher);
    const onAbort = () => watcher.end();
    signal?.addEventListener('abort', onAbort);
    try {
      for (;;) {
        while (queue.length) yield queue.shift()!;
        if (ended) return;
        await new Promise<void>((r) => (wake = r));
        wake = undefined;
      }
    } finally {
      this.watchers.delete(watcher);
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private emit(event: WatchEvent<TestObject>): void {
    this.history.push({ rv: this.rv, event: structuredClone(event) });
    for (const w of this.watchers) w.push(event);
  }
}

/** Waits (yielding to the event loop) until cond holds; fails after many turns rather than hanging. */
export async function until(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 20000; i++) {
    if (cond()) return;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error(`condition never held: ${what}`);
}
