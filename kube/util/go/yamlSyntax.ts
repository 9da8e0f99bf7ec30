// go-yaml v2's syntax errors, word for word and on the same line: a port of its reader (readerc.go: 512-byte
// chunks, control characters), scanner (scannerc.go) and parser (parserc.go) that builds no values, driven the
// way decode.go's yaml.Unmarshal drives it (events up to the end of the FIRST document; aliases checked against
// the anchors seen so far). It exists because the `yaml` package finds other errors, at other places, in other
// words; it runs only once a document is known to be broken, so valid files cost nothing.
//
// The code follows go-yaml's functions one for one (same names without the yaml_parser_ prefix, same order of
// buffer refills and token fetches), because which error comes first depends on that order.

import { isPrintable } from '../yamlGuards';

const enum T {
  StreamStart,
  StreamEnd,
  VersionDirective,
  TagDirective,
  DocumentStart,
  DocumentEnd,
  BlockSequenceStart,
  BlockMappingStart,
  BlockEnd,
  FlowSequenceStart,
  FlowSequenceEnd,
  FlowMappingStart,
  FlowMappingEnd,
  BlockEntry,
  FlowEntry,
  Key,
  Value,
  Alias,
  Anchor,
  Tag,
  Scalar,
}

const enum S {
  StreamStart,
  ImplicitDocumentStart,
  DocumentStart,
  DocumentContent,
  DocumentEnd,
  BlockNode,
  BlockNodeOrIndentlessSequence,
  FlowNode,
  BlockSequenceFirstEntry,
  BlockSequenceEntry,
  IndentlessSequenceEntry,
  BlockMappingFirstKey,
  BlockMappingKey,
  BlockMappingValue,
  FlowSequenceFirstEntry,
  FlowSequenceEntry,
  FlowSequenceEntryMappingKey,
  FlowSequenceEntryMappingValue,
  FlowSequenceEntryMappingEnd,
  FlowMappingFirstKey,
  FlowMappingKey,
  FlowMappingValue,
  FlowMappingEmptyValue,
  End,
}

/** What decode.go acts on: the kind of event and, for anchors and aliases, the name. */
const enum E {
  StreamStart,
  StreamEnd,
  DocumentStart,
  DocumentEnd,
  Alias,
  Scalar,
  SequenceStart,
  SequenceEnd,
  MappingStart,
  MappingEnd,
}

interface Mark {
  index: number;
  line: number;
  column: number;
}
interface Token {
  typ: T;
  start: Mark;
  end: Mark;
  value?: string;
  suffix?: string;
  prefix?: string;
  major?: number;
  minor?: number;
  plain?: boolean;
}
interface SimpleKey {
  possible: boolean;
  required: boolean;
  tokenNumber: number;
  mark: Mark;
}
interface Event {
  typ: E;
  anchor?: string;
}

const enum Err {
  None,
  Reader,
  Scanner,
  Parser,
}

/** Thrown to unwind once go-yaml has recorded an error (its functions return false all the way up). */
class Stop {}
const STOP = new Stop();

const RAW_BUFFER_SIZE = 512;
const MAX_FLOW_LEVEL = 10000;
const MAX_INDENTS = 10000;
const MAX_NUMBER_LENGTH = 2;

