// Custom resources: schemas from CRD files (setting kubesense.crdFiles), from a CRD open in the editor (kept
// current as it is edited), and from CRD files changed on disk (workspace/didChangeWatchedFiles).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, fileUri, kubesenseServerCommand, sharedK8s } from './harness';

const schemaDirectory = path.join(sharedK8s, 'openapi-v3', '1.35');
const SERVICE_MONITOR = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  endpoints:
  - port: http
    intervall: 30s
`;

test('CRD files from settings: custom resources validate and complete', async () => {
  const client = new LspClient(kubesenseServerCommand(), {
    settings: { kubesense: { schemaDirectory, crdFiles: [path.join(sharedK8s, 'crds/prometheus-operator')] } },
  });
  try {
    await client.initialize();
    const uri = 'file:///work/sm.yaml';
    const t = performance.now();
    await client.open(uri, SERVICE_MONITOR, 1);
    const d = await client.waitForDiagnostics(uri, t, 1);
    const unknown = d.params.diagnostics.filter((x) => /intervall/.test(x.message));
    assert.equal(unknown.length, 1, JSON.stringify(d.params.diagnostics));
    assert.equal(unknown[0].range.start.line, 10);
    assert.equal(d.params.diagnostics.length, 1, JSON.stringify(d.params.diagnostics));
    const items = await client.completion(uri, { line: 10, character: 6 });
    assert.ok(
      items.some((i) => i.label === 'interval'),
      items.map((i) => i.label).join(','),
    );
    assert.ok(
      client.registrations.some((r) => r.method === 'workspace/didChangeWatchedFiles'),
      'CRD files are watched',
    );
  } finally {
    await client.stop();
  }
});

test('a CRD open in the editor feeds the schemas; editing it re-validates its custom resources', async () => {
  const client = new LspClient(kubesenseServerCommand(), { settings: { kubesense: { schemaDirectory } } });
  try {
    await client.initialize();
    const crdText = readFileSync(path.join(sharedK8s, 'crds/kubectl-validate/crds/cel_basic.yaml'), 'utf8');
    const crText = readFileSync(path.join(sharedK8s, 'manifests/kubectl-validate/error_cel_basic.yaml'), 'utf8');
    const crUri = 'file:///work/cr.yaml';
    await client.open(crUri, crText, 1);
    await client.waitForDiagnosticsMatching(crUri, (ds) =>
      ds.some((x) => x.code === 'unknown-api-version' || x.code === 'unknown-kind'),
    );
    await client.open('file:///work/crd.yaml', crdText, 1);
    const withCrd = await client.waitForDiagnosticsMatching(crUri, (ds) =>
      ds.some((x) => /Must be positive non-zero/.test(x.message)),
    );
    assert.equal(
      withCrd.some((x) => x.code === 'unknown-api-version' || x.code === 'unknown-kind'),
      false,
    );
    // Rename the kind in the open CRD: the custom resource becomes unknown again.
    await client.change('file:///work/crd.yaml', 2, [{ text: crdText.replace(/kind: CELBasic/g, 'kind: CELRenamed') }]);
    await client.waitForDiagnosticsMatching(crUri, (ds) =>
      ds.some((x) => x.code === 'unknown-kind' || x.code === 'unknown-api-version'),
    );
  } finally {
    await client.stop();
  }
});

test('a CRD file changed on disk is re-read when the client reports it', async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubesense-crd-'));
  const client = new LspClient(kubesenseServerCommand(), {
    settings: { kubesense: { schemaDirectory, crdFiles: [dir] } },
  });
  try {
    const crdFile = path.join(dir, 'servicemonitors.yaml');
    writeFileSync(crdFile, '# not yet\n');
    await client.initialize();
    const uri = 'file:///work/sm2.yaml';
    await client.open(uri, SERVICE_MONITOR, 1);
    await client.waitForDiagnosticsMatching(uri, (ds) => ds.some((x) => x.code === 'unknown-api-version'));
    writeFileSync(
      crdFile,
      readFileSync(path.join(sharedK8s, 'crds/prometheus-operator/monitoring.coreos.com_servicemonitors.yaml')),
    );
    await client.didChangeWatchedFiles([{ uri: fileUri(crdFile), type: 2 }]);
    const after = await client.waitForDiagnosticsMatching(uri, (ds) => ds.some((x) => /intervall/.test(x.message)));
    assert.equal(
      after.some((x) => x.code === 'unknown-api-version'),
      false,
    );
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
