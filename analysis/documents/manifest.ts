// The parsed-document model every feature reads: one parse per text version, every YAML document on its own,
// exact ranges from the `yaml` AST, and values read with Go YAML 1.1 rules (what the API server sees).
import {
  Alias,
  Document,
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  Node,
  Pair,
  Scalar,
  YAMLMap,
  YAMLSeq,
} from 'yaml';
import type { Position, Range } from 'vscode-languageserver-types';
import { FieldPath } from './path';
import { fastDocumentReading, readWithGoScalars } from './fastValues';
import {
  goReading,
  lastLineWithoutBreak,
  mayDifferFromGoYAML,
  mayEndInBlockScalar,
  separatorProblem,
} from './goParity';
import { FastLayout } from './fastRanges';
import type { ReadPlaces } from './subsetReader';
import { shiftDocument, splitAtDocumentMarkers } from './incremental';
import { GoScalar, resolvePlainScalar } from './yaml11';
import {
  AnchorTable,
  BoundedDocument,
  firstControlCharacter,
  isPlainAscii,
  GO_MAX_DEPTH,
  MAX_READ_DEPTH,
  parseAllDocumentsBounded,
  ReaderProblem,
  selfContainingAnchorMessage,
  TooDeep,
  unknownAnchorMessage,
} from '../../kube/util/yamlGuards';
import { readYAMLOrJSONStream, type JSONStreamValue, type StreamError } from '../../kube/util/yamlOrJson';

export interface OffsetRange {
  start: number;
  end: number;
}

/** What a YAML document holds, as far as checking it goes. */
export type DocumentRole =
  | 'object' // a Kubernetes object: apiVersion + kind
  | 'empty' // nothing, or only comments
  | 'kustomization' // kustomize.config.k8s.io Kustomization/Component: not an API object
  | 'incomplete' // a mapping in a manifest file that lacks apiVersion or kind
  | 'other'; // anything else (not a mapping, or a mapping in a non-manifest file)

/** Why a whole file is not checked as Kubernetes manifests (undefined when it is). */
export type FileExclusion = 'helm-template' | 'kustomization' | 'kustomize-patch' | 'no-kubernetes-objects';

export type ProblemCode = 'yaml-syntax' | 'duplicate-key' | 'excessive-aliasing' | 'yaml-warning';

/** A problem found while reading YAML (before any schema is involved). */
export interface DocumentProblem {
  code: ProblemCode;
  message: string;
  range: OffsetRange;
  severity: 'error' | 'warning';
  path?: FieldPath;
  /** For duplicate keys: the key (its message names a line, recomputed when the document moves). */
  duplicateKey?: string;
}

/** How a plain scalar was read: kept so validation can warn when YAML 1.1 changed its meaning. */
export interface ScalarReading {
  node: Scalar;
  source: string;
  value: GoScalar;
}

export interface ParseOptions {
  /** Treat the file as manifests even without apiVersion+kind (a user setting/glob matched it). */
  assumeManifest?: boolean;
  /** The file is a kustomize patch (named by a kustomization): never checked as a full object. */
  kustomizePatch?: boolean;
  /** Upper bound on alias expansion (nodes produced through aliases); go-yaml has a similar guard. */
  maxAliasExpansion?: number;
  /**
   * Bytes of the file that are not UTF-8, found by whoever decoded it (`invalidUtf8`); offsets are in `text`. The
   * API server refuses such a document ("yaml: invalid leading UTF-8 octet"); an editor's text never has any.
   */
  invalidBytes?: ReaderProblem[];
  /**
   * The previous version of the same file: documents whose text did not change are reused (their ASTs are
   * shifted in place to the new offsets, so the previous version must not be read afterwards).
   */
  previous?: ManifestFile;
  /**
   * Read plain mapping documents with the fast reader (fastValues.ts) and build their AST only when something
   * asks for it (a diagnostic's range). For one-shot checks; editor features want every AST anyway.
   */
  fastValues?: boolean;
}

/**
 * A document read by the fast reader: its value now, its AST (and exact ranges) on first use, parsed from its source.
 * The fast reader's own answer is one (no object made per document to hold it again).
 */
interface LazyDocument {
  value: unknown;
  /** Plain null words occur in it: nonStringPlainScalars needs the AST (see nullValuePaths). */
  nullWords?: boolean;
  /** Some mapping or list in the value holds a null (false: nothing for validation to drop or zero). */
  nullProperties?: boolean;
  /** Read by kubectl's JSON decoder: no YAML 1.1 readings, no block layout for ranges. */
  json?: boolean;
  /** What reading it found (the JSON decoder's). */
  problems?: DocumentProblem[];
  /** Offsets in the piece the subset reader found on the way (fast-read documents only). */
  places?: ReadPlaces;
}

export const DEFAULT_MAX_ALIAS_EXPANSION = 100_000;
/** What a document without recorded scalars or keys answers (shared: read only). */
const NOTHING_RECORDED: ReadonlyMap<Scalar, never> = new Map<Scalar, never>();
/** Ranges a fast-read document finds without its AST before it builds the AST instead (see rangeOf). */
const MAX_FAST_LOOKUPS = 16;

export class ManifestDocument {
  /** The document's value as the API server decodes it (JSON-compatible; Go YAML 1.1 scalars). */
  readonly value: unknown;
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly namespace?: string;
  role: DocumentRole;
  readonly problems: DocumentProblem[];
  /** Made when the first is recorded (most documents have none: no Map made per document). */
  private plainScalars?: Map<Scalar, GoScalar>;
  /** A fast-read document with null words whose plainScalars are not read yet. */
  private scalarsPending = false;
  private keysReadOtherwise?: Map<Scalar, string>;

