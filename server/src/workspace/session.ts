// One language-server session: open documents, settings, the schema/validation engine, and the LSP handlers.
// Handlers stay thin: features live in ../features, the document model and validation in their own folders.
import {
  CodeActionKind,
  CodeActionParams,
  CodeLensParams,
  CompletionParams,
  Connection,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  Disposable,
  FileChangeType,
  FileEvent,
  DocumentLinkParams,
  DocumentSymbolParams,
  Location,
  ExecuteCommandParams,
  HoverParams,
  InitializeParams,
  InitializeResult,
  MessageType,
  ShowMessageNotification,
  TextDocumentPositionParams,
  TextDocuments,
  TextDocumentSyncKind,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { KubeDiagnostic } from '../../../analysis/validation/types';
import { DocumentCache, ParsedDocument } from '../../../analysis/documents/documentCache';
import { ValidationScheduler } from './scheduler';
import { sameSettings, SettingsSource } from './settings';
import {
  DEFAULT_SETTINGS,
  DRY_RUN_COMMAND,
  DRY_RUN_REQUEST,
  flattenSettings,
  PROBE_CLUSTER_NOTIFICATION,
  readSettings,
  SCHEMA_SOURCE_NOTIFICATION,
  type DryRunParams,
  type InitializationOptions,
  type ServerSettings,
} from '../../../protocol';
import { guarded, Logger } from './guard';
import type { LanguageEngine } from '../../../analysis/engine/engine';
import { createEngine } from '../../../analysis/engine/engineFactory';
import { defaultKubesenseCache, downloadUpstreamSchemas } from '../../../analysis/schema/sources/upstream';
import { ClusterConnection, ClusterProbe } from './cluster';
import { ClusterWatch } from './clusterWatch';
import { kubesenseVersion } from '../../../kube/rest/version';
import { redactURL } from '../../../kube/util/redact';
import { DiagnosticsMemo } from './diagnosticsMemo';
import { CodeCacheSaver } from './codeCacheSaver';
import { toLspDiagnostic } from '../../../analysis/features/diagnostics';
import { provideCompletion } from '../../../analysis/features/completion';
import { provideHover } from '../../../analysis/features/hover';
import { provideDocumentSymbols } from '../../../analysis/features/symbols';
import { provideCodeActions } from '../../../analysis/features/codeActions';
import { runDryRun } from '../../../analysis/features/dryRun';
import { errorMessage, errorStack } from '../../../kube/util/errors';
import { matchesGlob } from '../../../analysis/files/glob';
import { ReferenceWorkspace } from './referenceWorkspace';
import { safeFsPath } from '../../../analysis/files/manifestFiles';
import { checkReferences, ReferenceCheckSettings } from '../../../analysis/references/check';
import {
  prepareRename,
  provideCodeLenses,
  provideDefinition,
  provideDocumentLinks,
  provideReferences,
  provideRename,
  provideWorkspaceSymbols,
  referencedNames,
} from '../../../analysis/references/features';
import type { LiveObjects } from '../../../analysis/references/live';

export const SERVER_NAME = 'kubesense';
const CRD_QUIET_MS = 400;
/** After the index changed, other open documents' reference checks run again after this pause (typing bursts). */
const REFERENCES_QUIET_MS = 300;
/** Every manifest of the workspace, watched for the reference index. */
const MANIFEST_WATCH_GLOB = '**/*.{yaml,yml,json}';

export interface ConnectionStateOptions {
  /**
   * Whether exec credential plugins may run when the client does not say (initializationOptions.trusted).
   * `kubesense lsp --stdio` is started by the user's own editor config: true. The extension passes its
   * workspace trust explicitly.
   */
  allowExecPluginsByDefault?: boolean;
  /** Settings used where the client gives none (`kubesense lsp --stdio --schema-dir D …`). */
  defaults?: Record<string, unknown>;
}

/**
 * The client's `kubesense` section over the defaults: settings the client leaves unset (or null, or '') keep the
 * default. Both are flattened first, so an old name on one side and the declared name on the other still meet.
 */
function withDefaults(defaults: Record<string, unknown>, raw: unknown): Record<string, unknown> {
  const out = flattenSettings(defaults);
  for (const [k, v] of Object.entries(flattenSettings(raw))) if (v !== undefined && v !== null && v !== '') out[k] = v;
  return out;
}

/** What one LSP connection holds: its open documents, settings, the analysis engine and the cluster connection. */
export class ConnectionState {
  readonly documents = new TextDocuments(TextDocument);
  settings: ServerSettings = { ...DEFAULT_SETTINGS };
  engine: LanguageEngine;
  readonly log: Logger;
  private readonly cache: DocumentCache;
  private readonly scheduler: ValidationScheduler;
  private readonly memo = new DiagnosticsMemo();
  /** V8's code cache of the validators loaded this session, written when idle and at shutdown. */
  private readonly codeCaches = new CodeCacheSaver();
  /** Latest diagnostics per uri, as validation produced them (code actions read fixes from here). */
  private readonly published = new Map<string, KubeDiagnostic[]>();
  private settingsSource?: SettingsSource;
  private clientRegistersConfigurationChanges = false;
  private settingsQueue: Promise<void> = Promise.resolve();
  private clientSupportsProgress = false;
  private clientWatchesFiles = false;
  private fileWatch?: Disposable;
  private workspaceRoots: string[] = [];
  private noSchemaReported = false;
  /** Kubernetes versions whose upstream schema download was tried in this session (tried once each). */
  private readonly downloadsTried = new Set<string>();
  private readonly crdUris = new Set<string>();
  private cluster?: ClusterConnection;
  private clusterError?: string;
  /** Probes the cluster's schemas while it is away; switches back to them when it returns. */
  private clusterWatch?: ClusterWatch;
  /** Exec credential plugins run programs named by a kubeconfig: only when the client vouches (trusted workspace). */
  private allowExecPlugins: boolean;
  private readonly defaults: Record<string, unknown>;
  private readonly crdTimers = new Map<string, NodeJS.Timeout>();
  private engineGeneration = 0;
  /** Settles once the first settings are read and schemas warmed up; validation waits for it. */
  private engineReady: Promise<void>;
  /** The settings pull started by the last didChangeConfiguration (a command sent right after waits for it). */
  private settingsReload: Promise<void> = Promise.resolve();
  private settingsKnown!: () => void;
  /** Settles once the client's settings are read (requests before that would use the wrong engine). */
  private readonly settingsReady: Promise<void>;
  /** The workspace's objects and the references between them (reads the workspace's files once, then per change). */
  readonly references: ReferenceWorkspace;
  private referencesScanned = false;
  private referencesTimer?: NodeJS.Timeout;
  private clientRefreshesCodeLenses = false;

  constructor(
    readonly connection: Connection,
    options: ConnectionStateOptions = {},
  ) {
    this.allowExecPlugins = options.allowExecPluginsByDefault ?? false;
    this.defaults = options.defaults ?? {};
    this.log = {
      info: (m) => connection.console.info(m),
      warn: (m) => connection.console.warn(m),
      error: (m) => connection.console.error(m),
    };
    this.engine = createEngine(this.settings, this.workspaceRoots, this.log);
    this.settingsReady = new Promise<void>((resolve) => (this.settingsKnown = resolve));
    this.engineReady = this.settingsReady.then(() => this.engineReady);
    this.cache = new DocumentCache(
      (uri) => this.documents.get(uri),
      (uri) => ({ assumeManifest: this.matchesManifestGlob(uri) }),
      () => this.settings.maxFileSizeBytes,
    );
    this.references = new ReferenceWorkspace({
      assumeManifest: (uri) => this.matchesManifestGlob(uri),
      maxFileSizeBytes: () => this.settings.maxFileSizeBytes,
    });
    this.scheduler = new ValidationScheduler(
      (uri, signal) => this.validate(uri, signal),
      () => this.settings.diagnosticsDelayMs,
      (uri, err) => this.log.error(`validating ${uri}: ${errorStack(err)}`),
    );

    connection.onInitialize((params) => this.onInitialize(params));
    connection.onInitialized(() => void this.onInitialized());
    connection.onDidChangeConfiguration((change) => {
      this.settingsReload = this.reloadSettings(change.settings).catch(() => undefined);
    });
    connection.onDidChangeWatchedFiles((params) => this.onWatchedFilesChanged(params.changes));
    this.documents.onDidChangeContent((e) => {
      this.scheduler.schedule(e.document.uri);
      this.syncReferences(e.document.uri);
    });
    this.documents.onDidClose((e) => {
      if (this.settings.references.enabled) {
        this.references.closed(e.document.uri, this.workspaceRoots);
        this.referencesChanged(e.document.uri);
      }
      this.scheduler.cancel(e.document.uri);
      this.cache.forget(e.document.uri);
      this.memo.forget(e.document.uri);
      this.published.delete(e.document.uri);
      void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] });
    });
    this.documents.listen(connection);

    connection.onCompletion((params, token) =>
      guarded('completion', this.log, token, [], (signal) =>
        this.withDocument(params, [], (doc) =>
          provideCompletion(
            doc,
            params as CompletionParams,
            this.engine,
            signal,
            this.cluster ? (ref, ns, s) => this.cluster!.names(ref, ns, s) : undefined,
            this.settings.references.enabled
              ? (value, path) => {
                  this.syncReferences(doc.uri);
                  return referencedNames(this.references.index, value, path);
                }
              : undefined,
          ),
        ),
      ),
    );
    connection.onHover((params, token) =>
      guarded('hover', this.log, token, null, (signal) =>
        this.withDocument(params as HoverParams, null, (doc) =>
          provideHover(doc, params.position, this.engine, signal),
        ),
      ),
    );
    connection.onDocumentSymbol((params, token) =>
      guarded('documentSymbol', this.log, token, [], () =>
        this.withDocument(params as DocumentSymbolParams, [], (doc) => provideDocumentSymbols(doc)),
      ),
    );
    connection.onCodeAction((params, token) =>
      guarded('codeAction', this.log, token, [], () =>
        this.withDocument(params as CodeActionParams, [], (doc) =>
          provideCodeActions(doc, params, this.published.get(doc.uri) ?? []),
        ),
      ),
    );
    this.registerReferenceFeatures(connection);
    connection.onExecuteCommand((params: ExecuteCommandParams, token) =>
      guarded(
        'executeCommand',
        this.log,
        token,
        null,
        (signal) => {
          if (params.command === DRY_RUN_COMMAND)
            return this.dryRun((params.arguments?.[0] ?? {}) as DryRunParams, signal);
          throw new Error(`unknown command ${params.command}`);
        },
        60_000,
        true,
      ),
    );
    connection.onRequest(DRY_RUN_REQUEST.method, (params: DryRunParams, token) =>
      guarded('dryRun', this.log, token, null, (signal) => this.dryRun(params, signal), 60_000, true),
    );
    // A connectivity event seen by the client (e.g. the window regained focus after sleep): ask the cluster again.
    connection.onNotification(PROBE_CLUSTER_NOTIFICATION.method, () => this.clusterWatch?.connectivityChanged());
    connection.onShutdown(() => {
      this.codeCaches.saveNow();
      this.clusterWatch?.dispose();
      this.scheduler.dispose();
      this.engine.dispose?.();
    });
    connection.onExit(() => process.exit(0));
  }

  private onInitialize(params: InitializeParams): InitializeResult {
    const caps = params.capabilities;
    this.settingsSource = new SettingsSource(
      { pull: (section) => this.connection.workspace.getConfiguration(section) },
      !!caps.workspace?.configuration,
      params.initializationOptions,
      (m) => this.log.warn(m),
    );
    this.clientRegistersConfigurationChanges = !!caps.workspace?.didChangeConfiguration?.dynamicRegistration;
    this.clientSupportsProgress = !!caps.window?.workDoneProgress;
    this.clientWatchesFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    this.clientRefreshesCodeLenses = !!caps.workspace?.codeLens?.refreshSupport;
    this.workspaceRoots = (params.workspaceFolders ?? []).map((f) => safeFsPath(f.uri)).filter((p): p is string => !!p);
    if (this.workspaceRoots.length === 0 && params.rootUri) {
      const root = safeFsPath(params.rootUri);
      if (root) this.workspaceRoots.push(root);
    }
    this.settings = readSettings(withDefaults(this.defaults, params.initializationOptions));
    const trusted = (params.initializationOptions as InitializationOptions | undefined)?.trusted;
    if (typeof trusted === 'boolean') this.allowExecPlugins = trusted;
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        completionProvider: { triggerCharacters: [':', ' ', '/', '-'], resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        executeCommandProvider: { commands: [DRY_RUN_COMMAND] },
        definitionProvider: true,
        referencesProvider: true,
        codeLensProvider: { resolveProvider: false },
        renameProvider: { prepareProvider: true },
        documentLinkProvider: { resolveProvider: false },
        workspaceSymbolProvider: true,
      },
      serverInfo: { name: SERVER_NAME, version: kubesenseVersion() },
    };
  }

  private async onInitialized(): Promise<void> {
    // Only where the client allows dynamic registration; others send didChangeConfiguration unasked.
    if (this.clientRegistersConfigurationChanges) {
      void this.connection.client
        .register(DidChangeConfigurationNotification.type, { section: 'kubesense' })
        .catch(() => undefined);
    }
    try {
      await this.reloadSettings(undefined, true);
    } finally {
      this.settingsKnown();
    }
    if (this.settings.references.enabled) void this.scanReferences();
  }

  /** Index every manifest of the workspace, then check the open documents' references. */
  private async scanReferences(): Promise<void> {
    const started = Date.now();
    try {
      await this.references.scan(this.workspaceRoots);
      const index = this.references.index;
      this.log.info(
        `reference index: ${index.objectCount} objects in ${index.fileCount} files (${Date.now() - started} ms)`,
      );
    } catch (err) {
      this.log.error(`indexing the workspace: ${errorStack(err)}`);
    }
    this.referencesScanned = true;
    for (const doc of this.documents.all()) this.scheduler.schedule(doc.uri);
    this.refreshCodeLenses();
  }

  /** An open document's current text into the index (no-op when that version is indexed already). */
  private syncReferences(uri: string): void {
    // Files and unsaved buffers; not the extension's edited copies of live objects (they would define them twice).
    if (!this.settings.references.enabled || !/^(file|untitled):/.test(uri)) return;
    const doc = this.cache.get(uri);
    if (doc && !doc.oversized && this.references.syncOpen(uri, doc.file)) this.referencesChanged(uri);
  }

  /** The index changed because of `uri`: the other open documents' reference checks may change too. */
  private referencesChanged(uri: string): void {
    clearTimeout(this.referencesTimer);
    this.referencesTimer = setTimeout(() => {
      this.referencesTimer = undefined;
      if (!this.referencesScanned) return;
      for (const doc of this.documents.all()) if (doc.uri !== uri) this.scheduler.schedule(doc.uri);
      this.refreshCodeLenses();
    }, REFERENCES_QUIET_MS);
  }

  private refreshCodeLenses(): void {
    if (this.clientRefreshesCodeLenses)
      void this.connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
  }

  /** The cluster to ask for objects the workspace lacks, only while it answers (else "cannot tell", at once). */
  private liveObjects(): { live?: LiveObjects; reason: string } {
    if (!this.cluster)
      return {
        reason: this.clusterError ? `the context cannot be used (${this.clusterError})` : 'no cluster is connected',
      };
    const state = this.clusterWatch?.state;
    if (state && state.state !== 'live')
      return { reason: `the cluster is unreachable${'reason' in state ? ` (${state.reason})` : ''}` };
    return { live: this.cluster.liveObjects(), reason: '' };
  }

  private referenceChecks(): ReferenceCheckSettings {
    const r = this.settings.references;
    return {
      rules: {
        'dangling-reference': r.danglingReferences,
        'selector-no-match': r.serviceSelectors,
        'target-port-name': r.serviceTargetPorts,
        'ingress-backend-port': r.ingressBackendPorts,
      },
      ignore: r.ignore,
      filesAreComplete: false,
      warnMissingSecrets: r.warnMissingSecrets,
    };
  }

  private registerReferenceFeatures(connection: Connection): void {
    const at = <T>(
      name: string,
      params: TextDocumentPositionParams,
      fallback: T,
      work: (uri: string, offset: number, signal: AbortSignal) => T | Promise<T>,
    ) =>
      guarded(name, this.log, undefined, fallback, (signal) =>
        this.withDocument(params, fallback, (doc) => {
          if (!this.settings.references.enabled) return fallback;
          this.syncReferences(doc.uri);
          return work(doc.uri, doc.text.offsetAt(params.position), signal);
        }),
      );
    connection.onDefinition((params) =>
      at('definition', params, [] as Location[], (uri, offset, signal) =>
        provideDefinition(this.references.index, uri, offset, this.liveObjects().live, signal),
      ),
    );
    connection.onReferences((params) =>
      at('references', params, [] as Location[], (uri, offset) =>
        provideReferences(this.references.index, uri, offset, params.context.includeDeclaration),
      ),
    );
    connection.onPrepareRename((params) =>
      at('prepareRename', params, null, (uri, offset) => prepareRename(this.references.index, uri, offset)),
    );
    connection.onRenameRequest((params) =>
      at('rename', params, null, (uri, offset) => provideRename(this.references.index, uri, offset, params.newName)),
    );
    connection.onCodeLens((params: CodeLensParams, token) =>
      guarded('codeLens', this.log, token, [], () =>
        this.withDocument(params, [], (doc) => {
          if (!this.settings.references.enabled || !this.settings.references.codeLens) return [];
          this.syncReferences(doc.uri);
          return provideCodeLenses(this.references.index, doc.uri);
        }),
      ),
    );
    connection.onDocumentLinks((params: DocumentLinkParams, token) =>
      guarded('documentLinks', this.log, token, [], () =>
        this.withDocument(params, [], (doc) => {
          if (!this.settings.references.enabled) return [];
          this.syncReferences(doc.uri);
          return provideDocumentLinks(this.references.index, doc.uri);
        }),
      ),
    );
    connection.onWorkspaceSymbol((params, token) =>
      guarded('workspaceSymbol', this.log, token, [], async () => {
        await this.settingsReady;
        return this.settings.references.enabled ? provideWorkspaceSymbols(this.references.index, params.query) : [];
      }),
    );
  }

  /** Settings from the client (pulled when it answers workspace/configuration, else pushed or initOptions). */
  private reloadSettings(pushed: unknown, force = false): Promise<void> {
    // One at a time, in arrival order: a slow pull must not overwrite a newer change.
    const run = this.settingsQueue.then(() => this.applySettings(pushed, force));
    this.settingsQueue = run.catch(() => undefined);
    return run;
  }

  private async applySettings(pushed: unknown, force: boolean): Promise<void> {
    const raw = this.settingsSource ? await this.settingsSource.read(pushed) : pushed;
    const next = readSettings(withDefaults(this.defaults, raw));
    if (!force && sameSettings(next, this.settings)) return;
    const previous = this.settings;
    this.settings = next;
    if (!force && sameSettings({ ...next, references: previous.references }, previous)) {
      // Only the reference settings changed: no new engine, just new reference checks (and maybe an index).
      if (next.references.enabled && !previous.references.enabled) void this.scanReferences();
      for (const doc of this.documents.all()) this.scheduler.schedule(doc.uri);
      this.refreshCodeLenses();
      return;
    }
    this.rebuildEngine();
  }

  /** Ask the client to tell us when CRD files change on disk (edits in open editors arrive as text already). */
  private async watchCrdFiles(): Promise<void> {
    this.fileWatch?.dispose();
    this.fileWatch = undefined;
    const globs = [...this.settings.crds, ...(this.settings.references.enabled ? [MANIFEST_WATCH_GLOB] : [])];
    if (!this.clientWatchesFiles || globs.length === 0) return;
    try {
      this.fileWatch = await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: globs.map((globPattern) => ({ globPattern })),
      });
    } catch (err) {
      this.log.warn(`cannot watch CRD files: ${errorMessage(err)}`);
    }
  }

  private onWatchedFilesChanged(changes: FileEvent[]): void {
    let changed = false;
    let referencesChanged = false;
    for (const change of changes) {
      if (this.documents.get(change.uri)) continue; // the editor's text is the truth while it is open
      if (this.settings.references.enabled && this.references.diskChanged(change.uri, this.workspaceRoots))
        referencesChanged = true;
      const file = safeFsPath(change.uri);
      if (!file) continue;
      let text: string | undefined;
      if (change.type !== FileChangeType.Deleted) {
        try {
          text = fs.readFileSync(file, 'utf8');
        } catch {
          text = undefined;
        }
      }
      if (this.engine.updateCrdText(file, text)) changed = true;
    }
    if (referencesChanged) this.referencesChanged('');
    if (changed) {
      this.log.info('CRD files changed on disk: re-validating open documents');
      for (const doc of this.documents.all()) this.scheduler.schedule(doc.uri);
    }
  }

  private rebuildEngine(): void {
    this.engine.dispose?.();
    this.connectCluster();
    this.references.index.setDefaultNamespace(this.cluster?.defaultNamespace ?? 'default');
    this.engine = createEngine(this.settings, this.workspaceRoots, this.log, this.cluster, {
      onClusterFailure: () => this.clusterWatch?.connectivityChanged(),
      onFolderProblem: (problem) => {
        this.log.warn(problem);
        this.showMessage(MessageType.Warning, `kubesense.schemaDirectory: ${problem}`);
      },
    });
    void this.watchCrdFiles();
    this.engineGeneration++;
    this.noSchemaReported = false;
    this.cache.invalidate();
    this.memo.clear();
    const engine = this.engine;
    const generation = this.engineGeneration;
    this.engineReady = this.warmUp(engine, generation);
    for (const doc of this.documents.all()) this.scheduler.schedule(doc.uri);
  }

  /** (Re)connect to the configured context; a failure is said once and the server works offline. */
  private connectCluster(): void {
    this.clusterWatch?.dispose();
    this.clusterWatch = undefined;
    this.cluster = undefined;
    this.clusterError = undefined;
    if (!this.settings.context) return;
    try {
      this.cluster = ClusterConnection.open(this.settings, this.allowExecPlugins, this.log);
      const generation = this.engineGeneration + 1; // the engine rebuildEngine is about to make
      this.clusterWatch = new ClusterWatch(this.cluster, (probe, changed) =>
        this.onClusterProbe(probe, changed, generation),
      );
      this.cluster.onReachable = () => {
        if (this.clusterWatch?.state?.state !== 'live') this.clusterWatch?.connectivityChanged();
      };
      this.log.info(`connected to context "${this.settings.context}" (${redactURL(this.cluster.config.host)})`);
    } catch (err) {
      this.clusterError = errorMessage(err);
      this.log.error(`context "${this.settings.context}": ${this.clusterError}`);
      this.showMessage(
        MessageType.Error,
        `kubesense: cannot use context "${this.settings.context}": ${this.clusterError}`,
      );
    }
  }

  /** Load schemas with a progress notification; say once, plainly, when there is no schema at all. */
  private async warmUp(engine: LanguageEngine, generation: number): Promise<void> {
    const progress = this.clientSupportsProgress
      ? await this.connection.window.createWorkDoneProgress().catch(() => undefined)
      : undefined;
    progress?.begin('kubesense', 0, 'Loading Kubernetes schemas…', true);
    const controller = new AbortController();
    progress?.token.onCancellationRequested(() => controller.abort());
    try {
      if (this.clusterWatch) {
        progress?.report('contacting the cluster');
        await this.clusterWatch.probe();
      }
      if (engine.warmUp) await engine.warmUp((m) => progress?.report(m), controller.signal);
      const has = await engine.hasSchemas();
      if (!has && generation === this.engineGeneration && (await this.downloadSchemas(progress, controller.signal))) {
        this.rebuildEngine();
        return;
      }
      if (!has && !this.noSchemaReported && generation === this.engineGeneration) {
        this.noSchemaReported = true;
        const away = this.clusterWatch?.state?.state !== 'live' ? this.clusterWatch?.state : undefined;
        this.showMessage(
          MessageType.Warning,
          'kubesense: no Kubernetes schema is available, so only YAML syntax and manifest structure are checked. ' +
            (away && 'reason' in away
              ? `The cluster's schemas cannot be read (${away.reason}) and none are cached; set "kubesense.schemaDirectory" to a folder of OpenAPI v3 documents to check offline.`
              : 'Set "kubesense.schemaDirectory" to a folder of OpenAPI v3 documents, or choose a cluster context in the Kubernetes view.'),
        );
        this.log.warn(`no schema: ${engine.description}`);
      } else if (has) {
        this.log.info(`schemas from ${engine.description}`);
      }
    } catch (err) {
      this.log.error(`loading schemas: ${errorMessage(err)}`);
      if (!this.noSchemaReported) {
        this.noSchemaReported = true;
        this.showMessage(MessageType.Error, `kubesense: could not load schemas: ${errorMessage(err)}`);
      }
    } finally {
      progress?.done();
      if (generation === this.engineGeneration) this.sendSchemaSource();
    }
  }

  /** The cluster's schemas became readable or not: switch sources, re-check open documents, tell the client. */
  private onClusterProbe(probe: ClusterProbe, changed: boolean, generation: number): void {
    if (generation !== this.engineGeneration) return;
    const live = probe.state === 'live';
    if (changed && !live) this.log.warn(`${this.cluster?.schemaSource.name}: ${probe.reason}; using fallback schemas`);
    else if (changed) this.log.info(`${this.cluster?.schemaSource.name}: schemas readable`);
    if (this.engine.setClusterState?.(live, live ? undefined : probe.reason)) {
      this.memo.clear();
      for (const doc of this.documents.all()) this.scheduler.schedule(doc.uri);
    }
    if (changed) this.sendSchemaSource();
  }

  private sendSchemaSource(): void {
    const status = this.engine.sourceStatus?.();
    if (status) void this.connection.sendNotification(SCHEMA_SOURCE_NOTIFICATION.method, status).catch(() => undefined);
  }

  /**
   * Neither a cluster nor a schema folder: fetch the upstream OpenAPI v3 of the target version into the cache,
   * once per version and session, with progress and cancellation. True when schemas are now on disk.
   */
  private async downloadSchemas(
    progress: { report(message: string): void } | undefined,
    signal: AbortSignal,
  ): Promise<boolean> {
    const version = this.settings.kubernetesVersion;
    if (this.settings.schemaDirectory || this.cluster || this.clusterError) return false;
    if (!this.settings.downloadSchemas || process.env.KUBESENSE_OFFLINE === '1') return false;
    if (this.downloadsTried.has(version)) return false;
    this.downloadsTried.add(version);
    progress?.report(`downloading the OpenAPI v3 documents of Kubernetes ${version}`);
    try {
      const dir = await downloadUpstreamSchemas(defaultKubesenseCache(), version, {
        signal,
        onProgress: (done, total) => progress?.report(`downloading Kubernetes ${version} schemas (${done}/${total})`),
      });
      this.log.info(`downloaded the Kubernetes ${version} schemas into ${dir}`);
      return true;
    } catch (err) {
      this.log.warn(`could not download the Kubernetes ${version} schemas: ${errorMessage(err)}`);
      return false;
    }
  }

  /** A plain notification (window/showMessage): nothing to answer, so no client can leave it pending. */
  private showMessage(type: MessageType, message: string): void {
    void this.connection.sendNotification(ShowMessageNotification.type, { type, message }).catch(() => undefined);
  }

  private async withDocument<T>(
    params: { textDocument: { uri: string } },
    fallback: T,
    work: (doc: ParsedDocument) => T | Promise<T>,
  ): Promise<T> {
    await this.settingsReady;
    const doc = this.cache.get(params.textDocument?.uri);
    return doc ? work(doc) : fallback;
  }

  /** Validate one document's current version and publish, reusing results of unchanged YAML documents. */
  private async validate(uri: string, signal: AbortSignal): Promise<void> {
    // Schemas first: the first diagnostics of a session already include schema checks (and follow the
    // no-schema message, if any).
    await this.engineReady;
    if (signal.aborted) return;
    const doc = this.cache.get(uri);
    if (!doc) return;
    this.scheduleCrdUpdate(doc);
    const engine = this.engine;
    const generation = this.engineGeneration;
    const memoKey = generation * 1_000_000 + engine.schemaVersion();
    let all: KubeDiagnostic[];
    if (engine.validatesSubsets && !doc.oversized) {
      const { reuse, toValidate } = this.memo.plan(doc, memoKey);
      const fresh = await engine.validate(doc.file, toValidate, signal); // cross-document checks run every time
      if (signal.aborted || !this.stillCurrent(uri, doc, generation)) return;
      all = this.memo.merge(doc, memoKey, reuse, fresh, toValidate);
    } else {
      all = doc.oversized ? [] : await engine.validate(doc.file, undefined, signal);
      if (signal.aborted || !this.stillCurrent(uri, doc, generation)) return;
    }
    if (doc.oversized) {
      all.push(oversizedNotice(this.settings.maxFileSizeBytes));
    } else if (this.settings.references.enabled && this.referencesScanned) {
      this.syncReferences(uri);
      const { live, reason } = this.liveObjects();
      all = [
        ...all,
        ...(await checkReferences(this.references.index, uri, this.referenceChecks(), live, signal, reason)),
      ];
      if (signal.aborted || !this.stillCurrent(uri, doc, generation)) return;
    }
    this.published.set(uri, all);
    const diagnostics: Diagnostic[] = all.map((d) => toLspDiagnostic(d));
    await this.connection.sendDiagnostics({ uri, version: doc.version, diagnostics });
    this.codeCaches.published();
    // The first diagnostics of a just-opened file are out: now the rest of its parse (for the first edit).
    if (doc.astsPending) void this.cache.completeAsts(uri);
  }

  private stillCurrent(uri: string, doc: ParsedDocument, generation: number): boolean {
    const current = this.documents.get(uri);
    return generation === this.engineGeneration && !!current && current.version === doc.version;
  }

  /**
   * Open documents holding CRDs feed the CRD schema source, so custom resources validate as you edit. Schema
   * changes drop compiled validators, so they wait for a pause in typing (CRD_QUIET_MS).
   */
  private scheduleCrdUpdate(doc: ParsedDocument): void {
    const holdsCrd = doc.file.documents.some(
      (d) => d.kind === 'CustomResourceDefinition' && !!d.apiVersion?.startsWith('apiextensions.k8s.io/'),
    );
    if (!holdsCrd && !this.crdUris.has(doc.uri)) return;
    clearTimeout(this.crdTimers.get(doc.uri));
    const engine = this.engine;
    this.crdTimers.set(
      doc.uri,
      setTimeout(() => {
        this.crdTimers.delete(doc.uri);
        if (engine !== this.engine) return;
        if (holdsCrd) this.crdUris.add(doc.uri);
        else this.crdUris.delete(doc.uri);
        const origin = safeFsPath(doc.uri) ?? doc.uri;
        const text = this.documents.get(doc.uri)?.getText() ?? doc.file.text;
        if (!engine.updateCrdText(origin, holdsCrd ? text : undefined)) return;
        this.log.info(`CRDs of ${origin} updated`);
        // Every other open document may validate differently now.
        for (const other of this.documents.all()) if (other.uri !== doc.uri) this.scheduler.schedule(other.uri);
      }, CRD_QUIET_MS),
    );
  }

  private matchesManifestGlob(uri: string): boolean {
    if (this.settings.manifests.length === 0) return false;
    const file = safeFsPath(uri);
    if (!file) return false;
    const candidates = [file, ...this.workspaceRoots.map((root) => path.relative(root, file))];
    return this.settings.manifests.some((glob) => candidates.some((c) => matchesGlob(c, glob)));
  }

  private async dryRun(params: DryRunParams, signal: AbortSignal): Promise<unknown> {
    await this.settingsReload; // "Enable Dry-Run" changes the setting, then asks at once
    await this.engineReady;
    const doc = this.cache.get(params.uri);
    if (!doc) throw new Error(`document ${params.uri} is not open`);
    const result = await runDryRun(
      doc,
      this.settings,
      this.cluster,
      this.clusterError,
      () => this.cache.get(params.uri) === doc,
      signal,
      params.documentIndex,
    );
    if (result.diagnostics.length > 0 && this.cache.get(params.uri) === doc) {
      // The API server's own errors, in place, beside ours until the next edit re-validates.
      const merged = [...(this.published.get(params.uri) ?? []), ...result.diagnostics];
      this.published.set(params.uri, merged);
      await this.connection.sendDiagnostics({
        uri: params.uri,
        version: doc.version,
        diagnostics: merged.map((d) => toLspDiagnostic(d)),
      });
    }
    return result;
  }
}

function oversizedNotice(max: number): KubeDiagnostic {
  return {
    code: 'invalid',
    severity: 'information',
    message: `kubesense: this file is larger than ${Math.round(max / 1024)} KiB (setting kubesense.maxFileSizeBytes), so it is not checked.`,
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    offsets: { start: 0, end: 0 },
    documentIndex: -1,
  };
}
