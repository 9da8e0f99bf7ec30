// Reading YAML with the `yaml` package within go-yaml's limits, for every reader of YAML the API server or kubectl
// would read (manifests, kubeconfig files). The package resolves each alias by walking the whole document (quadratic
// in the number of aliases), composes nesting recursively (a deep document overflows the stack) and takes any
// character; go-yaml resolves anchors in one pass, refuses nesting past 10,000 levels and rejects bytes libyaml's
// reader does not accept. These helpers give the linear, bounded, go-yaml-worded behaviour.
import { Alias, Composer, CST, Document, isAlias, isMap, isPair, isSeq, Node, Parser, ParseOptions } from 'yaml';
import type { DocumentOptions, SchemaOptions } from 'yaml';
import { isUtf8 } from 'node:buffer';

/** go-yaml's max_flow_level / max_indents and encoding/json's maxNestingDepth: the API server's limit. */
export const GO_MAX_DEPTH = 10_000;

/**
 * How deep the `yaml` package can compose before the stack runs out is ~900 flow levels on Node's default stack;
 * deeper content is not read (and said so). No real manifest or kubeconfig comes near it.
 */
export const MAX_READ_DEPTH = 500;

/** A document nested deeper than MAX_READ_DEPTH: where the first too-deep collection starts, and how deep it goes. */
export interface TooDeep {
  offset: number;
  depth: number;
  /** Where nesting first goes past GO_MAX_DEPTH (what the API server refuses), when it does. */
  exceeded?: number;
}

export interface BoundedDocument {
  doc: Document.Parsed;
  /** Set when collections below MAX_READ_DEPTH were left out (read as null). */
  tooDeep?: TooDeep;
}

/**
 * parseAllDocuments with nesting bounded: the stream is parsed into its concrete syntax tree (iterative, any depth),
 * each document's nesting is measured, collections deeper than maxDepth are replaced by an empty scalar, and only
 * then is the document composed. Linear in the input.
 */
export function parseAllDocumentsBounded(
  text: string,
  options: ParseOptions & DocumentOptions & SchemaOptions,
  maxDepth = MAX_READ_DEPTH,
): BoundedDocument[] {
  const found: (TooDeep | undefined)[] = [];
  function* bounded(tokens: Generator<CST.Token>): Generator<CST.Token> {
    for (const token of tokens) {
      if (token.type === 'document') found.push(boundDepth(token, maxDepth));
      yield token;
    }
  }
  const composer = new Composer(options);
  const docs = Array.from(composer.compose(bounded(new Parser().parse(text)))) as Document.Parsed[];
  // The composer emits one document per CST document, in order.
  return docs.map((doc, i) => ({ doc, tooDeep: found[i] }));
}

type Collection = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;

function isCollection(t: CST.Token | null | undefined): t is Collection {
  return !!t && (t.type === 'block-map' || t.type === 'block-seq' || t.type === 'flow-collection');
}

