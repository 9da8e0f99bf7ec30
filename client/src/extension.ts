// The VS Code extension entry point: wires the explorer model, its views, commands and documents to
// VS Code, and starts the language server. Decisions live in ./model (no vscode imports) and kube/.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { klogStyleLogger, setDefaultRequestLogger } from '../../kube/rest/logging';
import { closeIdleConnections } from '../../kube/rest/transport';
import { dryRunActiveDocument } from './documents/dryRun';
import { EditedCopies } from './documents/editApply';
import { ManifestCommands } from './documents/applyFile';
import { EDITED_COPY_SCHEME, EditedCopyFileSystem } from './documents/editedCopyFs';
import { registerManagedFieldsToggle } from './documents/managedFields';
import {
  DIFF_SCHEME,
  DiffDocumentProvider,
  RESOURCE_SCHEME,
  ResourceDocumentProvider,
} from './documents/resourceDocuments';
import { PodLogViews, registerPodLogCommands } from './documents/podLogs';
import { SecretDocuments } from './documents/secretDocuments';
import { registerExplorerCommands } from './explorer/commands';
import { registerWorkloadCommands } from './explorer/workloadCommands';
import { registerTerminalCommands } from './terminal/containerTerminal';
import { createExplorerView } from './explorer/treeProvider';
import { KubesenseLanguageClient, serverEnvironment, serverSettings } from './languageClient';
import { ExplorerModel, type ExplorerNode } from './model/explorer';
import { FilesWatcher } from './model/fileWatch';
import { loadSnapshot, type LoadedSnapshot } from './model/kubeconfigSnapshot';
import { contextConnectionFactory } from './model/contextConnectionFactory';
import { loginShellEnv } from './model/shellPath';
import { kubeconfigFiles, workspaceTrustPolicy } from './model/workspaceTrust';
import { LanguageServerLifecycle } from './serverLifecycle';
import { createLog } from './output';
import { errorMessage } from '../../kube/util/errors';
import { checkRedHatYaml } from './redhatYaml';
import { ContextStatusBar } from './statusBar';
import { SchemaStatusBar } from './schemaStatusBar';
import { registerShowReferences } from './showReferences';
import { registerPortForward } from './portForward';

/** What activate() returns: used by the extension-host tests. */
export interface KubesenseApi {
  model: ExplorerModel;
  kubeconfig(): LoadedSnapshot;
  languageClient: KubesenseLanguageClient;
  /** The Clusters tree view (reveal, selection), for tests and other extensions. */
  explorerView: vscode.TreeView<ExplorerNode>;
}

/** KUBECONFIG exported by the user's login shell profile, when VS Code itself was started without one. */
let loginKubeconfig: string | undefined;

/** What the workspace's trust allows now (model/workspaceTrust.ts); asked each time, trust can be granted later. */
const trust = () => workspaceTrustPolicy(vscode.workspace.isTrusted);

/** The kubeconfig files to merge (the setting as trust allows it, else a login-shell KUBECONFIG); empty = default. */
function configuredKubeconfigs(): string[] {
  const setting = trust().settingValue(vscode.workspace.getConfiguration('kubesense').inspect<string[]>('kubeconfig'));
  return kubeconfigFiles(setting, process.env, loginKubeconfig, path.delimiter);
}

