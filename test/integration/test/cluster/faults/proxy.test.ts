/**
 * The fault proxy against the real test cluster: every fault, observed from a plain HTTPS
 * client that verifies the proxy with the cluster CA and authenticates as the kubeconfig says.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findClusterEnv, type ClusterEnv } from '../../../../cluster/env';
import { FaultProxy, withoutTable } from '../../../../cluster/faults/proxy';
import { runKubectl } from '../../../../cluster/kubectl';
import { credsFrom, request, type Creds } from '../../../../cluster/rawRequest';

type PartialError = Error & { partialBody?: string; status?: number; code?: string };

describe('fault proxy in front of the real API server', () => {
  let env: ClusterEnv | undefined;
  let proxy: FaultProxy;
  let admin: Creds;
  let direct: Creds;
  const ns = `faults-${process.pid}`;

  before(async () => {
    env = findClusterEnv(); // throws under CI=true when the cluster is missing
    if (!env) return;
    proxy = await FaultProxy.start({ kubeconfig: env.kubeconfig });
    admin = credsFrom(proxy.kubeconfig('admin'), 'admin');
    direct = credsFrom(env.kubeconfig, 'admin');
    const created = await request(direct, '/api/v1/namespaces', {
      method: 'POST',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } },
    });
    assert.equal(created.status, 201, created.body);
    for (const name of ['one', 'two', 'three']) {
      const cm = await request(direct, `/api/v1/namespaces/${ns}/configmaps`, {
        method: 'POST',
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: name.repeat(50) } },
      });
      assert.equal(cm.status, 201, cm.body);
    }
  });

  after(async () => {
    if (!env) return;
    await request(direct, `/api/v1/namespaces/${ns}`, { method: 'DELETE' }).catch(() => undefined);
    await proxy.close();
  });

  const skipIfNoCluster = (t: import('node:test').TestContext) => {
    if (!env) t.skip('KUBESENSE_TEST_KUBECONFIG is not set; run through with-cluster or npm test');
    else proxy.clearRules();
    return !env;
  };

  test('forwards requests with the client’s credentials and records them', async (t) => {
    if (skipIfNoCluster(t)) return;
    proxy.clearRequests();
    const res = await request(admin, `/api/v1/namespaces/${ns}/configmaps?limit=2`);
    assert.equal(res.status, 200);
    assert.equal(JSON.parse(res.body).items.length, 2);
    assert.equal(proxy.count({ method: 'GET', path: `/api/v1/namespaces/${ns}/configmaps` }), 1);
    assert.deepEqual(proxy.requests.at(-1), {
      method: 'GET',
      path: `/api/v1/namespaces/${ns}/configmaps`,
      query: { limit: '2' },
      status: 200,
      upstreamStatus: 200,
      userAgent: undefined,
    });
  });

  test('the restricted token gets the server’s real 403 through the proxy', async (t) => {
    if (skipIfNoCluster(t)) return;
    const restricted = credsFrom(proxy.kubeconfig('restricted'), 'restricted');
    const res = await request(restricted, '/api/v1/namespaces/kube-system/pods');
    assert.equal(res.status, 403);
    const status = JSON.parse(res.body);
    assert.equal(status.reason, 'Forbidden');
    assert.match(status.message, /User "kubesense-restricted" cannot list resource "pods"/);
    const allowed = await request(restricted, '/api/v1/namespaces/team-a/configmaps');
    assert.equal(allowed.status, 200);
  });

  test('a client certificate is verified and mapped to the same identity upstream', async (t) => {
    if (skipIfNoCluster(t)) return;
    const certUser = credsFrom(proxy.kubeconfig('cert-user'), 'cert-user');
    assert.ok(certUser.cert && !certUser.token);
    const res = await request(certUser, '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      method: 'POST',
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    assert.equal(res.status, 201, res.body);
    assert.equal(JSON.parse(res.body).status.userInfo.username, 'kubesense-cert-user');
  });

  test('kubectl works through the proxy kubeconfig (TLS verified with the cluster CA)', async (t) => {
    if (skipIfNoCluster(t)) return;
    proxy.clearRequests();
    // Every namespace also has the cluster's kube-root-ca.crt (root-ca-certificate-publisher).
    const res = await runKubectl(
      ['get', 'configmaps', '-n', ns, '-o', 'name', '--field-selector=metadata.name!=kube-root-ca.crt'],
      {
        kubeconfig: proxy.kubeconfig('admin'),
      },
    );
    assert.equal(res.code, 0, res.stderr);
    assert.deepEqual(res.stdout.trim().split('\n').sort(), ['configmap/one', 'configmap/three', 'configmap/two']);
    assert.ok(proxy.count({ path: `/api/v1/namespaces/${ns}/configmaps` }) >= 1);
  });

  test('429 with Retry-After, shaped like the priority-and-fairness filter, for `times` requests', async (t) => {
    if (skipIfNoCluster(t)) return;
    const rule = proxy.addRule({
      method: 'GET',
      path: `/api/v1/namespaces/${ns}/configmaps`,
      times: 2,
      fault: { type: 'status', code: 429, retryAfterSeconds: 3 },
    });
    for (let i = 0; i < 2; i++) {
      const res = await request(admin, `/api/v1/namespaces/${ns}/configmaps`);
      assert.equal(res.status, 429);
      assert.equal(res.headers['retry-after'], '3');
      assert.equal(res.headers['content-type'], 'text/plain; charset=utf-8');
      assert.equal(res.body, 'Too many requests, please try again later.\n');
    }
    const third = await request(admin, `/api/v1/namespaces/${ns}/configmaps`);
    assert.equal(third.status, 200);
    await proxy.waitForRequests({ path: `/api/v1/namespaces/${ns}/configmaps`, status: 200 }, 1);
    assert.equal(rule.hits, 2);
    assert.equal(proxy.count({ path: `/api/v1/namespaces/${ns}/configmaps`, status: 429 }) >= 2, true);
  });

  test('500 and 503 are metav1.Status objects with the same shape the server writes', async (t) => {
    if (skipIfNoCluster(t)) return;
    // A real Status from the server, for its field layout.
    const real = await request(admin, `/api/v1/namespaces/${ns}/configmaps/does-not-exist`);
    assert.equal(real.status, 404);
    const realKeys = Object.keys(JSON.parse(real.body)).filter((k) => k !== 'details');

    proxy.addRule({ path: /\/configmaps\/one$/, fault: { type: 'status', code: 500, message: 'etcd is sad' } });
    const internal = await request(admin, `/api/v1/namespaces/${ns}/configmaps/one`);
    assert.equal(internal.status, 500);
    const status = JSON.parse(internal.body);
    assert.deepEqual(
      Object.keys(status).filter((k) => k !== 'details'),
      realKeys,
    );
    assert.equal(status.reason, 'InternalError');
    assert.equal(status.message, 'Internal error occurred: etcd is sad');
    assert.deepEqual(status.details, { causes: [{ message: 'etcd is sad' }] });

    proxy.addRule({ path: /\/configmaps\/one$/, fault: { type: 'status', code: 503, retryAfterSeconds: 1 } });
    const unavailable = await request(admin, `/api/v1/namespaces/${ns}/configmaps/one`);
    assert.equal(unavailable.status, 503);
    assert.equal(unavailable.headers['retry-after'], '1');
    assert.equal(JSON.parse(unavailable.body).reason, 'ServiceUnavailable');

    const after = await request(admin, `/api/v1/namespaces/${ns}/configmaps/one`);
    assert.equal(after.status, 200);
  });

  test('reset before forwarding: the server never sees the request', async (t) => {
    if (skipIfNoCluster(t)) return;
    proxy.clearRequests();
    proxy.addRule({ method: 'POST', fault: { type: 'reset', when: 'before-forward' } });
    await assert.rejects(
      request(admin, `/api/v1/namespaces/${ns}/configmaps`, {
        method: 'POST',
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'never' } },
      }),
      (err: PartialError) => ['ECONNRESET', 'EPIPE'].includes(err.code ?? '') || /socket hang up/.test(err.message),
    );
    const get = await request(direct, `/api/v1/namespaces/${ns}/configmaps/never`);
    assert.equal(get.status, 404);
    const rec = proxy.requests.find((r) => r.method === 'POST');
    assert.equal(rec?.status, 0);
    assert.equal(rec?.upstreamStatus, undefined);
  });

  test('reset before headers: the server did the work, the client lost the reply', async (t) => {
    if (skipIfNoCluster(t)) return;
    proxy.addRule({ method: 'POST', fault: { type: 'reset', when: 'before-headers' } });
    await assert.rejects(
      request(admin, `/api/v1/namespaces/${ns}/configmaps`, {
        method: 'POST',
        body: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'lost-reply' } },
      }),
    );
    const get = await request(direct, `/api/v1/namespaces/${ns}/configmaps/lost-reply`);
    assert.equal(get.status, 200, 'the create reached the server');
  });

  test('reset after headers and some body bytes', async (t) => {
    if (skipIfNoCluster(t)) return;
    proxy.addRule({
      path: `/api/v1/namespaces/${ns}/configmaps`,
      fault: { type: 'reset', when: 'after-headers', afterBytes: 10 },
    });
    let status: number | undefined;
    await assert.rejects(
      request(admin, `/api/v1/namespaces/${ns}/configmaps`, { onHeaders: (s) => (status = s) }),
      (err: PartialError) => {
        assert.equal(err.partialBody, '{"kind":"C');
        return true;
      },
    );
    assert.equal(status, 200);
  });

  test('stall: headers, then silence until the client gives up', async (t) => {
    if (skipIfNoCluster(t)) return;
    proxy.addRule({ path: `/api/v1/namespaces/${ns}/configmaps`, fault: { type: 'stall', afterBytes: 5 } });
    await assert.rejects(
      // Long enough for the first bytes to come through on a loaded machine.
      request(admin, `/api/v1/namespaces/${ns}/configmaps`, { timeoutMs: 10_000 }),
      (err: PartialError) => {
        assert.match(err.message, /client timeout|aborted/);
        assert.equal(err.partialBody, '{"kin');
        return true;
      },
    );
  });

  test('slow: the body arrives complete, in small pieces', async (t) => {
    if (skipIfNoCluster(t)) return;
    const normal = await request(admin, `/api/v1/namespaces/${ns}/configmaps/one`);
    proxy.addRule({
      path: `/api/v1/namespaces/${ns}/configmaps/one`,
      fault: { type: 'slow', delayMs: 5, chunkBytes: 100 },
    });
    const slow = await request(admin, `/api/v1/namespaces/${ns}/configmaps/one`);
    assert.equal(slow.status, 200);
    assert.equal(slow.body, normal.body);
    assert.ok(slow.chunks >= Math.floor(normal.body.length / 100), `${slow.chunks} chunks`);
  });

  test('query matching: a watch-only rule leaves plain lists alone', async (t) => {
    if (skipIfNoCluster(t)) return;
    const rule = proxy.addRule({ query: { watch: 'true' }, times: Infinity, fault: { type: 'status', code: 500 } });
    const list = await request(admin, `/api/v1/namespaces/${ns}/configmaps`);
    assert.equal(list.status, 200);
    assert.equal(rule.hits, 0);
    const watch = await request(admin, `/api/v1/namespaces/${ns}/configmaps?watch=true`);
    assert.equal(watch.status, 500);
    assert.equal(rule.hits, 1);
  });

  const watchPath = () => `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=0&labelSelector=`;
  const events = (body: string) =>
    body
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });

  test('cut-watch: the stream dies after N complete events', async (t) => {
    if (skipIfNoCluster(t)) return;
    proxy.addRule({ query: { watch: 'true' }, fault: { type: 'cut-watch', afterEvents: 2 } });
    await assert.rejects(request(admin, watchPath()), (err: PartialError) => {
      assert.ok(err.partialBody!.endsWith('\n'));
      const got = events(err.partialBody!);
      assert.equal(got.length, 2);
      assert.ok(got.every((e) => e.type === 'ADDED'));
      return true;
    });
  });

  test('cut-watch mid-event: the last line is half a JSON object', async (t) => {
    if (skipIfNoCluster(t)) return;
    proxy.addRule({ query: { watch: 'true' }, fault: { type: 'cut-watch', afterEvents: 1, midEvent: true } });
    await assert.rejects(request(admin, watchPath()), (err: PartialError) => {
      const lines = err.partialBody!.split('\n');
      assert.equal(lines.length, 2);
      assert.equal(JSON.parse(lines[0]).type, 'ADDED');
      assert.ok(lines[1].length > 0);
      assert.throws(() => JSON.parse(lines[1]));
      return true;
    });
  });

  test('cut-watch graceful: the server-side end of a watch after N events', async (t) => {
    if (skipIfNoCluster(t)) return;
    proxy.addRule({ query: { watch: 'true' }, fault: { type: 'cut-watch', afterEvents: 3, graceful: true } });
    const res = await request(admin, watchPath());
    assert.equal(res.status, 200);
    const got = events(res.body);
    assert.equal(got.length, 3);
    assert.ok(got.every((e) => e.type === 'ADDED'));
  });

  test('gone on watch: the server’s own 410 Expired error event', async (t) => {
    if (skipIfNoCluster(t)) return;
    const list = await request(admin, `/api/v1/namespaces/${ns}/configmaps`);
    const rv = JSON.parse(list.body).metadata.resourceVersion as string;
    proxy.addRule({ query: { watch: 'true' }, fault: { type: 'gone' } });
    const res = await request(admin, `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=${rv}`, {
      timeoutMs: 10_000,
    });
    assert.equal(res.status, 200);
    const [event] = events(res.body) as unknown as { type: string; object: Record<string, unknown> }[];
    assert.equal(event.type, 'ERROR');
    assert.equal(event.object.kind, 'Status');
    assert.equal(event.object.code, 410);
    assert.equal(event.object.reason, 'Expired');
    assert.match(event.object.message as string, /^too old resource version: 1 \(\d+\)$/);
  });

  test('gone on a list continue: the server’s own 410 for an expired continue token', async (t) => {
    if (skipIfNoCluster(t)) return;
    const first = await request(admin, `/api/v1/namespaces/${ns}/configmaps?limit=1`);
    const token = JSON.parse(first.body).metadata.continue as string;
    assert.ok(token);
    proxy.addRule({ query: { continue: true }, fault: { type: 'gone' } });
    const res = await request(
      admin,
      `/api/v1/namespaces/${ns}/configmaps?limit=1&continue=${encodeURIComponent(token)}`,
    );
    assert.equal(res.status, 410, res.body);
    const status = JSON.parse(res.body);
    assert.equal(status.kind, 'Status');
    assert.equal(status.reason, 'Expired');
    assert.equal(status.code, 410);
    // The same token, without the fault, still works.
    const retry = await request(
      admin,
      `/api/v1/namespaces/${ns}/configmaps?limit=1&continue=${encodeURIComponent(token)}`,
    );
    assert.equal(retry.status, 200);
  });

  test('expired token: the server’s own 401, once', async (t) => {
    if (skipIfNoCluster(t)) return;
    proxy.addRule({ fault: { type: 'expired-token' } });
    const res = await request(admin, `/api/v1/namespaces/${ns}/configmaps`);
    assert.equal(res.status, 401);
    assert.deepEqual(JSON.parse(res.body), {
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Unauthorized',
      reason: 'Unauthorized',
      code: 401,
    });
    const next = await request(admin, `/api/v1/namespaces/${ns}/configmaps`);
    assert.equal(next.status, 200);
  });

  test('no-table: the server answers a Table request with the plain list, as one without Tables would', async (t) => {
    if (skipIfNoCluster(t)) return;
    // kubectl's Accept for `get`: Table first, plain JSON as the fallback.
    const accept =
      'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';
    const path = `/api/v1/namespaces/${ns}/configmaps`;
    const table = await request(admin, path, { headers: { accept } });
    assert.equal(JSON.parse(table.body).kind, 'Table');
    const rule = proxy.addRule({ path, fault: { type: 'no-table' } });
    const plain = await request(admin, path, { headers: { accept } });
    assert.equal(plain.status, 200);
    const list = JSON.parse(plain.body);
    assert.equal(list.kind, 'ConfigMapList');
    // Other tests add objects to this namespace; the three made in `before` must be there.
    const names = list.items.map((i: { metadata: { name: string } }) => i.metadata.name);
    for (const name of ['one', 'two', 'three']) assert.ok(names.includes(name), `${name} in ${names.join(', ')}`);
    assert.equal(rule.hits, 1);
    // Only the Table ranges go; a request with none left asks for JSON.
    assert.equal(withoutTable(accept), 'application/json');
    assert.equal(withoutTable('application/json;as=Table;v=v1;g=meta.k8s.io'), 'application/json');
    assert.equal(withoutTable('application/yaml, application/json'), 'application/yaml,application/json');
  });

  test('anonymous: the server’s own 403 for a client without credentials, on /openapi/v3 too', async (t) => {
    if (skipIfNoCluster(t)) return;
    assert.equal((await request(admin, '/openapi/v3')).status, 200);
    const rule = proxy.addRule({ path: /^\/openapi\//, times: Infinity, fault: { type: 'anonymous' } });
    const res = await request(admin, '/openapi/v3');
    assert.equal(res.status, 403);
    const status = JSON.parse(res.body) as { reason: string; message: string };
    assert.equal(status.reason, 'Forbidden');
    assert.match(status.message, /User "system:anonymous" cannot get path "\/openapi\/v3"/);
    assert.equal(proxy.requests.at(-1)?.upstreamStatus, 403);
    rule.remove();
    assert.equal((await request(admin, '/openapi/v3')).status, 200);
  });

  test('not-served: the server’s own 404, as from a server without OpenAPI v3', async (t) => {
    if (skipIfNoCluster(t)) return;
    const rule = proxy.addRule({ path: /^\/openapi\/v3/, times: Infinity, fault: { type: 'not-served' } });
    const res = await request(admin, '/openapi/v3');
    assert.equal(res.status, 404);
    assert.equal(proxy.requests.at(-1)?.upstreamStatus, 404);
    assert.equal(proxy.requests.at(-1)?.path, '/openapi/v3', 'recorded as the client asked');
    rule.remove();
    assert.equal((await request(admin, '/openapi/v3')).status, 200);
  });

  test('skip lets the first matching requests through', async (t) => {
    if (skipIfNoCluster(t)) return;
    const rule = proxy.addRule({
      path: `/api/v1/namespaces/${ns}/configmaps/two`,
      skip: 1,
      fault: { type: 'status', code: 503 },
    });
    assert.equal((await request(admin, `/api/v1/namespaces/${ns}/configmaps/two`)).status, 200);
    assert.equal((await request(admin, `/api/v1/namespaces/${ns}/configmaps/two`)).status, 503);
    assert.equal((await request(admin, `/api/v1/namespaces/${ns}/configmaps/two`)).status, 200);
    assert.equal(rule.matched, 3);
    assert.equal(rule.hits, 1);
  });
});
