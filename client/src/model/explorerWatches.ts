// Watch lifetimes of the explorer: one live list per shown folder (keyed by node id), started when the
// folder is shown, stopped when it is collapsed, hidden or refreshed; a list's changes refresh the nodes
// built from it. The tree model (explorer.ts) decides which lists exist; this module starts and stops them.
import { classifyFailure } from './errors';
import type { ExplorerResource } from './kinds';
import { LiveObjectList, type ListChange, type Scheduler } from './liveList';
import type { ContextConnection, LiveWatch } from './ports';
import type { ExplorerNode, NamespaceNode, ObjectNode } from './explorerNodes';
import type { ObjectRow } from './table';
import { errorMessage } from '../../../kube/util/errors';

/** One live list and what the tree built from it. */
export interface WatchedList {
  list: LiveObjectList;
  watch: LiveWatch;
  /**
   * The first result's error (undefined when it listed). Settles also when the list is stopped first: a tree
   * fetch awaiting it must answer, since VS Code queues every later refresh of the view behind a pending one.
   */
  first: Promise<unknown | undefined>;
  /** The first result arrived. */
  answered?: boolean;
  /**
   * Stopped before its first result (its folder was collapsed, hidden or refreshed meanwhile): `first` settled
   * without one, and the stop's change event makes the tree ask for that folder's children again.
   */
  abandoned?: boolean;
  resolveFirst(err: unknown | undefined): void;
  health?: unknown;
  /** Item nodes by row key, kept so VS Code sees the same element (and its expansion) across refreshes. */
  nodes: Map<string, ObjectNode>;
  /** A context's namespace rows by key (the namespaces list also feeds the context's children). */
  namespaceRows: Map<string, NamespaceNode>;
  subscription: { dispose(): void };
  /** The node whose children this list is (its description shows the count). */
  owner: ExplorerNode;
  /** The folder that shows or hides the owner by whether the list is empty. */
  parent?: ExplorerNode;
  /** Children were built from this list at least once. */
  delivered?: boolean;
  /** Whether the parent folder last saw this kind with objects to show. */
  shownInParent?: boolean;
}

/** What the watches need from the tree model. */
export interface WatchHost {
  pageSize(): number;
  /** Per list request (ms); default 30 s. */
  requestTimeoutMs?: number;
  scheduler?: Scheduler;
  log?: (line: string) => void;
  /** The node's children (or the node itself) changed. */
  fire(node: ExplorerNode): void;
  /** How many of the list's objects the tree shows (the name filter applies). */
  shownCount(list: LiveObjectList): number;
  hideEmpty(): boolean;
}

export class ExplorerWatches {
  private readonly lists = new Map<string, WatchedList>();

  constructor(private readonly host: WatchHost) {}

  get(id: string): WatchedList | undefined {
    return this.lists.get(id);
  }

  get size(): number {
    return this.lists.size;
  }

  /** Every live list (for refreshing ages). */
  all(): IterableIterator<WatchedList> {
    return this.lists.values();
  }

