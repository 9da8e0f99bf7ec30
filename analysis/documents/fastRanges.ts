// Ranges without an AST, for documents the fast reader read (fastValues.ts): a diagnostic on a valid-looking file
// (a duplicate list entry, the same object twice) then costs a scan of a few lines instead of the `yaml` AST of
// the whole document. Plain block layout only — block mappings and sequences down to the node, single-line scalars
// and block collections as targets — read line by line; anything else returns undefined and the caller builds the
// AST. The answer must be the AST's (ManifestDocument.rangeOf): fastRanges.test.ts compares the two on every node
// of every corpus document.
import type { FieldPath } from './path';

/**
 * A document's lines: where each starts and ends, its indentation and whether it is blank or only a comment (never
 * part of a block's structure). Lines are read as far as a lookup goes (a note on `metadata.name` reads a few lines
 * of a long object); the text of a line is cut out only when a lookup reads it.
 */
class Lines {
  readonly start: number[] = [];
  readonly end: number[] = [];
  readonly indent: number[] = [];
  readonly blank: boolean[] = [];
  /** Where the next line starts (past the text: every line is read). */
  private next = 0;

  constructor(readonly source: string) {}

  /** True when line i exists (read up to it now). */
  has(i: number): boolean {
    while (this.start.length <= i && this.next <= this.source.length) this.readLine();
    return i < this.start.length;
  }

  /** How many lines the source has (reads them all). */
  get length(): number {
    while (this.next <= this.source.length) this.readLine();
    return this.start.length;
  }

  text(i: number): string {
    return this.source.slice(this.start[i], this.end[i]);
  }

  /** The line holds `-` followed by a space or nothing at its indentation: a block sequence entry. */
  isDash(i: number): boolean {
    const p = this.start[i] + this.indent[i];
    const end = this.end[i];
    return p < end && this.source.charCodeAt(p) === 0x2d && (p + 1 === end || this.source.charCodeAt(p + 1) === 0x20);
  }

  private readLine(): void {
    const source = this.source;
    const start = this.next;
    const nl = source.indexOf('\n', start);
    const end = nl < 0 ? source.length : nl;
    this.next = nl < 0 ? source.length + 1 : nl + 1;
    if (start === 0 && source.startsWith('---')) {
      // The marker line counts as an empty line (FastLayout.lines checked that only a comment follows it).
      this.push(start, start, 0, true);
      return;
    }
    let i = start;
    while (i < end && source.charCodeAt(i) === 0x20) i++;
    const c = i < end ? source.charCodeAt(i) : -1;
    let indent = i - start;
    let blank = c === -1;
    if (c !== -1 && (c <= 0x20 || c >= 0x7f || c === 0x23)) {
      // A comment, or other white space than spaces (rare here): as the general rules say.
      const text = source.slice(start, end);
      indent = text.length - text.trimStart().length;
      blank = BLANK_OR_COMMENT.test(text);
    }
    this.push(start, end, indent, blank);
  }

  private push(start: number, end: number, indent: number, blank: boolean): void {
    this.start.push(start);
    this.end.push(end);
    this.indent.push(indent);
    this.blank.push(blank);
  }
}

/** A block collection's entries: the first at (line, column), the others on later lines at that column. */
interface Block {
  line: number;
  column: number;
  /** One past the last line that can belong to the block (Infinity: up to the end of the text). */
  end: number;
}

