// The explorer under faults injected by the fault proxy in front of the real API server: expired
// credentials, dropped watches, 410 Gone, server errors. The tree shows error items and recovers.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { findClusterEnv } from '../../../cluster/env';
import { FaultProxy } from '../../../cluster/faults/proxy';
import type { KindNode } from '../../../../client/src/model/explorer';
import { expand, kubectl, labels, openExplorer, waitUntil, whenTree, type Harness } from './harness';

const env = findClusterEnv();
const ns = `explorer-faults-${process.pid}`;

describe(
  'explorer behind the fault proxy',
  { skip: env ? false : 'KUBESENSE_TEST_KUBECONFIG not set (run through with-cluster or npm test)' },
  () => {
    const kc = env?.kubeconfig ?? '';
    let proxy: FaultProxy;
    let h: Harness;

    before(async () => {
      await kubectl(kc, ['create', 'namespace', ns]);
      proxy = await FaultProxy.start({ kubeconfig: kc });
      // Faults on kinds of an empty namespace: every kind shown, empty or not.
      h = openExplorer([proxy.kubeconfig('admin')], { hideEmptyKinds: false });
    });
    after(async () => {
      h?.dispose();
      closeIdleConnections();
      await proxy?.close();
      await kubectl(kc, ['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
    });

    test('a rejected token (real 401) shows as Unauthorized with Retry; Retry recovers once it is valid', async () => {
      const rule = proxy.addRule({ path: '/api/v1/namespaces', fault: { type: 'expired-token' }, times: Infinity });
      const { node, children } = await expand(h.model, 'admin');
      rule.remove();
      assert.equal(children.length, 1, labels(h.model, children).join(', '));
      const v = h.model.view(children[0]!);
      assert.equal(v.label, 'Unauthorized: the server rejected the credentials');
      assert.equal(v.contextValue, 'kubesense.error.unauthorized');
      assert.ok(rule.hits >= 1);
      h.model.refresh(children[0]);
      const again = await h.model.children(node);
      assert.ok(labels(h.model, again).includes(ns), 'Retry lists the namespaces');
    });

    test('a server error on a kind is an error item on that kind only', async () => {
      const rule = proxy.addRule({
        method: 'GET',
        path: `/api/v1/namespaces/${ns}/secrets`,
        fault: { type: 'status', code: 500, message: 'etcd is sad' },
        times: Infinity,
      });
      const secrets = (await expand(h.model, 'admin', ns, 'Config & Storage', 'Secrets')).children;
      rule.remove();
      assert.equal(secrets.length, 1);
      assert.match(h.model.view(secrets[0]!).label, /^Server error 500: /);
      const configMaps = (await expand(h.model, 'admin', ns, 'Config & Storage', 'ConfigMaps')).children;
      assert.ok(
        configMaps.every((n) => n.type !== 'message' || !n.failure),
        'other kinds are unaffected',
      );
    });

    test('a watch cut mid-stream reconnects from its resourceVersion; later changes arrive without a relist', async () => {
      const path = `/apis/batch/v1/namespaces/${ns}/jobs`;
      const isWatch = { path, query: { watch: 'true' as const } };
      // The first watch after the list dies half-way through its second event.
      const cut = proxy.addRule({ ...isWatch, fault: { type: 'cut-watch', afterEvents: 1, midEvent: true }, times: 1 });
      const { node } = await expand(h.model, 'admin', ns, 'Workloads', 'Jobs');
      const kind = node as KindNode;
      await waitUntil(() => proxy.count(isWatch) >= 1, 'jobs watch opened');
      const listsBefore = proxy.requests.filter((r) => r.path === path && r.query.watch !== 'true').length;
      await kubectl(kc, ['-n', ns, 'create', 'job', 'first', '--image=registry.k8s.io/pause:3.10']);
      await kubectl(kc, ['-n', ns, 'create', 'job', 'second', '--image=registry.k8s.io/pause:3.10']);
      await whenTree(
        h.model,
        async () => {
          const names = labels(h.model, await h.model.children(kind));
          return names.includes('first') && names.includes('second') ? true : undefined;
        },
        'both jobs appear',
      );
      assert.equal(cut.hits, 1);
      assert.ok(proxy.count(isWatch) >= 2, 'the watch was opened again');
      const listsAfter = proxy.requests.filter((r) => r.path === path && r.query.watch !== 'true').length;
      assert.equal(listsAfter, listsBefore, 'resumed from the last resourceVersion, no relist');
      assert.ok(
        proxy.requests
          .filter((r) => r.path === path && r.query.watch === 'true')
          .slice(1)
          .every((r) => r.query.resourceVersion && r.query.resourceVersion !== '0'),
      );
    });

    test('410 Gone on the watch makes the informer relist, and the tree stays correct', async () => {
      const path = `/api/v1/namespaces/${ns}/services`;
      const isWatch = { path, query: { watch: 'true' as const } };
      await kubectl(kc, ['-n', ns, 'create', 'service', 'clusterip', 'before-gone', '--tcp=80:80']);
      const gone = proxy.addRule({ ...isWatch, fault: { type: 'gone' }, times: 1 });
      const { node, children } = await expand(h.model, 'admin', ns, 'Networking', 'Services');
      const kind = node as KindNode;
      assert.ok(labels(h.model, children).includes('before-gone'));
      await waitUntil(() => gone.hits === 1 && proxy.count(isWatch) >= 2, 'watch got 410 and was reopened');
      const lists = proxy.requests.filter((r) => r.path === path && r.query.watch !== 'true').length;
      assert.equal(lists, 2, 'one list, then one relist after 410');
      await kubectl(kc, ['-n', ns, 'create', 'service', 'clusterip', 'after-gone', '--tcp=80:80']);
      await whenTree(
        h.model,
        async () => (labels(h.model, await h.model.children(kind)).includes('after-gone') ? true : undefined),
        'service after-gone appears',
      );
      assert.ok(labels(h.model, await h.model.children(kind)).includes('before-gone'));
    });

    test('without server-side Tables (plain lists and watch events) objects still list, with age, and stay live', async () => {
      const path = `/api/v1/namespaces/${ns}/configmaps`;
      const rule = proxy.addRule({ path, fault: { type: 'no-table' }, times: Infinity });
      // A harness of its own: the shared one already watches ConfigMaps (with Tables) from an earlier test.
      const hp = openExplorer([proxy.kubeconfig('admin')]);
      try {
        await kubectl(kc, ['-n', ns, 'create', 'configmap', 'plain-before', '--from-literal=a=b']);
        const { node, children } = await expand(hp.model, 'admin', ns, 'Config & Storage', 'ConfigMaps');
        const kind = node as KindNode;
        assert.ok(labels(hp.model, children).includes('plain-before'), labels(hp.model, children).join(', '));
        const row = children.find((n) => hp.model.view(n).label === 'plain-before')!;
        assert.match(hp.model.view(row).description ?? '', /\d+[smhd]/, 'age from metadata.creationTimestamp');
        await kubectl(kc, ['-n', ns, 'create', 'configmap', 'plain-after', '--from-literal=a=b']);
        await whenTree(
          hp.model,
          async () => (labels(hp.model, await hp.model.children(kind)).includes('plain-after') ? true : undefined),
          'configmap plain-after appears from a plain watch event',
        );
        assert.ok(
          rule.hits >= 2,
          `list and watch both went without Tables: ${JSON.stringify(proxy.requests.filter((r) => r.path === path))}`,
        );
      } finally {
        hp.dispose();
        rule.remove();
      }
    });

    test('a server that stops answering becomes an error item after the request timeout, not an endless spinner', async () => {
      // The timeout holds for every request of this harness (contexts, namespaces, discovery): long enough for
      // those to answer on a loaded machine, so only the stalled list times out.
      const h2 = openExplorer([proxy.kubeconfig('admin')], { requestTimeoutMs: 10_000 });
      const rule = proxy.addRule({
        method: 'GET',
        path: `/api/v1/namespaces/${ns}/serviceaccounts`,
        fault: { type: 'stall' },
        times: Infinity,
      });
      try {
        const children = (await expand(h2.model, 'admin', ns, 'Access Control', 'ServiceAccounts')).children;
        assert.equal(children.length, 1);
        const v = h2.model.view(children[0]!);
        assert.match(v.label, /^Unreachable: .* \(request timed out\)$/);
        assert.equal(v.command?.command, 'kubesense.explorer.retry');
        rule.remove();
        h2.model.refresh(children[0]);
        const kind = (await expand(h2.model, 'admin', ns, 'Access Control')).children.find(
          (n) => h2.model.view(n).label === 'ServiceAccounts',
        )!;
        assert.ok(
          (await h2.model.children(kind)).every((n) => n.type !== 'message' || !n.failure),
          'Retry lists normally',
        );
      } finally {
        rule.remove();
        h2.dispose();
      }
    });
  },
);
