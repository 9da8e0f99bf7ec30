// Every DynamicClient verb against the real test cluster's kube-apiserver.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { clusterEnv } from '../../../cluster/env';
import { FaultProxy } from '../../../cluster/faults/proxy';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { DynamicClient, getLabels, getName, nestedString, type Unstructured } from '../../../../kube/dynamic';
import { isConflict, isForbidden, isInvalid, isNotFound, StatusError } from '../../../../kube/rest/errors';

const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const deployments = { group: 'apps', version: 'v1', resource: 'deployments' };

function configMap(name: string, data: Record<string, string>, labels: Record<string, string> = {}): Unstructured {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels }, data };
}

describe('DynamicClient against the real API server', () => {
  const ns = `dynamic-${process.pid}`;
  let setup: Promise<DynamicClient> | undefined;
  let dynamic: DynamicClient;

  /** The shared cluster, or undefined when the test was skipped (never in CI). */
  async function connect(t: TestContext): Promise<boolean> {
    const env = clusterEnv(t);
    if (!env) return false;
    setup ??= (async () => {
      const config = restConfigFromFile(env.kubeconfig, 'admin');
      config.qps = -1; // tests are not what the default throttle protects against
      const client = new DynamicClient(config);
      await client.resource(namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      return client;
    })();
    dynamic = await setup;
    return true;
  }
  const skipIfNoCluster = async (t: TestContext) => !(await connect(t));

  after(async () => {
    if (setup)
      await (
        await setup
      )
        .resource(namespaces)
        .delete(ns)
        .catch(() => undefined);
  });

  test('create, get, update, delete a ConfigMap; errors are typed', async (t) => {
    if (await skipIfNoCluster(t)) return;
    const cms = dynamic.resource(configmaps).namespace(ns);
    const created = await cms.create(configMap('crud', { a: '1' }, { app: 'web' }));
    assert.equal(getName(created), 'crud');
    assert.ok(created.metadata?.uid);
    assert.deepEqual(getLabels(created), { app: 'web' });

    const got = await cms.get('crud');
    assert.equal(nestedString(got, 'data', 'a'), '1');

    got.data = { a: '2' };
    const updated = await cms.update(got);
    assert.equal(nestedString(updated, 'data', 'a'), '2');
    assert.notEqual(updated.metadata?.resourceVersion, got.metadata?.resourceVersion);

    // Updating with the stale resourceVersion is a conflict.
    await assert.rejects(cms.update(got), (e) => isConflict(e));
    await assert.rejects(
      cms.create(configMap('crud', {})),
      (e) => e instanceof StatusError && e.reason === 'AlreadyExists',
    );
    await assert.rejects(
      cms.create(configMap('Bad_Name', {})),
      (e) => isInvalid(e) && (e as StatusError).causes.length > 0,
    );

    await cms.delete('crud');
    await assert.rejects(
      cms.get('crud'),
      (e) => isNotFound(e) && /configmaps "crud" not found/.test((e as Error).message),
    );
  });

  test('dry-run create does not persist', async (t) => {
    if (await skipIfNoCluster(t)) return;
    const cms = dynamic.resource(configmaps).namespace(ns);
    const dry = await cms.create(configMap('dry', { a: '1' }), { dryRun: true });
    assert.equal(getName(dry), 'dry');
    await assert.rejects(cms.get('dry'), (e) => isNotFound(e));
  });

  test('patch: JSON patch, merge patch, strategic merge patch', async (t) => {
    if (await skipIfNoCluster(t)) return;
    const cms = dynamic.resource(configmaps).namespace(ns);
    await cms.create(configMap('patched', { a: '1' }));
    let o = await cms.patch('patched', 'json', [{ op: 'add', path: '/data/b', value: '2' }]);
    assert.deepEqual(o.data, { a: '1', b: '2' });
    o = await cms.patch('patched', 'merge', { data: { a: null, c: '3' } });
    assert.deepEqual(o.data, { b: '2', c: '3' });
    o = await cms.patch('patched', 'strategic-merge', { metadata: { labels: { tier: 'x' } } });
    assert.equal(getLabels(o).tier, 'x');
    await assert.rejects(
      cms.patch('patched', 'json', [{ op: 'test', path: '/data/b', value: 'nope' }]),
      (e) => e instanceof StatusError,
    );

    const deps = dynamic.resource(deployments).namespace(ns);
    await deps.create(deployment('web', [{ name: 'app', image: 'nginx:1' }]));
    // Strategic merge keys containers by name: adding one keeps the other (a merge patch would replace the list).
    const d = await deps.patch('web', 'strategic-merge', {
      spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } },
    });
    const names = (d.spec as { template: { spec: { containers: Array<{ name: string }> } } }).template.spec.containers
      .map((c) => c.name)
      .sort();
    assert.deepEqual(names, ['app', 'sidecar']);
  });

  test('server-side apply: create, field ownership conflict, force', async (t) => {
    if (await skipIfNoCluster(t)) return;
    const cms = dynamic.resource(configmaps).namespace(ns);
    const applied = await cms.apply('ssa', configMap('ssa', { owner: 'alice' }), { fieldManager: 'alice' });
    assert.equal(nestedString(applied, 'data', 'owner'), 'alice');
    const managers = (applied.metadata?.managedFields ?? []) as Array<{ manager: string; operation: string }>;
    assert.ok(managers.some((m) => m.manager === 'alice' && m.operation === 'Apply'));
    await assert.rejects(cms.apply('ssa', configMap('ssa', { owner: 'bob' }), { fieldManager: 'bob' }), (e) =>
      isConflict(e),
    );
    const forced = await cms.apply('ssa', configMap('ssa', { owner: 'bob' }), { fieldManager: 'bob', force: true });
    assert.equal(nestedString(forced, 'data', 'owner'), 'bob');
    await assert.rejects(cms.apply('ssa', configMap('ssa', {}), { fieldManager: '' }), /fieldManager/);
  });

  test('updateStatus and applyStatus write only the status subresource', async (t) => {
    if (await skipIfNoCluster(t)) return;
    const deps = dynamic.resource(deployments).namespace(ns);
    await deps.create(deployment('status', [{ name: 'app', image: 'nginx:1' }]));
    // The deployment controller writes this status too: on a conflict, read again and retry,
    // as a client of a live cluster must (client-go's retry.RetryOnConflict).
    const s = await retryOnConflict(async () => {
      const d = await deps.get('status');
      d.status = { observedGeneration: 1, replicas: 3 };
      (d.spec as { replicas: number }).replicas = 7; // ignored by the status endpoint
      return deps.updateStatus(d);
    });
    assert.equal((s.status as { replicas: number }).replicas, 3);
    assert.equal((s.spec as { replicas: number }).replicas, 1);
    const a = await deps.applyStatus(
      'status',
      // With replicas too: the controller's own status.replicas (1) would make readyReplicas 2 invalid.
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'status' },
        status: { replicas: 3, readyReplicas: 2 },
      },
      { fieldManager: 'status-test', force: true },
    );
    assert.equal((a.status as { readyReplicas: number }).readyReplicas, 2);
    const scale = await deps.get('status', {}, 'scale');
    assert.equal(scale.kind, 'Scale');
  });

  test('list pages with limit/continue; listAll follows them; label selectors filter', async (t) => {
    if (await skipIfNoCluster(t)) return;
    const cms = dynamic.resource(configmaps).namespace(ns);
    for (let i = 0; i < 7; i++) await cms.create(configMap(`page-${i}`, {}, { set: 'paging' }));
    const first = await cms.list({ labelSelector: 'set=paging', limit: 3 });
    assert.equal(first.items.length, 3);
    assert.ok(first.metadata.continue);
    const second = await cms.list({ labelSelector: 'set=paging', limit: 3, continue: first.metadata.continue });
    assert.equal(second.items.length, 3);
    const all = await cms.listAll({ labelSelector: 'set=paging' }, { pageSize: 2 });
    assert.deepEqual(
      all.items.map(getName).sort(),
      [0, 1, 2, 3, 4, 5, 6].map((i) => `page-${i}`),
    );
    // An expired continue token is a real 410 from the server.
    await assert.rejects(
      cms.list({ limit: 2, continue: expireContinueToken(first.metadata.continue!) }),
      (e) =>
        e instanceof StatusError &&
        e.code === 410 &&
        e.reason === 'Expired' &&
        /continue parameter is too old/.test(e.message),
    );
  });

  test('listAll through the fault proxy: an expired continue token (real 410) falls back to one full list', async (t) => {
    if (await skipIfNoCluster(t)) return;
    const env = clusterEnv(t)!;
    const proxy = await FaultProxy.start({ kubeconfig: env.kubeconfig });
    try {
      const viaProxy = restConfigFromFile(proxy.kubeconfig('admin'), 'admin');
      viaProxy.qps = -1;
      const cms = new DynamicClient(viaProxy).resource(configmaps).namespace(ns);
      const path = new RegExp(`/namespaces/${ns}/configmaps$`);
      const rule = proxy.addRule({ method: 'GET', path, query: { continue: true }, times: 1, fault: { type: 'gone' } });
      const all = await cms.listAll({ labelSelector: 'set=paging' }, { pageSize: 2 });
      assert.equal(rule.hits, 1);
      assert.deepEqual(
        all.items.map(getName).sort(),
        [0, 1, 2, 3, 4, 5, 6].map((i) => `page-${i}`),
      );
      // The fallback is one request without limit/continue.
      const lists = proxy.requests.filter((r) => r.method === 'GET' && path.test(r.path));
      assert.equal(lists[lists.length - 1].query.limit, undefined);
      assert.equal(lists[lists.length - 1].status, 200);
    } finally {
      await proxy.close();
    }
  });

  test('deleteCollection removes only what the selector matches', async (t) => {
    if (await skipIfNoCluster(t)) return;
    const cms = dynamic.resource(configmaps).namespace(ns);
    await cms.create(configMap('dc-1', {}, { sweep: 'yes' }));
    await cms.create(configMap('dc-2', {}, { sweep: 'yes' }));
    await cms.create(configMap('dc-keep', {}, { sweep: 'no' }));
    await cms.deleteCollection({}, { labelSelector: 'sweep=yes' });
    const left = await cms.list({ labelSelector: 'sweep' });
    assert.deepEqual(left.items.map(getName), ['dc-keep']);
  });

  test('delete with preconditions and propagation policy', async (t) => {
    if (await skipIfNoCluster(t)) return;
    const cms = dynamic.resource(configmaps).namespace(ns);
    const o = await cms.create(configMap('pre', {}));
    await assert.rejects(cms.delete('pre', { preconditions: { uid: '00000000-0000-0000-0000-000000000000' } }), (e) =>
      isConflict(e),
    );
    await cms.delete('pre', { preconditions: { uid: o.metadata!.uid! }, propagationPolicy: 'Background' });
    await assert.rejects(cms.get('pre'), (e) => isNotFound(e));
  });

  test('watch streams ADDED/MODIFIED/DELETED from a resourceVersion; a too-old version is 410', async (t) => {
    if (await skipIfNoCluster(t)) return;
    const cms = dynamic.resource(configmaps).namespace(ns);
    const list = await cms.list({ labelSelector: 'set=watch' });
    const stream = await cms.watch({
      labelSelector: 'set=watch',
      resourceVersion: list.metadata.resourceVersion,
      allowWatchBookmarks: true,
    });
    const seen: string[] = [];
    const done = (async () => {
      for await (const ev of stream) {
        if (ev.type === 'BOOKMARK') continue;
        seen.push(`${ev.type} ${getName(ev.object)}`);
        if (ev.type === 'DELETED') break;
      }
    })();
    const o = await cms.create(configMap('w', { v: '1' }, { set: 'watch' }));
    o.data = { v: '2' };
    await cms.update(o);
    await cms.delete('w');
    await done;
    stream.stop();
    assert.deepEqual(seen, ['ADDED w', 'MODIFIED w', 'DELETED w']);

    const old = await cms.watch({ resourceVersion: '1' });
    await assert.rejects(
      (async () => {
        for await (const ev of old) void ev;
      })(),
      (e) => e instanceof StatusError && e.code === 410 && /too old resource version/.test(e.message),
    );
  });

  test('cluster-scoped resources and RBAC: the restricted user gets a real 403', async (t) => {
    if (await skipIfNoCluster(t)) return;
    const nsList = await dynamic.resource(namespaces).list();
    assert.ok(nsList.items.some((n) => getName(n) === ns));
    const env = clusterEnv(t)!;
    const restricted = new DynamicClient(restConfigFromFile(env.kubeconfig, 'restricted'));
    await assert.rejects(restricted.resource(configmaps).namespace(ns).list(), (e) => isForbidden(e));
    await assert.rejects(
      restricted.resource(configmaps).namespace('team-a').create(configMap('nope', {})),
      (e) => isForbidden(e) && /cannot create resource "configmaps"/.test((e as Error).message),
    );
  });
});

function deployment(name: string, containers: Array<{ name: string; image: string }>): Unstructured {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers } },
    },
  };
}

/** A continue token is base64 JSON {v, rv, start}; pointing rv at 1 makes the server treat it as expired. */
function expireContinueToken(token: string): string {
  const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { rv: number };
  decoded.rv = 1;
  return Buffer.from(JSON.stringify(decoded)).toString('base64url');
}

async function retryOnConflict<T>(fn: () => Promise<T>, attempts = 10): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (e) {
      if (!isConflict(e) || i >= attempts) throw e;
    }
  }
}
