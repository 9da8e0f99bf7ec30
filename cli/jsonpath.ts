// kubectl's `-o jsonpath=TEMPLATE` (client-go util/jsonpath): literal text plus `{…}` actions — fields `.a`,
// `['a']`, indexes and slices `[0]` `[1:3]`, wildcards `[*]` `.*`, recursive descent `..`, unions `[0,1]`,
// filters `[?(@.x=="y")]`, quoted text `{"\n"}` and `{range …}…{end}`. Results print as kubectl prints them:
// strings raw, numbers and bools as Go's fmt, maps and lists as compact JSON, values of one action space-separated.
import { compareStrings, marshalJSON, sprint, type GoJSONValue } from '../kube/util/go';
import { printJSON } from './printers/object';

type Value = unknown;

interface Segment {
  kind: 'field' | 'index' | 'slice' | 'wildcard' | 'recursive' | 'filter' | 'union';
  name?: string;
  index?: number;
  slice?: [number | undefined, number | undefined, number | undefined];
  filter?: Filter;
  union?: Segment[][];
}

interface Filter {
  left: Segment[];
  op?: string;
  right?: { literal?: Value; path?: Segment[] };
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'path'; alternatives: Segment[][] }
  | { kind: 'range'; path: Segment[]; body: Node[] };

export class JSONPathError extends Error {}
/** An error kubectl only reports when it runs the template (`error executing jsonpath …`). */
export class JSONPathExecutionError extends JSONPathError {}

/** Parses a template; throws JSONPathError with client-go-like messages. */
export function parseJSONPath(template: string): Node[] {
  let pos = 0;
  const parseNodes = (inRange: boolean): Node[] => {
    const nodes: Node[] = [];
    while (pos < template.length) {
      const open = template.indexOf('{', pos);
      if (open < 0) {
        nodes.push({ kind: 'text', text: template.slice(pos) });
        pos = template.length;
        break;
      }
      if (open > pos) nodes.push({ kind: 'text', text: template.slice(pos, open) });
      const close = findClose(template, open);
      if (close < 0) throw new JSONPathError(`unclosed action`);
      const action = template.slice(open + 1, close).trim();
      pos = close + 1;
      if (action === 'end') {
        if (!inRange) throw new JSONPathExecutionError('not in range, nothing to end');
        return nodes;
      }
      if (action.startsWith('range ') || action.startsWith('range\t')) {
        const path = parsePath(action.slice(6).trim());
        const body = parseNodes(true);
        nodes.push({ kind: 'range', path: path[0], body });
        continue;
      }
      if (/^"(?:[^"\\]|\\.)*"$/.test(action)) {
        // Go's lexer ends a quoted string at a line break; other raw control characters are kept.
        if (action.includes('\n')) throw new JSONPathError('unterminated quoted string');
        const escaped = action.replace(/[\x00-\x1f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        nodes.push({ kind: 'text', text: JSON.parse(escaped) as string });
        continue;
      }
      nodes.push({ kind: 'path', alternatives: parsePath(action) });
    }
    // A range left open runs to the end of the template, as in client-go.
    return nodes;
  };
  return parseNodes(false);
}

function findClose(t: string, open: number): number {
  let quote = '';
  for (let i = open + 1; i < t.length; i++) {
    const c = t[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '}') return i;
  }
  return -1;
}

/** A path action, possibly a comma-separated union of paths. */
function parsePath(src: string): Segment[][] {
  const parts = splitTopLevel(src, ',');
  return parts.map((p) => parseSegments(p.trim()));
}

