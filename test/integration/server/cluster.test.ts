// The language server connected to the real kube-apiserver of test/cluster: schemas from its OpenAPI v3,
// server-side dry-run reporting the API server's own errors in place, names of existing objects in completion,
// and an unreachable context that degrades to the schema folder instead of failing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CompletionItem, CompletionList } from 'vscode-languageserver/node';
import { clusterEnv } from '../../cluster/env';
import { LspClient, kubesenseServerCommand, sharedK8s } from '../../unit/server/harness';

const BAD_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: lsp-dry-run
  namespace: default
spec:
  replicas: 1
  selector:
    matchLabels:
      app: lsp-dry-run
  template:
    metadata:
      labels:
        app: other
    spec:
      containers:
      - name: web
        image: nginx:1.27
`;

function withContext(kubeconfig: string, context: string) {
  // Dry-run is off unless turned on (kubesense.dryRun.enabled), in every editor.
  const kubesense = {
    kubeconfig,
    context,
    schemaDirectory: path.join(sharedK8s, 'openapi-v3', '1.35'),
    dryRun: { enabled: true },
  };
  return new LspClient(kubesenseServerCommand(), { settings: { kubesense } });
}

test('dry-run reports the API server’s own error at the field it names', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const client = withContext(env.kubeconfig, 'admin');
  try {
    await client.initialize();
    const uri = 'file:///work/dry-run.yaml';
    const t0 = performance.now();
    await client.open(uri, BAD_DEPLOYMENT, 1);
    await client.waitForDiagnostics(uri, t0, 1, 60_000);
    const since = performance.now();
    const result = (await client.request('kubesense/dryRun', { uri })) as {
      context: string;
      outcomes: { ok: boolean; message?: string; object: { kind?: string; metadata: { name?: string } } }[];
      diagnostics: { field?: string; message: string; range: { start: { line: number } } }[];
    };
    assert.equal(result.context, 'admin');
    assert.equal(result.outcomes.length, 1);
    assert.equal(result.outcomes[0].ok, false);
    assert.deepEqual(
      [result.outcomes[0].object.kind, result.outcomes[0].object.metadata.name],
      ['Deployment', 'lsp-dry-run'],
    );
    // The real server: `selector` does not match template `labels`.
    assert.match(result.outcomes[0].message ?? '', /selector.*does not match template.*labels/);
    const d = result.diagnostics.find((x) => /spec\.template\.metadata\.labels/.test(x.message));
    assert.ok(d, JSON.stringify(result.diagnostics));
    assert.equal(d.range.start.line, 13, 'placed on the template labels');
    const published = await client.waitForDiagnostics(uri, since, 1, 30_000);
    assert.ok(published.params.diagnostics.some((x) => /API server \(dry-run\)/.test(x.message)));

    // Fixed manifest: accepted, nothing created (dry-run).
    const fixed = BAD_DEPLOYMENT.replace('app: other', 'app: lsp-dry-run');
    await client.change(uri, 2, [{ text: fixed }]);
    const ok = (await client.request('kubesense/dryRun', { uri })) as { outcomes: { ok: boolean; message?: string }[] };
    assert.deepEqual(
      ok.outcomes.map((o) => o.ok),
      [true],
      JSON.stringify(ok.outcomes),
    );
  } finally {
    await client.stop();
  }
});

test('the first completion offers the namespaces and service accounts that exist in the cluster', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const client = withContext(env.kubeconfig, 'admin');
  try {
    await client.initialize();
    const uri = 'file:///work/names.yaml';
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  namespace: \nspec:\n  serviceAccountName: \n';
    const t0 = performance.now();
    await client.open(uri, text, 1);
    // Once the document is validated against the cluster's schemas the connection is up: the names' list is one
    // request on it, within the server's 1 s wait even on a loaded machine (a cold TLS connection may not be).
    await client.waitForDiagnostics(uri, t0, 1, 60_000);
    // The first answer is the one that counts: an editor shows word suggestions for an empty or incomplete one.
    const ask = async (line: number, character: number): Promise<string[]> => {
      const r = await client.request<CompletionItem[] | CompletionList>('textDocument/completion', {
        textDocument: { uri },
        position: { line, character },
      });
      const list = Array.isArray(r) ? { isIncomplete: false, items: r } : r;
      assert.equal(
        list.isIncomplete,
        false,
        `incomplete first answer: ${JSON.stringify(list.items.map((x) => x.label))}`,
      );
      return list.items.filter((x) => x.kind === 18).map((x) => x.label);
    };
    const namespaces = await ask(4, 13);
    assert.ok(namespaces.includes('default') && namespaces.includes('kube-system'), namespaces.join(','));
    const accounts = await ask(6, 22);
    assert.ok(accounts.includes('default'), accounts.join(','));
  } finally {
    await client.stop();
  }
});

test('an unreachable cluster: the schema folder still validates and dry-run fails with the connection error', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubesense-lsp-'));
  try {
    // The test cluster's kubeconfig, pointed at a port where nothing listens.
    const kubeconfig = path.join(dir, 'config');
    writeFileSync(
      kubeconfig,
      readFileSync(env.kubeconfig, 'utf8').replace(
        /server: https:\/\/127\.0\.0\.1:\d+/g,
        'server: https://127.0.0.1:9',
      ),
      { mode: 0o600 },
    );
    const client = withContext(kubeconfig, 'admin');
    try {
      await client.initialize();
      const uri = 'file:///work/offline.yaml';
      const t0 = performance.now();
      await client.open(uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: 1\n', 1);
      const d = await client.waitForDiagnostics(uri, t0, 1, 60_000);
      assert.ok(
        d.params.diagnostics.some((x) => /data(\.a|\[a\])/.test(x.message)),
        JSON.stringify(d.params.diagnostics),
      );
      await assert.rejects(client.request('kubesense/dryRun', { uri }), /ECONNREFUSED|connect|refused/i);
      assert.ok(client.isAlive);
    } finally {
      await client.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a context that does not exist is reported plainly', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const client = withContext(env.kubeconfig, 'no-such-context');
  try {
    await client.initialize();
    const uri = 'file:///work/nocontext.yaml';
    const t0 = performance.now();
    await client.open(uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n', 1);
    await client.waitForDiagnostics(uri, t0, 1, 60_000);
    assert.ok(
      client.messages.some((m) => /context "no-such-context"/.test(m.message)),
      JSON.stringify(client.messages),
    );
  } finally {
    await client.stop();
  }
});
