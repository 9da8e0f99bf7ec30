// Status bar: which schemas the language server validates with (cluster, its cache, a folder, the upstream cache).
import * as vscode from 'vscode';
import { schemaSourceView } from './model/schemaSource';
import type { SchemaSourceStatus } from '../../protocol';

export class SchemaStatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('kubesense.schemaSource', vscode.StatusBarAlignment.Left, 49);
    this.item.name = 'Kubernetes Schemas';
  }

  update(status: SchemaSourceStatus): void {
    const view = schemaSourceView(status);
    this.item.text = view.text;
    this.item.tooltip = new vscode.MarkdownString(view.tooltip);
    this.item.backgroundColor = view.degraded ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.accessibilityInformation = { label: view.text.replace(/\$\([^)]*\)\s*/g, 'kubesense ') };
    this.item.show();
  }

  hide(): void {
    this.item.hide();
  }

  dispose(): void {
    this.item.dispose();
  }
}