function splitTopLevel(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '(') depth++;
    else if (c === ']' || c === ')') depth--;
    else if (c === sep && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

function parseSegments(src: string): Segment[] {
  const segs: Segment[] = [];
  let i = 0;
  if (src.startsWith('$') || src.startsWith('@')) i = 1;
  while (i < src.length) {
    const c = src[i];
    if (src.startsWith('..', i)) {
      segs.push({ kind: 'recursive' });
      i += 2;
      if (src[i] === '*') {
        segs.push({ kind: 'wildcard' });
        i++;
        continue;
      }
      const m = /^[^.[\]()\s]+/.exec(src.slice(i));
      if (m) {
        segs.push({ kind: 'field', name: m[0] });
        i += m[0].length;
      }
      continue;
    }
    if (c === '.') {
      i++;
      if (src[i] === '*') {
        segs.push({ kind: 'wildcard' });
        i++;
        continue;
      }
      const m = /^[^.[\]()\s]*/.exec(src.slice(i))!;
      if (m[0] === '') continue; // `{.}`: the current object
      segs.push({ kind: 'field', name: m[0] });
      i += m[0].length;
      continue;
    }
    if (c === '[') {
      const end = matchingBracket(src, i);
      if (end < 0) throw new JSONPathError(`unterminated array`);
      const inner = src.slice(i + 1, end).trim();
      i = end + 1;
      segs.push(parseBracket(inner));
      continue;
    }
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    throw new JSONPathError(
      `unrecognized character in action: U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} '${c}'`,
    );
  }
  return segs;
}

function matchingBracket(s: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  return -1;
}

function parseBracket(inner: string): Segment {
  if (inner === '*') return { kind: 'wildcard' };
  if (inner.startsWith('?(') && inner.endsWith(')'))
    return { kind: 'filter', filter: parseFilter(inner.slice(2, -1).trim()) };
  const union = splitTopLevel(inner, ',');
  if (union.length > 1) return { kind: 'union', union: union.map((u) => [parseBracket(u.trim())]) };
  const quoted = /^'([^']*)'$|^"([^"]*)"$/.exec(inner);
  if (quoted) return { kind: 'field', name: quoted[1] ?? quoted[2] };
  if (inner.includes(':')) {
    const [a, b, c] = inner.split(':').map((x) => (x.trim() === '' ? undefined : Number(x)));
    if ([a, b, c].some((x) => x !== undefined && !Number.isInteger(x)))
      throw new JSONPathError(`invalid array index ${inner}`);
    return { kind: 'slice', slice: [a, b, c] };
  }
  const n = Number(inner);
  if (!Number.isInteger(n)) throw new JSONPathError(`invalid array index ${inner}`);
  return { kind: 'index', index: n };
}

function parseFilter(src: string): Filter {
  const m = /^(.*?)\s*(==|!=|<=|>=|<|>|=~)\s*(.*)$/.exec(src);
  if (!m) return { left: parseSegments(src) };
  const rightSrc = m[3].trim();
  let right: Filter['right'];
  if (/^'.*'$|^".*"$/.test(rightSrc)) right = { literal: rightSrc.slice(1, -1) };
  else if (rightSrc === 'true' || rightSrc === 'false') right = { literal: rightSrc === 'true' };
  else if (rightSrc !== '' && !Number.isNaN(Number(rightSrc))) right = { literal: Number(rightSrc) };
  else right = { path: parseSegments(rightSrc) };
  return { left: parseSegments(m[1].trim()), op: m[2], right };
}

// ---------------------------------------------------------------------------------------------------------------

const isObject = (v: Value): v is Record<string, Value> => v !== null && typeof v === 'object' && !Array.isArray(v);

interface Walk {
  allowMissing: boolean;
  /** Errors show values as client-go does (%v); off where values may be credentials (config view). */
  showValues: boolean;
}

/** Go's reflect type name of a decoded JSON value, as `%v is not array or slice` shows it. */
function goType(v: Value): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (isObject(v)) return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

function step(values: Value[], seg: Segment, w: Walk): Value[] {
  const out: Value[] = [];
  for (const v of values) {
    // client-go skips nil values (template.Indirect) before every step but a filter, which rejects them.
    if ((v === null || v === undefined) && seg.kind !== 'filter') continue;
    switch (seg.kind) {
      case 'field':
        if (isObject(v) && seg.name! in v) out.push(v[seg.name!]);
        break;
      case 'index':
      case 'slice': {
        if (!Array.isArray(v)) throw new JSONPathError(`${goType(v)} is not array or slice`);
        // client-go's evalArray: [i] is the slice [i:i+1]; bounds are checked even when keys may be missing.
        const len = v.length;
        const stride = seg.kind === 'slice' ? seg.slice![2] : undefined;
        let [from, to] = seg.kind === 'index' ? [seg.index!, seg.index! + 1] : [seg.slice![0], seg.slice![1]];
        const derivedEnd = seg.kind === 'index' && to === 0;
        from = from === undefined ? 0 : from < 0 ? from + len : from;
        to = to === undefined ? len : to < 0 || derivedEnd ? to + len : to;
        if (to === from) return out;
        if (from >= len || from < 0) throw new JSONPathError(`array index out of bounds: index ${from}, length ${len}`);
        if (to > len || to < 0) throw new JSONPathError(`array index out of bounds: index ${to - 1}, length ${len}`);
        if (from > to) throw new JSONPathError(`starting index ${from} is greater than ending index ${to}`);
        if (stride !== undefined && stride <= 0) throw new JSONPathError('step must be > 0');
        for (let i = from; i < to; i += stride ?? 1) out.push(v[i]);
        break;
      }
      case 'wildcard':
        if (Array.isArray(v)) out.push(...v);
        else if (isObject(v)) for (const k of Object.keys(v).sort(compareStrings)) out.push(v[k]);
        break;
      case 'recursive':
        out.push(...descend(v));
        break;
      case 'union':
        for (const alt of seg.union!) out.push(...walkSegments([v], alt, w));
        break;
      case 'filter':
        if (!Array.isArray(v)) {
          // kubectl prints the value with %v; without showValues only its type is named.
          const what = w.showValues || v === null || v === undefined ? sprint(v) : goType(v);
          throw new JSONPathError(`${what} is not array or slice and cannot be filtered`);
        }
        for (const item of v) if (matches(item, seg.filter!, w)) out.push(item);
        break;
    }
  }
  // A field missing from every value is an error only when keys may not be missing.
  if (seg.kind === 'field' && values.length > 0 && out.length === 0 && !w.allowMissing)
    throw new JSONPathError(`${seg.name} is not found`);
  return out;
}

