// The small interfaces the informer machinery needs: objects with metadata, a ListerWatcher, watch events.
// Any client (dynamic, typed, or a test double over a real server) can supply a ListerWatcher.
import type { Status } from '../rest/errors';

export interface ObjectMetaLike {
  name?: string;
  namespace?: string;
  resourceVersion?: string;
  uid?: string;
}

export interface KubeObjectLike {
  metadata?: ObjectMetaLike;
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  limit?: number;
  continue?: string;
}

export interface WatchOptions {
  labelSelector?: string;
  fieldSelector?: string;
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

export interface ObjectList<T> {
  metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: T[];
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T> {
  type: WatchEventType;
  /** The object; a metav1.Status for ERROR; only metadata.resourceVersion is meaningful for BOOKMARK. */
  object: T | Status;
}

/**
 * list() returns one page; watch() yields events until the server ends the stream (iteration ends) or the
 * signal aborts. Errors (including 410 Gone) may be thrown by either.
 */
export interface ListerWatcher<T> {
  list(options: ListOptions, signal?: AbortSignal): Promise<ObjectList<T>>;
  watch(options: WatchOptions, signal?: AbortSignal): AsyncIterable<WatchEvent<T>>;
}
