// A reader for the YAML that manifests are written in: block mappings and sequences (with `- key: v` compact
// mappings), plain and one-line quoted scalars, `|`/`>` block scalars, one-line flow lists of scalars, `[]` and `{}`,
// comments. It answers exactly what fastValues' js-yaml path answers (value, null words, null properties) at a
// fraction of js-yaml's cost, and "don't know" (undefined) on anything else — including everything js-yaml would
// refuse or the fast path would send to the full reader — so js-yaml decides those. Each rule below mirrors what
// js-yaml 4 does for that shape (lib/loader.js); subsetReader.test.ts compares both on every corpus document and
// on mutations of them.
import { GoScalar, isPlainWord, resolvePlainScalarQuickly, yaml11Surprise } from './yaml11';

/** What fastValues' reader reads (repeated here so this module does not import its caller). */
export interface SubsetReading {
  value: Record<string, unknown>;
  nullWords: boolean;
  nullProperties: boolean;
  /** Where things a valid file's notes point at are, found on the way (offsets in the piece). */
  places?: ReadPlaces;
}

/**
 * Offsets the reader passed anyway, as the `yaml` AST gives them (subsetReader.test.ts compares): the root mapping's
 * first key when it is not indented, and `metadata.name`'s value when it is a one-line plain or quoted scalar (-1
 * otherwise). A file's duplicate-object notes then need neither the AST nor a scan of the piece's lines.
 */
export interface ReadPlaces {
  rootStart: number;
  nameStart: number;
  nameEnd: number;
}

class OutsideSubset extends Error {}
// Thrown, never shown: one instance, so giving up costs no stack trace.
const OUTSIDE = new OutsideSubset('outside the YAML subset');

// Characters js-yaml refuses (non-printable), or reads in ways this reader does not follow: tabs, CR, BOM, NUL,
// surrogates (rare in manifests; js-yaml checks their pairing), C1 controls.
const OUTSIDE_CHARACTERS = /[\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff\ufffe\uffff]/;

// Characters a plain scalar cannot start with (js-yaml readPlainScalar), plus the flow indicators.
const NOT_PLAIN_START = new Uint8Array(128);
for (const c of ' \n#&*!|>\'"%@`,[]{}') NOT_PLAIN_START[c.charCodeAt(0)] = 1;

// Characters of a plain item of a one-line flow list read here (`[a, b-1, x.y/z]`); the first must be alphanumeric.
const FLOW_PLAIN = new Uint8Array(128);
for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-/') FLOW_PLAIN[c.charCodeAt(0)] = 1;

// Nesting deeper than this is left to js-yaml (which bounds it at 100, as fastValues' key walk does).
const MAX_DEPTH = 60;

const SPACE = 0x20;
const LF = 0x0a;
const HASH = 0x23;
const COLON = 0x3a;
const DASH = 0x2d;
const DOT = 0x2e;
const END = 0; // after the piece (js-yaml's sentinel)

/**
 * The reading of one `---` piece, or undefined when it is outside the subset (js-yaml then decides). `plainAscii`:
 * the piece is known to hold only printable ASCII and line feeds, none of OUTSIDE_CHARACTERS (no scan for them).
 * A line starting with `---` or `...` (another document, or a document end) is refused.
 */
export function readManifestSubset(source: string, plainAscii = false): SubsetReading | undefined {
  return readManifestSubsetIn(source, 0, source.length, plainAscii);
}

/**
 * readManifestSubset of the piece text[start, end), read where it is: no copy of the piece (a piece that does not end
 * in a line break, the last of a file, is copied with one). Offsets in the answer are in the piece.
 */
