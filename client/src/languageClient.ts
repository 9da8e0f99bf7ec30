// Starts the bundled language server (dist/server/server.js) over IPC for YAML documents and keeps its
// settings in step with VS Code's. Progress (schema download/compile) arrives as LSP work-done progress,
// which vscode-languageclient shows through VS Code's progress API.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { EDITED_COPY_SCHEME } from './documents/editedCopyFs';
import type { ExplorerModel } from './model/explorer';
import { mergePaths } from './model/shellPath';
import { workspaceTrustPolicy } from './model/workspaceTrust';
import type { Log } from './output';
import {
  PROBE_CLUSTER_NOTIFICATION,
  SCHEMA_SOURCE_NOTIFICATION,
  sectionForServer,
  type InitializationOptions,
  type SchemaSourceStatus,
} from '../../protocol';

/**
 * The `kubesense` section for the server, as VS Code holds it (protocol/settings.ts; restricted settings only from the
 * user's own settings in an untrusted workspace, model/workspaceTrust.ts), with what the explorer decides
 * instead of the settings: the context (the explorer's; none in an untrusted workspace, so the server gets no cluster
 * access: no exec plugins, no credentials used) and the kubeconfig files (they reach the server as KUBECONFIG in its
 * environment, see serverEnvironment, where workspace trust has been applied).
 */
export function serverSettings(model: ExplorerModel): Record<string, unknown> {
  const c = vscode.workspace.getConfiguration('kubesense');
  const trust = workspaceTrustPolicy(vscode.workspace.isTrusted);
  const read = <T>(key: string, fallback: T): T =>
    trust.configValue(
      key,
      () => c.inspect<T>(key),
      () => c.get(key, fallback),
    ) ?? fallback;
  return sectionForServer(read, {
    context: trust.serverContext(model.effectiveContext()?.name),
    kubeconfig: [],
  });
}

/** The server's environment: the explorer's kubeconfig files as KUBECONFIG, the login-shell PATH for exec plugins. */
export function serverEnvironment(
  kubeconfigFiles: readonly string[],
  loginPath: string | undefined,
): NodeJS.ProcessEnv {
  const env = { ...process.env };
  if (kubeconfigFiles.length > 0) env.KUBECONFIG = kubeconfigFiles.join(path.delimiter);
  if (loginPath) env.PATH = mergePaths(loginPath, env.PATH);
  return env;
}

export class KubesenseLanguageClient implements vscode.Disposable {
  private client: LanguageClient | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: Log,
    private readonly settings: () => Record<string, unknown>,
    private readonly environment: () => Promise<NodeJS.ProcessEnv>,
    /** Which schemas the server validates with (kubesense/schemaSource); undefined when it stops. */
    private readonly onSchemaSource: (status: SchemaSourceStatus | undefined) => void = () => undefined,
  ) {}

  get running(): LanguageClient | undefined {
    return this.client;
  }

  private starting: Promise<void> | undefined;

  /** Idempotent, also when called again while the server is still starting. */
  start(): Promise<void> {
    this.starting ??= this.doStart().catch((err: unknown) => {
      this.starting = undefined;
      throw err;
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    if (this.client) return;
    const module = this.context.asAbsolutePath(path.join('dist', 'server', 'server.js'));
    const env = await this.environment();
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { env } },
      debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6019'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        { scheme: 'file', language: 'yaml' },
        { scheme: 'untitled', language: 'yaml' },
        // Edited copies of live objects: validated, completed and hovered like any manifest.
        { scheme: EDITED_COPY_SCHEME, language: 'yaml' },
      ],
      outputChannel: this.log,
      traceOutputChannel: this.log,
      // `trusted` lets the server run exec credential plugins; it is fixed per server process (restarted on trust changes).
      initializationOptions: {
        kubesense: this.settings(),
        trusted: vscode.workspace.isTrusted,
      } satisfies InitializationOptions,
      middleware: {
        workspace: {
          // The server asks for the `kubesense` section; answer with it, the explorer's context and files applied.
          configuration: (params, token, next) => {
            const wanted = params.items.map((i) => i.section);
            if (wanted.every((s) => s === 'kubesense' || s === undefined)) return wanted.map(() => this.settings());
            return next(params, token);
          },
        },
      },
    };
    this.client = new LanguageClient('kubesense', 'kubesense Language Server', serverOptions, clientOptions);
    this.client.onNotification(SCHEMA_SOURCE_NOTIFICATION.method, (status: SchemaSourceStatus) =>
      this.onSchemaSource(status),
    );
    await this.client.start();
    this.log.info(`language server started (${module})`);
  }

  /** A connectivity event (e.g. the window regained focus after sleep): the server asks the cluster again. */
  connectivityChanged(): void {
    if (this.client?.isRunning()) void this.client.sendNotification(PROBE_CLUSTER_NOTIFICATION.method);
  }

  /** Tell the server settings changed (it pulls them again through workspace/configuration). */
  settingsChanged(): void {
    void this.client?.sendNotification('workspace/didChangeConfiguration', {
      settings: { kubesense: this.settings() },
    });
  }

  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  async stop(): Promise<void> {
    await this.starting?.catch(() => undefined);
    this.starting = undefined;
    const c = this.client;
    this.client = undefined;
    this.onSchemaSource(undefined);
    if (c) await c.stop().catch((err: unknown) => this.log.warn(`stopping the language server: ${String(err)}`));
  }

  dispose(): void {
    void this.stop();
  }
}