const isAlphaCp = (c: number) =>
  (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2d;
const isDigitCp = (c: number) => c >= 0x30 && c <= 0x39;
const isHexCp = (c: number) => isDigitCp(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);
const asHex = (c: number) => (c >= 0x61 ? c - 0x61 + 10 : c >= 0x41 ? c - 0x41 + 10 : c - 0x30);
const isBreakCp = (c: number) => c === 0x0d || c === 0x0a || c === 0x85 || c === 0x2028 || c === 0x2029;
const isBlankCp = (c: number) => c === 0x20 || c === 0x09;
const isBreakzCp = (c: number) => c === 0 || isBreakCp(c);
const isBlankzCp = (c: number) => isBlankCp(c) || isBreakzCp(c);
const utf8Width = (c: number) => (c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4);
/** width() of the first byte of a %-escaped URI octet. */
const octetWidth = (b: number) =>
  (b & 0x80) === 0 ? 1 : (b & 0xe0) === 0xc0 ? 2 : (b & 0xf0) === 0xe0 ? 3 : (b & 0xf8) === 0xf0 ? 4 : 0;
const C = (s: string) => s.charCodeAt(0);
const DASH = C('-'),
  DOT = C('.'),
  HASH = C('#'),
  PCT = C('%'),
  BANG = C('!'),
  SQ = C("'"),
  DQ = C('"'),
  BSL = C('\\'),
  COLON = C(':'),
  QMARK = C('?'),
  COMMA = C(','),
  LBRACK = C('['),
  RBRACK = C(']'),
  LBRACE = C('{'),
  RBRACE = C('}'),
  AMP = C('&'),
  STAR = C('*'),
  PIPE = C('|'),
  GT = C('>'),
  LT = C('<'),
  AT = C('@'),
  BTICK = C('`'),
  PLUS = C('+'),
  SPACE = 0x20,
  TAB = 0x09;
const URI_CHARS = new Set(Array.from(";/?:@&=+$,.!~*'()[]%", C));
/** Indicators that cannot start a plain scalar (some can, when followed by a non-blank). */
const NOT_PLAIN_START = new Set(Array.from('-?:,[]{}#&*!|>\'"%@`', C));

class GoYAMLParser {
  // Reader: code points of the input, how many are decoded into the buffer, the raw (UTF-8 byte) window.
  private readonly cps: number[];
  private readonly byteLen: number;
  private decoded = 0;
  private rawPos = 0;
  private rawEnd = 0;
  private eof = false;
  private encodingKnown = false;
  private unread = 0;
  private pos = 0;
  private mark: Mark = { index: 0, line: 0, column: 0 };

  // Scanner.
  private streamStartProduced = false;
  private streamEndProduced = false;
  private tokenAvailable = false;
  private tokens: Token[] = [];
  private tokensHead = 0;
  private tokensParsed = 0;
  private indent = 0;
  private indents: number[] = [];
  private simpleKeyAllowed = false;
  private simpleKeys: SimpleKey[] = [];
  private simpleKeysByTok = new Map<number, number>();
  private flowLevel = 0;

  // Parser.
  private state: S = S.StreamStart;
  private states: S[] = [];
  private marks: Mark[] = [];
  private tagDirectives: string[] = [];
  /** Where the first document's content ends (code points): the first token after its root node. */
  documentEnd?: number;

  // Error.
  error: Err = Err.None;
  problem = '';
  problemMark: Mark = { index: 0, line: 0, column: 0 };
  contextMark: Mark = { index: 0, line: 0, column: 0 };

  constructor(text: string) {
    this.cps = Array.from(text.length === 0 ? '\n' : text, (ch) => ch.codePointAt(0)!);
    let n = 0;
    for (const c of this.cps) n += utf8Width(c);
    this.byteLen = n;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Reader

  private readerError(problem: string): never {
    this.error = Err.Reader;
    this.problem = problem;
    throw STOP;
  }

  private updateRawBuffer(): void {
    if (this.rawPos === 0 && this.rawEnd === RAW_BUFFER_SIZE) return;
    if (this.eof) return;
    const leftover = this.rawEnd - this.rawPos;
    // Bytes already consumed are dropped; the window is refilled up to its capacity.
    const consumedBase = this.rawPos;
    if (this.rawEnd === this.byteLen) {
      this.eof = true;
      return;
    }
    const n = Math.min(RAW_BUFFER_SIZE - leftover, this.byteLen - this.rawEnd);
    void consumedBase;
    this.rawEnd += n;
  }

  private determineEncoding(): void {
    while (!this.eof && this.rawEnd - this.rawPos < 3) this.updateRawBuffer();
    if (this.cps[0] === 0xfeff) {
      // A UTF-8 byte order mark is dropped before decoding.
      this.rawPos = 3;
      this.decoded = 1;
    }
    this.encodingKnown = true;
  }

  private updateBuffer(length: number): void {
    if (this.unread >= length) return;
    if (!this.encodingKnown) this.determineEncoding();
    let first = true;
    while (this.unread < length) {
      if (!first || this.rawPos === this.rawEnd) this.updateRawBuffer();
      first = false;
      while (this.rawPos !== this.rawEnd) {
        const v = this.cps[this.decoded];
        const w = utf8Width(v);
        if (w > this.rawEnd - this.rawPos) break;
        if (!isPrintable(v)) this.readerError('control characters are not allowed');
        this.rawPos += w;
        this.decoded++;
        this.unread++;
      }
      if (this.eof) {
        this.unread++;
        break;
      }
    }
  }

  private cache(length: number): void {
    if (this.unread < length) this.updateBuffer(length);
  }

  /** The code point `k` places ahead (0 past the decoded input, as go-yaml's zero padding). */
  private at(k = 0): number {
    const i = this.pos + k;
    return i < this.decoded ? this.cps[i] : 0;
  }

  private skip(): void {
    this.mark.index++;
    this.mark.column++;
    this.unread--;
    this.pos++;
  }

  private isCRLF(): boolean {
    return this.at() === 0x0d && this.at(1) === 0x0a;
  }

  private skipLine(): void {
    if (this.isCRLF()) {
      this.mark.index += 2;
      this.mark.column = 0;
      this.mark.line++;
      this.unread -= 2;
      this.pos += 2;
    } else if (isBreakCp(this.at())) {
      this.mark.index++;
      this.mark.column = 0;
      this.mark.line++;
      this.unread--;
      this.pos++;
    }
  }

  // read() and read_line() advance exactly like skip()/skip_line(); the text itself is not needed.
  private read(): void {
    this.skip();
  }

  private readLine(): void {
    if (this.isCRLF()) {
      this.pos += 2;
      this.mark.index++;
      this.unread--;
    } else if (isBreakCp(this.at())) {
      this.pos++;
    } else return;
    this.mark.index++;
    this.mark.column = 0;
    this.mark.line++;
    this.unread--;
  }

  // -------------------------------------------------------------------------------------------------------------
  // Scanner

  private scannerError(contextMark: Mark, problem: string): never {
    this.error = Err.Scanner;
    this.contextMark = contextMark;
    this.problem = problem;
    this.problemMark = { ...this.mark };
    throw STOP;
  }

  private copyMark(): Mark {
    return { ...this.mark };
  }

  private insertToken(pos: number, token: Token): void {
    if (pos < 0) this.tokens.push(token);
    else this.tokens.splice(this.tokensHead + pos, 0, token);
  }

  private fetchMoreTokens(): void {
    for (;;) {
      if (this.tokensHead !== this.tokens.length) {
        const idx = this.simpleKeysByTok.get(this.tokensParsed);
        if (idx === undefined) break;
        if (!this.simpleKeyIsValid(this.simpleKeys[idx])) break;
      }
      this.fetchNextToken();
    }
    this.tokenAvailable = true;
  }

  private fetchNextToken(): void {
    this.cache(1);
    if (!this.streamStartProduced) return this.fetchStreamStart();
    this.scanToNextToken();
    this.unrollIndent(this.mark.column);
    this.cache(4);
    const c = this.at();
    if (c === 0) return this.fetchStreamEnd();
    if (this.mark.column === 0 && c === PCT) return this.fetchDirective();
    const c1 = this.at(1),
      c2 = this.at(2);
    if (this.mark.column === 0 && c === DASH && c1 === DASH && c2 === DASH && isBlankzCp(this.at(3)))
      return this.fetchDocumentIndicator(T.DocumentStart);
    if (this.mark.column === 0 && c === DOT && c1 === DOT && c2 === DOT && isBlankzCp(this.at(3)))
      return this.fetchDocumentIndicator(T.DocumentEnd);
    if (c === LBRACK) return this.fetchFlowCollectionStart(T.FlowSequenceStart);
    if (c === LBRACE) return this.fetchFlowCollectionStart(T.FlowMappingStart);
    if (c === RBRACK) return this.fetchFlowCollectionEnd(T.FlowSequenceEnd);
    if (c === RBRACE) return this.fetchFlowCollectionEnd(T.FlowMappingEnd);
    if (c === COMMA) return this.fetchFlowEntry();
    if (c === DASH && isBlankzCp(c1)) return this.fetchBlockEntry();
    if (c === QMARK && (this.flowLevel > 0 || isBlankzCp(c1))) return this.fetchKey();
    if (c === COLON && (this.flowLevel > 0 || isBlankzCp(c1))) return this.fetchValue();
    if (c === STAR) return this.fetchAnchor(T.Alias);
    if (c === AMP) return this.fetchAnchor(T.Anchor);
    if (c === BANG) return this.fetchTag();
    if (c === PIPE && this.flowLevel === 0) return this.fetchBlockScalar(true);
    if (c === GT && this.flowLevel === 0) return this.fetchBlockScalar(false);
    if (c === SQ) return this.fetchFlowScalar(true);
    if (c === DQ) return this.fetchFlowScalar(false);
    if (
      !(isBlankzCp(c) || NOT_PLAIN_START.has(c)) ||
      (c === DASH && !isBlankCp(c1)) ||
      (this.flowLevel === 0 && (c === QMARK || c === COLON) && !isBlankzCp(c1))
    )
      return this.fetchPlainScalar();
    this.scannerError(this.copyMark(), 'found character that cannot start any token');
  }

  private simpleKeyIsValid(key: SimpleKey): boolean {
    if (!key.possible) return false;
    if (key.mark.line < this.mark.line || key.mark.index + 1024 < this.mark.index) {
      if (key.required) this.scannerError(key.mark, "could not find expected ':'");
      key.possible = false;
      return false;
    }
    return true;
  }

  private saveSimpleKey(): void {
    const required = this.flowLevel === 0 && this.indent === this.mark.column;
    if (this.simpleKeyAllowed) {
      const key: SimpleKey = {
        possible: true,
        required,
        tokenNumber: this.tokensParsed + (this.tokens.length - this.tokensHead),
        mark: this.copyMark(),
      };
      this.removeSimpleKey();
      this.simpleKeys[this.simpleKeys.length - 1] = key;
      this.simpleKeysByTok.set(key.tokenNumber, this.simpleKeys.length - 1);
    }
  }

  private removeSimpleKey(): void {
    const i = this.simpleKeys.length - 1;
    const key = this.simpleKeys[i];
    if (key.possible) {
      if (key.required) this.scannerError(key.mark, "could not find expected ':'");
      key.possible = false;
      this.simpleKeysByTok.delete(key.tokenNumber);
    }
  }

  private increaseFlowLevel(): void {
    this.simpleKeys.push({
      possible: false,
      required: false,
      tokenNumber: this.tokensParsed + (this.tokens.length - this.tokensHead),
      mark: this.copyMark(),
    });
    this.flowLevel++;
    if (this.flowLevel > MAX_FLOW_LEVEL)
      this.scannerError(this.simpleKeys[this.simpleKeys.length - 1].mark, `exceeded max depth of ${MAX_FLOW_LEVEL}`);
  }

  private decreaseFlowLevel(): void {
    if (this.flowLevel > 0) {
      this.flowLevel--;
      const last = this.simpleKeys.pop()!;
      this.simpleKeysByTok.delete(last.tokenNumber);
    }
  }

  private rollIndent(column: number, number: number, typ: T, mark: Mark): void {
    if (this.flowLevel > 0) return;
    if (this.indent < column) {
      this.indents.push(this.indent);
      this.indent = column;
      if (this.indents.length > MAX_INDENTS)
        this.scannerError(this.simpleKeys[this.simpleKeys.length - 1].mark, `exceeded max depth of ${MAX_INDENTS}`);
      if (number > -1) number -= this.tokensParsed;
      this.insertToken(number, { typ, start: mark, end: mark });
    }
  }

  private unrollIndent(column: number): void {
    if (this.flowLevel > 0) return;
    while (this.indent > column) {
      this.insertToken(-1, { typ: T.BlockEnd, start: this.copyMark(), end: this.copyMark() });
      this.indent = this.indents.pop()!;
    }
  }

  private fetchStreamStart(): void {
    this.indent = -1;
    this.simpleKeys.push({ possible: false, required: false, tokenNumber: 0, mark: this.copyMark() });
    this.simpleKeyAllowed = true;
    this.streamStartProduced = true;
    this.insertToken(-1, { typ: T.StreamStart, start: this.copyMark(), end: this.copyMark() });
  }

  private fetchStreamEnd(): void {
    if (this.mark.column !== 0) {
      this.mark.column = 0;
      this.mark.line++;
    }
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, { typ: T.StreamEnd, start: this.copyMark(), end: this.copyMark() });
  }

  private fetchDirective(): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanDirective());
  }

  private fetchDocumentIndicator(typ: T): void {
    this.unrollIndent(-1);
    this.removeSimpleKey();
    this.simpleKeyAllowed = false;
    const start = this.copyMark();
    this.skip();
    this.skip();
    this.skip();
    this.insertToken(-1, { typ, start, end: this.copyMark() });
  }

  private fetchFlowCollectionStart(typ: T): void {
    this.saveSimpleKey();
    this.increaseFlowLevel();
    this.simpleKeyAllowed = true;
    const start = this.copyMark();
    this.skip();
    this.insertToken(-1, { typ, start, end: this.copyMark() });
  }

  private fetchFlowCollectionEnd(typ: T): void {
    this.removeSimpleKey();
    this.decreaseFlowLevel();
    this.simpleKeyAllowed = false;
    const start = this.copyMark();
    this.skip();
    this.insertToken(-1, { typ, start, end: this.copyMark() });
  }

  private fetchFlowEntry(): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.copyMark();
    this.skip();
    this.insertToken(-1, { typ: T.FlowEntry, start, end: this.copyMark() });
  }

  private fetchBlockEntry(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed)
        this.scannerError(this.copyMark(), 'block sequence entries are not allowed in this context');
      this.rollIndent(this.mark.column, -1, T.BlockSequenceStart, this.copyMark());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    const start = this.copyMark();
    this.skip();
    this.insertToken(-1, { typ: T.BlockEntry, start, end: this.copyMark() });
  }

  private fetchKey(): void {
    if (this.flowLevel === 0) {
      if (!this.simpleKeyAllowed) this.scannerError(this.copyMark(), 'mapping keys are not allowed in this context');
      this.rollIndent(this.mark.column, -1, T.BlockMappingStart, this.copyMark());
    }
    this.removeSimpleKey();
    this.simpleKeyAllowed = this.flowLevel === 0;
    const start = this.copyMark();
    this.skip();
    this.insertToken(-1, { typ: T.Key, start, end: this.copyMark() });
  }

  private fetchValue(): void {
    const key = this.simpleKeys[this.simpleKeys.length - 1];
    if (this.simpleKeyIsValid(key)) {
      this.insertToken(key.tokenNumber - this.tokensParsed, { typ: T.Key, start: key.mark, end: key.mark });
      this.rollIndent(key.mark.column, key.tokenNumber, T.BlockMappingStart, key.mark);
      key.possible = false;
      this.simpleKeysByTok.delete(key.tokenNumber);
      this.simpleKeyAllowed = false;
    } else {
      if (this.flowLevel === 0) {
        if (!this.simpleKeyAllowed)
          this.scannerError(this.copyMark(), 'mapping values are not allowed in this context');
        this.rollIndent(this.mark.column, -1, T.BlockMappingStart, this.copyMark());
      }
      this.simpleKeyAllowed = this.flowLevel === 0;
    }
    const start = this.copyMark();
    this.skip();
    this.insertToken(-1, { typ: T.Value, start, end: this.copyMark() });
  }

  private fetchAnchor(typ: T): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanAnchor(typ));
  }

  private fetchTag(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanTag());
  }

  private fetchBlockScalar(literal: boolean): void {
    this.removeSimpleKey();
    this.simpleKeyAllowed = true;
    this.insertToken(-1, this.scanBlockScalar(literal));
  }

  private fetchFlowScalar(single: boolean): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanFlowScalar(single));
  }

  private fetchPlainScalar(): void {
    this.saveSimpleKey();
    this.simpleKeyAllowed = false;
    this.insertToken(-1, this.scanPlainScalar());
  }

  private scanToNextToken(): void {
    for (;;) {
      this.cache(1);
      // go-yaml's reader drops a byte order mark at the start of the input before the scanner sees it (no column
      // counted); its scanner's own BOM check looks at its buffer's first bytes, not at the current character, so a
      // BOM later in the text is content (`\ufeffb: 1` on a later line is the key "\ufeffb").
      if (this.pos === 0 && this.at() === 0xfeff) this.pos++;
      this.cache(1);
      while (this.at() === SPACE || ((this.flowLevel > 0 || !this.simpleKeyAllowed) && this.at() === TAB)) {
        this.skip();
        this.cache(1);
      }
      if (this.at() === HASH) {
        while (!isBreakzCp(this.at())) {
          this.skip();
          this.cache(1);
        }
      }
      if (!isBreakCp(this.at())) break;
      this.cache(2);
      this.skipLine();
      if (this.flowLevel === 0) this.simpleKeyAllowed = true;
    }
  }

  /** Blanks, an optional comment, then a line break or the end (after directives and block scalar headers). */
  private scanLineEnd(context: string, start: Mark): void {
    this.cache(1);
    while (isBlankCp(this.at())) {
      this.skip();
      this.cache(1);
    }
    if (this.at() === HASH) {
      while (!isBreakzCp(this.at())) {
        this.skip();
        this.cache(1);
      }
    }
    if (!isBreakzCp(this.at())) this.scannerError(start, 'did not find expected comment or line break');
    void context;
    if (isBreakCp(this.at())) {
      this.cache(2);
      this.skipLine();
    }
  }

  private scanDirective(): Token {
    const start = this.copyMark();
    this.skip();
    const name = this.scanDirectiveName(start);
    let token: Token;
    if (name === 'YAML') {
      const [major, minor] = this.scanVersionDirectiveValue(start);
      token = { typ: T.VersionDirective, start, end: this.copyMark(), major, minor };
    } else if (name === 'TAG') {
      const [handle, prefix] = this.scanTagDirectiveValue(start);
      token = { typ: T.TagDirective, start, end: this.copyMark(), value: handle, prefix };
    } else {
      this.scannerError(start, 'found unknown directive name');
    }
    this.scanLineEnd('directive', start);
    return token;
  }

  private scanDirectiveName(start: Mark): string {
    this.cache(1);
    let s = '';
    while (isAlphaCp(this.at())) {
      s += String.fromCodePoint(this.at());
      this.read();
      this.cache(1);
    }
    if (s.length === 0) this.scannerError(start, 'could not find expected directive name');
    if (!isBlankzCp(this.at())) this.scannerError(start, 'found unexpected non-alphabetical character');
    return s;
  }

  private skipBlanks(): void {
    this.cache(1);
    while (isBlankCp(this.at())) {
      this.skip();
      this.cache(1);
    }
  }

  private scanVersionDirectiveValue(start: Mark): [number, number] {
    this.skipBlanks();
    const major = this.scanVersionDirectiveNumber(start);
    if (this.at() !== DOT) this.scannerError(start, "did not find expected digit or '.' character");
    this.skip();
    const minor = this.scanVersionDirectiveNumber(start);
    return [major, minor];
  }

  private scanVersionDirectiveNumber(start: Mark): number {
    this.cache(1);
    let value = 0,
      length = 0;
    while (isDigitCp(this.at())) {
      length++;
      if (length > MAX_NUMBER_LENGTH) this.scannerError(start, 'found extremely long version number');
      value = value * 10 + (this.at() - 0x30);
      this.skip();
      this.cache(1);
    }
    if (length === 0) this.scannerError(start, 'did not find expected version number');
    return value;
  }

  private scanTagDirectiveValue(start: Mark): [string, string] {
    this.skipBlanks();
    const handle = this.scanTagHandle(true, start);
    this.cache(1);
    if (!isBlankCp(this.at())) this.scannerError(start, 'did not find expected whitespace');
    while (isBlankCp(this.at())) {
      this.skip();
      this.cache(1);
    }
    const prefix = this.scanTagURI(true, '', start);
    this.cache(1);
    if (!isBlankzCp(this.at())) this.scannerError(start, 'did not find expected whitespace or line break');
    return [handle, prefix];
  }

  private scanAnchor(typ: T): Token {
    const start = this.copyMark();
    this.skip();
    this.cache(1);
    let s = '';
    while (isAlphaCp(this.at())) {
      s += String.fromCodePoint(this.at());
      this.read();
      this.cache(1);
    }
    const end = this.copyMark();
    const c = this.at();
    if (
      s.length === 0 ||
      !(
        isBlankzCp(c) ||
        c === QMARK ||
        c === COLON ||
        c === COMMA ||
        c === RBRACK ||
        c === RBRACE ||
        c === PCT ||
        c === AT ||
        c === BTICK
      )
    )
      this.scannerError(start, 'did not find expected alphabetic or numeric character');
    return { typ, start, end, value: s };
  }

  private scanTag(): Token {
    const start = this.copyMark();
    let handle = '',
      suffix = '';
    this.cache(2);
    if (this.at(1) === LT) {
      this.skip();
      this.skip();
      suffix = this.scanTagURI(false, '', start);
      if (this.at() !== GT) this.scannerError(start, "did not find the expected '>'");
      this.skip();
    } else {
      handle = this.scanTagHandle(false, start);
      if (handle.length > 1 && handle.endsWith('!')) {
        suffix = this.scanTagURI(false, '', start);
      } else {
        suffix = this.scanTagURI(false, handle, start);
        handle = '!';
        if (suffix.length === 0) [handle, suffix] = [suffix, handle];
      }
    }
    this.cache(1);
    if (!isBlankzCp(this.at())) this.scannerError(start, 'did not find expected whitespace or line break');
    return { typ: T.Tag, start, end: this.copyMark(), value: handle, suffix };
  }

  private scanTagHandle(directive: boolean, start: Mark): string {
    this.cache(1);
    if (this.at() !== BANG) this.scannerError(start, "did not find expected '!'");
    let s = '!';
    this.read();
    this.cache(1);
    while (isAlphaCp(this.at())) {
      s += String.fromCodePoint(this.at());
      this.read();
      this.cache(1);
    }
    if (this.at() === BANG) {
      s += '!';
      this.read();
    } else if (directive && s !== '!') {
      this.scannerError(start, "did not find expected '!'");
    }
    return s;
  }

  /** The tag URI; only its length matters to the parser, so %-escapes count as one character each. */
  private scanTagURI(directive: boolean, head: string, start: Mark): string {
    let s = head.length > 1 ? head.slice(1) : '';
    let hasTag = head.length > 0;
    this.cache(1);
    while (isAlphaCp(this.at()) || URI_CHARS.has(this.at())) {
      if (this.at() === PCT) {
        s += this.scanURIEscapes(directive, start);
      } else {
        s += String.fromCodePoint(this.at());
        this.read();
      }
      this.cache(1);
      hasTag = true;
    }
    if (!hasTag) this.scannerError(start, 'did not find expected tag URI');
    return s;
  }

  private scanURIEscapes(directive: boolean, start: Mark): string {
    void directive;
    let w = 1024;
    let s = '';
    while (w > 0) {
      this.cache(3);
      if (!(this.at() === PCT && isHexCp(this.at(1)) && isHexCp(this.at(2))))
        this.scannerError(start, 'did not find URI escaped octet');
      const octet = (asHex(this.at(1)) << 4) + asHex(this.at(2));
      if (w === 1024) {
        w = octetWidth(octet);
        if (w === 0) this.scannerError(start, 'found an incorrect leading UTF-8 octet');
      } else if ((octet & 0xc0) !== 0x80) {
        this.scannerError(start, 'found an incorrect trailing UTF-8 octet');
      }
      s += '%';
      this.skip();
      this.skip();
      this.skip();
      w--;
    }
    return s;
  }

  private scanBlockScalar(literal: boolean): Token {
    void literal;
    const start = this.copyMark();
    this.skip();
    this.cache(1);
    let increment = 0;
    if (this.at() === PLUS || this.at() === DASH) {
      this.skip();
      this.cache(1);
      if (isDigitCp(this.at())) {
        if (this.at() === 0x30) this.scannerError(start, 'found an indentation indicator equal to 0');
        increment = this.at() - 0x30;
        this.skip();
      }
    } else if (isDigitCp(this.at())) {
      if (this.at() === 0x30) this.scannerError(start, 'found an indentation indicator equal to 0');
      increment = this.at() - 0x30;
      this.skip();
      this.cache(1);
      if (this.at() === PLUS || this.at() === DASH) this.skip();
    }
    this.scanLineEnd('block scalar', start);
    const end = { mark: this.copyMark() };
    let indent = 0;
    if (increment > 0) indent = this.indent >= 0 ? this.indent + increment : increment;
    indent = this.scanBlockScalarBreaks(indent, start, end);
    this.cache(1);
    while (this.mark.column === indent && this.at() !== 0) {
      while (!isBreakzCp(this.at())) {
        this.read();
        this.cache(1);
      }
      this.cache(2);
      this.readLine();
      indent = this.scanBlockScalarBreaks(indent, start, end);
    }
    return { typ: T.Scalar, start, end: end.mark };
  }

  private scanBlockScalarBreaks(indent: number, start: Mark, end: { mark: Mark }): number {
    end.mark = this.copyMark();
    let maxIndent = 0;
    for (;;) {
      this.cache(1);
      while ((indent === 0 || this.mark.column < indent) && this.at() === SPACE) {
        this.skip();
        this.cache(1);
      }
      if (this.mark.column > maxIndent) maxIndent = this.mark.column;
      if ((indent === 0 || this.mark.column < indent) && this.at() === TAB)
        this.scannerError(start, 'found a tab character where an indentation space is expected');
      if (!isBreakCp(this.at())) break;
      this.cache(2);
      this.readLine();
      end.mark = this.copyMark();
    }
    if (indent === 0) {
      indent = maxIndent;
      if (indent < this.indent + 1) indent = this.indent + 1;
      if (indent < 1) indent = 1;
    }
    return indent;
  }

  private atDocumentIndicator(): boolean {
    const c = this.at();
    return (
      this.mark.column === 0 &&
      ((c === DASH && this.at(1) === DASH && this.at(2) === DASH) ||
        (c === DOT && this.at(1) === DOT && this.at(2) === DOT)) &&
      isBlankzCp(this.at(3))
    );
  }

  private scanFlowScalar(single: boolean): Token {
    const start = this.copyMark();
    this.skip();
    for (;;) {
      this.cache(4);
      if (this.atDocumentIndicator()) this.scannerError(start, 'found unexpected document indicator');
      if (this.at() === 0) this.scannerError(start, 'found unexpected end of stream');
      let leadingBlanks = false;
      while (!isBlankzCp(this.at())) {
        const c = this.at();
        if (single && c === SQ && this.at(1) === SQ) {
          this.skip();
          this.skip();
        } else if (single && c === SQ) {
          break;
        } else if (!single && c === DQ) {
          break;
        } else if (!single && c === BSL && isBreakCp(this.at(1))) {
          this.cache(3);
          this.skip();
          this.skipLine();
          leadingBlanks = true;
          break;
        } else if (!single && c === BSL) {
          let codeLength = 0;
          switch (String.fromCodePoint(this.at(1))) {
            case '0':
            case 'a':
            case 'b':
            case 't':
            case '\t':
            case 'n':
            case 'v':
            case 'f':
            case 'r':
            case 'e':
            case ' ':
            case '"':
            case "'":
            case '\\':
            case 'N':
            case '_':
            case 'L':
            case 'P':
              break;
            case 'x':
              codeLength = 2;
              break;
            case 'u':
              codeLength = 4;
              break;
            case 'U':
              codeLength = 8;
              break;
            default:
              this.scannerError(start, 'found unknown escape character');
          }
          this.skip();
          this.skip();
          if (codeLength > 0) {
            let value = 0;
            this.cache(codeLength);
            for (let k = 0; k < codeLength; k++) {
              if (!isHexCp(this.at(k))) this.scannerError(start, 'did not find expected hexdecimal number');
              value = value * 16 + asHex(this.at(k));
            }
            if ((value >= 0xd800 && value <= 0xdfff) || value > 0x10ffff)
              this.scannerError(start, 'found invalid Unicode character escape code');
            for (let k = 0; k < codeLength; k++) this.skip();
          }
        } else {
          this.read();
        }
        this.cache(2);
      }
      this.cache(1);
      if (this.at() === (single ? SQ : DQ)) break;
      while (isBlankCp(this.at()) || isBreakCp(this.at())) {
        if (isBlankCp(this.at())) {
          this.skip();
        } else {
          this.cache(2);
          if (!leadingBlanks) {
            this.readLine();
            leadingBlanks = true;
          } else {
            this.readLine();
          }
        }
        this.cache(1);
      }
    }
    this.skip();
    return { typ: T.Scalar, start, end: this.copyMark() };
  }

  private scanPlainScalar(): Token {
    let leadingBlanks = false;
    let hasWhitespace = false;
    const indent = this.indent + 1;
    const start = this.copyMark();
    let end = this.copyMark();
    for (;;) {
      this.cache(4);
      if (this.atDocumentIndicator()) break;
      if (this.at() === HASH) break;
      while (!isBlankzCp(this.at())) {
        const c = this.at();
        if (
          (c === COLON && isBlankzCp(this.at(1))) ||
          (this.flowLevel > 0 &&
            (c === COMMA || c === QMARK || c === LBRACK || c === RBRACK || c === LBRACE || c === RBRACE))
        )
          break;
        if (leadingBlanks || hasWhitespace) {
          leadingBlanks = false;
          hasWhitespace = false;
        }
        this.read();
        end = this.copyMark();
        this.cache(2);
      }
      if (!(isBlankCp(this.at()) || isBreakCp(this.at()))) break;
      this.cache(1);
      while (isBlankCp(this.at()) || isBreakCp(this.at())) {
        if (isBlankCp(this.at())) {
          if (leadingBlanks && this.mark.column < indent && this.at() === TAB)
            this.scannerError(start, 'found a tab character that violates indentation');
          if (!leadingBlanks) hasWhitespace = true;
          this.skip();
        } else {
          this.cache(2);
          if (!leadingBlanks) {
            hasWhitespace = false;
            leadingBlanks = true;
          }
          this.readLine();
        }
        this.cache(1);
      }
      if (this.flowLevel === 0 && this.mark.column < indent) break;
    }
    if (leadingBlanks) this.simpleKeyAllowed = true;
    return { typ: T.Scalar, start, end, plain: true };
  }

  // -------------------------------------------------------------------------------------------------------------
  // Parser

  private peekToken(): Token {
    if (!this.tokenAvailable) this.fetchMoreTokens();
    return this.tokens[this.tokensHead];
  }

  private skipToken(): void {
    this.tokenAvailable = false;
    this.tokensParsed++;
    this.streamEndProduced = this.tokens[this.tokensHead].typ === T.StreamEnd;
    this.tokensHead++;
    // Keep the queue short: consumed tokens are never looked at again.
    if (this.tokensHead > 1024 && this.tokensHead * 2 > this.tokens.length) {
      this.tokens = this.tokens.slice(this.tokensHead);
      this.tokensHead = 0;
    }
  }

  private parserError(problem: string, problemMark: Mark, contextMark?: Mark): never {
    this.error = Err.Parser;
    this.problem = problem;
    this.problemMark = problemMark;
    if (contextMark) this.contextMark = contextMark;
    throw STOP;
  }

  private popState(): void {
    this.state = this.states.pop()!;
  }

  /** yaml_parser_parse: the next event. */
  parse(): Event | undefined {
    if (this.streamEndProduced || this.error !== Err.None || this.state === S.End) return undefined;
    switch (this.state) {
      case S.StreamStart:
        return this.parseStreamStart();
      case S.ImplicitDocumentStart:
        return this.parseDocumentStart(true);
      case S.DocumentStart:
        return this.parseDocumentStart(false);
      case S.DocumentContent:
        return this.parseDocumentContent();
      case S.DocumentEnd:
        return this.parseDocumentEnd();
      case S.BlockNode:
        return this.parseNode(true, false);
      case S.BlockNodeOrIndentlessSequence:
        return this.parseNode(true, true);
      case S.FlowNode:
        return this.parseNode(false, false);
      case S.BlockSequenceFirstEntry:
        return this.parseBlockSequenceEntry(true);
      case S.BlockSequenceEntry:
        return this.parseBlockSequenceEntry(false);
      case S.IndentlessSequenceEntry:
        return this.parseIndentlessSequenceEntry();
      case S.BlockMappingFirstKey:
        return this.parseBlockMappingKey(true);
      case S.BlockMappingKey:
        return this.parseBlockMappingKey(false);
      case S.BlockMappingValue:
        return this.parseBlockMappingValue();
      case S.FlowSequenceFirstEntry:
        return this.parseFlowSequenceEntry(true);
      case S.FlowSequenceEntry:
        return this.parseFlowSequenceEntry(false);
      case S.FlowSequenceEntryMappingKey:
        return this.parseFlowSequenceEntryMappingKey();
      case S.FlowSequenceEntryMappingValue:
        return this.parseFlowSequenceEntryMappingValue();
      case S.FlowSequenceEntryMappingEnd:
        this.peekToken();
        this.state = S.FlowSequenceEntry;
        return { typ: E.MappingEnd };
      case S.FlowMappingFirstKey:
        return this.parseFlowMappingKey(true);
      case S.FlowMappingKey:
        return this.parseFlowMappingKey(false);
      case S.FlowMappingValue:
        return this.parseFlowMappingValue(false);
      case S.FlowMappingEmptyValue:
        return this.parseFlowMappingValue(true);
    }
    return undefined;
  }

  private parseStreamStart(): Event {
    const token = this.peekToken();
    if (token.typ !== T.StreamStart) this.parserError('did not find expected <stream-start>', token.start);
    this.state = S.ImplicitDocumentStart;
    this.skipToken();
    return { typ: E.StreamStart };
  }

  private parseDocumentStart(implicit: boolean): Event {
    let token = this.peekToken();
    if (!implicit) {
      while (token.typ === T.DocumentEnd) {
        this.skipToken();
        token = this.peekToken();
      }
    }
    if (
      implicit &&
      token.typ !== T.VersionDirective &&
      token.typ !== T.TagDirective &&
      token.typ !== T.DocumentStart &&
      token.typ !== T.StreamEnd
    ) {
      this.processDirectives();
      this.states.push(S.DocumentEnd);
      this.state = S.BlockNode;
      return { typ: E.DocumentStart };
    }
    if (token.typ !== T.StreamEnd) {
      this.processDirectives();
      token = this.peekToken();
      if (token.typ !== T.DocumentStart) this.parserError('did not find expected <document start>', token.start);
      this.states.push(S.DocumentEnd);
      this.state = S.DocumentContent;
      this.skipToken();
      return { typ: E.DocumentStart };
    }
    this.state = S.End;
    this.skipToken();
    return { typ: E.StreamEnd };
  }

  private parseDocumentContent(): Event {
    const token = this.peekToken();
    if (
      token.typ === T.VersionDirective ||
      token.typ === T.TagDirective ||
      token.typ === T.DocumentStart ||
      token.typ === T.DocumentEnd ||
      token.typ === T.StreamEnd
    ) {
      this.popState();
      return { typ: E.Scalar };
    }
    return this.parseNode(true, false);
  }

  private parseDocumentEnd(): Event {
    const token = this.peekToken();
    this.documentEnd ??= token.start.index;
    if (token.typ === T.DocumentEnd) this.skipToken();
    this.tagDirectives = [];
    this.state = S.DocumentStart;
    return { typ: E.DocumentEnd };
  }

  private parseNode(block: boolean, indentlessSequence: boolean): Event {
    let token = this.peekToken();
    if (token.typ === T.Alias) {
      this.popState();
      this.skipToken();
      return { typ: E.Alias, anchor: token.value };
    }
    let startMark = token.start;
    let anchor: string | undefined;
    let tagToken = false;
    let tagHandle = '',
      tagSuffix = '';
    let tagMark = token.start;
    if (token.typ === T.Anchor) {
      anchor = token.value;
      startMark = token.start;
      this.skipToken();
      token = this.peekToken();
      if (token.typ === T.Tag) {
        tagToken = true;
        tagHandle = token.value!;
        tagSuffix = token.suffix!;
        tagMark = token.start;
        this.skipToken();
        token = this.peekToken();
      }
    } else if (token.typ === T.Tag) {
      tagToken = true;
      tagHandle = token.value!;
      tagSuffix = token.suffix!;
      startMark = token.start;
      tagMark = token.start;
      this.skipToken();
      token = this.peekToken();
      if (token.typ === T.Anchor) {
        anchor = token.value;
        this.skipToken();
        token = this.peekToken();
      }
    }
    let tagLength = 0;
    if (tagToken) {
      if (tagHandle.length === 0) {
        tagLength = tagSuffix.length;
      } else {
        const prefix = this.tagDirectives.find((d) => d.split('\0')[0] === tagHandle)?.split('\0')[1];
        tagLength = prefix === undefined ? 0 : prefix.length + tagSuffix.length;
        if (tagLength === 0) this.parserError('found undefined tag handle', tagMark, startMark);
      }
    }
    const withProps = (typ: E): Event => ({ typ, anchor: anchor && anchor.length > 0 ? anchor : undefined });
    if (indentlessSequence && token.typ === T.BlockEntry) {
      this.state = S.IndentlessSequenceEntry;
      return withProps(E.SequenceStart);
    }
    if (token.typ === T.Scalar) {
      this.popState();
      this.skipToken();
      return withProps(E.Scalar);
    }
    if (token.typ === T.FlowSequenceStart) {
      this.state = S.FlowSequenceFirstEntry;
      return withProps(E.SequenceStart);
    }
    if (token.typ === T.FlowMappingStart) {
      this.state = S.FlowMappingFirstKey;
      return withProps(E.MappingStart);
    }
    if (block && token.typ === T.BlockSequenceStart) {
      this.state = S.BlockSequenceFirstEntry;
      return withProps(E.SequenceStart);
    }
    if (block && token.typ === T.BlockMappingStart) {
      this.state = S.BlockMappingFirstKey;
      return withProps(E.MappingStart);
    }
    if ((anchor !== undefined && anchor.length > 0) || tagLength > 0) {
      this.popState();
      return withProps(E.Scalar);
    }
    this.parserError('did not find expected node content', token.start, startMark);
  }

  private parseBlockSequenceEntry(first: boolean): Event {
    if (first) {
      this.marks.push(this.peekToken().start);
      this.skipToken();
    }
    let token = this.peekToken();
    if (token.typ === T.BlockEntry) {
      this.skipToken();
      token = this.peekToken();
      if (token.typ !== T.BlockEntry && token.typ !== T.BlockEnd) {
        this.states.push(S.BlockSequenceEntry);
        return this.parseNode(true, false);
      }
      this.state = S.BlockSequenceEntry;
      return { typ: E.Scalar };
    }
    if (token.typ === T.BlockEnd) {
      this.popState();
      this.marks.pop();
      this.skipToken();
      return { typ: E.SequenceEnd };
    }
    const contextMark = this.marks.pop()!;
    this.parserError("did not find expected '-' indicator", token.start, contextMark);
  }

  private parseIndentlessSequenceEntry(): Event {
    let token = this.peekToken();
    if (token.typ === T.BlockEntry) {
      this.skipToken();
      token = this.peekToken();
      if (token.typ !== T.BlockEntry && token.typ !== T.Key && token.typ !== T.Value && token.typ !== T.BlockEnd) {
        this.states.push(S.IndentlessSequenceEntry);
        return this.parseNode(true, false);
      }
      this.state = S.IndentlessSequenceEntry;
      return { typ: E.Scalar };
    }
    this.popState();
    return { typ: E.SequenceEnd };
  }

  private parseBlockMappingKey(first: boolean): Event {
    if (first) {
      this.marks.push(this.peekToken().start);
      this.skipToken();
    }
    let token = this.peekToken();
    if (token.typ === T.Key) {
      this.skipToken();
      token = this.peekToken();
      if (token.typ !== T.Key && token.typ !== T.Value && token.typ !== T.BlockEnd) {
        this.states.push(S.BlockMappingValue);
        return this.parseNode(true, true);
      }
      this.state = S.BlockMappingValue;
      return { typ: E.Scalar };
    }
    if (token.typ === T.BlockEnd) {
      this.popState();
      this.marks.pop();
      this.skipToken();
      return { typ: E.MappingEnd };
    }
    const contextMark = this.marks.pop()!;
    this.parserError('did not find expected key', token.start, contextMark);
  }

  private parseBlockMappingValue(): Event {
    let token = this.peekToken();
    if (token.typ === T.Value) {
      this.skipToken();
      token = this.peekToken();
      if (token.typ !== T.Key && token.typ !== T.Value && token.typ !== T.BlockEnd) {
        this.states.push(S.BlockMappingKey);
        return this.parseNode(true, true);
      }
    }
    this.state = S.BlockMappingKey;
    return { typ: E.Scalar };
  }

  private parseFlowSequenceEntry(first: boolean): Event {
    if (first) {
      this.marks.push(this.peekToken().start);
      this.skipToken();
    }
    let token = this.peekToken();
    if (token.typ !== T.FlowSequenceEnd) {
      if (!first) {
        if (token.typ === T.FlowEntry) {
          this.skipToken();
          token = this.peekToken();
        } else {
          const contextMark = this.marks.pop()!;
          this.parserError("did not find expected ',' or ']'", token.start, contextMark);
        }
      }
      if (token.typ === T.Key) {
        this.state = S.FlowSequenceEntryMappingKey;
        this.skipToken();
        return { typ: E.MappingStart };
      }
      if (token.typ !== T.FlowSequenceEnd) {
        this.states.push(S.FlowSequenceEntry);
        return this.parseNode(false, false);
      }
    }
    this.popState();
    this.marks.pop();
    this.skipToken();
    return { typ: E.SequenceEnd };
  }

  private parseFlowSequenceEntryMappingKey(): Event {
    const token = this.peekToken();
    if (token.typ !== T.Value && token.typ !== T.FlowEntry && token.typ !== T.FlowSequenceEnd) {
      this.states.push(S.FlowSequenceEntryMappingValue);
      return this.parseNode(false, false);
    }
    this.skipToken();
    this.state = S.FlowSequenceEntryMappingValue;
    return { typ: E.Scalar };
  }

  private parseFlowSequenceEntryMappingValue(): Event {
    const token = this.peekToken();
    if (token.typ === T.Value) {
      this.skipToken();
      const next = this.peekToken();
      if (next.typ !== T.FlowEntry && next.typ !== T.FlowSequenceEnd) {
        this.states.push(S.FlowSequenceEntryMappingEnd);
        return this.parseNode(false, false);
      }
    }
    this.state = S.FlowSequenceEntryMappingEnd;
    return { typ: E.Scalar };
  }

  private parseFlowMappingKey(first: boolean): Event {
    if (first) {
      this.marks.push(this.peekToken().start);
      this.skipToken();
    }
    let token = this.peekToken();
    if (token.typ !== T.FlowMappingEnd) {
      if (!first) {
        if (token.typ === T.FlowEntry) {
          this.skipToken();
          token = this.peekToken();
        } else {
          const contextMark = this.marks.pop()!;
          this.parserError("did not find expected ',' or '}'", token.start, contextMark);
        }
      }
      if (token.typ === T.Key) {
        this.skipToken();
        token = this.peekToken();
        if (token.typ !== T.Value && token.typ !== T.FlowEntry && token.typ !== T.FlowMappingEnd) {
          this.states.push(S.FlowMappingValue);
          return this.parseNode(false, false);
        }
        this.state = S.FlowMappingValue;
        return { typ: E.Scalar };
      }
      if (token.typ !== T.FlowMappingEnd) {
        this.states.push(S.FlowMappingEmptyValue);
        return this.parseNode(false, false);
      }
    }
    this.popState();
    this.marks.pop();
    this.skipToken();
    return { typ: E.MappingEnd };
  }

  private parseFlowMappingValue(empty: boolean): Event {
    let token = this.peekToken();
    if (empty) {
      this.state = S.FlowMappingKey;
      return { typ: E.Scalar };
    }
    if (token.typ === T.Value) {
      this.skipToken();
      token = this.peekToken();
      if (token.typ !== T.FlowEntry && token.typ !== T.FlowMappingEnd) {
        this.states.push(S.FlowMappingKey);
        return this.parseNode(false, false);
      }
    }
    this.state = S.FlowMappingKey;
    return { typ: E.Scalar };
  }

  private processDirectives(): void {
    let version = false;
    let token = this.peekToken();
    while (token.typ === T.VersionDirective || token.typ === T.TagDirective) {
      if (token.typ === T.VersionDirective) {
        if (version) this.parserError('found duplicate %YAML directive', token.start);
        if (token.major !== 1 || token.minor !== 1) this.parserError('found incompatible YAML document', token.start);
        version = true;
      } else {
        this.appendTagDirective(token.value!, token.prefix!, false, token.start);
      }
      this.skipToken();
      token = this.peekToken();
    }
    this.appendTagDirective('!', '!', true, token.start);
    this.appendTagDirective('!!', 'tag:yaml.org,2002:', true, token.start);
  }

  private appendTagDirective(handle: string, prefix: string, allowDuplicates: boolean, mark: Mark): void {
    if (this.tagDirectives.some((d) => d.split('\0')[0] === handle)) {
      if (allowDuplicates) return;
      this.parserError('found duplicate %TAG directive', mark);
    }
    this.tagDirectives.push(handle + '\0' + prefix);
  }
}

