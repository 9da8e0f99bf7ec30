// The functions kube-apiserver 1.35 declares for CRD rules (k8s.io/apiserver/pkg/cel/environment/base.go) and the
// signatures of their overloads, for the type checker's "undeclared reference" and "found no matching overload"
// errors. A function missing here is refused, so the list is the whole environment. Signatures use cel-go's type
// parameters (`list(A).indexOf(A)`): an argument must be assignable to its parameter after the parameters bound by
// the arguments before it, as cel-go's checker unifies them; dyn is assignable both ways.

/** A CEL type as the checker sees it: kind ('string', 'list', 'opaque:Quantity', 'object', 'A' a type parameter…). */
export interface CelArgType {
  k: string;
  elem?: CelArgType;
  key?: CelArgType;
  /** An object's type name (`selfType123.spec.items.@idx`): objects of different names are different types. */
  name?: string;
}

/** An overload: receiver type (undefined for a global function) and parameter types. */
interface Overload {
  recv?: CelArgType;
  args: CelArgType[];
}

/** Parses a signature type: `int`, `list(A)`, `map(string, list(string))`, `optional_type(A)`, `opaque:IP`. */
function parseType(s: string): CelArgType {
  const open = s.indexOf('(');
  if (open < 0) return { k: s.trim() };
  const k = s.slice(0, open).trim();
  const inner = s.slice(open + 1, s.lastIndexOf(')'));
  let depth = 0;
  let from = 0;
  const parts: string[] = [];
  for (let i = 0; i < inner.length; i++) {
    if (inner[i] === '(') depth++;
    else if (inner[i] === ')') depth--;
    else if (inner[i] === ',' && depth === 0) {
      parts.push(inner.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(inner.slice(from));
  const types = parts.map(parseType);
  if (k === 'map') return { k, key: types[0], elem: types[1] };
  return { k: k === 'optional_type' ? 'optional' : k, elem: types[0] };
}

const member = (recv: string, ...sigs: string[][]): Overload[] =>
  sigs.map((args) => ({ recv: parseType(recv), args: args.map(parseType) }));
const global = (...sigs: string[][]): Overload[] => sigs.map((args) => ({ args: args.map(parseType) }));
/** One member overload per receiver type, without arguments (`list(int).sum()`, `list(uint).sum()` …). */
const onEach = (recvs: string[], ...args: string[]): Overload[] => recvs.flatMap((r) => member(r, args));

const QUANTITY = 'opaque:Quantity';
const SEMVER = 'opaque:Semver';
const IP = 'opaque:IP';
const CIDR = 'opaque:CIDR';
const URL = 'opaque:URL';
// the element types of the Kubernetes lists library (lists.go) and of cel-go's list sort
const COMPARABLE = ['bool', 'int', 'uint', 'double', 'duration', 'timestamp', 'string', 'bytes'];
const SUMMABLE = ['int', 'uint', 'double', 'duration'];
const listsOf = (elems: string[]) => elems.map((e) => `list(${e})`);

/** Functions whose every overload is listed: a call matching none is a type error. */
const OVERLOADS = new Map<string, Overload[]>([
  // standard CEL and cel-go ext.Strings v2
  ['size', [...global(['string'], ['bytes'], ['list(A)'], ['map(K, V)']), ...onEach(['string', 'bytes', 'list(A)', 'map(K, V)'])]],
  ['startsWith', member('string', ['string'])],
  ['endsWith', member('string', ['string'])],
  ['contains', member('string', ['string'])],
  ['matches', [...member('string', ['string']), ...global(['string', 'string'])]],
  ['charAt', member('string', ['int'])],
  ['indexOf', [...member('string', ['string'], ['string', 'int']), ...member('list(A)', ['A'])]],
  ['lastIndexOf', [...member('string', ['string'], ['string', 'int']), ...member('list(A)', ['A'])]],
  ['lowerAscii', member('string', [])],
  ['upperAscii', member('string', [])],
  ['trim', member('string', [])],
  ['replace', member('string', ['string', 'string'], ['string', 'string', 'int'])],
  ['split', member('string', ['string'], ['string', 'int'])],
  ['substring', member('string', ['int'], ['int', 'int'])],
  ['format', member('string', ['list(dyn)'])],
  ['join', member('list(string)', [], ['string'])],
  ['strings.quote', global(['string'])],
  // cel-go ext.Lists v3 and ext.Sets
  ['reverse', member('list(A)', [])],
  ['distinct', member('list(A)', [])],
  ['sort', onEach(listsOf(COMPARABLE))],
  ['flatten', [...member('list(list(A))', []), ...member('list(dyn)', ['int'])]],
  ['slice', member('list(A)', ['int', 'int'])],
  ['lists.range', global(['int'])],
  ['sets.contains', global(['list(A)', 'list(A)'])],
  ['sets.equivalent', global(['list(A)', 'list(A)'])],
  ['sets.intersects', global(['list(A)', 'list(A)'])],
  // optional types
  ['optional.of', global(['A'])],
  ['optional.ofNonZeroValue', global(['A'])],
  ['optional.none', global([])],
  ['value', member('optional_type(A)', [])],
  ['hasValue', member('optional_type(A)', [])],
  ['or', member('optional_type(A)', ['optional_type(A)'])],
  ['orValue', member('optional_type(A)', ['A'])],
  // Kubernetes libraries: lists, regex
  ['isSorted', onEach(listsOf(COMPARABLE))],
  ['sum', onEach(listsOf(SUMMABLE))],
  ['min', onEach(listsOf(COMPARABLE))],
  ['max', onEach(listsOf(COMPARABLE))],
  ['find', member('string', ['string'])],
  ['findAll', member('string', ['string'], ['string', 'int'])],
  // quantity
  ['quantity', global(['string'])],
  ['isQuantity', global(['string'])],
  ['sign', member(QUANTITY, [])],
  ['asApproximateFloat', member(QUANTITY, [])],
  ['isInteger', member(QUANTITY, [])],
  ['asInteger', member(QUANTITY, [])],
  ['add', member(QUANTITY, [QUANTITY], ['int'])],
  ['sub', member(QUANTITY, [QUANTITY], ['int'])],
  ['isGreaterThan', [...member(QUANTITY, [QUANTITY]), ...member(SEMVER, [SEMVER])]],
  ['isLessThan', [...member(QUANTITY, [QUANTITY]), ...member(SEMVER, [SEMVER])]],
  ['compareTo', [...member(QUANTITY, [QUANTITY]), ...member(SEMVER, [SEMVER])]],
  // URLs
  ['url', global(['string'])],
  ['isURL', global(['string'])],
  ['getScheme', member(URL, [])],
  ['getHost', member(URL, [])],
  ['getHostname', member(URL, [])],
  ['getPort', member(URL, [])],
  ['getEscapedPath', member(URL, [])],
  ['getQuery', member(URL, [])],
  // IP and CIDR
  ['ip', [...global(['string']), ...member(CIDR, [])]],
  ['isIP', global(['string'])],
  ['ip.isCanonical', global(['string'])],
  ['family', member(IP, [])],
  ['isUnspecified', member(IP, [])],
  ['isLoopback', member(IP, [])],
  ['isLinkLocalMulticast', member(IP, [])],
  ['isLinkLocalUnicast', member(IP, [])],
  ['isGlobalUnicast', member(IP, [])],
  ['cidr', global(['string'])],
  ['isCIDR', global(['string'])],
  ['containsIP', member(CIDR, [IP], ['string'])],
  ['containsCIDR', member(CIDR, [CIDR], ['string'])],
  ['masked', member(CIDR, [])],
  ['prefixLength', member(CIDR, [])],
  // semver
  ['semver', global(['string'], ['string', 'bool'])],
  ['isSemver', global(['string'], ['string', 'bool'])],
  ['major', member(SEMVER, [])],
  ['minor', member(SEMVER, [])],
  ['patch', member(SEMVER, [])],
  // format
  ['format.named', global(['string'])],
  ['validate', member('opaque:Format', ['string'])],
]); // prettier-ignore

/** Declared functions whose overloads are not listed above: only their name is checked. */
const DECLARED = new Set([
  // standard CEL: conversions, timestamps and durations
  'int', 'uint', 'double', 'string', 'bytes', 'bool', 'type', 'dyn', 'duration', 'timestamp',
  'getFullYear', 'getMonth', 'getDayOfMonth', 'getDate', 'getDayOfWeek', 'getDayOfYear', 'getHours', 'getMinutes',
  'getSeconds', 'getMilliseconds',
  // optional types
  'optional.unwrap', 'unwrapOpt', 'first', 'last',
  're2Matches', 'asciiLower', 'asciiUpper',
  // macros (the estimator expands the ones it sizes; the others reach the check as calls) and cel.bind, which is
  // reported on its own
  'has', 'all', 'exists', 'exists_one', 'existsOne', 'map', 'filter', 'transformList', 'transformMap',
  'transformMapEntry', 'sortBy', 'optMap', 'optFlatMap', 'cel.bind',
]); // prettier-ignore

/** Namespaces whose functions are not listed one by one (format.dns1123Label() …, and any not checked here). */
const OPEN_NAMESPACES = ['format.', 'math.', 'base64.'];

/** Kinds whose assignability is not judged here (a type value): a call with one is not refused. */
const UNJUDGED = new Set(['type']);
/** The kinds null is assignable to (measured against kube-apiserver 1.35: not to primitives, lists or maps). */
const NULLABLE = new Set(['null', 'object', 'optional']);

const isParam = (t: CelArgType) => /^[A-Z]$/.test(t.k);

/** Whether `arg` is assignable to `param`, binding type parameters in `subs` (cel-go's checker, simplified). */
function assignable(param: CelArgType, arg: CelArgType, subs: Map<string, CelArgType>): boolean {
  if (isParam(param)) {
    const bound = subs.get(param.k);
    if (!bound) {
      subs.set(param.k, arg);
      return true;
    }
    if (assignable(bound, arg, new Map())) return true;
    // a more general argument (dyn, list(dyn)) widens the binding
    if (assignable(arg, bound, new Map())) {
      subs.set(param.k, arg);
      return true;
    }
    return false;
  }
  if (param.k === 'dyn' || arg.k === 'dyn' || UNJUDGED.has(arg.k) || UNJUDGED.has(param.k)) return true;
  if (arg.k === 'null') return NULLABLE.has(param.k) || param.k.startsWith('opaque:');
  if (param.k !== arg.k) return false;
  if (param.k === 'object') return param.name === undefined || arg.name === undefined || param.name === arg.name;
  if (param.elem && !assignable(param.elem, arg.elem ?? { k: 'dyn' }, subs)) return false;
  if (param.key && !assignable(param.key, arg.key ?? { k: 'dyn' }, subs)) return false;
  return true;
}

function fits(o: Overload, recv: CelArgType | undefined, args: CelArgType[]): boolean {
  if ((o.recv === undefined) !== (recv === undefined) || o.args.length !== args.length) return false;
  const subs = new Map<string, CelArgType>();
  if (o.recv && recv && !assignable(o.recv, recv, subs)) return false;
  return o.args.every((p, i) => assignable(p, args[i], subs));
}

const noOverload = (fn: string, applied: string) => `found no matching overload for '${fn}' applied to '${applied}'`;

/**
 * cel-go's checker error for a call (undefined when it type-checks or is not known well enough to tell):
 * an undeclared function, or no overload for these receiver and argument types.
 */
export function overloadError(
  name: string,
  recv: CelArgType | undefined,
  args: CelArgType[],
  typeName: (t: CelArgType) => string,
): string | undefined {
  const overloads = OVERLOADS.get(name);
  if (!overloads) {
    if (DECLARED.has(name) || OPEN_NAMESPACES.some((ns) => name.startsWith(ns))) return undefined;
    return `undeclared reference to '${name}' (in container '')`;
  }
  if (overloads.some((o) => fits(o, recv, args))) return undefined;
  return noOverload(name, `${recv ? `${typeName(recv)}.` : ''}(${args.map(typeName).join(', ')})`);
}

/** The overloads of CEL's operators (cel-go's standard declarations), by the checker's function name. */
const NUMERIC = ['int', 'uint', 'double'];
const pairs = (...types: string[]) => global(...types.map((t) => [t, t]));
const OPERATORS = new Map<string, Overload[]>([
  ['_+_', [...pairs(...NUMERIC, 'string', 'bytes', 'list(A)', 'duration'), ...global(['timestamp', 'duration'], ['duration', 'timestamp'])]],
  ['_-_', [...pairs(...NUMERIC, 'duration', 'timestamp'), ...global(['timestamp', 'duration'])]],
  ['_*_', pairs(...NUMERIC)],
  ['_/_', pairs(...NUMERIC)],
  ['_%_', pairs('int', 'uint')],
  ['@in', global(['A', 'list(A)'], ['A', 'map(A, B)'])],
  ['_==_', global(['A', 'A'])],
  ['_!=_', global(['A', 'A'])],
]); // prettier-ignore
const OPERATOR_NAMES: Record<string, string> = {
  '+': '_+_',
  '-': '_-_',
  '*': '_*_',
  '/': '_/_',
  '%': '_%_',
  in: '@in',
  '==': '_==_',
  '!=': '_!=_',
};

/** cel-go's checker error for a binary operator with these operand types (undefined when it type-checks). */
export function operatorError(
  op: string,
  a: CelArgType,
  b: CelArgType,
  typeName: (t: CelArgType) => string,
): string | undefined {
  const fn = OPERATOR_NAMES[op];
  const overloads = OPERATORS.get(fn);
  if (!overloads || overloads.some((o) => fits(o, undefined, [a, b]))) return undefined;
  return noOverload(fn, `(${typeName(a)}, ${typeName(b)})`);
}

/** Whether a type is known exactly (no dyn, type value or unnamed object inside): only those are compared strictly. */
function certain(t: CelArgType): boolean {
  if (t.k === 'dyn' || UNJUDGED.has(t.k) || (t.k === 'object' && t.name === undefined)) return false;
  return (!t.elem || certain(t.elem)) && (!t.key || certain(t.key));
}

function sameType(a: CelArgType, b: CelArgType): boolean {
  if (a.k !== b.k || a.name !== b.name) return false;
  if (!a.elem !== !b.elem || !a.key !== !b.key) return false;
  return (!a.elem || sameType(a.elem, b.elem!)) && (!a.key || sameType(a.key, b.key!));
}

/**
 * A list or map literal's elements (keys, values) must all have the first one's type (kube-apiserver enables cel-go's
 * homogeneous aggregate literals): cel-go's "expected type … but found …", or undefined when they do or are not
 * known exactly.
 */
export function literalElementError(
  first: CelArgType,
  other: CelArgType,
  typeName: (t: CelArgType) => string,
): string | undefined {
  if (!certain(first) || !certain(other) || sameType(first, other)) return undefined;
  return `expected type '${typeName(first)}' but found '${typeName(other)}'`;
}

/** cel-go's checker error for `!x` and `-x`. */
export function unaryError(op: '!_' | '-_', t: CelArgType, typeName: (t: CelArgType) => string): string | undefined {
  if (t.k === 'dyn' || UNJUDGED.has(t.k)) return undefined;
  if (op === '!_' ? t.k === 'bool' : t.k === 'int' || t.k === 'double') return undefined;
  return noOverload(op, `(${typeName(t)})`);
}

/** cel-go's checker error for `c ? t : f`: a bool condition and branches of one type. */
export function conditionalError(
  c: CelArgType,
  t: CelArgType,
  f: CelArgType,
  typeName: (t: CelArgType) => string,
): string | undefined {
  const ok = fits({ args: [{ k: 'bool' }, { k: 'A' }, { k: 'A' }] }, undefined, [c, t, f]);
  return ok ? undefined : noOverload('_?_:_', `(${[c, t, f].map(typeName).join(', ')})`);
}
