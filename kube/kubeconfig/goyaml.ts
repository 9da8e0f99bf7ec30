// Go's YAML (gopkg.in/yaml.v2 as vendored in sigs.k8s.io/yaml) in both directions, because kubectl reads and
// prints kubeconfig through it:
//  - reading: the `yaml` package parses (YAML 1.1 syntax, exact positions), and `resolvePlain` gives each plain
//    scalar the type yaml.v2 would (`yes` is true, `0x1F` is 31, `1:20` stays a string, timestamps stay strings);
//  - writing: js-yaml lays out the document (block style, sorted keys) and a scalar type plugged into its schema
//    renders every string exactly as yaml.v2's emitter does (quote choice, 80-column folding, literal blocks).
import * as jsyaml from 'js-yaml';
import * as YAML from 'yaml';
import {
  AnchorTable,
  GO_MAX_DEPTH,
  MAX_READ_DEPTH,
  parseAllDocumentsBounded,
  selfContainingAnchorMessage,
  unknownAnchorMessage,
} from '../util/yamlGuards';
import { BigIntLiteral, compareStrings, goYAMLFirstDocument, resolvePlain, yamlNumber } from '../util/go';

// Scalar resolution is go-yaml v2's resolve(), shared with the language server (kube/util/go).
export { BigIntLiteral };

const BASE60_FLOAT = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;

// ---------------------------------------------------------------------------------------------------------------
// Scalar emission (yaml.v2 encode.go stringv + emitterc.go analyze/select/write)

const BEST_WIDTH = 80;

function isPrintable(cp: number): boolean {
  return (
    cp === 0x0a ||
    (cp >= 0x20 && cp <= 0x7e) ||
    cp === 0x85 ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd && cp !== 0xfeff) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}
const isBreak = (c: string | undefined) =>
  c === '\n' || c === '\r' || c === '\u0085' || c === '\u2028' || c === '\u2029';
const isSpace = (c: string | undefined) => c === ' ';
const isBlankz = (c: string | undefined) => c === undefined || c === ' ' || c === '\t' || isBreak(c);

interface Analysis {
  multiline: boolean;
  blockPlainAllowed: boolean;
  singleQuotedAllowed: boolean;
  blockAllowed: boolean;
}

function analyze(value: string): Analysis {
  const chars = Array.from(value);
  if (chars.length === 0)
    return { multiline: false, blockPlainAllowed: false, singleQuotedAllowed: true, blockAllowed: false };
  let blockIndicators = false;
  let lineBreaks = false;
  let specialCharacters = false;
  let leadingSpace = false,
    leadingBreak = false,
    trailingSpace = false,
    trailingBreak = false;
  let breakSpace = false,
    spaceBreak = false,
    previousSpace = false,
    previousBreak = false;
  if (value.startsWith('---') || value.startsWith('...')) blockIndicators = true;
  let precededByWhitespace = true;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i];
    const followedByWhitespace = isBlankz(chars[i + 1]);
    if (i === 0) {
      if ('#,[]{}&*!|>\'"%@`'.includes(c)) {
        blockIndicators = true;
      }
      if (c === '?' || c === ':') {
        if (followedByWhitespace) blockIndicators = true;
      }
      if (c === '-' && followedByWhitespace) {
        blockIndicators = true;
      }
    } else {
      if (c === ':') {
        if (followedByWhitespace) blockIndicators = true;
      }
      if (c === '#' && precededByWhitespace) {
        blockIndicators = true;
      }
    }
    const cp = c.codePointAt(0)!;
    if (!isPrintable(cp)) specialCharacters = true;
    if (isBreak(c)) lineBreaks = true;
    if (isSpace(c)) {
      if (i === 0) leadingSpace = true;
      if (i === chars.length - 1) trailingSpace = true;
      if (previousBreak) breakSpace = true;
      previousSpace = true;
      previousBreak = false;
    } else if (isBreak(c)) {
      if (i === 0) leadingBreak = true;
      if (i === chars.length - 1) trailingBreak = true;
      if (previousSpace) spaceBreak = true;
      previousSpace = false;
      previousBreak = true;
    } else {
      previousSpace = false;
      previousBreak = false;
    }
    precededByWhitespace = isBlankz(c);
  }
  let blockPlainAllowed = true,
    singleQuotedAllowed = true,
    blockAllowed = true;
  if (leadingSpace || leadingBreak || trailingSpace || trailingBreak) blockPlainAllowed = false;
  if (trailingSpace) blockAllowed = false;
  if (breakSpace) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
  }
  if (spaceBreak || specialCharacters) {
    blockPlainAllowed = false;
    singleQuotedAllowed = false;
    blockAllowed = false;
  }
  if (lineBreaks) blockPlainAllowed = false;
  if (blockIndicators) blockPlainAllowed = false;
  return { multiline: lineBreaks, blockPlainAllowed, singleQuotedAllowed, blockAllowed };
}