export function readManifestSubsetIn(
  text: string,
  start: number,
  end: number,
  plainAscii = false,
): SubsetReading | undefined {
  if (!plainAscii && OUTSIDE_CHARACTERS.test(start === 0 && end === text.length ? text : text.slice(start, end))) {
    return undefined;
  }
  let from = start;
  // Content on the `---` line (a comment aside).
  if (text.startsWith('---', start)) {
    from = start + 3;
    while (from < end && text.charCodeAt(from) === SPACE) from++;
    const c = from < end ? text.charCodeAt(from) : END;
    if (c === HASH && from > start + 3) {
      from = text.indexOf('\n', from);
      if (from >= end) from = -1;
    } else if (c !== LF && from < end) return undefined;
    if (from < 0) return undefined;
  }
  // The reader wants the piece to end in a line break (as js-yaml adds one).
  let offset = start;
  if (end === start || text.charCodeAt(end - 1) !== LF) {
    text = `${text.slice(start, end)}\n`;
    from -= start;
    offset = 0;
    end = text.length;
  }
  try {
    return new SubsetReader(text, offset, from, end).read();
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
}

class SubsetReader {
  /** The text the piece is in: the piece is s[start, end), and ends in a line break. */
  private readonly s: string;
  // The current content line (not blank, not a comment): its start, indentation and first character's offset.
  private lineStart = 0;
  private indent = -1; // -1: no more content
  private first = 0;
  private lineEnd = 0;
  private depth = 0;
  private afterKey = 0;
  private nullWords = false;
  private nullProperties = false;
  /** String forms of the non-string plain scalars read (a key equal to one of them sends the piece to js-yaml). */
  private nonStringTexts: Set<string> | undefined;
  /** Keys that could equal one of those forms (numbers, `true`, `false`, `NaN`, `Infinity`): checked at the end. */
  private numberLikeKeys: string[] | undefined;
  private readonly colonSpace: ForwardSearch;
  private readonly spaceHash: ForwardSearch;
  /** Where the last one-line plain or quoted scalar read ended. */
  private scalarEnd = 0;
  private nameStart = -1;
  private nameEnd = -1;
  /** Reading the value of the root mapping's `metadata`. */
  private inRootMetadata = false;

  constructor(
    text: string,
    /** Where the piece starts (offsets in the answer count from here). */
    private readonly start: number,
    from: number,
    private readonly end: number,
  ) {
    this.s = text;
    const searches = searchesIn(text);
    this.colonSpace = searches.colonSpace;
    this.spaceHash = searches.spaceHash;
    this.toContentLine(from);
  }

  read(): SubsetReading | undefined {
    if (this.indent < 0) return undefined;
    const rootStart = this.indent === 0 ? this.first - this.start : -1;
    const value = this.blockNode();
    if (this.indent >= 0 || Array.isArray(value)) return undefined;
    if (this.numberLikeKeys && this.nonStringTexts) {
      for (const k of this.numberLikeKeys) if (this.nonStringTexts.has(k)) return undefined;
    }
    const named = this.nameStart >= 0;
    const places = {
      rootStart,
      nameStart: named ? this.nameStart - this.start : -1,
      nameEnd: named ? this.nameEnd - this.start : -1,
    };
    return { value, nullWords: this.nullWords, nullProperties: this.nullProperties, places };
  }

  /**
   * Move to the first content line at or after the line starting at `from` (skipping blank and comment lines). A line
   * starting with `---` or `...` is refused here: every line of a piece the reader reads to its end starts here, or
   * is a block scalar's (indented).
   */
  private toContentLine(from: number): void {
    const s = this.s;
    const end = this.end;
    let i = from;
    for (;;) {
      if (i >= end) {
        this.indent = -1;
        return;
      }
      const lineStart = i;
      let c = s.charCodeAt(i);
      while (c === SPACE) c = s.charCodeAt(++i);
      if (c === LF) {
        i++;
      } else if (c === HASH) {
        i = s.indexOf('\n', i) + 1;
      } else {
        if ((c === DASH || c === DOT) && i === lineStart && s.charCodeAt(i + 1) === c && s.charCodeAt(i + 2) === c) {
          throw OUTSIDE;
        }
        this.lineStart = lineStart;
        this.indent = i - lineStart;
        this.first = i;
        this.lineEnd = s.indexOf('\n', i);
        return;
      }
    }
  }

  /** After a node that ended on its line at `i`: only spaces and a comment may follow; move to the next line. */
  private endOfLine(i: number): void {
    const s = this.s;
    let c = s.charCodeAt(i);
    while (c === SPACE) c = s.charCodeAt(++i);
    if (c !== LF && c !== HASH) throw OUTSIDE;
    this.toContentLine(s.indexOf('\n', i) + 1);
  }

  private isSequenceEntry(i: number): boolean {
    if (this.s.charCodeAt(i) !== DASH) return false;
    const next = this.s.charCodeAt(i + 1);
    return next === SPACE || next === LF;
  }

  /** A block sequence or mapping starting on the current line (at its first character). */
  private blockNode(): Record<string, unknown> | unknown[] {
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    const v = this.isSequenceEntry(this.first) ? this.sequence(this.indent) : this.mapping(this.first);
    this.depth--;
    return v;
  }

  /**
   * The node after a sequence entry's `-` or a mapping key's `:` (ending at offset i) of a collection at parentIndent:
   * on the same line, else on the next lines, else null.
   */
  private nodeAfter(i: number, parentIndent: number, inSequence: boolean): unknown {
    const s = this.s;
    while (s.charCodeAt(i) === SPACE) i++;
    const c = s.charCodeAt(i);
    if (c === LF || c === HASH) {
      this.toContentLine(s.indexOf('\n', i) + 1);
      // A mapping's value may be a sequence at the mapping's own indentation (`key:` then `- a` below it).
      return this.nodeBelow(parentIndent, !inSequence);
    }
    if (!inSequence) return this.inlineNode(i, parentIndent + 1);
    if (this.isSequenceEntry(i)) throw OUTSIDE; // `- - x`
    return this.inlineNodeOrMapping(i, parentIndent + 1);
  }

  /** The node after `key:` or `-` with nothing more on the line: on the next lines, or null. */
  private nodeBelow(parentIndent: number, sequenceAllowedAtParent: boolean): unknown {
    if (this.indent > parentIndent) return this.blockNode();
    if (sequenceAllowedAtParent && this.indent === parentIndent && this.isSequenceEntry(this.first)) {
      if (++this.depth > MAX_DEPTH) throw OUTSIDE;
      const v = this.sequence(parentIndent);
      this.depth--;
      return v;
    }
    return null;
  }

  private sequence(indent: number): unknown[] {
    const list: unknown[] = [];
    for (;;) {
      const item = this.nodeAfter(this.first + 1, indent, true);
      if (item === null) this.nullProperties = true;
      list.push(item);
      if (this.indent > indent) throw OUTSIDE;
      if (this.indent < indent || !this.isSequenceEntry(this.first)) return list;
    }
  }

  /** A sequence entry's content on its line: a compact mapping (`- key: v`) or a scalar or flow node. */
  private inlineNodeOrMapping(i: number, nodeIndent: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x27) {
      const end = this.quotedEnd(i);
      if (s.charCodeAt(end) === COLON && isSpaceOrBreak(s.charCodeAt(end + 1))) return this.nestedMapping(i);
      const v = c === 0x22 ? this.doubleQuoted(i, end) : singleQuoted(s, i, end);
      this.endOfLine(end);
      return v;
    }
    if (c < 128 && NOT_PLAIN_START[c]) return this.inlineNode(i, nodeIndent);
    if (this.plainColon(i) >= 0) return this.nestedMapping(i);
    return this.inlineNode(i, nodeIndent);
  }

  private nestedMapping(i: number): Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    const v = this.mapping(i);
    this.depth--;
    return v;
  }

  /** A block mapping whose first key starts at offset `i` of the current line; its keys are at that column. */
  private mapping(i: number): Record<string, unknown> {
    const column = i - this.lineStart;
    const map: Record<string, unknown> = {};
    for (;;) {
      const key = this.key(i);
      // A duplicated key is js-yaml's to refuse (and a key Object.prototype has, `toString`, js-yaml's to read).
      if (map[key] !== undefined) throw OUTSIDE;
      // The root mapping is at depth 1, its values' mappings at 2.
      const depth = this.depth;
      if (depth === 1 && key === 'metadata') this.inRootMetadata = true;
      const value =
        depth === 2 && key === 'name' && this.inRootMetadata
          ? this.nameValue(column)
          : this.nodeAfter(this.afterKey, column, false);
      if (depth === 1) this.inRootMetadata = false;
      if (value === null) this.nullProperties = true;
      map[key] = value;
      if (this.indent > column) throw OUTSIDE;
      if (this.indent < column) return map;
      i = this.first;
    }
  }

  /** The value of `metadata.name` (read as any value), noting where it is when it is a one-line scalar. */
  private nameValue(column: number): unknown {
    const s = this.s;
    let start = this.afterKey;
    while (s.charCodeAt(start) === SPACE) start++;
    const c = s.charCodeAt(start);
    const value = this.nodeAfter(this.afterKey, column, false);
    const scalarOnItsLine = c !== LF && c !== HASH && c !== 0x7c && c !== 0x3e && c !== 0x5b && c !== 0x7b;
    if (scalarOnItsLine) {
      this.nameStart = start;
      this.nameEnd = this.scalarEnd;
    }
    return value;
  }

  /** The key at offset i; afterKey is set to the offset after its `:` (followed by a space or the line's end). */
  private key(i: number): string {
    const s = this.s;
    const c = s.charCodeAt(i);
    let key: string;
    let colon: number;
    if (c === 0x22 || c === 0x27) {
      colon = this.quotedEnd(i);
      if (s.charCodeAt(colon) !== COLON || !isSpaceOrBreak(s.charCodeAt(colon + 1))) throw OUTSIDE;
      key = c === 0x22 ? this.doubleQuoted(i, colon) : singleQuoted(s, i, colon);
    } else {
      if ((c < 128 && NOT_PLAIN_START[c]) || (isIndicator(c) && isSpaceOrBreak(s.charCodeAt(i + 1)))) {
        throw OUTSIDE;
      }
      colon = this.plainColon(i);
      if (colon < 0 || s.charCodeAt(colon - 1) === SPACE) throw OUTSIDE;
      key = s.slice(i, colon);
      const known = knownKeys[slotOf(s, i, colon)];
      if (known === key) {
        this.afterKey = colon + 1;
        return known;
      }
      // A key YAML 1.1 reads as something else (`1`, `on`, `null`): js-yaml's path sends such pieces on.
      if (typeof resolvedPlain(key) !== 'string') throw OUTSIDE;
    }
    if (key === '__proto__' || key === 'null' || key === '<<') throw OUTSIDE;
    const k = key.charCodeAt(0);
    if (
      (k >= 0x30 && k <= 0x39) ||
      k === DASH ||
      key === 'true' ||
      key === 'false' ||
      key === 'NaN' ||
      key === 'Infinity'
    ) {
      (this.numberLikeKeys ??= []).push(key);
    } else if (c !== 0x22 && c !== 0x27) {
      knownKeys[slotOf(s, i, colon)] = key;
    }
    this.afterKey = colon + 1;
    return key;
  }

  /**
   * Where a plain scalar starting at offset i of the current line is followed by `: ` or `:` at the line's end (a
   * key), or -1 when a comment (` #`) comes first or there is none. String searches, not a loop over characters:
   * cheaper while the code is still cold, as most of it stays in a run of `check`.
   */
  private plainColon(i: number): number {
    const lineEnd = this.lineEnd;
    // Neither `: ` nor ` #` can straddle the line's end (a line feed is neither a space nor `#`).
    let colon = this.colonSpace.from(i);
    if (colon >= lineEnd) {
      if (lineEnd - 1 < i || this.s.charCodeAt(lineEnd - 1) !== COLON) return -1;
      colon = lineEnd - 1;
    }
    return this.spaceHash.from(i) < colon ? -1 : colon;
  }

  /** A node that starts at offset i of the current line, after `key: ` or `- `: a scalar or a flow collection. */
  private inlineNode(i: number, nodeIndent: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(i);
    if (c === 0x22 || c === 0x27) {
      const end = this.quotedEnd(i);
      const v = c === 0x22 ? this.doubleQuoted(i, end) : singleQuoted(s, i, end);
      this.scalarEnd = end;
      this.endOfLine(end);
      return v;
    }
    if (c === 0x7c || c === 0x3e) return this.blockScalar(i, nodeIndent);
    if (c === 0x5b || c === 0x7b) return this.flowCollection(i);
    if ((c < 128 && NOT_PLAIN_START[c]) || (isIndicator(c) && isSpaceOrBreak(s.charCodeAt(i + 1)))) throw OUTSIDE;
    return this.plainScalar(i);
  }

  /** A plain scalar at offset i of the current line, ending at the line's end or at a comment. */
  private plainScalar(i: number): GoScalar {
    const s = this.s;
    const lineEnd = this.lineEnd;
    const hash = this.spaceHash.from(i);
    const commented = hash < lineEnd;
    let end = commented ? hash : lineEnd;
    // `a: b: c` and `a: b:` are errors in js-yaml.
    if (this.colonSpace.from(i) < end || (!commented && lineEnd > i && s.charCodeAt(lineEnd - 1) === COLON)) {
      throw OUTSIDE;
    }
    while (end > i && s.charCodeAt(end - 1) === SPACE) end--;
    this.scalarEnd = end;
    // A following line indented deeper than the parent collection would continue the scalar in js-yaml (a line at
    // nodeIndent or deeper): mapping() and sequence() refuse such a line after any entry.
    this.toContentLine(lineEnd + 1);
    return this.plainValue(s.slice(i, end));
  }

  /** An untagged plain scalar's value as fastValues' js-yaml schema reads it. */
  private plainValue(text: string): GoScalar {
    const v = resolvedPlain(text);
    if (typeof v === 'string') return v;
    if (yaml11Surprise(text, v)) {
      if (v !== null) throw OUTSIDE; // `yes`, `0777`: the full reader warns about them
      this.nullWords = true;
    }
    (this.nonStringTexts ??= new Set()).add(v === null ? 'null' : String(v));
    return v;
  }

  /** The offset after the closing quote of a quoted scalar starting at i, on the same line. */
  private quotedEnd(i: number): number {
    const s = this.s;
    const quote = s.charCodeAt(i);
    for (let j = i + 1; ; j++) {
      const c = s.charCodeAt(j);
      if (c === LF) throw OUTSIDE; // multi-line quoted scalars are js-yaml's
      if (c === 0x5c && quote === 0x22) {
        j++;
        if (s.charCodeAt(j) === LF) throw OUTSIDE;
      } else if (c === quote) {
        if (quote === 0x27 && s.charCodeAt(j + 1) === 0x27) j++;
        else return j + 1;
      }
    }
  }

  /** A double-quoted scalar from i to end (after its closing quote), escapes read as js-yaml reads them. */
  private doubleQuoted(i: number, end: number): string {
    const s = this.s;
    const body = s.slice(i + 1, end - 1);
    if (!body.includes('\\')) return body;
    let out = '';
    let from = 0;
    for (let j = body.indexOf('\\'); j >= 0; j = body.indexOf('\\', from)) {
      out += body.slice(from, j);
      const e = body.charCodeAt(j + 1);
      const simple = SIMPLE_ESCAPES[String.fromCharCode(e)];
      if (simple !== undefined) {
        out += simple;
        from = j + 2;
        continue;
      }
      const length = e === 0x78 ? 2 : e === 0x75 ? 4 : e === 0x55 ? 8 : 0;
      const hex = body.slice(j + 2, j + 2 + length);
      if (length === 0 || !/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) throw OUTSIDE;
      const code = parseInt(hex, 16);
      if (code > 0x10ffff) throw OUTSIDE;
      out += String.fromCodePoint(code);
      from = j + 2 + length;
    }
    return out + body.slice(from);
  }

  /** A flow collection on one line: `[]`, `{}`, or a list of plain words and quoted scalars. */
  private flowCollection(i: number): unknown[] | Record<string, never> {
    const s = this.s;
    const open = s.charCodeAt(i);
    let j = i + 1;
    while (s.charCodeAt(j) === SPACE) j++;
    if (open === 0x7b) {
      if (s.charCodeAt(j) !== 0x7d) throw OUTSIDE;
      this.endOfLine(j + 1);
      return {};
    }
    if (++this.depth > MAX_DEPTH) throw OUTSIDE;
    const list: unknown[] = [];
    for (;;) {
      let c = s.charCodeAt(j);
      if (c === 0x5d) break;
      let item: unknown;
      if (c === 0x22 || c === 0x27) {
        const end = this.quotedEnd(j);
        item = c === 0x22 ? this.doubleQuoted(j, end) : singleQuoted(s, j, end);
        j = end;
      } else {
        if (!isAlphanumeric(c)) throw OUTSIDE;
        const start = j;
        while (c < 128 && FLOW_PLAIN[c]) c = s.charCodeAt(++j);
        item = this.plainValue(s.slice(start, j));
      }
      if (item === null) this.nullProperties = true;
      list.push(item);
      while (s.charCodeAt(j) === SPACE) j++;
      c = s.charCodeAt(j);
      if (c === 0x2c) {
        j++;
        while (s.charCodeAt(j) === SPACE) j++;
      } else if (c !== 0x5d) {
        throw OUTSIDE;
      }
    }
    this.depth--;
    this.endOfLine(j + 1);
    return list;
  }

  /** A `|` or `>` block scalar at i: js-yaml's readBlockScalar, line for line. */
  private blockScalar(i: number, nodeIndent: number): string {
    const s = this.s;
    const folding = s.charCodeAt(i) === 0x3e;
    let chomping = CLIP;
    let didReadContent = false;
    let detectedIndent = false;
    let textIndent = nodeIndent;
    let emptyLines = 0;
    let atMoreIndented = false;
    let ch = s.charCodeAt(i);
    for (;;) {
      ch = s.charCodeAt(++i);
      if (ch === 0x2b || ch === DASH) {
        if (chomping !== CLIP) throw OUTSIDE;
        chomping = ch === 0x2b ? KEEP : STRIP;
      } else if (ch >= 0x30 && ch <= 0x39) {
        if (ch === 0x30 || detectedIndent) throw OUTSIDE;
        textIndent = nodeIndent + (ch - 0x30) - 1;
        detectedIndent = true;
      } else {
        break;
      }
    }
    if (ch === SPACE) {
      do ch = s.charCodeAt(++i);
      while (ch === SPACE);
      if (ch === HASH) i = s.indexOf('\n', i);
      ch = s.charCodeAt(i);
    }
    let result = '';
    let lineStart = i;
    for (;;) {
      if (ch !== LF) throw OUTSIDE;
      lineStart = ++i;
      let lineIndent = 0;
      ch = i < this.end ? s.charCodeAt(i) : END;
      while ((!detectedIndent || lineIndent < textIndent) && ch === SPACE) {
        lineIndent++;
        ch = s.charCodeAt(++i);
      }
      if (!detectedIndent && lineIndent > textIndent) textIndent = lineIndent;
      if (ch === LF) {
        emptyLines++;
        continue;
      }
      if (!detectedIndent && textIndent === 0) throw OUTSIDE;
      if (lineIndent < textIndent) {
        if (chomping === KEEP) result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
        else if (chomping === CLIP && didReadContent) result += '\n';
        break;
      }
      if (folding) {
        if (ch === SPACE) {
          atMoreIndented = true;
          result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
        } else if (atMoreIndented) {
          atMoreIndented = false;
          result += '\n'.repeat(emptyLines + 1);
        } else if (emptyLines === 0) {
          if (didReadContent) result += ' ';
        } else {
          result += '\n'.repeat(emptyLines);
        }
      } else {
        result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
      }
      didReadContent = true;
      detectedIndent = true;
      emptyLines = 0;
      const captureStart = i;
      i = s.indexOf('\n', i);
      result += s.slice(captureStart, i);
      ch = LF;
    }
    this.toContentLine(lineStart);
    return result;
  }
}