/** Measures a document's collection nesting (the root collection is depth 1, as JSON counts) and cuts it at max. */
function boundDepth(doc: CST.Document, max: number): TooDeep | undefined {
  if (!isCollection(doc.value)) return undefined;
  let deepest = 0;
  let first: number | undefined;
  let exceeded: number | undefined;
  const stack: [Collection, number][] = [[doc.value, 1]];
  while (stack.length > 0) {
    const [token, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    for (const item of token.items as CST.CollectionItem[]) {
      for (const slot of ['key', 'value'] as const) {
        const child = item[slot];
        if (!isCollection(child)) continue;
        if (depth + 1 > GO_MAX_DEPTH && (exceeded === undefined || child.offset < exceeded)) exceeded = child.offset;
        if (depth + 1 > max && depth <= max) {
          // Keep measuring below the cut (only the depth is needed), but compose an empty scalar in its place.
          if (first === undefined || child.offset < first) first = child.offset;
          item[slot] = { type: 'scalar', offset: child.offset, indent: child.indent, source: '' };
        }
        stack.push([child, depth + 1]);
      }
    }
  }
  return first === undefined ? undefined : { offset: first, depth: deepest, exceeded };
}

/**
 * Every alias of a document resolved in one pre-order walk, as go-yaml does: an anchor is defined from where its
 * node starts (so `&a {self: *a}` refers to the mapping that contains it) until the same name is anchored again.
 */
export class AnchorTable {
  private readonly targets = new Map<Alias, Node | undefined>();

  constructor(doc: Document) {
    const anchors = new Map<string, Node>();
    const stack: unknown[] = [doc.contents];
    while (stack.length > 0) {
      const n = stack.pop();
      if (!n || typeof n !== 'object') continue;
      if (isPair(n)) {
        stack.push(n.value, n.key);
        continue;
      }
      const node = n as Node;
      if (isAlias(node)) {
        this.targets.set(node, anchors.get(node.source));
        continue;
      }
      const anchor = (node as { anchor?: string }).anchor;
      if (anchor) anchors.set(anchor, node);
      if (isMap(node) || isSeq(node)) for (let i = node.items.length - 1; i >= 0; i--) stack.push(node.items[i]);
    }
  }

  /** The node an alias refers to; undefined when its anchor is not defined before it. */
  resolve(alias: Alias): Node | undefined {
    return this.targets.get(alias);
  }
}

/** go-yaml's error for an alias that occurs inside the value of its own anchor. */
export function selfContainingAnchorMessage(name: string): string {
  return `anchor '${name}' value contains itself`;
}

/** go-yaml's error for an alias whose anchor is not defined before it. */
export function unknownAnchorMessage(name: string): string {
  return `unknown anchor '${name}' referenced`;
}

/** A character or byte sequence libyaml's reader rejects, in go-yaml's words (the API server adds `yaml: `). */
export interface ReaderProblem {
  /** Offset in the decoded text (UTF-16 code units). */
  offset: number;
  message: string;
}

/** libyaml's is_printable: what the reader accepts once the bytes are decoded. */
export function isPrintable(cp: number): boolean {
  return (
    cp === 0x09 ||
    cp === 0x0a ||
    cp === 0x0d ||
    (cp >= 0x20 && cp <= 0x7e) ||
    cp === 0x85 ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

const NOT_PLAIN_ASCII = /[^\x20-\x7e\n]/g;
const ANY_NOT_PLAIN_ASCII = /[^\x20-\x7e\n]/;

/**
 * True when the text holds only printable ASCII and line feeds (most manifests): no character any reader refuses or
 * treats specially (firstControlCharacter finds none), one scan for a whole file.
 */
export function isPlainAscii(text: string): boolean {
  return !ANY_NOT_PLAIN_ASCII.test(text);
}

/** The first character of text[start, end) that libyaml's reader refuses ("control characters are not allowed"). */
export function firstControlCharacter(text: string, start = 0, end = text.length): ReaderProblem | undefined {
  // Only characters outside printable ASCII and newlines need a look: the regular expression finds them (much faster
  // than a loop over every character).
  const piece = start === 0 && end === text.length ? text : text.slice(start, end);
  const re = NOT_PLAIN_ASCII;
  re.lastIndex = 0;
  for (let m = re.exec(piece); m; m = re.exec(piece)) {
    const i = start + m.index;
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) {
      re.lastIndex = m.index + 2;
      continue;
    }
    // A lone surrogate cannot come from UTF-8; libyaml says this of an encoded surrogate.
    if (cp >= 0xd800 && cp <= 0xdfff) return { offset: i, message: 'invalid Unicode character' };
    if (!isPrintable(cp)) {
      const hex = cp.toString(16).toUpperCase().padStart(4, '0');
      return { offset: i, message: `control characters are not allowed (U+${hex})` };
    }
  }
  return undefined;
}

/**
 * Invalid UTF-8 in raw bytes, as libyaml's reader judges it (yaml_parser_update_buffer): every bad sequence, with
 * its offset in `bytes.toString('utf8')` (where Node puts U+FFFD). Empty for valid UTF-8.
 */
export function invalidUtf8(bytes: Uint8Array): ReaderProblem[] {
  // Valid UTF-8 (nearly every file) is what every check below passes: the native check says so much faster.
  if (isUtf8(bytes)) return [];
  const out: ReaderProblem[] = [];
  let units = 0; // UTF-16 code units decoded so far (Node replaces each maximal bad subpart by one U+FFFD)
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      units++;
      continue;
    }
    const width = (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 0;
    let problem: string | undefined;
    if (width === 0) problem = 'invalid leading UTF-8 octet';
    else if (i + width > bytes.length) problem = 'incomplete UTF-8 octet sequence';
    else {
      let value = width === 2 ? b & 0x1f : width === 3 ? b & 0x0f : b & 0x07;
      for (let k = 1; k < width && !problem; k++) {
        const t = bytes[i + k];
        if ((t & 0xc0) !== 0x80) problem = 'invalid trailing UTF-8 octet';
        value = (value << 6) | (t & 0x3f);
      }
      if (!problem) {
        const minimum = width === 2 ? 0x80 : width === 3 ? 0x800 : 0x10000;
        if (value < minimum) problem = 'invalid length of a UTF-8 sequence';
        else if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff) problem = 'invalid Unicode character';
        else {
          i += width;
          units += value > 0xffff ? 2 : 1;
          continue;
        }
      }
    }
    out.push({ offset: units, message: problem });
    // Resynchronise as the WHATWG decoder does (one U+FFFD per maximal bad subpart), so offsets match the text.
    i += consumedByDecoder(bytes, i);
    units++;
  }
  return out;
}

/** How many bytes the WHATWG UTF-8 decoder takes for one U+FFFD at i (a maximal subpart of a bad sequence). */
function consumedByDecoder(bytes: Uint8Array, i: number): number {
  const b = bytes[i];
  let need = 0;
  let lower = 0x80;
  let upper = 0xbf;
  if (b >= 0xc2 && b <= 0xdf) need = 1;
  else if (b >= 0xe0 && b <= 0xef) {
    need = 2;
    if (b === 0xe0) lower = 0xa0;
    if (b === 0xed) upper = 0x9f;
  } else if (b >= 0xf0 && b <= 0xf4) {
    need = 3;
    if (b === 0xf0) lower = 0x90;
    if (b === 0xf4) upper = 0x8f;
  } else return 1;
  let n = 1;
  for (let k = 0; k < need; k++) {
    const t = bytes[i + n];
    if (t === undefined || t < lower || t > upper) return n;
    lower = 0x80;
    upper = 0xbf;
    n++;
  }
  return n;
}
