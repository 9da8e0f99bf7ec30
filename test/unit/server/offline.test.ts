// The language server with its cluster away (a context whose server is a closed port) and with a schema folder
// setting that is not a schema folder: built-in kinds are never "unknown", real errors still show, the source in
// use is said (kubesense/schemaSource notification, hover footer), and diagnostics always publish.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { MarkupContent } from 'vscode-languageserver/node';
import { kubeconfigForClosedPort } from '../../cluster/faults/down';
import { LspClient, kubesenseServerCommand, positionOf, sharedK8s } from './harness';
import { BAD_DEPLOYMENT, linkUpstreamSchemas, recordSchemaSources, VALID_POD } from './offlineFixtures';

/** A scratch HOME and KUBESENSE_CACHE; `withUpstream` links the shared 1.35 documents in as the cached download. */
function scratch(withUpstream: boolean): { dir: string; cache: string; env: NodeJS.ProcessEnv } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kubesense-offline-'));
  const cache = path.join(dir, 'cache');
  mkdirSync(cache, { recursive: true });
  if (withUpstream) linkUpstreamSchemas(cache);
  return { dir, cache, env: { KUBESENSE_CACHE: cache, HOME: dir } };
}

function startServer(env: NodeJS.ProcessEnv, settings: Record<string, unknown>) {
  const command = kubesenseServerCommand();
  const client = new LspClient({ ...command, env: { ...command.env, ...env } }, { settings: { kubesense: settings } });
  return { client, statuses: recordSchemaSources(client) };
}

test('a context whose server is down: built-in kinds validate against the cached upstream schemas', async () => {
  const { dir, cache, env } = scratch(true);
  const { client, statuses } = startServer(env, { kubeconfig: await kubeconfigForClosedPort(dir), context: 'down' });
  try {
    await client.initialize();
    const pod = 'file:///work/pod.yaml';
    const deployment = 'file:///work/deployment.yaml';
    const t0 = performance.now();
    await client.open(pod, VALID_POD, 1);
    await client.open(deployment, BAD_DEPLOYMENT, 1);
    const podDiagnostics = (await client.waitForDiagnostics(pod, t0, 1, 60_000)).params.diagnostics;
    // Before: `no matches for kind "Pod" in version "v1"` on a valid manifest.
    assert.deepEqual(podDiagnostics, []);
    const bad = (await client.waitForDiagnostics(deployment, t0, 1, 60_000)).params.diagnostics;
    assert.deepEqual(
      bad.map((d) => [d.severity, d.range.start.line]),
      [[1, 5]],
      JSON.stringify(bad),
    );
    assert.match(bad[0].message, /spec\.replicas/);

    const upstream = `schema folder ${path.join(cache, 'openapi-v3', '1.35')}`;
    const status = statuses.at(-1);
    assert.ok(status, 'a kubesense/schemaSource notification');
    assert.equal(status.kind, 'upstream');
    assert.equal(status.source, upstream);
    assert.equal(status.cluster, 'cluster (context "down")');
    assert.match(status.clusterProblem ?? '', /ECONNREFUSED|unreachable|cannot reach/i);

    const hover = await client.hover(pod, positionOf(VALID_POD, 'image', 1));
    const markdown = (hover?.contents as MarkupContent).value;
    assert.match(markdown, /FIELD: image <string>/);
    assert.ok(markdown.endsWith(`Schema source: \`${upstream}\``), markdown);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a context whose server is down and nothing cached: no false error, the missing schema said once', async () => {
  const { dir, env } = scratch(false);
  const { client, statuses } = startServer(env, { kubeconfig: await kubeconfigForClosedPort(dir), context: 'down' });
  try {
    await client.initialize();
    const pod = 'file:///work/pod.yaml';
    const t0 = performance.now();
    await client.open(pod, VALID_POD, 1);
    const diagnostics = (await client.waitForDiagnostics(pod, t0, 1, 60_000)).params.diagnostics;
    assert.ok(diagnostics.length <= 1, JSON.stringify(diagnostics));
    for (const d of diagnostics) {
      assert.equal(d.severity, 3, 'information only');
      assert.match(d.message, /No Kubernetes schemas available \(cluster \(context "down"\)/);
    }
    assert.equal(statuses.at(-1)?.kind, 'none');
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a schema folder setting at the parent of 1.35/: a clear message, and diagnostics still publish', async () => {
  const { dir, env } = scratch(false);
  const parent = path.join(sharedK8s, 'openapi-v3');
  const { client } = startServer(env, { schemaDirectory: parent });
  try {
    await client.initialize();
    const uri = 'file:///work/dup.yaml';
    const t0 = performance.now();
    await client.open(uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n', 1);
    const diagnostics = (await client.waitForDiagnostics(uri, t0, 1, 60_000)).params.diagnostics;
    assert.ok(
      diagnostics.some((d) => d.severity === 1 && /key "name" already set in map/.test(d.message)),
      JSON.stringify(diagnostics),
    );
    const message = client.messages.find((m) => /schemaDirectory/.test(m.message));
    assert.ok(message, JSON.stringify(client.messages));
    assert.match(message.message, /api\/v1\.json and apis\/<group>\/<version>\.json/);
    assert.ok(message.message.includes(`did you mean ${path.join(parent, '1.35')}?`), message.message);
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a schema folder setting that points at nothing: named plainly, diagnostics still publish', async () => {
  const { dir, env } = scratch(false);
  const missing = path.join(dir, 'no-such-folder');
  const { client } = startServer(env, { schemaDirectory: missing });
  try {
    await client.initialize();
    const uri = 'file:///work/bad.yaml';
    const t0 = performance.now();
    await client.open(uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata: [\n', 1);
    const diagnostics = (await client.waitForDiagnostics(uri, t0, 1, 60_000)).params.diagnostics;
    assert.ok(
      diagnostics.some((d) => d.severity === 1),
      JSON.stringify(diagnostics),
    );
    const message = client.messages.find((m) => m.message.includes(missing));
    assert.ok(message, JSON.stringify(client.messages));
    assert.match(message.message, /not a directory \(expected a folder holding api\/v1\.json/);
    assert.equal(
      client.stderr().split(missing).length - 1 <= 2,
      true,
      'said once, not once per document: ' + client.stderr(),
    );
  } finally {
    await client.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