/**
 * The first occurrence of a needle, a space and another character (`: `, ` #`), at or after an offset (the text's
 * length when none), remembered with where its search started: every later question from between the two has the
 * same answer. The reader asks from offsets that only grow, so the text is searched about once in all (a search may
 * run past the current line) and no line is cut out to search in. The search looks for the other character alone:
 * V8 answers a one-character indexOf with a memchr in its own code, a longer needle with a call into the runtime
 * (~5× the cost per call; there is about one per line), and spaces are everywhere in YAML.
 */
class ForwardSearch {
  private searchedFrom = 1; // (1, 0): nothing searched yet
  private found = 0;
  /** The character that is not the space, and where it is in the needle (0 or 1). */
  private readonly other: string;
  private readonly otherAt: number;

  constructor(
    private readonly text: string,
    needle: string,
  ) {
    this.otherAt = needle.charCodeAt(0) === SPACE ? 1 : 0;
    this.other = needle[this.otherAt];
  }

  from(i: number): number {
    if (i < this.searchedFrom || i > this.found) {
      this.searchedFrom = i;
      this.found = this.search(i);
    }
    return this.found;
  }

  private search(i: number): number {
    const text = this.text;
    const other = this.other;
    // The space is after the other character (`: `), or before it (` #`).
    const spaceAt = this.otherAt === 0 ? 1 : -1;
    for (let at = text.indexOf(other, i + this.otherAt); at >= 0; at = text.indexOf(other, at + 1)) {
      if (text.charCodeAt(at + spaceAt) === SPACE) return at - this.otherAt;
    }
    return text.length;
  }
}

