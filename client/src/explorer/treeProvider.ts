// Maps the explorer model's nodes to VS Code tree items; all decisions live in model/explorer.ts.
import * as vscode from 'vscode';
import type { ExplorerModel, ExplorerNode } from '../model/explorer';

const COLLAPSIBLE = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
} as const;

export class ExplorerTreeProvider implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly subscription: { dispose(): void };

  constructor(private readonly model: ExplorerModel) {
    this.subscription = model.onDidChange((node) => this.emitter.fire(node));
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    const v = this.model.view(node);
    const item = new vscode.TreeItem(v.label, COLLAPSIBLE[v.collapsible]);
    item.id = v.id;
    item.description = v.description;
    // Object tooltips hold ages: left to resolveTreeItem, which runs when the user hovers.
    if (v.tooltip && node.type !== 'object') item.tooltip = new vscode.MarkdownString(v.tooltip);
    if (v.icon)
      item.iconPath = new vscode.ThemeIcon(v.icon.id, v.icon.color ? new vscode.ThemeColor(v.icon.color) : undefined);
    item.contextValue = v.contextValue;
    if (v.command) item.command = { command: v.command.command, title: v.command.title, arguments: [node] };
    item.accessibilityInformation = { label: [v.label, v.description].filter(Boolean).join(', ') };
    return item;
  }

  resolveTreeItem(item: vscode.TreeItem, node: ExplorerNode): vscode.TreeItem {
    if (node.type === 'object') {
      const tooltip = this.model.objectTooltip(node);
      if (tooltip) item.tooltip = new vscode.MarkdownString(tooltip);
    }
    return item;
  }

  getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    return this.model.children(node);
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return this.model.parentOf(node);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

/** Creates the view and ties watch lifetimes to what is visible: collapsed or hidden = not watched. */
export function createExplorerView(model: ExplorerModel): vscode.Disposable & { view: vscode.TreeView<ExplorerNode> } {
  const provider = new ExplorerTreeProvider(model);
  const view = vscode.window.createTreeView('kubesense.explorer', {
    treeDataProvider: provider,
    showCollapseAll: true,
  });
  // The filter is shown where the view's title is, and explained above the tree while it is set.
  const showFilter = () => {
    const filter = model.filter;
    view.description = filter ? `filter: ${filter}` : undefined;
    view.message = filter
      ? `Showing objects whose name contains "${filter}". Clear it with the view's Clear Filter action.`
      : undefined;
    void vscode.commands.executeCommand('setContext', 'kubesense.explorerFiltered', filter !== '');
  };
  // Ages in descriptions go stale; refresh open folders every minute while the view is visible.
  const ageTimer = setInterval(() => {
    if (view.visible) model.refreshAges();
  }, 60_000);
  const subscriptions: vscode.Disposable[] = [
    { dispose: () => clearInterval(ageTimer) },
    provider,
    view,
    view.onDidCollapseElement((e) => model.collapsed(e.element)),
    view.onDidExpandElement((e) => model.expanded(e.element)),
    model.onDidChange((node) => {
      if (node === undefined) showFilter();
    }),
    view.onDidChangeVisibility((e) => {
      // The refresh this fires waits in VS Code until the view is visible again; then expanded folders ask for
      // their children, which restarts their watches.
      if (!e.visible) model.stopAll();
    }),
  ];
  return { view, dispose: () => subscriptions.forEach((d) => d.dispose()) };
}
