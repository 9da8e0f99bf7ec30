// Activation and commands, in the real extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { State } from 'vscode-languageclient/node';
import type { KubesenseApi } from '../../../client/src/extension';
import { activatedExtension } from './helpers';

/** Resolves once `predicate` holds, re-checked on each `event`; rejects naming `what` after `timeoutMs`. */
function when<T>(what: string, event: vscode.Event<T>, predicate: () => boolean, timeoutMs = 30_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (predicate()) return resolve();
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs / 1000}s waiting for ${what}`));
    }, timeoutMs);
    const subscription = event(() => {
      if (!predicate()) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve();
    });
  });
}

describe('activation', () => {
  it('activates kubesense', async () => {
    const extension = await activatedExtension();
    assert.equal(extension.isActive, true);
  });

  it('registers every command its package.json contributes', async () => {
    const extension = await activatedExtension();
    const contributed = (extension.packageJSON.contributes?.commands ?? []) as Array<{ command: string }>;
    assert.ok(contributed.length > 0, 'package.json contributes no commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed but not registered: ${missing.join(', ')}`);
  });

  it('registers the Clusters tree view that package.json declares; focusing shows it', async () => {
    const extension = await activatedExtension();
    const api = extension.exports as KubesenseApi;
    const views = (extension.packageJSON.contributes?.views?.kubesense ?? []) as Array<{ id: string }>;
    assert.deepEqual(
      views.map((v) => v.id),
      ['kubesense.explorer'],
    );
    assert.ok(api.explorerView, 'activate() returns the tree view it created');
    await vscode.commands.executeCommand('kubesense.explorer.focus');
    await when(
      'the Clusters view to be visible',
      api.explorerView.onDidChangeVisibility,
      () => api.explorerView.visible,
    );
    await vscode.commands.executeCommand('kubesense.explorer.refresh');
    assert.equal(api.explorerView.visible, true);
  });

  it('starts the language client with the first YAML document', async () => {
    const api = (await activatedExtension()).exports as KubesenseApi;
    await vscode.workspace.openTextDocument({ language: 'yaml', content: 'apiVersion: v1\nkind: ConfigMap\n' });
    // No event says "client created" (the environment is resolved first), so poll the getter up to a deadline.
    for (const deadline = Date.now() + 30_000; !api.languageClient.running && Date.now() < deadline;)
      await new Promise((resolve) => setTimeout(resolve, 100));
    const client = api.languageClient.running;
    assert.ok(client, 'opening a YAML document started the language client');
    await when('the language client to run', client.onDidChangeState, () => client.state === State.Running);
    assert.equal(client.state, State.Running);
  });
});
