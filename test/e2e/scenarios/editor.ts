// Issue 11, the editor side, in the real workbench: the read-only YAML view hides managedFields until asked, an
// edited copy is titled by its object and is clean after apply (closing asks nothing), the apply question leaves
// the server's diff readable, and dry-run while its setting is off offers to turn it on in place.
import type { Locator } from 'playwright-core';
import type { Scenario } from '../harness/runner';
import { waitUntil } from '../harness/wait';
import { timeouts, type Workbench } from '../harness/workbench';
import { requireCluster, type E2eContext } from './context';
import { exact, expandKind, openClustersView } from './explorer';
import { clusterKubectl } from './kubectl';

const namespace = 'shop';
const configMap = `e2e-editor-${Date.now().toString(36)}`;

/** The ConfigMap the scenarios work on, created by kubectl (so it has managedFields), and its tree row. */
async function configMapRow(ctx: E2eContext): Promise<Locator> {
  const kubeconfigs = requireCluster(ctx);
  const { workbench } = ctx.session;
  const exists = await clusterKubectl([
    '-n',
    namespace,
    'get',
    'configmap',
    configMap,
    '--ignore-not-found',
    '-o',
    'name',
  ]);
  if (!exists.trim())
    await clusterKubectl(['-n', namespace, 'create', 'configmap', configMap, '--from-literal=mode=slow']);
  const pane = await openClustersView(workbench);
  await expandKind(workbench, pane, {
    context: kubeconfigs.contexts.current,
    namespace,
    group: 'Config & Storage',
    kind: 'ConfigMaps',
  });
  const row = workbench.treeRow(pane, exact(configMap), 5);
  await row.waitFor({ timeout: timeouts.cluster });
  return row;
}

/** Runs an entry of a context menu (tree row or editor) by its label. */
export async function contextMenu(workbench: Workbench, target: Locator, label: string): Promise<void> {
  const menu = workbench.page.locator('.context-view .monaco-menu');
  const item = menu.locator('.action-item', { hasText: label }).first();
  // A live tree re-renders its rows as watch events arrive, which can close a menu that just opened: open it again.
  for (let opened = 0; ; opened++) {
    await target.click({ button: 'right' });
    const shown = await item
      .waitFor({ timeout: opened < 2 ? 5000 : timeouts.ui })
      .then(() => true)
      .catch(() => false);
    if (shown) break;
    if (opened >= 2) throw new Error(`the context menu did not offer "${label}"`);
    await workbench.page.keyboard.press('Escape');
  }
  // VS Code's menu may take a click that comes right after it opened as the end of the opening gesture and stay
  // open with the item only highlighted: the item is chosen once the menu has closed.
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt === 0 || (await item.isVisible())) await item.click();
    const closed = await menu
      .waitFor({ state: 'hidden', timeout: 2000 })
      .then(() => true)
      .catch(() => false);
    if (closed) return;
  }
  throw new Error(`the context menu stayed open after choosing "${label}"`);
}

/** The labels of the context menu `target` opens (then closed again). */
async function contextMenuLabels(workbench: Workbench, target: Locator): Promise<string[]> {
  await target.click({ button: 'right' });
  const items = workbench.page.locator('.monaco-menu .action-item .action-label');
  await items.first().waitFor({ timeout: timeouts.ui });
  const labels = await items.allTextContents();
  await workbench.page.keyboard.press('Escape');
  return labels.map((l) => l.trim()).filter(Boolean);
}

function activeTab(workbench: Workbench): Locator {
  return workbench.page.locator('.editor-group-container.active .tabs-container .tab.active').first();
}

function tabNamed(workbench: Workbench, label: string): Locator {
  return workbench.page.locator(`.tabs-container .tab[aria-label^="${label}"]`).first();
}

/** A notification toast whose message matches, and its button. */
export function notification(workbench: Workbench, message: string | RegExp): Locator {
  return workbench.page.locator('.notifications-toasts .notification-toast', { hasText: message }).first();
}

async function editorTitleAction(workbench: Workbench, label: string): Promise<void> {
  const action = workbench.page
    .locator(`.editor-group-container.active .editor-actions .action-label[aria-label^="${label}"]`)
    .first();
  await action.waitFor({ timeout: timeouts.ui });
  await action.click();
}

