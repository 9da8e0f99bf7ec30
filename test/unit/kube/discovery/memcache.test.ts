// The memory layer over the network client, on the recorded server: one fetch for concurrent callers,
// nothing more until invalidate(), failures not remembered; legacy discovery is partial with a named error.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DiscoveryClient, MemCacheClient, isGroupDiscoveryFailed } from '../../../../kube/discovery';
import { isNotFound } from '../../../../kube/rest/errors';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { startRecordedServer, type RecordedServer } from './recordedServer';

describe('MemCacheClient over DiscoveryClient (recorded server)', () => {
  let agg: RecordedServer;
  let legacy: RecordedServer;
  before(async () => {
    agg = await startRecordedServer('aggregated');
    legacy = await startRecordedServer('legacy');
  });
  after(async () => {
    await agg.close();
    await legacy.close();
    closeIdleConnections();
  });

  it('concurrent callers share one fetch; invalidate() refetches', async () => {
    const d = new MemCacheClient(new DiscoveryClient({ host: agg.url, tls: {} }));
    const before = agg.count();
    const [a, b, c] = await Promise.all([d.serverGroups(), d.serverGroupsAndResources(), d.serverPreferredResources()]);
    assert.equal(agg.count() - before, 2, 'one /api + one /apis');
    assert.equal(a.groups.length, b.groups.length);
    assert.ok(c.resources.length > 0);
    await d.serverResourcesForGroupVersion('apps/v1');
    assert.equal(agg.count() - before, 2, 'per-GV answers come from the aggregated document');
    d.invalidate();
    await d.serverGroups();
    assert.equal(agg.count() - before, 4);
  });

  it('legacy discovery: per-GV requests, partial results and the failed group-versions named', async () => {
    const d = new MemCacheClient(new DiscoveryClient({ host: legacy.url, tls: {} }));
    const r = await d.serverGroupsAndResources();
    assert.ok(isGroupDiscoveryFailed(r.error));
    const ok = r.resources.map((l) => l.groupVersion).sort();
    assert.deepEqual(ok, ['apps/v1', 'batch/v1', 'v1']);
    assert.ok(r.error!.groups.has('rbac.authorization.k8s.io/v1'));
    assert.ok(isNotFound(r.error!.groups.get('rbac.authorization.k8s.io/v1')));
    assert.match(r.error!.message, /^unable to retrieve the complete list of server APIs: /);
    // Failures are not cached: asking again goes to the server again, successes do not.
    const before = legacy.count();
    await assert.rejects(d.serverResourcesForGroupVersion('rbac.authorization.k8s.io/v1'), (e) => isNotFound(e));
    await d.serverResourcesForGroupVersion('apps/v1');
    assert.equal(legacy.count() - before, 1);
  });
});
