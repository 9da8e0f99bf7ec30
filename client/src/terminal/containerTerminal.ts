// "Open Terminal" / "Run Command in Terminal…": a VS Code Pseudoterminal over the model's ContainerTerminal.
// Picks (pod, container, command) happen here; everything about the session is in client/src/model.
import * as vscode from 'vscode';
import type { Pod } from '../../../kube/typed/generated/types/api/core/v1';
import { errorMessage } from '../../../kube/util/errors';
import {
  ContainerTerminal,
  splitCommandLine,
  terminalContainers,
  terminalName,
  type TerminalTarget,
} from '../model/containerTerminal';
import type { ExplorerModel, ExplorerNode } from '../model/explorer';
import type { ContextConnection } from '../model/ports';
import { addressOf } from '../explorer/commands';
import type { Log } from '../output';

export interface TerminalDeps {
  model: ExplorerModel;
  view: vscode.TreeView<ExplorerNode>;
  log: Log;
}

const PODS = { group: '', version: 'v1', resource: 'pods', kind: 'Pod', namespaced: true, verbs: ['get'] };

export function registerTerminalCommands(deps: TerminalDeps): vscode.Disposable[] {
  const open = (withCommand: boolean) => async (arg?: unknown) => {
    try {
      await openTerminal(deps, arg, withCommand);
    } catch (err) {
      deps.log.error(`Open Terminal: ${errorMessage(err)}`);
      void vscode.window.showErrorMessage(`Open Terminal: ${errorMessage(err)}`);
    }
  };
  return [
    vscode.commands.registerCommand('kubesense.openTerminal', open(false)),
    vscode.commands.registerCommand('kubesense.runInTerminal', open(true)),
  ];
}

async function openTerminal(deps: TerminalDeps, arg: unknown, withCommand: boolean): Promise<void> {
  const { model } = deps;
  const node = (arg && typeof arg === 'object' && 'type' in arg ? arg : deps.view.selection[0]) as
    ExplorerNode | undefined;
  let contextName: string;
  let namespace: string;
  let podName: string | undefined;
  const fromTree = node?.type === 'object' && node.resource.group === '' && node.resource.resource === 'pods';
  if (fromTree) {
    const a = addressOf(model, node)!;
    contextName = a.address.context;
    namespace = a.address.namespace ?? 'default';
    podName = a.address.name;
  } else {
    const ctx = model.effectiveContext();
    if (!ctx) throw new Error('no current context: choose one in the Clusters view first');
    contextName = ctx.name;
    namespace = model.effectiveNamespace(ctx.name);
  }
  const session = await model.session(contextName);
  if (!podName) {
    podName = await pickPod(session, namespace);
    if (!podName) return;
  }
  const pod = (await session.getObject(PODS, namespace, podName)) as unknown as Pod;
  const containers = terminalContainers(pod);
  let container = containers[0]?.name;
  if (containers.length > 1) {
    const choice = await vscode.window.showQuickPick(
      containers.map((c) => ({
        label: c.name,
        description: [c.isDefault ? 'default' : '', c.note ?? ''].filter(Boolean).join(' · '),
      })),
      { title: `Container of ${podName}`, placeHolder: 'Open the terminal in which container?' },
    );
    if (!choice) return;
    container = choice.label;
  }
  if (!container) throw new Error(`pod ${namespace}/${podName} has no containers`);

  let command: string[] | undefined;
  if (withCommand || !fromTree) {
    if (!withCommand) {
      const how = await vscode.window.showQuickPick(
        [
          { label: 'Shell', description: '/bin/bash, else /bin/sh', run: false },
          { label: 'Run a command…', description: 'e.g. python3 or top', run: true },
        ],
        { title: `Terminal in ${podName}/${container}` },
      );
      if (!how) return;
      withCommand = how.run;
    }
    if (withCommand) {
      const line = await vscode.window.showInputBox({
        title: `Run in ${podName}/${container}`,
        prompt: 'The command and its arguments (quotes group words; no shell expansion unless you run sh -c)',
        placeHolder: 'sh -c "ps aux | head"',
        validateInput: (v) => {
          try {
            return splitCommandLine(v).length > 0 ? undefined : 'Type a command';
          } catch (e) {
            return errorMessage(e);
          }
        },
      });
      if (line === undefined) return;
      command = splitCommandLine(line);
    }
  }
  const target: TerminalTarget = { namespace, pod: podName, container };
  startTerminal(
    deps,
    session,
    target,
    (pod.spec?.containers?.length ?? 1) + (pod.spec?.initContainers?.length ?? 0),
    command,
  );
}

async function pickPod(session: ContextConnection, namespace: string): Promise<string | undefined> {
  const list = await session.client
    .forGroupVersion({ group: '', version: 'v1' })
    .get()
    .namespace(namespace)
    .resource('pods')
    .do<{ items: Pod[] }>();
  const items = list.items
    .filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed')
    .map((p) => ({
      label: p.metadata?.name ?? '',
      description: `${p.status?.phase ?? ''} · ${(p.spec?.containers ?? []).map((c) => c.name).join(', ')}`,
    }));
  if (items.length === 0) {
    void vscode.window.showInformationMessage(
      `No running pods in namespace "${namespace}" of "${session.contextName}".`,
    );
    return undefined;
  }
  const choice = await vscode.window.showQuickPick(items, {
    title: `Open Terminal: pod in ${session.contextName} / ${namespace}`,
    placeHolder: 'Pick a pod',
    matchOnDescription: true,
  });
  return choice?.label;
}

function startTerminal(
  deps: TerminalDeps,
  session: ContextConnection,
  target: TerminalTarget,
  containerCount: number,
  command: string[] | undefined,
): void {
  const name = terminalName(target, containerCount);
  const write = new vscode.EventEmitter<string>();
  const close = new vscode.EventEmitter<number | void>();
  const rename = new vscode.EventEmitter<string>();
  let ended = false;
  const term = new ContainerTerminal(
    session.client,
    target,
    {
      write: (text) => write.fire(text),
      ended: (outcome) => {
        ended = true;
        if (outcome.kind === 'exited' && outcome.exitCode === 0) {
          close.fire(0);
          return;
        }
        if (outcome.kind === 'failed') deps.log.error(`Terminal ${target.namespace}/${name}: ${outcome.message}`);
        rename.fire(`${name} (${outcome.label})`);
        write.fire('\x1b[2mPress any key to close the terminal.\x1b[0m\r\n');
      },
    },
    { command },
  );
  const pty: vscode.Pseudoterminal = {
    onDidWrite: write.event,
    onDidClose: close.event,
    onDidChangeName: rename.event,
    open: (dims) => {
      deps.log.info(
        `[${session.contextName}] terminal in ${target.namespace}/${target.pod} container ${target.container}`,
      );
      void term.open(dims ? { width: dims.columns, height: dims.rows } : undefined);
    },
    close: () => term.close(),
    handleInput: (data) => {
      if (ended) close.fire();
      else term.input(data);
    },
    setDimensions: (dims) => term.resize({ width: dims.columns, height: dims.rows }),
  };
  const terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('terminal') });
  terminal.show();
}
