// The deferred request builder (client-go rest.Request): build the URL step by step, then do()/raw()/stream()/watch().
// Errors in building (bad names, repeated setters) are kept and thrown when the request runs, as client-go does.
import type * as http from 'http';
import { Readable } from 'stream';
import {
  RequestAbortedError,
  StatusError,
  TransportError,
  isStatusObject,
  newGenericServerResponse,
  type Status,
} from './errors';
import { redactHeaders, redactURL, type RequestLogger } from './logging';
import { isRetryableConnectionError, parseRetryAfter, shouldRetryResponse } from './retry';
import type { BackoffManager } from './backoff';
import type { RateLimiter } from './throttle';
import type { Transport } from './transport';
import { parseWarningHeaders, type WarningHandler } from './warnings';
import { decodeWatchStream, type KubeObject, type WatchStream } from './watch';
import { PROTOBUF_CONTENT_TYPE, isProtobufContentType, protobufWire } from '../protobuf/contentType';

export type Verb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

export const PatchType = {
  JSON: 'application/json-patch+json',
  Merge: 'application/merge-patch+json',
  StrategicMerge: 'application/strategic-merge-patch+json',
  Apply: 'application/apply-patch+yaml',
} as const;
export type PatchType = (typeof PatchType)[keyof typeof PatchType];

/** What a Request needs from its RESTClient. */
export interface RequestContext {
  transport: Transport;
  base: URL;
  /** e.g. /api/v1 or /apis/apps/v1; '' for an unversioned client. */
  versionedAPIPath: string;
  group: string;
  rateLimiter: RateLimiter;
  /** Default per-request timeout in ms (RestConfig.timeout), 0 = none. */
  timeout: number;
  maxRetries: number;
  warningHandler: WarningHandler;
  logger?: RequestLogger;
  defaultAccept: string;
  /** Encoding of object bodies (RESTClientOptions.contentType). */
  contentType: string;
  /** Per-host backoff (client-go URLBackoff; off unless configured). */
  backoff?: BackoffManager;
}

/** The full outcome of a request that got an HTTP response (client-go rest.Result). */
export interface Result {
  statusCode: number;
  contentType: string;
  body: Buffer;
  headers: http.IncomingHttpHeaders;
  /** The error client-go's Result.Error() returns, if any. */
  error?: Error;
}

const MAX_UNSTRUCTURED_RESPONSE_TEXT = 2048;

/** apimachinery's IsValidPathSegmentName. */
function pathSegmentProblem(name: string): string | undefined {
  if (name === '.' || name === '..') return `may not be '${name}'`;
  if (name.includes('/')) return "may not contain '/'";
  if (name.includes('%')) return "may not contain '%'";
  return undefined;
}