/**
 * The searches of the last text read: the pieces of a file are read one after another in the file's text, and each
 * answer holds for the whole text (a piece's search may run into the next piece, whose reading then reuses it).
 */
let lastSearches: { text: string; colonSpace: ForwardSearch; spaceHash: ForwardSearch } | undefined;

function searchesIn(text: string): { colonSpace: ForwardSearch; spaceHash: ForwardSearch } {
  if (lastSearches?.text !== text) {
    lastSearches = { text, colonSpace: new ForwardSearch(text, ': '), spaceHash: new ForwardSearch(text, ' #') };
  }
  return lastSearches;
}

// The resolution of short plain scalars that need a look at the YAML 1.1 rules (`name`, `true`, `80`), remembered:
// manifests repeat a few of them thousands of times. One per slot (slotOf): a text equal to its slot's is answered
// without being hashed (as a Map's key would be), and the table stays bounded whatever the files hold.
const resolvedTexts: (string | undefined)[] = new Array<string | undefined>(1024).fill(undefined);
const resolvedValues: GoScalar[] = new Array<GoScalar>(1024).fill(null);

function resolvedPlain(text: string): GoScalar {
  if (isPlainWord(text)) return text;
  if (text.length > 24) return resolvePlainScalarQuickly(text);
  const slot = slotOf(text, 0, text.length);
  if (resolvedTexts[slot] === text) return resolvedValues[slot];
  const v = resolvePlainScalarQuickly(text);
  resolvedTexts[slot] = text;
  resolvedValues[slot] = v;
  return v;
}

