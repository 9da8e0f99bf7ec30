// What `kubesense check` does per file, and the local schema sources, shared by the main thread and the worker
// threads of a large run (checkParallel.ts): a worker rebuilds the same store from the same recipe.
import { ManifestFile, parseManifestFile, ParseOptions } from '../analysis/documents';
import { CrdSchemaSource, DirectorySchemaSource, SchemaSource, SchemaStore } from '../analysis/schema';
import { KubeDiagnostic, validate } from '../analysis/validation';

export interface CheckInput {
  path: string;
  display: string;
  explicit: boolean;
  options: ParseOptions;
  /** Why the path cannot be checked at all (it does not exist, a symlink loop...). */
  error?: string;
}

export interface FileReport {
  file: string;
  skipped?: string;
  /** The file could not be read (missing, special, too large, permission): its one problem. */
  error?: string;
  objects: number;
  diagnostics: KubeDiagnostic[];
}

/** The schema sources that are files on this machine, in priority order: what a worker thread can rebuild. */
export interface LocalSchemaSources {
  /** Schema folders (--schema-dir, then the cached upstream download), with their Kubernetes version. */
  folders: { dir: string; version?: string }[];
  /** --crd paths (read again by whoever builds the store). */
  crdPaths: string[];
  /** Checked files that hold CustomResourceDefinitions, with their text. */
  crdTexts: [string, string][];
  fallbackFor?: string;
}

/** The store of the local sources, after `before` (a cluster's source, which only the main thread has). */
export function localSchemaStore(local: LocalSchemaSources, before: SchemaSource[] = []): SchemaStore {
  const sources = [...before, ...local.folders.map((f) => new DirectorySchemaSource(f.dir, f.version))];
  const crds = local.crdPaths.length
    ? CrdSchemaSource.fromPaths(local.crdPaths)
    : new CrdSchemaSource('CRDs among the checked files');
  // CRDs that travel with the manifests (operators' setup folders) validate their custom resources.
  for (const [file, text] of local.crdTexts) crds.setText(file, text);
  if (crds.all().length > 0) sources.push(crds);
  const store = new SchemaStore(sources);
  if (local.fallbackFor) store.fallbackFor = local.fallbackFor;
  return store;
}

/** Check one file's text (or report why it could not be read); onParsed sees the parse of a file checked as is. */
export async function checkFile(
  input: CheckInput,
  text: string | undefined,
  error: string | undefined,
  store: SchemaStore,
  onParsed?: (file: ManifestFile) => void,
): Promise<FileReport> {
  if (error !== undefined) return { file: input.display, error, objects: 0, diagnostics: [] };
  const source = text ?? '';
  // The fast reader: documents get their AST (for exact ranges) only when they have something to report.
  const file = parseManifestFile(source, input.path, { ...input.options, fastValues: true });
  if (file.exclusion && input.explicit && file.exclusion === 'no-kubernetes-objects') {
    // A file named on the command line is meant to be checked: say what is wrong with it.
    const forced = parseManifestFile(source, input.path, { ...input.options, assumeManifest: true });
    return {
      file: input.display,
      objects: forced.documents.filter((d) => d.role !== 'empty').length,
      diagnostics: await validate(forced, store),
    };
  }
  if (file.exclusion) return { file: input.display, skipped: file.exclusion, objects: 0, diagnostics: [] };
  onParsed?.(file);
  return {
    file: input.display,
    objects: countObjects(file.manifests.map((d) => d.value)),
    diagnostics: await validate(file, store),
  };
}

function countObjects(values: unknown[]): number {
  let n = 0;
  for (const v of values) {
    const o = v as { kind?: unknown; items?: unknown };
    n += typeof o?.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items) ? o.items.length : 1;
  }
  return n;
}
