// encoding/json as kubectl reads a manifest stream with it: json.Decoder's readValue (one value after another, the
// scanner's syntax errors in Go's words, "unexpected EOF" for a value cut short) and the value as
// sigs.k8s.io/json's UnmarshalCaseSensitivePreserveInts makes it (the last of duplicate keys wins, invalid surrogate
// escapes become U+FFFD, a number that does not fit a float64 fails). Offsets are indexes into the JavaScript string;
// Go counts bytes, which only the printed "offset N" needs (jsonByteOffset).
import { BigIntLiteral } from './json';
import { quote } from './strconv';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

export interface JSONDecodeOptions {
  /** Collections nested deeper are read as null (and noted). */
  maxDepth: number;
  /** Integers beyond 2^53 that Go keeps as int64 become BigIntLiterals (digit for digit), not rounded numbers. */
  bigInts?: boolean;
}

/** encoding/json's maxNestingDepth. */
const GO_MAX_NESTING = 10_000;

/** A value read by readJSONValue: text[start, end) holds it, after any leading whitespace. */
export interface JSONValueSpan {
  kind: 'value';
  start: number;
  end: number;
}

/** The scanner's SyntaxError (offset: the character it stopped at), or io.ErrUnexpectedEOF (offset: the end). */
export interface JSONReadError {
  kind: 'error';
  offset: number;
  /** Go's error text: "invalid character 'x' looking for beginning of value", "unexpected EOF". */
  message: string;
  syntax: boolean;
}

/** Only JSON whitespace is left: json.Decoder's io.EOF. */
export interface JSONEnd {
  kind: 'end';
}

// Scanner states (encoding/json/scanner.go's step functions) and parse stack entries.
const enum S {
  BeginValue,
  BeginValueOrEmpty,
  BeginStringOrEmpty,
  BeginString,
  EndValue,
  InString,
  InStringEsc,
  EscU,
  EscU1,
  EscU12,
  EscU123,
  Neg,
  One,
  Zero,
  Dot,
  Dot0,
  E,
  ESign,
  E0,
  Literal, // true/false/null: the rest of the word is checked against LITERAL_TEXT
}
const enum P {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}
const enum R {
  Continue,
  End, // the value ended before this character
  EndComposite, // this `}` or `]` ended the top-level value
  Error,
}

const LITERALS: Record<string, string> = { t: 'true', f: 'false', n: 'null' };

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a;
}

/** quoteChar: Go quotes the offending byte; a character beyond ASCII is its first UTF-8 byte, read as Latin-1. */
function quoteChar(text: string, i: number): string {
  const c = text.charCodeAt(i);
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const byte = c < 0x80 ? c : Buffer.from(String.fromCodePoint(text.codePointAt(i)!))[0];
  return `'${quote(String.fromCharCode(byte)).slice(1, -1)}'`;
}

/**
 * json.Decoder.readValue from `from`: the next value's span, the error that stops it, or the end of the input. Like
 * Go, a top-level number ends at the first character that cannot continue it (the next Decode judges that one).
 */
