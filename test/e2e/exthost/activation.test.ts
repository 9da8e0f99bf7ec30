// Activation and commands, in the real extension host.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activatedExtension } from './helpers';

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

  it('focuses the Clusters view and refreshes it without error', async () => {
    await activatedExtension();
    await vscode.commands.executeCommand('kubesense.explorer.focus');
    await vscode.commands.executeCommand('kubesense.explorer.refresh');
  });
});
