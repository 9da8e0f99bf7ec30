// cel.ValidFieldPath of k8s.io/apiextensions-apiserver (pkg/apiserver/schema/cel/validation.go): the paths a CEL
// rule's fieldPath and a selectable field's jsonPath may name. Token by token as Go's scanner splits them ('.', '[',
// ']' alone, a single-quoted string whole, anything else up to the next delimiter), so spaces are part of a name
// and a list cannot be stepped into: `.a`, `['a.b']`, `.m.key` (a map's keys are free), nothing else.
import { asSchema, Schema } from './jsonSchema';

export interface FoundField {
  /** The path as field.Path prints it (`spec.a`, `spec[key]` for a map entry), without a leading dot. */
  path: string;
  /** The first step as field.Path.Root prints it (`metadata`, `[key]`). */
  root: string;
  /** The schema found, undefined where additionalProperties is a boolean (Go's nil Structural). */
  schema: Schema | undefined;
}

/** The field a path names, or the reason it names none (Go's error text). */
export function validFieldPath(
  jsonPath: string,
  schema: Schema,
  allowArrayNotation = true,
): FoundField | { error: string } {
  const tokens = scan(jsonPath);
  let cur: Schema | undefined = schema;
  let printed = '';
  let root = '';
  const step = (name: string): string | undefined => {
    // Go reads Properties (nil when empty) first, then AdditionalProperties; a boolean one gives a nil schema,
    // which the next step would dereference (the server fails): no valid field either.
    if (!cur) return 'does not refer to a valid field';
    const props = asSchema(cur.properties);
    if (props && Object.keys(props).length > 0) {
      const child = asSchema(props[name]) ?? (props[name] === undefined ? undefined : {});
      if (!Object.prototype.hasOwnProperty.call(props, name) || child === undefined)
        return 'does not refer to a valid field';
      cur = child;
      if (printed === '') root = name;
      printed += printed === '' ? name : `.${name}`;
    } else if (cur.additionalProperties !== undefined && cur.additionalProperties !== null) {
      cur = asSchema(cur.additionalProperties);
      if (printed === '') root = `[${name}]`;
      printed += `[${name}]`;
    } else return 'does not refer to a valid field';
    return undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok === '[') {
      if (!allowArrayNotation) return { error: 'array notation is not allowed' };
      const quoted = tokens[++i];
      if (quoted === undefined) return { error: 'unexpected end of JSON path' };
      if (quoted.length < 2 || !quoted.startsWith("'") || !quoted.endsWith("'"))
        return { error: `expected single quoted string but got ${quoted}` };
      const name = unescapeSingleQuote(quoted.slice(1, -1));
      if (typeof name !== 'string') return { error: `invalid string literal: ${name.error}` };
      const bad = step(name);
      if (bad) return { error: bad };
      const close = tokens[++i];
      if (close === undefined) return { error: 'unexpected end of JSON path' };
      if (close !== ']') return { error: `expected ] but got ${close}` };
    } else if (tok === '.') {
      const name = tokens[++i];
      if (name === undefined) return { error: 'unexpected end of JSON path' };
      const bad = step(name);
      if (bad) return { error: bad };
    } else return { error: `expected [ or . but got: ${tok}` };
  }
  return { path: printed, root, schema: cur };
}

/** Go's split function: delimiters alone, a quoted string through its closing quote, other text up to a delimiter. */
function scan(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    if (s[i] === "'") {
      let j = i + 1;
      while (j < s.length && !(s[j] === "'" && s[j - 1] !== '\\')) j++;
      out.push(s.slice(i, Math.min(j + 1, s.length)));
      i = j + 1;
    } else if (s[i] === '.' || s[i] === '[' || s[i] === ']') {
      out.push(s[i++]);
    } else {
      let j = i;
      while (j < s.length && s[j] !== '.' && s[j] !== '[' && s[j] !== ']') j++;
      out.push(s.slice(i, j));
      i = j;
    }
  }
  return out;
}

const ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  "'": "'",
  '\\': '\\',
};

/** unescapeSingleQuote: `\\.` escapes of the listed letters; any other is an error. */
function unescapeSingleQuote(s: string): string | { error: string } {
  let error: string | undefined;
  const out = s.replace(/\\./g, (m) => {
    const e = ESCAPES[m[1]];
    if (e === undefined) error ??= `invalid escape char ${m}`;
    return e ?? '';
  });
  return error === undefined ? out : { error };
}
