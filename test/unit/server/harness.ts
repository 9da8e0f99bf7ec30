// An LSP client that drives a language server process over stdio the way an editor does. Shared by the
// protocol tests (kubesense) and the bench (kubesense beside yaml-language-server).
import { spawn, ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import * as path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  ProtocolConnection,
  InitializeParams,
  InitializeResult,
  Diagnostic,
  CompletionItem,
  CompletionList,
  Hover,
  CodeAction,
  Command,
  DocumentSymbol,
  SymbolInformation,
  Position,
  Range,
  TextDocumentContentChangeEvent,
  PublishDiagnosticsParams,
  CancellationTokenSource,
  CancellationToken,
} from 'vscode-languageserver/node';

export const repoRoot = path.resolve(__dirname, '../../../..');
export const sharedK8s = path.resolve(repoRoot, '../shared/k8s');

export interface ServerCommand {
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

/** How to start kubesense's own server over stdio, from the build output. */
export function kubesenseServerCommand(): ServerCommand {
  // Tests never reach the network: no upstream schema download.
  return {
    command: process.execPath,
    args: [path.join(repoRoot, 'bin/kubesense.js'), 'lsp', '--stdio'],
    env: { ...process.env, KUBESENSE_OFFLINE: '1' },
  };
}

export interface DiagnosticsEvent {
  params: PublishDiagnosticsParams;
  at: number; // performance.now() when it arrived
}

export interface LspClientOptions {
  /** Answers workspace/configuration: section -> value. */
  settings?: Record<string, unknown>;
  /** Answers server requests the generic client does not know (e.g. yaml-language-server's vscode/content). */
  onRequest?: Record<string, (params: unknown) => unknown>;
  initializationOptions?: unknown;
  workspaceFolder?: string;
  /** false: workspace/configuration is answered with MethodNotFound, as by a client that does not know it. */
  answersConfiguration?: boolean;
}

/** One language-server process and a JSON-RPC connection to it. */
export class LspClient {
  readonly child: ChildProcess;
  readonly connection: ProtocolConnection;
  readonly stderrChunks: string[] = [];
  readonly diagnostics: DiagnosticsEvent[] = [];
  readonly messages: { type: number; message: string }[] = [];
  /** window/logMessage: what an editor shows in its server log. */
  readonly logs: { type: number; message: string }[] = [];
  readonly progress: { token: unknown; value: unknown }[] = [];
  readonly progressCreated: unknown[] = [];
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  readonly configurationRequests: { section?: string }[][] = [];
  exitCode: number | null | undefined = undefined;
  private diagnosticWaiters: (() => void)[] = [];
  private exitWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    server: ServerCommand,
    private readonly options: LspClientOptions = {},
  ) {
    this.child = spawn(server.command, server.args, {
      cwd: server.cwd ?? repoRoot,
      env: server.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (chunk: string) => {
      this.stderrChunks.push(chunk);
    });
    this.child.stdin!.on('error', () => undefined); // the server may exit while we write (garbage tests)
    this.child.on('exit', (code) => {
      this.exitCode = code;
      this.closed = true;
      for (const wake of this.exitWaiters.splice(0)) wake();
      for (const wake of this.diagnosticWaiters.splice(0)) wake();
    });
    this.connection = createProtocolConnection(
      new StreamMessageReader(this.child.stdout!),
      new StreamMessageWriter(this.child.stdin!),
    );
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.diagnostics.push({ params, at: performance.now() });
      for (const wake of this.diagnosticWaiters.splice(0)) wake();
    });
    this.connection.onNotification('window/showMessage', (m: { type: number; message: string }) => {
      this.messages.push(m);
    });
    this.connection.onNotification('window/logMessage', (m: { type: number; message: string }) => {
      this.logs.push(m);
    });
    this.connection.onNotification('$/progress', (p: { token: unknown; value: unknown }) => {
      this.progress.push(p);
    });
    if (this.options.answersConfiguration !== false)
      this.connection.onRequest('workspace/configuration', (params: { items: { section?: string }[] }) => {
        this.configurationRequests.push(params.items);
        return params.items.map((item) => this.sectionValue(item.section));
      });
    this.connection.onRequest('window/workDoneProgress/create', (p: { token: unknown }) => {
      this.progressCreated.push(p.token);
      return null;
    });
    this.connection.onRequest(
      'client/registerCapability',
      (p: { registrations: { method: string; registerOptions?: unknown }[] }) => {
        this.registrations.push(...p.registrations);
        return null;
      },
    );
    this.connection.onRequest('client/unregisterCapability', () => null);
    this.connection.onRequest('workspace/workspaceFolders', () =>
      this.options.workspaceFolder ? [{ uri: pathToFileURL(this.options.workspaceFolder).href, name: 'ws' }] : null,
    );
    this.connection.onRequest('workspace/applyEdit', () => ({ applied: true }));
    this.connection.onRequest('workspace/diagnostic/refresh', () => null);
    this.connection.onRequest('workspace/semanticTokens/refresh', () => null);
    for (const [method, handler] of Object.entries(this.options.onRequest ?? {})) {
      this.connection.onRequest(method, handler);
    }
    this.connection.onError(() => undefined);
    this.connection.onClose(() => {
      this.closed = true;
    });
    this.connection.listen();
  }

  get pid(): number {
    return this.child.pid!;
  }

  get isAlive(): boolean {
    return !this.closed && this.child.exitCode === null && this.child.signalCode === null;
  }

  stderr(): string {
    return this.stderrChunks.join('');
  }

  private sectionValue(section: string | undefined): unknown {
    const all = this.options.settings ?? {};
    if (!section) return all;
    if (section in all) return all[section];
    // Dotted sections ("yaml.schemas") and prefixes ("yaml") both resolve, as VS Code resolves them.
    const prefix = section + '.';
    const nested: Record<string, unknown> = {};
    let found = false;
    for (const [key, value] of Object.entries(all)) {
      if (key.startsWith(prefix)) {
        nested[key.slice(prefix.length)] = value;
        found = true;
      }
    }
    return found ? nested : null;
  }

  setSettings(settings: Record<string, unknown>): void {
    this.options.settings = settings;
  }

  async initialize(extra: Partial<InitializeParams> = {}): Promise<InitializeResult> {
    const folder = this.options.workspaceFolder;
    const params: InitializeParams = {
      processId: process.pid,
      rootUri: folder ? pathToFileURL(folder).href : null,
      workspaceFolders: folder ? [{ uri: pathToFileURL(folder).href, name: 'ws' }] : null,
      initializationOptions: this.options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        window: { workDoneProgress: true, showMessage: {} },
        textDocument: {
          synchronization: { dynamicRegistration: true, didSave: true },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true },
          completion: {
            dynamicRegistration: true,
            completionItem: {
              snippetSupport: true,
              documentationFormat: ['markdown', 'plaintext'],
              insertReplaceSupport: true,
            },
          },
          hover: { dynamicRegistration: true, contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { dynamicRegistration: true, hierarchicalDocumentSymbolSupport: true },
          codeAction: {
            dynamicRegistration: true,
            codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source'] } },
          },
        },
      },
      ...extra,
    };
    const result = await this.connection.sendRequest<InitializeResult>('initialize', params);
    await this.connection.sendNotification('initialized', {});
    return result;
  }

  async didChangeConfiguration(settings: Record<string, unknown>): Promise<void> {
    this.options.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings });
  }

  async open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<void> {
    await this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId, version, text },
    });
  }

  async change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    await this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges,
    });
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the first diagnostics for `uri` published after `since` (and for `version` if the server says). */
  async waitForDiagnostics(
    uri: string,
    since: number,
    version?: number,
    timeoutMs = 30_000,
  ): Promise<DiagnosticsEvent> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const hit = this.diagnostics.find(
        (d) =>
          d.params.uri === uri &&
          d.at >= since &&
          (version === undefined || d.params.version === undefined || d.params.version >= version),
      );
      if (hit) return hit;
      if (!this.isAlive)
        throw new Error(`server exited (code ${this.exitCode}) before diagnostics for ${uri}\n${this.stderr()}`);
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw new Error(`no diagnostics for ${uri} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.diagnosticWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits until the latest diagnostics of `uri` satisfy `predicate` (schemas may change after a quiet period). */
  async waitForDiagnosticsMatching(
    uri: string,
    predicate: (d: Diagnostic[]) => boolean,
    timeoutMs = 30_000,
  ): Promise<Diagnostic[]> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const latest = this.latestDiagnostics(uri);
      if (latest && predicate(latest)) return latest;
      if (!this.isAlive) throw new Error(`server exited (code ${this.exitCode})\n${this.stderr()}`);
      const remaining = deadline - performance.now();
      if (remaining <= 0) throw new Error(`diagnostics for ${uri} never matched; latest: ${JSON.stringify(latest)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.diagnosticWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async didChangeWatchedFiles(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  /** The most recent diagnostics published for `uri`. */
  latestDiagnostics(uri: string): Diagnostic[] | undefined {
    for (let i = this.diagnostics.length - 1; i >= 0; i--) {
      if (this.diagnostics[i].params.uri === uri) return this.diagnostics[i].params.diagnostics;
    }
    return undefined;
  }

  request<R>(method: string, params: unknown, token?: CancellationToken): Promise<R> {
    return token
      ? this.connection.sendRequest<R>(method, params, token)
      : this.connection.sendRequest<R>(method, params);
  }

  async completion(uri: string, position: Position, token?: CancellationToken): Promise<CompletionItem[]> {
    const result = await this.request<CompletionItem[] | CompletionList | null>(
      'textDocument/completion',
      { textDocument: { uri }, position },
      token,
    );
    if (!result) return [];
    return Array.isArray(result) ? result : result.items;
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position });
  }

  documentSymbols(uri: string): Promise<(DocumentSymbol | SymbolInformation)[] | null> {
    return this.request('textDocument/documentSymbol', { textDocument: { uri } });
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<(CodeAction | Command)[] | null> {
    return this.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  executeCommand(command: string, args: unknown[]): Promise<unknown> {
    return this.request('workspace/executeCommand', { command, arguments: args });
  }

  cancellable(): CancellationTokenSource {
    return new CancellationTokenSource();
  }

  /** Peak resident set size (VmHWM) of the server process, in bytes; Linux only. */
  peakRssBytes(): number | undefined {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
      return match ? Number(match[1]) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /** Graceful LSP shutdown; kills the process if it does not exit in time. */
  async stop(timeoutMs = 5000): Promise<void> {
    if (this.isAlive) {
      try {
        await withTimeout(this.connection.sendRequest('shutdown'), timeoutMs, 'shutdown');
        await this.connection.sendNotification('exit');
      } catch {
        // fall through to kill
      }
    }
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.child.kill('SIGKILL');
          resolve();
        }, timeoutMs);
        this.exitWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.connection.dispose();
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/** Position of the first occurrence of `needle` in `text` (offset `delta` characters into the match). */
export function positionOf(text: string, needle: string, delta = 0, from = 0): Position {
  const index = text.indexOf(needle, from);
  if (index < 0) throw new Error(`"${needle}" not found`);
  return positionAt(text, index + delta);
}

export function positionAt(text: string, offset: number): Position {
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: offset - lineStart };
}

export function fileUri(p: string): string {
  return pathToFileURL(p).href;
}
