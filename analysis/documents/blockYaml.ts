// A reader for the block YAML that manifests are nearly always written in: block mappings and sequences,
// single-line plain and quoted scalars, literal and folded block scalars, comments, `[]` and `{}`. It reads such a
// document 2–3× faster than js-yaml (no per-character state machine, one pass over each line) and gives exactly
// js-yaml's value for it (fastValues.ts then treats it as js-yaml's). Anything else — flow collections with content,
// multi-line plain or quoted scalars, unusual escapes or indentation, duplicate keys — returns undefined, and the
// caller reads the document with js-yaml. blockYaml.test.ts compares the two readers on every corpus document.

/** How plain scalars (untagged, unquoted) are read: the same function js-yaml's implicit type uses. */
export interface PlainScalars {
  plain(text: string): unknown;
}

const LF = 0x0a;
const SPACE = 0x20;
const HASH = 0x23;
const COLON = 0x3a;
const DQUOTE = 0x22;
const SQUOTE = 0x27;
const DASH = 0x2d;
const BACKSLASH = 0x5c;

// Characters that cannot start a plain scalar in block context (js-yaml readPlainScalar), besides those read here
// (quotes, `|`, `>`, `[]`, `{}`) and `-`, `?`, `:` before a space.
const NOT_PLAIN_START = new Uint8Array(128);
for (const c of ',[]{}#&*!|>\'"%@`') NOT_PLAIN_START[c.charCodeAt(0)] = 1;

// js-yaml's test for characters YAML does not allow in a stream (it throws on them inside scalars).
const NON_PRINTABLE =
  /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/;
// Deeper nesting goes to js-yaml (and from there to the full reader, which bounds depth).
const MAX_DEPTH = 100;

const ESCAPES: Record<number, string> = { 0x6e: '\n', 0x74: '\t', 0x72: '\r', 0x22: '"', 0x5c: '\\', 0x2f: '/' };

class Unsupported {}
const UNSUPPORTED = new Unsupported();

/** js-yaml's value of a document whose root is a block mapping at column 0; undefined for anything else. */
export function readBlockDocument(source: string, scalars: PlainScalars): Record<string, unknown> | undefined {
  if (source.charCodeAt(0) === 0xfeff || NON_PRINTABLE.test(source)) return undefined;
  try {
    return new BlockReader(source.endsWith('\n') ? source : `${source}\n`, scalars).document();
  } catch (e) {
    if (e === UNSUPPORTED) return undefined;
    throw e;
  }
}

function unsupported(): never {
  throw UNSUPPORTED;
}

class BlockReader {
  /** The start of the line to read next (between values), or a position inside a line (while reading one). */
  private p = 0;
  private depth = 0;
  private readonly n: number;

  constructor(
    private readonly s: string,
    private readonly scalars: PlainScalars,
  ) {
    this.n = s.length;
  }

  /** The character at i, 0 past the end (as js-yaml's `\0`-terminated input). */
  private at(i: number): number {
    return i < this.n ? this.s.charCodeAt(i) : 0;
  }

  document(): Record<string, unknown> {
    let indent = this.nextContent();
    if (indent === 0 && this.s.startsWith('---', this.p)) {
      // The marker line: nothing after it but a comment.
      this.p = this.endOfLine(this.p + 3);
      indent = this.nextContent();
    }
    if (indent !== 0) unsupported();
    const value = this.mapping(0, this.p);
    if (this.nextContent() !== -1) unsupported();
    return value;
  }

  /**
   * Skips blank and comment lines from p (a line start); returns the indentation of the next line with content
   * (p at its start), or -1 at the end. A marker line (`---`, `...`) is not read here.
   */
  private nextContent(): number {
    const s = this.s;
    for (;;) {
      let i = this.p;
      while (s.charCodeAt(i) === SPACE) i++;
      if (i >= this.n) {
        this.p = this.n;
        return -1;
      }
      const c = s.charCodeAt(i);
      if (c === LF) this.p = i + 1;
      else if (c === HASH) this.p = this.lineEnd(i) + 1;
      else {
        if (i === this.p && (s.startsWith('---', i) || s.startsWith('...', i)) && this.depth > 0) unsupported();
        return i - this.p;
      }
    }
  }

