// Issue scenario 7: an unreachable cluster and a 403 show as error items with a Retry action, in the tree,
// without popups and without taking the explorer down.
import type { Locator } from 'playwright-core';
import type { Scenario } from '../harness/runner';
import { timeouts, type Workbench } from '../harness/workbench';
import { requireCluster, type E2eContext } from './context';
import { exact, openClustersView } from './explorer';

/** Finds an error row at or under the context, expanding the context's first children if needed. */
async function findErrorRow(workbench: Workbench, pane: Locator, context: string, prefix: RegExp): Promise<Locator> {
  const contextRow = workbench.treeRow(pane, exact(context), 1);
  await workbench.expand(contextRow);
  const errorRow = pane.locator('.monaco-list-row[role="treeitem"]').filter({
    has: workbench.page.locator('.label-name', { hasText: prefix }),
  });
  await errorRow.first().waitFor({ timeout: timeouts.cluster });
  return errorRow.first();
}

async function retry(workbench: Workbench, row: Locator): Promise<void> {
  // Inline actions render on hover/selection, as for a user.
  await row.hover();
  const action = row.locator('.actions .action-label[aria-label^="Retry"]');
  await action.waitFor({ timeout: timeouts.ui });
  await action.click();
}

async function assertNoErrorToasts(workbench: Workbench): Promise<void> {
  const toasts = workbench.page.locator('.notifications-toasts .notification-toast');
  const texts = await toasts.allTextContents();
  if (texts.length > 0) throw new Error(`failures should stay in the tree, but popups appeared: ${texts.join(' | ')}`);
}

export const failuresAsTreeItems: Scenario<E2eContext> = {
  id: 'failures',
  name: '7. an unreachable cluster and a 403 show as error items with Retry, not a crash',
  async run(ctx) {
    const kubeconfigs = requireCluster(ctx);
    const { workbench } = ctx.session;
    const pane = await openClustersView(workbench);

    const unreachable = await findErrorRow(workbench, pane, kubeconfigs.contexts.unreachable, /^(Unreachable|Error):/);
    await retry(workbench, unreachable);
    // After Retry the item is rebuilt from a fresh attempt, which fails the same way.
    await findErrorRow(workbench, pane, kubeconfigs.contexts.unreachable, /^(Unreachable|Error):/);
    await ctx.screenshot('unreachable cluster as an error item');

    const forbidden = await findErrorRow(workbench, pane, kubeconfigs.contexts.restricted, /^Forbidden:/);
    const text = (await forbidden.getAttribute('aria-label')) ?? '';
    if (!/namespaces|list/i.test(text)) throw new Error(`the 403 item should say what was denied; it says "${text}"`);
    await retry(workbench, forbidden);
    await findErrorRow(workbench, pane, kubeconfigs.contexts.restricted, /^Forbidden:/);
    await ctx.screenshot('403 as an error item');

    await assertNoErrorToasts(workbench);
    // The explorer still works: the healthy context still expands.
    const healthy = workbench.treeRow(pane, exact(kubeconfigs.contexts.current), 1);
    await workbench.expand(healthy);
    await workbench.treeRow(pane, exact('default'), 2).waitFor({ timeout: timeouts.cluster });
  },
};