export const yamlViewManagedFields: Scenario<E2eContext> = {
  id: 'yaml-view',
  retries: 1,
  name: '11a. Open as YAML hides managedFields like kubectl; "Show Managed Fields" shows them',
  async run(ctx) {
    const { workbench } = ctx.session;
    const row = await configMapRow(ctx);
    await contextMenu(workbench, row, 'Open as YAML (Read-Only)');
    await tabNamed(workbench, `${configMap}.yaml`).waitFor({ timeout: timeouts.cluster });
    const hidden = await waitUntil(
      'the YAML view to show the object',
      async () => {
        const text = await workbench.editorText();
        return text.includes('kind: ConfigMap') && text;
      },
      timeouts.cluster,
    );
    if (/managedFields/.test(hidden)) throw new Error(`the YAML view shows managedFields by default:\n${hidden}`);
    await ctx.screenshot('YAML view without managedFields');
    await editorTitleAction(workbench, 'Show Managed Fields');
    await waitUntil(
      'managedFields in the YAML view',
      async () => /^ {2}managedFields:/m.test(await workbench.editorText()),
      timeouts.cluster,
    );
    await ctx.screenshot('YAML view with managedFields shown');
    await editorTitleAction(workbench, 'Hide Managed Fields');
    await waitUntil(
      'managedFields hidden again',
      async () => {
        const text = await workbench.editorText();
        return text.includes('kind: ConfigMap') && !/managedFields/.test(text);
      },
      timeouts.cluster,
    );
  },
};

export const editApplyClose: Scenario<E2eContext> = {
  id: 'edit-apply',
  retries: 1,
  name: '11b. an edited copy is titled by kind and name; the diff stays readable while asked; applied, it closes without a save prompt',
  timeoutMs: 180_000,
  async run(ctx) {
    const { workbench } = ctx.session;
    const page = workbench.page;
    const row = await configMapRow(ctx);
    await contextMenu(workbench, row, 'Edit (Server-Side Apply)');
    const title = `configmap-${configMap} (edit).yaml`;
    await waitUntil(
      `the edited copy's tab titled "${title}"`,
      async () => ((await activeTab(workbench).getAttribute('aria-label')) ?? '').startsWith(title),
      timeouts.cluster,
    ).catch(async (e: unknown) => {
      throw new Error(`${String(e)}; the active tab is "${await activeTab(workbench).getAttribute('aria-label')}"`);
    });
    // Change the value in the editor, as a user types it.
    const lines = (await workbench.editorText()).split('\n');
    const line = lines.findIndex((l) => /^ {2}mode: slow$/.test(l));
    if (line < 0) throw new Error(`no "  mode: slow" line in the edited copy:\n${lines.join('\n')}`);
    await workbench.goTo(line + 1, 9);
    await page.keyboard.press('Shift+End');
    await page.keyboard.type('fast');
    await workbench.runCommand('Kubernetes: Apply to Cluster (Server-Side Apply)…');
    // kubectl create owns data.mode: server-side apply reports the conflict first (before any diff), and the user
    // takes ownership.
    const conflict = page.locator('.monaco-dialog-box', {
      hasText: 'conflicts with fields another field manager owns',
    });
    await conflict.waitFor({ timeout: timeouts.cluster });
    await conflict.locator('.monaco-button', { hasText: 'Force (take ownership)' }).click();
    await conflict.waitFor({ state: 'detached', timeout: timeouts.ui });

    // The question and the diff at once; no modal dialog covering the diff.
    const question = notification(workbench, /Apply the changes shown in the diff/);
    await question.waitFor({ timeout: timeouts.cluster });
    const diff = page.locator('.editor-group-container.active .monaco-diff-editor').first();
    await diff.waitFor({ timeout: timeouts.ui });
    if (await page.locator('.monaco-dialog-box').isVisible())
      throw new Error('a modal dialog covers the diff while asking to apply');
    // The modified side's text lines; a deleted-lines view zone (inline diff on narrow windows) is also a .view-lines.
    const diffText = await diff.locator('.editor.modified .view-lines:not(.line-delete)').first().textContent();
    // Rendered lines use non-breaking spaces.
    if (!diffText?.replace(/\u00a0/g, ' ').includes('mode: fast'))
      throw new Error(`the diff does not show the change: ${diffText}`);
    await ctx.screenshot('apply diff readable while the question is asked');
    await question.locator('.monaco-button', { hasText: exact('Apply') }).click();
    await waitUntil(
      'kubectl to see the applied value',
      async () =>
        (await clusterKubectl(['-n', namespace, 'get', 'configmap', configMap, '-o', 'jsonpath={.data.mode}'])) ===
        'fast',
      timeouts.cluster,
    );

    // Applied: the copy is clean, and closing it asks nothing.
    const copyTab = tabNamed(workbench, title);
    await waitUntil(
      'the edited copy to be clean after apply',
      async () => !/\bdirty\b/.test((await copyTab.getAttribute('class')) ?? ''),
      timeouts.ui,
    );
    await copyTab.click();
    await workbench.runCommand('View: Close Editor');
    await copyTab.waitFor({ state: 'detached', timeout: timeouts.ui }).catch(async () => {
      const dialog = await page
        .locator('.monaco-dialog-box')
        .textContent()
        .catch(() => '');
      throw new Error(`the applied copy did not close${dialog ? `; a dialog asks: ${dialog}` : ''}`);
    });
    await clusterKubectl(['-n', namespace, 'delete', 'configmap', configMap, '--wait=false']);
  },
};

