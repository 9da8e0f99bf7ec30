// Client-side token bucket (client-go util/flowcontrol.NewTokenBucketRateLimiter over golang.org/x/time/rate):
// `burst` tokens to start, refilled at `qps` per second; each request takes one, waiting when none is left.

export interface RateLimiter {
  /** Resolves when the caller may send; rejects with the signal's reason if aborted while waiting. Returns ms waited. */
  wait(signal?: AbortSignal): Promise<number>;
  /** Take a token without waiting; false if none is available now. */
  tryAccept(): boolean;
  readonly qps: number;
}

export class TokenBucketRateLimiter implements RateLimiter {
  private tokens: number;
  private last: number;
  constructor(
    readonly qps: number,
    readonly burst: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    if (!(qps > 0)) throw new Error(`qps must be > 0 (got ${qps})`);
    if (!(burst >= 1)) throw new Error(`burst must be >= 1 (got ${burst})`);
    this.tokens = burst;
    this.last = this.now();
  }

  private advance(t: number): void {
    const elapsed = Math.max(0, t - this.last) / 1000;
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.qps);
    this.last = t;
  }

  tryAccept(): boolean {
    this.advance(this.now());
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Reserve a token now (the bucket may go negative, as rate.Reservation does) and sleep until it is ours. */
  wait(signal?: AbortSignal): Promise<number> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    this.advance(this.now());
    this.tokens -= 1;
    const delayMs = this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
    if (delayMs <= 0) return Promise.resolve(0);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(delayMs);
      }, delayMs);
      const onAbort = () => {
        clearTimeout(timer);
        // Give the unused reservation back so cancelled callers do not slow everyone else.
        this.advance(this.now());
        this.tokens = Math.min(this.burst, this.tokens + 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

/** No client-side limit (qps < 0 in the config, as client-go allows). */
export class UnlimitedRateLimiter implements RateLimiter {
  readonly qps = Infinity;
  wait(): Promise<number> {
    return Promise.resolve(0);
  }
  tryAccept(): boolean {
    return true;
  }
}

export const DEFAULT_QPS = 5;
export const DEFAULT_BURST = 10;

/** client-go's defaults: 0 means "use the default"; a negative qps disables throttling. */
export function rateLimiterFor(qps: number | undefined, burst: number | undefined): RateLimiter {
  const q = qps === undefined || qps === 0 ? DEFAULT_QPS : qps;
  if (q < 0) return new UnlimitedRateLimiter();
  const b = burst === undefined || burst === 0 ? DEFAULT_BURST : burst;
  return new TokenBucketRateLimiter(q, b);
}
