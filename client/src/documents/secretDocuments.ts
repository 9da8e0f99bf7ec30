// Read-only documents holding a Secret's decoded values, made only by the explicit "Show Decoded Secret"
// action. The text lives in memory while the tab is open and is dropped when VS Code closes the document.
import * as vscode from 'vscode';
import type { ObjectAddress } from '../model/uris';

export const SECRET_SCHEME = 'kubesense-secret';

export class SecretDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(SECRET_SCHEME, this),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d.uri.scheme === SECRET_SCHEME) this.texts.delete(d.uri.toString());
      }),
    ];
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '# Closed: run "Show Decoded Secret" on the Secret again.\n';
  }

  async show(address: ObjectAddress, text: string): Promise<void> {
    const e = encodeURIComponent;
    const uri = vscode.Uri.from({
      scheme: SECRET_SCHEME,
      path: `/${e(address.context)}/${e(address.namespace ?? '_')}/${e(address.name)} (decoded).yaml`,
    });
    this.texts.set(uri.toString(), text);
    this.emitter.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
  }

  dispose(): void {
    this.texts.clear();
    this.subscriptions.forEach((s) => s.dispose());
    this.emitter.dispose();
  }
}
