// Open documents and their parses: every feature asks here, so a text version is parsed at most once.
// Text is kept by vscode-languageserver's TextDocuments (incremental sync applies edits in place).
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ManifestFile, parseManifestFile, ParseOptions } from '../documents';

export interface ParsedDocument {
  uri: string;
  version: number;
  text: TextDocument;
  file: ManifestFile;
  /** True when the text is over the size bound: it is not checked, features answer empty. */
  oversized: boolean;
}

export class DocumentCache {
  private readonly parsed = new Map<string, ParsedDocument>();

  constructor(
    private readonly getText: (uri: string) => TextDocument | undefined,
    private readonly parseOptions: (uri: string) => ParseOptions,
    private readonly maxBytes: () => number,
  ) {}

  /** The parse of the current version of `uri`, parsing now if the version changed. */
  get(uri: string): ParsedDocument | undefined {
    const text = this.getText(uri);
    if (!text) {
      this.parsed.delete(uri);
      return undefined;
    }
    const cached = this.parsed.get(uri);
    if (cached && cached.version === text.version && cached.text === text) return cached;
    const source = text.getText();
    const oversized = source.length > this.maxBytes();
    // Parsing costs ~60 ms per MB and runs on every version: past the bound the file gets an empty model (and
    // a notice), so a pasted log or a generated bundle cannot make the editor wait.
    // The previous version's unchanged YAML documents are reused instead of parsed again (typing touches one).
    const previous = cached && !cached.oversized ? cached.file : undefined;
    const file = oversized
      ? parseManifestFile('', uri)
      : parseManifestFile(source, uri, { ...this.parseOptions(uri), previous });
    const entry: ParsedDocument = { uri, version: text.version, text, file, oversized };
    this.parsed.set(uri, entry);
    return entry;
  }

  /** Parse again on next use (settings that change what counts as a manifest). */
  invalidate(uri?: string): void {
    if (uri) this.parsed.delete(uri);
    else this.parsed.clear();
  }

  forget(uri: string): void {
    this.parsed.delete(uri);
  }
}
