// A folder collapsed, hidden or refreshed while its children are still listing must still answer the tree's
// request: VS Code queues every later refresh of the view behind a pending getChildren, so one request left
// hanging freezes the whole tree (counts stay "0", rows keep their old status while the cluster moves on).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { findClusterEnv, type ClusterEnv } from '../../../cluster/env';
import { seedCluster } from '../../../cluster/seed/seed';
import type { ExplorerModel, ExplorerNode } from '../../../../client/src/model/explorer';
import { expand, kubectl, labels, openExplorer, viewOf, whenTree, type Harness } from './harness';

const env: ClusterEnv | undefined = findClusterEnv();
const ns = `stopped-${process.pid}`;

/** Settles with the children, or with 'pending' when the request has not answered within `ms`. */
async function answerOf(request: Promise<ExplorerNode[]>, ms = 60_000): Promise<ExplorerNode[] | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Promise<'pending'>((r) => (timer = setTimeout(() => r('pending'), ms)));
  try {
    return await Promise.race([request, pending]);
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `stop` as soon as the request has started a watch (before its first list result can arrive). */
async function stopWhileListing(model: ExplorerModel, before: number, stop: () => void): Promise<void> {
  for (let turn = 0; turn < 10_000 && model.activeWatchCount() <= before; turn++)
    await new Promise((r) => setImmediate(r));
  assert.ok(model.activeWatchCount() > before, 'the request started its watch');
  stop();
}

describe(
  'explorer: folders stopped while listing',
  { skip: env ? false : 'KUBESENSE_TEST_KUBECONFIG not set (run through with-cluster or npm test)' },
  () => {
    let h: Harness;
    const kc = env?.kubeconfig ?? '';

    before(async () => {
      if (process.env.KUBESENSE_TEST_SEEDED !== '1') await seedCluster(kc);
      await kubectl(kc, ['create', 'namespace', ns]);
      await kubectl(kc, ['-n', ns, 'create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=1']);
    });
    after(async () => {
      h?.dispose();
      closeIdleConnections();
      await kubectl(kc, ['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
    });

    test('hiding the view while a context lists answers, and showing it again counts what kubectl lists', async () => {
      h = openExplorer([kc]);
      const admin = (await h.model.children()).find((n) => h.model.view(n).label === 'admin')!;
      const request = h.model.children(admin);
      await stopWhileListing(h.model, 0, () => h.model.stopAll());
      assert.notEqual(await answerOf(request), 'pending', 'the context answered after the view was hidden');
      // The empty answer is followed by a refresh of the context: VS Code folds a refresh asked while its request
      // is pending into that request, so only one asked after the answer makes it ask again.
      let refreshedAfterAnswer = false;
      const sub = h.model.onDidChange((n) => (refreshedAfterAnswer ||= n?.id === admin.id));
      try {
        await whenTree(
          h.model,
          async () => (refreshedAfterAnswer ? true : undefined),
          'a refresh of the context',
          5_000,
        );
      } finally {
        sub.dispose();
      }
      assert.equal(h.model.activeWatchCount(), 0, 'nothing is watched while the view is hidden');

      // Shown again: the tree asks for the context's children; the context-level kinds count the cluster.
      const children = await h.model.children(admin);
      assert.ok(labels(h.model, children).includes(ns));
      const nodes = (await kubectl(kc, ['get', 'nodes', '-o', 'name'])).trim().split('\n').length;
      await whenTree(
        h.model,
        async () => (viewOf(h.model, children, 'Nodes')?.description?.startsWith(`${nodes} ·`) ? true : undefined),
        `Nodes to count ${nodes}`,
      );
    });

    test('collapsing a namespace, a category or a kind while it lists answers; expanding again is live', async () => {
      const { node: namespace } = await expand(h.model, 'admin', ns);
      const workloads = (await h.model.children(namespace)).find((n) => h.model.view(n).label === 'Workloads')!;

      // The category starts its kinds' lists and waits for their first results.
      let watching = h.model.activeWatchCount();
      let request = h.model.children(workloads);
      await stopWhileListing(h.model, watching, () => h.model.collapsed(namespace));
      assert.notEqual(await answerOf(request), 'pending', 'Workloads answered after its namespace was collapsed');

      const kinds = await h.model.children(workloads);
      const deployments = kinds.find((n) => h.model.view(n).label === 'Deployments')!;
      assert.ok(deployments, labels(h.model, kinds).join(', '));
      // A kind refreshed while it lists (Refresh restarts its own list).
      h.model.refresh(deployments);
      watching = h.model.activeWatchCount();
      request = h.model.children(deployments);
      await stopWhileListing(h.model, watching, () => h.model.refresh(deployments));
      assert.notEqual(await answerOf(request), 'pending', 'Deployments answered after a refresh');

      // Expanded again: the row follows kubectl's scale.
      const rows = await h.model.children(deployments);
      assert.deepEqual(labels(h.model, rows), ['web']);
      await kubectl(kc, ['-n', ns, 'scale', 'deployment', 'web', '--replicas=3']);
      await whenTree(
        h.model,
        async () => {
          const row = viewOf(h.model, await h.model.children(deployments), 'web');
          return row?.description?.includes('3/3 ready') ? true : undefined;
        },
        'web to show 3/3 ready',
        60_000,
      );
    });

    test('a namespace picker asked while the namespaces list starts gets the names when the list is stopped', async () => {
      const admin = (await h.model.children()).find((n) => h.model.view(n).label === 'admin')!;
      h.model.collapsed(admin);
      const watching = h.model.activeWatchCount();
      const request = h.model.children(admin);
      let names: Promise<string[]> | undefined;
      await stopWhileListing(h.model, watching, () => {
        names = h.model.namespaceNames('admin');
        h.model.collapsed(admin);
      });
      const answered = await answerOf(names!.then(() => [] as ExplorerNode[]));
      assert.notEqual(answered, 'pending', 'the picker got its namespaces');
      assert.ok((await names!).includes(ns), 'the names come from a list request instead');
      assert.notEqual(await answerOf(request), 'pending');
    });

    test('a context-level kind shows no count before its list answers, and none after a 403 (never a stale "0")', async () => {
      const restricted = (await h.model.children()).find((n) => h.model.view(n).label === 'restricted')!;
      const fired = new Set<string | undefined>();
      const sub = h.model.onDidChange((n) => fired.add(n?.id));
      try {
        const children = await h.model.children(restricted);
        const nodes = children.find((n) => h.model.view(n).label === 'Nodes')!;
        // The restricted user may not list nodes: the list answers 403 and stops.
        assert.doesNotMatch(h.model.view(nodes).description ?? '', /^\d+ ·/, 'no count before the list answered');
        await whenTree(h.model, async () => (fired.has(nodes.id) ? true : undefined), 'the Nodes folder re-rendered');
        assert.equal(h.model.view(nodes).description, 'v1', 'no count for a list that was refused');
        // An allowed list that answers gets its count (admin's Nodes, as kubectl counts them).
        const admin = (await h.model.children()).find((n) => h.model.view(n).label === 'admin')!;
        const adminNodes = (await h.model.children(admin)).find((n) => h.model.view(n).label === 'Nodes')!;
        const count = (await kubectl(kc, ['get', 'nodes', '-o', 'name'])).trim().split('\n').length;
        await whenTree(
          h.model,
          async () => (h.model.view(adminNodes).description === `${count} · v1` ? true : undefined),
          `admin's Nodes to count ${count}`,
        );
      } finally {
        sub.dispose();
      }
    });
  },
);
