// Issue scenario 6: switching context from the status bar changes the tree and writes the kubeconfig
// exactly as `kubectl config use-context` writes it (same file chosen, same resulting content).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Scenario } from '../harness/runner';
import { waitUntil } from '../harness/wait';
import { timeouts } from '../harness/workbench';
import { requireCluster, type E2eContext } from './context';
import { exact, openClustersView } from './explorer';
import { kubectl } from './kubectl';

/** kubectl's normalised reading of one kubeconfig file, so formatting differences do not count. */
async function kubectlView(file: string): Promise<unknown> {
  return JSON.parse(await kubectl(['config', 'view', '--raw', '-o', 'json', '--kubeconfig', file], { KUBECONFIG: '' }));
}

export const switchContextFromStatusBar: Scenario<E2eContext> = {
  id: 'switch-context',
  retries: 1,
  name: '6. switching context from the status bar changes the tree and writes the kubeconfig as kubectl would',
  async run(ctx) {
    const kubeconfigs = requireCluster(ctx);
    const { workbench } = ctx.session;
    const { current, other } = kubeconfigs.contexts;
    const pane = await openClustersView(workbench);

    const status = workbench.statusBarItem(current);
    await status.waitFor({ timeout: timeouts.cluster });
    await status.click();
    await workbench.quickPickLabels();
    await ctx.screenshot('context picker from the status bar');
    await workbench.pickQuickItem(exact(other));
    // A second step may ask whether to write the kubeconfig or switch only inside the editor.
    const writeChoice = ctx.session.browser.page
      .locator('.quick-input-list .monaco-list-row', { hasText: /kubeconfig/i })
      .first();
    // The second step opens a moment after the first closes: wait for it rather than look once.
    const asked = await writeChoice.waitFor({ state: 'visible', timeout: timeouts.ui }).then(
      () => true,
      () => false,
    );
    if (asked) await writeChoice.click();

    await workbench.statusBarItem(other).waitFor({ timeout: timeouts.cluster });
    const otherRow = workbench.treeRow(pane, exact(other), 1);
    await waitUntil('the tree to mark the new context current', async () =>
      /current/.test((await otherRow.locator('.label-description').textContent()) ?? ''),
    );
    const oldRow = workbench.treeRow(pane, exact(current), 1);
    await waitUntil(
      `${current} to lose its current mark`,
      async () => !/current/.test((await oldRow.locator('.label-description').textContent()) ?? ''),
      timeouts.ui,
    );
    await ctx.screenshot(`switched to ${other}`);

    // Replay the same change with kubectl on pristine copies and compare both files.
    const replayDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-kubectl-replay-'));
    try {
      const first = path.join(replayDir, 'first.yaml');
      const second = path.join(replayDir, 'second.yaml');
      fs.copyFileSync(kubeconfigs.pristine.first, first);
      fs.copyFileSync(kubeconfigs.pristine.second, second);
      await kubectl(['config', 'use-context', other], { KUBECONFIG: `${first}${path.delimiter}${second}` });
      await waitUntil('kubesense to write the kubeconfig', async () =>
        isDeepStrictEqual(await kubectlView(kubeconfigs.first), await kubectlView(first)),
      ).catch(async (error: Error) => {
        const ours = JSON.stringify(await kubectlView(kubeconfigs.first));
        const theirs = JSON.stringify(await kubectlView(first));
        throw new Error(`${error.message}\nfirst.yaml after kubesense: ${ours}\nafter kubectl: ${theirs}`);
      });
      for (const [ours, theirs] of [[kubeconfigs.second, second]]) {
        if (!isDeepStrictEqual(await kubectlView(ours), await kubectlView(theirs))) {
          throw new Error(`second.yaml differs from kubectl's result:\n${fs.readFileSync(ours, 'utf8')}`);
        }
      }
      const mode = fs.statSync(kubeconfigs.first).mode & 0o777;
      if (mode & 0o077) throw new Error(`kubesense left first.yaml readable by others (mode ${mode.toString(8)})`);
    } finally {
      fs.rmSync(replayDir, { recursive: true, force: true });
    }
  },
};