  /** The source text of this document (from its `---` marker), the key for reuse across versions. */
  readonly source: string;
  /** Read as JSON, as kubectl reads a stream that starts with `{` (kube/util/yamlOrJson.ts). */
  readonly readAsJSON: boolean;
  /** A byte or character libyaml's reader refuses: the API server reports only that for the document. */
  readonly readerProblem?: DocumentProblem;
  /** go-yaml reads this document although the `yaml` package refuses it (its errors are not the API server's). */
  private goAccepted = false;
  private anchorTable?: AnchorTable;

  private parsed?: Document.Parsed;
  private readonly lazy?: LazyDocument;
  private fastLayout?: FastLayout;
  private fastLookups = 0;

  constructor(
    readonly file: ManifestFile,
    readonly index: number,
    ast: Document.Parsed | LazyDocument,
    readonly range: OffsetRange,
    maxAliasExpansion: number,
    reuse?: { from: ManifestDocument; delta: number },
    tooDeep?: TooDeep,
    invalidBytes: ReaderProblem[] = [],
  ) {
    this.source = file.text.slice(range.start, range.end);
    if (ast instanceof Document) this.parsed = ast;
    else this.lazy = ast;
    this.readAsJSON = this.lazy?.json === true;
    // A fast-read document's problems are the JSON decoder's: the array it made (none for YAML).
    this.problems = this.lazy?.problems ?? [];
    if (this.lazy) {
      // The fast reader gave up on anything with YAML problems or YAML 1.1 surprises (null words aside): none to
      // record.
      this.value = this.lazy.value;
      this.scalarsPending = !!this.lazy.nullWords;
    } else if (reuse) {
      // The AST was already shifted; the value is immutable data and can be shared.
      this.value = reuse.from.value;
      for (const p of reuse.from.problems) {
        const moved = { ...p, range: { start: p.range.start + reuse.delta, end: p.range.end + reuse.delta } };
        if (p.duplicateKey !== undefined)
          moved.message = duplicateKeyMessage(file.positionAt(moved.range.start).line, p.duplicateKey);
        this.problems.push(moved);
      }
      for (const [k, v] of reuse.from.nonStringPlainScalars) this.recordPlainScalar(k, v);
      for (const [k, v] of reuse.from.surprisingKeys) this.recordSurprisingKey(k, v);
      if (reuse.from.readerProblem) this.readerProblem = this.problems[0];
    } else {
      for (const e of this.ast.errors) {
        this.problems.push({
          code: 'yaml-syntax',
          message: e.message.split('\n')[0],
          // The `yaml` package may point one past the end (an unclosed quote at the end of the text).
          range: { start: Math.min(e.pos[0], file.text.length), end: Math.min(e.pos[1], file.text.length) },
          severity: 'error',
        });
      }
      // What the API server says of this document is go-yaml's first error: that one, in its words and on its line
      // (also where the `yaml` package finds none, unless the screen proves go-yaml agrees).
      const goAsked = this.ast.errors.length > 0 || mayDifferFromGoYAML(this.source);
      const goProblem = goAsked ? goSyntaxProblem(file, range, this.problems[0]?.range) : undefined;
      // An alias to an anchor not defined before it: go-yaml names no line; GoValueReader reports it at the alias.
      const atAlias = goProblem?.message.startsWith('unknown anchor') && this.ast.errors.length === 0;
      if (goProblem && !atAlias) this.problems.splice(0, this.problems.length, goProblem);
      else if (this.ast.errors.length > 0) {
        // go-yaml reads what the `yaml` package refuses (a quoted scalar continued at column 0): no syntax error.
        this.goAccepted = true;
        this.problems.length = 0;
      }
      // kubectl refuses a `---` line with more than a comment after it before any YAML is read.
      const separator = separatorProblem(file.text, range.start, range.end);
      if (separator) {
        const lineEnd = file.offsetAt({
          line: file.positionAt(separator.offset).line,
          character: Number.MAX_SAFE_INTEGER,
        });
        this.problems.splice(0, this.problems.length, syntaxProblem(separator.message, separator.offset, lineEnd));
      }
      if (tooDeep) this.problems.push(tooDeepProblem(tooDeep));
      const reader = new GoValueReader(this, maxAliasExpansion);
      // The `yaml` package's recovery from what it refused is no reading; js-yaml reads what go-yaml reads there.
      const goRead = this.goAccepted ? readWithGoScalars(this.source) : undefined;
      this.value = goRead !== undefined ? goRead : reader.read(this.ast.contents);
      // Where GoValueReader does not meet the alias (in an explicit key), go-yaml's words without a line.
      if (goProblem && atAlias && !this.problems.some((p) => p.message === goProblem.message))
        this.problems.unshift(goProblem);
      // libyaml's reader fails before anything is parsed: the API server says only that of this document.
      const badByte = invalidBytes.find((p) => range.start <= p.offset && p.offset < range.end);
      const bad = firstControlCharacter(file.text, range.start, badByte?.offset ?? range.end) ?? badByte;
      // go-yaml's reader decodes in chunks: a control character is its error only where its parser read that far.
      if (bad && (bad === badByte || !goAsked || goProblem?.message === 'control characters are not allowed')) {
        this.readerProblem = {
          code: 'yaml-syntax',
          message: bad.message,
          range: { start: bad.offset, end: bad.offset + 1 },
          severity: 'error',
        };
        this.problems.splice(0, this.problems.length, this.readerProblem);
      }
    }
    const v = this.value;
    if (isPlainObject(v)) {
      if (typeof v.apiVersion === 'string') this.apiVersion = v.apiVersion;
      if (typeof v.kind === 'string') this.kind = v.kind;
      const md = v.metadata;
      if (isPlainObject(md)) {
        if (typeof md.name === 'string') this.name = md.name;
        if (typeof md.namespace === 'string') this.namespace = md.namespace;
      }
    }
    this.role = this.lazy
      ? classify(v, this.apiVersion, this.kind)
      : classify(this.ast.contents, this.apiVersion, this.kind);
  }

