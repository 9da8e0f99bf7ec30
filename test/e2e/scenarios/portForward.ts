// Port forward from the Clusters view: "Port Forward…" on the seeded Service shop/frontend (port 80, targetPort
// named http → container port 8080), any free local port; the test fetches through the forward, then stops it
// from the status bar's list.
import type { Scenario } from '../harness/runner';
import { waitUntil } from '../harness/wait';
import { timeouts } from '../harness/workbench';
import { requireCluster, type E2eContext } from './context';
import { contextMenu } from './editor';
import { exact, expandKind, openClustersView } from './explorer';

export const portForwardFromTree: Scenario<E2eContext> = {
  id: 'port-forward',
  retries: 1,
  name: 'Port Forward… on a Service in the tree: fetch through the forward, then stop it from the status bar',
  async run(ctx) {
    const kubeconfigs = requireCluster(ctx);
    const { workbench } = ctx.session;
    const page = workbench.page;
    const pane = await openClustersView(workbench);
    await expandKind(workbench, pane, {
      context: kubeconfigs.contexts.current,
      namespace: 'shop',
      group: 'Networking',
      kind: 'Services',
    });
    const row = workbench.treeRow(pane, exact('frontend'), 5);
    await row.waitFor({ timeout: timeouts.cluster });
    await contextMenu(workbench, row, 'Port Forward…');
    // The Service's ports, then the local port (empty: any free one), keyboard only.
    const labels = await workbench.quickPickLabels();
    if (!labels.some((l) => l.startsWith('80'))) throw new Error(`the port pick shows ${labels.join(' | ')}`);
    await workbench.pickQuickItem(exact('80'));
    await page.locator('.quick-input-widget input[placeholder="any free port"]').waitFor({ timeout: timeouts.ui });
    await page.keyboard.press('Enter');

    const item = workbench.statusBarItem(/localhost:\d+/);
    await item.waitFor({ timeout: timeouts.cluster });
    const port = Number(/localhost:(\d+)/.exec((await item.textContent()) ?? '')?.[1]);
    if (!port) throw new Error(`no local port in the status bar: ${await item.textContent()}`);
    const body = await waitUntil(
      'a page through the forward',
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/through-kubesense`).catch(() => undefined);
        return res ? await res.text() : undefined;
      },
      timeouts.cluster,
    );
    if (!/GET \/through-kubesense reached a simulated container/.test(body))
      throw new Error(`unexpected answer through the forward: ${body}`);
    await ctx.screenshot(`forwarding localhost:${port} to svc/frontend 80`);

    await item.click();
    await workbench.pickQuickItem(new RegExp(`^svc/frontend 80 → localhost:${port}$`));
    await workbench.pickQuickItem(exact('Stop'));
    await item.waitFor({ state: 'hidden', timeout: timeouts.ui });
    const refused = await fetch(`http://127.0.0.1:${port}/`).then(
      () => false,
      () => true,
    );
    if (!refused) throw new Error(`localhost:${port} still answers after Stop`);
  },
};
