// The cluster explorer as a plain tree model: nodes, their children and how each looks. The VS Code
// TreeDataProvider (client/src/explorer/treeProvider.ts) only maps NodeView to TreeItem, so everything
// here runs under node:test against a real cluster.
import { workloadContextTags } from './workloadActions';
import { isForwardable } from './portForward';
import { classifyFailure, type Failure } from './errors';
import {
  contextLevelKinds,
  groupResources,
  groupVersion,
  pluralKind,
  type ExplorerResource,
  type KindCategory,
} from './kinds';
import { LiveObjectList, type ListChange, type Scheduler } from './liveList';
import type { ContextConnection, ContextInfo, KubeconfigSnapshot, LiveWatch, ContextConnectionFactory } from './ports';
import { hasLogs } from './podLogs';
import { glance, type ObjectRow, type ObjectState } from './table';
import { errorMessage } from '../../../kube/util/errors';

export interface NodeIcon {
  id: string;
  color?: string;
}

export interface NodeView {
  id: string;
  label: string;
  description?: string;
  /** Markdown. */
  tooltip?: string;
  collapsible: 'none' | 'collapsed' | 'expanded';
  icon?: NodeIcon;
  contextValue: string;
  command?: { command: string; title: string };
}

export type ExplorerNode =
  | ContextNode
  | NamespaceNode
  | ClusterScopeNode
  | AllNamespacesNode
  | CategoryNode
  | ApiGroupNode
  | KindNode
  | ObjectNode
  | MessageNode;

export interface ContextNode {
  type: 'context';
  id: string;
  context: ContextInfo;
}
export interface NamespaceNode {
  type: 'namespace';
  id: string;
  contextName: string;
  namespace: string;
}
export interface ClusterScopeNode {
  type: 'clusterScope';
  id: string;
  contextName: string;
}
/** Namespaced kinds listed across every namespace (kubectl get -A). */
export interface AllNamespacesNode {
  type: 'allNamespaces';
  id: string;
  contextName: string;
}
export interface CategoryNode {
  type: 'category';
  id: string;
  contextName: string;
  namespace?: string;
  allNamespaces?: boolean;
  category: KindCategory;
  resources: ExplorerResource[];
  subgroups: { group: string; resources: ExplorerResource[] }[];
}
export interface ApiGroupNode {
  type: 'apiGroup';
  id: string;
  contextName: string;
  namespace?: string;
  allNamespaces?: boolean;
  group: string;
  resources: ExplorerResource[];
}
export interface KindNode {
  type: 'kind';
  id: string;
  contextName: string;
  namespace?: string;
  /** Namespaced objects of every namespace (the namespace shows in each row). */
  allNamespaces?: boolean;
  resource: ExplorerResource;
  /** A fixed folder name (context-level kinds); otherwise the plural kind. */
  label?: string;
}
export interface ObjectNode {
  type: 'object';
  id: string;
  contextName: string;
  namespace?: string;
  allNamespaces?: boolean;
  resource: ExplorerResource;
  key: string;
  /** The list it lives in, for the current row and columns. */
  list: LiveObjectList;
}
export interface MessageNode {
  type: 'message';
  id: string;
  contextName?: string;
  label: string;
  detail?: string;
  failure?: Failure;
  /** The node whose children a Retry reloads. */
  retry?: ExplorerNode;
}

const STATE_ICONS: Record<ObjectState, NodeIcon> = {
  ok: { id: 'pass', color: 'testing.iconPassed' },
  succeeded: { id: 'pass-filled', color: 'charts.blue' },
  pending: { id: 'clock', color: 'charts.yellow' },
  unready: { id: 'warning', color: 'list.warningForeground' },
  failed: { id: 'error', color: 'list.errorForeground' },
  terminating: { id: 'trash', color: 'disabledForeground' },
  neutral: { id: 'circle-outline' },
};