type Style = 'plain' | 'single' | 'double' | 'literal';

/** The style yaml.v2 ends up using for a string in block context. */
export function goStringStyle(s: string, isKey: boolean): Style {
  const r = resolvePlain(s);
  const canUsePlain = r.tag === 'str' && !BASE60_FLOAT.test(s);
  let style: Style = s.includes('\n') ? 'literal' : canUsePlain ? 'plain' : 'double';
  const a = analyze(s);
  if (style === 'plain') {
    if (!a.blockPlainAllowed || (s.length === 0 && isKey)) style = 'single';
  }
  if (style === 'single' && !a.singleQuotedAllowed) style = 'double';
  if (style === 'literal' && (!a.blockAllowed || isKey)) style = 'double';
  return style;
}

/** Renders one string as yaml.v2 would, given the column it starts at and the indent of continuation lines. */
export function renderGoString(s: string, opts: { column: number; indent: number; isKey: boolean }): string {
  const style = goStringStyle(s, opts.isKey);
  const allowBreaks = !opts.isKey;
  const chars = Array.from(s);
  let column = opts.column;
  let out = '';
  const newline = () => {
    out += '\n' + ' '.repeat(opts.indent);
    column = opts.indent;
  };
  const put = (t: string) => {
    out += t;
    column += Array.from(t).length;
  };
  switch (style) {
    case 'plain': {
      let spaces = false;
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i];
        if (isSpace(c)) {
          if (allowBreaks && !spaces && column > BEST_WIDTH && !isSpace(chars[i + 1])) newline();
          else put(c);
          spaces = true;
        } else {
          put(c);
          spaces = false;
        }
      }
      return out;
    }
    case 'single': {
      put("'");
      let spaces = false;
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i];
        if (isSpace(c)) {
          if (
            allowBreaks &&
            !spaces &&
            column > BEST_WIDTH &&
            i !== 0 &&
            i !== chars.length - 1 &&
            !isSpace(chars[i + 1])
          )
            newline();
          else put(c);
          spaces = true;
        } else {
          put(c === "'" ? "''" : c);
          spaces = false;
        }
      }
      put("'");
      return out;
    }
    case 'double': {
      put('"');
      let spaces = false;
      for (let i = 0; i < chars.length; i++) {
        const c = chars[i];
        const cp = c.codePointAt(0)!;
        if (!isPrintable(cp) || c === '\ufeff' || isBreak(c) || c === '"' || c === '\\') {
          put(doubleEscape(c, cp));
          spaces = false;
        } else if (isSpace(c)) {
          if (allowBreaks && !spaces && column > BEST_WIDTH && i !== 0 && i !== chars.length - 1) {
            newline();
            if (isSpace(chars[i + 1])) put('\\');
          } else {
            put(c);
          }
          spaces = true;
        } else {
          put(c);
          spaces = false;
        }
      }
      put('"');
      return out;
    }
    case 'literal': {
      let hints = '';
      if (isSpace(chars[0]) || isBreak(chars[0])) hints += '2';
      const last = chars[chars.length - 1];
      if (!isBreak(last)) hints += '-';
      else if (chars.length === 1 || isBreak(chars[chars.length - 2])) hints += '+';
      out = '|' + hints;
      // Content lines are indented one level (2) deeper than the key's line.
      const lines = s.split('\n');
      if (isBreak(last)) lines.pop();
      for (const line of lines) out += line === '' ? '\n' : '\n' + ' '.repeat(opts.indent) + line;
      return out;
    }
  }
}

