// V8's code cache of the validators the server loaded without one (analysis/validation/validatorCodeCache.ts), so the
// next start skips compiling them. `kubesense check` saves it after its output; a language server runs until the
// editor ends it, so it saves once it has been idle for a while after publishing diagnostics (the validators have run
// by then, so the cache holds the functions they compiled) and again at shutdown. Never on the hot path: every
// publish pushes the save back, so a typing burst is not interrupted. The cache module writes each file atomically
// and privately; a save with nothing new to write costs nothing.
import { saveValidatorCodeCaches } from '../../../analysis/validation';

/** Quiet time after the last published diagnostics before the code caches are written. */
export const CODE_CACHE_IDLE_MS = 2_000;

export class CodeCacheSaver {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly save: () => string[] = saveValidatorCodeCaches,
    private readonly idleMs = CODE_CACHE_IDLE_MS,
  ) {}

  /** Diagnostics were published: save once nothing else has been published for idleMs. */
  published(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.saveNow(), this.idleMs);
    this.timer.unref(); // never what keeps a process alive
  }

  /** Save now (shutdown); returns the files written. */
  saveNow(): string[] {
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.save();
  }
}
