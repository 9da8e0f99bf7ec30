// The harness itself: code-server serves the workbench, kubesense is loaded and its view container shows.
import type { Scenario } from '../harness/runner';
import { timeouts } from '../harness/workbench';
import type { E2eContext } from './context';

export const workbenchLoads: Scenario<E2eContext> = {
  id: 'workbench',
  name: 'workbench loads with the kubesense view container',
  async run({ session, screenshot }) {
    const { workbench } = session;
    const item = workbench.activityItem('Kubernetes');
    await item.waitFor({ timeout: timeouts.workbench });
    const pane = workbench.viewPane('Clusters');
    // The sample workspace opens on the Kubernetes view already; clicking its icon then would close it.
    if (!(await pane.isVisible())) await item.click();
    await pane.waitFor({ timeout: timeouts.ui });
    // The extension's tree provider answers: rows (contexts) or its welcome view, not VS Code's
    // "no data provider registered" placeholder.
    await pane.locator('.monaco-list-row, .welcome-view-content').first().waitFor({ timeout: timeouts.cluster });
    await workbench.setSideBarWidth(480);
    await screenshot('workbench with the kubesense view');
  },
};
