// Go's encoding/json scanner (checkValid): whether bytes are one JSON value, and if not the error Unmarshal returns,
// word for word ("invalid character 'o' in literal null (expecting 'u')", "unexpected end of JSON input").

const SPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isHex = (c: number) => isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);

/** Go's quoteChar: the byte as a rune in single quotes, escaped as strconv.Quote escapes it. */
function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  const named: Record<number, string> = { 7: 'a', 8: 'b', 9: 't', 10: 'n', 11: 'v', 12: 'f', 13: 'r', 0x5c: '\\' };
  if (Object.hasOwn(named, c)) return `'\\${named[c]}'`;
  if (c < 0x20 || c === 0x7f) return `'\\x${c.toString(16).padStart(2, '0')}'`;
  // Latin-1 controls, no-break space and soft hyphen are not printable (unicode.IsPrint).
  if ((c >= 0x80 && c <= 0xa0) || c === 0xad) return `'\\u00${c.toString(16).padStart(2, '0')}'`;
  return `'${String.fromCharCode(c)}'`;
}

class SyntaxFailure extends Error {}

/** The contexts where the space Go feeds at the end is itself invalid. */
const SPACE_FAILS = /^in (literal|numeric|exponent|string escape|\\u)|numeric literal$/;

/** The syntax error Go reports for `bytes`, or undefined when they are one valid JSON value. */
export function goJsonSyntaxError(bytes: Uint8Array): string | undefined {
  let i = 0;
  // At the end Go's scanner is fed a space: where a space is no error (between tokens, in a string) the input is
  // only cut short; inside a literal, a number or an escape the space is the invalid character.
  const fail = (context: string): never => {
    const atEnd = i >= bytes.length;
    if (atEnd && !SPACE_FAILS.test(context)) throw new SyntaxFailure('unexpected end of JSON input');
    throw new SyntaxFailure(`invalid character ${quoteChar(atEnd ? 0x20 : bytes[i])} ${context}`);
  };
  const skipSpace = () => {
    while (i < bytes.length && SPACE.has(bytes[i])) i++;
  };
  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++, i++)
      if (i >= bytes.length || bytes[i] !== word.charCodeAt(k)) fail(`in literal ${word} (expecting '${word[k]}')`);
  };
  const digits = (context: string) => {
    if (i >= bytes.length || !isDigit(bytes[i])) fail(context);
    while (i < bytes.length && isDigit(bytes[i])) i++;
  };
  const number = () => {
    if (bytes[i] === 0x2d) {
      i++;
      if (i >= bytes.length || !isDigit(bytes[i])) fail('in numeric literal');
    }
    if (bytes[i] === 0x30) i++;
    else digits('in numeric literal');
    if (bytes[i] === 0x2e) {
      i++;
      digits('after decimal point in numeric literal');
    }
    if (bytes[i] === 0x65 || bytes[i] === 0x45) {
      i++;
      if (bytes[i] === 0x2b || bytes[i] === 0x2d) i++;
      digits('in exponent of numeric literal');
    }
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= bytes.length) fail('');
      const c = bytes[i];
      if (c === 0x22) return void i++;
      if (c < 0x20) fail('in string literal');
      if (c === 0x5c) {
        i++;
        if (i >= bytes.length) fail('in string escape code');
        if (bytes[i] === 0x75) {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= bytes.length || !isHex(bytes[i])) fail('in \\u hexadecimal character escape');
          }
        } else if (!'bfnrt\\/"'.includes(String.fromCharCode(bytes[i]))) fail('in string escape code');
      }
      i++;
    }
  };
  const value = (): void => {
    skipSpace();
    if (i >= bytes.length) fail('');
    const c = bytes[i];
    if (c === 0x7b) return object();
    if (c === 0x5b) return array();
    if (c === 0x22) return string();
    if (c === 0x2d || isDigit(c)) return number();
    if (c === 0x74 || c === 0x66 || c === 0x6e) {
      i++;
      return literal(c === 0x74 ? 'true' : c === 0x66 ? 'false' : 'null');
    }
    fail('looking for beginning of value');
  };
  const object = () => {
    i++;
    skipSpace();
    if (bytes[i] === 0x7d) return void i++;
    for (;;) {
      skipSpace();
      if (i >= bytes.length || bytes[i] !== 0x22) fail('looking for beginning of object key string');
      string();
      skipSpace();
      if (i >= bytes.length || bytes[i] !== 0x3a) fail('after object key');
      i++;
      value();
      skipSpace();
      if (bytes[i] === 0x7d) return void i++;
      if (i >= bytes.length || bytes[i] !== 0x2c) fail('after object key:value pair');
      i++;
    }
  };
  const array = () => {
    i++;
    skipSpace();
    if (bytes[i] === 0x5d) return void i++;
    for (;;) {
      value();
      skipSpace();
      if (bytes[i] === 0x5d) return void i++;
      if (i >= bytes.length || bytes[i] !== 0x2c) fail('after array element');
      i++;
    }
  };
  try {
    value();
    skipSpace();
    if (i < bytes.length) fail('after top-level value');
    return undefined;
  } catch (err) {
    if (err instanceof SyntaxFailure) return err.message;
    throw err;
  }
}

/** Unmarshal into map[string]interface{}: a syntax error first, then any top-level value but an object or null. */
export function goJsonObjectError(bytes: Uint8Array): string | undefined {
  const syntax = goJsonSyntaxError(bytes);
  if (syntax) return syntax;
  let i = 0;
  while (SPACE.has(bytes[i])) i++;
  const c = bytes[i];
  const kind =
    c === 0x5b
      ? 'array'
      : c === 0x22
        ? 'string'
        : c === 0x74 || c === 0x66
          ? 'bool'
          : c === 0x7b || c === 0x6e
            ? ''
            : 'number';
  return kind ? `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}` : undefined;
}
