// Ranges without an AST, for documents the fast reader read (fastValues.ts): a diagnostic on a valid-looking file
// (a duplicate list entry, the same object twice) then costs a scan of a few lines instead of the `yaml` AST of
// the whole document. Plain block layout only — block mappings and sequences down to the node, single-line scalars
// and block collections as targets — read line by line; anything else returns undefined and the caller builds the
// AST. The answer must be the AST's (ManifestDocument.rangeOf): fastRanges.test.ts compares the two on every node
// of every corpus document.
import type { FieldPath } from './path';

interface Line {
  start: number;
  indent: number;
  text: string;
  /** Blank or only a comment: never part of a block's structure. */
  blank: boolean;
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
  private split: Line[] | null | undefined;

  constructor(private readonly source: string) {}

  private get lines(): Line[] | undefined {
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

function nodeRange(lines: Line[], path: FieldPath): { start: number; end: number } | undefined {
  let first = 0;
  while (first < lines.length && lines[first].blank) first++;
  if (first === lines.length || lines[first].indent !== 0) return undefined;
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
    const rest = lines[entry.line].text.slice(entry.valueColumn);
    const restStart = lines[entry.line].start + entry.valueColumn;
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
    const l = lines[next];
    const dash = /^-( |$)/.test(l.text.slice(l.indent));
    if (l.indent < entry.column || (l.indent === entry.column && !dash)) return undefined;
    const inner: Block = { line: next, column: l.indent, end: entry.end };
    if (last) return blockRange(lines, inner, !dash);
    block = inner;
    isSequence = dash;
  }
  return undefined;
}

/** Lines of source after its `---` line, or undefined if that line holds anything but a comment. */
function splitLines(source: string): Line[] | undefined {
  const out: Line[] = [];
  for (let start = 0; start <= source.length;) {
    const nl = source.indexOf('\n', start);
    const end = nl < 0 ? source.length : nl;
    const text = source.slice(start, end);
    out.push({ start, indent: text.length - text.trimStart().length, text, blank: BLANK_OR_COMMENT.test(text) });
    if (nl < 0) break;
    start = nl + 1;
  }
  if (out.length > 0 && out[0].text.startsWith('---')) {
    if (!BLANK_OR_COMMENT.test(out[0].text.slice(3))) return undefined;
    out[0] = { start: out[0].start, indent: 0, text: '', blank: true };
  }
  return out;
}

function nextContent(lines: Line[], from: number, end: number): number {
  let i = from;
  while (i < end && lines[i].blank) i++;
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
function entries(lines: Line[], block: Block, mapping: boolean): Entry[] {
  const starts = [block.line];
  let end = block.end;
  for (let i = block.line + 1; i < block.end; i++) {
    const l = lines[i];
    if (l.blank || l.indent > block.column) continue;
    if (l.indent < block.column) {
      end = i;
      break;
    }
    if (mapping && /^-( |$)/.test(l.text.slice(l.indent))) continue;
    starts.push(i);
  }
  return starts.map((line, k) => ({
    line,
    column: block.column,
    valueColumn: block.column,
    end: k + 1 < starts.length ? starts[k + 1] : end,
  }));
}

function key(lines: Line[], block: Block, name: string): Entry | undefined {
  const all = entries(lines, block, true);
  let found: Entry | undefined;
  for (const e of all) {
    const m = KEY.exec(lines[e.line].text.slice(e.column));
    // Every entry must be a plain key: anything else (a `-` item, a quoted or complex key) is not a plain mapping.
    if (!m) return undefined;
    if (m[0].slice(0, -1) === name && !found) found = { ...e, valueColumn: e.column + m[0].length };
  }
  return found;
}

function item(lines: Line[], block: Block, index: number): Entry | undefined {
  const all = entries(lines, block, false);
  if (index >= all.length) return undefined;
  for (const e of all) if (!/^-( |$)/.test(lines[e.line].text.slice(e.column))) return undefined;
  const e = all[index];
  return { ...e, valueColumn: e.column + 1 };
}

/** A block collection's range: from its first entry to the end of its last line with content (newline included). */
function blockRange(lines: Line[], block: Block, mapping: boolean): { start: number; end: number } | undefined {
  const all = entries(lines, block, mapping);
  const end = all[all.length - 1].end;
  let last = end - 1;
  while (last > block.line && lines[last].blank) last--;
  const l = lines[last];
  // Comments after the last entry may belong to the node or not, depending on their indentation: left to the AST.
  for (let i = last + 1; i < end; i++) if (lines[i].text.trim() !== '') return undefined;
  // The last line must end with a newline (at the end of the text the AST's range stops before it) and hold a value
  // (after an empty one, `key:` or `-`, it stops before the newline too).
  if (last === lines.length - 1 || ENDS_WITHOUT_VALUE.test(l.text)) return undefined;
  return { start: lines[block.line].start + block.column, end: l.start + l.text.length + 1 };
}
