// The cluster explorer as a plain tree model: which nodes exist, their children, selection, filter and
// expansion. Node types are in explorerNodes.ts, how each looks in explorerView.ts, the live lists behind
// the folders in explorerWatches.ts. The VS Code TreeDataProvider (client/src/explorer/treeProvider.ts)
// only maps NodeView to TreeItem, so everything here runs under node:test against a real cluster.
import { classifyFailure } from './errors';
import { contextLevelKinds, groupResources, pluralKind, type ExplorerResource } from './kinds';
import type { LiveObjectList, Scheduler } from './liveList';
import type { ContextConnection, ContextInfo, KubeconfigSnapshot, ContextConnectionFactory } from './ports';
import type { ObjectRow } from './table';

export type * from './explorerNodes';
import type {
  ApiGroupNode,
  CategoryNode,
  ClusterScopeNode,
  ContextNode,
  EditorSelection,
  ExplorerNode,
  KindNode,
  MessageNode,
  NamespaceNode,
  NodeView,
  ObjectNode,
} from './explorerNodes';
import { nodeView, objectTooltip, type ViewState } from './explorerView';
import { ExplorerWatches } from './explorerWatches';

const NAMESPACES: ExplorerResource = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  kind: 'Namespace',
  namespaced: false,
  verbs: ['list', 'watch', 'get', 'delete', 'patch'],
};

interface ContextState {
  session?: Promise<ContextConnection>;
  resources?: Promise<ExplorerResource[]>;
}

export interface ExplorerOptions {
  sessions: ContextConnectionFactory;
  pageSize?: number;
  /** Per list request (ms); default 30 s. */
  requestTimeoutMs?: number;
  scheduler?: Scheduler;
  now?: () => number;
  log?: (line: string) => void;
  /** Leave kinds without objects out of their folder (default true). */
  hideEmptyKinds?: boolean;
}

export class ExplorerModel {
  private snapshot: KubeconfigSnapshot = { files: [], contexts: [] };
  private contextNodes = new Map<string, ContextNode>();
  private readonly contexts = new Map<string, ContextState>();
  private readonly listeners = new Set<(node: ExplorerNode | undefined) => void>();
  readonly selection: EditorSelection = { namespaces: new Map() };
  pageSize: number;
  /** Ids of the nodes the user has open: a re-created node (after its parent was collapsed) opens again. */
  private readonly expandedIds = new Set<string>();
  /** Folder nodes by id: VS Code finds a changed element by identity, so one id is one object. */
  private readonly folders = new Map<string, ExplorerNode>();
  private filterText = '';
  /** Live lists keyed by node id (kinds, and each context's namespaces). */
  private readonly watches: ExplorerWatches;
  private hideEmpty: boolean;

  constructor(private readonly options: ExplorerOptions) {
    this.watches = new ExplorerWatches({
      pageSize: () => this.pageSize,
      requestTimeoutMs: options.requestTimeoutMs,
      scheduler: options.scheduler,
      log: options.log,
      fire: (node) => this.fire(node),
      shownCount: (list) => this.countOf(list).shown,
      hideEmpty: () => this.hideEmpty,
    });
    this.pageSize = options.pageSize ?? 500;
    this.hideEmpty = options.hideEmptyKinds ?? true;
  }

  /** Shows only objects whose name contains `text` (case-insensitive); empty shows everything. */
  setFilter(text: string): void {
    const next = text.trim();
    if (next === this.filterText) return;
    this.filterText = next;
    this.fire(undefined);
  }

  get filter(): string {
    return this.filterText;
  }

  get hideEmptyKinds(): boolean {
    return this.hideEmpty;
  }

  set hideEmptyKinds(hide: boolean) {
    if (hide === this.hideEmpty) return;
    this.hideEmpty = hide;
    this.fire(undefined);
  }

  private matches(row: ObjectRow): boolean {
    return !this.filterText || row.name.toLowerCase().includes(this.filterText.toLowerCase());
  }

