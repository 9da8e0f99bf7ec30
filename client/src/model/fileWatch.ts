// Watches kubeconfig files for changes, including files that do not exist yet and editors or kubectl
// replacing a file by rename (which ends a watch on the file itself): the parent directories are watched.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface FileWatchOptions {
  /** Collapses the several events one save produces. */
  debounceMs?: number;
  onError?: (err: unknown) => void;
}

export class FilesWatcher {
  private watchers: fs.FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private files = new Set<string>();

  constructor(
    private readonly onChange: () => void,
    private readonly options: FileWatchOptions = {},
  ) {}

  /** Replaces the watched set (the precedence list can change when KUBECONFIG or the setting does). */
  watch(files: readonly string[]): void {
    const next = new Set(files.map((f) => path.resolve(f)));
    if (next.size === this.files.size && [...next].every((f) => this.files.has(f))) return;
    this.close();
    this.files = next;
    const dirs = new Set([...next].map((f) => path.dirname(f)));
    for (const dir of dirs) {
      try {
        const w = fs.watch(dir, { persistent: false }, (_event, name) => {
          if (name === null || this.files.has(path.join(dir, name.toString()))) this.schedule();
        });
        w.on('error', (err) => this.options.onError?.(err));
        this.watchers.push(w);
      } catch (err) {
        // A directory that does not exist yet: nothing to watch until the next reload names it again.
        this.options.onError?.(err);
      }
    }
  }

  private schedule(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.onChange();
    }, this.options.debounceMs ?? 150);
  }

  close(): void {
    for (const w of this.watchers) w.close();
    this.watchers = [];
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