  /** Plain scalars whose value is not a string (booleans, numbers, null); for YAML 1.1 surprise warnings. */
  get nonStringPlainScalars(): ReadonlyMap<Scalar, GoScalar> {
    if (this.scalarsPending) {
      this.scalarsPending = false;
      // What GoValueReader records, for a document without aliases, tags or merge keys (the fast reader's).
      const visit = (n: unknown): void => {
        if (isScalar(n)) {
          if (n.type === 'PLAIN' && typeof n.source === 'string' && !n.tag) {
            const v = resolvePlainScalar(n.source);
            if (typeof v !== 'string') this.recordPlainScalar(n, v);
          }
        } else if (isMap(n)) for (const p of n.items) visit(p.value);
        else if (isSeq(n)) for (const it of n.items) visit(it);
      };
      visit(this.contents);
    }
    return this.plainScalars ?? NOTHING_RECORDED;
  }

  /** Plain keys YAML 1.1 reads as something else (`on:` becomes the key "true"), with the key they became. */
  get surprisingKeys(): ReadonlyMap<Scalar, string> {
    return this.keysReadOtherwise ?? NOTHING_RECORDED;
  }

  /** @internal */
  recordPlainScalar(node: Scalar, value: GoScalar): void {
    (this.plainScalars ??= new Map()).set(node, value);
  }

  /** @internal */
  recordSurprisingKey(node: Scalar, key: string): void {
    (this.keysReadOtherwise ??= new Map()).set(node, key);
  }

  /**
   * For a fast-read document with plain null words not looked at yet: the paths of its null values, where those
   * words can be (empty values are null too), so that a caller can tell without the AST that none matters.
   * Undefined otherwise (nonStringPlainScalars is then cheap).
   */
  nullValuePaths(): FieldPath[] | undefined {
    if (!this.scalarsPending) return undefined;
    const out: FieldPath[] = [];
    // One path array for the walk, copied only where a null is.
    const path: (string | number)[] = [];
    const go = (v: unknown): void => {
      if (v === null) out.push([...path]);
      else if (Array.isArray(v))
        for (let i = 0; i < v.length; i++) {
          path.push(i);
          go(v[i]);
          path.pop();
        }
      else if (typeof v === 'object')
        for (const k in v) {
          path.push(k);
          go((v as Record<string, unknown>)[k]);
          path.pop();
        }
    };
    go(this.value);
    return out;
  }

  /** The lines of a fast-read document, for ranges without its AST. */
  private layout(): FastLayout {
    return (this.fastLayout ??= new FastLayout(this.source));
  }

  /**
   * True when no mapping or list in the value holds a null, as the fast reader found while reading it (false: not
   * known). Validation then skips looking for nulls to drop (properties) or to make Go's zero values (list items).
   */
  get knownWithoutNulls(): boolean {
    return this.lazy?.nullProperties === false;
  }

  /** The `yaml` AST (with exact ranges); parsed now if the fast reader read this document. */
  get ast(): Document.Parsed {
    this.parsed ??= this.lazy && parseChunk(this.source, this.range.start)[0].doc;
    return this.parsed as Document.Parsed;
  }

  /** Where the root node starts (the document's start when it is empty). */
  contentStart(): number {
    if (this.lazy && !this.lazy.json && !this.parsed) {
      const rootStart = this.lazy.places?.rootStart ?? -1;
      if (rootStart >= 0) return rootStart + this.range.start;
      const fast = this.layout().rootStart();
      if (fast !== undefined) return fast + this.range.start;
    }
    return this.contents?.range?.[0] ?? this.range.start;
  }

  /**
   * True when the API server refuses the YAML itself (syntax, unreadable bytes, anchors, depth): schema checks of
   * the value read here would only add noise.
   */
  get yamlRejected(): boolean {
    // The fast reader gave up on every such document, the JSON decoder says what it found: no AST needed to know.
    if (this.lazy) return this.problems.some((p) => p.code === 'yaml-syntax' && p.severity === 'error');
    return (
      (this.ast.errors.length > 0 && !this.goAccepted) ||
      this.problems.some((p) => p.code === 'yaml-syntax' && p.severity === 'error')
    );
  }

  /** Aliases resolved in one pass (the `yaml` package walks the whole document for each alias). */
  get anchors(): AnchorTable {
    return (this.anchorTable ??= new AnchorTable(this.ast));
  }

  /** The root node, or null for an empty document. */
  get contents(): Node | null {
    return (this.ast.contents as Node | null) ?? null;
  }

  /** True when this document is a Kubernetes object to check. */
  get isManifest(): boolean {
    return this.role === 'object' && this.file.exclusion === undefined;
  }

  /** The node at a path (following aliases), or undefined. */
  nodeOf(path: FieldPath): Node | undefined {
    let node: Node | null | undefined = this.contents;
    for (const seg of path) {
      node = deref(node, this.anchors);
      if (!node) return undefined;
      if (isMap(node)) {
        const pair = findPair(node, String(seg));
        node = (pair?.value as Node | null) ?? undefined;
        if (pair && !node) return undefined;
      } else if (isSeq(node) && typeof seg === 'number') {
        node = node.items[seg] as Node | undefined;
      } else return undefined;
    }
    return node ?? undefined;
  }

