// The small interfaces the informer machinery needs: objects with metadata, a ListerWatcher, watch events.
// Any client (dynamic, typed, or a test double over a real server) can supply a ListerWatcher.
import type * as metav1 from '../apimachinery/meta';
import type { ListOptions, Status, WatchOptions } from '../apimachinery/meta';

export interface ObjectMetaLike {
  name?: string;
  namespace?: string;
  resourceVersion?: string;
  uid?: string;
}

export interface KubeObjectLike {
  metadata?: ObjectMetaLike;
}

export type { ListOptions, WatchOptions } from '../apimachinery/meta';

export interface ObjectList<T> {
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

export type { WatchEventType } from '../apimachinery/meta';
/** An informer's watch event: the object, or a metav1.Status for ERROR. */
export type WatchEvent<T> = metav1.WatchEvent<T | Status>;

/**
 * list() returns one page; watch() yields events until the server ends the stream (iteration ends) or the
 * signal aborts. Errors (including 410 Gone) may be thrown by either.
 */
export interface ListerWatcher<T> {
  list(options: ListOptions, signal?: AbortSignal): Promise<ObjectList<T>>;
  watch(options: WatchOptions, signal?: AbortSignal): AsyncIterable<WatchEvent<T>>;
}
