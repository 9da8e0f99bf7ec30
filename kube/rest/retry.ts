// client-go's retry rules (rest/with_retry.go, util/net): which failures are worth another attempt.
import type * as http from 'http';
import { TransportError } from './errors';

/** client-go's default MaxRetries: up to 10 retries after the first attempt. */
export const MAX_RETRIES = 10;

/** Retry-After as whole seconds (client-go accepts only an integer; an HTTP date is ignored). */
export function parseRetryAfter(res: http.IncomingMessage): number | undefined {
  const h = res.headers['retry-after'];
  const v = Array.isArray(h) ? h[0] : h;
  if (v === undefined || !/^\s*-?\d+\s*$/.test(v)) return undefined;
  return Number(v.trim());
}

/** checkWait: 429 or any 5xx, and only when the server said how long to wait. */
export function shouldRetryResponse(res: http.IncomingMessage): boolean {
  const code = res.statusCode ?? 0;
  if (code !== 429 && code < 500) return false;
  return parseRetryAfter(res) !== undefined;
}

/**
 * net.IsConnectionReset || net.IsProbableEOF in Node terms. Connection refused, TLS and DNS errors are not
 * included: client-go does not retry them either.
 */
export function isRetryableConnectionError(err: unknown): boolean {
  let e = err as (NodeJS.ErrnoException & { cause?: unknown }) | undefined;
  if (e instanceof TransportError) e = (e.cause as NodeJS.ErrnoException) ?? e;
  if (!e || typeof e !== 'object') return false;
  const code = e.code ?? (e instanceof TransportError ? e.code : undefined);
  if (
    code === 'ECONNRESET' ||
    code === 'EPIPE' ||
    code === 'ERR_STREAM_PREMATURE_CLOSE' ||
    code === 'Z_BUF_ERROR' ||
    code === 'ERR_HTTP2_GOAWAY_SESSION' ||
    code === 'UND_ERR_SOCKET'
  ) {
    return true;
  }
  const msg = String(e.message ?? '').toLowerCase();
  return (
    msg.includes('socket hang up') ||
    msg.includes('connection reset by peer') ||
    msg.includes('unexpected eof') ||
    msg.includes('unexpected end of file') ||
    msg.includes('premature close') ||
    msg.includes('use of closed network connection') ||
    msg.includes('server sent goaway')
  );
}