/**
 * Plain keys read before that need no check again (not number-like, not refused), one per slot (slotOf). A key equal
 * to its slot's is read as that string: V8 internalizes a property name on first use, so the mapping being built looks
 * it up and stores it without hashing it in V8's string table (a key read afresh is hashed for the duplicate test,
 * then again for the store: ~8 % of the reader's instructions).
 */
const knownKeys: (string | undefined)[] = new Array<string | undefined>(1024).fill(undefined);

/** A slot of a 1,024-entry table for the text s[i, end): its length and three of its characters choose it. */
function slotOf(s: string, i: number, end: number): number {
  const length = end - i;
  return (length * 31 + s.charCodeAt(i) * 7 + s.charCodeAt(end - 1) * 3 + s.charCodeAt(i + (length >> 1))) & 1023;
}

const CLIP = 1;
const STRIP = 2;
const KEEP = 3;

// js-yaml's simpleEscapeSequence (a tab after the backslash cannot occur here: tabs are outside the subset).
const SIMPLE_ESCAPES: Record<string, string> = {
  '0': '\x00',
  a: '\x07',
  b: '\x08',
  t: '\x09',
  n: '\x0A',
  v: '\x0B',
  f: '\x0C',
  r: '\x0D',
  e: '\x1B',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xA0',
  L: '\u2028',
  P: '\u2029',
};

function singleQuoted(s: string, i: number, end: number): string {
  const body = s.slice(i + 1, end - 1);
  return body.includes("''") ? body.replaceAll("''", "'") : body;
}

function isSpaceOrBreak(c: number): boolean {
  return c === SPACE || c === LF;
}

/** `-`, `?`, `:`: indicators when a space or the line's end follows. */
function isIndicator(c: number): boolean {
  return c === DASH || c === 0x3f || c === COLON;
}

function isAlphanumeric(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}