  private lineEnd(i: number): number {
    const e = this.s.indexOf('\n', i);
    return e < 0 ? this.n : e;
  }

  /** After a value ending at i: only spaces and a comment may follow on the line. Returns the next line's start. */
  private endOfLine(i: number): number {
    let j = i;
    while (this.s.charCodeAt(j) === SPACE) j++;
    const c = this.at(j);
    if (c === LF || c === 0) return j + 1;
    if (c === HASH && j > i) return this.lineEnd(j) + 1;
    return unsupported();
  }

  /** Entries of a block mapping at column indent whose first key starts at first. Returns with p at a line start. */
  private mapping(indent: number, first: number): Record<string, unknown> {
    if (++this.depth > MAX_DEPTH) unsupported();
    const obj: Record<string, unknown> = {};
    let keyAt = first;
    for (;;) {
      const colon = this.keyEnd(keyAt);
      if (colon < 0) unsupported();
      const key = this.key(keyAt, colon);
      if (key === '__proto__' || Object.prototype.hasOwnProperty.call(obj, key)) unsupported();
      obj[key] = this.valueAfter(colon + 1, indent, true);
      const next = this.nextContent();
      if (next !== indent) {
        if (next > indent) unsupported();
        this.depth--;
        return obj;
      }
      keyAt = this.p + indent;
    }
  }

  /**
   * The index of the `:` ending an implicit key that starts at i (a `:` followed by a space or the line's end),
   * -1 when the line holds no such key there. Keys are single-line and at most 1024 characters (YAML's limit).
   */
  private keyEnd(i: number): number {
    const s = this.s;
    const c = s.charCodeAt(i);
    let j: number;
    if (c === DQUOTE || c === SQUOTE) {
      j = this.quotedEnd(i);
      if (j < 0 || s.charCodeAt(j) !== COLON) return -1;
    } else {
      if (!this.plainStart(i)) return -1;
      for (j = i; ; j++) {
        const d = s.charCodeAt(j);
        if (d === LF || j >= this.n || (d === HASH && s.charCodeAt(j - 1) === SPACE)) return -1;
        if (d === COLON) {
          const e = s.charCodeAt(j + 1);
          if (e === SPACE || e === LF) break;
        }
      }
      if (s.charCodeAt(j - 1) === SPACE) return -1; // `key :`: trailing spaces, left to js-yaml
    }
    const e = s.charCodeAt(j + 1);
    return (e === SPACE || e === LF) && j - i <= 1024 ? j : -1;
  }

  /** The key text from i to the colon: quoted as read, plain as js-yaml turns its value into a property name. */
  private key(i: number, colon: number): string {
    const c = this.s.charCodeAt(i);
    if (c === DQUOTE) return this.doubleQuoted(i).value;
    if (c === SQUOTE) return this.singleQuoted(i).value;
    const v = this.scalars.plain(this.s.slice(i, colon));
    return v === null ? 'null' : String(v);
  }

  /** Whether a plain scalar may start at i (block context). */
  private plainStart(i: number): boolean {
    if (i >= this.n) return false;
    const c = this.s.charCodeAt(i);
    if (c < 128 && NOT_PLAIN_START[c]) return false;
    if (c === DASH || c === COLON || c === 0x3f) {
      const d = this.at(i + 1);
      if (d === SPACE || d === LF || d === 0) return false;
    }
    return c !== SPACE && c !== LF;
  }