  start(
    id: string,
    session: ContextConnection,
    resource: ExplorerResource,
    namespace: string | undefined,
    owner: ExplorerNode,
    parent?: ExplorerNode,
    /** Nobody waits for the first result: re-render the owner when it comes (its count, or none on failure). */
    options: { announceFirst?: boolean } = {},
  ): WatchedList {
    const existing = this.lists.get(id);
    if (existing) {
      existing.parent ??= parent;
      return existing;
    }
    const list = new LiveObjectList(this.host.scheduler);
    let resolveFirst!: (err: unknown | undefined) => void;
    const first = new Promise<unknown | undefined>((r) => (resolveFirst = r));
    const state: WatchedList = {
      list,
      first,
      resolveFirst,
      nodes: new Map(),
      namespaceRows: new Map(),
      watch: { stop() {} },
      subscription: list.onChange((change) => this.listChanged(state, change)),
      owner,
      parent,
    };
    this.lists.set(id, state);
    state.watch = session.watchTable(resource, namespace, list, {
      pageSize: this.host.pageSize(),
      requestTimeoutMs: this.host.requestTimeoutMs ?? 30_000,
      onFirstResult: (err) => {
        state.answered = true;
        resolveFirst(err);
        // A 403 does not heal by itself: no retrying in the background (Retry or re-expanding starts afresh).
        if (err !== undefined && classifyFailure(err).kind === 'forbidden' && this.lists.get(id) === state)
          this.stop(id);
        // Rows that arrived announce themselves (a change event); an empty or failed first result does not.
        if (options.announceFirst && (err !== undefined || list.size === 0)) this.host.fire(state.owner);
      },
      onHealth: (err) => {
        const changed = (state.health === undefined) !== (err === undefined);
        state.health = err;
        if (err !== undefined)
          this.host.log?.(`[${session.contextName}] watch ${resource.resource}: ${errorMessage(err)}`);
        if (changed) this.host.fire(state.owner);
      },
    });
    return state;
  }

  /**
   * The first children built from a new list already hold its first page: announcing that page again would
   * make VS Code refresh the folder it is still rendering (and lose a click on one of its items).
   */
  delivered(state: WatchedList): void {
    if (state.delivered) return;
    state.delivered = true;
    state.list.markDelivered();
  }

  private listChanged(state: WatchedList, change: ListChange): void {
    for (const key of change.removed) {
      state.nodes.delete(key);
      state.namespaceRows.delete(key);
    }
    // Membership changes need the owner's children (and count) again; pure updates refresh just those items.
    if (change.reset || change.added.size > 0 || change.removed.size > 0 || change.updated.size > 64) {
      // A kind that gained its first (matching) object or lost its last one appears in or leaves its folder.
      const shown = this.host.shownCount(state.list) > 0;
      if (state.parent && this.host.hideEmpty() && shown !== state.shownInParent) this.host.fire(state.parent);
      state.shownInParent = shown;
      this.host.fire(state.owner);
      return;
    }
    for (const key of change.updated) {
      const node = state.nodes.get(key) ?? state.namespaceRows.get(key);
      if (node) this.host.fire(node);
    }
  }

  stop(id: string): void {
    const state = this.lists.get(id);
    if (!state) return;
    this.lists.delete(id);
    if (!state.answered) {
      state.abandoned = true;
      state.resolveFirst(undefined);
    }
    state.watch.stop();
    state.subscription.dispose();
    state.list.dispose();
  }

  /** Stops every list whose id starts with `prefix`; whether any was running. */
  stopUnder(prefix: string): boolean {
    let stopped = false;
    for (const id of [...this.lists.keys()]) {
      if (id.startsWith(prefix)) {
        this.stop(id);
        stopped = true;
      }
    }
    return stopped;
  }

  /** Stops every list; how many were running. */
  stopAll(): number {
    const ids = [...this.lists.keys()];
    for (const id of ids) this.stop(id);
    return ids.length;
  }

  /** The rows of one list request (no watch kept): what a picker needs when the tree does not watch it. */
  async listOnce(session: ContextConnection, resource: ExplorerResource): Promise<ObjectRow[]> {
    const list = new LiveObjectList(this.host.scheduler);
    let resolveFirst!: (err: unknown) => void;
    const first = new Promise<unknown>((r) => (resolveFirst = r));
    const watch = session.watchTable(resource, undefined, list, {
      pageSize: this.host.pageSize(),
      requestTimeoutMs: this.host.requestTimeoutMs ?? 30_000,
      onFirstResult: (err) => resolveFirst(err),
      onHealth: () => undefined,
    });
    try {
      const err = await first;
      if (err !== undefined && list.size === 0) throw err;
      return list.list();
    } finally {
      watch.stop();
      list.dispose();
    }
  }
}
