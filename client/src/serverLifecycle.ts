// When the language server runs: it starts with the first YAML document (a workspace without manifests
// pays nothing), stops when validation is turned off, and a running server restarts when what it was
// started with changes (kubeconfig files, workspace trust, the login shell's KUBECONFIG).
import * as vscode from 'vscode';
import type { KubesenseLanguageClient } from './languageClient';
import type { Log } from './output';
import { errorMessage } from '../../kube/util/errors';

export class LanguageServerLifecycle implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];

  constructor(
    private readonly client: KubesenseLanguageClient,
    private readonly log: Log,
  ) {
    this.subscriptions = [
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (d.languageId === 'yaml' && !client.running) void this.update();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('kubesense.validation.enabled')) void this.update();
      }),
    ];
  }

  /** Starts the server if validation is on and a YAML document is open; stops it if validation is off. */
  async update(): Promise<void> {
    const enabled = vscode.workspace.getConfiguration('kubesense').get('validation.enabled', true);
    try {
      if (!enabled) await this.client.stop();
      else if (vscode.workspace.textDocuments.some((d) => d.languageId === 'yaml')) await this.client.start();
    } catch (err) {
      this.log.error(`language server: ${errorMessage(err)}`);
    }
  }

  /** The server's environment or trust changed: a running server restarts with the new one (a stopped one waits). */
  environmentChanged(): void {
    if (this.client.running) void this.client.restart();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