  /**
   * The value after a mapping's `:` or a sequence's `-` at i, in a collection at column indent: on the same line,
   * or below it (a sequence at the key's own column counts as the key's, as YAML's compact form has it).
   */
  private valueAfter(i: number, indent: number, inMapping: boolean): unknown {
    const s = this.s;
    let j = i;
    while (s.charCodeAt(j) === SPACE) j++;
    const c = this.at(j);
    if (c === LF || c === 0 || c === HASH) {
      this.p = this.lineEnd(j) + 1;
      if (this.p > this.n) this.p = this.n;
      const next = this.nextContent();
      if (next > indent) return this.node(next);
      if (next === indent && inMapping && this.isEntry(this.p + next)) return this.sequence(next);
      return null;
    }
    if (!inMapping && this.keyEnd(j) >= 0) return this.mapping(j - this.lineStart(j), j);
    const v = this.inline(j, indent);
    // What follows a one-line value must not be indented more: a continuation (multi-line plain scalar) or an error.
    let k = this.p;
    for (;;) {
      let m = k;
      while (s.charCodeAt(m) === SPACE) m++;
      if (m >= this.n) break;
      if (s.charCodeAt(m) === LF) {
        k = m + 1;
        continue;
      }
      if (m - k > indent) unsupported();
      break;
    }
    return v;
  }

  private lineStart(i: number): number {
    return this.s.lastIndexOf('\n', i - 1) + 1;
  }

  /** A block collection whose first line (p) has content at column indent. */
  private node(indent: number): unknown {
    const at = this.p + indent;
    return this.isEntry(at) ? this.sequence(indent) : this.mapping(indent, at);
  }

  /** A `-` sequence entry indicator at i. */
  private isEntry(i: number): boolean {
    if (this.s.charCodeAt(i) !== DASH) return false;
    const d = this.at(i + 1);
    return d === SPACE || d === LF || d === 0;
  }

  /** Entries of a block sequence at column indent, p at the line of its first `-`. Returns with p at a line start. */
  private sequence(indent: number): unknown[] {
    if (++this.depth > MAX_DEPTH) unsupported();
    const items: unknown[] = [];
    for (;;) {
      items.push(this.valueAfter(this.p + indent + 1, indent, false));
      const next = this.nextContent();
      if (next === indent && this.isEntry(this.p + indent)) continue;
      if (next > indent) unsupported();
      this.depth--;
      return items;
    }
  }

  /** A value that starts on the line at i, in a collection at column indent; p goes to the next line's start. */
  private inline(i: number, indent: number): unknown {
    const s = this.s;
    const c = s.charCodeAt(i);
    if (c === DQUOTE || c === SQUOTE) {
      const q = c === DQUOTE ? this.doubleQuoted(i) : this.singleQuoted(i);
      this.p = this.endOfLine(q.end);
      return q.value;
    }
    if (c === 0x7c || c === 0x3e) return this.blockScalar(i, indent + 1);
    if ((c === 0x5b && s.charCodeAt(i + 1) === 0x5d) || (c === 0x7b && s.charCodeAt(i + 1) === 0x7d)) {
      this.p = this.endOfLine(i + 2);
      return c === 0x5b ? [] : {};
    }
    if (!this.plainStart(i)) unsupported();
    const e = this.lineEnd(i);
    let text = s.slice(i, e);
    const comment = text.indexOf(' #');
    if (comment >= 0) text = text.slice(0, comment);
    let end = text.length;
    while (text.charCodeAt(end - 1) === SPACE) end--;
    if (end < text.length) text = text.slice(0, end);
    // `a: b: c` and `a: b:` are errors, a `: ` inside a comment is not.
    if (text.includes(': ') || text.charCodeAt(text.length - 1) === COLON) unsupported();
    this.p = e + 1;
    return this.scalars.plain(text);
  }

  /** The end (past the closing quote) of a single-line quoted scalar at i, -1 when it does not end on its line. */
  private quotedEnd(i: number): number {
    const s = this.s;
    const q = s.charCodeAt(i);
    for (let j = i + 1; j < this.n; j++) {
      const c = s.charCodeAt(j);
      if (c === LF) return -1;
      if (q === DQUOTE && c === BACKSLASH) j++;
      else if (c === q) {
        if (q === SQUOTE && s.charCodeAt(j + 1) === SQUOTE) j++;
        else return j + 1;
      }
    }
    return -1;
  }

