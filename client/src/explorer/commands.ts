// Explorer commands: thin handlers that find their target node, ask the model or a session, and report
// failures once (output channel + one message), never per object.
import * as vscode from 'vscode';
import { setContextNamespace, useContext } from '../../../kube/kubeconfig/modify';
import type { LoadOptions } from '../../../kube/kubeconfig/loader';
import { classifyFailure } from '../model/errors';
import type { ExplorerModel, ExplorerNode, NamespaceNode, ObjectNode } from '../model/explorer';
import type { ContextInfo } from '../model/ports';
import type { ExplorerResource } from '../model/kinds';
import type { ObjectAddress } from '../model/uris';
import type { EditedCopies } from '../documents/editApply';
import { resourceUri, type ResourceDocumentProvider } from '../documents/resourceDocuments';
import type { Log } from '../output';

const NAMESPACES: ExplorerResource = {
  group: '',
  version: 'v1',
  resource: 'namespaces',
  kind: 'Namespace',
  namespaced: false,
  verbs: ['get', 'list', 'watch', 'delete', 'patch'],
};

export interface CommandDeps {
  model: ExplorerModel;
  view: vscode.TreeView<ExplorerNode>;
  documents: ResourceDocumentProvider;
  edits: EditedCopies;
  log: Log;
  /** Load options for kubeconfig writes (the same files the explorer reads). */
  kubeconfigOptions(): LoadOptions;
  /** Re-read the kubeconfig now (after a write, without waiting for the file watcher). */
  reloadKubeconfig(): void;
  /** The editor-only selection changed (status bar, language server settings). */
  selectionChanged(): void;
}

type Addressable = ObjectNode | NamespaceNode;

function isAddressable(n: ExplorerNode | undefined): n is Addressable {
  return !!n && (n.type === 'object' || n.type === 'namespace');
}

export function addressOf(
  model: ExplorerModel,
  node: Addressable,
): { address: ObjectAddress; resource: ExplorerResource } | undefined {
  if (node.type === 'namespace') {
    return {
      address: { context: node.contextName, group: '', version: 'v1', resource: 'namespaces', name: node.namespace },
      resource: NAMESPACES,
    };
  }
  const row = model.rowOf(node);
  const r = node.resource;
  const name = row?.name ?? node.key.split('/').pop()!;
  return {
    address: {
      context: node.contextName,
      group: r.group,
      version: r.version,
      resource: r.resource,
      namespace: r.namespaced ? (row?.namespace ?? node.namespace) : undefined,
      name,
    },
    resource: r,
  };
}

