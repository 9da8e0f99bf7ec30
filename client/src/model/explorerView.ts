// How each explorer node looks: label, description, tooltip, icon and the contextValue package.json menus
// match. Reads the model through ViewState only, so the tree's state and its rendering stay apart.
import { CONTEXT_VALUES, errorContextValue, objectContextValue, objectTags } from './contextValues';
import { groupVersion, pluralKind, type KindCategory } from './kinds';
import type { LiveObjectList } from './liveList';
import type { ContextInfo, KubeconfigSnapshot } from './ports';
import { escapeMd, mdCode } from './markdown';
import { glance, type ObjectRow, type ObjectState } from './table';
import type { EditorSelection, ExplorerNode, NodeIcon, NodeView, ObjectNode } from './explorerNodes';

/** What the view builder reads from the tree model. */
export interface ViewState {
  snapshot(): KubeconfigSnapshot;
  readonly selection: EditorSelection;
  /** The name filter; empty shows everything. */
  filterText(): string;
  effectiveContext(): ContextInfo | undefined;
  effectiveNamespace(contextName: string): string;
  isExpanded(id: string): boolean;
  /** The live list watched under this id (kinds, and `ctx:<name>/namespaces`). */
  liveList(id: string): LiveObjectList | undefined;
  countOf(list: LiveObjectList): { shown: number; total: number };
  rowOf(node: ObjectNode): ObjectRow | undefined;
  now(): number;
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

function collapsible(node: ExplorerNode, s: ViewState): NodeView['collapsible'] {
  return s.isExpanded(node.id) ? 'expanded' : 'collapsed';
}

/** Markdown tooltip of an object, computed when asked (hover) so its ages read as of now. */
export function objectTooltip(node: ObjectNode, row: ObjectRow | undefined, now: number): string | undefined {
  if (!row) return undefined;
  const g = glance(row, node.list.columns, now);
  const table = g.details.filter((d) => d.value !== '').map((d) => `| ${escapeMd(d.name)} | ${escapeMd(d.value)} |`);
  return [
    `**${node.resource.kind}** ${mdCode(row.name)}${row.namespace ? ` in ${mdCode(row.namespace)}` : ''}`,
    '',
    '| | |',
    '|---|---|',
    ...table,
  ].join('\n');
}

export function nodeView(node: ExplorerNode, s: ViewState): NodeView {
  switch (node.type) {
    case 'context': {
      const c = node.context;
      const current = c.name === s.snapshot().currentContext;
      const editor = s.selection.context === c.name;
      // Exactly one context is the one in use: the editor's choice, else the kubeconfig's current-context.
      const inUse = s.effectiveContext()?.name === c.name;
      const marks = inUse ? (editor ? '● in editor' : '● current') : current ? 'kubeconfig current-context' : '';
      const file = c.file.split(/[\\/]/).pop() ?? c.file;
      return {
        id: node.id,
        label: c.name,
        description: [marks, file].filter(Boolean).join(' · '),
        tooltip: [
          `**${escapeMd(c.name)}**${current ? ' (current-context)' : ''}${editor ? ' (selected in editor)' : ''}`,
          '',
          `- cluster: ${mdCode(c.cluster ?? '')}${c.server ? ` (${escapeMd(c.server)})` : ''}`,
          `- user: ${mdCode(c.user ?? '')}`,
          `- namespace: ${mdCode(s.effectiveNamespace(c.name))}`,
          `- defined in: ${mdCode(c.file)}`,
        ].join('\n'),
        collapsible: collapsible(node, s),
        icon: inUse ? { id: 'vm-active', color: 'charts.green' } : { id: current ? 'vm' : 'vm-outline' },
        contextValue: current ? CONTEXT_VALUES.currentContext : CONTEXT_VALUES.context,
      };
    }
    case 'namespace': {
      const isCurrent = node.namespace === s.effectiveNamespace(node.contextName);
      // The live row (a namespace being deleted turns Terminating without a refresh of the context).
      const namespaces = s.liveList(`ctx:${node.contextName}/namespaces`);
      const row = namespaces?.get(node.namespace);
      const g = row ? glance(row, namespaces!.columns, s.now()) : undefined;
      const terminating = g?.state === 'terminating';
      return {
        id: node.id,
        label: node.namespace,
        description:
          [isCurrent ? 'current' : '', terminating ? 'Terminating' : ''].filter(Boolean).join(' · ') || undefined,
        tooltip: `Namespace **${escapeMd(node.namespace)}** in context ${mdCode(node.contextName)}${isCurrent ? ' (current)' : ''}`,
        collapsible: collapsible(node, s),
        icon: { id: isCurrent ? 'folder-active' : 'folder', color: terminating ? 'disabledForeground' : undefined },
        contextValue: CONTEXT_VALUES.namespace,
      };
    }
    case 'allNamespaces':
      return {
        id: node.id,
        label: 'All Namespaces',
        description: 'every namespace',
        tooltip: 'Namespaced objects of every namespace, each with its namespace (like `kubectl get -A`)',
        collapsible: collapsible(node, s),
        icon: { id: 'folder-library' },
        contextValue: CONTEXT_VALUES.allNamespaces,
      };
    case 'clusterScope':
      return {
        id: node.id,
        label: 'Cluster',
        description: 'cluster-scoped',
        tooltip: 'Cluster-scoped resources: persistent volumes, RBAC cluster roles, storage classes, webhooks…',
        collapsible: collapsible(node, s),
        icon: { id: 'globe' },
        contextValue: CONTEXT_VALUES.clusterScope,
      };
    case 'category':
      return {
        id: node.id,
        label: node.category,
        collapsible: collapsible(node, s),
        icon: { id: CATEGORY_ICONS[node.category] },
        contextValue: CONTEXT_VALUES.category,
      };
    case 'apiGroup':
      return {
        id: node.id,
        label: node.group,
        collapsible: collapsible(node, s),
        icon: { id: 'symbol-namespace' },
        contextValue: CONTEXT_VALUES.apiGroup,
      };
    case 'kind': {
      const r = node.resource;
      const list = s.liveList(node.id);
      const count = list && s.countOf(list);
      const counted = count ? (s.filterText() ? `${count.shown} of ${count.total}` : `${count.total}`) : '';
      const where = node.allNamespaces
        ? ' in every namespace'
        : node.namespace
          ? ` in namespace ${mdCode(node.namespace)}`
          : ', cluster-scoped';
      return {
        id: node.id,
        label: node.label ?? pluralKind(r.kind),
        description: [counted, groupVersion(r)].filter(Boolean).join(' · '),
        tooltip: `**${r.kind}** (\`${r.resource}${r.group ? '.' + r.group : ''}\`, ${groupVersion(r)})${where}${count ? `: ${counted} object${count.total === 1 ? '' : 's'}` : ''}`,
        collapsible: collapsible(node, s),
        icon: { id: KIND_ICONS[r.resource] ?? 'symbol-class' },
        contextValue: CONTEXT_VALUES.kind,
      };
    }
    case 'object': {
      const row = s.rowOf(node);
      const ctxValue = objectContextValue(objectTags(node.resource));
      if (!row)
        return {
          id: node.id,
          label: node.key.split('/').pop()!,
          description: 'deleted',
          collapsible: 'none',
          icon: { id: 'circle-slash' },
          contextValue: ctxValue,
        };
      const g = glance(row, node.list.columns, s.now());
      return {
        id: node.id,
        label: row.name,
        // Across namespaces the namespace tells same-named objects apart (kubectl get -A's NAMESPACE column).
        description: node.allNamespaces && row.namespace ? `ns ${row.namespace} · ${g.description}` : g.description,
        tooltip: objectTooltip(node, row, s.now()),
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
        contextValue: node.failure ? errorContextValue(node.failure.kind) : CONTEXT_VALUES.message,
        command: node.failure ? { command: 'kubesense.explorer.retry', title: 'Retry' } : undefined,
      };
  }
}
