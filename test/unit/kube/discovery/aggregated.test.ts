// Aggregated discovery (recorded apidiscovery.k8s.io/v2 document) converted as client-go does, checked against
// the legacy per-group-version documents the API server serves for the same groups.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ACCEPT_DISCOVERY_FORMATS,
  aggregatedVersionOf,
  computeDiscoverCacheDir,
  serverPreferredResources,
  splitGroupsAndResources,
  StaleGroupVersionError,
  type APIGroupDiscoveryList,
  type APIGroupList,
  type APIResource,
  type APIResourceList,
  type DiscoveryInterface,
} from '../../../../kube/discovery';
import { readShared } from './recordedServer';

const key = (r: APIResource, parentSingular = false) =>
  JSON.stringify([
    r.name,
    r.kind,
    r.group ?? '',
    r.version ?? '',
    r.namespaced,
    parentSingular ? '' : r.singularName,
    r.verbs,
    r.shortNames ?? [],
    r.categories ?? [],
  ]);

describe('splitGroupsAndResources', () => {
  const doc = readShared<APIGroupDiscoveryList>('discovery/aggregated_v2.json');
  const split = splitGroupsAndResources(doc);
  for (const [gv, file] of [
    ['apps/v1', 'discovery/apis__apps__v1.json'],
    ['batch/v1', 'discovery/apis__batch__v1.json'],
  ]) {
    it(`${gv}: same resources as the legacy document (client-go gives subresources the parent's singular name)`, () => {
      const legacy = readShared<APIResourceList>(file);
      const ours = split.resources.get(gv)!.resources!;
      const isSub = (r: APIResource) => r.name.includes('/');
      assert.deepEqual(ours.map((r) => key(r, isSub(r))).sort(), legacy.resources!.map((r) => key(r, isSub(r))).sort());
      for (const sub of ours.filter(isSub)) {
        const parent = ours.find((p) => p.name === sub.name.split('/')[0])!;
        assert.equal(sub.singularName, parent.singularName);
      }
    });
  }
  it('groups in server order, preferred = first version', () => {
    const apis = readShared<APIGroupList>('discovery/apis.json');
    assert.deepEqual(new Set(split.groups.groups.map((g) => g.name)), new Set(apis.groups.map((g) => g.name)));
    for (const g of split.groups.groups) assert.deepEqual(g.preferredVersion, g.versions[0]);
    assert.deepEqual(split.groups.groups.find((g) => g.name === 'apps')?.preferredVersion, {
      groupVersion: 'apps/v1',
      version: 'v1',
    });
  });
  it('a stale version is a failed group-version, not a group version', () => {
    const copy = structuredClone(doc);
    const apps = copy.items!.find((g) => g.metadata?.name === 'apps')!;
    apps.versions![0].freshness = 'Stale';
    const s = splitGroupsAndResources(copy);
    assert.ok(s.failed.get('apps/v1') instanceof StaleGroupVersionError);
    assert.equal(s.resources.has('apps/v1'), false);
    assert.deepEqual(s.groups.groups.find((g) => g.name === 'apps')?.versions, []);
  });
  it('preferred resources pick the preferred version and drop subresources', async () => {
    const d = {
      groupsAndMaybeResources: async () => split,
      fresh: () => true,
    } as unknown as DiscoveryInterface;
    const { resources, error } = await serverPreferredResources(d);
    assert.equal(error, undefined);
    const all = resources.flatMap((l) => (l.resources ?? []).map((r) => `${l.groupVersion}/${r.name}`));
    assert.ok(all.includes('apps/v1/deployments'));
    assert.ok(all.includes('autoscaling/v2/horizontalpodautoscalers'), 'autoscaling prefers v2');
    assert.ok(!all.includes('autoscaling/v1/horizontalpodautoscalers'));
    assert.ok(!all.some((n) => n.endsWith('/status')));
  });
});

describe('content negotiation and cache directory naming', () => {
  it("sends client-go 1.33's Accept header", () => {
    assert.equal(
      ACCEPT_DISCOVERY_FORMATS,
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
    );
  });
  it('recognises aggregated content types in any parameter order', () => {
    assert.equal(aggregatedVersionOf('application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList'), 'v2');
    assert.equal(
      aggregatedVersionOf('application/json; as=APIGroupDiscoveryList;v=v2beta1;g=apidiscovery.k8s.io;charset=utf-8'),
      'v2beta1',
    );
    assert.equal(aggregatedVersionOf('application/json'), undefined);
    assert.equal(
      aggregatedVersionOf('application/json;g=apidiscovery.k8s.io;v=v3;as=APIGroupDiscoveryList'),
      undefined,
    );
  });
  it('computeDiscoverCacheDir as kubectl', () => {
    assert.equal(computeDiscoverCacheDir('/c/discovery', 'https://127.0.0.1:6443'), '/c/discovery/127.0.0.1_6443');
    assert.equal(
      computeDiscoverCacheDir('/c/discovery', 'https://my-cluster.example.com:443/k8s/clusters/c-abc'),
      '/c/discovery/my_cluster.example.com_443/k8s/clusters/c_abc',
    );
    assert.equal(computeDiscoverCacheDir('/c/discovery', 'http://[::1]:8080'), '/c/discovery/___1__8080');
  });
});