/** Go's time.Duration.String() for the `timeout` query parameter (the server parses it with ParseDuration). */
export function goDuration(ms: number): string {
  if (ms <= 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  let s = ms / 1000;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const sec = `${Number(s.toFixed(3))}s`;
  if (h) return `${h}h${m}m${sec}`;
  if (m) return `${m}m${sec}`;
  return sec;
}

function joinPath(...parts: string[]): string {
  // path.Join semantics: collapse duplicate slashes, keep a leading one.
  const joined = parts.filter((p) => p.length > 0).join('/');
  const cleaned = joined.replace(/\/{2,}/g, '/');
  return cleaned.length > 1 ? cleaned.replace(/\/$/, '') : cleaned;
}

export class Request {
  private err?: Error;
  private pathPrefix: string;
  private ns = '';
  private nsSet = false;
  private res = '';
  private resName = '';
  private subres = '';
  private subpath = '';
  private readonly query = new Map<string, string[]>();
  private readonly headers: Record<string, string> = {};
  private bodyBytes?: Buffer;
  private timeoutMs: number;
  private timeoutSet = false;
  private userSignal?: AbortSignal;
  private retries: number;

  constructor(
    private readonly ctx: RequestContext,
    readonly verb: Verb,
  ) {
    this.pathPrefix = joinPath(ctx.base.pathname, ctx.versionedAPIPath);
    this.timeoutMs = ctx.timeout;
    this.retries = ctx.maxRetries;
    if (ctx.defaultAccept) this.headers['Accept'] = ctx.defaultAccept;
  }

  private fail(message: string): this {
    if (!this.err) this.err = new Error(message);
    return this;
  }

  namespace(namespace: string): this {
    if (this.nsSet)
      return this.fail(
        `namespace already set to ${JSON.stringify(this.ns)}, cannot change to ${JSON.stringify(namespace)}`,
      );
    const p = namespace && pathSegmentProblem(namespace);
    if (p) return this.fail(`invalid namespace ${JSON.stringify(namespace)}: ${p}`);
    this.nsSet = true;
    this.ns = namespace;
    return this;
  }

  /** Sets the namespace only when non-empty (client-go NamespaceIfScoped without the scope check). */
  namespaceIfScoped(namespace: string, scoped: boolean): this {
    return scoped ? this.namespace(namespace) : this;
  }

  resource(resource: string): this {
    if (this.res)
      return this.fail(
        `resource already set to ${JSON.stringify(this.res)}, cannot change to ${JSON.stringify(resource)}`,
      );
    const p = pathSegmentProblem(resource);
    if (p) return this.fail(`invalid resource ${JSON.stringify(resource)}: ${p}`);
    this.res = resource;
    return this;
  }

  name(name: string): this {
    if (!name) return this.fail('resource name may not be empty');
    if (this.resName)
      return this.fail(
        `resource name already set to ${JSON.stringify(this.resName)}, cannot change to ${JSON.stringify(name)}`,
      );
    const p = pathSegmentProblem(name);
    if (p) return this.fail(`invalid resource name ${JSON.stringify(name)}: ${p}`);
    this.resName = name;
    return this;
  }

  subresource(...subresources: string[]): this {
    const s = subresources.join('/');
    if (this.subres)
      return this.fail(
        `subresource already set to ${JSON.stringify(this.subres)}, cannot change to ${JSON.stringify(s)}`,
      );
    for (const part of subresources) {
      const p = pathSegmentProblem(part);
      if (p) return this.fail(`invalid subresource ${JSON.stringify(part)}: ${p}`);
    }
    this.subres = s;
    return this;
  }

  /** Appends raw path segments after name/subresource (client-go Suffix). */
  suffix(...segments: string[]): this {
    this.subpath = joinPath(this.subpath, ...segments);
    return this;
  }

  /** Overrides the prefix with an absolute path under the host (keeps a trailing slash as client-go does). */
  absPath(...segments: string[]): this {
    const last = segments[segments.length - 1] ?? '';
    this.pathPrefix = joinPath(this.ctx.base.pathname, ...segments);
    if (last.length > 1 && last.endsWith('/') && !this.pathPrefix.endsWith('/')) this.pathPrefix += '/';
    return this;
  }

  param(name: string, value: string | number | boolean): this {
    const list = this.query.get(name) ?? [];
    list.push(String(value));
    this.query.set(name, list);
    return this;
  }

  /** Adds every defined value of an options object as query parameters (arrays repeat the key). */
  params(values: Record<string, string | number | boolean | undefined | (string | number | boolean)[]>): this {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined || v === '') continue;
      if (Array.isArray(v)) v.forEach((x) => this.param(k, x));
      else this.param(k, v);
    }
    return this;
  }

  setHeader(name: string, value: string): this {
    // Case-insensitive replace so callers can override Accept/Content-Type.
    for (const k of Object.keys(this.headers)) if (k.toLowerCase() === name.toLowerCase()) delete this.headers[k];
    this.headers[name] = value;
    return this;
  }

  /**
   * Objects are sent as JSON, or in protobuf when the client's contentType is protobuf, no Content-Type was set
   * (patches set theirs) and the object is a built-in kind; strings and Buffers as they are.
   */
  body(body: unknown): this {
    if (body === undefined) return this;
    const typed = Object.keys(this.headers).some((k) => k.toLowerCase() === 'content-type');
    if (Buffer.isBuffer(body)) this.bodyBytes = body;
    else if (typeof body === 'string') this.bodyBytes = Buffer.from(body, 'utf8');
    else if (!typed && isProtobufContentType(this.ctx.contentType) && protobufWire().canEncode(body)) {
      this.bodyBytes = protobufWire().encodeObject(body as Record<string, unknown>);
      this.headers['Content-Type'] = PROTOBUF_CONTENT_TYPE;
      return this;
    } else this.bodyBytes = Buffer.from(JSON.stringify(body), 'utf8');
    if (!typed) this.headers['Content-Type'] = 'application/json';
    return this;
  }

  /** Overall timeout (ms) across retries; also sent to the server as `?timeout=`. 0 = none. */
  timeout(ms: number): this {
    this.timeoutMs = ms;
    this.timeoutSet = true;
    return this;
  }

  signal(signal: AbortSignal | undefined): this {
    this.userSignal = signal;
    return this;
  }

  /** Retries allowed after the first attempt (client-go MaxRetries, default 10). */
  maxRetries(n: number): this {
    this.retries = Math.max(0, n);
    return this;
  }

  /** The URL this request will hit (client-go Request.URL). */
  url(): URL {
    let p = this.pathPrefix;
    if (this.nsSet && this.ns) p = joinPath(p, 'namespaces', this.ns);
    if (this.res) p = joinPath(p, this.res.toLowerCase());
    if (this.resName || this.subpath || this.subres) p = joinPath(p, this.resName, this.subres, this.subpath);
    if (this.pathPrefix.endsWith('/') && !p.endsWith('/')) p += '/';
    const u = new URL(this.ctx.base.toString());
    u.pathname = p || '/';
    // Go's url.Values.Encode: keys sorted, the timeout included among them.
    const all = new Map(this.query);
    if (this.timeoutMs > 0 && !this.isWatch()) all.set('timeout', [goDuration(this.timeoutMs)]);
    const q = new URLSearchParams();
    for (const key of [...all.keys()].sort()) for (const v of all.get(key)!) q.append(key, v);
    u.search = q.toString();
    u.username = '';
    u.password = '';
    return u;
  }

  private isWatch(): boolean {
    return this.query.get('watch')?.includes('true') ?? false;
  }

  // ---- execution ---------------------------------------------------------------------------------

  /** Combined signal for the whole call: the caller's plus the overall timeout. */
  private callSignal(timeoutMs: number): { signal: AbortSignal; timedOut: () => boolean; dispose: () => void } {
    const controller = new AbortController();
    let timedOut = false;
    let timer: NodeJS.Timeout | undefined;
    const onAbort = () => controller.abort(this.userSignal!.reason);
    if (this.userSignal) {
      if (this.userSignal.aborted) controller.abort(this.userSignal.reason);
      else this.userSignal.addEventListener('abort', onAbort, { once: true });
    }
    if (timeoutMs > 0) {
      timer = setTimeout(() => {
        timedOut = true;
        controller.abort(new RequestAbortedError(redactURL(this.url().toString()), true));
      }, timeoutMs);
    }
    return {
      signal: controller.signal,
      timedOut: () => timedOut,
      dispose: () => {
        if (timer) clearTimeout(timer);
        this.userSignal?.removeEventListener('abort', onAbort);
      },
    };
  }

  private abortError(timedOut: boolean, reason: unknown): Error {
    if (reason instanceof RequestAbortedError) return reason;
    return new RequestAbortedError(redactURL(this.url().toString()), timedOut, reason);
  }

  /**
   * One attempt plus client-go's retry loop. `consume` turns a response into the final value; it returns
   * undefined to mean "retryable response, try again" only for statuses shouldRetryResponse() allows.
   */
  private async run<R>(
    opts: { throttle: boolean; streaming: boolean },
    consume: (res: http.IncomingMessage, body: Buffer | undefined, stream: Readable) => R,
  ): Promise<R> {
    if (this.err) throw this.err;
    let url = this.url();
    let logURL = redactURL(url.toString());
    const call = this.callSignal(opts.streaming && !this.timeoutSet ? 0 : this.timeoutMs);
    try {
      let retryAfterMs: number | undefined;
      let refreshedCredentials = false;
      let redirects = 0;
      for (let attempt = 1; ; attempt++) {
        // client-go: sleep the host's backoff before every attempt, or the server's Retry-After if longer.
        const backoffMs = this.ctx.backoff?.calculate(url) ?? 0;
        const waitMs = Math.max(backoffMs, retryAfterMs ?? 0);
        if (waitMs > 0 || retryAfterMs !== undefined) {
          try {
            await delay(waitMs, call.signal);
          } catch (e) {
            throw this.abortError(call.timedOut(), e);
          }
        }
        let throttledMs = 0;
        // Watches are not throttled, but their retries are (client-go throttles every retry).
        if (opts.throttle || attempt > 1) {
          try {
            throttledMs = await this.ctx.rateLimiter.wait(call.signal);
          } catch (e) {
            throw this.abortError(call.timedOut(), e);
          }
        }
        const started = performance.now();
        let res: http.IncomingMessage;
        let bodyStream: Readable;
        let sent: Record<string, string> = {};
        try {
          const rt = await this.ctx.transport.roundTrip({
            method: this.verb,
            url,
            headers: { ...this.headers },
            body: this.bodyBytes,
            signal: call.signal,
          });
          res = rt.response;
          bodyStream = rt.body;
          sent = rt.sentHeaders;
        } catch (e) {
          this.log({ url, attempt, started, sent, error: e, throttledMs });
          if (call.signal.aborted) throw this.abortError(call.timedOut(), call.signal.reason);
          this.ctx.backoff?.update(url, e, 0);
          if (this.verb === 'GET' && attempt <= this.retries && isRetryableConnectionError(e)) {
            retryAfterMs = 1000; // client-go's artificial "Retry-After: 1" for a retryable error
            continue;
          }
          throw e;
        }
        this.surfaceWarnings(res);
        const status = res.statusCode ?? 0;
        this.ctx.backoff?.update(url, undefined, status);
        const isError = status < 200 || status > 206;
        let body: Buffer | undefined;
        if (!opts.streaming || isError) {
          try {
            body = await readBody(res, bodyStream, call.signal);
          } catch (e) {
            this.log({ url, attempt, started, sent, res, error: e, throttledMs });
            if (call.signal.aborted) throw this.abortError(call.timedOut(), call.signal.reason);
            if (this.verb === 'GET' && attempt <= this.retries && isRetryableConnectionError(e)) {
              retryAfterMs = 1000;
              continue;
            }
            throw new TransportError(
              `${this.verb} ${logURL}: reading response: ${(e as Error).message}`,
              logURL,
              (e as NodeJS.ErrnoException).code,
              { cause: e },
            );
          }
        }
        this.log({ url, attempt, started, sent, res, throttledMs });
        const next = redirectTarget(this.verb, status, res.headers.location, url);
        if (next && redirects < MAX_REDIRECTS) {
          // Go's http.Client follows redirects of reads (the API server answers an OpenAPI v3 document asked
          // for by an outdated hash with 301 to the current one); only within the server's origin, so
          // credentials never go elsewhere.
          redirects++;
          url = next;
          logURL = redactURL(url.toString());
          retryAfterMs = undefined;
          attempt--;
          continue;
        }
        if (status === 401 && !refreshedCredentials && this.ctx.transport.canRefreshCredentials) {
          // Exec plugins and token files may hold stale credentials: fetch fresh ones and try once more.
          refreshedCredentials = true;
          this.ctx.transport.invalidateCredentials();
          retryAfterMs = undefined;
          attempt--;
          continue;
        }
        if (isError && attempt <= this.retries && shouldRetryResponse(res)) {
          retryAfterMs = (parseRetryAfter(res) ?? 0) * 1000;
          continue;
        }
        return consume(res, body, bodyStream);
      }
    } finally {
      call.dispose();
    }
  }

  private surfaceWarnings(res: http.IncomingMessage): void {
    const raw = res.headers['warning'];
    if (!raw) return;
    for (const w of parseWarningHeaders(raw)) {
      try {
        this.ctx.warningHandler(w);
      } catch {
        // A broken handler must not fail the request.
      }
    }
  }

  private log(e: {
    attempt: number;
    started: number;
    sent: Record<string, string>;
    res?: http.IncomingMessage;
    error?: unknown;
    throttledMs: number;
    /** Where this attempt went, after redirects (else the request's own URL). */
    url?: URL;
  }): void {
    const logger = this.ctx.logger;
    if (!logger) return;
    try {
      logger({
        method: this.verb,
        url: redactURL((e.url ?? this.url()).toString()),
        status: e.res?.statusCode ?? 0,
        statusText: e.res?.statusMessage,
        latencyMs: performance.now() - e.started,
        attempt: e.attempt,
        requestHeaders: redactHeaders(e.sent),
        responseHeaders: e.res?.headers,
        error: e.error ? (e.error as Error).message : undefined,
        throttledMs: e.throttledMs,
      });
    } catch {
      // Logging never breaks a request.
    }
  }

  private toResult(res: http.IncomingMessage, body: Buffer): Result {
    const status = res.statusCode ?? 0;
    const contentType = String(res.headers['content-type'] ?? '');
    const result: Result = { statusCode: status, contentType, body, headers: res.headers };
    if (status < 200 || status > 206) result.error = this.resultError(status, contentType, body, res);
    return result;
  }

  /** client-go's Result.Error(): a Failure Status in the body wins; else the generic error for the code. */
  private resultError(status: number, contentType: string, body: Buffer, res: http.IncomingMessage): Error {
    if (body.length > 0) {
      try {
        const parsed = isProtobufContentType(contentType)
          ? protobufWire().decodeObject(body)
          : (JSON.parse(body.toString('utf8')) as unknown);
        if (isStatusObject(parsed) && parsed.status === 'Failure') return new StatusError(parsed);
      } catch {
        // not JSON: fall through to the generic error
      }
    }
    return this.unstructuredError(status, contentType, body, res);
  }

  private unstructuredError(status: number, contentType: string, body: Buffer, res: http.IncomingMessage): StatusError {
    const isText = /^text\//i.test(contentType.trim());
    const message = isText ? body.subarray(0, MAX_UNSTRUCTURED_RESPONSE_TEXT).toString('utf8').trim() : 'unknown';
    const gr = this.res ? { group: this.ctx.group, resource: this.res } : undefined;
    return newGenericServerResponse(status, this.verb, gr, this.resName, message, parseRetryAfter(res) ?? 0, true);
  }

  /** The raw outcome, errors included (never throws for HTTP status codes; throws for transport failures). */
  result(): Promise<Result> {
    return this.run({ throttle: true, streaming: false }, (res, body) => this.toResult(res, body!));
  }

  /** Decoded body (JSON, or protobuf decoded to the same JSON shape); throws StatusError for an error or a Failure Status. */
  async do<T = KubeObject>(): Promise<T> {
    const r = await this.result();
    if (r.error) throw r.error;
    if (r.body.length === 0) return undefined as T;
    let parsed: unknown;
    const protobuf = isProtobufContentType(r.contentType);
    try {
      parsed = protobuf ? protobufWire().decodeObject(r.body) : JSON.parse(r.body.toString('utf8'));
    } catch (e) {
      throw new Error(
        `${this.verb} ${redactURL(this.url().toString())}: response is not ${protobuf ? 'valid protobuf' : 'JSON'} (${r.contentType || 'no content type'}): ${(e as Error).message}`,
      );
    }
    if (isStatusObject(parsed) && parsed.status && parsed.status !== 'Success') throw new StatusError(parsed as Status);
    return parsed as T;
  }

  /** Body bytes; on an error status throws StatusError (decoded from a Status body when there is one). */
  async raw(): Promise<Buffer> {
    const r = await this.result();
    if (r.error) throw r.error;
    return r.body;
  }

  /** Response body as a stream (logs, exports). Errors are thrown before any byte is returned. */
  stream(): Promise<Readable> {
    const signal = this.userSignal;
    return this.run({ throttle: true, streaming: true }, (res, body, stream) => {
      if (body !== undefined) throw this.toResult(res, body).error ?? new Error('unexpected response');
      if (signal) {
        const onAbort = () => stream.destroy(signal.reason instanceof Error ? signal.reason : new Error('cancelled'));
        signal.addEventListener('abort', onAbort, { once: true });
        stream.once('close', () => signal.removeEventListener('abort', onAbort));
      }
      return stream;
    });
  }

  /** Opens a watch (adds watch=true). Resolves once the server accepted it; iterate the events; stop() closes. */
  async watch<T = KubeObject>(): Promise<WatchStream<T>> {
    if (!this.isWatch()) this.param('watch', 'true');
    const controller = new AbortController();
    const outer = this.userSignal;
    const onAbort = () => controller.abort(outer!.reason);
    if (outer) {
      if (outer.aborted) controller.abort(outer.reason);
      else outer.addEventListener('abort', onAbort, { once: true });
    }
    this.userSignal = controller.signal;
    try {
      const { res, protobuf } = await this.run({ throttle: false, streaming: true }, (r, body, stream) => {
        if (body !== undefined) throw this.toResult(r, body).error ?? new Error('unexpected response');
        return { res: stream, protobuf: isProtobufContentType(r.headers['content-type']) };
      });
      const stream = decodeWatchStream<T>(
        res,
        () => {
          outer?.removeEventListener('abort', onAbort);
          controller.abort();
        },
        protobuf ? 'protobuf' : 'json',
      );
      // Cancelling the caller's signal ends the stream (the iterator then finishes cleanly).
      if (controller.signal.aborted) stream.stop();
      else controller.signal.addEventListener('abort', () => stream.stop(), { once: true });
      return stream;
    } catch (e) {
      outer?.removeEventListener('abort', onAbort);
      throw e;
    }
  }
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return signal.aborted ? Promise.reject(signal.reason) : Promise.resolve();
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function readBody(res: http.IncomingMessage, body: Readable, signal: AbortSignal): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const finish = (err: Error | undefined, value?: Buffer) => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      if (err) reject(err);
      else resolve(value!);
    };
    const onAbort = () => {
      res.destroy();
      body.destroy();
      finish(signal.reason);
    };
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    body.on('data', (c: Buffer) => chunks.push(c));
    body.on('end', () => {
      // A response cut short (fewer bytes than Content-Length) is an unexpected EOF, not a complete body.
      if (!res.complete) {
        const e = new Error('unexpected EOF: connection closed before the response ended') as NodeJS.ErrnoException;
        e.code = 'ECONNRESET';
        finish(e);
        return;
      }
      finish(undefined, Buffer.concat(chunks));
    });
    res.on('aborted', () => {
      const e = new Error('unexpected EOF: connection closed before the response ended') as NodeJS.ErrnoException;
      e.code = 'ECONNRESET';
      finish(e);
    });
    body.on('error', (e) => finish(e));
    if (body !== res) res.on('error', (e) => finish(e));
  });
}

/** Go's http.Client stops after 10 redirects. */
const MAX_REDIRECTS = 10;

/** Where a redirected GET/HEAD goes next, or undefined (not a redirect, or to another origin). */
function redirectTarget(verb: string, status: number, location: string | undefined, from: URL): URL | undefined {
  if (verb !== 'GET' && verb !== 'HEAD') return undefined;
  if (![301, 302, 303, 307, 308].includes(status) || !location) return undefined;
  let to: URL;
  try {
    to = new URL(location, from);
  } catch {
    return undefined;
  }
  return to.origin === from.origin ? to : undefined;
}
