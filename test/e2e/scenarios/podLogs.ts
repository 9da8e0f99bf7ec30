// Issue 15, logs in the workbench: "Show Logs…" on a running pod in the Clusters view follows its log in an output
// view of its own, new lines arrive while it is open (the test cluster appends about one a second), the status
// bar says it is following, and "Stop Logs" stops it.
import type { Scenario } from '../harness/runner';
import { waitUntil } from '../harness/wait';
import { timeouts } from '../harness/workbench';
import { requireCluster, type E2eContext } from './context';
import { contextMenu } from './editor';
import { exact, expandKind, openClustersView } from './explorer';
import { listPods } from './kubectl';

const namespace = 'shop';

export const followPodLogs: Scenario<E2eContext> = {
  id: 'pod-logs',
  retries: 1,
  name: '15a. Show Logs… on a pod follows its log: lines arrive while the view is open; Stop Logs stops it',
  timeoutMs: 120_000,
  async run(ctx) {
    const kubeconfigs = requireCluster(ctx);
    const { workbench } = ctx.session;
    const page = workbench.page;
    const pod = (await listPods()).find(
      (p) => p.namespace === namespace && p.status === 'Running' && /^frontend-/.test(p.name),
    );
    if (!pod) throw new Error(`no running frontend pod in ${namespace}`);
    const pane = await openClustersView(workbench);
    await expandKind(workbench, pane, {
      context: kubeconfigs.contexts.current,
      namespace,
      group: 'Workloads',
      kind: 'Pods',
    });
    const row = workbench.treeRow(pane, exact(pod.name), 5);
    await row.waitFor({ timeout: timeouts.cluster });
    await contextMenu(workbench, row, 'Show Logs…');

    const status = workbench.statusBarItem(/following/);
    await status.waitFor({ timeout: timeouts.cluster });
    // The output view shows the log's channel; its visible tail changes as the log grows. Long lines wrap (the
    // panel may be narrow), so the visible text is read as a whole, not its last visual line.
    const lines = page.locator('.part.panel .monaco-editor .view-lines .view-line');
    const tail = async () => (await lines.allTextContents()).join('\n');
    const first = await waitUntil(
      'log lines in the output view',
      async () => {
        const text = await tail();
        return /HTTP\/1\.1/.test(text) && text;
      },
      timeouts.cluster,
    );
    await waitUntil(
      'a newer line to arrive',
      async () => {
        const text = await tail();
        return /HTTP\/1\.1/.test(text) && text !== first;
      },
      timeouts.cluster,
    );
    const statusText = (await status.textContent()) ?? '';
    if (!statusText.includes(`pod/${pod.name}/`)) throw new Error(`status bar names another log: ${statusText}`);
    await ctx.screenshot('pod log followed in the output view');

    await workbench.runCommand('Kubernetes: Stop Logs');
    await workbench.statusBarItem(/stopped/).waitFor({ timeout: timeouts.ui });
  },
};
