// The explorer tree's node types and the plain view VS Code renders for each (no vscode imports).
import type { ContextValue } from './contextValues';
import type { Failure } from './errors';
import type { ExplorerResource, KindCategory } from './kinds';
import type { LiveObjectList } from './liveList';
import type { ContextInfo } from './ports';

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
  /** What package.json's menus match (contextValues.ts). */
  contextValue: ContextValue;
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

/** Which context/namespace the editor works with when it differs from the kubeconfig's current one. */
export interface EditorSelection {
  context?: string;
  /** Per context: namespace chosen in the editor only. */
  namespaces: Map<string, string>;
}