export async function activate(context: vscode.ExtensionContext): Promise<KubesenseApi> {
  const log = createLog();
  context.subscriptions.push(log);
  // kube/rest logs every request at -v=6 detail (credentials masked); shown at the channel's Debug level.
  setDefaultRequestLogger(klogStyleLogger(6, (line) => log.debug(line)));

  let snapshot: LoadedSnapshot = { files: [], contexts: [], watchPaths: [] };
  // One login-shell run gives the PATH for exec plugins and a KUBECONFIG set only in shell profiles.
  let shellEnv: Promise<Record<string, string> | undefined> | undefined;
  const loginEnv = () => (shellEnv ??= loginShellEnv(['PATH', 'KUBECONFIG']));
  const execPath = async () => {
    const c = vscode.workspace.getConfiguration('kubesense');
    const key = 'explorer.execPluginPath';
    const choice = trust().configValue(
      key,
      () => c.inspect<string>(key),
      () => c.get(key, 'loginShell'),
    );
    if ((choice ?? 'loginShell') !== 'loginShell') return undefined;
    return (await loginEnv())?.PATH || undefined;
  };

  const model = new ExplorerModel({
    sessions: contextConnectionFactory({
      loaded: () => snapshot.loaded,
      allowExecPlugins: () => trust().execPlugins,
      execPath,
      log: (l) => log.warn(l),
    }),
    pageSize: vscode.workspace.getConfiguration('kubesense').get('explorer.pageSize', 500),
    hideEmptyKinds: vscode.workspace.getConfiguration('kubesense').get('explorer.hideEmptyKinds', true),
    log: (l) => log.info(l),
  });
  context.subscriptions.push({ dispose: () => model.dispose() });

  const statusBar = new ContextStatusBar(model);
  context.subscriptions.push(statusBar);

  const schemaStatusBar = new SchemaStatusBar();
  context.subscriptions.push(schemaStatusBar);
  const languageClient = new KubesenseLanguageClient(
    context,
    log,
    () => serverSettings(model),
    async () => serverEnvironment(configuredKubeconfigs(), trust().serverExecPath(await execPath())),
    (status) => (status ? schemaStatusBar.update(status) : schemaStatusBar.hide()),
  );
  context.subscriptions.push(languageClient);
  const server = new LanguageServerLifecycle(languageClient, log);
  context.subscriptions.push(server);
  // Back from sleep or another window: the cluster may be reachable again (or no longer).
  context.subscriptions.push(
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) languageClient.connectivityChanged();
    }),
  );

  const setState = () => {
    const state =
      snapshot.error !== undefined
        ? 'invalidKubeconfig'
        : snapshot.loaded && snapshot.loaded.loadedFiles.length === 0
          ? 'noKubeconfig'
          : snapshot.contexts.length === 0
            ? 'noContexts'
            : 'ok';
    void vscode.commands.executeCommand('setContext', 'kubesense.explorerState', state);
    void vscode.commands.executeCommand(
      'setContext',
      'kubesense.editorOverride',
      model.selection.context !== undefined || model.selection.namespaces.size > 0,
    );
  };

  const watcher = new FilesWatcher(() => reload('kubeconfig file changed'), {
    onError: (e) => log.debug(`file watch: ${errorMessage(e)}`),
  });
  context.subscriptions.push({ dispose: () => watcher.close() });
  const reload = (why: string) => {
    snapshot = loadSnapshot(configuredKubeconfigs());
    if (snapshot.error !== undefined) log.error(`kubeconfig: ${errorMessage(snapshot.error)}`);
    else
      log.info(
        `kubeconfig (${why}): ${snapshot.contexts.length} contexts from ${snapshot.loaded?.loadedFiles.join(', ') || 'no files'}; current-context ${snapshot.currentContext ?? '<none>'}`,
      );
    watcher.watch(snapshot.watchPaths);
    model.setKubeconfig(snapshot);
    statusBar.update();
    setState();
    languageClient.settingsChanged();
  };
  reload('activation');
  void loginEnv().then((env) => {
    log.info(
      env?.PATH
        ? 'exec plugins use the login shell PATH'
        : 'login shell environment unavailable; exec plugins use the process PATH',
    );
    if (!process.env.KUBECONFIG && env?.KUBECONFIG) {
      loginKubeconfig = env.KUBECONFIG;
      reload('KUBECONFIG from the login shell');
      server.environmentChanged();
    }
  });

  const explorer = createExplorerView(model);
  context.subscriptions.push(explorer);
  // The sample workspace of `npm start` turns this on, so the demo opens on the Clusters view.
  if (vscode.workspace.getConfiguration('kubesense').get('explorer.showOnStartup', false))
    void vscode.commands.executeCommand('workbench.view.extension.kubesense');

  const documents = new ResourceDocumentProvider(model, log);
  const diffs = new DiffDocumentProvider();
  const editedCopyFiles = new EditedCopyFileSystem();
  const edits = new EditedCopies(model, diffs, editedCopyFiles, log);
  const secrets = new SecretDocuments();
  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(RESOURCE_SCHEME, documents),
    documents,
    vscode.workspace.registerTextDocumentContentProvider(DIFF_SCHEME, diffs),
    vscode.workspace.registerFileSystemProvider(EDITED_COPY_SCHEME, editedCopyFiles),
    edits,
    new ManifestCommands(model, diffs, log),
    secrets,
    ...registerManagedFieldsToggle(),
  );

  context.subscriptions.push(...registerWorkloadCommands({ model, view: explorer.view, log }));
  context.subscriptions.push(...registerTerminalCommands({ model, view: explorer.view, log }));
  const podLogs = new PodLogViews(model, log);
  context.subscriptions.push(podLogs, ...registerPodLogCommands(model, explorer.view, podLogs, log));

  context.subscriptions.push(
    ...registerExplorerCommands({
      model,
      view: explorer.view,
      documents,
      edits,
      secrets,
      log,
      kubeconfigOptions: () => {
        const files = configuredKubeconfigs();
        return files.length > 0 ? { env: { ...process.env, KUBECONFIG: files.join(path.delimiter) } } : {};
      },
      reloadKubeconfig: () => reload('written by kubesense'),
      selectionChanged: () => {
        statusBar.update();
        setState();
        languageClient.settingsChanged();
      },
    }),
    ...registerPortForward({ model, view: explorer.view, log }),
    // The extension's own log ("Show Extension Log"); the id stays for links and keybindings that name it.
    vscode.commands.registerCommand('kubesense.showOutput', () => log.show(true)),
    registerShowReferences(),
    vscode.commands.registerCommand('kubesense.restartServer', () => languageClient.restart()),
    vscode.commands.registerCommand('kubesense.chooseKubeconfig', async () => {
      const picked = await vscode.window.showOpenDialog({
        title: 'Kubeconfig files to merge',
        canSelectMany: true,
        openLabel: 'Use',
        defaultUri: vscode.Uri.file(path.join(process.env.HOME ?? '/', '.kube')),
      });
      if (!picked?.length) return;
      await vscode.workspace.getConfiguration('kubesense').update(
        'kubeconfig',
        picked.map((u) => u.fsPath),
        vscode.ConfigurationTarget.Global,
      );
    }),
    vscode.commands.registerCommand('kubesense.dryRunActiveDocument', () => dryRunActiveDocument(languageClient, log)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('kubesense.kubeconfig')) {
        reload('setting changed');
        // The server reads the files from its environment: a new list needs a new server process.
        server.environmentChanged();
      }
      if (e.affectsConfiguration('kubesense.explorer.hideEmptyKinds'))
        model.hideEmptyKinds = vscode.workspace.getConfiguration('kubesense').get('explorer.hideEmptyKinds', true);
      if (e.affectsConfiguration('kubesense.explorer.pageSize'))
        model.pageSize = vscode.workspace.getConfiguration('kubesense').get('explorer.pageSize', 500);
      if (e.affectsConfiguration('kubesense')) languageClient.settingsChanged();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('workspace trusted: exec credential plugins and workspace kubeconfig settings are now allowed');
      reload('workspace trusted');
      model.refresh();
      // `trusted` is fixed per server process.
      server.environmentChanged();
    }),
  );

  // Not awaited: the explorer must not wait for schemas to load.
  void server.update();
  void checkRedHatYaml(context, log);

  return { model, kubeconfig: () => snapshot, languageClient, explorerView: explorer.view };
}

export function deactivate(): void {
  // Disposables registered on the context stop watches and the language server; drop pooled sockets too.
  closeIdleConnections();
}
