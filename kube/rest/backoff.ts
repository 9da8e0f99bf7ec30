// Per-host exponential backoff (client-go rest/urlbackoff.go). Off unless KUBE_CLIENT_BACKOFF_BASE and
// KUBE_CLIENT_BACKOFF_DURATION (seconds) are set, exactly as in client-go: 5xx answers lengthen the wait
// before the next request to that host, anything else resets it.

export interface BackoffManager {
  /** How long to wait before a request to this URL (ms). */
  calculate(url: URL): number;
  update(url: URL, err: unknown, statusCode: number): void;
}

export const noBackoff: BackoffManager = {
  calculate: () => 0,
  update: () => undefined,
};

interface Entry {
  backoffMs: number;
  lastUpdate: number;
}

export class URLBackoff implements BackoffManager {
  private readonly entries = new Map<string, Entry>();
  constructor(
    private readonly initialMs: number,
    private readonly maxMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  private key(url: URL): string {
    return url.host;
  }

  calculate(url: URL): number {
    const e = this.entries.get(this.key(url));
    return e ? e.backoffMs : 0;
  }

  update(url: URL, err: unknown, statusCode: number): void {
    const key = this.key(url);
    if (!err && statusCode > 499 && statusCode <= 599) {
      const t = this.now();
      const e = this.entries.get(key);
      // flowcontrol.Backoff: start at the base, double up to the max; an entry idle for 2×max starts over.
      if (!e || t - e.lastUpdate > 2 * this.maxMs) this.entries.set(key, { backoffMs: this.initialMs, lastUpdate: t });
      else this.entries.set(key, { backoffMs: Math.min(e.backoffMs * 2, this.maxMs), lastUpdate: t });
      return;
    }
    this.entries.delete(key);
  }
}

/** client-go readExpBackoffConfig. */
export function backoffFromEnvironment(env: NodeJS.ProcessEnv = process.env): BackoffManager {
  const base = Number.parseInt(env.KUBE_CLIENT_BACKOFF_BASE ?? '', 10);
  const duration = Number.parseInt(env.KUBE_CLIENT_BACKOFF_DURATION ?? '', 10);
  if (!Number.isFinite(base) || !Number.isFinite(duration)) return noBackoff;
  return new URLBackoff(base * 1000, duration * 1000);
}
