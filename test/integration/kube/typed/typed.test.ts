// The generated ClientSet against the real API server: typed objects in, typed objects out.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { clusterEnv } from '../../../cluster/env';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { ClientSet, type appsV1, type coreV1 } from '../../../../kube/typed';
import { isNotFound } from '../../../../kube/rest/errors';
import { Informer } from '../../../../kube/cache';

describe('typed ClientSet against the real API server', () => {
  const ns = `typed-${process.pid}`;
  let setup: Promise<ClientSet> | undefined;

  async function connect(t: TestContext): Promise<ClientSet | undefined> {
    const env = clusterEnv(t);
    if (!env) return undefined;
    setup ??= (async () => {
      const config = restConfigFromFile(env.kubeconfig, 'admin');
      config.qps = -1;
      const cs = new ClientSet(config);
      await cs
        .coreV1()
        .namespaces()
        .create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      return cs;
    })();
    return setup;
  }

  after(async () => {
    if (setup)
      await (
        await setup
      )
        .coreV1()
        .namespaces()
        .delete(ns)
        .catch(() => undefined);
  });

  test('coreV1 pods and configMaps: create, list, get, patch, delete', async (t) => {
    const cs = await connect(t);
    if (!cs) return;
    const pod: coreV1.Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] },
    };
    const created = await cs.coreV1().pods(ns).create(pod);
    assert.equal(created.spec?.containers[0].image, 'nginx:1.27');
    assert.equal(created.status?.phase, 'Pending');
    const list: coreV1.PodList = await cs.coreV1().pods(ns).list({ labelSelector: 'app=web' });
    assert.deepEqual(
      list.items.map((p) => p.metadata?.name),
      ['web'],
    );
    const all = await cs
      .coreV1()
      .pods('')
      .list({ fieldSelector: `metadata.namespace=${ns}` });
    assert.equal(all.items.length, 1);

    const cm = await cs
      .coreV1()
      .configMaps(ns)
      .create({ metadata: { name: 'settings' }, data: { mode: 'fast' } });
    assert.equal(cm.data?.mode, 'fast');
    const patched = await cs
      .coreV1()
      .configMaps(ns)
      .patch('settings', 'merge', { data: { mode: 'safe' } });
    assert.equal(patched.data?.mode, 'safe');
    await cs.coreV1().configMaps(ns).delete('settings');
    await assert.rejects(cs.coreV1().configMaps(ns).get('settings'), (e) => isNotFound(e));
  });

  test('appsV1 deployments: server-side apply and the scale subresource', async (t) => {
    const cs = await connect(t);
    if (!cs) return;
    const intent: appsV1.Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'api', namespace: ns },
      spec: {
        replicas: 2,
        selector: { matchLabels: { app: 'api' } },
        template: { metadata: { labels: { app: 'api' } }, spec: { containers: [{ name: 'api', image: 'busybox:1' }] } },
      },
    };
    const applied = await cs.appsV1().deployments(ns).apply('api', intent, { fieldManager: 'typed-test' });
    assert.equal(applied.spec?.replicas, 2);
    // Defaults come back typed from the server.
    assert.equal(applied.spec?.strategy?.type, 'RollingUpdate');
    const scale = (await cs.appsV1().deployments(ns).get('api', {}, 'scale')) as unknown as {
      spec: { replicas: number };
    };
    assert.equal(scale.spec.replicas, 2);
  });

  test('a typed informer: coreV1 services listed and watched into the cache', async (t) => {
    const cs = await connect(t);
    if (!cs) return;
    const informer = new Informer<coreV1.Service>(cs.coreV1().services(ns).listWatcher(), {
      backoff: { initialMs: 50 },
    });
    const added: string[] = [];
    informer.addEventHandler({ onAdd: (svc) => added.push(`${svc.metadata?.name}:${svc.spec?.ports?.[0]?.port}`) });
    informer.start();
    try {
      assert.equal(await informer.waitForSync(), true);
      await cs
        .coreV1()
        .services(ns)
        .create({ metadata: { name: 'api' }, spec: { ports: [{ port: 8443, targetPort: 8443 }] } });
      for (let i = 0; i < 600 && !added.includes('api:8443'); i++) await new Promise((r) => setTimeout(r, 50));
      assert.ok(added.includes('api:8443'), `events: ${added.join(', ')}`);
      assert.equal(informer.getByKey(`${ns}/api`)?.spec?.type, 'ClusterIP');
    } finally {
      await informer.stop();
    }
  });

  test('cluster-scoped clients: namespaces, rbacV1 clusterRoles, apiextensionsV1 CRDs', async (t) => {
    const cs = await connect(t);
    if (!cs) return;
    const me = await cs.coreV1().namespaces().get(ns);
    assert.equal(me.status?.phase, 'Active');
    const roles = await cs.rbacV1().clusterRoles().list({ limit: 500 });
    assert.ok(roles.items.some((r) => r.metadata?.name === 'cluster-admin'));
    const admin = roles.items.find((r) => r.metadata?.name === 'cluster-admin')!;
    assert.deepEqual(admin.rules?.[0].verbs, ['*']);
    const crds = await cs.apiextensionsV1().customResourceDefinitions().list();
    assert.ok(Array.isArray(crds.items));
  });
});
