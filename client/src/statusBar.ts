// Status bar: the context and namespace kubesense works with; click to switch.
import * as vscode from 'vscode';
import { contextStatusView } from './model/contextStatus';
import type { ExplorerModel } from './model/explorer';

export class ContextStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor(private readonly model: ExplorerModel) {
    this.item = vscode.window.createStatusBarItem('kubesense.status', vscode.StatusBarAlignment.Left, 50);
    this.item.name = 'Kubernetes Context';
    this.item.command = 'kubesense.switch';
    this.update();
  }

  update(): void {
    const ctx = this.model.effectiveContext();
    if (!ctx) {
      if (this.model.kubeconfig.contexts.length === 0) {
        this.item.hide();
        return;
      }
      this.item.text = '$(cloud) no context';
      this.item.tooltip = 'kubesense: no current context. Click to choose one.';
      this.item.show();
      return;
    }
    const ns = this.model.effectiveNamespace(ctx.name);
    const editorOnly = this.model.selection.context !== undefined || this.model.selection.namespaces.has(ctx.name);
    const view = contextStatusView(ctx, ns, editorOnly);
    this.item.text = view.text;
    this.item.tooltip = new vscode.MarkdownString(view.tooltip);
    this.item.accessibilityInformation = { label: view.accessibility };
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