  /** How many objects a kind folder shows (and how many it has): its description and whether it is empty. */
  private countOf(list: LiveObjectList): { shown: number; total: number } {
    const total = list.size;
    if (!this.filterText) return { shown: total, total };
    let shown = 0;
    for (const row of list.list()) if (this.matches(row)) shown++;
    return { shown, total };
  }

  /** The node is open in the tree (VS Code's onDidExpandElement). */
  expanded(node: ExplorerNode): void {
    this.expandedIds.add(node.id);
  }

  /** One object per folder id (kept until its context is reset). */
  private folder<T extends ExplorerNode>(node: T): T {
    const known = this.folders.get(node.id) as T | undefined;
    if (known && known.type === node.type) return Object.assign(known, node);
    this.folders.set(node.id, node);
    return node;
  }

  onDidChange(listener: (node: ExplorerNode | undefined) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * The answer to a request whose list was stopped before its first result: no children, then a refresh of the
   * node once that answer is out. VS Code folds a refresh asked while a request is pending into that request, so
   * a folder collapsed and expanded again while it listed would otherwise keep the empty answer: expanded, and
   * empty for good.
   */
  private abandonedAnswer(node: ExplorerNode): ExplorerNode[] {
    setTimeout(() => this.fire(node), 0);
    return [];
  }

  private fire(node: ExplorerNode | undefined): void {
    for (const l of this.listeners) l(node);
  }

  private now(): number {
    return this.options.now ? this.options.now() : Date.now();
  }

  get kubeconfig(): KubeconfigSnapshot {
    return this.snapshot;
  }

  /** The context the editor works with: an editor-only choice, else the kubeconfig's current-context. */
  effectiveContext(): ContextInfo | undefined {
    const name = this.selection.context ?? this.snapshot.currentContext;
    return this.snapshot.contexts.find((c) => c.name === name);
  }

  effectiveNamespace(contextName: string): string {
    const ctx = this.snapshot.contexts.find((c) => c.name === contextName);
    return this.selection.namespaces.get(contextName) ?? (ctx?.namespace || 'default');
  }

  /** New kubeconfig contents: keeps sessions of contexts whose connection did not change. */
  setKubeconfig(snapshot: KubeconfigSnapshot): void {
    const old = new Map(this.snapshot.contexts.map((c) => [c.name, c]));
    this.snapshot = snapshot;
    const next = new Map<string, ContextNode>();
    for (const c of snapshot.contexts) {
      const prev = old.get(c.name);
      // A new token or certificate in the file must reach the session, not only a renamed cluster or user.
      const same =
        prev &&
        prev.cluster === c.cluster &&
        prev.user === c.user &&
        prev.server === c.server &&
        prev.file === c.file &&
        prev.connection === c.connection;
      if (!same) this.resetContext(c.name);
      const node = this.contextNodes.get(c.name);
      next.set(
        c.name,
        node && same ? Object.assign(node, { context: c }) : { type: 'context', id: `ctx:${c.name}`, context: c },
      );
    }
    for (const name of this.contextNodes.keys()) if (!next.has(name)) this.resetContext(name);
    this.contextNodes = next;
    if (this.selection.context && !next.has(this.selection.context)) this.selection.context = undefined;
    this.fire(undefined);
  }

  roots(): ExplorerNode[] {
    if (this.snapshot.error !== undefined) {
      const failure = classifyFailure(this.snapshot.error);
      return [
        {
          type: 'message',
          id: 'kubeconfig-error',
          label: `Kubeconfig error: ${failure.detail.split('\n')[0]}`,
          detail: failure.detail,
          failure,
        },
      ];
    }
    return [...this.contextNodes.values()];
  }

  /** Each node's parent as last listed: what VS Code's reveal() needs to walk up the tree. */
  private readonly parents = new WeakMap<ExplorerNode, ExplorerNode>();

  /** The node that listed this one (undefined for contexts and nodes never listed). */
  parentOf(node: ExplorerNode): ExplorerNode | undefined {
    return this.parents.get(node);
  }

  async children(node?: ExplorerNode): Promise<ExplorerNode[]> {
    const children = await this.listChildren(node);
    if (node) for (const child of children) this.parents.set(child, node);
    return children;
  }

  private async listChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node) return this.roots();
    switch (node.type) {
      case 'context':
        return this.contextChildren(node);
      case 'namespace':
        return this.scopeChildren(node.contextName, node.namespace, node.id);
      case 'clusterScope':
        return this.scopeChildren(node.contextName, undefined, node.id);
      case 'allNamespaces':
        return this.scopeChildren(node.contextName, undefined, node.id, true);
      case 'category':
        if (node.category === 'Custom Resources') {
          return node.subgroups.map((g) =>
            this.folder({
              type: 'apiGroup',
              id: `${node.id}/${g.group}`,
              contextName: node.contextName,
              namespace: node.namespace,
              allNamespaces: node.allNamespaces,
              group: g.group,
              resources: g.resources,
            }),
          );
        }
        return this.kindFolders(node, node.resources);
      case 'apiGroup':
        return this.kindFolders(node, node.resources);
      case 'kind':
        return this.kindChildren(node);
      default:
        return [];
    }
  }

  private kindNode(
    contextName: string,
    namespace: string | undefined,
    r: ExplorerResource,
    parent: string,
    extra: { label?: string; id?: string; allNamespaces?: boolean } = {},
  ): KindNode {
    return this.folder({
      type: 'kind',
      id: extra.id ?? `${parent}/${r.group}/${r.resource}`,
      contextName,
      namespace,
      allNamespaces: extra.allNamespaces,
      resource: r,
      label: extra.label,
    });
  }

  /**
   * The kinds of a category or API group. Each kind's list starts as its folder is shown: the folder's
   * description counts its objects live, and (with hideEmptyKinds) kinds without objects stay out.
   */
  private async kindFolders(
    parent: CategoryNode | ApiGroupNode,
    resources: ExplorerResource[],
  ): Promise<ExplorerNode[]> {
    const kinds = resources.map((r) =>
      this.kindNode(parent.contextName, parent.namespace, r, parent.id, { allNamespaces: parent.allNamespaces }),
    );
    let session: ContextConnection;
    try {
      session = await this.session(parent.contextName);
    } catch (err) {
      return [this.failureNode(parent, err)];
    }
    const states = kinds.map((k) => this.watches.start(k.id, session, k.resource, k.namespace, k, parent));
    const errors = await Promise.all(states.map((s) => s.first));
    // Collapsed, hidden or refreshed while listing: the tree asks again (answering keeps its refreshes moving).
    if (states.some((s) => s.abandoned)) return this.abandonedAnswer(parent);
    states.forEach((s) => (s.shownInParent = this.countOf(s.list).shown > 0));
    if (!this.hideEmpty) return kinds;
    // A kind that failed to list stays: expanding it says why.
    const shown = kinds.filter((_, i) => errors[i] !== undefined || states[i]!.shownInParent);
    if (shown.length > 0) return shown;
    const where = parent.allNamespaces ? ' in any namespace' : parent.namespace ? ` in ${parent.namespace}` : '';
    return [
      {
        type: 'message',
        id: `${parent.id}#empty`,
        contextName: parent.contextName,
        label: this.filterText
          ? `No names containing "${this.filterText}"${where}`
          : `No objects${where} (${kinds.length} empty kind${kinds.length === 1 ? '' : 's'} hidden)`,
      },
    ];
  }

  /** The (lazily connected) session of a context; shared by the tree and the actions. */
  session(contextName: string): Promise<ContextConnection> {
    const state = this.contextState(contextName);
    if (!state.session) {
      const ctx = this.snapshot.contexts.find((c) => c.name === contextName);
      if (!ctx) return Promise.reject(new Error(`context "${contextName}" is no longer in the kubeconfig`));
      state.session = this.options.sessions(ctx);
      // A failed connection is retried on the next expand or Retry, not cached.
      state.session.catch(() => {
        if (state.session) state.session = undefined;
      });
    }
    return state.session;
  }

  private contextState(name: string): ContextState {
    let s = this.contexts.get(name);
    if (!s) this.contexts.set(name, (s = {}));
    return s;
  }

  private resources(contextName: string): Promise<ExplorerResource[]> {
    const state = this.contextState(contextName);
    if (!state.resources) {
      state.resources = this.session(contextName).then((s) => s.resources());
      state.resources.catch(() => {
        state.resources = undefined;
      });
    }
    return state.resources;
  }

  /** `where`: the session that failed (server, credentials), or just the server URL before one exists. */
  private failureNode(parent: ExplorerNode, err: unknown, where?: ContextConnection | string): MessageNode {
    const session = typeof where === 'object' ? where : undefined;
    const failure = classifyFailure(err, {
      server: session?.server ?? (where as string | undefined),
      clientCertificate: session?.clientCertificate,
      execCommand: session?.execCommand,
      now: this.now(),
    });
    this.options.log?.(
      `[${'contextName' in parent ? parent.contextName : (parent as ContextNode).context.name}] ${failure.label}: ${failure.detail}`,
    );
    return {
      type: 'message',
      id: `${parent.id}#error`,
      label: failure.label,
      detail: failure.detail,
      failure,
      retry: parent,
    };
  }

  private async contextChildren(node: ContextNode): Promise<ExplorerNode[]> {
    const name = node.context.name;
    let session: ContextConnection;
    try {
      session = await this.session(name);
    } catch (err) {
      return [this.failureNode(node, err, node.context.server)];
    }
    const state = this.watches.start(`${node.id}/namespaces`, session, NAMESPACES, undefined, node);
    const firstError = await state.first;
    if (state.abandoned) return this.abandonedAnswer(node);
    const clusterScope = this.folder<ClusterScopeNode>({
      type: 'clusterScope',
      id: `${node.id}/cluster`,
      contextName: name,
    });
    const out: ExplorerNode[] = [];
    if (firstError !== undefined && state.list.size === 0) {
      const failure = classifyFailure(firstError, {
        server: session.server,
        clientCertificate: session.clientCertificate,
        execCommand: session.execCommand,
      });
      if (failure.kind !== 'forbidden') return [this.failureNode(node, firstError, session)];
      // Users without namespace-list rights still work in their context's namespace.
      out.push(...(await this.contextFolders(node, session)), clusterScope);
      out.push(this.namespaceNode(name, this.effectiveNamespace(name)));
      out.push({
        type: 'message',
        id: `${node.id}#ns-forbidden`,
        contextName: name,
        label: failure.label,
        detail: failure.detail,
        failure,
        retry: node,
      });
      return out;
    }
    this.watches.delivered(state);
    out.push(...(await this.contextFolders(node, session)), clusterScope);
    for (const row of state.list.list()) {
      let ns = state.namespaceRows.get(row.key);
      if (!ns) state.namespaceRows.set(row.key, (ns = this.namespaceNode(name, row.name)));
      out.push(ns);
    }
    if (state.health !== undefined) out.unshift(this.failureNode(node, state.health, session));
    return out;
  }

  /** All Namespaces, then Nodes, Namespaces and CRDs (where discovery offers them), first under a context. */
  private async contextFolders(node: ContextNode, session: ContextConnection): Promise<ExplorerNode[]> {
    const name = node.context.name;
    const out: ExplorerNode[] = [this.folder({ type: 'allNamespaces', id: `${node.id}/all`, contextName: name })];
    let resources: ExplorerResource[];
    try {
      resources = await this.resources(name);
    } catch {
      // Discovery failing shows on expanding Cluster; the namespaces are still worth showing.
      return out;
    }
    for (const k of contextLevelKinds(resources)) {
      // The Namespaces folder shows the context's own namespaces list: one watch for both.
      const id = k.resource.resource === 'namespaces' && k.resource.group === '' ? `${node.id}/namespaces` : undefined;
      const kind = this.kindNode(name, undefined, k.resource, node.id, { label: k.label, id });
      // Not waited for: the folder is shown at once and its count when the list answers.
      if (!id) this.watches.start(kind.id, session, k.resource, undefined, kind, undefined, { announceFirst: true });
      out.push(kind);
    }
    return out;
  }

  private namespaceNode(contextName: string, namespace: string): NamespaceNode {
    return this.folder({ type: 'namespace', id: `ctx:${contextName}/ns:${namespace}`, contextName, namespace });
  }

  private async scopeChildren(
    contextName: string,
    namespace: string | undefined,
    parentId: string,
    allNamespaces = false,
  ): Promise<ExplorerNode[]> {
    const parent: ExplorerNode = allNamespaces
      ? this.folder({ type: 'allNamespaces', id: parentId, contextName })
      : this.nodeForScope(contextName, namespace, parentId);
    let resources: ExplorerResource[];
    try {
      resources = await this.resources(contextName);
    } catch (err) {
      return [this.failureNode(parent, err, this.snapshot.contexts.find((c) => c.name === contextName)?.server)];
    }
    return groupResources(resources, namespace !== undefined || allNamespaces).map((g) =>
      this.folder({
        type: 'category',
        id: `${parentId}/${g.category}`,
        contextName,
        namespace,
        allNamespaces: allNamespaces || undefined,
        category: g.category,
        resources: g.resources,
        subgroups: g.subgroups,
      }),
    );
  }

  private nodeForScope(contextName: string, namespace: string | undefined, id: string): ExplorerNode {
    return namespace === undefined
      ? this.folder({ type: 'clusterScope', id, contextName })
      : this.namespaceNode(contextName, namespace);
  }

  private async kindChildren(node: KindNode): Promise<ExplorerNode[]> {
    let session: ContextConnection;
    try {
      session = await this.session(node.contextName);
    } catch (err) {
      return [this.failureNode(node, err)];
    }
    // A Namespaces folder shares the context's list, whose owner is the context.
    const state = this.watches.start(node.id, session, node.resource, node.namespace, node, this.parents.get(node));
    const firstError = await state.first;
    if (state.abandoned) return this.abandonedAnswer(node);
    if (firstError !== undefined && state.list.size === 0) {
      // Keep no dead watch around: Retry or re-expanding starts a fresh one.
      this.watches.stop(node.id);
      return [this.failureNode(node, firstError, session)];
    }
    const out: ExplorerNode[] = [];
    if (state.health !== undefined) out.push(this.failureNode(node, state.health, session));
    this.watches.delivered(state);
    for (const row of state.list.list()) {
      if (!this.matches(row)) continue;
      let obj = state.nodes.get(row.key);
      if (!obj) {
        obj = {
          type: 'object',
          id: `${node.id}/${row.key}`,
          contextName: node.contextName,
          namespace: node.namespace,
          allNamespaces: node.allNamespaces,
          resource: node.resource,
          key: row.key,
          list: state.list,
        };
        state.nodes.set(row.key, obj);
      }
      out.push(obj);
    }
    if (out.length === 0) {
      const where = node.allNamespaces ? ' in any namespace' : node.namespace ? ` in ${node.namespace}` : '';
      out.push({
        type: 'message',
        id: `${node.id}#empty`,
        contextName: node.contextName,
        label:
          this.filterText && state.list.size > 0
            ? `No ${pluralKind(node.resource.kind)} named like "${this.filterText}"${where}`
            : `No ${pluralKind(node.resource.kind)}${where}`,
      });
    }
    return out;
  }

  /** A context's namespace names: from the list the tree already watches, else from one list request. */
  async namespaceNames(contextName: string): Promise<string[]> {
    const live = this.watches.get(`ctx:${contextName}/namespaces`);
    if (live && (await live.first) === undefined && !live.abandoned) return live.list.list().map((r) => r.name);
    const rows = await this.watches.listOnce(await this.session(contextName), NAMESPACES);
    return rows.map((r) => r.name);
  }

  /** Live list behind a kind node (and for tests/benchmarks). */
  listFor(node: KindNode): LiveObjectList | undefined {
    return this.watches.get(node.id)?.list;
  }

  /**
   * A collapsed node's watches stop: nothing is watched that nobody looks at. What was open below it is
   * remembered (by id), so expanding it again reopens those folders instead of showing them all closed.
   */
  collapsed(node: ExplorerNode): void {
    this.expandedIds.delete(node.id);
    this.stopBelow(node);
  }

  /** Stops the lists shown inside `node` (a kind's own list belongs to its parent folder's count). */
  private stopBelow(node: ExplorerNode): void {
    const stopped = this.watches.stopUnder(node.id + '/');
    // Expanding again must fetch fresh children (and restart the watches), not show the stale ones.
    if (stopped) this.fire(node);
  }

  /**
   * Ages are computed when an item is rendered: re-render the open folders now and then so "5m" does not stay
   * "5m" for an hour. Costs one refresh per open folder, no request.
   */
  refreshAges(): void {
    for (const state of this.watches.all()) if (state.list.size > 0) this.fire(state.owner);
  }

  /** Re-asks VS Code for every visible node's children (after the view becomes visible again). */
  refreshView(): void {
    this.fire(undefined);
  }

  /** The view was hidden or everything collapsed: stop every watch; expanding again restarts them. */
  stopAll(): void {
    // Cached children are stale now: the tree must ask again on the next expand.
    if (this.watches.stopAll() > 0) this.fire(undefined);
  }

  activeWatchCount(): number {
    return this.watches.size;
  }

  /** Reloads a node's children from the server (Refresh and Retry). */
  refresh(node?: ExplorerNode): void {
    if (!node) {
      this.stopAll();
      for (const name of [...this.contexts.keys()]) this.resetContext(name);
      this.fire(undefined);
      return;
    }
    const target = node.type === 'message' ? node.retry : node;
    if (!target) {
      this.refresh(undefined);
      return;
    }
    if (target.type === 'context') this.resetContext(target.context.name);
    else if ('contextName' in target && target.type !== 'object') {
      // Discovery may have changed (a CRD was installed): forget it for this context.
      if (target.type === 'namespace' || target.type === 'clusterScope' || target.type === 'allNamespaces')
        this.contextState(target.contextName).resources = undefined;
      // A kind's own list restarts too.
      if (target.type === 'kind') this.watches.stop(target.id);
      this.stopBelow(target);
    }
    this.fire(target.type === 'object' ? undefined : target);
  }

  private resetContext(name: string): void {
    this.stopBelow({ type: 'context', id: `ctx:${name}`, context: { name, file: '' } });
    for (const id of [...this.folders.keys()]) if (id.startsWith(`ctx:${name}/`)) this.folders.delete(id);
    const state = this.contexts.get(name);
    this.contexts.delete(name);
    state?.session?.then(
      (s) => s.dispose(),
      () => undefined,
    );
  }

  dispose(): void {
    this.stopAll();
    for (const name of [...this.contexts.keys()]) this.resetContext(name);
    this.listeners.clear();
  }

  /** The current row of an object node (undefined once deleted). */
  rowOf(node: ObjectNode): ObjectRow | undefined {
    return node.list.get(node.key);
  }

  /** Markdown tooltip of an object, computed when asked (hover) so its ages read as of now. */
  objectTooltip(node: ObjectNode, row = this.rowOf(node)): string | undefined {
    return objectTooltip(node, row, this.now());
  }

  /** How a node looks (explorerView.ts builds it from this model's state). */
  view(node: ExplorerNode): NodeView {
    return nodeView(node, this.viewState);
  }

  private readonly viewState: ViewState = {
    snapshot: () => this.snapshot,
    selection: this.selection,
    filterText: () => this.filterText,
    effectiveContext: () => this.effectiveContext(),
    effectiveNamespace: (name) => this.effectiveNamespace(name),
    isExpanded: (id) => this.expandedIds.has(id),
    // A list counts once it has answered and while its watch is healthy: else "0" (or an old number) would be a
    // count the cluster never said.
    liveList: (id) => {
      const state = this.watches.get(id);
      return state?.answered && state.health === undefined ? state.list : undefined;
    },
    countOf: (list) => this.countOf(list),
    rowOf: (node) => this.rowOf(node),
    now: () => this.now(),
  };
}
