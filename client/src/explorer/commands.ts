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
import { namespacePickItems, pickForTyped } from '../model/namespacePick';
import { decodedSecretDocument } from '../model/secretData';
import type { SecretDocuments } from '../documents/secretDocuments';
import type { EditedCopies } from '../documents/editApply';
import { resourceUri, type ResourceDocumentProvider } from '../documents/resourceDocuments';
import type { Log } from '../output';
import { escapeThemeIcons } from '../model/themeIcons';

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
  secrets: SecretDocuments;
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
    void vscode.window.showErrorMessage(`${action}: ${failure.label}`, 'Show Output').then((c) => c && log.show(true));
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
          { location: vscode.ProgressLocation.Window, title: `Deleting ${escapeThemeIcons(what)}`, cancellable: true },
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
    reg('kubesense.explorer.filter', async () => {
      const text = await vscode.window.showInputBox({
        title: 'Filter the Clusters view',
        prompt: 'Show objects whose name contains this text (empty: show everything)',
        value: model.filter,
        placeHolder: 'part of a name, e.g. web',
      });
      if (text !== undefined) model.setFilter(text);
    }),
    reg('kubesense.explorer.clearFilter', () => model.setFilter('')),
    reg('kubesense.explorer.toggleEmptyKinds', () =>
      vscode.workspace
        .getConfiguration('kubesense')
        .update('explorer.hideEmptyKinds', !model.hideEmptyKinds, vscode.ConfigurationTarget.Global),
    ),
    reg('kubesense.showDecodedSecret', async (arg) => {
      const node = addressable(arg);
      const a = node && addressOf(model, node);
      if (!a || a.resource.resource !== 'secrets' || a.resource.group !== '') return;
      try {
        const session = await model.session(a.address.context);
        const secret = await session.getObject(a.resource, a.address.namespace, a.address.name);
        await deps.secrets.show(a.address, decodedSecretDocument(secret));
        log.info(`[${a.address.context}] decoded secret ${a.address.namespace}/${a.address.name} on request`);
      } catch (err) {
        reportOnce(`Decode secret "${a.address.name}"`, err);
      }
    }),
    reg('kubesense.setNamespace', async (arg) => {
      const picked = await namespaceTarget(model, nodeArg(arg));
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
      const picked = await namespaceTarget(model, nodeArg(arg));
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
        label: `${c.name === current?.name ? '$(check) ' : ''}${escapeThemeIcons(c.name)}`,
        description: escapeThemeIcons(
          [c.name === model.kubeconfig.currentContext ? 'current-context' : '', c.namespace ? `ns ${c.namespace}` : '']
            .filter(Boolean)
            .join(' · '),
        ),
        detail: escapeThemeIcons(c.file),
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
          label: `$(symbol-namespace) Change namespace of "${escapeThemeIcons(current.name)}"…`,
          description: `now ${escapeThemeIcons(model.effectiveNamespace(current.name))}`,
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

/** The node a menu passed; from the palette or a keybinding there is none (the tree's selection is not a choice). */
function nodeArg(arg: unknown): ExplorerNode | undefined {
  return arg && typeof arg === 'object' && 'type' in arg ? (arg as ExplorerNode) : undefined;
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
      label: escapeThemeIcons(c.name),
      description: c.name === model.kubeconfig.currentContext ? 'current' : undefined,
      detail: escapeThemeIcons(c.file),
      context: c.name,
    })),
    { title },
  );
  return picked?.context;
}

/**
 * Always asks, with a quick pick of the context's namespaces (type to filter, or type a name that is not listed);
 * a namespace the menu was opened on is the one Enter picks.
 */
async function namespaceTarget(
  model: ExplorerModel,
  node: ExplorerNode | undefined,
): Promise<{ context: string; namespace: string } | undefined> {
  const contextName =
    node?.type === 'context'
      ? node.context.name
      : node && 'contextName' in node && node.contextName
        ? node.contextName
        : model.effectiveContext()?.name;
  if (!contextName) return undefined;
  const current = model.effectiveNamespace(contextName);
  const preferred = node?.type === 'namespace' ? node.namespace : current;
  type Item = vscode.QuickPickItem & { namespace: string };
  const input = vscode.window.createQuickPick<Item>();
  input.title = `Namespace for context "${contextName}"`;
  input.placeholder = 'Pick a namespace, or type one';
  input.busy = true;
  let names: string[] = [];
  const update = () => {
    input.items = namespacePickItems(names, current, input.value);
    const active = input.value
      ? pickForTyped(input.items, input.value)
      : input.items.find((i) => i.namespace === preferred);
    if (active) input.activeItems = [active];
  };
  update();
  model.namespaceNames(contextName).then(
    (n) => {
      names = n;
      input.busy = false;
      update();
    },
    (err: unknown) => {
      input.busy = false;
      input.placeholder = `Type a namespace (could not list them: ${classifyFailure(err).label})`;
    },
  );
  input.onDidChangeValue(update);
  return new Promise((resolve) => {
    input.onDidAccept(() => {
      const value =
        input.activeItems[0]?.namespace ?? pickForTyped(input.items, input.value)?.namespace ?? input.value.trim();
      input.hide();
      resolve(value ? { context: contextName, namespace: value } : undefined);
    });
    input.onDidHide(() => {
      input.dispose();
      resolve(undefined);
    });
    input.show();
  });
}