function doubleEscape(c: string, cp: number): string {
  switch (c) {
    case '\0':
      return '\\0';
    case '\x07':
      return '\\a';
    case '\b':
      return '\\b';
    case '\t':
      return '\\t';
    case '\n':
      return '\\n';
    case '\x0b':
      return '\\v';
    case '\f':
      return '\\f';
    case '\r':
      return '\\r';
    case '\x1b':
      return '\\e';
    case '"':
      return '\\"';
    case '\\':
      return '\\\\';
    case '\u0085':
      return '\\N';
    case '\u00a0':
      return '\\_';
    case '\u2028':
      return '\\L';
    case '\u2029':
      return '\\P';
  }
  if (cp <= 0xff) return '\\x' + cp.toString(16).toUpperCase().padStart(2, '0');
  if (cp <= 0xffff) return '\\u' + cp.toString(16).toUpperCase().padStart(4, '0');
  return '\\U' + cp.toString(16).toUpperCase().padStart(8, '0');
}

// ---------------------------------------------------------------------------------------------------------------
// Document emission: js-yaml does the layout; strings are pre-rendered with their column known.

/** A string already rendered in yaml.v2's style; js-yaml writes it verbatim (implicit type, no tag). */
class RenderedScalar {
  constructor(readonly text: string) {}
}

const renderedScalarType = new jsyaml.Type('tag:kubesense/go-scalar', {
  kind: 'scalar',
  instanceOf: RenderedScalar,
  represent: (o: object) => (o as RenderedScalar).text,
});
// Map keys reach js-yaml as plain JS strings; render them too (keys never fold, so no column is needed).
const keyStringType = new jsyaml.Type('tag:kubesense/go-key', {
  kind: 'scalar',
  predicate: (o: unknown) => typeof o === 'string',
  represent: (o: object) => renderGoString(o as unknown as string, { column: 0, indent: 0, isKey: true }),
});
const bigIntType = new jsyaml.Type('tag:kubesense/go-bigint', {
  kind: 'scalar',
  instanceOf: BigIntLiteral,
  represent: (o: object) => (o as BigIntLiteral).text,
});
const GO_SCHEMA = jsyaml.DEFAULT_SCHEMA.extend({ implicit: [renderedScalarType, bigIntType, keyStringType] });

/** A JSON-like value (what kubectl marshals to JSON before converting to YAML). */
export type JSONValue = string | number | boolean | null | BigIntLiteral | JSONValue[] | { [k: string]: JSONValue };

/** Walks the value computing where each string starts, mirroring yaml.v2's block layout. */
function prepare(v: JSONValue, column: number, indent: number): unknown {
  if (typeof v === 'string') return new RenderedScalar(renderGoString(v, { column, indent, isKey: false }));
  if (typeof v === 'number') return new RenderedScalar(yamlNumber(v));
  if (v === null || typeof v === 'boolean' || v instanceof BigIntLiteral) return v;
  if (Array.isArray(v)) {
    // `- item`: sequences inside mappings are not indented by yaml.v2.
    return v.map((item) => prepare(item, indent + 2, indent + 2));
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v).sort(compareStrings)) {
    const keyText = renderGoString(key, { column: 0, indent: 0, isKey: true });
    const child = v[key];
    const scalarColumn = indent + Array.from(keyText).length + 2;
    out[key] = isCollection(child)
      ? prepare(child, indent + 2, Array.isArray(child) ? indent : indent + 2)
      : prepare(child, scalarColumn, indent + 2);
  }
  return out;
}

function isCollection(v: JSONValue): boolean {
  return (
    v !== null &&
    typeof v === 'object' &&
    !(v instanceof BigIntLiteral) &&
    (Array.isArray(v) ? v.length > 0 : Object.keys(v).length > 0)
  );
}

