// Settings the way each kind of LSP client gives them: pulled with workspace/configuration after `initialized` and
// on every (possibly empty) didChangeConfiguration; pushed or initializationOptions for clients without the pull;
// and what other editors send: an empty languageId, no workspace folder, rootUri null, no work-done progress.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { ClientCapabilities, Diagnostic } from 'vscode-languageserver/node';
import { LspClient, kubesenseServerCommand, sharedK8s } from './harness';
import { LABEL_ERROR, PORT_ERROR, SIDECAR_POD as POD, SIDECAR_UNKNOWN } from './sidecarPod';

const v135 = path.join(sharedK8s, 'openapi-v3', '1.35');
const v127 = path.join(sharedK8s, 'openapi-v3', '1.27');

const URI = 'file:///tmp/kubesense-config-test/pod.yaml';

/** What Neovim, Helix and co. advertise at most: no dynamic registration, no progress unless said. */
function capabilities(workspace: ClientCapabilities['workspace'], window?: ClientCapabilities['window']) {
  return {
    workspace,
    window,
    textDocument: { synchronization: { didSave: true }, publishDiagnostics: {}, hover: {}, completion: {} },
  } satisfies ClientCapabilities;
}

const at = (d: Diagnostic[], e: { line: number; message: string }) =>
  d.some((x) => x.message === e.message && x.range.start.line === e.line);
const errorsWith135 = (d: Diagnostic[]) => d.length === 2 && at(d, LABEL_ERROR) && at(d, PORT_ERROR);
const errorsWith127 = (d: Diagnostic[]) => d.length === 3 && at(d, SIDECAR_UNKNOWN) && at(d, PORT_ERROR);

describe('settings pulled with workspace/configuration', () => {
  test('after initialized, and again on an empty didChangeConfiguration: open documents re-validated', async () => {
    const client = new LspClient(kubesenseServerCommand(), { settings: { kubesense: { schemaDirectory: v135 } } });
    try {
      await client.initialize({
        capabilities: capabilities({ configuration: true, didChangeConfiguration: { dynamicRegistration: true } }),
      });
      await client.open(URI, POD);
      await client.waitForDiagnosticsMatching(URI, errorsWith135);
      assert.ok(
        client.configurationRequests.some((items) => items.some((i) => i.section === 'kubesense')),
        'the kubesense section was pulled',
      );
      assert.ok(
        client.registrations.some((r) => r.method === 'workspace/didChangeConfiguration'),
        'registered for configuration changes where the client allows it',
      );
      // VS Code and Neovim send `settings: null` and expect the server to pull.
      client.setSettings({ kubesense: { schemaDirectory: v127 } });
      const pulls = client.configurationRequests.length;
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.waitForDiagnosticsMatching(URI, errorsWith127);
      assert.ok(client.configurationRequests.length > pulls, 'pulled again');
      // And with an empty object, as some clients send.
      client.setSettings({ kubesense: { schemaDirectory: v135 } });
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await client.waitForDiagnosticsMatching(URI, errorsWith135);
    } finally {
      await client.stop();
    }
  });

  test('a client that answers without advertising the capability (Neovim 0.7) is asked once, and then on changes', async () => {
    const client = new LspClient(kubesenseServerCommand(), { settings: { kubesense: { schemaDirectory: v135 } } });
    try {
      await client.initialize({ capabilities: capabilities({}), rootUri: null, workspaceFolders: null });
      await client.open(URI, POD, 0, '');
      await client.waitForDiagnosticsMatching(URI, errorsWith135);
      assert.deepEqual(client.registrations, [], 'no dynamic registration the client did not offer');
      client.setSettings({ kubesense: { schemaDirectory: v127 } });
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: {} });
      await client.waitForDiagnosticsMatching(URI, errorsWith127);
    } finally {
      await client.stop();
    }
  });
});

describe('clients without workspace/configuration', () => {
  test('initializationOptions, then pushed settings; the rejected pull is not retried', async () => {
    const client = new LspClient(kubesenseServerCommand(), {
      answersConfiguration: false,
      initializationOptions: { schemaDirectory: v135 },
    });
    try {
      await client.initialize({ capabilities: capabilities({}), rootUri: null, workspaceFolders: null });
      await client.open(URI, POD);
      await client.waitForDiagnosticsMatching(URI, errorsWith135);
      await client.didChangeConfiguration({ kubesense: { schemaDirectory: v127 } });
      await client.waitForDiagnosticsMatching(URI, errorsWith127);
      // An empty change keeps the last pushed settings.
      await client.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.hover(URI, { line: 0, character: 1 });
      assert.ok(errorsWith127(client.latestDiagnostics(URI) ?? []));
      assert.ok(!/workspace\/configuration failed/.test(client.stderr()), 'no warning for a pull never offered');
    } finally {
      await client.stop();
    }
  });
});

describe('what other editors send', () => {
  test('empty languageId, no workspace folders, rootUri null, no work-done progress: everything works', async () => {
    const client = new LspClient(kubesenseServerCommand(), { settings: { kubesense: { schemaDirectory: v135 } } });
    try {
      await client.initialize({
        capabilities: capabilities({ configuration: true }, { workDoneProgress: false }),
        rootUri: null,
        workspaceFolders: null,
      });
      await client.open(URI, POD, 1, '');
      await client.waitForDiagnosticsMatching(URI, errorsWith135);
      const hover = await client.hover(URI, { line: 15, character: 8 });
      assert.match(JSON.stringify(hover?.contents), /containerPort/);
      const items = await client.completion(URI, { line: 14, character: 4 });
      assert.ok(items.length > 0, 'completion answers');
      assert.deepEqual(client.progressCreated, [], 'no window/workDoneProgress/create without client support');
      assert.deepEqual(client.progress, []);
      assert.deepEqual(client.registrations, [], 'no registration where dynamicRegistration was not offered');
    } finally {
      await client.stop();
    }
  });
});
