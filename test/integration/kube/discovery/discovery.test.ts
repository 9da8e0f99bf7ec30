// Discovery against the real API server: aggregated and legacy paths agree, a new CRD shows up after
// invalidation, a failing group yields partial results, RBAC-restricted users can discover, and the disk
// cache interoperates with kubectl 1.33 in both directions (counted at the fault proxy).
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FaultProxy } from '../../../cluster/faults/proxy';
import { findKubectl } from '../../../cluster/kubectl';
import {
  DiscoveryClient,
  DiskCachedDiscoveryClient,
  MemCacheClient,
  discoveryCacheDirFor,
  findResource,
  isGroupDiscoveryFailed,
  newCachedDiscovery,
  type APIResourceList,
} from '../../../../kube/discovery';
import type { RestConfig } from '../../../../kube/rest/config';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { cluster, createServedCRD, NO_CLUSTER, type Cluster } from '../rest/support';

/** Built-in groups only: other suites create CRDs on the shared cluster while this one runs. */
const builtIn = (gv: string) => !gv.includes('/') || /^[a-z0-9]+\/|k8s\.io\//.test(gv);

function resourceKeys(lists: APIResourceList[]): string[] {
  return lists
    .filter((l) => builtIn(l.groupVersion))
    .flatMap((l) =>
      (l.resources ?? []).map(
        (r) => `${l.groupVersion} ${r.name} ${r.kind} ${r.namespaced} ${(r.verbs ?? []).join(',')}`,
      ),
    )
    .sort();
}

