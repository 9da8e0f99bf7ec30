// Feature providers called directly (no LSP process): a parsed document and an engine over the real
// OpenAPI v3 documents and CRDs of ../shared/k8s.
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CompletionList, Position } from 'vscode-languageserver/node';
import { provideCompletion, type ClusterNames } from '../../../../analysis/features/completion';
import { parseManifestFile } from '../../../../analysis/documents';
import { CrdSchemaSource, DirectorySchemaSource } from '../../../../analysis/schema';
import type { ParsedDocument } from '../../../../analysis/documents/documentCache';
import { SchemaEngine } from '../../../../analysis/engine/engineFactory';
import { openapiDir, sharedK8s } from '../validation/sharedData';

let shared: SchemaEngine | undefined;

/** Built-in 1.35 schemas plus the prometheus-operator CRDs (one engine for the whole test file). */
export function engine(): SchemaEngine {
  shared ??= new SchemaEngine(
    { folder: new DirectorySchemaSource(openapiDir('1.35')) },
    CrdSchemaSource.fromPaths([path.join(sharedK8s, 'crds/prometheus-operator')]),
  );
  return shared;
}

let version = 0;

export function parsed(text: string, uri = 'file:///work/features.yaml'): ParsedDocument {
  const doc = TextDocument.create(uri, 'yaml', ++version, text);
  return { uri, version: doc.version, text: doc, file: parseManifestFile(text, uri), oversized: false };
}

/** `text` with the cursor marker `|` removed, and the cursor's position. */
export function withCursor(marked: string): { text: string; position: Position } {
  const at = marked.indexOf('|');
  if (at < 0 || marked.indexOf('|', at + 1) >= 0) throw new Error('mark the cursor with exactly one |');
  const text = marked.slice(0, at) + marked.slice(at + 1);
  const before = text.slice(0, at).split('\n');
  return { text, position: { line: before.length - 1, character: before[before.length - 1]!.length } };
}

/** Completion at the `|` of a marked document, always as a list. */
export async function complete(marked: string, names?: ClusterNames): Promise<CompletionList> {
  const { text, position } = withCursor(marked);
  const doc = parsed(text);
  const r = await provideCompletion(doc, { position }, engine(), new AbortController().signal, names);
  return Array.isArray(r) ? { isIncomplete: false, items: r } : r;
}
