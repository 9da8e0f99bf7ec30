// kubesense's own LSP messages beside the standard ones: method names, parameters and results, declared once for
// the server that answers them, the extension that sends them and the tests that drive both.

/** A request: `method` with params P answered by R (the types are for the compiler only). */
export interface RequestDefinition<P, R> {
  readonly method: string;
  readonly _types?: (params: P) => R;
}

/** A notification with params P. */
export interface NotificationDefinition<P> {
  readonly method: string;
  readonly _params?: (params: P) => void;
}

// ---- kubesense/dryRun (client -> server request), also as workspace/executeCommand `kubesense.dryRun` ----

export interface DryRunParams {
  uri: string;
  /** Only this YAML document (all objects of the file when absent). */
  documentIndex?: number;
}

export interface DryRunOutcome {
  documentIndex: number;
  /** Which object (as the extension and kubectl name it). */
  object: { apiVersion?: string; kind?: string; metadata: { name?: string; namespace?: string } };
  ok: boolean;
  /** The API server's message when it rejected the object. */
  message?: string;
}

/** A diagnostic of the API server's answer, placed in the document (also published with the others). */
export interface DryRunDiagnostic {
  message: string;
  severity: 'error' | 'warning' | 'information' | 'hint';
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  documentIndex: number;
  /** The field the server's cause names (`spec.template.metadata.labels`), when it names one. */
  field?: string;
}

export interface DryRunResult {
  uri: string;
  /** The kubeconfig context that answered. */
  context: string;
  outcomes: DryRunOutcome[];
  diagnostics: DryRunDiagnostic[];
}

/** Server-side dry-run of an open document against the connected context (setting `dryRun.enabled`). */
export const DRY_RUN_REQUEST: RequestDefinition<DryRunParams, DryRunResult> = { method: 'kubesense/dryRun' };
/** The same as a `workspace/executeCommand` command (arguments: [DryRunParams]), for editors that run commands. */
export const DRY_RUN_COMMAND = 'kubesense.dryRun';

// ---- kubesense/schemaSource (server -> client notification) ----

/** Which kind of source answers first: what the status bar, the hover footer and `check` name. */
export type SchemaSourceKind = 'cluster' | 'cluster-cache' | 'schema-folder' | 'upstream' | 'crd-files' | 'none';

export interface SchemaSourceStatus {
  /** The source that answers first. */
  kind: SchemaSourceKind;
  /** Its name (`cluster (context "dev")`, `schema folder /x/1.35`). */
  source: string;
  /** Every source in use, in priority order. */
  sources: string[];
  /** The configured cluster, if any. */
  cluster?: string;
  /** Why the configured cluster's live schemas are not used (unreachable, slow, 403, no OpenAPI v3). */
  clusterProblem?: string;
}

/** Which schemas are in use, sent after loading and whenever the cluster's schemas become readable or not. */
export const SCHEMA_SOURCE_NOTIFICATION: NotificationDefinition<SchemaSourceStatus> = {
  method: 'kubesense/schemaSource',
};

// ---- kubesense/probeCluster (client -> server notification) ----

/** Connectivity may have changed (e.g. the window regained focus after sleep): probe the cluster's schemas now. */
export const PROBE_CLUSTER_NOTIFICATION: NotificationDefinition<void> = { method: 'kubesense/probeCluster' };

// ---- initialize ----

/** `initializationOptions` of the initialize request. */
export interface InitializationOptions {
  /** The `kubesense` section (or the section itself at the top level, as some editors pass it). */
  kubesense?: Record<string, unknown>;
  /** The workspace is trusted: exec credential plugins may run (the extension says; `kubesense lsp` assumes yes). */
  trusted?: boolean;
}
