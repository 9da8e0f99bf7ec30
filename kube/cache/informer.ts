// An informer in the spirit of client-go's SharedIndexInformer: a Reflector keeps an Indexer equal to the
// server's state and every change is told to the registered handlers. Node is single-threaded, so the
// DeltaFIFO between reflector and store is unnecessary: each delta is applied, then dispatched, in order.
import { Indexer, IndexFunc, NAMESPACE_INDEX, namespaceIndexFunc } from './indexer';
import { KeyFunc, metaNamespaceKey } from './keys';
import { Reflector, ReflectorOptions, ReflectorSink } from './reflector';
import type { KubeObjectLike, ListerWatcher } from './types';

export interface ResourceEventHandler<T> {
  /** isInInitialList: the object came with the first list (or was already there when this handler was added). */
  onAdd?(obj: T, isInInitialList: boolean): void;
  /** Only called when the resourceVersion changed, so a relist of unchanged objects costs handlers nothing. */
  onUpdate?(oldObj: T, newObj: T): void;
  /**
   * finalStateUnknown: the deletion was inferred from a relist (the watch missed it), so obj is the last
   * state this informer saw, like client-go's DeletedFinalStateUnknown.
   */
  onDelete?(obj: T, finalStateUnknown: boolean): void;
  /** After each full list has been applied: a cheap point to redraw once instead of per object. */
  onSync?(): void;
}

export interface InformerOptions<T> extends ReflectorOptions {
  keyFunc?: KeyFunc;
  indexers?: Record<string, IndexFunc<T>>;
}

export interface HandlerRegistration {
  remove(): void;
}

export class Informer<T extends KubeObjectLike> {
  readonly indexer: Indexer<T>;
  private readonly reflector: Reflector<T>;
  private readonly handlers = new Set<ResourceEventHandler<T>>();
  private readonly errorListeners = new Set<(err: unknown) => void>();
  private synced = false;
  private syncWaiters: Array<() => void> = [];
  private controller: AbortController | undefined;
  private running: Promise<void> | undefined;

  constructor(lw: ListerWatcher<T>, options: InformerOptions<T> = {}) {
    this.indexer = new Indexer<T>(
      options.keyFunc ?? metaNamespaceKey,
      options.indexers ?? { [NAMESPACE_INDEX]: namespaceIndexFunc as IndexFunc<T> },
    );
    const userOnError = options.onError;
    this.reflector = new Reflector<T>(lw, this.sink(), {
      ...options,
      onError: (err, during) => {
        userOnError?.(err, during);
        for (const l of this.errorListeners) l(err);
      },
    });
  }

  /** Registers handlers; when objects are already cached they are replayed as adds. */
  addEventHandler(handler: ResourceEventHandler<T>): HandlerRegistration {
    this.handlers.add(handler);
    if (this.indexer.size > 0) {
      for (const obj of this.indexer.list()) this.call(handler, 'onAdd', obj, true);
      if (this.synced) this.call(handler, 'onSync');
    }
    return { remove: () => this.handlers.delete(handler) };
  }

  /** List/watch failures (the informer retries on its own); useful for logs and error states in views. */
  onError(listener: (err: unknown) => void): HandlerRegistration {
    this.errorListeners.add(listener);
    return { remove: () => this.errorListeners.delete(listener) };
  }

  /** Starts list-then-watch; idempotent. */
  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    this.running = this.reflector.run(this.controller.signal);
  }

  /** Stops watching; resolves when the reflector loop has ended. The cache keeps its last contents. */
  async stop(): Promise<void> {
    // Like client-go's, a stopped informer cannot be started again.
    this.controller ??= new AbortController();
    this.controller.abort();
    await this.running;
    for (const w of this.syncWaiters) w();
    this.syncWaiters = [];
  }

  get stopped(): boolean {
    return this.controller?.signal.aborted ?? false;
  }

  /** True once the first full list has been applied. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true when synced, false if stopped or aborted first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (this.stopped || signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        resolve(this.synced);
      };
      const onAbort = () => {
        this.syncWaiters = this.syncWaiters.filter((w) => w !== done);
        resolve(false);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(done);
    });
  }

  lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion;
  }

  get stats(): Readonly<Reflector<T>['stats']> {
    return this.reflector.stats;
  }

  list(): T[] {
    return this.indexer.list();
  }

  getByKey(key: string): T | undefined {
    return this.indexer.getByKey(key);
  }

  private sink(): ReflectorSink<T> {
    return {
      replace: (items) => {
        const initial = !this.synced;
        const seen = new Set<string>();
        for (const obj of items) {
          const key = this.indexer.keyFunc(obj);
          seen.add(key);
          const old = this.indexer.set(obj);
          if (!old) this.dispatch('onAdd', obj, initial);
          else if (resourceVersionOf(old) !== resourceVersionOf(obj)) this.dispatch('onUpdate', old, obj);
        }
        if (seen.size !== this.indexer.size) {
          for (const key of this.indexer.listKeys()) {
            if (seen.has(key)) continue;
            const old = this.indexer.deleteKey(key)!;
            this.dispatch('onDelete', old, true);
          }
        }
        this.synced = true;
        for (const w of this.syncWaiters) w();
        this.syncWaiters = [];
        this.dispatch('onSync');
      },
      added: (obj) => this.upsert(obj),
      modified: (obj) => this.upsert(obj),
      deleted: (obj) => {
        const old = this.indexer.delete(obj);
        this.dispatch('onDelete', obj ?? old, false);
      },
    };
  }

  private upsert(obj: T): void {
    const old = this.indexer.set(obj);
    if (old) this.dispatch('onUpdate', old, obj);
    else this.dispatch('onAdd', obj, false);
  }

  private dispatch<K extends keyof ResourceEventHandler<T>>(
    method: K,
    ...args: Parameters<NonNullable<ResourceEventHandler<T>[K]>>
  ): void {
    for (const h of this.handlers) this.call(h, method, ...args);
  }

  private call<K extends keyof ResourceEventHandler<T>>(
    handler: ResourceEventHandler<T>,
    method: K,
    ...args: Parameters<NonNullable<ResourceEventHandler<T>[K]>>
  ): void {
    const fn = handler[method] as ((...a: unknown[]) => void) | undefined;
    if (!fn) return;
    try {
      fn.apply(handler, args);
    } catch (err) {
      // A failing handler must not stop the informer or starve the other handlers.
      for (const l of this.errorListeners) l(err);
    }
  }
}

function resourceVersionOf(obj: KubeObjectLike): string | undefined {
  return obj.metadata?.resourceVersion;
}