/** YAML text as sigs.k8s.io/yaml.Marshal (JSON → yaml.v2) would print it. */
export function marshalGoYAML(value: JSONValue): string {
  const prepared = prepare(value, 0, 0);
  const text = jsyaml.dump(prepared, {
    schema: GO_SCHEMA,
    indent: 2,
    noArrayIndent: true,
    lineWidth: -1,
    noRefs: true,
    sortKeys: false,
    flowLevel: -1,
  });
  return text;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading: YAML text → the JSON value sigs.k8s.io/yaml.YAMLToJSON would produce.

/** A YAML syntax or structure error in yaml.v2's words (`yaml: line N: …`) where we can match them. */
export class GoYAMLError extends Error {}

/** Parses YAML (or JSON) the way sigs.k8s.io/yaml.YAMLToJSON does. Returns undefined for an empty document. */
export function yamlToJSON(text: string): JSONValue {
  const fast = text.length >= FAST_PATH_MIN_CHARS ? plainYAMLToJSON(text) : undefined;
  if (fast !== undefined) return fast;
  try {
    return parseYAMLToJSON(text);
  } catch (e) {
    if (e instanceof GoYAMLError) throw e;
    // The parser itself gave up: still an error about this file.
    throw new GoYAMLError(e instanceof RangeError ? 'yaml: exceeded max depth' : 'yaml: could not parse the document');
  }
}

/**
 * Inputs this large go through js-yaml first: the `yaml` package keeps a concrete syntax tree and a node with
 * ranges for every scalar (~110 bytes of heap per input byte; a 10 MB kubeconfig took 1.4 GB), js-yaml builds the
 * values directly. Small inputs keep the exact path (positions for errors cost nothing there).
 */
export const FAST_PATH_MIN_CHARS = 1 << 20;

/** yaml.v2's type for each plain scalar; js-yaml asks implicit types only about plain scalars, never quoted ones. */
const goPlainType = new jsyaml.Type('tag:kubesense/go-plain', {
  kind: 'scalar',
  resolve: (s: string) => resolvePlain(s).tag !== 'str',
  construct: (s: string) => resolvePlain(s).value,
});
const GO_READ_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [goPlainType] });

/**
 * The value of a plain-data document (no anchors, aliases, tags, merge keys, directives or tabs, one document,
 * string keys), read by js-yaml with yaml.v2's scalar rules; undefined when the input is anything else or js-yaml
 * refuses it, so the exact path decides (and words the error).
 */
function plainYAMLToJSON(text: string): JSONValue | undefined {
  if (/[&*!\t]|<<|^%/m.test(text)) return undefined;
  let value: unknown;
  try {
    value = jsyaml.load(text, { schema: GO_READ_SCHEMA });
  } catch {
    return undefined;
  }
  return value !== undefined && hasOnlyStringKeys(value) ? (value as JSONValue) : undefined;
}

/** True when every mapping key is one yaml.v2 reads as a string (a quoted `true` or `1` is sent to the exact path). */
function hasOnlyStringKeys(root: unknown): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v !== 'object' || v instanceof BigIntLiteral) continue;
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
      continue;
    }
    for (const [key, item] of Object.entries(v)) {
      if (key === '__proto__' || resolvePlain(key).tag !== 'str') return false;
      stack.push(item);
    }
  }
  return true;
}

const PARSE_OPTIONS = {
  version: '1.1',
  schema: 'failsafe',
  uniqueKeys: false,
  merge: false,
  strict: false,
  prettyErrors: false,
  keepSourceTokens: false,
} as const;

function parseYAMLToJSON(text: string): JSONValue {
  // Nesting is measured before composing (deep nesting would overflow the composer's stack).
  let first = parseAllDocumentsBounded(text, PARSE_OPTIONS)[0];
  if (!first) return null;
  // go-yaml's own words and line (a port of its scanner and parser). It runs on every file read here, because
  // the two parsers disagree both ways (go-yaml refuses some files `yaml` accepts); kubeconfig files are small and
  // the scan is linear. The heuristic wording remains for what only `yaml` refuses.
  const go = goYAMLFirstDocument(text);
  if ('error' in go) throw new GoYAMLError(go.error);
  if (first.doc.errors.length > 0 && go.end < text.length) {
    // go-yaml reads the first node and never parses what the `yaml` package refuses after it (`"a" b`, `{}{}`).
    const read = parseAllDocumentsBounded(text.slice(0, go.end), PARSE_OPTIONS)[0];
    if (read && read.doc.errors.length === 0) first = read;
  }
  const { doc, tooDeep } = first;
  const err = doc.errors[0];
  if (err) throw new GoYAMLError(goYAMLMessage(err, text));
  if (tooDeep) {
    if (tooDeep.depth > GO_MAX_DEPTH) throw new GoYAMLError(`yaml: exceeded max depth of ${GO_MAX_DEPTH}`);
    const line = lineOf(text, tooDeep.offset);
    throw new GoYAMLError(
      `yaml: line ${line}: nested deeper than ${MAX_READ_DEPTH} levels, which kubesense does not read`,
    );
  }
  return nodeToJSON(doc.contents, doc, { n: 0, text, anchors: new AnchorTable(doc), expanding: new Set() });
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === '\n') line++;
  return line;
}

