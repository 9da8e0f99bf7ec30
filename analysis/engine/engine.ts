// What the editor features need from schemas and validation (engineer "validation" owns both; this file only
// adapts their API to one object the session can rebuild when settings change).
import type { ManifestFile } from '../documents';
import type { ResolvedSchema } from '../schema/resolved';
import type { KubeDiagnostic } from '../validation/types';
import type { SchemaSource } from '../schema';
import type { SchemaSourceStatus } from '../../protocol';

/** Where the engine reports what it cannot use (the language server's log, the CLI's stderr). */
export interface Logger {
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

/** What the engine needs of a connected cluster: its live schemas and, once there are any, its cached ones. */
export interface ClusterSchemas {
  readonly schemaSource: SchemaSource;
  cachedSchemaSource(): SchemaSource | undefined;
}

export interface KindEntry {
  apiVersion: string;
  kind: string;
}

export interface LanguageEngine {
  /** Human-readable description of where schemas come from (for logs and the no-schema message). */
  readonly description: string;
  /** True when at least one schema source is configured and answers. */
  hasSchemas(): Promise<boolean>;
  /** Every apiVersion/kind the schema sources serve (for apiVersion/kind completion and new-resource snippets). */
  kinds(): Promise<KindEntry[]>;
  /** The resolved schema of a kind, or undefined. */
  schemaFor(apiVersion: string, kind: string): Promise<ResolvedSchema | undefined>;
  /** Diagnostics of the documents `documentIndexes` of the file (all when undefined). */
  validate(file: ManifestFile, documentIndexes: number[] | undefined, signal: AbortSignal): Promise<KubeDiagnostic[]>;
  /** Changes whenever schemas change (a CRD edited): remembered diagnostics of older versions are stale. */
  schemaVersion(): number;
  /** True when validate() honours documentIndexes (else it checks the whole file every time). */
  readonly validatesSubsets: boolean;
  /** An open document's CRDs (text undefined: it no longer holds any); true when schemas changed. */
  updateCrdText(origin: string, text: string | undefined): boolean;
  /** Load and compile what is needed up front (reported as progress). */
  warmUp?(report: (message: string) => void, signal: AbortSignal): Promise<void>;
  /** The connected cluster's schemas are readable (live) or not (problem): true when the sources changed. */
  setClusterState?(live: boolean, problem?: string): boolean;
  /** Which schemas are in use, for the client's status bar. */
  sourceStatus?(): SchemaSourceStatus;
  dispose?(): void;
}
