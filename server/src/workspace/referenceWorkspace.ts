// The language server's side of the reference index: the workspace's manifest files read from disk once (in small
// slices, so requests are answered meanwhile), open documents indexed from the editor's text, and files changed on
// disk re-indexed one at a time. Open documents win over the disk while they are open.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readRegularFile } from '../../../kube/util/boundedRead';
import { invalidUtf8 } from '../../../kube/util/yamlGuards';
import { ManifestFile, parseManifestFile } from '../../../analysis/documents';
import { ReferenceIndex } from '../../../analysis/references';
import {
  inSkippedFolder,
  isManifestFileName,
  kustomizePatchesNear,
  safeFsPath,
  walkManifestFiles,
} from '../../../analysis/files/manifestFiles';

/** The initial scan yields to the event loop after this much work, so requests are answered meanwhile. */
const SCAN_SLICE_MS = 15;

export interface ReferenceWorkspaceOptions {
  /** Files a manifest glob (kubesense.manifests) names: manifests even without apiVersion + kind. */
  assumeManifest: (uri: string) => boolean;
  maxFileSizeBytes: () => number;
}

export class ReferenceWorkspace {
  readonly index = new ReferenceIndex();
  private readonly open = new Map<string, ManifestFile>();
  private scanned?: Promise<void>;
  private scanGeneration = 0;

  constructor(private readonly options: ReferenceWorkspaceOptions) {}

  /** Reads every manifest file under the roots (again); resolves when the index holds them all. */
  scan(roots: string[], onProgress?: (done: number, total: number) => void): Promise<void> {
    const generation = ++this.scanGeneration;
    this.scanned = (async () => {
      const patchCache = new Map<string, Set<string>>();
      const files = roots.flatMap((r) => walkManifestFiles(r));
      let sliceStart = Date.now();
      for (let i = 0; i < files.length; i++) {
        if (generation !== this.scanGeneration) return;
        const file = files[i]!;
        const uri = pathToFileURL(file).href;
        if (!this.open.has(uri)) this.readFromDisk(file, uri, patchCache);
        if (Date.now() - sliceStart >= SCAN_SLICE_MS) {
          onProgress?.(i + 1, files.length);
          await new Promise((resolve) => setImmediate(resolve));
          sliceStart = Date.now();
        }
      }
      onProgress?.(files.length, files.length);
    })();
    return this.scanned;
  }

  /** Resolves when the latest scan finished (features answer from a partial index meanwhile). */
  whenScanned(): Promise<void> {
    return this.scanned ?? Promise.resolve();
  }

  /** An open document's current parse: indexed when it is a new version. True when the index changed. */
  syncOpen(uri: string, file: ManifestFile): boolean {
    if (this.open.get(uri) === file) return false;
    this.open.set(uri, file);
    this.index.update(uri, file);
    return true;
  }

  /** A document was closed: the file on disk is the truth again (if it is a workspace file). */
  closed(uri: string, roots: string[]): void {
    this.open.delete(uri);
    this.diskChanged(uri, roots);
  }

  /** A file changed, was created or deleted on disk: re-index that file only. True when the index changed. */
  diskChanged(uri: string, roots: string[]): boolean {
    if (this.open.has(uri)) return false; // the editor's text is the truth while it is open
    const file = safeFsPath(uri);
    if (!file || !isManifestFileName(file) || !roots.some((r) => !inSkippedFolder(r, file))) {
      if (!this.index.has(uri)) return false;
      this.index.remove(uri);
      return true;
    }
    this.readFromDisk(file, uri);
    return true;
  }

  private readFromDisk(file: string, uri: string, patchCache?: Map<string, Set<string>>): void {
    let bytes: Buffer;
    try {
      bytes = readRegularFile(file, this.options.maxFileSizeBytes());
    } catch {
      this.index.remove(uri); // deleted, unreadable or too large: no objects
      return;
    }
    const assumeManifest = this.options.assumeManifest(uri);
    // No object can be in a file that never says apiVersion and kind (data, schemas, values files): not parsed.
    if (!assumeManifest && (bytes.indexOf('apiVersion') < 0 || bytes.indexOf('kind') < 0)) {
      this.index.remove(uri);
      return;
    }
    const invalid = invalidUtf8(bytes);
    // The fast reader: values now, a document's AST (for positions) only when a feature asks.
    this.index.update(
      uri,
      parseManifestFile(bytes.toString('utf8'), uri, {
        fastValues: true,
        assumeManifest,
        kustomizePatch: kustomizePatchesNear(path.dirname(file), patchCache).has(file),
        ...(invalid.length ? { invalidBytes: invalid } : {}),
      }),
    );
  }
}