const KIND_ICONS: Record<string, string> = {
  pods: 'vm',
  deployments: 'layers',
  replicasets: 'layers',
  statefulsets: 'database',
  daemonsets: 'server-environment',
  jobs: 'run',
  cronjobs: 'watch',
  services: 'plug',
  ingresses: 'globe',
  configmaps: 'symbol-constant',
  secrets: 'key',
  persistentvolumeclaims: 'database',
  persistentvolumes: 'database',
  serviceaccounts: 'account',
  roles: 'shield',
  clusterroles: 'shield',
  rolebindings: 'link',
  clusterrolebindings: 'link',
  nodes: 'server',
  namespaces: 'folder',
  events: 'bell',
  customresourcedefinitions: 'extensions',
};

const CATEGORY_ICONS: Record<KindCategory, string> = {
  Workloads: 'rocket',
  Networking: 'globe',
  'Config & Storage': 'settings-gear',
  'Access Control': 'shield',
  'Custom Resources': 'extensions',
  Other: 'ellipsis',
};

const NAMESPACES: ExplorerResource = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  kind: 'Namespace',
  namespaced: false,
  verbs: ['list', 'watch', 'get', 'delete', 'patch'],
};

/** Which context/namespace the editor works with when it differs from the kubeconfig's current one. */
export interface EditorSelection {
  context?: string;
  /** Per context: namespace chosen in the editor only. */
  namespaces: Map<string, string>;
}

interface KindState {
  list: LiveObjectList;
  watch: LiveWatch;
  first: Promise<unknown | undefined>;
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
  /** Live lists keyed by node id (kinds, and each context's namespaces). */
  private readonly kinds = new Map<string, KindState>();
  private readonly listeners = new Set<(node: ExplorerNode | undefined) => void>();
  readonly selection: EditorSelection = { namespaces: new Map() };
  pageSize: number;
  /** Ids of the nodes the user has open: a re-created node (after its parent was collapsed) opens again. */
  private readonly expandedIds = new Set<string>();
  /** Folder nodes by id: VS Code finds a changed element by identity, so one id is one object. */
  private readonly folders = new Map<string, ExplorerNode>();
  private filterText = '';
  private hideEmpty: boolean;

