// "Show Logs": a pod's, a container's or a workload's log followed in a read-only output view of its own
// (appended in batches, so 100k lines cost one append per batch, and the view keeps to the tail). A status bar
// item says what the shown log is doing; its menu and the palette stop, restart, toggle timestamps and switch to
// the previous instance. The logic is in ../model/podLogs.ts.
import * as vscode from 'vscode';
import { classifyFailure } from '../model/errors';
import type { ExplorerModel, ExplorerNode } from '../model/explorer';
import type { PodLike } from '../../../kube/logs';
import {
  containerChoices,
  describeLogState,
  hasLogs,
  logTarget,
  podForLogs,
  PodLogSession,
  type LogViewOptions,
} from '../model/podLogs';
import { addressOf } from '../explorer/commands';
import type { Log } from '../output';

interface LogView {
  session: PodLogSession;
  channel: vscode.OutputChannel;
}

export class PodLogViews implements vscode.Disposable {
  private readonly views = new Map<string, LogView>();
  private active?: LogView;
  private readonly status: vscode.StatusBarItem;

  constructor(
    private readonly model: ExplorerModel,
    private readonly log: Log,
  ) {
    this.status = vscode.window.createStatusBarItem('kubesense.logs', vscode.StatusBarAlignment.Left, 40);
    this.status.name = 'Kubernetes Logs';
    this.status.command = 'kubesense.logs.actions';
  }

  /** The sessions open now (for tests). */
  get sessions(): PodLogSession[] {
    return [...this.views.values()].map((v) => v.session);
  }

  async open(contextName: string, pod: PodLike, container: string, options: Partial<LogViewOptions> = {}) {
    const target = logTarget(pod, container);
    const key = `${contextName}/${target.namespace}/${target.pod}/${target.container}`;
    let view = this.views.get(key);
    if (!view) {
      const session = await this.model.session(contextName);
      const channel = vscode.window.createOutputChannel(
        `Logs: pod/${target.pod}/${target.container} (${target.namespace})`,
        'log',
      );
      const created: LogView = {
        channel,
        session: new PodLogSession(
          session.client,
          target,
          { timestamps: false, previous: false },
          {
            append: (text) => {
              channel.append(text);
              if (this.active === created) this.update();
            },
            clear: () => channel.clear(),
            state: (state) => {
              if (state.kind === 'failed') this.log.warn(`logs ${created.session.title}: ${state.message}`);
              if (this.active === created) this.update();
            },
          },
        ),
      };
      view = created;
      this.views.set(key, view);
    }
    this.active = view;
    view.channel.show(true);
    this.update();
    void view.session.start(options);
  }

  private update(): void {
    const view = this.active;
    if (!view) {
      this.status.hide();
      return;
    }
    const s = view.session;
    const icon = s.current.kind === 'failed' ? '$(error)' : s.running ? '$(sync~spin)' : '$(output)';
    this.status.text = `${icon} ${s.title} · ${describeLogState(s.current, s.lines)}`;
    this.status.tooltip = `Logs of ${s.title} in namespace ${s.target.namespace}. Click to stop, restart, show timestamps or the previous instance.`;
    this.status.show();
  }

  private async pickView(): Promise<LogView | undefined> {
    if (this.views.size <= 1) return this.active ?? [...this.views.values()][0];
    const picked = await vscode.window.showQuickPick(
      [...this.views.values()].map((v) => ({
        label: v.session.title,
        description: describeLogState(v.session.current, v.session.lines),
        view: v,
      })),
      { title: 'Which log?' },
    );
    if (picked) this.active = picked.view;
    return picked?.view;
  }

  async stop(): Promise<void> {
    (await this.pickView())?.session.stop();
    this.update();
  }

  async restart(options: Partial<LogViewOptions> = {}): Promise<void> {
    const view = await this.pickView();
    if (!view) return;
    this.active = view;
    view.channel.show(true);
    void view.session.start(options);
  }

  async toggleTimestamps(): Promise<void> {
    const view = await this.pickView();
    if (view) await this.restartView(view, { timestamps: !view.session.options.timestamps });
  }

  async togglePrevious(): Promise<void> {
    const view = await this.pickView();
    if (view) await this.restartView(view, { previous: !view.session.options.previous });
  }

  private async restartView(view: LogView, options: Partial<LogViewOptions>): Promise<void> {
    this.active = view;
    view.channel.show(true);
    void view.session.start(options);
  }