  /** The key node of the last segment of path (for "unknown field" marks on the key itself). */
  keyOf(path: FieldPath): Node | undefined {
    if (path.length === 0) return undefined;
    const parent = deref(this.nodeOf(path.slice(0, -1)), this.anchors);
    const last = path[path.length - 1];
    if (isMap(parent)) return (findPair(parent, String(last))?.key as Node | undefined) ?? undefined;
    if (isSeq(parent) && typeof last === 'number') return parent.items[last] as Node | undefined;
    return undefined;
  }

  /**
   * The best source range for a path: the value's node, else the key (field present with empty value),
   * else the nearest existing ancestor (a missing required field is marked on its parent's key).
   */
  rangeOf(path: FieldPath, prefer: 'value' | 'key' = 'value'): OffsetRange {
    const places = this.lazy?.places;
    // `metadata.name` (a duplicate object's note): where the subset reader saw it.
    if (places && places.nameStart >= 0 && prefer === 'value' && !this.parsed && isMetadataName(path))
      return { start: places.nameStart + this.range.start, end: places.nameEnd + this.range.start };
    // Each lookup scans the lines of the blocks on its way: past a few, one AST serves them all more cheaply.
    if (this.lazy && !this.lazy.json && !this.parsed && prefer === 'value' && this.fastLookups++ < MAX_FAST_LOOKUPS) {
      // Notes and warnings on valid files (the same object twice, a duplicate list entry): found without building
      // the AST when the layout is plain.
      const r = this.layout().rangeOf(path);
      if (r) return { start: r.start + this.range.start, end: r.end + this.range.start };
    }
    for (let n = path.length; n >= 0; n--) {
      const p = path.slice(0, n);
      const key = this.keyOf(p);
      const value = this.nodeOf(p);
      const exact = n === path.length;
      // For ancestors, the key reads better than a whole multi-line block.
      const pick = exact && prefer === 'value' ? (value ?? key) : (key ?? value);
      if (pick?.range) return { start: pick.range[0], end: pick.range[1] };
    }
    return { start: this.range.start, end: this.range.start };
  }

  /** The innermost node containing offset (keys included). */
  nodeAt(offset: number): Node | undefined {
    return this.locate(offset)?.node;
  }

  /** The field path at offset; when on a key, the path of that key's field. */
  pathAt(offset: number): (string | number)[] {
    return this.locate(offset)?.path ?? [];
  }

  /** nodeAt + pathAt + whether offset is on a key, in one walk. */
  locate(offset: number): { node: Node; path: (string | number)[]; onKey: boolean } | undefined {
    let node: Node | null = this.contents;
    if (!node || !contains(node, offset)) return undefined;
    const path: (string | number)[] = [];
    for (;;) {
      if (isMap(node)) {
        let next: { node: Node; onKey: boolean } | undefined;
        for (const pair of node.items) {
          const key = pair.key as Node | null;
          const value = pair.value as Node | null;
          if (key && contains(key, offset)) {
            path.push(keyText(key));
            return { node: key, path, onKey: true };
          }
          if (value && contains(value, offset)) {
            path.push(keyText(key));
            next = { node: value, onKey: false };
            break;
          }
        }
        if (!next) return { node, path, onKey: false };
        node = next.node;
      } else if (isSeq(node)) {
        const i = node.items.findIndex((it) => it && contains(it as Node, offset));
        if (i < 0) return { node, path, onKey: false };
        path.push(i);
        node = node.items[i] as Node;
      } else {
        return { node, path, onKey: false };
      }
    }
  }

  /** @internal */
  addProblem(p: DocumentProblem): void {
    this.problems.push(p);
  }

  /** @internal What kubectl reports for this document instead of what the YAML reading found. */
  replaceProblems(problems: DocumentProblem[]): void {
    this.problems.splice(0, this.problems.length, ...problems);
  }
}

export class ManifestFile {
  readonly documents: ManifestDocument[] = [];
  /** Why the whole file is not checked (Helm template, kustomization...), undefined when it is. */
  readonly exclusion?: FileExclusion;
  /** Where lines start: found on the first position asked for (a file without problems never needs them). */
  private lines?: LineCounter;

  constructor(
    readonly uri: string,
    readonly text: string,
    options: ParseOptions = {},
  ) {
    const max = options.maxAliasExpansion ?? DEFAULT_MAX_ALIAS_EXPANSION;
    const reusable = new Map<string, ManifestDocument[]>();
    for (const d of options.previous?.documents ?? []) {
      if (d.readAsJSON) continue; // its value is the JSON decoder's, not a YAML reading of the same text
      const list = reusable.get(d.source) ?? [];
      list.push(d);
      reusable.set(d.source, list);
    }
    // kubectl reads a stream that starts with `{` as JSON values, then possibly YAML (kube/util/yamlOrJson.ts).
    const stream = readYAMLOrJSONStream(text, { maxDepth: MAX_READ_DEPTH });
    let jsonEnd = 0;
    stream.json.forEach((v, i) => {
      const last = i === stream.json.length - 1 && !stream.jsonError;
      jsonEnd = this.addJSONDocument(v, jsonEnd, last ? (stream.yamlStart ?? text.length) : v.end, max, options);
    });
    if (stream.jsonError && stream.yamlStart === undefined) this.addJSONErrorDocument(stream.jsonError, jsonEnd, max);
    if (stream.yamlStart !== undefined) {
      const firstYAML = this.documents.length;
      this.readYAML(stream.yamlStart, options, max, reusable);
      // The JSON error is kubectl's answer when the first YAML document fails too.
      const first = this.documents.slice(firstYAML).find((d) => d.role !== 'empty' || d.problems.length > 0);
      if (stream.jsonError && first?.yamlRejected) first.replaceProblems([jsonErrorProblem(stream.jsonError)]);
    }
    this.exclusion = this.decideExclusion(options);
    if (this.exclusion === undefined) {
      // In a manifest file, a mapping without apiVersion/kind is an object the API server would refuse.
      for (const d of this.documents) if (d.role === 'other' && isMap(d.contents)) d.role = 'incomplete';
    }
  }

