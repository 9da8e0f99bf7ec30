// "Enable Dry-Run" in the editor turns the setting on and asks for the dry-run at once: the server must answer
// with the new settings, not the ones it had before the didChangeConfiguration it was just sent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { LspClient, kubesenseServerCommand, sharedK8s } from './harness';

test('a dry-run requested right after the setting is turned on sees it turned on', async () => {
  const base = { schemaDirectory: path.join(sharedK8s, 'openapi-v3', '1.35') };
  const client = new LspClient(kubesenseServerCommand(), { settings: { kubesense: { ...base, dryRun: false } } });
  try {
    await client.initialize();
    const uri = 'file:///work/dry-run-setting.yaml';
    await client.open(uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    await assert.rejects(
      client.request('kubesense/dryRun', { uri }),
      /turned off \(setting kubesense\.dryRun\.enabled\)/,
    );
    // Not awaited apart: the notification and the request leave back to back, as the extension sends them.
    const changed = client.didChangeConfiguration({ kubesense: { ...base, dryRun: true } });
    const answer = client.request('kubesense/dryRun', { uri });
    await changed;
    // On, but no cluster in this test: the next thing the server says is that none is connected.
    await assert.rejects(answer, /no cluster is connected: choose a context in the Kubernetes view/);
  } finally {
    await client.stop();
  }
});
