// The explorer's everyday helpers in the real workbench: the sample workspace opens on the Kubernetes view,
// "Set Namespace…" asks with a keyboard-driven quick pick of the cluster's namespaces, and the filter box
// narrows the tree and says so in the view's title.
import type { Scenario } from '../harness/runner';
import { waitUntil } from '../harness/wait';
import { timeouts } from '../harness/workbench';
import { requireCluster, type E2eContext } from './context';
import { exact, expandKind, openClustersView } from './explorer';
import { listNamespaces, listPods } from './kubectl';

export const opensOnKubernetesView: Scenario<E2eContext> = {
  id: 'opens-on-kubernetes',
  name: 'the sample workspace opens on the Kubernetes view, not the file explorer',
  async run(ctx) {
    const { workbench } = ctx.session;
    // Nothing is clicked: the view must be the one showing after start.
    const pane = workbench.viewPane('Clusters');
    await pane.waitFor({ timeout: timeouts.workbench }).catch(() => {
      throw new Error('after start the Clusters view is not showing');
    });
    const explorer = ctx.session.browser.page.locator('.part.sidebar .pane-header[aria-label^="Explorer"]');
    if (await explorer.isVisible()) throw new Error('the file explorer shows instead of the Kubernetes view');
    await ctx.screenshot('the Kubernetes view on start');
  },
};

export const setNamespaceQuickPick: Scenario<E2eContext> = {
  id: 'set-namespace',
  name: '"Set Namespace in Editor Only…" offers the cluster’s namespaces; typing and Enter choose one',
  async run(ctx) {
    const kubeconfigs = requireCluster(ctx);
    const { workbench } = ctx.session;
    const page = ctx.session.browser.page;
    const pane = await openClustersView(workbench);
    // A namespace selected in the tree (as after browsing it) must not turn the command into a silent choice.
    const contextRow = workbench.treeRow(pane, exact(kubeconfigs.contexts.current), 1);
    await workbench.expand(contextRow);
    await workbench.treeRow(pane, exact('shop'), 2).locator('.label-name').click();
    await workbench.runCommand('Kubernetes: Set Namespace in Editor Only…');
    const expected = await listNamespaces();
    let shown: string[] = [];
    await waitUntil(
      'the quick pick to list every namespace',
      async () => {
        shown = await workbench.quickPickLabels();
        return expected.every((ns) => shown.some((label) => label.startsWith(ns)));
      },
      timeouts.cluster,
    ).catch(() => {
      throw new Error(`namespaces per kubectl: ${expected.join(', ')}; the quick pick shows: ${shown.join(' | ')}`);
    });
    await ctx.screenshot('namespace quick pick');
    // Keyboard only: type part of a name, Enter takes the match.
    await page.keyboard.type('monitor');
    await page.keyboard.press('Enter');
    await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout: timeouts.ui });
    const row = workbench.treeRow(pane, exact('monitoring'), 2);
    await waitUntil(
      'monitoring to be the current namespace',
      async () => ((await row.locator('.label-description').textContent()) ?? '') === 'current',
      timeouts.cluster,
    );
    await ctx.screenshot('monitoring chosen in the editor');
    await workbench.runCommand('Kubernetes: Follow Kubeconfig Current Context Again');
  },
};

export const filterTree: Scenario<E2eContext> = {
  id: 'filter',
  name: 'Filter… narrows the open kinds to matching names, shows the filter in the title, and clears',
  async run(ctx) {
    const kubeconfigs = requireCluster(ctx);
    const { workbench } = ctx.session;
    const page = ctx.session.browser.page;
    const pane = await openClustersView(workbench);
    const pods = (await listPods()).filter((p) => p.namespace === 'shop');
    if (pods.length < 2) throw new Error('the seeded shop namespace needs two pods');
    await expandKind(workbench, pane, {
      context: kubeconfigs.contexts.current,
      namespace: 'shop',
      group: 'Workloads',
      kind: 'Pods',
    });
    for (const p of pods) await workbench.treeRow(pane, exact(p.name), 5).waitFor({ timeout: timeouts.cluster });
    const target = pods[0]!.name;
    // The command palette closing can swallow the Filter… input's first showing on a loaded machine (a fresh-clone CI
    // run saw it stay hidden): run the command again until its input is shown, within twice the UI bound.
    const input = page.locator('.quick-input-widget');
    await waitUntil(
      'the Filter… input box',
      async () => {
        if (await input.isVisible()) return true;
        await workbench.runCommand('Kubernetes: Filter…');
        return input
          .waitFor({ state: 'visible', timeout: 5_000 })
          .then(() => true)
          .catch(() => false);
      },
      2 * timeouts.ui,
    );
    await page.keyboard.type(target);
    await page.keyboard.press('Enter');
    // The view's description (VS Code puts it in the view's header, named in its aria-label) and its message.
    const header = pane.locator(`.pane-header[aria-label*="filter: ${target}"]`);
    await header.waitFor({ state: 'attached', timeout: timeouts.ui });
    const message = pane.getByText(`Showing objects whose name contains "${target}"`);
    await message.waitFor({ timeout: timeouts.ui });
    for (const p of pods.slice(1)) {
      if (p.name.includes(target)) continue;
      await workbench.treeRow(pane, exact(p.name), 5).waitFor({ state: 'detached', timeout: timeouts.ui });
    }
    await workbench.treeRow(pane, exact(target), 5).waitFor({ timeout: timeouts.ui });
    await ctx.screenshot(`tree filtered by ${target}`);
    await workbench.runCommand('Kubernetes: Clear Filter');
    for (const p of pods) await workbench.treeRow(pane, exact(p.name), 5).waitFor({ timeout: timeouts.cluster });
    await header.waitFor({ state: 'detached', timeout: timeouts.ui });
    await message.waitFor({ state: 'hidden', timeout: timeouts.ui });
  },
};
