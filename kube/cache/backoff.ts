// Exponential backoff with jitter, as client-go's reflector uses between failed list/watch attempts
// (800ms doubling to 30s), reset after progress.

export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** 0..1: fraction of the delay added at random so many clients do not retry in lockstep. */
  jitter?: number;
}

export class Backoff {
  private current: number;
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 800;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 1;
    this.current = this.initialMs;
  }

  next(): number {
    const base = this.current;
    this.current = Math.min(this.maxMs, this.current * this.factor);
    return Math.min(this.maxMs, base + base * this.jitter * Math.random());
  }

  reset(): void {
    this.current = this.initialMs;
  }
}

/** Resolves after ms, or early (without throwing) when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
  });
}