function runKubectl(
  kubeconfig: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(findKubectl('1.33'), [`--kubeconfig=${kubeconfig}`, ...args], {
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const isDiscoveryPath = (p: string) =>
  p === '/api' || p === '/apis' || p === '/api/v1' || /^\/apis\/[^/]+\/[^/]+$/.test(p) || /^\/apis\/[^/]+$/.test(p);

describe('discovery against the real API server', () => {
  let c: Cluster | undefined;
  let config: RestConfig;
  let proxy: FaultProxy;
  let proxied: RestConfig;
  let tmp = '';
  before(async () => {
    c = cluster();
    if (!c) return;
    config = c.config();
    proxy = await FaultProxy.start({ kubeconfig: c.env.kubeconfig });
    proxied = c.config('admin', proxy.kubeconfig('admin'));
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-disco-'));
  });
  after(async () => {
    if (!c) return;
    await proxy.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    closeIdleConnections();
  });

  it('aggregated discovery: two requests, same resources as the legacy per-group-version path', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    proxy.clearRequests();
    const aggregated = await new DiscoveryClient(proxied).serverGroupsAndResources();
    assert.equal(aggregated.error, undefined);
    assert.deepEqual(
      proxy.requests.map((r) => r.path),
      ['/api', '/apis'],
    );
    proxy.clearRequests();
    const legacy = await new DiscoveryClient(proxied, { useLegacyDiscovery: true }).serverGroupsAndResources();
    assert.ok(!legacy.error || [...legacy.error.groups.keys()].every((gv) => !builtIn(gv)), String(legacy.error));
    assert.ok(proxy.requests.length > 10, 'legacy discovery asks every group-version');
    assert.deepEqual(resourceKeys(aggregated.resources), resourceKeys(legacy.resources));
    const builtInGroups = (gs: { name: string }[]) =>
      gs.map((g) => g.name).filter((n) => !n.includes('.') || n.endsWith('k8s.io'));
    assert.deepEqual(builtInGroups(aggregated.groups), builtInGroups(legacy.groups));
    assert.ok(resourceKeys(aggregated.resources).some((k) => k.startsWith('apps/v1 deployments Deployment true')));
  });

  it('preferred resources and server version', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const d = new DiscoveryClient(config);
    const preferred = await d.serverPreferredResources();
    const names = preferred.resources.flatMap((l) => (l.resources ?? []).map((r) => `${l.groupVersion}/${r.name}`));
    assert.ok(names.includes('v1/pods'));
    assert.ok(names.includes('apps/v1/deployments'));
    assert.ok(!names.some((n) => n.includes('/status')), 'subresources are not preferred resources');
    const v = await d.serverVersion();
    assert.match(v.gitVersion, /^v1\.\d+\.\d+/);
  });

  it('a group-version that fails gives partial results and ErrGroupDiscoveryFailed naming it', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const rule = proxy.addRule({
      method: 'GET',
      path: '/apis/apps/v1',
      times: Infinity,
      fault: { type: 'status', code: 503, body: 'status' },
    });
    try {
      const r = await new DiscoveryClient(proxied, { useLegacyDiscovery: true }).serverGroupsAndResources();
      assert.ok(isGroupDiscoveryFailed(r.error));
      assert.deepEqual([...r.error!.groups.keys()], ['apps/v1']);
      assert.match(r.error!.message, /^unable to retrieve the complete list of server APIs: apps\/v1: /);
      assert.ok(r.resources.some((l) => l.groupVersion === 'v1'));
      assert.ok(!r.resources.some((l) => l.groupVersion === 'apps/v1'));
    } finally {
      rule.remove();
    }
  });

  it('the restricted user can discover', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const r = await new DiscoveryClient(c.config('restricted')).serverGroupsAndResources();
    assert.ok(!r.error || [...r.error.groups.keys()].every((gv) => !builtIn(gv)), String(r.error));
    assert.ok(r.resources.length > 10);
  });

  it('a CRD created after the cache was filled is found after invalidate-and-refetch', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const group = `disco${process.pid}.kubesense.dev`;
    const cacheDir = path.join(tmp, 'crd');
    const d = newCachedDiscovery(config, { cacheDir });
    await d.serverGroupsAndResources(); // fills disk + memory
    const removeCRD = await createServedCRD(config, group, {
      plural: 'widgets',
      singular: 'widget',
      kind: 'Widget',
      shortNames: ['wdg'],
      categories: ['all'],
    });
    try {
      // A fresh process (new client over the same disk cache) sees stale files first, then refetches once.
      const next = new MemCacheClient(
        new DiskCachedDiscoveryClient(new DiscoveryClient(config), discoveryCacheDirFor(config.host, cacheDir)),
      );
      const found = await findResource(next, 'wdg');
      assert.equal(found?.groupVersion, `${group}/v1`);
      assert.equal(found?.resource.kind, 'Widget');
      assert.ok(
        fs.existsSync(path.join(discoveryCacheDirFor(config.host, cacheDir), group, 'v1', 'serverresources.json')),
      );
    } finally {
      await removeCRD();
    }
  });

  it('disk cache interop with kubectl 1.33: kubectl → us with zero requests, us → kubectl with zero discovery requests', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const kubeconfig = proxy.kubeconfig('admin');
    const kubectlCache = path.join(tmp, 'kubectl-cache');
    const r = await runKubectl(kubeconfig, ['api-resources', `--cache-dir=${kubectlCache}`]);
    assert.equal(r.code, 0, r.stderr);
    // kubectl -> us
    proxy.clearRequests();
    const fromKubectl = await newCachedDiscovery(proxied, { cacheDir: kubectlCache }).serverGroupsAndResources();
    assert.equal(proxy.requests.length, 0, proxy.requests.map((q) => q.path).join(' '));
    assert.ok(fromKubectl.resources.length > 10);
    // us -> kubectl, via KUBECACHEDIR (our default follows it too)
    const ourCache = path.join(tmp, 'our-cache');
    const prev = process.env.KUBECACHEDIR;
    process.env.KUBECACHEDIR = ourCache;
    try {
      await newCachedDiscovery(proxied, {}).serverGroupsAndResources();
    } finally {
      if (prev === undefined) delete process.env.KUBECACHEDIR;
      else process.env.KUBECACHEDIR = prev;
    }
    assert.ok(fs.existsSync(path.join(discoveryCacheDirFor(proxied.host, ourCache), 'servergroups.json')));
    proxy.clearRequests();
    const k = await runKubectl(kubeconfig, ['get', 'namespaces', '-o', 'name'], { KUBECACHEDIR: ourCache });
    assert.equal(k.code, 0, k.stderr);
    const discovery = proxy.requests.filter((q) => isDiscoveryPath(q.path));
    assert.deepEqual(
      discovery.map((q) => q.path),
      [],
      'kubectl used our cache',
    );
    assert.ok(proxy.requests.some((q) => q.path === '/api/v1/namespaces'));
  });
});