  /** The documents of text[from, end) read as YAML, one `---` piece at a time. */
  private readYAML(from: number, options: ParseOptions, max: number, reusable: Map<string, ManifestDocument[]>): void {
    const text = this.text;
    const rest = from === 0 ? text : text.slice(from);
    let chunks = splitAtDocumentMarkers(rest) ?? [{ start: 0, end: rest.length }];
    if (from > 0) chunks = chunks.map((c) => ({ start: c.start + from, end: c.end + from }));
    // Bytes libyaml refuses are reported by the full reader only. One scan of the whole text says whether any piece
    // has some (nearly never): cheaper than a scan per piece.
    // A file of printable ASCII (most) has none, and its pieces need no scan for characters the fast reader avoids.
    const plainAscii = !!options.fastValues && isPlainAscii(text);
    const unreadable =
      !!options.fastValues && (!!options.invalidBytes?.length || (!plainAscii && !!firstControlCharacter(text)));
    for (const chunk of chunks) {
      const src = text.slice(chunk.start, chunk.end);
      const readable =
        options.fastValues &&
        (!unreadable ||
          (!firstControlCharacter(text, chunk.start, chunk.end) &&
            !options.invalidBytes?.some((b) => chunk.start <= b.offset && b.offset < chunk.end)));
      let fast = readable ? fastDocumentReading(src, 'subset-first', plainAscii, text, chunk.start) : undefined;
      // js-yaml read it: go-yaml may refuse it (the full reader then shows its error) or read less of it.
      if (fast?.byJsYaml && (!readWholly(text, chunk) || separatorProblem(text, chunk.start, chunk.end)))
        fast = undefined;
      // A block scalar at the end of a text without a final line break: its value is the full reader's to read.
      if (fast && mayEndInBlockScalar(text, src, chunk.end)) fast = undefined;
      if (fast !== undefined) {
        this.documents.push(new ManifestDocument(this, this.documents.length, fast, chunk, max));
        continue;
      }
      const old = reusable.get(src)?.shift();
      if (old) {
        const delta = chunk.start - old.range.start;
        shiftDocument(old.ast, delta);
        this.documents.push(
          new ManifestDocument(this, this.documents.length, old.ast, { start: chunk.start, end: chunk.end }, max, {
            from: old,
            delta,
          }),
        );
        continue;
      }
      const list = parseChunk(src, chunk.start);
      if (list.some((d) => d.doc.errors.length > 0)) {
        // go-yaml may read the first node and never parse what the `yaml` package refuses after it: its value.
        const go = goReading(text, chunk.start, chunk.end);
        const first = 'end' in go ? parseChunk(text.slice(chunk.start, go.end), chunk.start) : [];
        if (first.length === 1 && first[0].doc.errors.length === 0) list.splice(0, list.length, first[0]);
        // go-yaml refuses the piece kubectl sends: one document with its error, not the `yaml` package's recovery.
        else if ('error' in go) list.splice(1);
      }
      list.forEach(({ doc: ast, tooDeep }, i) => {
        // A piece normally holds one document; `...` markers can end one early.
        const start = i === 0 ? chunk.start : ast.range[0];
        const end = i === list.length - 1 ? chunk.end : ast.range[2];
        const deep = tooDeep && {
          ...tooDeep,
          offset: tooDeep.offset + chunk.start,
          exceeded: tooDeep.exceeded === undefined ? undefined : tooDeep.exceeded + chunk.start,
        };
        this.documents.push(
          new ManifestDocument(
            this,
            this.documents.length,
            ast,
            { start, end },
            max,
            undefined,
            deep,
            options.invalidBytes,
          ),
        );
      });
    }
  }

  /** One value kubectl's JSON decoder read, as a document over text[start, end); returns end. */
  private addJSONDocument(v: JSONStreamValue, start: number, end: number, max: number, options: ParseOptions): number {
    const problems: DocumentProblem[] = [];
    const { notes } = v;
    if (notes.numberError)
      problems.push(syntaxProblem(notes.numberError.message, notes.numberError.offset, notes.numberError.offset + 1));
    // kubectl's client-side reading keeps the last value, but the API server refuses a duplicate field it receives
    // (strict field validation), and a YAML document's duplicate is an error too: the same verdict for both.
    for (const d of notes.duplicateKeys)
      problems.push({
        code: 'duplicate-key',
        message: duplicateKeyMessage(this.positionAt(d.offset).line, d.key),
        range: { start: d.offset, end: d.end },
        severity: 'error',
        duplicateKey: d.key,
      });
    for (const b of options.invalidBytes ?? [])
      if (v.start <= b.offset && b.offset < v.end)
        problems.push({
          code: 'yaml-warning',
          message: `${b.message}: kubectl reads JSON with Go, which makes it U+FFFD`,
          range: { start: b.offset, end: b.offset + 1 },
          severity: 'warning',
        });
    if (notes.tooDeep) problems.push(tooDeepProblem(notes.tooDeep));
    const lazy: LazyDocument = { value: v.value, json: true, problems };
    this.documents.push(new ManifestDocument(this, this.documents.length, lazy, { start, end }, max));
    return end;
  }

  /** What follows the last JSON value when the decoder's error ends the stream: a document holding the error. */
  private addJSONErrorDocument(error: StreamError, start: number, max: number): void {
    const lazy: LazyDocument = { value: null, json: true, problems: [jsonErrorProblem(error)] };
    this.documents.push(new ManifestDocument(this, this.documents.length, lazy, { start, end: this.text.length }, max));
  }