  constructor(private readonly options: ExplorerOptions) {
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
    const states = kinds.map((k) => this.startList(k.id, session, k.resource, k.namespace, k, parent));
    const errors = await Promise.all(states.map((s) => s.first));
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
    const state = this.startList(`${node.id}/namespaces`, session, NAMESPACES, undefined, node);
    const firstError = await state.first;
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
    this.firstDelivered(state);
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
      if (!id) this.startList(kind.id, session, k.resource, undefined, kind);
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

  private startList(
    id: string,
    session: ContextConnection,
    resource: ExplorerResource,
    namespace: string | undefined,
    owner: ExplorerNode,
    parent?: ExplorerNode,
  ): KindState {
    const existing = this.kinds.get(id);
    if (existing) {
      existing.parent ??= parent;
      return existing;
    }
    const list = new LiveObjectList(this.options.scheduler);
    let resolveFirst!: (err: unknown | undefined) => void;
    const first = new Promise<unknown | undefined>((r) => (resolveFirst = r));
    const state: KindState = {
      list,
      first,
      nodes: new Map(),
      namespaceRows: new Map(),
      watch: { stop() {} },
      subscription: list.onChange((change) => this.listChanged(state, change)),
      owner,
      parent,
    };
    this.kinds.set(id, state);
    state.watch = session.watchTable(resource, namespace, list, {
      pageSize: this.pageSize,
      requestTimeoutMs: this.options.requestTimeoutMs ?? 30_000,
      onFirstResult: (err) => {
        resolveFirst(err);
        // A 403 does not heal by itself: no retrying in the background (Retry or re-expanding starts afresh).
        if (err !== undefined && classifyFailure(err).kind === 'forbidden' && this.kinds.get(id) === state)
          this.stopList(id);
      },
      onHealth: (err) => {
        const changed = (state.health === undefined) !== (err === undefined);
        state.health = err;
        if (err !== undefined)
          this.options.log?.(`[${session.contextName}] watch ${resource.resource}: ${errorMessage(err)}`);
        if (changed) this.fire(state.owner);
      },
    });
    return state;
  }

  /**
   * The first children built from a new list already hold its first page: announcing that page again would
   * make VS Code refresh the folder it is still rendering (and lose a click on one of its items).
   */
  private firstDelivered(state: KindState): void {
    if (state.delivered) return;
    state.delivered = true;
    state.list.markDelivered();
  }

  private listChanged(state: KindState, change: ListChange): void {
    for (const key of change.removed) {
      state.nodes.delete(key);
      state.namespaceRows.delete(key);
    }
    // Membership changes need the owner's children (and count) again; pure updates refresh just those items.
    if (change.reset || change.added.size > 0 || change.removed.size > 0 || change.updated.size > 64) {
      // A kind that gained its first (matching) object or lost its last one appears in or leaves its folder.
      const shown = this.countOf(state.list).shown > 0;
      if (state.parent && this.hideEmpty && shown !== state.shownInParent) this.fire(state.parent);
      state.shownInParent = shown;
      this.fire(state.owner);
      return;
    }
    for (const key of change.updated) {
      const node = state.nodes.get(key) ?? state.namespaceRows.get(key);
      if (node) this.fire(node);
    }
  }

  private async kindChildren(node: KindNode): Promise<ExplorerNode[]> {
    let session: ContextConnection;
    try {
      session = await this.session(node.contextName);
    } catch (err) {
      return [this.failureNode(node, err)];
    }
    // A Namespaces folder shares the context's list, whose owner is the context.
    const state = this.startList(node.id, session, node.resource, node.namespace, node, this.parents.get(node));
    const firstError = await state.first;
    if (firstError !== undefined && state.list.size === 0) {
      // Keep no dead watch around: Retry or re-expanding starts a fresh one.
      this.stopList(node.id);
      return [this.failureNode(node, firstError, session)];
    }
    const out: ExplorerNode[] = [];
    if (state.health !== undefined) out.push(this.failureNode(node, state.health, session));
    this.firstDelivered(state);
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
    const live = this.kinds.get(`ctx:${contextName}/namespaces`);
    if (live && (await live.first) === undefined) return live.list.list().map((r) => r.name);
    const session = await this.session(contextName);
    const list = new LiveObjectList(this.options.scheduler);
    let resolveFirst!: (err: unknown) => void;
    const first = new Promise<unknown>((r) => (resolveFirst = r));
    const watch = session.watchTable(NAMESPACES, undefined, list, {
      pageSize: this.pageSize,
      requestTimeoutMs: this.options.requestTimeoutMs ?? 30_000,
      onFirstResult: (err) => resolveFirst(err),
      onHealth: () => undefined,
    });
    try {
      const err = await first;
      if (err !== undefined && list.size === 0) throw err;
      return list.list().map((r) => r.name);
    } finally {
      watch.stop();
      list.dispose();
    }
  }

  /** Live list behind a kind node (and for tests/benchmarks). */
  listFor(node: KindNode): LiveObjectList | undefined {
    return this.kinds.get(node.id)?.list;
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
    const prefix = node.id + '/';
    let stopped = false;
    for (const id of [...this.kinds.keys()]) {
      if (id.startsWith(prefix)) {
        this.stopList(id);
        stopped = true;
      }
    }
    // Expanding again must fetch fresh children (and restart the watches), not show the stale ones.
    if (stopped) this.fire(node);
  }

  /**
   * Ages are computed when an item is rendered: re-render the open folders now and then so "5m" does not stay
   * "5m" for an hour. Costs one refresh per open folder, no request.
   */
  refreshAges(): void {
    const owners = new Set<string>();
    for (const [id, state] of this.kinds) {
      if (state.list.size === 0 || owners.has(id)) continue;
      owners.add(id);
      this.fire(state.owner);
    }
  }

  /** Re-asks VS Code for every visible node's children (after the view becomes visible again). */
  refreshView(): void {
    this.fire(undefined);
  }

  /** The view was hidden or everything collapsed: stop every watch; expanding again restarts them. */
  stopAll(): void {
    const ids = [...this.kinds.keys()];
    for (const id of ids) this.stopList(id);
    // Cached children are stale now: the tree must ask again on the next expand.
    if (ids.length > 0) this.fire(undefined);
  }

  activeWatchCount(): number {
    return this.kinds.size;
  }

  private stopList(id: string): void {
    const state = this.kinds.get(id);
    if (!state) return;
    this.kinds.delete(id);
    state.watch.stop();
    state.subscription.dispose();
    state.list.dispose();
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
      if (target.type === 'kind') this.stopList(target.id);
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

  private collapsible(node: ExplorerNode): NodeView['collapsible'] {
    return this.expandedIds.has(node.id) ? 'expanded' : 'collapsed';
  }

  /** Markdown tooltip of an object, computed when asked (hover) so its ages read as of now. */
  objectTooltip(node: ObjectNode, row = this.rowOf(node)): string | undefined {
    if (!row) return undefined;
    const g = glance(row, node.list.columns, this.now());
    const table = g.details.filter((d) => d.value !== '').map((d) => `| ${escapeMd(d.name)} | ${escapeMd(d.value)} |`);
    return [
      `**${node.resource.kind}** \`${row.name}\`${row.namespace ? ` in \`${row.namespace}\`` : ''}`,
      '',
      '| | |',
      '|---|---|',
      ...table,
    ].join('\n');
  }

  view(node: ExplorerNode): NodeView {
    switch (node.type) {
      case 'context': {
        const c = node.context;
        const current = c.name === this.snapshot.currentContext;
        const editor = this.selection.context === c.name;
        // Exactly one context is the one in use: the editor's choice, else the kubeconfig's current-context.
        const inUse = this.effectiveContext()?.name === c.name;
        const marks = inUse ? (editor ? '● in editor' : '● current') : current ? 'kubeconfig current-context' : '';
        const file = c.file.split(/[\\/]/).pop() ?? c.file;
        return {
          id: node.id,
          label: c.name,
          description: [marks, file].filter(Boolean).join(' · '),
          tooltip: [
            `**${escapeMd(c.name)}**${current ? ' (current-context)' : ''}${editor ? ' (selected in editor)' : ''}`,
            '',
            `- cluster: \`${c.cluster ?? ''}\`${c.server ? ` (${escapeMd(c.server)})` : ''}`,
            `- user: \`${c.user ?? ''}\``,
            `- namespace: \`${this.effectiveNamespace(c.name)}\``,
            `- defined in: \`${c.file}\``,
          ].join('\n'),
          collapsible: this.collapsible(node),
          icon: inUse ? { id: 'vm-active', color: 'charts.green' } : { id: current ? 'vm' : 'vm-outline' },
          contextValue: `kubesense.context${current ? '.current' : ''}`,
        };
      }
      case 'namespace': {
        const isCurrent = node.namespace === this.effectiveNamespace(node.contextName);
        // The live row (a namespace being deleted turns Terminating without a refresh of the context).
        const namespaces = this.kinds.get(`ctx:${node.contextName}/namespaces`)?.list;
        const row = namespaces?.get(node.namespace);
        const g = row ? glance(row, namespaces!.columns, this.now()) : undefined;
        const terminating = g?.state === 'terminating';
        return {
          id: node.id,
          label: node.namespace,
          description:
            [isCurrent ? 'current' : '', terminating ? 'Terminating' : ''].filter(Boolean).join(' · ') || undefined,
          tooltip: `Namespace **${escapeMd(node.namespace)}** in context \`${node.contextName}\`${isCurrent ? ' (current)' : ''}`,
          collapsible: this.collapsible(node),
          icon: { id: isCurrent ? 'folder-active' : 'folder', color: terminating ? 'disabledForeground' : undefined },
          contextValue: 'kubesense.namespace.deletable.patchable',
        };
      }
      case 'allNamespaces':
        return {
          id: node.id,
          label: 'All Namespaces',
          description: 'every namespace',
          tooltip: 'Namespaced objects of every namespace, each with its namespace (like `kubectl get -A`)',
          collapsible: this.collapsible(node),
          icon: { id: 'folder-library' },
          contextValue: 'kubesense.allNamespaces',
        };
      case 'clusterScope':
        return {
          id: node.id,
          label: 'Cluster',
          description: 'cluster-scoped',
          tooltip: 'Cluster-scoped resources: persistent volumes, RBAC cluster roles, storage classes, webhooks…',
          collapsible: this.collapsible(node),
          icon: { id: 'globe' },
          contextValue: 'kubesense.clusterScope',
        };
      case 'category':
        return {
          id: node.id,
          label: node.category,
          collapsible: this.collapsible(node),
          icon: { id: CATEGORY_ICONS[node.category] },
          contextValue: 'kubesense.category',
        };
      case 'apiGroup':
        return {
          id: node.id,
          label: node.group,
          collapsible: this.collapsible(node),
          icon: { id: 'symbol-namespace' },
          contextValue: 'kubesense.apiGroup',
        };
      case 'kind': {
        const r = node.resource;
        const list = this.kinds.get(node.id)?.list;
        const count = list && this.countOf(list);
        const counted = count ? (this.filterText ? `${count.shown} of ${count.total}` : `${count.total}`) : '';
        const where = node.allNamespaces
          ? ' in every namespace'
          : node.namespace
            ? ` in namespace \`${node.namespace}\``
            : ', cluster-scoped';
        return {
          id: node.id,
          label: node.label ?? pluralKind(r.kind),
          description: [counted, groupVersion(r)].filter(Boolean).join(' · '),
          tooltip: `**${r.kind}** (\`${r.resource}${r.group ? '.' + r.group : ''}\`, ${groupVersion(r)})${where}${count ? `: ${counted} object${count.total === 1 ? '' : 's'}` : ''}`,
          collapsible: this.collapsible(node),
          icon: { id: KIND_ICONS[r.resource] ?? 'symbol-class' },
          contextValue: 'kubesense.kind',
        };
      }
      case 'object': {
        const row = this.rowOf(node);
        const verbs = node.resource.verbs;
        const secret = node.resource.group === '' && node.resource.resource === 'secrets';
        const pod = node.resource.group === '' && node.resource.resource === 'pods';
        const logs = hasLogs(node.resource) ? '.logs' : '';
        const ctxValue = `kubesense.object${secret ? '.secret' : ''}${pod ? '.pod' : ''}${logs}${verbs.includes('delete') ? '.deletable' : ''}${verbs.includes('patch') ? '.patchable' : ''}${workloadContextTags(node.resource)}${isForwardable(node.resource) ? '.forwardable' : ''}`;
        if (!row)
          return {
            id: node.id,
            label: node.key.split('/').pop()!,
            description: 'deleted',
            collapsible: 'none',
            icon: { id: 'circle-slash' },
            contextValue: ctxValue,
          };
        const g = glance(row, node.list.columns, this.now());
        return {
          id: node.id,
          label: row.name,
          // Across namespaces the namespace tells same-named objects apart (kubectl get -A's NAMESPACE column).
          description: node.allNamespaces && row.namespace ? `ns ${row.namespace} · ${g.description}` : g.description,
          tooltip: this.objectTooltip(node, row),
          collapsible: 'none',
          icon: STATE_ICONS[g.state],
          contextValue: ctxValue,
          command: { command: 'kubesense.openYaml', title: 'Open as YAML' },
        };
      }
      case 'message':
        return {
          id: node.id,
          label: node.label,
          tooltip: node.detail ? escapeMd(node.detail) : undefined,
          collapsible: 'none',
          icon: node.failure
            ? {
                id:
                  node.failure.kind === 'forbidden'
                    ? 'lock'
                    : node.failure.kind === 'unreachable'
                      ? 'debug-disconnect'
                      : 'error',
                color: 'list.errorForeground',
              }
            : { id: 'info' },
          contextValue: node.failure ? `kubesense.error.${node.failure.kind}` : 'kubesense.message',
          command: node.failure ? { command: 'kubesense.explorer.retry', title: 'Retry' } : undefined,
        };
    }
  }
}

function escapeMd(s: string): string {
  // Only characters that change meaning mid-line; names are full of '-' and '.'.
  return s.replace(/[\\`*_{}[\]<>|]/g, (c) => '\\' + c);
}
