// Ranges without an AST, for documents the fast reader read (fastValues.ts): a diagnostic on a valid-looking file
// (a duplicate list entry, the same object twice) then costs a scan of a few lines instead of the `yaml` AST of
// the whole document. Plain block layout only — block mappings and sequences down to the node, single-line scalars
// and block collections as targets — read line by line; anything else returns undefined and the caller builds the
// AST. The answer must be the AST's (ManifestDocument.rangeOf): fastRanges.test.ts compares the two on every node
// of every corpus document.
import type { FieldPath } from './path';

/**
 * A document's lines: where each starts and ends, its indentation and whether it is blank or only a comment (never
 * part of a block's structure). The text of a line is cut out only when a lookup reads it.
 */
class Lines {
  readonly start: number[] = [];
  readonly end: number[] = [];
  readonly indent: number[] = [];
  readonly blank: boolean[] = [];

  constructor(readonly source: string) {}

  get length(): number {
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

  push(start: number, end: number): void {
    const source = this.source;
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
  /** One past the last line that can belong to the block. */
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

/** A fast-read document's lines, split once, for as many ranges as its diagnostics ask for. */
export class FastLayout {
  /** Split when a range is first asked for (null: not a layout read here). */
  private split: Lines | null | undefined;

  constructor(private readonly source: string) {}

  private get lines(): Lines | undefined {
    if (this.split === undefined) this.split = splitLines(this.source) ?? null;
    return this.split ?? undefined;
  }

  /** Offset of the root mapping's first key (what the AST's root range starts with). */
  rootStart(): number | undefined {
    // The first lines only (splitLines' reading of them): a duplicate object's note asks this of many documents.
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
  while (first < lines.length && lines.blank[first]) first++;
  if (first === lines.length || lines.indent[first] !== 0) return undefined;
  let block: Block = { line: first, column: 0, end: lines.length };
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

/** Lines of source after its `---` line, or undefined if that line holds anything but a comment. */
function splitLines(source: string): Lines | undefined {
  const out = new Lines(source);
  for (let start = 0; start <= source.length;) {
    const nl = source.indexOf('\n', start);
    const end = nl < 0 ? source.length : nl;
    out.push(start, end);
    if (nl < 0) break;
    start = nl + 1;
  }
  if (out.length > 0 && source.startsWith('---')) {
    if (!BLANK_OR_COMMENT.test(out.text(0).slice(3))) return undefined;
    // The marker line counts as an empty line.
    out.end[0] = out.start[0];
    out.indent[0] = 0;
    out.blank[0] = true;
  }
  return out;
}

function nextContent(lines: Lines, from: number, end: number): number {
  let i = from;
  while (i < end && lines.blank[i]) i++;
  return i;
}

/** An entry of a block: its line, where its value starts on that line, and one past the lines it may span. */
interface Entry {
  line: number;
  column: number;
  valueColumn: number;
  end: number;
}

/**
 * The entries of a block: the first at block.column of its first line, then every line at that column (in a
 * mapping, `-` lines at that column are a sequence value of the entry before them).
 */
function entries(lines: Lines, block: Block, mapping: boolean): Entry[] {
  const starts = [block.line];
  let end = block.end;
  for (let i = block.line + 1; i < block.end; i++) {
    const indent = lines.indent[i];
    if (lines.blank[i] || indent > block.column) continue;
    if (indent < block.column) {
      end = i;
      break;
    }
    if (mapping && lines.isDash(i)) continue;
    starts.push(i);
  }
  return starts.map((line, k) => ({
    line,
    column: block.column,
    valueColumn: block.column,
    end: k + 1 < starts.length ? starts[k + 1] : end,
  }));
}

function key(lines: Lines, block: Block, name: string): Entry | undefined {
  const all = entries(lines, block, true);
  let found: Entry | undefined;
  for (const e of all) {
    const m = KEY.exec(lines.text(e.line).slice(e.column));
    // Every entry must be a plain key: anything else (a `-` item, a quoted or complex key) is not a plain mapping.
    if (!m) return undefined;
    if (m[0].slice(0, -1) === name && !found) found = { ...e, valueColumn: e.column + m[0].length };
  }
  return found;
}

function item(lines: Lines, block: Block, index: number): Entry | undefined {
  const all = entries(lines, block, false);
  if (index >= all.length) return undefined;
  // Entries sit at the block's column, which is their line's indentation.
  for (const e of all) if (!/^-( |$)/.test(lines.text(e.line).slice(e.column))) return undefined;
  const e = all[index];
  return { ...e, valueColumn: e.column + 1 };
}

/** A block collection's range: from its first entry to the end of its last line with content (newline included). */
function blockRange(lines: Lines, block: Block, mapping: boolean): { start: number; end: number } | undefined {
  const all = entries(lines, block, mapping);
  const end = all[all.length - 1].end;
  let last = end - 1;
  while (last > block.line && lines.blank[last]) last--;
  // Comments after the last entry may belong to the node or not, depending on their indentation: left to the AST.
  for (let i = last + 1; i < end; i++) if (lines.text(i).trim() !== '') return undefined;
  // The last line must end with a newline (at the end of the text the AST's range stops before it) and hold a value
  // (after an empty one, `key:` or `-`, it stops before the newline too).
  if (last === lines.length - 1 || ENDS_WITHOUT_VALUE.test(lines.text(last))) return undefined;
  return { start: lines.start[block.line] + block.column, end: lines.end[last] + 1 };
}