interface GoProblem {
  problem: string;
  /** libyaml scanner errors print 1-based lines; parser errors print the 0-based line of the problem. */
  scanner: boolean;
  /** Lines between where `yaml` notices the problem and where libyaml does. */
  shift?: number;
  /** libyaml notices at the end of the input (unclosed flow collections). */
  atEnd?: boolean;
}

/** The `yaml` package's error → libyaml's wording, for errors go-yaml itself does not raise (see README). */
function goProblem(err: YAML.YAMLError): GoProblem {
  const m = err.message;
  switch (err.code) {
    case 'TAB_AS_INDENT':
      return { problem: 'found a tab character that violates indentation', scanner: true };
    case 'BAD_SCALAR_START':
      return /reserved character/.test(m)
        ? { problem: 'found character that cannot start any token', scanner: true }
        : { problem: 'did not find expected node content', scanner: false };
    case 'BAD_DQ_ESCAPE':
      return { problem: 'found unknown escape character', scanner: true };
    case 'MULTILINE_IMPLICIT_KEY':
      return { problem: 'mapping values are not allowed in this context', scanner: true, shift: 1 };
    case 'BLOCK_AS_IMPLICIT_KEY':
      return /block sequence/.test(m)
        ? { problem: 'block sequence entries are not allowed in this context', scanner: true, shift: 1 }
        : { problem: 'mapping values are not allowed in this context', scanner: true };
    case 'UNEXPECTED_TOKEN':
      if (/Block scalar header/.test(m))
        return { problem: 'did not find expected comment or line break', scanner: true };
      return { problem: 'did not find expected node content', scanner: false };
    case 'MISSING_CHAR':
      if (/Missing closing/.test(m)) return { problem: 'found unexpected end of stream', scanner: true, atEnd: true };
      if (/Flow (sequence|map) must end/.test(m))
        return { problem: 'did not find expected node content', scanner: false, atEnd: true };
      if (/flow sequence items/.test(m)) return { problem: "did not find expected ',' or ']'", scanner: false };
      if (/flow map items/.test(m)) return { problem: "did not find expected ',' or '}'", scanner: false };
      if (/Implicit map keys need to be followed/.test(m))
        return { problem: "could not find expected ':'", scanner: true, shift: 1 };
      return { problem: 'did not find expected key', scanner: false };
    case 'BAD_INDENT':
      if (/Flow (sequence|map)/.test(m) && /end with/.test(m))
        return { problem: 'did not find expected node content', scanner: false, atEnd: true };
      return { problem: 'did not find expected key', scanner: false };
    case 'BAD_ALIAS':
      return { problem: 'unknown anchor referenced', scanner: false };
    default:
      // Other messages quote the source; keep only the kind of problem (files may hold secrets).
      return { problem: err.code.toLowerCase().replace(/_/g, ' '), scanner: false };
  }
}

function goYAMLMessage(err: YAML.YAMLError, text: string): string {
  const g = goProblem(err);
  const line1 = g.atEnd ? lineOf(text, text.length) : lineOf(text, err.pos[0]) + (g.shift ?? 0);
  // libyaml: problem_mark.line is 0-based; scanner errors add one; a line 0 is not printed.
  const zeroBased = line1 - 1;
  const shown = zeroBased === 0 ? 0 : g.scanner ? zeroBased + 1 : zeroBased;
  return shown > 0 ? `yaml: line ${shown}: ${g.problem}` : `yaml: ${g.problem}`;
}

const MAX_ALIAS_EXPANSION = 10000;

interface ReadState {
  /** Aliases expanded so far (bounded: an alias bomb stops here). */
  n: number;
  text: string;
  anchors: AnchorTable;
  /** Aliases being expanded: meeting one again means its anchor contains it. */
  expanding: Set<YAML.Alias>;
}

