// The tree keeps following the cluster after its view was hidden (another view container shown) and shown
// again, and after its context was collapsed and expanded quickly (lists stopped while loading): hiding stops
// every watch, showing must restart those of the folders still open. Checked against kubectl: a Deployment
// scaled while the tree shows it, and the context-level counts (Nodes, CRDs).
import type { Scenario } from '../harness/runner';
import { waitUntil } from '../harness/wait';
import { timeouts } from '../harness/workbench';
import { requireCluster, type E2eContext } from './context';
import { exact, expandKind, openClustersView } from './explorer';
import { clusterKubectl } from './kubectl';

const name = 'e2e-visible';

export const treeFollowsAfterHide: Scenario<E2eContext> = {
  id: 'hidden-shown',
  name: 'after the view was hidden and shown again, an open Deployment row and the Nodes/CRD counts stay live',
  timeoutMs: 180_000,
  async run(ctx) {
    const kubeconfigs = requireCluster(ctx);
    const { workbench } = ctx.session;
    await clusterKubectl(['delete', 'deployment', name, '-n', 'default', '--ignore-not-found']);
    await clusterKubectl(['create', 'deployment', name, '--image=nginx:1.27', '--replicas=1', '-n', 'default']);
    const pane = await openClustersView(workbench);
    const context = kubeconfigs.contexts.current;
    await expandKind(workbench, pane, { context, namespace: 'default', group: 'Workloads', kind: 'Deployments' });
    const row = workbench.treeRow(pane, exact(name), 5);
    const description = async (r = row) => (await r.locator('.label-description').textContent()) ?? '';
    await waitUntil('the tree to show 1/1 ready', async () => /1\/1 ready/.test(await description()), timeouts.cluster);

    // Collapse and expand the context quickly a few times: each collapse stops lists that may still be loading
    // for the fetch the expand started (which must still answer, or every later refresh of the view waits on it).
    const contextRow = workbench.treeRow(pane, exact(context), 1);
    const twistie = contextRow.locator('.monaco-tl-twistie');
    for (let round = 0; round < 6; round++) {
      await twistie.click();
      await twistie.click();
    }
    await workbench.expand(contextRow);
    await row.waitFor({ timeout: timeouts.cluster });

    // Hide the view (the file Explorer takes the side bar), wait past the tree's refresh debounce, show it again.
    await workbench.activityItem('Explorer').click();
    await waitUntil('the Clusters view to be hidden', async () => !(await pane.isVisible()), timeouts.ui);
    await new Promise((r) => setTimeout(r, 1500));
    await workbench.activityItem('Kubernetes').click();
    await pane.waitFor({ timeout: timeouts.ui });
    await row.waitFor({ timeout: timeouts.cluster });

    await clusterKubectl(['scale', 'deployment', name, '-n', 'default', '--replicas=3']);
    await waitUntil(
      'the tree to show 3/3 ready after kubectl scaled the Deployment',
      async () => /3\/3 ready/.test(await description()),
      timeouts.cluster,
    );
    // Context-level kinds count what kubectl lists (never a stopped list's "0").
    for (const [label, resource] of [
      ['Nodes', 'nodes'],
      ['Custom Resource Definitions', 'customresourcedefinitions'],
    ] as const) {
      const count = (await clusterKubectl(['get', resource, '-o', 'name'])).trim().split('\n').filter(Boolean).length;
      const kindRow = workbench.treeRow(pane, exact(label), 2);
      await waitUntil(
        `${label} to show ${count}`,
        async () => (await description(kindRow)).startsWith(`${count} ·`),
        timeouts.cluster,
      );
    }
    await ctx.screenshot('tree live after the view was hidden and shown');
    await clusterKubectl(['delete', 'deployment', name, '-n', 'default', '--wait=false']);
  },
};