  private decideExclusion(options: ParseOptions): FileExclusion | undefined {
    // Bytes no YAML reader accepts (a binary file named .yaml): say so rather than guess what the file is.
    if (this.documents.some((d) => d.readerProblem)) return undefined;
    if (looksLikeHelmTemplate(this)) return 'helm-template';
    if (options.kustomizePatch) return 'kustomize-patch';
    const roles = this.documents.map((d) => d.role);
    if (roles.includes('kustomization') && !roles.includes('object')) return 'kustomization';
    // kustomize reads kustomization.yaml without apiVersion/kind too.
    if (/(^|[\\/])kustomization\.ya?ml$/i.test(this.uri) && !roles.includes('object')) return 'kustomization';
    if (options.assumeManifest) return undefined;
    // An object that forgot its apiVersion still says what it is: `kind` beside `metadata`.
    const objectLike = this.documents.some((d) => {
      const v = d.value;
      return (
        isPlainObject(v) &&
        typeof v.kind === 'string' &&
        (typeof v.apiVersion === 'string' || isPlainObject(v.metadata))
      );
    });
    return roles.includes('object') || objectLike ? undefined : 'no-kubernetes-objects';
  }

  /** Documents that are Kubernetes objects to check. */
  get manifests(): ManifestDocument[] {
    return this.documents.filter((d) => d.isManifest);
  }

  /** The document whose range contains offset (the last one for an offset past the end). */
  documentAt(offset: number): ManifestDocument | undefined {
    let found: ManifestDocument | undefined;
    for (const d of this.documents) {
      if (d.range.start <= offset) found = d;
      if (offset <= d.range.end && d.range.start <= offset) return d;
    }
    return found;
  }

  /** Line starts of the text. */
  get lineCounter(): LineCounter {
    if (!this.lines) {
      const text = this.text;
      const lines = new LineCounter();
      lines.addNewLine(0);
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) lines.addNewLine(i + 1);
      this.lines = lines;
    }
    return this.lines;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const { line, col } = this.lineCounter.linePos(clamped);
    return { line: line - 1, character: col - 1 };
  }

  offsetAt(pos: Position): number {
    const starts = this.lineCounter.lineStarts;
    if (pos.line >= starts.length) return this.text.length;
    const start = starts[Math.max(0, pos.line)];
    const nextStart = pos.line + 1 < starts.length ? starts[pos.line + 1] : this.text.length + 1;
    return Math.min(start + Math.max(0, pos.character), nextStart - 1, this.text.length);
  }

  toRange(r: OffsetRange): Range {
    return { start: this.positionAt(r.start), end: this.positionAt(r.end) };
  }
}

/**
 * go-yaml's verdict on a document the `yaml` package refused (undefined when go-yaml reads it): the problem without
 * the `yaml: line N:` prefix, over line N as go-yaml counts it (from the line after the document's `---`, which
 * kubectl does not send); `fallback` when go-yaml names no line.
 */
function goSyntaxProblem(file: ManifestFile, range: OffsetRange, fallback?: OffsetRange): DocumentProblem | undefined {
  const go = goReading(file.text, range.start, range.end);
  const start = go.from;
  const m = 'error' in go ? /^yaml: (?:line (\d+): )?([^]*)$/.exec(go.error) : null;
  if (!m) return undefined;
  // No line named: go-yaml's problem is on the piece's first line.
  let at = fallback ?? lineAt(file, file.positionAt(start).line);
  if (m[1] !== undefined) {
    // go-yaml may name the line after the last one (an error at the end of the text): shown on the last line.
    at = goLineAt(file.text, start, range.end, Number(m[1]));
  }
  return { code: 'yaml-syntax', message: m[2], range: at, severity: 'error' };
}

/**
 * Line n (1-based) of text[start, end) as go-yaml counts lines (CR, CRLF, LF, NEL, U+2028, U+2029 each end one), or
 * the last line: its text after its indentation.
 */
function goLineAt(text: string, start: number, end: number, n: number): OffsetRange {
  const BREAK = /\r\n?|[\n\u0085\u2028\u2029]/g;
  BREAK.lastIndex = start;
  let lineStart = start;
  for (let line = 1; line < n; line++) {
    const b = BREAK.exec(text);
    if (!b || b.index + b[0].length >= end) break;
    lineStart = b.index + b[0].length;
  }
  BREAK.lastIndex = lineStart;
  const next = BREAK.exec(text);
  const lineEnd = Math.min(next ? next.index : text.length, end);
  let first = lineStart;
  while (first < lineEnd && (text[first] === ' ' || text[first] === '\t')) first++;
  return { start: first, end: lineEnd };
}

/** A line's text after its indentation. */
function lineAt(file: ManifestFile, line: number): OffsetRange {
  const lineStart = file.offsetAt({ line, character: 0 });
  const lineEnd = file.offsetAt({ line, character: Number.MAX_SAFE_INTEGER });
  const indent = /^[ \t]*/.exec(file.text.slice(lineStart, lineEnd))![0].length;
  return { start: Math.min(lineStart + indent, lineEnd), end: lineEnd };
}

