// Issue 16 in the real editor: a dangling reference in the Problems panel, Go to Definition across files, the
// references CodeLens, and Rename with its preview (sample files test/e2e/workspace/refs-api*.yaml).
import type { Scenario } from '../harness/runner';
import { timeouts } from '../harness/workbench';
import type { E2eContext } from './context';

export const referencesAcrossFiles: Scenario<E2eContext> = {
  id: 'references',
  name: '16. references between files: dangling warning, go to definition, CodeLens, rename with preview',
  timeoutMs: 240_000,
  async run(ctx) {
    const { workbench } = ctx.session;
    const page = workbench.page;

    // refs-api.yaml mounts ConfigMap api-extra, which no file defines and the connected cluster does not have.
    // Quick Open's file search may still be warming up when this runs first: one more try.
    await workbench.openFile('refs-api.yaml').catch(() => workbench.openFile('refs-api.yaml'));
    if (!(await page.locator('.markers-panel').isVisible())) await page.keyboard.press('Control+Shift+M');
    const problem = page
      .locator('.markers-panel .monaco-list-row', { hasText: /ConfigMap "refs-demo\/api-extra" is not defined/ })
      .first();
    await problem.waitFor({ timeout: timeouts.language });
    await ctx.screenshot('dangling reference in the Problems panel');

    // F12 on `name: api-config` (line 20) opens refs-api-config.yaml.
    await workbench.goTo(20, 25);
    await page.keyboard.press('F12');
    await page
      .locator('.editor-group-container.active .tabs-container .tab.active[aria-label^="refs-api-config.yaml"]')
      .first()
      .waitFor({ timeout: timeouts.language });
    await ctx.screenshot('go to definition opened the ConfigMap');

    // The CodeLens above the ConfigMap's name counts the Deployment's reference.
    const lens = workbench.activeEditor().locator('.codelens-decoration', { hasText: '1 reference' }).first();
    await lens.waitFor({ timeout: timeouts.language });
    await ctx.screenshot('references CodeLens');

    // Rename with preview: Ctrl+Enter in the rename box (as it says) shows the Refactor Preview of both files.
    await workbench.goTo(4, 10);
    await page.keyboard.press('F2');
    const renameInput = page.locator('.rename-box input').first();
    await renameInput.waitFor({ timeout: timeouts.language });
    await renameInput.fill('api-settings');
    await renameInput.press('Control+Enter');
    // The Refactor Preview opens in the panel; refs-api-config.yaml has no problems, so its row there is the preview's.
    const panel = page.locator('.part.panel');
    for (const file of ['refs-api-config.yaml', 'refs-api.yaml'])
      await panel.locator('.monaco-list-row', { hasText: file }).first().waitFor({ timeout: timeouts.language });
    await ctx.screenshot('rename preview across files');
    await panel.locator('.monaco-button', { hasText: 'Discard' }).first().click();
    await workbench.runCommand('View: Close All Editors');
  },
};
