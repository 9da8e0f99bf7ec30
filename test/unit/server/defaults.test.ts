// The server with the declared defaults, sent as the extension sends them when the user set nothing: a YAML file
// that is not Kubernetes (a compose file in the workspace) gets no diagnostics, and a manifest is still checked.
// (package.json once defaulted `kubesense.manifests` to every YAML file, which the server reads as "a manifest even
// without apiVersion and kind": every compose file and CI workflow was reported.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { sectionForServer } from '../../../protocol/settings';
import { LspClient, kubesenseServerCommand, sharedK8s } from './harness';

const ROOT = 'file:///tmp/kubesense-defaults-ws';
const COMPOSE = 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n';
const BAD_CONFIGMAP = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  key: 3\n';

test('with the default settings, a non-Kubernetes YAML file is left alone and a manifest is checked', async () => {
  const kubesense = sectionForServer((key, fallback) =>
    key === 'schemaDirectory' ? path.join(sharedK8s, 'openapi-v3', '1.35') : fallback,
  );
  const client = new LspClient(kubesenseServerCommand(), { settings: { kubesense } });
  try {
    await client.initialize({ rootUri: ROOT, workspaceFolders: [{ uri: ROOT, name: 'ws' }] });
    const compose = `${ROOT}/docker-compose.yaml`;
    const manifest = `${ROOT}/configmap.yaml`;
    const t0 = performance.now();
    await client.open(compose, COMPOSE, 1);
    await client.open(manifest, BAD_CONFIGMAP, 1);
    const checked = await client.waitForDiagnostics(manifest, t0, 1, 30_000);
    assert.ok(checked.params.diagnostics.length > 0, 'the ConfigMap with a number as data value is reported');
    const left = await client.waitForDiagnostics(compose, t0, 1, 30_000);
    assert.deepEqual(
      left.params.diagnostics.map((d) => d.message),
      [],
    );
  } finally {
    await client.stop();
  }
});
