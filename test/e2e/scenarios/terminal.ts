// Issue 15: a terminal in a container, opened from the Clusters view. The shell runs in the pod through
// kube/remotecommand; its output is read from the terminal itself (xterm's DOM rows).
import type { Scenario } from '../harness/runner';
import { waitUntil } from '../harness/wait';
import { timeouts } from '../harness/workbench';
import { requireCluster, type E2eContext } from './context';
import { contextMenu } from './editor';
import { exact, expandKind, openClustersView } from './explorer';
import { listPods } from './kubectl';

export const containerTerminal: Scenario<E2eContext> = {
  id: 'container-terminal',
  retries: 1,
  name: 'Open Terminal on a pod runs a shell in its container; a command’s output shows in the terminal; exit closes it',
  async run(ctx) {
    const kubeconfigs = requireCluster(ctx);
    const { workbench } = ctx.session;
    const page = ctx.session.browser.page;
    // The seeded frontend pods have one container, so no container quick pick comes between.
    const pod = (await listPods()).find(
      (p) => p.namespace === 'shop' && p.name.startsWith('frontend-') && p.status === 'Running',
    );
    if (!pod) throw new Error('the seeded shop namespace needs a running frontend pod');
    const pane = await openClustersView(workbench);
    await expandKind(workbench, pane, {
      context: kubeconfigs.contexts.current,
      namespace: 'shop',
      group: 'Workloads',
      kind: 'Pods',
    });
    const row = workbench.treeRow(pane, exact(pod.name), 5);
    await row.waitFor({ timeout: timeouts.cluster });
    await contextMenu(workbench, row, 'Open Terminal');

    const terminal = page.locator('.terminal-wrapper.active .xterm').first();
    await terminal.waitFor({ timeout: timeouts.ui });
    const screenText = async () => (await terminal.locator('.xterm-rows').textContent()) ?? '';
    // The shell's prompt: the session is live.
    await waitUntil(
      'the shell prompt in the terminal',
      async () => (await screenText()).trim().length > 0,
      timeouts.cluster,
    );
    await terminal.click();
    await page.keyboard.type('echo "kubesense-$((6*7)) in:$KUBESENSE_POD"');
    await page.keyboard.press('Enter');
    const expected = `kubesense-42 in:${pod.name}/shop`;
    await waitUntil(
      `"${expected}" in the terminal`,
      async () => (await screenText()).includes(expected),
      timeouts.cluster,
    ).catch(async (e: Error) => {
      throw new Error(`${e.message}; the terminal shows: ${JSON.stringify(await screenText())}`);
    });
    await ctx.screenshot(`terminal in ${pod.name}`);

    // exit 0 ends the session, and the terminal closes with it.
    await page.keyboard.type('exit');
    await page.keyboard.press('Enter');
    await waitUntil(
      'the terminal to close after exit',
      async () => !(await page.locator('.xterm-rows', { hasText: expected }).count()),
      timeouts.cluster,
    );
    // The panel hides with its last terminal (VS Code's default), so later scenarios get the full editor area.
  },
};