export function readJSONValue(text: string, from: number): JSONValueSpan | JSONReadError | JSONEnd {
  let state = S.BeginValue;
  const stack: P[] = [];
  let literal = '';
  let literalAt = 0;
  let start = -1;
  const fail = (i: number, context: string): JSONReadError => ({
    kind: 'error',
    offset: i,
    message: `invalid character ${quoteChar(text, i)} ${context}`,
    syntax: true,
  });
  // stateEndValue with the parse stack: what `c` does after a complete value.
  const endValue = (c: number, i: number): R | JSONReadError => {
    if (stack.length === 0) return R.End;
    if (isSpace(c)) {
      state = S.EndValue;
      return R.Continue;
    }
    const top = stack[stack.length - 1];
    if (top === P.ObjectKey) {
      if (c === 0x3a) {
        stack[stack.length - 1] = P.ObjectValue;
        state = S.BeginValue;
        return R.Continue;
      }
      return fail(i, 'after object key');
    }
    if (top === P.ObjectValue) {
      if (c === 0x2c) {
        stack[stack.length - 1] = P.ObjectKey;
        state = S.BeginString;
        return R.Continue;
      }
      if (c === 0x7d) return pop();
      return fail(i, 'after object key:value pair');
    }
    if (c === 0x2c) {
      state = S.BeginValue;
      return R.Continue;
    }
    if (c === 0x5d) return pop();
    return fail(i, 'after array element');
  };
  const pop = (): R => {
    stack.pop();
    if (stack.length === 0) return R.EndComposite;
    state = S.EndValue;
    return R.Continue;
  };
  const push = (i: number, p: P, next: S): R | JSONReadError => {
    stack.push(p);
    if (stack.length > GO_MAX_NESTING) return fail(i, 'exceeded max depth');
    state = next;
    return R.Continue;
  };
  const beginValue = (c: number, i: number): R | JSONReadError => {
    if (isSpace(c)) return R.Continue;
    if (start < 0) start = i;
    switch (c) {
      case 0x7b:
        return push(i, P.ObjectKey, S.BeginStringOrEmpty);
      case 0x5b:
        return push(i, P.ArrayValue, S.BeginValueOrEmpty);
      case 0x22:
        state = S.InString;
        return R.Continue;
      case 0x2d:
        state = S.Neg;
        return R.Continue;
      case 0x30:
        state = S.Zero;
        return R.Continue;
      case 0x74:
      case 0x66:
      case 0x6e:
        state = S.Literal;
        literal = LITERALS[String.fromCharCode(c)];
        literalAt = 1;
        return R.Continue;
    }
    if (c >= 0x31 && c <= 0x39) {
      state = S.One;
      return R.Continue;
    }
    return fail(i, 'looking for beginning of value');
  };
  const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
  // stateBeginString, state0 and stateESign, which other states continue into.
  const beginString = (c: number, i: number): R | JSONReadError => {
    if (isSpace(c)) return R.Continue;
    if (c === 0x22) {
      state = S.InString;
      return R.Continue;
    }
    return fail(i, 'looking for beginning of object key string');
  };
  const afterInteger = (c: number, i: number): R | JSONReadError => {
    if (c === 0x2e) {
      state = S.Dot;
      return R.Continue;
    }
    if (c === 0x65 || c === 0x45) {
      state = S.E;
      return R.Continue;
    }
    return endValue(c, i);
  };
  const exponentDigit = (c: number, i: number): R | JSONReadError => {
    if (isDigit(c)) {
      state = S.E0;
      return R.Continue;
    }
    return fail(i, 'in exponent of numeric literal');
  };
  const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

  const step = (c: number, i: number): R | JSONReadError => {
    switch (state) {
      case S.BeginValue:
        return beginValue(c, i);
      case S.BeginValueOrEmpty:
        if (isSpace(c)) return R.Continue;
        if (c === 0x5d) return endValue(c, i);
        return beginValue(c, i);
      case S.BeginStringOrEmpty:
        if (isSpace(c)) return R.Continue;
        if (c === 0x7d) {
          stack[stack.length - 1] = P.ObjectValue;
          return endValue(c, i);
        }
        return beginString(c, i);
      case S.BeginString:
        return beginString(c, i);
      case S.EndValue:
        return endValue(c, i);
      case S.InString:
        if (c === 0x22) {
          state = S.EndValue;
          return R.Continue;
        }
        if (c === 0x5c) {
          state = S.InStringEsc;
          return R.Continue;
        }
        if (c < 0x20) return fail(i, 'in string literal');
        return R.Continue;
      case S.InStringEsc:
        if ('bfnrt\\/"'.includes(String.fromCharCode(c))) {
          state = S.InString;
          return R.Continue;
        }
        if (c === 0x75) {
          state = S.EscU;
          return R.Continue;
        }
        return fail(i, 'in string escape code');
      case S.EscU:
      case S.EscU1:
      case S.EscU12:
      case S.EscU123:
        if (!isHex(c)) return fail(i, 'in \\u hexadecimal character escape');
        state = state === S.EscU123 ? S.InString : state + 1;
        return R.Continue;
      case S.Neg:
        if (c === 0x30) {
          state = S.Zero;
          return R.Continue;
        }
        if (c >= 0x31 && c <= 0x39) {
          state = S.One;
          return R.Continue;
        }
        return fail(i, 'in numeric literal');
      case S.One:
        if (isDigit(c)) return R.Continue;
        return afterInteger(c, i);
      case S.Zero:
        return afterInteger(c, i);
      case S.Dot:
        if (isDigit(c)) {
          state = S.Dot0;
          return R.Continue;
        }
        return fail(i, 'after decimal point in numeric literal');
      case S.Dot0:
        if (isDigit(c)) return R.Continue;
        if (c === 0x65 || c === 0x45) {
          state = S.E;
          return R.Continue;
        }
        return endValue(c, i);
      case S.E:
        if (c === 0x2b || c === 0x2d) {
          state = S.ESign;
          return R.Continue;
        }
        return exponentDigit(c, i);
      case S.ESign:
        return exponentDigit(c, i);
      case S.E0:
        if (isDigit(c)) return R.Continue;
        return endValue(c, i);
      case S.Literal:
        if (c === literal.charCodeAt(literalAt)) {
          if (++literalAt === literal.length) state = S.EndValue;
          return R.Continue;
        }
        return fail(i, `in literal ${literal} (expecting '${literal[literalAt]}')`);
    }
  };

  for (let i = from; i < text.length; i++) {
    const r = step(text.charCodeAt(i), i);
    if (typeof r === 'object') return r;
    if (r === R.End) return { kind: 'value', start, end: i };
    if (r === R.EndComposite) return { kind: 'value', start, end: i + 1 };
  }
  // At the end of the input Go steps once more with a space: a number (or `true`…) at the top level ends there.
  if (start >= 0 && step(0x20, text.length) === R.End) return { kind: 'value', start, end: text.length };
  if (start < 0) return { kind: 'end' };
  return { kind: 'error', offset: text.length, message: 'unexpected EOF', syntax: false };
}