/** go-yaml reads the piece without an error, all of it (nothing but blank lines and comments after its document). */
function readWholly(text: string, chunk: OffsetRange): boolean {
  const go = goReading(text, chunk.start, chunk.end);
  return 'end' in go && /^(?:\s|#[^\n]*)*$/.test(text.slice(go.end, chunk.end));
}

/** The documents of one piece of a file, with offsets in the whole file. */
function parseChunk(src: string, offset: number): BoundedDocument[] {
  // A lone CR is a line break to go-yaml (in comments and scalars too): the same length, so ranges hold.
  const list = parseAllDocumentsBounded(src.includes('\r') ? src.replace(/\r(?!\n)/g, '\n') : src, {
    uniqueKeys: false, // duplicates are detected by GoValueReader with go-yaml's wording
    keepSourceTokens: false,
    prettyErrors: false,
    strict: false,
  });
  for (const { doc } of list) shiftDocument(doc, offset);
  return list;
}

/** Parse a whole file (every document on its own). Never throws on bad input. */
export function parseManifestFile(text: string, uri: string, options?: ParseOptions): ManifestFile {
  return new ManifestFile(uri, text, options);
}

// ---------------------------------------------------------------------------------------------------------

/** go-yaml's own wording (what the API server returns for a duplicate key); line is 0-based. */
function duplicateKeyMessage(line: number, key: string): string {
  return `line ${line + 1}: key ${JSON.stringify(key)} already set in map`;
}

function classify(contents: unknown, apiVersion?: string, kind?: string): DocumentRole {
  if (contents === null || contents === undefined) return 'empty';
  if (isScalar(contents) && (contents.value === null || contents.value === undefined)) return 'empty';
  if (apiVersion?.startsWith('kustomize.config.k8s.io/')) return 'kustomization';
  if (apiVersion !== undefined && kind !== undefined) return 'object';
  return 'other';
}

/**
 * A Helm template is YAML only after rendering. Its actions show up as flow mappings that start with `{{`
 * (`name: {{ .Values.name }}`), plain scalars holding `{{`, or syntax errors near `{{`. Quoted and block
 * strings containing `{{` (Prometheus rule annotations, for instance) are ordinary manifests.
 */
function looksLikeHelmTemplate(file: ManifestFile): boolean {
  if (!file.text.includes('{{')) return false;
  if (/^\s*\{\{-?\s*(if|end|range|with|define|include|template|else|\/\*|-)/m.test(file.text)) return true;
  for (const d of file.documents) {
    if (d.ast.errors.length > 0) return true;
    let helm = false;
    walk(d.contents, (n) => {
      if (helm) return;
      if ((isMap(n) || isSeq(n)) && n.flow && n.range && file.text.startsWith('{{', n.range[0])) helm = true;
      else if (isScalar(n) && n.type === 'PLAIN' && typeof n.source === 'string' && n.source.includes('{{'))
        helm = true;
    });
    if (helm) return true;
  }
  return false;
}

function walk(node: unknown, visit: (n: Node) => void): void {
  if (!node || typeof node !== 'object') return;
  visit(node as Node);
  if (isMap(node))
    for (const p of node.items) {
      walk(p.key, visit);
      walk(p.value, visit);
    }
  else if (isSeq(node)) for (const it of node.items) walk(it, visit);
}

function isMetadataName(path: FieldPath): boolean {
  return path.length === 2 && path[0] === 'metadata' && path[1] === 'name';
}

function contains(node: Node, offset: number): boolean {
  const r = node.range;
  return !!r && r[0] <= offset && offset <= r[1];
}

function deref(node: Node | null | undefined, anchors: AnchorTable): Node | undefined {
  let n = node ?? undefined;
  for (let hops = 0; n && isAlias(n) && hops < 64; hops++) n = anchors.resolve(n as Alias);
  return n;
}

function syntaxProblem(message: string, start: number, end: number): DocumentProblem {
  return { code: 'yaml-syntax', message, range: { start, end }, severity: 'error' };
}

/** The JSON decoder's error, at the character it stopped on. */
function jsonErrorProblem(e: StreamError): DocumentProblem {
  return syntaxProblem(`json: ${e.message}`, e.offset, e.offset + 1);
}

function tooDeepProblem(t: TooDeep): DocumentProblem {
  const range = { start: t.offset, end: t.offset + 1 };
  if (t.depth > GO_MAX_DEPTH)
    return {
      code: 'yaml-syntax',
      // go-yaml and encoding/json both say "exceeded max depth"; the depth is what the author needs.
      message: `exceeded max depth of ${GO_MAX_DEPTH}: the API server refuses nesting deeper than ${GO_MAX_DEPTH} levels (this document nests ${t.depth})`,
      range: t.exceeded === undefined ? range : { start: t.exceeded, end: t.exceeded + 1 },
      severity: 'error',
    };
  return {
    code: 'yaml-warning',
    message: `nested deeper than ${MAX_READ_DEPTH} levels: kubesense does not read below this point (the API server accepts up to ${GO_MAX_DEPTH})`,
    range,
    severity: 'warning',
  };
}

function findPair(map: YAMLMap, key: string): Pair | undefined {
  // The last occurrence wins, as in go-yaml for non-strict reads; duplicates are reported separately.
  let found: Pair | undefined;
  for (const p of map.items) if (keyText(p.key as Node | null) === key) found = p as Pair;
  return found;
}

export function keyText(key: Node | null | undefined): string {
  if (!key) return '';
  if (isScalar(key)) {
    if (key.type === 'PLAIN' && typeof key.source === 'string' && !key.tag) {
      const v = resolvePlainScalar(key.source);
      // sigs.k8s.io/yaml turns non-string keys into their string form (true -> "true").
      return v === null ? 'null' : String(v);
    }
    return String(key.value);
  }
  return String((key as { toString(): string }).toString());
}

/** Assign without ever touching the prototype (a YAML key may be `__proto__`). */
function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  else o[key] = value;
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Converts the AST to JSON-compatible values with go-yaml v2's semantics, reporting duplicates/alias bombs. */
class GoValueReader {
  private expanded = 0;
  private aliasDepth = 0;
  private exceeded = false;
  /** Collections entered (aliases included): bounded so that alias chains cannot overflow the stack. */
  private depth = 0;
  private tooDeep = false;
  /** Aliases being expanded: meeting one again means its anchor contains it (go-yaml refuses that). */
  private readonly expanding = new Set<Alias>();
  private readonly reported = new Set<Alias>();

  constructor(
    private readonly doc: ManifestDocument,
    private readonly maxAliasExpansion: number,
  ) {}

  read(node: unknown): unknown {
    return this.value(node as Node | null);
  }

  private value(node: Node | null | undefined): unknown {
    if (node === null || node === undefined) return null;
    if (this.aliasDepth > 0 && ++this.expanded > this.maxAliasExpansion) {
      if (!this.exceeded) {
        this.exceeded = true;
        const r = node.range ?? [0, 0];
        this.doc.addProblem({
          code: 'excessive-aliasing',
          message: `document contains excessive aliasing (more than ${this.maxAliasExpansion} nodes through aliases)`,
          range: { start: r[0], end: r[1] },
          severity: 'error',
        });
      }
      return null;
    }
    if (isAlias(node)) return this.alias(node);
    if (isScalar(node)) return this.scalar(node);
    if (!isMap(node) && !isSeq(node)) return null;
    if (this.depth >= MAX_READ_DEPTH) {
      // Only alias chains get here (the parse already cut deeper text): stop before the stack does.
      if (!this.tooDeep) {
        this.tooDeep = true;
        const r = node.range ?? [0, 0];
        this.doc.addProblem(tooDeepProblem({ offset: r[0], depth: this.depth + 1 }));
      }
      return null;
    }
    this.depth++;
    try {
      return isMap(node) ? this.map(node) : (node as YAMLSeq).items.map((it) => this.value(it as Node));
    } finally {
      this.depth--;
    }
  }

  private alias(node: Alias): unknown {
    const target = this.doc.anchors.resolve(node);
    const problem = !target
      ? unknownAnchorMessage(node.source)
      : this.expanding.has(node)
        ? selfContainingAnchorMessage(node.source)
        : undefined;
    if (problem) {
      // go-yaml refuses the whole document; reported once per alias, at the alias.
      if (!this.reported.has(node)) {
        this.reported.add(node);
        const r = node.range ?? [0, 0];
        this.doc.addProblem({
          code: 'yaml-syntax',
          message: problem,
          range: { start: r[0], end: r[1] },
          severity: 'error',
        });
      }
      return null;
    }
    this.expanding.add(node);
    this.aliasDepth++;
    try {
      return this.value(target);
    } finally {
      this.aliasDepth--;
      this.expanding.delete(node);
    }
  }

  private scalar(node: Scalar): unknown {
    const tag = node.tag;
    if (node.type === 'PLAIN' && typeof node.source === 'string' && (!tag || tag === '!')) {
      const v = resolvePlainScalar(node.source);
      if (typeof v !== 'string' && this.aliasDepth === 0) this.doc.recordPlainScalar(node, v);
      return v;
    }
    if (tag === 'tag:yaml.org,2002:str') return String(node.source ?? node.value);
    if (tag === 'tag:yaml.org,2002:int' || tag === 'tag:yaml.org,2002:float') return Number(node.source ?? node.value);
    if (tag === 'tag:yaml.org,2002:bool' || tag === 'tag:yaml.org,2002:null')
      return resolvePlainScalar(String(node.source ?? ''));
    const v = node.value;
    if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
    // go-yaml ends a block scalar on the text's last line, with no line break after it, without a line break.
    const text = this.doc.file.text;
    if (
      (node.type === 'BLOCK_LITERAL' || node.type === 'BLOCK_FOLDED') &&
      typeof v === 'string' &&
      v.endsWith('\n') &&
      (node.range?.[1] ?? 0) >= text.length &&
      lastLineWithoutBreak(text)
    )
      return v.slice(0, -1);
    return v === undefined ? null : v;
  }

  private map(node: YAMLMap): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const seen = new Set<string>();
    const merges: unknown[] = [];
    for (const item of node.items) {
      if (!isPair(item)) continue;
      const keyNode = item.key as Node | null;
      const key = keyText(keyNode);
      if (
        this.aliasDepth === 0 &&
        isScalar(keyNode) &&
        keyNode.type === 'PLAIN' &&
        typeof keyNode.source === 'string' &&
        keyNode.source !== key &&
        !keyNode.tag
      ) {
        this.doc.recordSurprisingKey(keyNode, key);
      }
      if (isScalar(keyNode) && keyNode.type === 'PLAIN' && key === '<<') {
        merges.push(this.value(item.value as Node | null));
        continue;
      }
      if (seen.has(key) && this.aliasDepth === 0) {
        const r = keyNode?.range ?? [0, 0, 0];
        const { line } = this.doc.file.positionAt(r[0]);
        this.doc.addProblem({
          code: 'duplicate-key',
          // go-yaml's own wording (what the API server returns for a duplicate key).
          message: duplicateKeyMessage(line, key),
          range: { start: r[0], end: r[1] },
          severity: 'error',
          duplicateKey: key,
        });
      }
      seen.add(key);
      setOwn(out, key, this.value(item.value as Node | null));
    }
    // Merge keys (<<) fill only keys the mapping does not set itself; earlier sources win.
    for (const m of merges) {
      const sources = Array.isArray(m) ? m : [m];
      for (const s of sources) {
        if (!isPlainObject(s)) continue;
        for (const [k, v] of Object.entries(s)) if (!Object.prototype.hasOwnProperty.call(out, k)) setOwn(out, k, v);
      }
    }
    return out;
  }
}