export const dryRunOffersEnable: Scenario<E2eContext> = {
  id: 'dry-run-enable',
  retries: 1,
  name: '11c. dry-run is not in the menu while its setting is off; invoked anyway, "Enable Dry-Run" turns it on and runs it',
  timeoutMs: 180_000,
  async run(ctx) {
    requireCluster(ctx);
    const { workbench } = ctx.session;
    const editor = await workbench.openFile('service.yaml');
    const dryRunLabel = 'Dry-Run Active Document on Cluster';
    const before = await contextMenuLabels(workbench, editor.locator('.view-lines'));
    if (before.includes(dryRunLabel))
      throw new Error('the editor menu offers dry-run while kubesense.dryRun.enabled is off');
    // The key binding still reaches the command: it says which setting and offers to turn it on.
    await editor.locator('.view-lines').click();
    await workbench.page.keyboard.press('Control+Alt+D');
    const offer = notification(workbench, 'kubesense.dryRun.enabled');
    await offer.waitFor({ timeout: timeouts.ui });
    await ctx.screenshot('dry-run off: the message offers to enable it');
    await offer.locator('.monaco-button', { hasText: exact('Enable Dry-Run') }).click();
    const outcome = notification(workbench, /Dry-run (on "|failed)/);
    await outcome.waitFor({ timeout: timeouts.cluster });
    const text = (await outcome.textContent()) ?? '';
    if (!/Dry-run on "/.test(text)) throw new Error(`the dry-run after enabling it did not run: ${text}`);
    await ctx.screenshot('dry-run ran after enabling it');
    const after = await contextMenuLabels(workbench, editor.locator('.view-lines'));
    if (!after.includes(dryRunLabel))
      throw new Error(`the editor menu lacks dry-run once enabled: ${after.join(', ')}`);
  },
};

export const hoverShowsTypes: Scenario<E2eContext> = {
  id: 'hover-types',
  retries: 1,
  name: '11d. the hover card of containers shows every field with its type, <string> included',
  timeoutMs: 180_000,
  async run(ctx) {
    const { workbench } = ctx.session;
    const page = workbench.page;
    await workbench.openFile('deployment.yaml');
    // `containers:` of the Deployment (line 17): its card lists the Container fields.
    // The card of `containers` itself: a card left from another file (or opened before the file switched) is not it.
    const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: /FIELD:\s*containers/ }).first();
    // The server answers hovers once its schemas are loaded: ask again until the card is there.
    await waitUntil(
      'the hover card of containers',
      async () => {
        await page.keyboard.press('Escape');
        await workbench.goTo(17, 8);
        await workbench.runCommand('Show or Focus Hover');
        return hover
          .waitFor({ timeout: 5000 })
          .then(() => true)
          .catch(() => false);
      },
      timeouts.language,
    );
    const text = ((await hover.textContent()) ?? '').replace(/\u00a0/g, ' ');
    await ctx.screenshot('hover card with field types');
    await page.keyboard.press('Escape');
    for (const field of ['args <[]string>', 'image <string>', 'imagePullPolicy <string>', 'lifecycle <Object>'])
      if (!text.includes(field)) throw new Error(`the hover card lacks "${field}": ${text}`);
  },
};
