// Request logging hook in the spirit of client-go's -v=N round-tripper debugging.
// Entries never carry credentials: Authorization and proxy credentials are masked before a hook sees them.
import { redactURL } from '../util/redact';

export { redactURL };

export interface RequestLogEntry {
  method: string;
  url: string;
  /** 0 when no response arrived. */
  status: number;
  statusText?: string;
  latencyMs: number;
  /** 1 for the first try. */
  attempt: number;
  requestHeaders: Record<string, string>;
  responseHeaders?: Record<string, string | string[] | undefined>;
  error?: string;
  /** Time spent waiting on the client-side rate limiter before this attempt. */
  throttledMs?: number;
}

export type RequestLogger = (entry: RequestLogEntry) => void;

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie']);

/** Copy of the headers safe to log (client-go's maskValue: keep the scheme, mask the secret). */
export function redactHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    const value = Array.isArray(v) ? v.join(', ') : String(v);
    if (SECRET_HEADERS.has(k.toLowerCase())) {
      const scheme = /^(\w+)\s/.exec(value);
      out[k] = scheme ? `${scheme[1]} <masked>` : '<masked>';
    } else {
      out[k] = value;
    }
  }
  return out;
}

/**
 * kubectl 1.33's -v=N lines (klog structured form, without klog's own "I1128 …] " prefix, which callers add):
 *   -v=6  "Response" verb="GET" url="https://…" status="200 OK" milliseconds=12
 *   -v=7  also the request headers (Authorization masked); -v=8 also the response headers.
 */
export function klogStyleLogger(level: number, write: (line: string) => void): RequestLogger {
  const q = (v: string) => JSON.stringify(v);
  return (e) => {
    if (level < 6) return;
    if (level >= 7) {
      const headers = Object.entries(e.requestHeaders)
        .map(([k, v]) => `\t${k}: ${v}\n`)
        .join('');
      write(`"Request" verb=${q(e.method)} url=${q(e.url)} headers=<\n${headers} >`);
    }
    const status = e.status ? `${e.status}${e.statusText ? ' ' + e.statusText : ''}` : '';
    let line = `"Response" verb=${q(e.method)} url=${q(e.url)} status=${q(status)} milliseconds=${Math.round(e.latencyMs)}`;
    if (e.attempt > 1) line += ` attempt=${e.attempt}`;
    if (e.error) line += ` err=${q(e.error)}`;
    write(line);
    if (level >= 8 && e.responseHeaders) {
      const headers = Object.entries(redactHeaders(e.responseHeaders))
        .map(([k, v]) => `\t${k}: ${v}\n`)
        .join('');
      write(`"Response headers" headers=<\n${headers} >`);
    }
    if (e.throttledMs && e.throttledMs >= 1000) {
      write(
        `"Waited before sending request" delay=${q((e.throttledMs / 1000).toFixed(3) + 's')} reason="client-side throttling, not priority and fairness" verb=${q(e.method)} URL=${q(e.url)}`,
      );
    }
  };
}

let defaultLogger: RequestLogger | undefined;

/** Process-wide hook (the CLI sets it from -v=N); clients may also pass their own. */
export function setDefaultRequestLogger(logger: RequestLogger | undefined): void {
  defaultLogger = logger;
}
export function getDefaultRequestLogger(): RequestLogger | undefined {
  return defaultLogger;
}
