// "Port Forward…" from the Clusters view or the command palette, the status bar item listing active forwards,
// and their quick pick (open, copy, stop). Decisions live in model/portForward.ts; this file asks and shows.
import * as vscode from 'vscode';
import { DynamicClient } from '../../kube/dynamic/client';
import type { Unstructured } from '../../kube/dynamic/unstructured';
import { errorMessage } from '../../kube/util/errors';
import { addressOf } from './explorer/commands';
import { escapeMd } from './model/markdown';
import type { ExplorerModel, ExplorerNode } from './model/explorer';
import {
  PortForwards,
  isForwardable,
  portChoices,
  type ActiveForward,
  type ForwardTargetRef,
} from './model/portForward';
import type { Log } from './output';

const KINDS: Record<string, string> = {
  pods: 'Pod',
  services: 'Service',
  deployments: 'Deployment',
  replicasets: 'ReplicaSet',
  statefulsets: 'StatefulSet',
  daemonsets: 'DaemonSet',
  replicationcontrollers: 'ReplicationController',
};

export function registerPortForward(deps: {
  model: ExplorerModel;
  view: vscode.TreeView<ExplorerNode>;
  log: Log;
}): vscode.Disposable[] {
  const { model, view, log } = deps;
  const forwards = new PortForwards();
  forwards.onError = (f, message) => log.warn(`[port-forward ${f.label}] ${message}`);

  const item = vscode.window.createStatusBarItem('kubesense.portForwards', vscode.StatusBarAlignment.Left, 40);
  item.name = 'Kubernetes Port Forwards';
  item.command = 'kubesense.portForwards';
  const redraw = () => {
    const list = forwards.list();
    if (list.length === 0) {
      item.hide();
      return;
    }
    item.text = list.length === 1 ? `$(plug) localhost:${list[0].localPort}` : `$(plug) ${list.length} forwards`;
    item.tooltip = new vscode.MarkdownString(
      `**Port forwards** (click to open, copy or stop)\n\n${list.map((f) => `- ${escapeMd(describe(f))}`).join('\n')}`,
    );
    item.accessibilityInformation = { label: `${list.length} Kubernetes port forwards. Click to manage them.` };
    item.show();
  };
  const changes = forwards.onDidChange(redraw);

  /** The target from a tree item, else one picked from the pods and Services of the current namespace. */
  const chooseTarget = async (arg: unknown): Promise<ForwardTargetRef | undefined> => {
    const node = (arg && typeof arg === 'object' && 'type' in arg ? arg : view.selection[0]) as
      ExplorerNode | undefined;
    if (node?.type === 'object' && isForwardable(node.resource)) {
      const a = addressOf(model, node);
      if (!a?.address.namespace) return undefined;
      return {
        context: a.address.context,
        namespace: a.address.namespace,
        resource: { group: a.resource.group, version: a.resource.version, resource: a.resource.resource },
        kind: a.resource.kind,
        name: a.address.name,
      };
    }
    const ctx = model.effectiveContext();
    if (!ctx) {
      void vscode.window.showInformationMessage('No Kubernetes context: choose one in the Clusters view first.');
      return undefined;
    }
    const namespace = model.effectiveNamespace(ctx.name);
    const session = await model.session(ctx.name);
    const dynamic = new DynamicClient(session.client);
    const items = (async () => {
      const [pods, services] = await Promise.all(
        ['pods', 'services'].map((resource) =>
          dynamic.resource({ group: '', version: 'v1', resource }).namespace(namespace).list(),
        ),
      );
      return [
        ...services.items.map((o) => ({
          label: `svc/${o.metadata?.name}`,
          resource: 'services',
          name: o.metadata!.name!,
        })),
        ...pods.items.map((o) => ({ label: `pod/${o.metadata?.name}`, resource: 'pods', name: o.metadata!.name! })),
      ];
    })();
    const picked = await vscode.window.showQuickPick(items, {
      title: `Port Forward: Service or pod in namespace "${namespace}" (context "${ctx.name}")`,
      placeHolder: 'Type to filter',
    });
    if (!picked) return undefined;
    return {
      context: ctx.name,
      namespace,
      resource: { group: '', version: 'v1', resource: picked.resource },
      kind: KINDS[picked.resource],
      name: picked.name,
    };
  };

  const choosePorts = async (obj: Unstructured): Promise<{ remote: number; local: number } | undefined> => {
    const other = { label: '$(edit) Another port…', port: 0, description: '' };
    const choices = portChoices(obj);
    const picked =
      choices.length === 0
        ? other
        : await vscode.window.showQuickPick([...choices, other], {
            title: `Port Forward: port of ${obj.kind} ${obj.metadata?.name}`,
            placeHolder: obj.kind === 'Service' ? 'A Service port (forwarded to its targetPort)' : 'A container port',
          });
    if (!picked) return undefined;
    let remote = picked.port;
    if (!remote) {
      const typed = await vscode.window.showInputBox({
        title: `Port Forward: port of ${obj.kind} ${obj.metadata?.name}`,
        prompt: obj.kind === 'Service' ? 'Service port number' : 'Port number in the pod',
        validateInput: (v) => (validPort(v, false) ? undefined : 'A number from 1 to 65535'),
      });
      if (typed === undefined) return undefined;
      remote = Number(typed);
    }
    const local = await vscode.window.showInputBox({
      title: `Port Forward: local port for ${remote}`,
      prompt: 'Local port on localhost (leave empty for any free port)',
      placeHolder: 'any free port',
      validateInput: (v) => (v === '' || validPort(v, false) ? undefined : 'Empty, or a number from 1 to 65535'),
    });
    if (local === undefined) return undefined;
    return { remote, local: local === '' ? 0 : Number(local) };
  };

  const start = async (arg: unknown) => {
    let what = 'Port Forward';
    try {
      const target = await chooseTarget(arg);
      if (!target) return;
      what = `Port Forward ${target.kind} "${target.name}"`;
      const session = await model.session(target.context);
      const obj = (await new DynamicClient(session.client)
        .resource(target.resource)
        .namespace(target.namespace)
        .get(target.name)) as Unstructured;
      const ports = await choosePorts(obj);
      if (!ports) return;
      const forward = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: `Starting port forward to ${target.name}` },
        () =>
          forwards.start({
            client: session.client,
            target,
            remotePort: ports.remote,
            localPort: ports.local || undefined,
          }),
      );
      log.info(`[port-forward] ${describe(forward)}`);
      void vscode.window
        .showInformationMessage(
          `Forwarding localhost:${forward.localPort} → ${forward.label.split(' → ')[0]}`,
          'Open in Browser',
          'Copy Address',
        )
        .then((choice) => act(forward, choice));
    } catch (err) {
      log.error(`${what}: ${errorMessage(err)}`);
      void vscode.window
        .showErrorMessage(`${what}: ${errorMessage(err)}`, 'Show Output')
        .then((c) => c && log.show(true));
    }
  };

  const act = async (forward: ActiveForward, choice: string | undefined) => {
    const address = `http://localhost:${forward.localPort}`;
    if (choice === 'Open in Browser') await vscode.env.openExternal(vscode.Uri.parse(address));
    else if (choice === 'Copy Address') await vscode.env.clipboard.writeText(`localhost:${forward.localPort}`);
    else if (choice === 'Stop') {
      await forward.stop();
      log.info(`[port-forward] stopped ${forward.label}`);
    }
  };

  const manage = async () => {
    const list = forwards.list();
    if (list.length === 0) {
      void vscode.window.showInformationMessage(
        'No active port forwards. Start one with "Port Forward…" on a pod or Service.',
      );
      return;
    }
    const stopAll = { label: '$(debug-stop) Stop all', description: '', forward: undefined };
    const picked = await vscode.window.showQuickPick(
      [
        ...list.map((f) => ({
          label: f.label,
          description: describeState(f),
          forward: f as ActiveForward | undefined,
        })),
        ...(list.length > 1 ? [stopAll] : []),
      ],
      { title: 'Kubernetes Port Forwards', placeHolder: 'Choose a forward to open, copy or stop' },
    );
    if (!picked) return;
    if (!picked.forward) {
      await forwards.stopAll();
      return;
    }
    const choice = await vscode.window.showQuickPick(['Open in Browser', 'Copy Address', 'Stop'], {
      title: picked.forward.label,
    });
    await act(picked.forward, choice);
  };

  return [
    item,
    changes,
    { dispose: () => void forwards.stopAll() },
    vscode.commands.registerCommand('kubesense.portForward', start),
    vscode.commands.registerCommand('kubesense.portForwards', manage),
    vscode.commands.registerCommand('kubesense.portForwards.stopAll', () => forwards.stopAll()),
  ];
}

function validPort(v: string, allowZero: boolean): boolean {
  if (!/^\d{1,5}$/.test(v)) return false;
  const n = Number(v);
  return n <= 65535 && (allowZero || n > 0);
}

function describeState(f: ActiveForward): string {
  const parts = [`pod ${f.pod ?? '?'}`, `${f.connections} open`];
  if (f.lastError) parts.push(`last error: ${f.lastError}`);
  return parts.join(' · ');
}

function describe(f: ActiveForward): string {
  return `${f.label} (context ${f.target.context}, namespace ${f.target.namespace}; ${describeState(f)})`;
}
