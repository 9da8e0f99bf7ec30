/**
 * Fault rules: which requests a fault applies to, and what the fault is.
 */

/** What to do to a matching request. */
export type Fault =
  /**
   * Answer with this HTTP status instead of (or, with `forward`, after) the server's answer.
   * Bodies are shaped as the API server's own: 429 is the plain-text body of its
   * priority-and-fairness filter unless `body: 'status'`; other codes are a metav1.Status as
   * built by k8s.io/apimachinery/pkg/api/errors (NewInternalError, NewServiceUnavailable, …).
   */
  | {
      type: 'status';
      code: number;
      retryAfterSeconds?: number;
      body?: 'text' | 'status';
      message?: string;
      forward?: boolean;
    }
  /**
   * Drop the connection. `before-forward`: the server never sees the request.
   * `before-headers`: the server handles it, the client gets no response (a lost reply).
   * `after-headers`: headers and the first `afterBytes` body bytes arrive, then the socket dies.
   */
  | { type: 'reset'; when: 'before-forward' | 'before-headers' | 'after-headers'; afterBytes?: number }
  /** Send headers and `afterBytes` of body (default 0), then nothing more, keeping the socket open. */
  | { type: 'stall'; afterBytes?: number }
  /** Trickle the response body: `chunkBytes` every `delayMs`. */
  | { type: 'slow'; delayMs: number; chunkBytes?: number }
  /** Wait before forwarding. */
  | { type: 'delay'; ms: number }
  /**
   * End a watch stream after `afterEvents` complete events. `midEvent` first sends half of
   * the next event's JSON line; `graceful` ends the response cleanly (like a server-side
   * watch timeout) instead of destroying the socket.
   */
  | { type: 'cut-watch'; afterEvents: number; midEvent?: boolean; graceful?: boolean }
  /**
   * The server's real 410 Gone: the request is forwarded with its continue token expired
   * (lists) or with resourceVersion=1, older than the etcd compaction the cluster does at
   * start (watches and other lists), so the reply is exactly what the server sends.
   */
  | { type: 'gone' }
  /** The server's real 401: the request is forwarded with an unknown bearer token and no client certificate. */
  | { type: 'expired-token' }
  /**
   * A server without Table support (some aggregated API servers): the `as=Table` media ranges are dropped from
   * the Accept header, so the real server answers with the plain object or list the client also accepts.
   */
  | { type: 'no-table' }
  /**
   * The server's real answer to a client without credentials: forwarded with no Authorization header and no
   * client certificate, so the API server authenticates system:anonymous (403 where RBAC gives it nothing).
   */
  | { type: 'anonymous' }
  /**
   * A server that does not serve this path (e.g. no OpenAPI v3): forwarded under a path the real server does not
   * serve, so its own 404 comes back.
   */
  | { type: 'not-served' };

export type QueryMatcher = string | RegExp | true;

export interface FaultRule {
  /** HTTP method, case-insensitive. */
  method?: string;
  /** Exact path, or a pattern tested against the path (no query string). */
  path?: string | RegExp;
  /** Query parameters that must be present: exact value, pattern, or `true` for any value. */
  query?: Record<string, QueryMatcher>;
  /** How many matching requests get the fault (default 1; Infinity for all). */
  times?: number;
  /** Let this many matching requests through untouched first (default 0). */
  skip?: number;
  fault: Fault;
}

/** A rule as installed, with its live counters. */
export interface InstalledRule {
  readonly rule: FaultRule;
  /** Requests the fault was applied to. */
  readonly hits: number;
  /** Matching requests seen, including skipped ones. */
  readonly matched: number;
  /** Stop applying this rule. */
  remove(): void;
}

export function matches(rule: FaultRule, method: string, pathname: string, query: URLSearchParams): boolean {
  if (rule.method && rule.method.toUpperCase() !== method.toUpperCase()) return false;
  if (rule.path !== undefined) {
    if (typeof rule.path === 'string' ? rule.path !== pathname : !rule.path.test(pathname)) return false;
  }
  for (const [key, want] of Object.entries(rule.query ?? {})) {
    const got = query.get(key);
    if (got === null) return false;
    if (want === true) continue;
    if (typeof want === 'string' ? got !== want : !want.test(got)) return false;
  }
  return true;
}