  /** The status bar item's menu. */
  async actions(): Promise<void> {
    const view = await this.pickView();
    if (!view) return;
    const s = view.session;
    type Item = vscode.QuickPickItem & { run: () => unknown };
    const items: Item[] = [
      ...(s.running ? [{ label: '$(debug-stop) Stop', run: () => s.stop() }] : []),
      { label: '$(debug-restart) Restart', run: () => this.restartView(view, {}) },
      {
        label: s.options.timestamps ? '$(clock) Hide Timestamps' : '$(clock) Show Timestamps',
        run: () => this.restartView(view, { timestamps: !s.options.timestamps }),
      },
      {
        label: s.options.previous ? '$(history) Show Current Container' : '$(history) Show Previous Container',
        description: s.options.previous ? 'follow the running instance' : 'the log of the last terminated instance',
        run: () => this.restartView(view, { previous: !s.options.previous }),
      },
      { label: '$(output) Show', run: () => view.channel.show(true) },
    ];
    const picked = await vscode.window.showQuickPick(items, { title: `Logs: ${s.title}` });
    await picked?.run();
    this.update();
  }

  dispose(): void {
    for (const v of this.views.values()) {
      v.session.stop(false);
      v.channel.dispose();
    }
    this.views.clear();
    this.status.dispose();
  }
}

/** Show Logs from the tree (a pod or a workload) or the palette (pick a pod of the current namespace). */
export function registerPodLogCommands(
  model: ExplorerModel,
  view: vscode.TreeView<ExplorerNode>,
  views: PodLogViews,
  log: Log,
): vscode.Disposable[] {
  const showLogs = async (arg: unknown) => {
    const node = arg && typeof arg === 'object' && 'type' in arg ? (arg as ExplorerNode) : view.selection[0];
    try {
      const picked =
        node?.type === 'object' && hasLogs(node.resource) ? await fromNode(model, node) : await pickPod(model);
      if (!picked) return;
      const container = await pickContainer(picked.pod);
      if (container) await views.open(picked.context, picked.pod, container);
    } catch (err) {
      const failure = classifyFailure(err);
      log.error(`Show Logs: ${failure.detail}`);
      void vscode.window.showErrorMessage(`Show Logs: ${failure.label}`);
    }
  };
  const reg = vscode.commands.registerCommand;
  return [
    reg('kubesense.showLogs', showLogs),
    reg('kubesense.logs.actions', () => views.actions()),
    reg('kubesense.logs.stop', () => views.stop()),
    reg('kubesense.logs.restart', () => views.restart()),
    reg('kubesense.logs.toggleTimestamps', () => views.toggleTimestamps()),
    reg('kubesense.logs.togglePrevious', () => views.togglePrevious()),
  ];
}

async function fromNode(
  model: ExplorerModel,
  node: Extract<ExplorerNode, { type: 'object' }>,
): Promise<{ context: string; pod: PodLike } | undefined> {
  const a = addressOf(model, node);
  if (!a) return undefined;
  const session = await model.session(a.address.context);
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `Finding the pod of ${a.address.name}`, cancellable: true },
    async (_p, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const object = await session.getObject(a.resource, a.address.namespace, a.address.name, controller.signal);
      return { context: a.address.context, pod: await podForLogs(session.client, object, controller.signal) };
    },
  );
}

async function pickPod(model: ExplorerModel): Promise<{ context: string; pod: PodLike } | undefined> {
  const context = model.effectiveContext()?.name;
  if (!context) {
    void vscode.window.showInformationMessage('No Kubernetes context to show logs from.');
    return undefined;
  }
  const namespace = model.effectiveNamespace(context);
  const session = await model.session(context);
  const pods = session.client
    .forGroupVersion({ group: '', version: 'v1' })
    .get()
    .namespace(namespace)
    .resource('pods')
    .do<{ items?: PodLike[] }>()
    .then((l) =>
      (l.items ?? []).map((pod) => ({
        label: pod.metadata?.name ?? '',
        description: pod.status?.phase,
        pod,
      })),
    );
  const picked = await vscode.window.showQuickPick(pods, {
    title: `Show Logs: a pod in namespace ${namespace} (context ${context})`,
    placeHolder: 'Pod',
    matchOnDescription: true,
  });
  return picked && { context, pod: picked.pod };
}

async function pickContainer(pod: PodLike): Promise<string | undefined> {
  const choices = containerChoices(pod);
  if (choices.length <= 1) return choices[0]?.container;
  const picked = await vscode.window.showQuickPick(
    choices.map((c) => ({
      label: c.container,
      description: [c.role, c.isDefault ? 'default' : ''].filter(Boolean).join(' · '),
      container: c.container,
    })),
    { title: `Show Logs: container of pod ${pod.metadata?.name}` },
  );
  return picked?.container;
}
