// Open documents and their parses: every feature asks here, so a text version is parsed at most once.
// Text is kept by vscode-languageserver's TextDocuments (incremental sync applies edits in place).
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ManifestFile, parseManifestFile, ParseOptions } from './';

export interface ParsedDocument {
  uri: string;
  version: number;
  text: TextDocument;
  file: ManifestFile;
  /** True when the text is over the size bound: it is not checked, features answer empty. */
  oversized: boolean;
  /** The parse options it was read with (JSON). */
  optionsKey?: string;
  /** Read by the fast reader (a just-opened file): its documents' ASTs are parsed on demand or by completeAsts. */
  astsPending?: boolean;
}

export class DocumentCache {
  private readonly parsed = new Map<string, ParsedDocument>();
  /** Parses invalidated by a settings change: kept so unchanged YAML documents are not parsed again. */
  private readonly stale = new Set<string>();

  constructor(
    private readonly getText: (uri: string) => TextDocument | undefined,
    private readonly parseOptions: (uri: string) => ParseOptions,
    private readonly maxBytes: () => number,
  ) {}

  /** The parse of the current version of `uri`, parsing now if the version changed. */
  get(uri: string): ParsedDocument | undefined {
    const text = this.getText(uri);
    if (!text) {
      this.forget(uri);
      return undefined;
    }
    const cached = this.parsed.get(uri);
    const stale = this.stale.delete(uri);
    const current = cached && cached.version === text.version && cached.text === text;
    if (current && !stale) return cached;
    const source = text.getText();
    const oversized = source.length > this.maxBytes();
    const options = this.parseOptions(uri);
    const optionsKey = JSON.stringify(options);
    // Settings changed, but nothing the parse depends on (the usual start-up: the client's settings arrive).
    if (current && cached.oversized === oversized && cached.optionsKey === optionsKey) return cached;
    // Parsing costs ~60 ms per MB and runs on every version: past the bound the file gets an empty model (and
    // a notice), so a pasted log or a generated bundle cannot make the editor wait.
    // The previous version's unchanged YAML documents are reused instead of parsed again (typing touches one; a
    // settings change at start-up, none: the first parse of a just-opened file is not thrown away).
    const previous = cached && !cached.oversized ? cached.file : undefined;
    // A file's first version (just opened) is read with the fast reader, as `kubesense check` reads files: the
    // values validation needs, ~5× sooner on a cold start; each document's AST follows when a feature or a
    // diagnostic's range asks, or completeAsts (after the first diagnostics) parses it. Until then, a new model
    // (settings changed at start-up, an early edit) reads fast again rather than parse every AST at once.
    const fastValues = !cached || cached.astsPending === true;
    const file = oversized
      ? parseManifestFile('', uri)
      : parseManifestFile(source, uri, { ...options, previous, fastValues });
    const entry: ParsedDocument = { uri, version: text.version, text, file, oversized, optionsKey };
    if (fastValues) entry.astsPending = true;
    this.parsed.set(uri, entry);
    return entry;
  }

  /**
   * Build the file model again on next use (settings that change what counts as a manifest). Its YAML documents
   * are reused: what such settings change is decided per file, after parsing.
   */
  invalidate(uri?: string): void {
    for (const key of uri ? [uri] : this.parsed.keys()) this.stale.add(key);
  }

  /**
   * Parse the ASTs the fast reader left for later, one YAML document per turn of the event loop (requests are
   * answered in between), so that the first edit reuses them as every later edit does. Stops at a newer version.
   */
  async completeAsts(uri: string): Promise<void> {
    const entry = this.parsed.get(uri);
    if (!entry?.astsPending) return;
    entry.astsPending = false;
    for (const d of entry.file.documents) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.parsed.get(uri) !== entry) return;
      void d.ast;
    }
  }

  forget(uri: string): void {
    this.parsed.delete(uri);
    this.stale.delete(uri);
  }
}