const BLANK_OR_COMMENT = /^ *(#.*)?$/;
// A plain key (no quotes, no flow or other indicators at its start, no `:` or ` #` inside), then `:` and a space or
// the end of the line.
const KEY = /^([^\s"'#&*!|>%@`{}[\],?:-]|-(?=\S))[^:#]*?(?<! ):(?= |$)/;
// The rest of a key's line when the value is a single-line plain or quoted scalar, or nothing (a comment at most).
const PLAIN = /^([^\s"'#&*!|>%@`{}[\],?-]|[-?:](?=\S))(?:[^#\s]|(?<! )#|\s+(?=[^\s#]))*/;
const DOUBLE_QUOTED = /^"(?:[^"\\]|\\.)*"/;
const SINGLE_QUOTED = /^'(?:[^']|'')*'/;
const REST_IS_EMPTY = /^ *(#.*)?$/;
const ENDS_WITHOUT_VALUE = /(:|^ *-) *(#.*)?$/;
const DASH_ITEM = /^-( |$)/;

/** A fast-read document's lines, split once, for as many ranges as its diagnostics ask for. */
export class FastLayout {
  /** Split when a range is first asked for (null: not a layout read here). */
  private split: Lines | null | undefined;

  constructor(private readonly source: string) {}

  private get lines(): Lines | undefined {
    if (this.split === undefined) this.split = markerLineIsPlain(this.source) ? new Lines(this.source) : null;
    return this.split ?? undefined;
  }

  /** Offset of the root mapping's first key (what the AST's root range starts with). */
  rootStart(): number | undefined {
    // The first lines only (as Lines reads them): a duplicate object's note asks this of many documents.
    const source = this.source;
    for (let start = 0; start <= source.length;) {
      const nl = source.indexOf('\n', start);
      const end = nl < 0 ? source.length : nl;
      let text = source.slice(start, end);
      if (start === 0 && text.startsWith('---')) {
        if (!BLANK_OR_COMMENT.test(text.slice(3))) return undefined;
        text = '';
      }
      if (!BLANK_OR_COMMENT.test(text)) return text.length === text.trimStart().length ? start : undefined;
      if (nl < 0) break;
      start = nl + 1;
    }
    return undefined;
  }

  /** The source range of the node at path (as the `yaml` AST gives it), or undefined when not found the cheap way. */
  rangeOf(path: FieldPath): { start: number; end: number } | undefined {
    const lines = this.lines;
    return lines && nodeRange(lines, path);
  }
}

function nodeRange(lines: Lines, path: FieldPath): { start: number; end: number } | undefined {
  let first = 0;
  while (lines.has(first) && lines.blank[first]) first++;
  if (!lines.has(first) || lines.indent[first] !== 0) return undefined;
  let block: Block = { line: first, column: 0, end: Infinity };
  let isSequence = false;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const entry =
      typeof seg === 'number'
        ? isSequence
          ? item(lines, block, seg)
          : undefined
        : isSequence
          ? undefined
          : key(lines, block, seg);
    if (!entry) return undefined;
    const last = i === path.length - 1;
    // The value on the entry's own line (after `key: ` or `- `).
    const rest = lines.text(entry.line).slice(entry.valueColumn);
    const restStart = lines.start[entry.line] + entry.valueColumn;
    const spaces = rest.length - rest.trimStart().length;
    const value = rest.slice(spaces);
    if (typeof seg === 'number' && KEY.test(value)) {
      // `- key: value`: a mapping whose first entry is on the dash line.
      const inner: Block = { line: entry.line, column: entry.valueColumn + spaces, end: entry.end };
      if (last) return blockRange(lines, inner, true);
      block = inner;
      isSequence = false;
      continue;
    }
    if (!REST_IS_EMPTY.test(value)) {
      // A scalar on this line: the target, if it is a single-line one.
      if (!last) return undefined;
      const m = DOUBLE_QUOTED.exec(value) ?? SINGLE_QUOTED.exec(value) ?? PLAIN.exec(value);
      if (!m || !REST_IS_EMPTY.test(value.slice(m[0].length))) return undefined;
      if (nextContent(lines, entry.line + 1, entry.end) < entry.end) return undefined; // continued on later lines
      return { start: restStart + spaces, end: restStart + spaces + m[0].length };
    }
    if (typeof seg === 'number') return undefined; // `-` alone on its line: nested collection, left to the AST
    // `key:` with the value on the following lines: a block mapping or sequence (a sequence may sit at the key's
    // own column).
    const next = nextContent(lines, entry.line + 1, entry.end);
    if (next === entry.end) return undefined; // empty value (null)
    const indent = lines.indent[next];
    const dash = lines.isDash(next);
    if (indent < entry.column || (indent === entry.column && !dash)) return undefined;
    const inner: Block = { line: next, column: indent, end: entry.end };
    if (last) return blockRange(lines, inner, !dash);
    block = inner;
    isSequence = dash;
  }
  return undefined;
}

/** False when the source's `---` line holds anything but a comment (a node on the marker line: left to the AST). */
function markerLineIsPlain(source: string): boolean {
  if (!source.startsWith('---')) return true;
  const nl = source.indexOf('\n');
  return BLANK_OR_COMMENT.test(source.slice(3, nl < 0 ? source.length : nl));
}

/** The first line from `from` with content, or `end` when there is none before it (or before the text ends). */
function nextContent(lines: Lines, from: number, end: number): number {
  let i = from;
  while (i < end && lines.has(i) && lines.blank[i]) i++;
  return i < end && lines.has(i) ? i : end;
}

/** An entry of a block: its line, where its value starts on that line, and one past the lines it may span. */
interface Entry {
  line: number;
  column: number;
  valueColumn: number;
  end: number;
}

/**
 * After the entry of a block that starts at `line`: where the next entry starts (a later line at the block's column;
 * in a mapping, `-` lines at that column are a sequence value of the entry before them), and where this entry ends
 * (at the next entry, at a line indented less than the block, or at block.end). Reads no further than that.
 */
function following(lines: Lines, block: Block, mapping: boolean, line: number): { next?: number; end: number } {
  for (let i = line + 1; i < block.end && lines.has(i); i++) {
    const indent = lines.indent[i];
    if (lines.blank[i] || indent > block.column) continue;
    if (indent < block.column) return { end: i };
    if (mapping && lines.isDash(i)) continue;
    return { next: i, end: i };
  }
  return { end: block.end };
}

/**
 * The entry of a plain block mapping with this key. Every entry up to it and the one after it must be a plain key
 * (anything else, a `-` item, a quoted or complex key, or more of a multi-line value, is not a plain mapping);
 * entries further on cannot change its range and are not read.
 */
function key(lines: Lines, block: Block, name: string): Entry | undefined {
  for (let line = block.line; ;) {
    const m = KEY.exec(lines.text(line).slice(block.column));
    if (!m) return undefined;
    const { next, end } = following(lines, block, true, line);
    if (m[0].slice(0, -1) === name) {
      if (next !== undefined && !KEY.test(lines.text(next).slice(block.column))) return undefined;
      return { line, column: block.column, valueColumn: block.column + m[0].length, end };
    }
    if (next === undefined) return undefined;
    line = next;
  }
}

/** The index-th entry of a block sequence, read as key() reads a mapping (each entry up to the next a `-` item). */
function item(lines: Lines, block: Block, index: number): Entry | undefined {
  for (let line = block.line, k = 0; ; k++) {
    // Entries sit at the block's column, which is their line's indentation.
    if (!DASH_ITEM.test(lines.text(line).slice(block.column))) return undefined;
    const { next, end } = following(lines, block, false, line);
    if (k === index) {
      if (next !== undefined && !DASH_ITEM.test(lines.text(next).slice(block.column))) return undefined;
      return { line, column: block.column, valueColumn: block.column + 1, end };
    }
    if (next === undefined) return undefined;
    line = next;
  }
}

/** A block collection's range: from its first entry to the end of its last line with content (newline included). */
function blockRange(lines: Lines, block: Block, mapping: boolean): { start: number; end: number } | undefined {
  let end = block.end;
  for (let line: number | undefined = block.line; line !== undefined;)
    ({ next: line, end } = following(lines, block, mapping, line));
  if (end === Infinity) end = lines.length;
  let last = end - 1;
  while (last > block.line && lines.blank[last]) last--;
  // Comments after the last entry may belong to the node or not, depending on their indentation: left to the AST.
  for (let i = last + 1; i < end; i++) if (lines.text(i).trim() !== '') return undefined;
  // The last line must end with a newline (at the end of the text the AST's range stops before it) and hold a value
  // (after an empty one, `key:` or `-`, it stops before the newline too).
  if (last === lines.length - 1 || ENDS_WITHOUT_VALUE.test(lines.text(last))) return undefined;
  return { start: lines.start[block.line] + block.column, end: lines.end[last] + 1 };
}
