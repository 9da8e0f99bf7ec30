// OpenAPI v3 from the real API server: per-group-version documents by hash, lazily; a warm start costs one
// root request; with the server unreachable the last known documents still serve.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FaultProxy } from '../../../cluster/faults/proxy';
import { OpenAPIV3Client } from '../../../../kube/openapi';
import type { RestConfig } from '../../../../kube/rest/config';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { cluster, NO_CLUSTER, type Cluster } from '../rest/support';

describe('OpenAPI v3 client against the real API server', () => {
  let c: Cluster | undefined;
  let proxy: FaultProxy;
  let proxied: RestConfig;
  let cacheDir = '';
  before(async () => {
    c = cluster();
    if (!c) return;
    proxy = await FaultProxy.start({ kubeconfig: c.env.kubeconfig });
    proxied = c.config('admin', proxy.kubeconfig('admin'));
    cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-openapi-'));
  });
  after(async () => {
    if (!c) return;
    await proxy.close();
    fs.rmSync(cacheDir, { recursive: true, force: true });
    closeIdleConnections();
  });

  it('cold: the root, then only the documents asked for', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    proxy.clearRequests();
    const client = new OpenAPIV3Client(proxied, { cacheDir });
    const paths = await client.paths();
    assert.ok(paths.has('api/v1') && paths.has('apis/apps/v1'));
    assert.match(paths.get('apis/apps/v1')!.hash, /^[0-9A-F]{64,}$/);
    assert.equal(proxy.requests.length, 1, 'paths() fetches no document');
    const doc = await client.schemaFor('apps/v1');
    assert.ok(doc?.components?.schemas?.['io.k8s.api.apps.v1.Deployment']);
    const core = await client.schemaFor({ group: '', version: 'v1' });
    assert.ok(core?.components?.schemas?.['io.k8s.api.core.v1.Pod']);
    assert.equal(await client.schemaFor('nope.example.com/v1'), undefined);
    assert.deepEqual(
      proxy.requests.map((r) => r.path),
      ['/openapi/v3', '/openapi/v3/apis/apps/v1', '/openapi/v3/api/v1'],
    );
    assert.equal(proxy.requests[1].query.hash, paths.get('apis/apps/v1')!.hash);
  });

  it('warm start: one root request, documents from disk', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    proxy.clearRequests();
    const client = new OpenAPIV3Client(proxied, { cacheDir });
    const doc = await client.schemaFor('apps/v1');
    await client.schemaFor('v1');
    assert.ok(doc?.components?.schemas?.['io.k8s.api.apps.v1.Deployment']);
    assert.deepEqual(
      proxy.requests.map((r) => r.path),
      ['/openapi/v3'],
    );
    assert.equal(client.offline, false);
  });

  it('offline: the last known root and documents serve', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const rule = proxy.addRule({
      path: /^\/openapi\//,
      times: Infinity,
      fault: { type: 'status', code: 503, body: 'status' },
    });
    try {
      const client = new OpenAPIV3Client(proxied, { cacheDir });
      const doc = await client.schemaFor('apps/v1');
      assert.ok(doc?.components?.schemas?.['io.k8s.api.apps.v1.Deployment']);
      assert.equal(client.offline, true);
      // A document never fetched before cannot be invented offline.
      await assert.rejects(client.schemaFor('batch/v1'));
    } finally {
      rule.remove();
    }
  });
});
