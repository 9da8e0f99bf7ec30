// Pod logs as a stream (client-go's Pods(ns).GetLogs(name, opts).Stream()). A followed log survives a dropped
// connection: lines are requested with timestamps, and the stream reopens from the last one delivered without
// repeating or losing lines (resume.ts); timestamps are removed again unless the caller asked for them.
import type { IncomingMessage } from 'http';
import type { Readable } from 'stream';
import { RequestAbortedError, StatusError } from '../rest/errors';
import type { RESTClient } from '../rest/client';
import type { Request } from '../rest/request';
import { podLogQuery, type PodLogOptions } from './options';
import { LogResumeTracker, parseLogTimestamp, resumeOptions, type LogTime } from './resume';

export type { PodLogOptions };

export interface ReconnectPolicy {
  /** Failed reconnect attempts in a row before the stream fails (default 10; Infinity = until cancelled). */
  maxAttempts?: number;
  /** First wait before reconnecting (default 500 ms), doubled per failed attempt up to maxDelayMs (default 8 s). */
  initialDelayMs?: number;
  maxDelayMs?: number;
}

export interface PodLogStreamOptions {
  /** Cancels the request and ends the stream (iteration finishes without an error). */
  signal?: AbortSignal;
  /** Resume a followed log after a dropped connection (default on); false: the drop ends the stream with its error. */
  reconnect?: ReconnectPolicy | false;
  /** Called before each reconnect attempt (for a status line: "reconnecting…"). */
  onReconnect?: (event: { attempt: number; error: unknown }) => void;
}

/** The log's bytes; with `follow`, whole lines only (a line is delivered once its newline arrived). */
export interface PodLogStream extends AsyncIterable<Buffer> {
  /** Stops reading and closes the connection. */
  close(): void;
  /** Connections reopened so far. */
  readonly reconnects: number;
}

const CORE_V1 = { group: '', version: 'v1' };

function coreClient(client: RESTClient): RESTClient {
  const gv = client.groupVersion;
  return gv && gv.group === '' && gv.version === 'v1' ? client : client.forGroupVersion(CORE_V1);
}

/** GET /api/v1/namespaces/{ns}/pods/{name}/log with the options as query parameters. */
export function podLogRequest(client: RESTClient, namespace: string, name: string, options: PodLogOptions): Request {
  return coreClient(client)
    .get()
    .namespace(namespace)
    .resource('pods')
    .name(name)
    .subresource('log')
    .params(podLogQuery(options))
    .setHeader('Accept', 'application/json, */*');
}

/**
 * Opens the log. Errors of the first request (pod not found, container not valid, pod without a node…) are thrown
 * here as the REST client's typed errors, before any byte, as client-go's Stream() returns them.
 */
export async function streamPodLogs(
  client: RESTClient,
  namespace: string,
  name: string,
  options: PodLogOptions,
  streamOptions: PodLogStreamOptions = {},
): Promise<PodLogStream> {
  const core = coreClient(client);
  const controller = new AbortController();
  const outer = streamOptions.signal;
  const onAbort = () => controller.abort(outer?.reason);
  if (outer?.aborted) controller.abort(outer.reason);
  else outer?.addEventListener('abort', onAbort, { once: true });
  const signal = controller.signal;
  const open = (o: PodLogOptions) => podLogRequest(core, namespace, name, o).signal(signal).stream();
  const resuming = options.follow === true && streamOptions.reconnect !== false;
  const release = () => outer?.removeEventListener('abort', onAbort);
  let first: Readable;
  try {
    first = await open(resuming ? { ...options, timestamps: true, limitBytes: undefined } : options);
  } catch (e) {
    release();
    throw e;
  }
  // Called once reading ends, however it ends (the followers' own `finally`: no extra generator layer per chunk).
  const finish = () => {
    release();
    controller.abort();
  };
  const follower = resuming
    ? new ResumingFollower(first, open, options, signal, streamOptions, finish)
    : new PlainStream(first, signal, finish);
  return {
    [Symbol.asyncIterator]: () => follower.read(),
    close: () => controller.abort(),
    get reconnects() {
      return follower.reconnects;
    },
  };
}

class PlainStream {
  readonly reconnects = 0;
  constructor(
    private readonly stream: Readable,
    private readonly signal: AbortSignal,
    private readonly finish: () => void,
  ) {}

  async *read(): AsyncGenerator<Buffer> {
    const reader = new ChunkReader(this.stream);
    try {
      for (let chunk; (chunk = await reader.next()) !== null;) yield chunk;
    } catch (e) {
      if (this.signal.aborted) return;
      throw e;
    } finally {
      reader.close();
      this.stream.destroy();
      this.finish();
    }
  }
}

const STREAM_EVENTS = ['readable', 'end', 'close', 'error'] as const;

/**
 * A response's data, everything buffered at once: a followed log arrives as one small chunk per line (the kubelet
 * flushes each), and reading them one by one would cost an async step per line. One set of listeners for the whole
 * stream: adding and removing four per wait costs more than the line itself.
 */
class ChunkReader {
  private wake?: () => void;
  private readonly onEvent = () => {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  };

  constructor(private readonly stream: Readable) {
    for (const e of STREAM_EVENTS) stream.on(e, this.onEvent);
  }