function nodeToJSON(node: unknown, doc: YAML.Document, budget: ReadState): JSONValue {
  if (node === null || node === undefined) return null;
  if (YAML.isAlias(node)) {
    if (++budget.n > MAX_ALIAS_EXPANSION) throw new GoYAMLError('yaml: document contains excessive aliasing');
    const target = budget.anchors.resolve(node);
    if (!target) throw new GoYAMLError(`yaml: ${unknownAnchorMessage(node.source)}`);
    if (budget.expanding.has(node)) throw new GoYAMLError(`yaml: ${selfContainingAnchorMessage(node.source)}`);
    budget.expanding.add(node);
    try {
      return nodeToJSON(target, doc, budget);
    } finally {
      budget.expanding.delete(node);
    }
  }
  if (YAML.isScalar(node)) return scalarToJSON(node);
  if (YAML.isSeq(node)) return node.items.map((item) => nodeToJSON(item, doc, budget));
  if (YAML.isMap(node)) {
    const out: { [k: string]: JSONValue } = {};
    const merges: JSONValue[] = [];
    for (const pair of node.items) {
      const keyNode = pair.key;
      if (YAML.isScalar(keyNode) && keyNode.type === 'PLAIN' && keyNode.value === '<<' && !keyNode.tag) {
        merges.push(nodeToJSON(pair.value, doc, budget));
        continue;
      }
      if (
        !node.flow &&
        (keyNode === null || (YAML.isScalar(keyNode) && keyNode.range && keyNode.range[0] === keyNode.range[1]))
      ) {
        // `: value` with no key: libyaml's parser rejects it (`yaml` reads a null key).
        const at = ((keyNode as YAML.Node | null) ?? (pair.value as YAML.Node | null))?.range?.[0];
        const line0 = at === undefined ? 0 : lineOf(budget.text, at) - 1;
        throw new GoYAMLError(
          line0 > 0 ? `yaml: line ${line0}: did not find expected key` : 'yaml: did not find expected key',
        );
      }
      const key = nodeToJSON(keyNode, doc, budget);
      const value = nodeToJSON(pair.value, doc, budget);
      out[jsonKey(key, value)] = value;
    }
    if (merges.length === 0) return out;
    // `<<` merges: explicit keys win over merged ones, earlier merge sources over later ones.
    const merged: { [k: string]: JSONValue } = {};
    for (const m of merges.flatMap((x) => (Array.isArray(x) ? x : [x])).reverse()) {
      if (m === null || typeof m !== 'object' || Array.isArray(m) || m instanceof BigIntLiteral)
        throw new GoYAMLError('yaml: map merge requires map or sequence of maps as the value');
      Object.assign(merged, m);
    }
    return Object.assign(merged, out);
  }
  throw new GoYAMLError('yaml: unsupported node');
}

function scalarToJSON(node: YAML.Scalar): JSONValue {
  const raw = String(node.value ?? '');
  const tag = node.tag;
  if (tag) {
    switch (tag) {
      case 'tag:yaml.org,2002:str':
        return raw;
      case 'tag:yaml.org,2002:binary':
        return Buffer.from(raw.replace(/\s+/g, ''), 'base64').toString('utf8');
      case 'tag:yaml.org,2002:null':
        return null;
      default: {
        const r = resolvePlain(raw);
        return r.tag === 'timestamp' ? raw : r.value;
      }
    }
  }
  if (node.type !== 'PLAIN') return raw;
  const r = resolvePlain(raw);
  return r.value;
}

/** sigs.k8s.io/yaml's conversion of a YAML map key to a JSON object key. */
function jsonKey(key: JSONValue, value: JSONValue): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'boolean') return key ? 'true' : 'false';
  if (key instanceof BigIntLiteral) return key.text;
  if (typeof key === 'number') {
    if (Number.isInteger(key)) return String(key);
    if (Number.isNaN(key)) return '.nan';
    if (key === Infinity) return '.inf';
    if (key === -Infinity) return '-.inf';
    return String(Math.fround(key));
  }
  // kubectl prints the value here; a string value may be a secret, so it is elided.
  if (key === null)
    throw new GoYAMLError(
      `unsupported map key of type: %!s(<nil>), key: <nil>, value: ${typeof value === 'string' ? '"…"' : goValueString(value)}`,
    );
  throw new GoYAMLError(`yaml: invalid map key: ${goGoSyntax(key)}`);
}

function goValueString(v: JSONValue): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof BigIntLiteral) return v.text;
  if (typeof v === 'object') return goGoSyntax(v);
  return String(v);
}

function goGoSyntax(v: JSONValue): string {
  if (Array.isArray(v)) return `[]interface {}{${v.map(goValueString).join(', ')}}`;
  if (v !== null && typeof v === 'object' && !(v instanceof BigIntLiteral))
    return `map[interface {}]interface {}{${Object.entries(v)
      .map(([k, x]) => `${JSON.stringify(k)}:${goValueString(x)}`)
      .join(', ')}}`;
  return goValueString(v);
}
