// What validation hands to the editor and the CLI: LSP-shaped, but plain data (no vscode API).
import type { Range, TextEdit } from 'vscode-languageserver-types';
import type { FieldPath, OffsetRange } from '../documents';

export type KubeDiagnosticCode =
  | 'yaml-syntax' // the YAML does not parse
  | 'duplicate-key' // key "x" already set in map
  | 'excessive-aliasing' // alias/anchor bomb stopped
  | 'yaml11-scalar' // plain scalar read differently by YAML 1.1 (`yes` -> true) where a string is expected
  | 'missing-kind' // apiVersion or kind not set in a manifest file
  | 'unknown-kind' // apiVersion served, kind not (kind configmap not found in v1 groupversion)
  | 'unknown-api-version' // group/version not served by the target cluster/schema set
  | 'no-schema' // no schema source at all: said once per file
  | 'removed-api' // apiVersion removed in the target version
  | 'deprecated-api' // apiVersion deprecated, still served
  | 'unknown-field' // strict field validation
  | 'required' // Required value
  | 'type' // Invalid value: "string": must be of type integer
  | 'enum' // Unsupported value
  | 'duplicate' // Duplicate value (list-type map/set, names)
  | 'invalid' // Invalid value (formats, patterns, ranges, names, labels, quantities...)
  | 'too-long' // Too long
  | 'cel' // x-kubernetes-validations rule failed
  // Cross-file reference rules (analysis/references/check.ts):
  | 'dangling-reference' // a referenced object is defined nowhere
  | 'selector-no-match' // a Service selector matches no Pod template or Pod
  | 'target-port-name' // a Service targetPort name no selected container declares
  | 'ingress-backend-port'; // an Ingress backend port the Service does not expose

export type KubeSeverity = 'error' | 'warning' | 'information';

/** A quick fix as plain edits: the editor turns it into a CodeAction 1:1. */
export interface KubeFix {
  kind: 'quote-scalar' | 'replace-api-version' | 'replace-kind';
  title: string;
  edits: TextEdit[];
  /** True when applying it is safe without review (LSP isPreferred). */
  preferred: boolean;
}

export interface KubeDiagnostic {
  code: KubeDiagnosticCode;
  severity: KubeSeverity;
  /** Message in the API server's wording, field first: `spec.replicas: Invalid value: ...`. */
  message: string;
  /** Field path in the object (absent for file-level problems). */
  path?: FieldPath;
  /** The same path as the API server prints it: `spec.containers[0].image`. */
  field?: string;
  range: Range;
  offsets: OffsetRange;
  /** Index of the YAML document in the file (-1 for file-level). */
  documentIndex: number;
  fix?: KubeFix;
}

export interface ValidateOptions {
  /** Abort long work (LSP cancellation). */
  signal?: AbortSignal;
  /** Warn about YAML 1.1 readings in string fields (default true). */
  yaml11Warnings?: boolean;
  /**
   * Only these documents (by index) get per-document checks; the caller reuses earlier results for the
   * others. File-level checks (duplicate objects across documents) always run.
   */
  documentIndexes?: number[];
  /** Report "no schema" once per file when the store has no schema at all (default true). */
  reportMissingSchemas?: boolean;
  /** Awaited after each document: the language server yields there so one big file cannot hold up the others. */
  betweenDocuments?: () => Promise<void>;
}