export function registerExplorerCommands(deps: CommandDeps): vscode.Disposable[] {
  const { model, view, log } = deps;
  /** Command argument from a menu/inline action, else the focused tree item (keybindings). */
  const target = (arg: unknown): ExplorerNode | undefined =>
    arg && typeof arg === 'object' && 'type' in arg ? (arg as ExplorerNode) : view.selection[0];
  const addressable = (arg: unknown): Addressable | undefined => {
    const node = target(arg);
    if (isAddressable(node)) return node;
    void vscode.window.showInformationMessage('Select an object in the Clusters view first.');
    return undefined;
  };
  const reportOnce = (action: string, err: unknown) => {
    const failure = classifyFailure(err);
    log.error(`${action}: ${failure.detail}`);
    void vscode.window.showErrorMessage(`${action}: ${failure.label}`, 'Show Logs').then((c) => c && log.show(true));
  };
  const open = async (node: Addressable, kind: 'yaml' | 'describe' | 'events') => {
    const a = addressOf(model, node);
    if (!a) return;
    const uri = resourceUri(a.address, kind);
    deps.documents.reload(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: true });
  };

  const reg = (id: string, fn: (arg?: unknown) => unknown) => vscode.commands.registerCommand(id, fn);
  return [
    reg('kubesense.explorer.refresh', (arg) => model.refresh(arg ? target(arg) : undefined)),
    reg('kubesense.explorer.retry', (arg) => model.refresh(target(arg))),
    reg('kubesense.explorer.collapseAll', async () => {
      await vscode.commands.executeCommand('workbench.actions.treeView.kubesense.explorer.collapseAll');
      // Nothing is expanded any more: nothing needs watching.
      model.stopAll();
    }),
    reg('kubesense.openYaml', async (arg) => {
      const node = addressable(arg);
      if (node) await open(node, 'yaml').catch((e) => reportOnce('Open as YAML', e));
    }),
    reg('kubesense.describe', async (arg) => {
      const node = addressable(arg);
      if (node) await open(node, 'describe').catch((e) => reportOnce('Describe', e));
    }),
    reg('kubesense.showEvents', async (arg) => {
      const node = addressable(arg);
      if (node) await open(node, 'events').catch((e) => reportOnce('Events', e));
    }),
    reg('kubesense.editYaml', async (arg) => {
      const node = addressable(arg);
      const a = node && addressOf(model, node);
      if (a) await deps.edits.open(a.address, a.resource).catch((e) => reportOnce('Edit', e));
    }),
    reg('kubesense.applyEditedCopy', () => deps.edits.apply(vscode.window.activeTextEditor?.document)),
    reg('kubesense.copyName', async (arg) => {
      const node = target(arg);
      if (!node) return;
      const label = model.view(node).label;
      await vscode.env.clipboard.writeText(label);
      vscode.window.setStatusBarMessage(`Copied "${label}"`, 2000);
    }),
    reg('kubesense.delete', async (arg) => {
      const node = addressable(arg);
      const a = node && addressOf(model, node);
      if (!a) return;
      const { address, resource } = a;
      const what = `${resource.kind} "${address.name}"${address.namespace ? ` in namespace "${address.namespace}"` : ''}`;
      const choice = await vscode.window.showWarningMessage(
        `Delete ${what}?`,
        { modal: true, detail: `Context "${address.context}". This cannot be undone.` },
        'Delete',
      );
      if (choice !== 'Delete') return;
      try {
        const session = await model.session(address.context);
        await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: `Deleting ${what}`, cancellable: true },
          (_p, token) => {
            const controller = new AbortController();
            token.onCancellationRequested(() => controller.abort());
            return session.deleteObject(resource, address.namespace, address.name, controller.signal);
          },
        );
        log.info(
          `[${address.context}] deleted ${resource.resource} ${address.namespace ? address.namespace + '/' : ''}${address.name}`,
        );
        // The watch removes it from the tree; no refresh needed.
      } catch (err) {
        reportOnce(`Delete ${what}`, err);
      }
    }),
    reg('kubesense.useContext', async (arg) => {
      const node = target(arg);
      const name =
        node?.type === 'context'
          ? node.context.name
          : await pickContext(model, 'Context to make current (written to the kubeconfig)');
      if (!name) return;
      try {
        const { file } = useContext(deps.kubeconfigOptions(), name);
        model.selection.context = undefined;
        log.info(`use-context ${name}${file ? ` (wrote ${file})` : ' (already current)'}`);
        deps.reloadKubeconfig();
        deps.selectionChanged();
      } catch (err) {
        reportOnce(`Use context "${name}"`, err);
      }
    }),
    reg('kubesense.useContextInEditor', async (arg) => {
      const node = target(arg);
      const name =
        node?.type === 'context' ? node.context.name : await pickContext(model, 'Context for this editor window only');
      if (!name) return;
      model.selection.context = name === model.kubeconfig.currentContext ? undefined : name;
      model.refreshView();
      deps.selectionChanged();
    }),
    reg('kubesense.setNamespace', async (arg) => {
      const picked = await namespaceTarget(model, target(arg));
      if (!picked) return;
      try {
        const { file } = setContextNamespace(deps.kubeconfigOptions(), picked.context, picked.namespace);
        model.selection.namespaces.delete(picked.context);
        log.info(
          `set-context ${picked.context} --namespace=${picked.namespace}${file ? ` (wrote ${file})` : ' (unchanged)'}`,
        );
        deps.reloadKubeconfig();
        deps.selectionChanged();
      } catch (err) {
        reportOnce(`Set namespace "${picked.namespace}"`, err);
      }
    }),
    reg('kubesense.setNamespaceInEditor', async (arg) => {
      const picked = await namespaceTarget(model, target(arg));
      if (!picked) return;
      model.selection.namespaces.set(picked.context, picked.namespace);
      model.refreshView();
      deps.selectionChanged();
    }),
    reg('kubesense.resetEditorSelection', () => {
      model.selection.context = undefined;
      model.selection.namespaces.clear();
      model.refreshView();
      deps.selectionChanged();
    }),
    reg('kubesense.switch', async () => {
      const current = model.effectiveContext();
      type Item = vscode.QuickPickItem & { run?: () => Thenable<unknown> };
      const items: Item[] = model.kubeconfig.contexts.map((c) => ({
        label: `${c.name === current?.name ? '$(check) ' : ''}${c.name}`,
        description: [
          c.name === model.kubeconfig.currentContext ? 'current-context' : '',
          c.namespace ? `ns ${c.namespace}` : '',
        ]
          .filter(Boolean)
          .join(' · '),
        detail: c.file,
        run: () =>
          chooseScope(
            `Switch to context "${c.name}"`,
            () => vscode.commands.executeCommand('kubesense.useContext', contextNode(c)),
            () => vscode.commands.executeCommand('kubesense.useContextInEditor', contextNode(c)),
          ),
      }));
      if (current) {
        items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
        items.push({
          label: `$(symbol-namespace) Change namespace of "${current.name}"…`,
          description: `now ${model.effectiveNamespace(current.name)}`,
          run: () =>
            chooseScope(
              'Change namespace',
              // The current context as argument: the namespace picker is for it, whatever is selected in the tree.
              () => vscode.commands.executeCommand('kubesense.setNamespace', contextNode(current)),
              () => vscode.commands.executeCommand('kubesense.setNamespaceInEditor', contextNode(current)),
            ),
        });
      }
      if (model.selection.context || model.selection.namespaces.size > 0) {
        items.push({
          label: '$(discard) Follow the kubeconfig again (drop editor-only choices)',
          run: () => vscode.commands.executeCommand('kubesense.resetEditorSelection'),
        });
      }
      const picked = await vscode.window.showQuickPick(items, {
        title: 'Kubernetes: switch context or namespace',
        placeHolder: 'Context',
        matchOnDescription: true,
        matchOnDetail: true,
      });
      await picked?.run?.();
    }),
  ];
}

