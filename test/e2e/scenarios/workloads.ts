// Day-2 workload actions from the tree: Scale… (an input box holding the current replicas, keyboard only) and
// Restart (confirmed, then "Follow Rollout" shows kubectl's status lines as progress until rolled out). The
// cluster, read with the reference kubectl, must show the change: 3 replicas, then a second ReplicaSet.
import type { Scenario } from '../harness/runner';
import { waitUntil } from '../harness/wait';
import { timeouts } from '../harness/workbench';
import { requireCluster, type E2eContext } from './context';
import { contextMenu, notification } from './editor';
import { exact, expandKind, openClustersView } from './explorer';
import { clusterKubectl } from './kubectl';

const name = 'e2e-rollout';

export const scaleAndRestart: Scenario<E2eContext> = {
  id: 'scale-restart',
  retries: 1,
  name: 'Scale… and Restart a Deployment from the tree; the cluster shows 3 replicas, then a new ReplicaSet',
  timeoutMs: 180_000,
  async run(ctx) {
    const kubeconfigs = requireCluster(ctx);
    const { workbench } = ctx.session;
    const page = workbench.page;
    await clusterKubectl(['delete', 'deployment', name, '-n', 'default', '--ignore-not-found']);
    await clusterKubectl(['create', 'deployment', name, '--image=nginx:1.27', '--replicas=1', '-n', 'default']);
    const pane = await openClustersView(workbench);
    await expandKind(workbench, pane, {
      context: kubeconfigs.contexts.current,
      namespace: 'default',
      group: 'Workloads',
      kind: 'Deployments',
    });
    const row = workbench.treeRow(pane, exact(name), 5);
    await row.waitFor({ timeout: timeouts.cluster });

    await contextMenu(workbench, row, 'Scale…');
    const box = page.locator('.quick-input-widget .quick-input-box input');
    await box.waitFor({ timeout: timeouts.ui });
    await waitUntil('the box to hold the current replicas', async () => (await box.inputValue()) === '1', timeouts.ui);
    // The value is selected: typing replaces it; Enter scales.
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await notification(workbench, `deployment.apps/${name} scaled to 3`).waitFor({ timeout: timeouts.cluster });
    await waitUntil(
      'kubectl to see 3 replicas',
      async () =>
        (await clusterKubectl(['get', 'deployment', name, '-n', 'default', '-o', 'jsonpath={.spec.replicas}'])) === '3',
      timeouts.cluster,
    );
    await waitUntil(
      'the tree to show 3/3 ready',
      async () => /3\/3 ready/.test((await row.locator('.label-description').textContent()) ?? ''),
      timeouts.cluster,
    );
    await ctx.screenshot('scaled to 3 from the tree');

    await contextMenu(workbench, row, 'Restart (Rollout Restart)…');
    const confirm = page.locator('.monaco-dialog-box .monaco-button', { hasText: /^Restart$/ }).first();
    await confirm.waitFor({ timeout: timeouts.ui });
    await confirm.click();
    const restarted = notification(workbench, `deployment.apps/${name} restarted`);
    await restarted.waitFor({ timeout: timeouts.cluster });
    await restarted.locator('.monaco-button', { hasText: 'Follow Rollout' }).first().click();
    await notification(workbench, `deployment "${name}" successfully rolled out`).waitFor({ timeout: 90_000 });
    await ctx.screenshot('restart followed until rolled out');
    const sets = await clusterKubectl([
      'get',
      'replicasets',
      '-n',
      'default',
      '-l',
      `app=${name}`,
      '-o',
      'jsonpath={range .items[*]}{.spec.replicas} {end}',
    ]);
    const replicas = sets.trim().split(/\s+/).sort();
    if (replicas.join(',') !== '0,3')
      throw new Error(`expected an old ReplicaSet at 0 and a new one at 3; kubectl: ${sets}`);
    await clusterKubectl(['delete', 'deployment', name, '-n', 'default', '--wait=false']);
  },
};