function descend(v: Value): Value[] {
  const out: Value[] = [v];
  if (Array.isArray(v)) for (const x of v) out.push(...descend(x));
  else if (isObject(v)) for (const k of Object.keys(v).sort(compareStrings)) out.push(...descend(v[k]));
  return out;
}

function walkSegments(values: Value[], segs: Segment[], w: Walk): Value[] {
  let cur = values;
  for (const s of segs) cur = step(cur, s, w);
  return cur;
}

function matches(item: Value, f: Filter, w: Walk): boolean {
  const inner = { ...w, allowMissing: true };
  const left = walkSegments([item], f.left, inner);
  if (!f.op) return left.length > 0 && left.some((x) => x !== null && x !== false);
  const right = f.right!.path ? walkSegments([item], f.right!.path, inner) : [f.right!.literal];
  if (left.length === 0 || right.length === 0) return false;
  const a = left[0];
  const b = right[0];
  switch (f.op) {
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return (a as number) < (b as number);
    case '>':
      return (a as number) > (b as number);
    case '<=':
      return (a as number) <= (b as number);
    case '>=':
      return (a as number) >= (b as number);
    case '=~':
      return typeof a === 'string' && new RegExp(String(b)).test(a);
  }
  return false;
}

/** One result as kubectl prints it: maps and lists as JSON, everything else as Go's %v (nil is `<nil>`). */
function text(v: Value): string {
  return Array.isArray(v) || isObject(v) ? marshalJSON(v as GoJSONValue) : sprint(v);
}

export interface JSONPathOptions {
  /** kubectl's --allow-missing-template-keys (default true). */
  allowMissing?: boolean;
  /** -o jsonpath-as-json: each action's results as an indented JSON array. */
  asJSON?: boolean;
  /** Name values in error messages (kubectl does; config view does not, values may be credentials). */
  showValues?: boolean;
}

/**
 * client-go's FindResults: one result set per action run (a `{range}` runs its body once per item, and a
 * text node is a set of one string).
 */
export function findJSONPathResults(nodes: Node[], data: Value, options: JSONPathOptions = {}): Value[][] {
  const w: Walk = { allowMissing: options.allowMissing ?? true, showValues: options.showValues ?? false };
  const find = (ns: Node[], d: Value): Value[][] => {
    const sets: Value[][] = [];
    for (const node of ns) {
      if (node.kind === 'text') sets.push([node.text]);
      else if (node.kind === 'path') sets.push(node.alternatives.flatMap((alt) => walkSegments([d], alt, w)));
      else for (const item of walkSegments([d], node.path, w)) sets.push(...find(node.body, item));
    }
    return sets;
  };
  return find(nodes, data);
}

/** Runs a parsed template over a JSON value (kubectl: --allow-missing-template-keys=true by default). */
export function executeJSONPath(nodes: Node[], data: Value, options: JSONPathOptions = {}): string {
  const sets = findJSONPathResults(nodes, data, options);
  // Values of one action are space-separated; as JSON each action is an array of its values.
  if (options.asJSON) return sets.map((set) => printJSON(set)).join('');
  return sets.map((set) => set.map(text).join(' ')).join('');
}

/**
 * kubectl's RelaxedJSONPathExpression: `a.b`, `.a.b`, `{a.b}` and `{.a.b}` all become `{.a.b}` (custom columns,
 * --sort-by).
 */
export function relaxedJSONPathExpression(expression: string): string {
  if (expression === '') return expression;
  const m = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/.exec(expression);
  if (!m)
    throw new JSONPathError(
      "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'",
    );
  return `{.${m[1] ?? m[2]}}`;
}