function contextNode(context: ContextInfo): ExplorerNode {
  return { type: 'context', id: `ctx:${context.name}`, context };
}

async function chooseScope(
  title: string,
  kubeconfig: () => Thenable<unknown>,
  editorOnly: () => Thenable<unknown>,
): Promise<void> {
  const picked = await vscode.window.showQuickPick(
    [
      {
        label: 'Write to kubeconfig',
        description: 'like kubectl config use-context / set-context; other tools see it',
        run: kubeconfig,
      },
      {
        label: 'Only in this editor',
        description: 'kubesense uses it; files and other tools are unchanged',
        run: editorOnly,
      },
    ],
    { title },
  );
  await picked?.run();
}

async function pickContext(model: ExplorerModel, title: string): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    model.kubeconfig.contexts.map((c) => ({
      label: c.name,
      description: c.name === model.kubeconfig.currentContext ? 'current' : undefined,
      detail: c.file,
    })),
    { title },
  );
  return picked?.label;
}

/** A namespace node, or a quick pick of the effective context's namespaces (from the server, else typed in). */
async function namespaceTarget(
  model: ExplorerModel,
  node: ExplorerNode | undefined,
): Promise<{ context: string; namespace: string } | undefined> {
  if (node?.type === 'namespace') return { context: node.contextName, namespace: node.namespace };
  const ctx = node?.type === 'context' ? node.context : model.effectiveContext();
  if (!ctx) return undefined;
  let names: string[] = [];
  try {
    // The context's namespace list is the same live list the tree shows.
    names = (await namespacesOf(model, ctx.name)) ?? [];
  } catch {
    names = [];
  }
  const input = vscode.window.createQuickPick();
  input.title = `Namespace for context "${ctx.name}"`;
  input.placeholder = 'Pick or type a namespace';
  input.items = names.map((n) => ({
    label: n,
    description: n === model.effectiveNamespace(ctx.name) ? 'current' : undefined,
  }));
  return new Promise((resolve) => {
    input.onDidAccept(() => {
      const value = input.selectedItems[0]?.label ?? input.value.trim();
      input.hide();
      resolve(value ? { context: ctx.name, namespace: value } : undefined);
    });
    input.onDidHide(() => {
      input.dispose();
      resolve(undefined);
    });
    input.show();
  });
}

async function namespacesOf(model: ExplorerModel, contextName: string): Promise<string[] | undefined> {
  const children = await model.children({
    type: 'context',
    id: `ctx:${contextName}`,
    context: model.kubeconfig.contexts.find((c) => c.name === contextName)!,
  });
  return children.filter((c): c is NamespaceNode => c.type === 'namespace').map((c) => c.namespace);
}