/** Go's "offset N" of an error at text index `offset`: the bytes read up to and including that character. */
export function jsonByteOffset(text: string, offset: number): number {
  return Buffer.byteLength(text.slice(0, offset)) + (offset < text.length ? 1 : 0);
}

/** What decoding one value found besides its value. */
export interface JSONDecodeNotes {
  /** Keys given again in the same object (Go keeps the last value), at the repeated key. */
  duplicateKeys: { offset: number; end: number; key: string }[];
  /** A number no float64 holds: Go's unmarshal fails the whole object with this error. */
  numberError?: { offset: number; message: string };
  /** Where the first collection below maxDepth starts (its value is read as null), and the depth reached. */
  tooDeep?: { offset: number; depth: number };
}

/** The value of text[start, end), which readJSONValue found to be one valid JSON value, as Go unmarshals it. */
export function decodeJSONValue(
  text: string,
  start: number,
  end: number,
  options: JSONDecodeOptions,
): { value: unknown; notes: JSONDecodeNotes } {
  const { maxDepth } = options;
  const notes: JSONDecodeNotes = { duplicateKeys: [] };
  let i = start;
  const skipSpace = () => {
    while (i < end && isSpace(text.charCodeAt(i))) i++;
  };
  const value = (depth: number): unknown => {
    skipSpace();
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      if (depth >= maxDepth) {
        const at = i;
        const reached = skipComposite();
        if (!notes.tooDeep || reached + depth > notes.tooDeep.depth)
          notes.tooDeep = { offset: notes.tooDeep?.offset ?? at, depth: depth + reached };
        return null;
      }
      i++;
      return c === 0x7b ? object(depth + 1) : array(depth + 1);
    }
    if (c === 0x22) return string();
    if (c === 0x74) return ((i += 4), true);
    if (c === 0x66) return ((i += 5), false);
    if (c === 0x6e) return ((i += 4), null);
    return number();
  };
  const object = (depth: number): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    skipSpace();
    if (text.charCodeAt(i) === 0x7d) {
      i++;
      return out;
    }
    for (;;) {
      skipSpace();
      const keyAt = i;
      const key = string();
      const keyEnd = i;
      skipSpace();
      i++; // ':'
      const v = value(depth);
      if (Object.prototype.hasOwnProperty.call(out, key)) notes.duplicateKeys.push({ offset: keyAt, end: keyEnd, key });
      // A key may be `__proto__`: an own property, never the prototype.
      if (key === '__proto__')
        Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
      else out[key] = v;
      skipSpace();
      if (text.charCodeAt(i++) === 0x7d) return out;
    }
  };
  const array = (depth: number): unknown[] => {
    const out: unknown[] = [];
    skipSpace();
    if (text.charCodeAt(i) === 0x5d) {
      i++;
      return out;
    }
    for (;;) {
      out.push(value(depth));
      skipSpace();
      if (text.charCodeAt(i++) === 0x5d) return out;
    }
  };
  // The nesting below a cut collection (counted, not read), leaving i after it.
  const skipComposite = (): number => {
    let level = 0;
    let deepest = 0;
    for (; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        for (i++; text.charCodeAt(i) !== 0x22; i++) if (text.charCodeAt(i) === 0x5c) i++;
      } else if (c === 0x7b || c === 0x5b) deepest = Math.max(deepest, ++level);
      else if ((c === 0x7d || c === 0x5d) && --level === 0) {
        i++;
        return deepest;
      }
    }
    return deepest;
  };
  const string = (): string => {
    i++; // opening quote
    let out = '';
    let from = i;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        out += text.slice(from, i++);
        return out;
      }
      if (c !== 0x5c) {
        i++;
        continue;
      }
      out += text.slice(from, i);
      const e = text[i + 1];
      if (e === 'u') {
        let unit = parseInt(text.slice(i + 2, i + 6), 16);
        i += 6;
        if (unit >= 0xd800 && unit < 0xdc00) {
          // A high surrogate pairs only with a following \u low surrogate; Go makes anything else U+FFFD.
          const low = text.startsWith('\\u', i) ? parseInt(text.slice(i + 2, i + 6), 16) : NaN;
          if (low >= 0xdc00 && low < 0xe000) {
            out += String.fromCharCode(unit, low);
            i += 6;
            unit = -1;
          } else unit = 0xfffd;
        } else if (unit >= 0xdc00 && unit < 0xe000) unit = 0xfffd;
        if (unit >= 0) out += String.fromCharCode(unit);
      } else {
        out += ESCAPES[e];
        i += 2;
      }
      from = i;
    }
  };
  const number = (): number | BigIntLiteral => {
    const at = i;
    while (i < end && /[-+.eE0-9]/.test(text[i])) i++;
    const literal = text.slice(at, i);
    const n = Number(literal);
    if (options.bigInts && !Number.isSafeInteger(n) && /^-?\d+$/.test(literal)) {
      const big = BigInt(literal);
      if (big >= INT64_MIN && big <= INT64_MAX) return new BigIntLiteral(big.toString());
    }
    if (!Number.isFinite(n) && !notes.numberError)
      notes.numberError = {
        offset: at,
        message: `json: cannot unmarshal number ${literal} into Go value of type float64`,
      };
    return n;
  };
  return { value: value(0), notes };
}

const ESCAPES: Record<string, string> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};
