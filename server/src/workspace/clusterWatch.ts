// Whether the connected cluster's schemas can be read now. A first probe before validation starts; while the
// cluster cannot be read, probes again with backoff (1 s doubling to 30 s) and at once on connectivity events
// (a request to the cluster succeeded, the client asks); while it can, a failed schema fetch probes again.
import type { ClusterConnection, ClusterProbe } from './cluster';

const PROBE_TIMEOUT_MS = 4_000;

/**
 * How long a probe waits for the OpenAPI root before calling the cluster slow: 4 s, or KUBESENSE_PROBE_TIMEOUT_MS
 * (a slow link; tests on a loaded machine, whose live cluster must not pass for a slow one).
 */
export function probeTimeoutMs(env: NodeJS.ProcessEnv = process.env): number {
  const ms = Number(env.KUBESENSE_PROBE_TIMEOUT_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : PROBE_TIMEOUT_MS;
}
const FIRST_RETRY_MS = 1_000;
const MAX_RETRY_MS = 30_000;

export class ClusterWatch {
  private current?: ClusterProbe;
  private timer?: NodeJS.Timeout;
  private retryMs = FIRST_RETRY_MS;
  private probing?: Promise<ClusterProbe>;
  private disposed = false;

  constructor(
    private readonly cluster: ClusterConnection,
    /** Called with every probe result; `changed` when its state differs from the last one. */
    private readonly onResult: (probe: ClusterProbe, changed: boolean) => void,
  ) {}

  get state(): ClusterProbe | undefined {
    return this.current;
  }

  /** Probe now (a probe already running is shared); re-arms the backoff timer while the cluster is away. */
  probe(): Promise<ClusterProbe> {
    this.probing ??= this.cluster
      .probeSchemas(probeTimeoutMs())
      .then((result) => {
        if (this.disposed) return result;
        const changed = this.current?.state !== result.state;
        this.current = result;
        if (result.state === 'live') this.retryMs = FIRST_RETRY_MS;
        this.arm();
        this.onResult(result, changed);
        return result;
      })
      .finally(() => (this.probing = undefined));
    return this.probing;
  }

  /**
   * Evidence that connectivity changed (a request succeeded or failed, the client says so): ask again now. Before
   * the first probe has answered there is nothing to revise: that probe (the session's, before validation) will
   * tell, and probing beside it asked the server for the OpenAPI root twice at start-up.
   */
  connectivityChanged(): void {
    if (this.disposed || this.probing || !this.current) return;
    void this.probe();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }

  private arm(): void {
    clearTimeout(this.timer);
    if (this.disposed || this.current?.state === 'live') return;
    this.timer = setTimeout(() => void this.probe(), this.retryMs);
    this.timer.unref();
    this.retryMs = Math.min(this.retryMs * 2, MAX_RETRY_MS);
  }
}
