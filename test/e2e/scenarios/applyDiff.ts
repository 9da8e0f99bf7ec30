// Issue 15, apply and diff of a manifest file in the real workbench: "Apply File to Cluster" applies every document
// of the open file (kubectl sees them), "Diff File with Cluster" asks which object of a multi-document file and
// opens VS Code's diff editor with the live object on the left and the server's dry-run of the unsaved edit on the
// right, and a field another manager owns is reported with a "Force" button that takes it over.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Scenario } from '../harness/runner';
import { waitUntil } from '../harness/wait';
import { timeouts } from '../harness/workbench';
import { requireCluster, type E2eContext } from './context';
import { notification } from './editor';
import { exact } from './explorer';
import { clusterKubectl } from './kubectl';

const namespace = 'shop';

/** Fresh names per attempt: a retry must not meet the objects (and field owners) an earlier attempt left. */
const manifest = (id: string) => `# Two objects: "Diff File with Cluster" asks which one.
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${id}-a
  namespace: ${namespace}
data:
  mode: slow
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ${id}-b
  namespace: ${namespace}
data:
  colour: blue
`;

const modeOf = (name: string) =>
  clusterKubectl(['-n', namespace, 'get', 'configmap', name, '-o', 'jsonpath={.data.mode}', '--ignore-not-found']);

export const applyAndDiffFile: Scenario<E2eContext> = {
  id: 'apply-diff-file',
  retries: 1,
  name: '15a. Apply File applies every document; Diff with Cluster shows live ↔ dry-run of the edit; a conflict offers Force',
  timeoutMs: 240_000,
  async run(ctx) {
    requireCluster(ctx);
    const { workbench } = ctx.session;
    const page = workbench.page;
    const id = `e2e-apply-${Date.now().toString(36)}`;
    // A file per attempt too: an editor left dirty by a failed attempt would otherwise keep the old text.
    const file = `${id}.yaml`;
    fs.writeFileSync(path.join(ctx.session.workspace, file), manifest(id));
    // Quick Open finds a file only once the workspace's file search has seen it: ask again until it has.
    for (let attempt = 1; ; attempt++) {
      const opened = await workbench.openFile(file).then(
        () => true,
        (e: unknown) => {
          if (attempt >= 5) throw e;
          return false;
        },
      );
      if (opened) break;
      await page.keyboard.press('Escape');
    }

    // Apply: both documents reach the cluster, the notification lists kubectl's lines.
    await workbench.runCommand('Kubernetes: Apply File to Cluster (Server-Side Apply)');
    const applied = notification(workbench, `Applied ${file} to "`);
    await applied.waitFor({ timeout: timeouts.cluster });
    const text = (await applied.textContent()) ?? '';
    for (const line of [`configmap/${id}-a serverside-applied`, `configmap/${id}-b serverside-applied`])
      if (!text.includes(line)) throw new Error(`the apply notification lacks "${line}": ${text}`);
    if ((await modeOf(`${id}-a`)) !== 'slow') throw new Error('kubectl does not see the applied ConfigMap');
    await ctx.screenshot('file applied: both documents');

    // Edit without saving, then diff: the pick names both objects; the diff shows live (slow) vs. the edit (fast).
    const lines = (await workbench.editorText()).split('\n');
    const line = lines.findIndex((l) => /^ {2}mode: slow$/.test(l));
    if (line < 0) throw new Error(`no "  mode: slow" line in ${file}:\n${lines.join('\n')}`);
    await workbench.goTo(line + 1, 9);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('fast');
    await workbench.runCommand('Kubernetes: Diff File with Cluster');
    const pick = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', { hasText: `${id}-a` });
    await pick.first().waitFor({ timeout: timeouts.cluster });
    const rows = await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').allTextContents();
    if (!rows.some((r) => r.includes(`${id}-b`)))
      throw new Error(`the pick lacks the second object: ${rows.join(' | ')}`);
    await ctx.screenshot('diff: which object of the file');
    await page.keyboard.type(`${id}-a`);
    await page.keyboard.press('Enter');
    const diff = page.locator('.editor-group-container.active .monaco-diff-editor').first();
    await diff.waitFor({ timeout: timeouts.cluster });
    const side = (which: 'original' | 'modified') =>
      diff
        .locator(`.editor.${which} .view-lines:not(.line-delete)`)
        .first()
        .textContent()
        .then((t) => (t ?? '').replace(/\u00a0/g, ' '));
    await waitUntil(
      'the diff to show live "slow" on the left and the edit "fast" on the right',
      async () => (await side('original')).includes('mode: slow') && (await side('modified')).includes('mode: fast'),
      timeouts.ui,
    ).catch(async (e: unknown) => {
      throw new Error(`${String(e)}; left: ${await side('original')}; right: ${await side('modified')}`);
    });
    if ((await side('modified')).includes('managedFields')) throw new Error('the diff shows managedFields');
    const title = (await page.locator('.editor-group-container.active .tab.active').first().textContent()) ?? '';
    if (!title.includes(`ConfigMap ${namespace}/${id}-a`)) throw new Error(`unexpected diff title: ${title}`);
    await ctx.screenshot('diff with cluster: live left, dry-run of the edit right');

    // Another manager takes the field; applying reports the conflict with its manager and offers Force.
    await takeOver(ctx, `${id}-a`);
    await page.locator('.editor-group-container .tabs-container .tab', { hasText: file }).first().click();
    await workbench.runCommand('Kubernetes: Apply File to Cluster (Server-Side Apply)');
    const conflict = notification(workbench, /conflicts with other field managers/);
    await conflict.waitFor({ timeout: timeouts.cluster });
    const conflictText = (await conflict.textContent()) ?? '';
    if (!conflictText.includes('other-tool owns .data.mode'))
      throw new Error(`the conflict does not name the manager and field: ${conflictText}`);
    // The apply's progress toast leaves as the error arrives; click once the toasts stopped moving.
    await notification(workbench, `Applying ${file}`)
      .waitFor({ state: 'detached', timeout: timeouts.ui })
      .catch(() => undefined);
    await ctx.screenshot('conflict: Force offered in the error notification');
    await conflict.locator('.monaco-button', { hasText: exact('Force') }).click();
    await waitUntil(
      'kubectl to see the forced value',
      async () => (await modeOf(`${id}-a`)) === 'fast',
      timeouts.cluster,
    );
    await notification(workbench, `Applied ${file} to "`).waitFor({ timeout: timeouts.cluster });
    await ctx.screenshot('forced: applied');

    // Leave nothing behind for later scenarios: saved file, editors closed, objects deleted.
    await page.keyboard.press('Control+S');
    await workbench.runCommand('View: Close All Editors');
    await clusterKubectl(['-n', namespace, 'delete', 'configmap', `${id}-a`, `${id}-b`, '--wait=false']);
  },
};

/** Another field manager applies its own value of data.mode (what a CI pipeline or controller would do). */
async function takeOver(ctx: E2eContext, name: string): Promise<void> {
  const other = path.join(ctx.session.workspace, '..', `${name}-other.yaml`);
  fs.writeFileSync(
    other,
    `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ndata:\n  mode: red\n`,
  );
  await clusterKubectl(['apply', '--server-side', '--force-conflicts', '--field-manager=other-tool', '-f', other]);
  if ((await modeOf(name)) !== 'red') throw new Error('the other manager did not take data.mode');
}
