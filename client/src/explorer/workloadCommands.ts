// Scale…, Restart, Rollout Status and Rollout Undo: thin glue between the tree (or the command palette) and
// client/src/model/workloadActions.ts. Slow work shows progress; failures go to a message and the output.
import * as vscode from 'vscode';
import { classifyFailure } from '../model/errors';
import type { ExplorerModel, ExplorerNode } from '../model/explorer';
import {
  WorkloadActions,
  printedName,
  replicasInputError,
  supports,
  type WorkloadAction,
  type WorkloadRef,
} from '../model/workloadActions';
import type { Log } from '../output';
import { addressOf } from './commands';

export interface WorkloadCommandDeps {
  model: ExplorerModel;
  view: vscode.TreeView<ExplorerNode>;
  log: Log;
}

interface Target {
  context: string;
  ref: WorkloadRef;
  actions: WorkloadActions;
}

export function registerWorkloadCommands(deps: WorkloadCommandDeps): vscode.Disposable[] {
  const { model, view, log } = deps;

  const report = (action: string, err: unknown) => {
    const failure = classifyFailure(err);
    const label = failure.kind === 'other' ? failure.detail.split('\n')[0] : failure.label;
    log.error(`${action}: ${failure.detail}`);
    void vscode.window.showErrorMessage(`${action}: ${label}`, 'Show Output').then((c) => c && log.show(true));
  };

  /** The workload a menu passed, else the tree's selection, else one picked from the current namespace. */
  const resolve = async (arg: unknown, action: WorkloadAction): Promise<Target | undefined> => {
    const node = (arg && typeof arg === 'object' && 'type' in arg ? arg : view.selection[0]) as
      ExplorerNode | undefined;
    if (node?.type === 'object' && supports(action, node.resource)) {
      const a = addressOf(model, node);
      if (!a) return undefined;
      const session = await model.session(a.address.context);
      return {
        context: a.address.context,
        actions: new WorkloadActions(session.client),
        ref: {
          group: a.resource.group,
          version: a.resource.version,
          resource: a.resource.resource,
          kind: a.resource.kind,
          namespace: a.address.namespace ?? '',
          name: a.address.name,
        },
      };
    }
    return pickWorkload(model, action);
  };

  const run = (action: WorkloadAction, fn: (t: Target) => Promise<void>) => async (arg?: unknown) => {
    let t: Target | undefined;
    try {
      t = await resolve(arg, action);
    } catch (err) {
      return report(TITLES[action], err);
    }
    if (!t) return;
    try {
      await fn(t);
    } catch (err) {
      report(`${TITLES[action]} ${printedName(t.ref)}`, err);
    }
  };

  const followStatus = async (t: Target) => {
    const name = printedName(t.ref);
    const last = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Rollout status of ${name}`, cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        token.onCancellationRequested(() => controller.abort());
        try {
          return await t.actions.followStatus(
            t.ref,
            (s) => {
              log.info(`[${t.context}] ${s.message.trimEnd()}`);
              progress.report({ message: s.message.trim() });
            },
            controller.signal,
          );
        } catch (err) {
          if (controller.signal.aborted) return undefined;
          throw err;
        }
      },
    );
    if (last) void vscode.window.showInformationMessage(last.message.trim());
  };

  /** After a change that starts a rollout: say so, and offer to follow it (Enter on the button). */
  const announce = async (t: Target, message: string) => {
    log.info(`[${t.context}] ${message}`);
    if (!supports('status', t.ref)) return void vscode.window.showInformationMessage(message);
    const choice = await vscode.window.showInformationMessage(message, 'Follow Rollout');
    if (choice) await followStatus(t);
  };

  const scaleCommand = run('scale', async (t) => {
    const seen = await t.actions.currentReplicas(t.ref);
    const text = await vscode.window.showInputBox({
      title: `Scale ${printedName(t.ref)}`,
      prompt: `Replicas (now ${seen})`,
      value: String(seen),
      valueSelection: [0, String(seen).length],
      validateInput: replicasInputError,
    });
    if (text === undefined) return;
    const replicas = Number(text.trim());
    const message = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Scaling ${printedName(t.ref)}` },
      () => t.actions.scale(t.ref, replicas, seen),
    );
    await announce(t, message);
  });

  const restartCommand = run('restart', async (t) => {
    const choice = await vscode.window.showWarningMessage(
      `Restart ${printedName(t.ref)}?`,
      { modal: true, detail: `Context "${t.context}". Every pod is replaced by a rolling update.` },
      'Restart',
    );
    if (choice !== 'Restart') return;
    await announce(t, await t.actions.restart(t.ref));
  });

  const undoCommand = run('undo', async (t) => {
    const items = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `Reading the history of ${printedName(t.ref)}` },
      () => t.actions.revisions(t.ref),
    );
    if (!items.some((i) => !i.current)) {
      void vscode.window.showInformationMessage(`${printedName(t.ref)} has no earlier revision to roll back to.`);
      return;
    }
    const picked = await vscode.window.showQuickPick(
      items.map((i) => ({ ...i, label: i.current ? `$(check) ${i.label}` : i.label })),
      {
        title: `Roll back ${printedName(t.ref)} to…`,
        placeHolder: 'Revision (newest first)',
        matchOnDescription: true,
        matchOnDetail: true,
      },
    );
    if (!picked) return;
    await announce(t, await t.actions.undo(t.ref, picked.revision));
  });

  const reg = (id: string, fn: (arg?: unknown) => unknown) => vscode.commands.registerCommand(id, fn);
  return [
    reg('kubesense.scale', scaleCommand),
    reg('kubesense.rolloutRestart', restartCommand),
    reg('kubesense.rolloutStatus', run('status', followStatus)),
    reg('kubesense.rolloutUndo', undoCommand),
  ];
}

const TITLES: Record<WorkloadAction, string> = {
  scale: 'Scale',
  restart: 'Restart',
  status: 'Rollout Status',
  undo: 'Rollout Undo',
};

/** From the palette with nothing selected: the current context and namespace's workloads. */
async function pickWorkload(model: ExplorerModel, action: WorkloadAction): Promise<Target | undefined> {
  const context = model.effectiveContext()?.name;
  if (!context) {
    void vscode.window.showInformationMessage('No Kubernetes context: pick one in the Clusters view first.');
    return undefined;
  }
  const namespace = model.effectiveNamespace(context);
  const session = await model.session(context);
  const actions = new WorkloadActions(session.client);
  const refs = actions.listWorkloads(namespace, action);
  type Item = vscode.QuickPickItem & { ref: WorkloadRef };
  const picked = await vscode.window.showQuickPick<Item>(
    refs.then((list) => list.map((ref) => ({ label: ref.name, description: ref.kind, ref }))),
    { title: `${TITLES[action]}: workload in ${context} / ${namespace}`, placeHolder: 'Workload' },
  );
  return picked && { context, ref: picked.ref, actions };
}
