// The explorer's tree model through the extension's exported API (what the Clusters view renders), against
// the seeded test cluster. Bounded by mocha's timeout: a child list that never settles fails the test.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { KubesenseApi } from '../../../client/src/extension';
import type { ExplorerNode } from '../../../client/src/model/explorer';
import { activatedExtension } from './helpers';

async function api(): Promise<KubesenseApi> {
  return (await activatedExtension()).exports as KubesenseApi;
}

async function childByLabel(model: KubesenseApi['model'], parent: ExplorerNode, label: string): Promise<ExplorerNode> {
  const children = await model.children(parent);
  const found = children.find((child) => model.view(child).label === label);
  assert.ok(
    found,
    `no "${label}" under ${model.view(parent).label}; children: ${children.map((c) => model.view(c).label).join(', ')}`,
  );
  return found;
}

describe('explorer model', function () {
  before(function () {
    if (!process.env.KUBESENSE_TEST_KUBECONFIG) {
      if (process.env.CI === 'true') throw new Error('KUBESENSE_TEST_KUBECONFIG is required in CI');
      this.skip();
    }
  });

  it('lists the contexts of both kubeconfig files with the current one first-class', async () => {
    const { model, kubeconfig } = await api();
    const roots = model.roots();
    const labels = roots.map((node) => model.view(node).label);
    assert.deepEqual([...labels].sort(), ['admin', 'cert-user', 'restricted', 'unreachable']);
    assert.equal(kubeconfig().currentContext, 'admin');
    const admin = roots.find((node) => model.view(node).label === 'admin')!;
    assert.match(model.view(admin).description ?? '', /current/);
  });

  it('lists namespaces, kind groups and the seeded pods of a namespace', async () => {
    const { model } = await api();
    const admin = model.roots().find((node) => model.view(node).label === 'admin')!;
    const shop = await childByLabel(model, admin, 'shop');
    const workloads = await childByLabel(model, shop, 'Workloads');
    const pods = await childByLabel(model, workloads, 'Pods');
    const objects = await model.children(pods);
    assert.ok(objects.length > 0, 'no pods listed in shop');
    for (const pod of objects) {
      assert.match(
        model.view(pod).description ?? '',
        // kubectl's STATUS: the phase, or why a container waits or stopped (shop has a pod stuck
        // pulling a bad image and one crash-looping).
        /^(Running|Pending|Succeeded|Failed|Unknown|ContainerCreating|ImagePullBackOff|ErrImagePull|CrashLoopBackOff|Error|Completed|Terminating) · /,
        model.view(pod).label,
      );
    }
  });

  it('turns a 403 into an error node that names what was denied', async () => {
    const { model } = await api();
    const restricted = model.roots().find((node) => model.view(node).label === 'restricted')!;
    const children = await model.children(restricted);
    const forbidden = children.find((child) => /^Forbidden:/.test(model.view(child).label));
    assert.ok(forbidden, `no Forbidden node under restricted: ${children.map((c) => model.view(c).label).join(', ')}`);
    assert.match(model.view(forbidden).label, /namespaces/);
  });

  it('shows a Secret decoded only on the explicit action, in a read-only in-memory document', async () => {
    const { model } = await api();
    const admin = model.roots().find((node) => model.view(node).label === 'admin')!;
    const shop = await childByLabel(model, admin, 'shop');
    const config = await childByLabel(model, shop, 'Config & Storage');
    const secrets = await childByLabel(model, config, 'Secrets');
    const secret = await childByLabel(model, secrets, 'checkout-db');
    const session = await model.session('admin');
    const stored = await session.getObject(
      { group: '', version: 'v1', resource: 'secrets', kind: 'Secret', namespaced: true, verbs: [] },
      'shop',
      'checkout-db',
    );
    const password = Buffer.from((stored.data as Record<string, string>).password!, 'base64').toString('utf8');
    const shown = model.view(secret);
    assert.ok(!`${shown.description} ${shown.tooltip}`.includes(password), 'the tree never shows the value');
    await vscode.commands.executeCommand('kubesense.showDecodedSecret', secret);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.scheme, 'kubesense-secret');
    assert.ok(editor.document.getText().includes(`password: ${password}`), editor.document.getText());
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it("stops every watch when the view's own Collapse All is used", async () => {
    const { model, explorerView } = await api();
    const admin = model.roots().find((node) => model.view(node).label === 'admin')!;
    const shop = await childByLabel(model, admin, 'shop');
    const workloads = await childByLabel(model, shop, 'Workloads');
    const pods = await childByLabel(model, workloads, 'Pods');
    // Expanded in the real tree (reveal walks up through getParent), so VS Code itself asks for the pods.
    await explorerView.reveal(pods, { expand: true, select: false, focus: false });
    await untilModel(model, () => model.activeWatchCount() > 0, 'a watch on the expanded Pods');
    // VS Code's built-in title action (showCollapseAll), not ours: it collapses in the workbench only.
    await vscode.commands.executeCommand('workbench.actions.treeView.kubesense.explorer.collapseAll');
    await untilModel(model, () => model.activeWatchCount() === 0, 'no watch after Collapse All');
  });
});

/** Waits until the model's state satisfies `accept`, re-checking on each model change and every 100 ms. */
async function untilModel(
  model: KubesenseApi['model'],
  accept: () => boolean,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  if (accept()) return;
  await new Promise<void>((resolve, reject) => {
    const finish = (error?: Error) => {
      clearInterval(poll);
      clearTimeout(timer);
      subscription.dispose();
      if (error) reject(error);
      else resolve();
    };
    const check = () => accept() && finish();
    const subscription = model.onDidChange(check);
    const poll = setInterval(check, 100);
    const timer = setTimeout(
      () => finish(new Error(`timed out waiting for ${what} (active watches: ${model.activeWatchCount()})`)),
      timeoutMs,
    );
  });
}
