// Watch streams: incremental decoding of the API server's JSON event stream, and a resuming watcher
// (client-go's RetryWatcher plus the reflector's relist after 410 Gone).
import type { Readable } from 'stream';
import { StringDecoder } from 'string_decoder';
import { protobufWire } from '../protobuf/contentType';
import { StatusError, isExpiredOrGone, isStatusObject, type Status } from './errors';
import type * as metav1 from '../apimachinery/meta';

export type { WatchEventType } from '../apimachinery/meta';
/** A decoded watch event; objects default to the parts the machinery reads. */
export type WatchEvent<T = KubeObject> = metav1.WatchEvent<T>;

/** The parts of an object the machinery reads; everything else passes through untouched. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; [k: string]: unknown };
  [k: string]: unknown;
}

/**
 * Splits a byte stream of concatenated JSON objects into whole objects without waiting for the end.
 * The API server separates events with newlines, but JSON framing does not promise that, so braces are counted.
 */
export class JSONObjectSplitter {
  private buf = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private start = -1;
  private scanned = 0;

  push(chunk: string): string[] {
    this.buf += chunk;
    const out: string[] = [];
    let i = this.scanned;
    for (; i < this.buf.length; i++) {
      const c = this.buf.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === 0x5c) this.escaped = true;
        else if (c === 0x22) this.inString = false;
        continue;
      }
      if (c === 0x22) {
        this.inString = true;
      } else if (c === 0x7b) {
        if (this.depth === 0) this.start = i;
        this.depth++;
      } else if (c === 0x7d) {
        this.depth--;
        if (this.depth === 0 && this.start >= 0) {
          out.push(this.buf.slice(this.start, i + 1));
          this.start = -1;
        } else if (this.depth < 0) {
          throw new Error('watch stream: unbalanced JSON');
        }
      } else if (this.depth === 0 && c > 0x20) {
        throw new Error(`watch stream: unexpected character ${JSON.stringify(this.buf[i])} between events`);
      }
    }
    // Keep only the unfinished object.
    if (this.depth === 0) {
      this.buf = '';
      this.scanned = 0;
    } else {
      this.buf = this.buf.slice(this.start);
      this.scanned = this.buf.length;
      this.start = 0;
    }
    return out;
  }

  get pending(): boolean {
    return this.depth > 0;
  }
}

/** A live watch: an async iterator of events; stop() closes the connection. */
export interface WatchStream<T = KubeObject> extends AsyncIterableIterator<WatchEvent<T>> {
  stop(): void;
}

/**
 * Decode a watch response body. ERROR events are thrown as StatusError (so a 410 reaches the caller as
 * isGone()), which ends the iteration; a clean end of the stream ends it too.
 */