/** decode.go's fail(): the 0-based problem line (+1 for scanner errors), else the context line, 0 shows none. */
function failMessage(p: GoYAMLParser): string {
  let line = 0;
  if (p.problemMark.line !== 0) {
    line = p.problemMark.line;
    if (p.error === Err.Scanner) line++;
  } else if (p.contextMark.line !== 0) {
    line = p.contextMark.line;
  }
  const where = line !== 0 ? `line ${line}: ` : '';
  return `yaml: ${where}${p.problem.length > 0 ? p.problem : 'unknown problem parsing YAML content'}`;
}

/**
 * The error go-yaml v2's yaml.Unmarshal returns for `text` before decoding values (syntax errors, and aliases to
 * anchors not defined before them), e.g. `yaml: line 3: mapping values are not allowed in this context`;
 * undefined when it would read the first document without such an error. Later documents are not looked at
 * beyond the first token after the first document, as in go-yaml.
 */
export function goYAMLSyntaxError(text: string): string | undefined {
  const r = goYAMLFirstDocument(text);
  return 'error' in r ? r.error : undefined;
}

/**
 * What yaml.Unmarshal makes of `text` before decoding values: its syntax error, or how much of the text its first
 * document spans (`end`, a string offset: where the first token after the document's root node starts, or the
 * text's length). go-yaml reads that document only, so anything after `end` is never parsed: `- a\nb: 1` is the
 * list `[a]` to it, and `  a: 1\nb: 2` the mapping `{a: 1}`.
 */