  private doubleQuoted(i: number): { value: string; end: number } {
    const s = this.s;
    let value = '';
    let from = i + 1;
    for (let j = from; ; j++) {
      const c = this.at(j);
      if (c === DQUOTE) return { value: value + s.slice(from, j), end: j + 1 };
      if (c === LF || c === 0) unsupported(); // continued on the next line: js-yaml folds it
      if (c !== BACKSLASH) continue;
      value += s.slice(from, j);
      const e = s.charCodeAt(++j);
      const simple = ESCAPES[e];
      if (simple !== undefined) value += simple;
      else if (e === 0x78 || e === 0x75) {
        const digits = e === 0x78 ? 2 : 4;
        const hex = s.slice(j + 1, j + 1 + digits);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) unsupported();
        value += String.fromCharCode(parseInt(hex, 16));
        j += digits;
      } else unsupported(); // the rarer escapes are js-yaml's
      from = j + 1;
    }
  }

  private singleQuoted(i: number): { value: string; end: number } {
    const s = this.s;
    let value = '';
    let from = i + 1;
    for (let j = from; ; j++) {
      const c = this.at(j);
      if (c === LF || c === 0) unsupported();
      if (c !== SQUOTE) continue;
      value += s.slice(from, j);
      if (s.charCodeAt(j + 1) !== SQUOTE) return { value, end: j + 1 };
      value += "'";
      from = ++j + 1;
    }
  }

  /**
   * A literal (`|`) or folded (`>`) block scalar whose header is at i; nodeIndent is js-yaml's (the collection's
   * column + 1). A port of js-yaml's readBlockScalar, so that line folding, chomping and indentation detection
   * (leading blank lines included) give the same text. p goes to the start of the line after it.
   */
  private blockScalar(i: number, nodeIndent: number): string {
    const s = this.s;
    const folding = s.charCodeAt(i) === 0x3e;
    let chomping: 'clip' | 'keep' | 'strip' = 'clip';
    let detectedIndent = false;
    let textIndent = nodeIndent;
    let didReadContent = false;
    let emptyLines = 0;
    let atMoreIndented = false;
    let result = '';
    let pos = i;
    let ch: number;
    for (;;) {
      ch = this.at(++pos);
      if (ch === 0x2b || ch === DASH) {
        if (chomping !== 'clip') unsupported();
        chomping = ch === 0x2b ? 'keep' : 'strip';
      } else if (ch >= 0x31 && ch <= 0x39) {
        if (detectedIndent) unsupported();
        textIndent = nodeIndent + (ch - 0x30) - 1;
        detectedIndent = true;
      } else break;
    }
    if (ch === SPACE) {
      do ch = this.at(++pos);
      while (ch === SPACE);
      if (ch === HASH) {
        do ch = this.at(++pos);
        while (ch !== LF && ch !== 0);
      }
    }
    let lineIndent = 0;
    while (ch !== 0) {
      if (ch !== LF) unsupported(); // js-yaml: a line break is expected
      pos++;
      lineIndent = 0;
      ch = this.at(pos);
      while ((!detectedIndent || lineIndent < textIndent) && ch === SPACE) {
        lineIndent++;
        ch = this.at(++pos);
      }
      if (!detectedIndent && lineIndent > textIndent) textIndent = lineIndent;
      if (ch === LF) {
        emptyLines++;
        continue;
      }
      if (!detectedIndent && textIndent === 0) unsupported();
      if (lineIndent < textIndent) {
        if (chomping === 'keep') result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
        else if (chomping === 'clip' && didReadContent) result += '\n';
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
        } else result += '\n'.repeat(emptyLines);
      } else result += '\n'.repeat(didReadContent ? 1 + emptyLines : emptyLines);
      didReadContent = true;
      detectedIndent = true;
      emptyLines = 0;
      const start = pos;
      const e = this.lineEnd(pos);
      pos = e;
      ch = this.at(pos);
      result += s.slice(start, e);
    }
    // At the line that ended the scalar (its indentation read), or at the end.
    this.p = Math.min(pos - lineIndent, this.n);
    if (this.s.startsWith('---', this.p) || this.s.startsWith('...', this.p)) unsupported();
    return result;
  }
}