export function decodeWatchStream<T = KubeObject>(
  body: Readable,
  onStop: () => void,
  format: 'json' | 'protobuf' = 'json',
): WatchStream<T> {
  const events = format === 'protobuf' ? protobufEvents() : jsonEvents();
  const iterator = body[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const queue: WatchEvent<T>[] = [];
  let done = false;
  const stop = () => {
    if (done) return;
    done = true;
    onStop();
    body.destroy();
  };
  const next = async (): Promise<IteratorResult<WatchEvent<T>>> => {
    for (;;) {
      const ev = queue.shift();
      if (ev) {
        if (ev.type === 'ERROR') {
          stop();
          const s = ev.object as unknown;
          throw new StatusError(
            isStatusObject(s) ? (s as Status) : { status: 'Failure', message: 'watch error', code: 500 },
          );
        }
        return { value: ev, done: false };
      }
      if (done) return { value: undefined, done: true };
      let chunk: IteratorResult<Buffer>;
      try {
        chunk = await iterator.next();
      } catch (e) {
        if (done) return { value: undefined, done: true };
        stop();
        throw e;
      }
      if (chunk.done) {
        stop();
        return { value: undefined, done: true };
      }
      let decoded: unknown[];
      try {
        decoded = events(chunk.value);
      } catch (e) {
        stop();
        throw e;
      }
      for (const parsed of decoded) {
        const p = parsed as { type?: string; object?: unknown };
        if (!p || typeof p.type !== 'string' || typeof p.object !== 'object') {
          stop();
          throw new Error('watch stream: event without type/object');
        }
        queue.push(p as WatchEvent<T>);
      }
    }
  };
  const stream: WatchStream<T> = {
    next,
    return: async () => {
      stop();
      return { value: undefined, done: true };
    },
    stop,
    [Symbol.asyncIterator]() {
      return this;
    },
  };
  return stream;
}

/** JSON events: concatenated objects, decoded as UTF-8 across chunk boundaries. */
function jsonEvents(): (chunk: Buffer) => unknown[] {
  const splitter = new JSONObjectSplitter();
  const utf8 = new StringDecoder('utf8');
  return (chunk) =>
    splitter.push(utf8.write(chunk)).map((text) => {
      try {
        return JSON.parse(text) as unknown;
      } catch (e) {
        throw new Error(`watch stream: invalid JSON event: ${(e as Error).message}`);
      }
    });
}

/** Protobuf events: length-prefixed metav1.WatchEvent frames, objects decoded to their JSON shape. */
function protobufEvents(): (chunk: Buffer) => unknown[] {
  const wire = protobufWire();
  const frames = new wire.FrameSplitter();
  return (chunk) =>
    frames.push(chunk).map((frame) => {
      try {
        return wire.decodeWatchEvent(frame);
      } catch (e) {
        throw new Error(`watch stream: invalid protobuf event: ${(e as Error).message}`);
      }
    });
}

export interface ResumingWatchOptions<T> {
  /** Open one watch from a resourceVersion ('' = start from the most recent). Must set allowWatchBookmarks itself. */
  open(resourceVersion: string, signal: AbortSignal): Promise<WatchStream<T>>;
  /** Called after 410 Gone/Expired: relist, return the list's resourceVersion. Without it, Gone is thrown. */
  relist?(signal: AbortSignal): Promise<string>;
  /** Starting resourceVersion (usually from a list). */
  resourceVersion: string;
  signal?: AbortSignal;
  /** Also yield BOOKMARK events (they always advance the resourceVersion). */
  emitBookmarks?: boolean;
  /** Wait between reconnects after a failed open (ms); doubles up to 30s, resets after a successful event. */
  backoffMs?: number;
  /** Decide whether an error opening or reading the watch is fatal; default: only non-retryable status codes are. */
  isFatal?(err: unknown): boolean;
  /** Observe reconnects and relists (logging). */
  onRestart?(reason: 'closed' | 'error' | 'relist', resourceVersion: string, err?: unknown): void;
}

/** Server-side status codes that no amount of reconnecting fixes. */
function defaultIsFatal(err: unknown): boolean {
  if (err instanceof StatusError) {
    const c = err.code;
    return c === 401 || c === 403 || c === 404 || c === 400 || c === 405 || c === 422;
  }
  return false;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const t = setTimeout(() => {
      signal.removeEventListener('abort', done);
      resolve();
    }, ms);
    const done = () => {
      clearTimeout(t);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
  });
}

/**
 * Watch that survives connection loss: reopens from the last resourceVersion it saw (events or bookmarks),
 * and after 410 Gone relists (if given a relist) and continues from the new resourceVersion.
 * Ends when the signal aborts.
 */
export async function* resumingWatch<T extends KubeObject = KubeObject>(
  opts: ResumingWatchOptions<T>,
): AsyncGenerator<WatchEvent<T>, void, undefined> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(opts.signal?.reason);
  if (opts.signal?.aborted) return;
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const isFatal = opts.isFatal ?? defaultIsFatal;
  const baseBackoff = opts.backoffMs ?? 800;
  let backoff = baseBackoff;
  let rv = opts.resourceVersion;
  try {
    while (!controller.signal.aborted) {
      let stream: WatchStream<T> | undefined;
      let sawEvent = false;
      try {
        stream = await opts.open(rv, controller.signal);
        for await (const ev of stream) {
          sawEvent = true;
          backoff = baseBackoff;
          const evRV = ev.object?.metadata?.resourceVersion;
          if (evRV) rv = evRV;
          if (ev.type === 'BOOKMARK' && !opts.emitBookmarks) continue;
          yield ev;
        }
        if (controller.signal.aborted) return;
        opts.onRestart?.('closed', rv);
        // A stream that closes before delivering anything (a proxy or server in trouble) must not spin.
        if (!sawEvent) {
          await sleep(backoff, controller.signal);
          backoff = Math.min(backoff * 2, 30_000);
        }
      } catch (err) {
        stream?.stop();
        if (controller.signal.aborted) return;
        if (isExpiredOrGone(err)) {
          if (!opts.relist) throw err;
          opts.onRestart?.('relist', rv, err);
          rv = await opts.relist(controller.signal);
          continue;
        }
        if (isFatal(err)) throw err;
        opts.onRestart?.('error', rv, err);
        await sleep(backoff, controller.signal);
        backoff = Math.min(backoff * 2, 30_000);
      }
    }
  } finally {
    opts.signal?.removeEventListener('abort', onAbort);
    controller.abort();
  }
}