  /** The next data, or null at the end of the stream; throws the stream's error. */
  async next(): Promise<Buffer | null> {
    for (;;) {
      const chunk = this.stream.read() as Buffer | null;
      if (chunk !== null) return chunk;
      if (this.stream.errored) throw this.stream.errored;
      if (this.stream.readableEnded || this.stream.destroyed) return null;
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  close(): void {
    for (const e of STREAM_EVENTS) this.stream.off(e, this.onEvent);
  }
}

/** A response that ended before its last chunk arrived is a dropped connection, not the end of the log. */
function endedCleanly(stream: Readable): boolean {
  const res = stream as Partial<IncomingMessage>;
  return res.complete !== false;
}

/** Worth reconnecting after: the connection failed or the server is briefly unable (429, 5xx). */
function isTransient(err: unknown): boolean {
  if (err instanceof StatusError) return err.code === 429 || err.code >= 500;
  return !(err instanceof RequestAbortedError);
}

function serverDate(stream: Readable): LogTime | undefined {
  const date = (stream as Partial<IncomingMessage>).headers?.date;
  const ms = date ? Date.parse(date) : NaN;
  return Number.isNaN(ms) ? undefined : { seconds: Math.floor(ms / 1000), nanos: 0 };
}

const NEWLINE = 0x0a;

class ResumingFollower {
  reconnects = 0;
  private readonly tracker = new LogResumeTracker();
  private readonly startedAt?: LogTime;
  /** Bytes the caller may still get (limitBytes), enforced here because the server counts timestamps too. */
  private remaining: number;

  constructor(
    private stream: Readable,
    private readonly open: (o: PodLogOptions) => Promise<Readable>,
    private readonly options: PodLogOptions,
    private readonly signal: AbortSignal,
    private readonly policy: PodLogStreamOptions,
    private readonly finish: () => void,
  ) {
    this.startedAt = serverDate(stream);
    this.remaining = options.limitBytes && options.limitBytes > 0 ? options.limitBytes : Infinity;
  }

  async *read(): AsyncGenerator<Buffer> {
    try {
      for (;;) {
        let pending: Buffer | undefined;
        let failure: unknown;
        let clean = false;
        const reader = new ChunkReader(this.stream);
        try {
          for (let chunk; (chunk = await reader.next()) !== null;) {
            const data = pending ? Buffer.concat([pending, chunk]) : chunk;
            const end = data.lastIndexOf(NEWLINE) + 1;
            pending = end < data.length ? data.subarray(end) : undefined;
            if (end === 0) continue;
            const out = this.deliver(data.subarray(0, end));
            if (out.length) yield out;
            if (this.remaining <= 0) return;
          }
          clean = endedCleanly(this.stream);
        } catch (e) {
          failure = e;
        } finally {
          reader.close();
        }
        if (this.signal.aborted) return;
        if (clean) {
          // The container's last line may have no newline; it is complete now that the log ended.
          if (pending) {
            const out = this.deliver(pending);
            if (out.length) yield out;
          }
          return;
        }
        // A line cut off by the drop comes again, whole, after the reconnect.
        this.stream.destroy();
        if (!(await this.reconnect(failure ?? new Error('log stream ended before the response was complete')))) return;
      }
    } finally {
      this.stream.destroy();
      this.finish();
    }
  }

  /** Whole lines in, the lines the caller has not seen out (timestamps removed unless asked for). */
  private deliver(lines: Buffer): Buffer {
    const parts: Buffer[] = [];
    let size = 0;
    for (let start = 0; start < lines.length && size < this.remaining;) {
      let end = lines.indexOf(NEWLINE, start);
      end = end === -1 ? lines.length : end + 1;
      const line = lines.subarray(start, end);
      start = end;
      // Timestamps are ASCII and short: decode only the head of the line.
      const stamp = parseLogTimestamp(line.subarray(0, 48).toString('latin1'));
      if (!this.tracker.accept(stamp?.time)) continue;
      const text = stamp && !this.options.timestamps ? line.subarray(stamp.messageStart) : line;
      parts.push(text);
      size += text.length;
    }
    let out = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    if (out.length > this.remaining) out = out.subarray(0, this.remaining);
    this.remaining -= out.length;
    return out;
  }

  /** Reopens from the resume point; false when cancelled meanwhile. Throws what cannot be retried. */
  private async reconnect(cause: unknown): Promise<boolean> {
    const policy = this.policy.reconnect || {};
    const max = policy.maxAttempts ?? 10;
    let delay = policy.initialDelayMs ?? 500;
    let error = cause;
    for (let attempt = 1; ; attempt++) {
      if (attempt > max) throw error;
      this.policy.onReconnect?.({ attempt, error });
      if (!(await sleep(delay, this.signal))) return false;
      delay = Math.min(delay * 2, policy.maxDelayMs ?? 8000);
      try {
        this.stream = await this.open(resumeOptions(this.options, this.tracker.resumePoint, this.startedAt));
        this.tracker.reconnected();
        this.reconnects++;
        return true;
      } catch (e) {
        if (this.signal.aborted) return false;
        if (!isTransient(e)) throw e;
        error = e;
      }
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