export function goYAMLFirstDocument(text: string): { error: string } | { end: number } {
  const p = new GoYAMLParser(text);
  const anchors = new Set<string>();
  // Marks count code points after a leading byte order mark (dropped by go-yaml's reader).
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const read = () => ({
    end: p.documentEnd === undefined ? text.length : stringOffset(text, p.documentEnd + bom),
  });
  try {
    // decode.go: STREAM-START, then either STREAM-END or one document's events up to its DOCUMENT-END.
    p.parse();
    for (;;) {
      const ev = p.parse();
      if (!ev) return read();
      switch (ev.typ) {
        case E.StreamEnd:
          return read();
        case E.Alias:
          if (!anchors.has(ev.anchor!)) return { error: `yaml: unknown anchor '${ev.anchor}' referenced` };
          break;
        case E.Scalar:
        case E.SequenceStart:
        case E.MappingStart:
          if (ev.anchor !== undefined) anchors.add(ev.anchor);
          break;
        case E.DocumentEnd:
          return read();
      }
    }
  } catch (e) {
    if (e === STOP) return { error: failMessage(p) };
    throw e;
  }
}

/** The string offset of code point `index` of text (go-yaml counts code points). */
function stringOffset(text: string, index: number): number {
  let offset = 0;
  for (let i = 0; i < index && offset < text.length; i++) offset += text.codePointAt(offset)! > 0xffff ? 2 : 1;
  return Math.min(offset, text.length);
}
