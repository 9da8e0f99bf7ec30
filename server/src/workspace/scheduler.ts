// Per-document validation scheduling: a document idle for longer than the quiet period is validated at once
// (leading edge: the first keystroke after a pause gets diagnostics immediately); changes arriving within the
// quiet period are coalesced (trailing edge). A new version aborts the run still working on an older one.

export type ValidationRun = (uri: string, signal: AbortSignal) => Promise<void>;

interface DocState {
  timer?: NodeJS.Timeout | NodeJS.Immediate;
  timerIsImmediate?: boolean;
  running?: AbortController;
  lastStart: number;
}

export class ValidationScheduler {
  private readonly docs = new Map<string, DocState>();
  private disposed = false;

  constructor(
    private readonly run: ValidationRun,
    private readonly quietPeriodMs: () => number,
    private readonly onError: (uri: string, err: unknown) => void,
  ) {}

  schedule(uri: string): void {
    if (this.disposed) return;
    const state = this.docs.get(uri) ?? { lastStart: -Infinity };
    this.docs.set(uri, state);
    state.running?.abort();
    state.running = undefined;
    this.clearTimer(state);
    const sinceLast = performance.now() - state.lastStart;
    const wait = Math.max(0, this.quietPeriodMs() - sinceLast);
    const fire = () => {
      state.timer = undefined;
      void this.start(uri, state);
    };
    if (wait === 0) {
      // setImmediate still lets edits that arrived in the same read (one JSON-RPC batch) coalesce.
      state.timer = setImmediate(fire);
      state.timerIsImmediate = true;
    } else {
      state.timer = setTimeout(fire, wait);
      state.timerIsImmediate = false;
    }
  }

  /** Stop pending and running work for a document (closed). */
  cancel(uri: string): void {
    const state = this.docs.get(uri);
    if (!state) return;
    this.clearTimer(state);
    state.running?.abort();
    this.docs.delete(uri);
  }

  dispose(): void {
    this.disposed = true;
    for (const uri of [...this.docs.keys()]) this.cancel(uri);
  }

  private clearTimer(state: DocState): void {
    if (!state.timer) return;
    if (state.timerIsImmediate) clearImmediate(state.timer as NodeJS.Immediate);
    else clearTimeout(state.timer as NodeJS.Timeout);
    state.timer = undefined;
  }

  private async start(uri: string, state: DocState): Promise<void> {
    const controller = new AbortController();
    state.running = controller;
    state.lastStart = performance.now();
    try {
      await this.run(uri, controller.signal);
    } catch (err) {
      if (!controller.signal.aborted) this.onError(uri, err);
    } finally {
      if (state.running === controller) state.running = undefined;
    }
  }
}
