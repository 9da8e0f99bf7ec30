// The objects of one expanded kind, kept in name order and updated one event at a time. Changes are
// coalesced into batches so a burst of watch events causes one tree refresh, not one per event.
import type { ObjectRow, TableColumn } from './table';

export interface ListChange {
  /** The whole list was replaced (first list or relist). */
  reset: boolean;
  added: ReadonlySet<string>;
  updated: ReadonlySet<string>;
  removed: ReadonlySet<string>;
}

export type Scheduler = (flush: () => void) => { cancel(): void };

/**
 * At most one flush per `ms`: a change after a quiet period is delivered on the next turn of the event loop
 * (a single edit shows at once), while a burst is folded into one flush per window.
 */
export function timerScheduler(ms: number): Scheduler {
  let lastFlush = -Infinity;
  return (flush) => {
    const wait = Math.max(0, lastFlush + ms - performance.now());
    const run = () => {
      lastFlush = performance.now();
      flush();
    };
    if (wait === 0) {
      const t = setImmediate(run);
      return { cancel: () => clearImmediate(t) };
    }
    const t = setTimeout(run, wait);
    return { cancel: () => clearTimeout(t) };
  };
}

function compareKeys(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export class LiveObjectList {
  private columnsValue: TableColumn[] = [];
  private readonly rows = new Map<string, ObjectRow>();
  /** Keys in sort order, maintained by binary insertion so an event costs O(log n) + one splice. */
  private readonly order: string[] = [];
  private pending: { reset: boolean; added: Set<string>; updated: Set<string>; removed: Set<string> } | undefined;
  private scheduled: { cancel(): void } | undefined;
  private readonly listeners = new Set<(change: ListChange) => void>();

  constructor(private readonly schedule: Scheduler = timerScheduler(25)) {}

  get columns(): readonly TableColumn[] {
    return this.columnsValue;
  }
  get size(): number {
    return this.rows.size;
  }

  setColumns(columns: TableColumn[]): void {
    if (columns.length > 0) this.columnsValue = columns;
  }

  get(key: string): ObjectRow | undefined {
    return this.rows.get(key);
  }

  /** Rows in display order (namespace, then name). */
  list(): ObjectRow[] {
    return this.order.map((k) => this.rows.get(k)!);
  }

  keys(): readonly string[] {
    return this.order;
  }

  /** Replaces everything (initial list, relist after 410 Gone). */
  replace(rows: readonly ObjectRow[]): void {
    this.rows.clear();
    for (const r of rows) this.rows.set(r.key, r);
    this.order.length = 0;
    for (const k of this.rows.keys()) this.order.push(k);
    this.order.sort(compareKeys);
    this.note((p) => {
      p.reset = true;
      p.added.clear();
      p.updated.clear();
      p.removed.clear();
    });
  }

  /** Appends one page of a paged list without waiting for the rest, so the first page shows early. */
  addPage(rows: readonly ObjectRow[]): void {
    for (const r of rows) this.upsert(r);
  }

  upsert(row: ObjectRow): void {
    const old = this.rows.get(row.key);
    if (old && old.resourceVersion && old.resourceVersion === row.resourceVersion) return;
    this.rows.set(row.key, row);
    if (old) {
      this.note((p) => {
        if (!p.added.has(row.key)) p.updated.add(row.key);
      });
      return;
    }
    this.order.splice(this.insertionPoint(row.key), 0, row.key);
    this.note((p) => {
      if (p.removed.delete(row.key)) p.updated.add(row.key);
      else p.added.add(row.key);
    });
  }

  remove(key: string): void {
    if (!this.rows.delete(key)) return;
    const i = this.insertionPoint(key);
    if (this.order[i] === key) this.order.splice(i, 1);
    this.note((p) => {
      if (p.added.delete(key)) return;
      p.updated.delete(key);
      p.removed.add(key);
    });
  }

  onChange(listener: (change: ListChange) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * The caller just read the whole list (a tree asked for the children): pending changes are already in what it
   * got, so announcing them again would only make the tree refresh what it has just rendered.
   */
  markDelivered(): void {
    this.scheduled?.cancel();
    this.scheduled = undefined;
    this.pending = undefined;
  }

  /** Delivers pending changes now (tests, and before disposing). */
  flush(): void {
    this.scheduled?.cancel();
    this.scheduled = undefined;
    const p = this.pending;
    this.pending = undefined;
    if (!p) return;
    if (!p.reset && p.added.size === 0 && p.updated.size === 0 && p.removed.size === 0) return;
    for (const l of this.listeners) l(p);
  }

  dispose(): void {
    this.scheduled?.cancel();
    this.scheduled = undefined;
    this.pending = undefined;
    this.listeners.clear();
  }

  private insertionPoint(key: string): number {
    let lo = 0;
    let hi = this.order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.order[mid]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private note(update: (p: NonNullable<LiveObjectList['pending']>) => void): void {
    if (!this.pending) this.pending = { reset: false, added: new Set(), updated: new Set(), removed: new Set() };
    update(this.pending);
    if (!this.scheduled) this.scheduled = this.schedule(() => this.flush());
  }
}
