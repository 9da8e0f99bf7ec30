/**
 * The test cluster's own promises: the APIs kubesense relies on are served as a real cluster
 * serves them, the missing kubelet/controllers don't get in the way, startup failures are loud.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { clusterEnv } from '../../../cluster/env';
import { credsFrom, request } from '../../../cluster/rawRequest';
import { startCluster } from '../../../cluster/cluster';

const aggregatedAccept = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json';

test('aggregated discovery (apidiscovery.k8s.io/v2) is served for /api and /apis', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const admin = credsFrom(env.kubeconfig, 'admin');
  for (const path of ['/api', '/apis']) {
    const res = await request(admin, path, { headers: { Accept: aggregatedAccept } });
    assert.equal(res.status, 200);
    assert.match(String(res.headers['content-type']), /g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList/);
    const list = JSON.parse(res.body) as {
      kind: string;
      items: { metadata: { name?: string }; versions: { version: string }[] }[];
    };
    assert.equal(list.kind, 'APIGroupDiscoveryList');
    const groups = list.items.map((g) => g.metadata.name);
    if (path === '/apis') {
      for (const g of ['apps', 'batch', 'apiextensions.k8s.io', 'rbac.authorization.k8s.io'])
        assert.ok(groups.includes(g), g);
    } else {
      // The core group has no name.
      assert.deepEqual(groups, [undefined]);
      assert.equal(list.items[0].versions[0].version, 'v1');
    }
  }
});

test('OpenAPI v2 and v3 are served, v3 with hashed per-group-version URLs', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const admin = credsFrom(env.kubeconfig, 'admin');
  const v2 = await request(admin, '/openapi/v2', { timeoutMs: 60_000 });
  assert.equal(v2.status, 200);
  assert.equal(JSON.parse(v2.body).swagger, '2.0');
  const v3 = await request(admin, '/openapi/v3');
  assert.equal(v3.status, 200);
  const paths = JSON.parse(v3.body).paths as Record<string, { serverRelativeURL: string }>;
  assert.match(paths['api/v1'].serverRelativeURL, /^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]+$/);
  const apps = await request(admin, paths['apis/apps/v1'].serverRelativeURL);
  assert.equal(apps.status, 200);
  assert.ok(JSON.parse(apps.body).components.schemas['io.k8s.api.apps.v1.Deployment']);
});

test('Pods can be created at once in a new namespace, and their status written', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const admin = credsFrom(env.kubeconfig, 'admin');
  const ns = `cluster-pods-${process.pid}`;
  let res = await request(admin, '/api/v1/namespaces', { method: 'POST', body: { metadata: { name: ns } } });
  assert.equal(res.status, 201, res.body);
  t.after(() => request(admin, `/api/v1/namespaces/${ns}`, { method: 'DELETE' }));
  res = await request(admin, `/api/v1/namespaces/${ns}/pods`, {
    method: 'POST',
    body: { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
  });
  assert.equal(res.status, 201, res.body);
  assert.equal(JSON.parse(res.body).status.phase, 'Pending');
  res = await request(admin, `/api/v1/namespaces/${ns}/pods/p/status`, {
    method: 'PATCH',
    headers: { 'Content-Type': 'application/merge-patch+json' },
    body: { status: { phase: 'Running' } },
  });
  assert.equal(res.status, 200, res.body);
  assert.equal(JSON.parse(res.body).status.phase, 'Running');
});

test('the namespace and service account controllers run: default SA appears, deletion completes', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const admin = credsFrom(env.kubeconfig, 'admin');
  const ns = `cluster-ns-${process.pid}`;
  let res = await request(admin, '/api/v1/namespaces', { method: 'POST', body: { metadata: { name: ns } } });
  assert.equal(res.status, 201, res.body);
  res = await request(admin, `/api/v1/namespaces/${ns}/configmaps`, {
    method: 'POST',
    body: { metadata: { name: 'content' } },
  });
  assert.equal(res.status, 201, res.body);

  const until = async (what: string, check: () => Promise<boolean>) => {
    const deadline = Date.now() + 60_000;
    while (!(await check())) {
      if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  await until('the default ServiceAccount', async () => {
    return (await request(admin, `/api/v1/namespaces/${ns}/serviceaccounts/default`)).status === 200;
  });
  res = await request(admin, `/api/v1/namespaces/${ns}`, { method: 'DELETE' });
  assert.equal(res.status, 200, res.body);
  await until('the namespace to be gone', async () => {
    return (await request(admin, `/api/v1/namespaces/${ns}`)).status === 404;
  });
});

test('a server that cannot start reports its error and log tail', async (t) => {
  const env = clusterEnv(t); // needs the built binary, which the cluster run implies
  if (!env) return;
  await assert.rejects(
    startCluster({ apiserverArgs: ['--authorization-mode=NoSuchMode'], startTimeoutMs: 120_000 }),
    (err: Error) => {
      assert.match(err.message, /test cluster exited during startup \(code 1\)/);
      assert.match(
        err.message,
        /kube-testcluster: failed to start: .*authorization-mode "NoSuchMode" is not a valid mode/,
      );
      assert.match(err.message, /--- last lines of the server log ---/);
      return true;
    },
  );
});

test('the cluster deletes its data on stop', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const cluster = await startCluster();
  assert.ok(fs.existsSync(cluster.kubeconfig));
  const res = await request(credsFrom(cluster.kubeconfig, 'admin'), '/readyz');
  assert.equal(res.status, 200);
  await cluster.stop();
  assert.equal(fs.existsSync(cluster.dir), false);
});

test('kwok is started again on a fresh port when another process took its port; the refusing port stays reserved', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  // The cluster holds the first port it picks for kwok, as another process on a busy machine may: kwok fails to
  // bind it, and the start goes on with another port (before: "kwok exited during startup", a failed test run).
  const cluster = await startCluster({ takeFirstKwokPort: true });
  try {
    assert.match(fs.readFileSync(cluster.logFile, 'utf8'), /kwok could not bind port \d+ \(taken by another process\)/);
    // What port-forward's port 9 reaches refuses connections, and no other process can take it meanwhile.
    const refused = await new Promise<NodeJS.ErrnoException>((resolve, reject) => {
      const socket = net.connect(cluster.closedPort, '127.0.0.1', () => reject(new Error('the closed port accepted')));
      socket.once('error', resolve);
    });
    assert.equal(refused.code, 'ECONNREFUSED');
    const taken = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      const server = net.createServer();
      server.once('error', resolve);
      server.listen(cluster.closedPort, '127.0.0.1', () => server.close(() => resolve(undefined)));
    });
    assert.equal(taken?.code, 'EADDRINUSE');
  } finally {
    await cluster.stop();
  }
});
