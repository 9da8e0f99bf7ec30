// CEL cost as kube-apiserver computes it. The static estimate ports cel-go's checker/cost.go with the
// Kubernetes library costs (k8s.io/apiserver/pkg/cel/library/cost.go) and the CRD size estimator
// (apiextensions-apiserver schema/cel: SchemaDeclType's maxElements, maxCardinality). It walks cel-js's AST,
// expanding macros into the comprehension shapes cel-go's parser produces, and infers the few types the
// estimator depends on (object vs map selection, list vs string overloads, scalar sizes). Costs are uint64 in
// Go; here they are doubles saturated at 2^64, exact below 2^53 (far above every limit).
import { conditionalError, literalElementError, operatorError, overloadError, unaryError } from './celOverloads';
import type { ASTNode } from '@marcbachmann/cel-js';
import type { OpenAPISchema } from '../schema/types';
import { re2Error } from './re2';

export const MAX_REQUEST_SIZE_BYTES = 3 * 1024 * 1024;
/** celconfig.PerCallLimit: the run-time limit of one evaluation. */
export const PER_CALL_LIMIT = 1_000_000;
/** celconfig.RuntimeCELCostBudget: the run-time budget of all rules of one object. */
export const RUNTIME_COST_BUDGET = 10_000_000;
/** StaticEstimatedCostLimit / StaticEstimatedCRDCostLimit of CRD validation. */
export const STATIC_ESTIMATED_COST_LIMIT = 10_000_000;
export const STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000;

const U64 = 2 ** 64 - 1; // math.MaxUint64 (rounds to 2^64 as a double; only compared, never printed)
const STRING_TRAVERSAL = 0.1;
const REGEX_LENGTH = 0.25;

export interface Range {
  min: number;
  max: number;
}
const fixed = (n: number): Range => ({ min: n, max: n });
const UNKNOWN: Range = { min: 0, max: U64 };
const sat = (x: number) => (x >= U64 ? U64 : x);
const add = (a: Range, b: Range): Range => ({ min: sat(a.min + b.min), max: sat(a.max + b.max) });
const mul = (a: Range, b: Range): Range => ({ min: sat(a.min * b.min), max: sat(a.max * b.max) });
const union = (a: Range, b: Range): Range => ({ min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) });
function byFactor(r: Range, f: number): Range {
  const one = (x: number) => (x > 0 && f > 0 && x > U64 / f ? U64 : sat(Math.ceil(x * f)));
  return { min: one(r.min), max: one(r.max) };
}

// ---------- DeclType: the schema as CEL sees it (apiextensions-apiserver model.SchemaDeclType) ----------
export interface DeclType {
  kind: 'bool' | 'int' | 'double' | 'string' | 'bytes' | 'duration' | 'timestamp' | 'dyn' | 'list' | 'map' | 'object';
  minSize: number;
  maxElements: number;
  elem?: DeclType;
  key?: DeclType;
  fields?: Map<string, DeclType>;
  /** A field's property name in JSON (fields are keyed by their escaped CEL name). */
  jsonName?: string;
}
type Deref = (s: OpenAPISchema | undefined) => OpenAPISchema | undefined;
type Escape = (name: string) => string | undefined;

const STRING_KEY: DeclType = { kind: 'string', minSize: 2, maxElements: 0 };
const PLAIN_STRING: OpenAPISchema = { type: 'string' };

function maxStringLength(s: OpenAPISchema): number {
  if (s['x-kubernetes-int-or-string']) return MAX_REQUEST_SIZE_BYTES - 2;
  switch (s.format) {
    case 'duration':
      return 32;
    case 'date':
      return 12;
    case 'date-time':
      return 32;
    default:
      return MAX_REQUEST_SIZE_BYTES - 2;
  }
}
const nonNegative = (v: unknown): number | undefined =>
  typeof v === 'number' ? Math.max(0, Math.trunc(v)) : undefined;

/** The root of a resource always has apiVersion, kind, metadata.name and metadata.generateName. */
function withTypeAndObjectMeta(s: OpenAPISchema, deref: Deref): OpenAPISchema {
  const p = s.properties ?? {};
  const md = deref(p.metadata);
  const isString = (x: OpenAPISchema | undefined) => deref(x)?.type === 'string';
  if (
    isString(p.kind) &&
    isString(p.apiVersion) &&
    md?.type === 'object' &&
    isString(md.properties?.name) &&
    isString(md.properties?.generateName)
  )
    return s;
  return {
    ...s,
    properties: {
      ...p,
      kind: PLAIN_STRING,
      apiVersion: PLAIN_STRING,
      metadata: { type: 'object', properties: { name: PLAIN_STRING, generateName: PLAIN_STRING } },
    },
  };
}

export function schemaDeclType(
  raw: OpenAPISchema | undefined,
  isRoot: boolean,
  escape: Escape,
  deref: Deref = (x) => x,
): DeclType | undefined {
  let s = deref(raw);
  if (!s) return undefined;
  if (s['x-kubernetes-int-or-string']) {
    // measured against kube-apiserver 1.35: a maxLength bounds it as it bounds a string
    const maxLength = nonNegative(s.maxLength);
    return {
      kind: 'dyn',
      minSize: 1,
      maxElements: maxLength !== undefined ? maxLength * 4 : MAX_REQUEST_SIZE_BYTES - 2,
    };
  }
  if (isRoot) s = withTypeAndObjectMeta(s, deref);
  const sub = (x: OpenAPISchema | undefined) =>
    schemaDeclType(x, !!deref(x)?.['x-kubernetes-embedded-resource'], escape, deref);
  switch (s.type) {
    case 'array': {
      if (!s.items || Array.isArray(s.items)) return undefined;
      const elem = sub(s.items);
      if (!elem) return undefined;
      const maxItems = nonNegative(s.maxItems) ?? Math.floor((MAX_REQUEST_SIZE_BYTES - 2) / (elem.minSize + 1));
      return { kind: 'list', minSize: 2, maxElements: maxItems, elem };
    }
    case 'object': {
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        const elem = sub(s.additionalProperties);
        if (!elem) return undefined;
        const maxProps = nonNegative(s.maxProperties) ?? Math.floor((MAX_REQUEST_SIZE_BYTES - 2) / (elem.minSize + 6));
        return { kind: 'map', minSize: 2, maxElements: maxProps, elem, key: STRING_KEY };
      }
      const fields = new Map<string, DeclType>();
      const required = new Set(Array.isArray(s.required) ? s.required : []);
      let minSize = 2;
      for (const [name, prop] of Object.entries(s.properties ?? {})) {
        const t = sub(prop);
        if (!t) continue;
        const escaped = escape(name);
        if (escaped !== undefined) fields.set(escaped, { ...t, jsonName: name });
        if (required.has(name) && deref(prop)?.default === undefined)
          minSize += Buffer.byteLength(name) + t.minSize + 4;
      }
      return { kind: 'object', minSize, maxElements: 0, fields };
    }
    case 'string': {
      const maxLength = nonNegative(s.maxLength);
      switch (s.format) {
        case 'byte':
          return { kind: 'bytes', minSize: 2, maxElements: maxLength ?? maxStringLength(s) };
        case 'duration':
          return { kind: 'duration', minSize: 3, maxElements: maxStringLength(s) };
        case 'date':
          return { kind: 'timestamp', minSize: 12, maxElements: maxStringLength(s) };
        case 'date-time':
          return { kind: 'timestamp', minSize: 21, maxElements: maxStringLength(s) };
      }
      // measured against kube-apiserver 1.35: without maxLength, an enum bounds a string by its longest value
      if (
        maxLength === undefined &&
        Array.isArray(s.enum) &&
        s.enum.length > 0 &&
        s.enum.every((e) => typeof e === 'string')
      )
        return {
          kind: 'string',
          minSize: 2,
          maxElements: Math.max(...s.enum.map((e) => Buffer.byteLength(e as string))),
        };
      // maxLength counts code points; the estimator reasons in bytes (up to 4 per code point).
      return { kind: 'string', minSize: 2, maxElements: maxLength !== undefined ? maxLength * 4 : maxStringLength(s) };
    }
    case 'boolean':
      return { kind: 'bool', minSize: 4, maxElements: 0 };
    case 'number':
      return { kind: 'double', minSize: 1, maxElements: 0 };
    case 'integer':
      return { kind: 'int', minSize: 1, maxElements: 0 };
  }
  return undefined;
}

/** How often a rule of this type can run in one request when nothing above bounds it (maxCardinality). */
export function maxCardinality(minSize: number): number {
  return Math.floor(MAX_REQUEST_SIZE_BYTES / (minSize + 1));
}

// ---------- types the estimator needs ----------
interface CelType {
  k: string; // bool int uint double string bytes null list map object dyn timestamp duration optional type opaque:<name>
  elem?: CelType;
  key?: CelType;
  decl?: DeclType;
  /** An object's type name, as the API server names the rule's types: `selfType<n>.field.@idx` (list items), `.@elem`. */
  name?: string;
}
const T = (k: string, elem?: CelType, key?: CelType): CelType => ({ k, elem, key });
const DYN = T('dyn');
const BOOL = T('bool');
const INT = T('int');
const STRING = T('string');

function declToType(d: DeclType | undefined, name: string): CelType {
  if (!d) return DYN;
  switch (d.kind) {
    case 'list':
      return T('list', declToType(d.elem, `${name}.@idx`));
    case 'map':
      return T('map', declToType(d.elem, `${name}.@elem`), STRING);
    case 'object':
      return { k: 'object', decl: d, name };
    default:
      return T(d.kind);
  }
}
const isScalar = (t: CelType): boolean =>
  ['bool', 'double', 'duration', 'int', 'timestamp', 'uint'].includes(t.k) ||
  (t.k === 'optional' && !!t.elem && isScalar(t.elem));

/** A type-check failure at a source offset, worded as cel-go words it. */
export interface CelTypeError {
  offset: number;
  message: string;
}

interface Entry {
  list: boolean;
  key: Range;
  val: Range;
}
interface LocalVar {
  path: string[];
  size?: Range;
  entry?: Entry;
  type: CelType;
}
interface Result {
  cost: Range;
  type: CelType;
}

/** The types cel-go's lists extension sorts (its comparableTypes). */
const COMPARABLE = new Set(['int', 'uint', 'double', 'bool', 'duration', 'timestamp', 'string', 'bytes']);

const TYPE_NAMES = new Set([
  'int',
  'uint',
  'double',
  'bool',
  'string',
  'bytes',
  'list',
  'map',
  'null_type',
  'type',
  'dyn',
]);
const NAMESPACES = new Set(['cel', 'optional', 'format', 'strings', 'sets', 'lists', 'math', 'base64', 'ip']);
const ACCU = '@result';

/**
 * Estimates an expression's cost with `self` (and `oldSelf`) of the given type. `root` drives sizes through
 * field paths as the API server's size estimator does.
 */
export class CostEstimator {
  private readonly sizes = new Map<ASTNode, Range>();
  private readonly entries = new Map<ASTNode, Entry>();
  private readonly paths = new Map<ASTNode, string[]>();
  private readonly types = new Map<ASTNode, CelType>();
  private readonly locals = new Map<string, LocalVar[]>();
  readonly errors: CelTypeError[] = [];
  /** cel-go's regex literal validator (it runs only when type checking found nothing): invalid matches argument. */
  readonly validatorErrors: CelTypeError[] = [];
  /** Constant find/findAll patterns, compiled when the program is planned (cel.OptimizeRegex). */
  readonly programErrors: string[] = [];
  /** Whether the expression refers to the variable oldSelf (cel-go's reference map has it: a transition rule). */
  usesOldSelf = false;
  /** The rule's self type name: the API server names it `selfType` + the clock's nanoseconds, per compilation. */
  private readonly selfName = `selfType${process.hrtime.bigint() % 1_000_000_000n}`;

  constructor(
    private readonly root: DeclType | undefined,
    private readonly source = '',
    private readonly optionalOldSelf = false,
    /**
     * Bound the run-time cost instead of estimating as the API server does at CRD creation, where the two differ:
     * at run time cel-go charges an equality of scalars 1 (their size), not 0, and `startsWith`/`endsWith` the
     * receiver's length, not the argument's.
     */
    private readonly runtimeBound = false,
  ) {}

  estimate(ast: ASTNode): Range & { type: string } {
    const r = this.cost(ast);
    return { ...r.cost, type: r.type.k };
  }

  /** sortBy calls whose keys have one comparable type (their sort resolves to one overload). */
  private readonly typedSortBys = new Set<ASTNode>();

  /**
   * After `estimate`: the nodes cel-go's checker resolves to one overload where the run-time cost tracker depends on
   * it — `+` of strings or bytes (charged by their sizes; `dyn + dyn` is charged 1), `sort()` of a list of one
   * comparable type and `sortBy()` by such keys (charged n², and failing with cel-go's panic when given an error).
   */
  singleOverloads(root: ASTNode): Set<ASTNode> {
    const out = new Set<ASTNode>(this.typedSortBys);
    const typeOf = (n: unknown) => this.types.get(n as ASTNode)?.k ?? 'dyn';
    const visit = (x: unknown): void => {
      if (Array.isArray(x)) return x.forEach(visit);
      if (!x || typeof x !== 'object' || typeof (x as ASTNode).op !== 'string') return;
      const n = x as ASTNode;
      if (n.op === '+' && Array.isArray(n.args)) {
        const [a, b] = (n.args as ASTNode[]).map(typeOf);
        if ((a === 'string' || a === 'bytes') && (b === a || b === 'dyn')) out.add(n);
        if ((b === 'string' || b === 'bytes') && a === 'dyn') out.add(n);
      }
      if (n.op === 'rcall') {
        const [name, target, args] = n.args as [string, ASTNode, ASTNode[]];
        if (name === 'sort' && args.length === 0 && COMPARABLE.has(this.types.get(target)?.elem?.k ?? 'dyn'))
          out.add(n);
      }
      visit(n.args);
    };
    visit(root);
    return out;
  }

  // ----- sizes -----
  private estimateSize(path: string[]): Range | undefined {
    if (path.length === 0 || !this.root) return undefined;
    let d: DeclType | undefined = this.root;
    for (const step of path.slice(1)) {
      if (step === '@items' || step === '@values') d = d.elem;
      else if (step === '@keys') d = d.key;
      else d = d.fields?.get(step);
      if (!d) return undefined;
    }
    return { min: 0, max: d.maxElements };
  }

  private computeSize(n: ASTNode): Range | undefined {
    const known = this.sizes.get(n);
    if (known) return known;
    const lit = exprSize(n);
    if (lit) return lit;
    const fromPath = this.estimateSize(this.pathOf(n));
    if (fromPath) {
      this.sizes.set(n, fromPath);
      return fromPath;
    }
    const t = this.types.get(n);
    if (t && isScalar(t)) return fixed(1);
    if (n.op === 'id') return this.peek(n.args as string)?.size;
    return undefined;
  }
  private sizeOrUnknown(n: ASTNode): Range {
    return this.computeSize(n) ?? UNKNOWN;
  }
  private entryOf(n: ASTNode): Entry | undefined {
    return this.entries.get(n) ?? (n.op === 'id' ? this.peek(n.args as string)?.entry : undefined);
  }
  private pathOf(n: ASTNode): string[] {
    if (n.op === 'id') {
      const v = this.peek(n.args as string);
      if (v) return [...v.path];
    }
    return [...(this.paths.get(n) ?? [])];
  }

  // ----- scopes -----
  private peek(name: string): LocalVar | undefined {
    const s = this.locals.get(name);
    return s?.[s.length - 1];
  }
  private push(name: string, v: LocalVar): void {
    this.locals.set(name, [...(this.locals.get(name) ?? []), v]);
  }
  private pop(name: string): void {
    this.locals.get(name)?.pop();
  }

  private typed(n: ASTNode, cost: Range, type: CelType): Result {
    this.types.set(n, type);
    return { cost, type };
  }

  // ----- the walk -----
  private cost(n: ASTNode): Result {
    switch (n.op) {
      case 'value':
        return this.typed(n, fixed(0), literalType(n.args));
      case 'id':
        return this.ident(n);
      case '.':
      case '.?':
        return this.select(n);
      case 'list': {
        let sum = fixed(0);
        const items = n.args as ASTNode[];
        let val: Range = { min: items.length === 0 ? 0 : U64, max: 0 };
        let elem: CelType | undefined;
        for (const e of items) {
          const r = this.cost(e);
          sum = add(sum, r.cost);
          val = union(val, this.sizeOrUnknown(e));
          elem = elem ? this.joinElement(e, elem, r.type) : r.type;
        }
        this.entries.set(n, { list: true, key: fixed(1), val });
        return this.typed(n, add(sum, fixed(10)), T('list', elem ?? DYN));
      }
      case 'map': {
        let sum = fixed(0);
        const entries = n.args as [ASTNode, ASTNode][];
        let key: Range = { min: entries.length === 0 ? 0 : U64, max: 0 };
        let val: Range = { ...key };
        let kt: CelType | undefined;
        let vt: CelType | undefined;
        for (const [k, v] of entries) {
          const rk = this.cost(k);
          const rv = this.cost(v);
          sum = add(add(sum, rk.cost), rv.cost);
          key = union(key, this.sizeOrUnknown(k));
          val = union(val, this.sizeOrUnknown(v));
          kt = kt ? this.joinElement(k, kt, rk.type) : rk.type;
          vt = vt ? this.joinElement(v, vt, rv.type) : rv.type;
        }
        this.entries.set(n, { list: false, key, val });
        return this.typed(n, add(sum, fixed(30)), T('map', vt ?? DYN, kt ?? DYN));
      }
      case '&&':
      case '||': {
        const [a, b] = n.args as [ASTNode, ASTNode];
        const l = this.cost(a);
        const r = this.cost(b);
        this.expectBool(n, a, l.type, b, r.type);
        return this.typed(n, { min: l.cost.min, max: add(l.cost, r.cost).max }, BOOL);
      }
      case '?:': {
        const [c, t, f] = n.args as [ASTNode, ASTNode, ASTNode];
        const rc = this.cost(c);
        const rt = this.cost(t);
        const rf = this.cost(f);
        this.sizes.set(n, union(this.sizeOrUnknown(t), this.sizeOrUnknown(f)));
        const et = this.entryOf(t);
        const ef = this.entryOf(f);
        if (et && ef) this.entries.set(n, { list: et.list, key: union(et.key, ef.key), val: union(et.val, ef.val) });
        const error = conditionalError(rc.type, rt.type, rf.type, typeName);
        if (error) {
          const q = this.source.indexOf('?', c.end ?? 0);
          this.errors.push({ offset: q >= 0 ? q : (n.start ?? 0), message: error });
        }
        return this.typed(n, add(rc.cost, union(rt.cost, rf.cost)), error ? DYN : joinTypes(rt.type, rf.type));
      }
      case '!_':
      case '-_': {
        const operand = n.args as ASTNode;
        // cel-go's parser drops pairs of `!` and of `-` (`!!x` is x)
        if (operand.op === n.op) {
          const inner = this.cost(operand.args as ASTNode);
          return this.typed(n, inner.cost, inner.type);
        }
        const r = this.cost(operand);
        const error = unaryError(n.op, r.type, typeName);
        if (error) this.errors.push({ offset: n.start ?? 0, message: error });
        return this.typed(n, add(r.cost, fixed(1)), error ? DYN : n.op === '!_' ? BOOL : r.type);
      }
      case 'call':
        return this.call(n, undefined, (n.args as [string, ASTNode[]])[0], (n.args as [string, ASTNode[]])[1]);
      case 'rcall': {
        const [name, target, args] = n.args as [string, ASTNode, ASTNode[]];
        if (target.op === 'id' && NAMESPACES.has(target.args as string) && !this.peek(target.args as string))
          return this.call(n, undefined, `${target.args as string}.${name}`, args);
        return this.call(n, target, name, args);
      }
      default:
        return this.binary(n);
    }
  }

  /** A literal's next element: of the type of the ones before it, or cel-go's error at the element (then any type). */
  private joinElement(e: ASTNode, before: CelType, t: CelType): CelType {
    const message = literalElementError(before, t, typeName);
    if (!message) return joinTypes(before, t);
    this.errors.push({ offset: exprOffset(this.source, e), message });
    return DYN;
  }

  private ident(n: ASTNode): Result {
    const name = n.args as string;
    const v = this.peek(name);
    this.paths.set(n, v ? [...v.path] : [name]);
    let type = v?.type;
    if (!v && name === 'oldSelf') this.usesOldSelf = true;
    if (!type) {
      const rootType = declToType(this.root, this.selfName);
      if (name === 'self') type = rootType;
      else if (name === 'oldSelf') type = this.optionalOldSelf ? T('optional', rootType) : rootType;
      else if (TYPE_NAMES.has(name)) type = T('type');
      else {
        this.errors.push({ offset: n.start ?? 0, message: `undeclared reference to '${name}' (in container '')` });
        type = DYN;
      }
    }
    return this.typed(n, fixed(1), type);
  }

  private select(n: ASTNode): Result {
    const [operand, field] = n.args as [ASTNode, string];
    const r = this.cost(operand);
    // cel-go's checkSelectField selects from an optional's value and makes the result optional again
    const optional = r.type.k === 'optional';
    const target = optional ? (r.type.elem ?? DYN) : r.type;
    if (n.op === '.?') {
      // optional field selection is the call _?._(operand, "field"): O(1)
      return this.typed(n, add(r.cost, fixed(1)), T('optional', this.fieldType(n, target, field)));
    }
    let cost = r.cost;
    if (['map', 'object'].includes(r.type.k)) cost = add(cost, fixed(1));
    this.paths.set(n, [...this.pathOf(operand), field]);
    const type = this.fieldType(n, target, field);
    return this.typed(n, cost, optional ? T('optional', type) : type);
  }

  private fieldType(n: ASTNode, t: CelType, field: string, offset?: number): CelType {
    if (t.k === 'map') return t.elem ?? DYN;
    if (t.k === 'object' && t.decl) {
      const f = t.decl.fields?.get(field);
      if (f) return declToType(f, `${t.name ?? this.selfName}.${field}`);
      this.errors.push({ offset: offset ?? selectOffset(this.source, n), message: `undefined field '${field}'` });
      return DYN;
    }
    // cel-go's checker: only maps, objects, dyn (and optionals, chained) have fields.
    if (NO_FIELDS.has(t.k) || t.k.startsWith('opaque:'))
      this.errors.push({
        offset: offset ?? selectOffset(this.source, n),
        message: `type '${typeName(t)}' does not support field selection`,
      });
    return DYN;
  }

  private binary(n: ASTNode): Result {
    const [a, b] = n.args as [ASTNode, ASTNode];
    const l = this.cost(a);
    const r = this.cost(b);
    const args = add(l.cost, r.cost);
    const op = n.op as string;
    if (op === '==' || op === '!=') {
      this.checkOperator(n, a, l.type, b, r.type);
      const c = equalityCost(l.type, r.type, this.sizeOrUnknown(a), this.sizeOrUnknown(b), this.runtimeBound, op);
      return this.typed(n, add(c, args), BOOL);
    }
    if (op === '<' || op === '<=' || op === '>' || op === '>=') {
      this.checkOrdering(n, a, l.type, b, r.type);
      const stringy = ['string', 'bytes'].includes(l.type.k) || ['string', 'bytes'].includes(r.type.k);
      const c = stringy ? equalityCost(l.type, r.type, this.sizeOrUnknown(a), this.sizeOrUnknown(b)) : fixed(1);
      return this.typed(n, add(c, args), BOOL);
    }
    if (op === 'in') {
      this.checkOperator(n, a, l.type, b, r.type);
      const k = r.type.k;
      const inList = add(this.sizeOrUnknown(b), args);
      const inMap = add(fixed(1), args);
      const c = k === 'list' ? inList : k === 'map' ? inMap : union(inList, inMap);
      return this.typed(n, c, BOOL);
    }
    if (op === '[]' || op === '[?]') {
      const k = l.type.k;
      const entry = this.entryOf(a);
      let size = entry?.val;
      if (op === '[]' && k !== 'object') this.paths.set(n, [...this.pathOf(a), k === 'list' ? '@items' : '@values']);
      const elem = k === 'list' || k === 'map' ? (l.type.elem ?? DYN) : DYN;
      const type = op === '[?]' ? T('optional', elem) : elem;
      this.types.set(n, type);
      size ??= this.computeSize(n);
      if (size) this.sizes.set(n, size);
      return { cost: add(fixed(1), args), type };
    }
    if (['+', '-', '*', '/', '%'].includes(op) && this.checkOperator(n, a, l.type, b, r.type))
      return this.typed(n, add(fixed(1), args), DYN);
    if (op === '+') {
      const k = l.type.k === 'dyn' ? r.type.k : l.type.k;
      if (k === 'string' || k === 'bytes' || k === 'list') {
        const size = add(this.sizeOrUnknown(a), this.sizeOrUnknown(b));
        const ea = this.entryOf(a);
        const eb = this.entryOf(b);
        if (ea && eb) this.entries.set(n, { list: ea.list, key: union(ea.key, eb.key), val: union(ea.val, eb.val) });
        this.sizes.set(n, size);
        const c = k === 'list' ? fixed(1) : byFactor(size, STRING_TRAVERSAL);
        return this.typed(n, add(c, args), k === 'list' ? joinTypes(l.type, r.type) : T(k));
      }
      return this.typed(n, add(fixed(1), args), arithmeticType(l.type, r.type));
    }
    return this.typed(n, add(fixed(1), args), arithmeticType(l.type, r.type));
  }

  private expectBool(n: ASTNode, a: ASTNode, ta: CelType, b: ASTNode, tb: CelType): void {
    const bad = [ta, tb].find((t) => !['bool', 'dyn'].includes(t.k));
    if (bad)
      this.errors.push({
        offset: operatorOffset(this.source, a, b, n.op as string),
        message: `found no matching overload for '${n.op === '&&' ? '_&&_' : '_||_'}' applied to '(${typeName(ta)}, ${typeName(tb)})'`,
      });
  }

  /** An operator without an overload for its operands' types (==, in, +, … as cel-go declares them). */
  private checkOperator(n: ASTNode, a: ASTNode, ta: CelType, b: ASTNode, tb: CelType): boolean {
    const message = operatorError(n.op as string, ta, tb, typeName);
    if (message) this.errors.push({ offset: operatorOffset(this.source, a, b, n.op as string), message });
    return message !== undefined;
  }

  /**
   * Ordering is declared for the primitive types, each with itself (and numbers with each other); any other known
   * operand type (lists, maps, objects, optionals, the Kubernetes types) has no overload.
   */
  private checkOrdering(n: ASTNode, a: ASTNode, ta: CelType, b: ASTNode, tb: CelType): void {
    const prim = ['bool', 'int', 'uint', 'double', 'string', 'bytes', 'timestamp', 'duration'];
    const unknown = (t: CelType) => ['dyn', 'null', 'type'].includes(t.k);
    if (unknown(ta) || unknown(tb)) return;
    if (prim.includes(ta.k) && prim.includes(tb.k) && ta.k === tb.k) return;
    const numeric = ['int', 'uint', 'double'];
    if (numeric.includes(ta.k) && numeric.includes(tb.k)) return;
    const fn = { '<': '_<_', '<=': '_<=_', '>': '_>_', '>=': '_>=_' }[n.op as string];
    this.errors.push({
      offset: operatorOffset(this.source, a, b, n.op as string),
      message: `found no matching overload for '${fn}' applied to '(${typeName(ta)}, ${typeName(tb)})'`,
    });
  }

  // ----- calls and macros -----
  private checkRegexLiteral(name: string, target: ASTNode | undefined, args: ASTNode[]): void {
    const p = constantPattern(name, target, args);
    const error = p && re2Error(p.args as string);
    if (!p || error === undefined) return;
    if (name === 'find' || name === 'findAll') this.programErrors.push(error);
    else this.validatorErrors.push({ offset: p.start ?? 0, message: 'invalid matches argument' });
  }

  private call(n: ASTNode, target: ASTNode | undefined, name: string, args: ASTNode[]): Result {
    if (target && isMacro(name, args)) return this.comprehension(n, target, name, args);
    if (target && name === 'sortBy' && args.length === 2 && args[0].op === 'id') return this.sortBy(n, target, args);
    if (!target && name === 'has' && args.length === 1) {
      // presence test: no cost of its own (PresenceTestHasCost(false)), the operand's cost
      const sel = args[0];
      const operand = sel.op === '.' ? (sel.args as [ASTNode, string])[0] : sel;
      const r = this.cost(operand);
      // the presence test is reported at the macro's parenthesis
      const paren = this.source.indexOf('(', n.start ?? 0);
      if (sel.op === '.') this.fieldType(sel, r.type, (sel.args as [ASTNode, string])[1], paren);
      return this.typed(n, r.cost, BOOL);
    }
    if (!target && name === 'cel.bind') {
      // kube-apiserver 1.35 does not enable cel-go's bindings for CRD rules: `cel` and `bind` are undeclared
      this.errors.push({ offset: n.start ?? 0, message: "undeclared reference to 'cel' (in container '')" });
      this.errors.push({
        offset: this.source.indexOf('(', n.start ?? 0),
        message: "undeclared reference to 'bind' (in container '')",
      });
    }
    if (!target && name === 'dyn' && args.length === 1) {
      const r = this.cost(args[0]);
      const size = this.computeSize(args[0]);
      if (size) this.sizes.set(n, size);
      const e = this.entryOf(args[0]);
      if (e) this.entries.set(n, e);
      return this.typed(n, add(fixed(1), r.cost), DYN);
    }
    let argCost = fixed(0);
    const argTypes: CelType[] = [];
    for (const a of args) {
      const r = this.cost(a);
      argCost = add(argCost, r.cost);
      argTypes.push(r.type);
    }
    let sum = fixed(0);
    let targetType: CelType | undefined;
    if (target) {
      const r = this.cost(target);
      sum = add(sum, r.cost);
      targetType = r.type;
    }
    const error = overloadError(name, targetType, argTypes, typeName);
    const paren = this.source.indexOf('(', target ? (target.end ?? 0) : (n.start ?? 0));
    if (error) this.errors.push({ offset: paren, message: error });
    else this.checkRegexLiteral(name, target, args);
    // a call that has no overload is of cel-go's error type, which checks against anything (one error, not a chain)
    const type = error ? DYN : resultType(name, targetType, argTypes);
    this.types.set(n, type);
    const est = this.functionCost(name, target, targetType, args, argTypes);
    if (est.size) this.sizes.set(n, est.size);
    return { cost: add(sum, add(est.cost, argCost)), type };
  }

  private listElementSize(target: ASTNode, t: CelType | undefined): Range | undefined {
    const elem = t?.elem;
    if (!elem || (elem.k !== 'string' && elem.k !== 'bytes')) return undefined;
    const path = this.pathOf(target);
    return (path.length ? this.estimateSize([...path, '@items']) : undefined) ?? UNKNOWN;
  }

  /** The function's own cost (without its arguments') and its result size, cel-go's and Kubernetes'. */
  private functionCost(
    name: string,
    target: ASTNode | undefined,
    targetType: CelType | undefined,
    args: ASTNode[],
    argTypes: CelType[],
  ): { cost: Range; size?: Range } {
    const size = (n: ASTNode) => this.sizeOrUnknown(n);
    const traverse = (n: ASTNode) => byFactor(size(n), STRING_TRAVERSAL);
    // Kubernetes library estimates (library.CostEstimator.EstimateCallCost)
    switch (name) {
      case 'isSorted':
      case 'sum':
      case 'max':
      case 'min':
      case 'indexOf':
      case 'lastIndexOf':
        if (target) {
          if (targetType?.k === 'list') {
            let el = fixed(1);
            const es = this.listElementSize(target, targetType);
            if (es) el = add(el, byFactor(es, STRING_TRAVERSAL));
            return { cost: mul(size(target), el) };
          }
          if (targetType?.k === 'string' || targetType?.k === 'dyn') return { cost: traverse(target) };
        }
        break;
      case 'url':
        if (args.length === 1) return { cost: traverse(args[0]), size: size(args[0]) };
        break;
      case 'lowerAscii':
      case 'upperAscii':
      case 'asciiLower':
      case 'asciiUpper':
      case 'substring':
      case 'trim':
        if (target) return { cost: traverse(target), size: size(target) };
        break;
      case 'replace':
        if (target && args.length >= 2) return this.replaceCost(size(target), size(args[0]), size(args[1]));
        break;
      case 'split':
        if (target) {
          const sz = size(target);
          let max = sz.max;
          if (args.length > 1 && args[1].op === 'value' && typeof args[1].args === 'bigint') max = Number(args[1].args);
          return { cost: byFactor(sz, 2 * STRING_TRAVERSAL), size: { min: 0, max } };
        }
        break;
      case 'join':
        if (target) {
          let sz = fixed(0);
          const listSize = size(target);
          const es = targetType?.elem ? (this.listElementSize(target, targetType) ?? UNKNOWN) : undefined;
          if (targetType?.elem) sz = mul(listSize, es ?? UNKNOWN);
          if (args.length > 0) {
            const seps = { min: listSize.min > 0 ? listSize.min - 1 : 0, max: listSize.max > 0 ? listSize.max - 1 : 0 };
            sz = add(sz, mul(size(args[0]), seps));
          }
          return { cost: byFactor(sz, STRING_TRAVERSAL), size: sz };
        }
        break;
      case 'find':
      case 'findAll':
        if (target && args.length >= 1) {
          const sz = size(target);
          const str = byFactor(add(sz, fixed(1)), STRING_TRAVERSAL);
          const re = byFactor(size(args[0]), REGEX_LENGTH);
          return { cost: mul(str, re), size: { min: 0, max: sz.max } };
        }
        break;
      case 'cidr':
      case 'isIP':
      case 'isCIDR':
      case 'quantity':
      case 'isQuantity':
      case 'semver':
      case 'isSemver':
        // measured against kube-apiserver 1.35: the global parse functions cost their argument's traversal
        if (args.length >= 1) return { cost: traverse(args[0]) };
        break;
      case 'ip':
        if (args.length >= 1) return { cost: traverse(args[0]) };
        if (target) return { cost: fixed(1) }; // cidr.ip(): a field access
        break;
      case 'ip.isCanonical':
        if (args.length >= 1) return { cost: byFactor(size(args[0]), 2 * STRING_TRAVERSAL) };
        break;
      case 'masked':
      case 'prefixLength':
      case 'family':
      case 'isUnspecified':
      case 'isLoopback':
      case 'isLinkLocalMulticast':
      case 'isLinkLocalUnicast':
      case 'isGlobalUnicast':
      case 'format.named':
      case 'sign':
      case 'asInteger':
      case 'isInteger':
      case 'asApproximateFloat':
      case 'isGreaterThan':
      case 'isLessThan':
      case 'compareTo':
      case 'add':
      case 'sub':
      case 'major':
      case 'minor':
      case 'patch':
      case 'getScheme':
      case 'getHostname':
      case 'getHost':
      case 'getPort':
      case 'getEscapedPath':
      case 'getQuery':
        return { cost: fixed(1) };
      case 'containsIP':
      case 'containsCIDR':
        if (target && args.length >= 1) {
          const ip: Range = { min: 4, max: 16 };
          let c = byFactor(add(ip, ip), STRING_TRAVERSAL);
          if (name === 'containsCIDR') c = add(add(c, byFactor(ip, STRING_TRAVERSAL)), fixed(1));
          if (argTypes[0]?.k === 'string') c = add(c, traverse(args[0]));
          return { cost: c };
        }
        break;
      case 'validate':
        if (target && args.length >= 1) return { cost: byFactor(traverse(args[0]), 128 * REGEX_LENGTH) };
        break;
      // cel-go's lists extension v3 (ext/lists.go): an allocating call costs 1 + a list creation (10) + its work
      case 'slice':
        if (target && args.length === 2) {
          const start = uintLiteral(args[0]) ?? 0;
          const end = uintLiteral(args[1]) ?? size(target).max;
          return allocatingListCall(1, fixed(Math.max(0, end - start)));
        }
        break;
      case 'lists.range':
        if (!target && args.length === 1) return allocatingListCall(1, fixed(uintLiteral(args[0]) ?? U64));
        break;
      case 'reverse':
        if (target && args.length === 0) return allocatingListCall(1, size(target));
        break;
      case 'flatten':
        if (target && args.length <= 1)
          return allocatingListCall(args.length ? (uintLiteral(args[0]) ?? U64) : 1, size(target));
        break;
      case 'distinct':
        if (target && args.length === 0) return allocatingListCall(2, mul(size(target), size(target)));
        break;
      case 'sort':
        if (target && args.length === 0) return listSortCost(size(target), targetType?.elem);
        break;
      // cel-go's sets extension: every element of one list looked up in the other (equivalent: both ways)
      case 'sets.contains':
      case 'sets.intersects':
      case 'sets.equivalent':
        if (args.length === 2)
          return {
            cost: add(byFactor(mul(size(args[0]), size(args[1])), name === 'sets.equivalent' ? 2 : 1), fixed(1)),
          };
        break;
    }
    // cel-go's own estimates (checker/cost.go functionCost)
    switch (name) {
      case 'bytes':
        if (args.length === 1 && argTypes[0]?.k === 'string') {
          const sz = size(args[0]);
          return { cost: traverse(args[0]), size: { min: sz.min, max: sat(sz.max * 4) } };
        }
        break;
      case 'string':
        if (args.length === 1 && argTypes[0]?.k === 'bytes') {
          const sz = size(args[0]);
          return { cost: traverse(args[0]), size: { min: Math.floor(sz.min / 4), max: sz.max } };
        }
        // a dyn argument (int-or-string) matches every overload: cel-go unions their costs, and the only result
        // size among them is bytes_to_string's, so the result is sized by the argument
        if (args.length === 1 && argTypes[0]?.k === 'dyn') {
          const sz = size(args[0]);
          return { cost: union(fixed(1), traverse(args[0])), size: { min: Math.floor(sz.min / 4), max: sz.max } };
        }
        break;
      case 'strings.quote':
        if (args.length === 1) {
          const sz = size(args[0]);
          return { cost: traverse(args[0]), size: { min: sz.min + 2, max: sat(sz.max * 2 + 2) } };
        }
        break;
      case 'startsWith':
      case 'endsWith':
        if (target && args.length === 1)
          return { cost: this.runtimeBound ? union(traverse(args[0]), traverse(target)) : traverse(args[0]) };
        break;
      case 'matches':
      case 're2Matches':
        if (target && args.length === 1) {
          const str = byFactor(add(size(target), fixed(1)), STRING_TRAVERSAL);
          return { cost: mul(str, byFactor(size(args[0]), REGEX_LENGTH)) };
        }
        if (!target && args.length === 2) {
          const str = byFactor(add(size(args[0]), fixed(1)), STRING_TRAVERSAL);
          return { cost: mul(str, byFactor(size(args[1]), REGEX_LENGTH)) };
        }
        break;
      case 'contains':
        if (target && args.length === 1 && targetType?.k !== 'list')
          return { cost: mul(traverse(target), traverse(args[0])) };
        break;
      case 'format':
        if (target && args.length === 1) {
          const sz = add(size(target), size(args[0]));
          return { cost: traverse(target), size: sz };
        }
        break;
    }
    return { cost: fixed(1) };
  }

  /**
   * `list.sortBy(x, key)`: cel-go's macro binds the list to `@__sortBy_input__` and sorts it by the keys of
   * `@__sortBy_input__.map(x, key)`, `cel.bind` being a comprehension over an empty list.
   */
  private sortBy(n: ASTNode, target: ASTNode, args: ASTNode[]): Result {
    const rt = this.cost(target);
    const input = '@__sortBy_input__';
    this.push(input, {
      path: this.pathOf(target),
      size: this.computeSize(target),
      entry: this.entryOf(target),
      type: rt.type,
    });
    const ident = { op: 'id', args: input, start: target.start, end: target.end } as unknown as ASTNode;
    const keys = { op: 'rcall', args: ['map', ident, args], start: n.start, end: n.end } as unknown as ASTNode;
    const rk = this.comprehension(keys, ident, 'map', args);
    this.pop(input);
    const sort = listSortCost(this.sizeOrUnknown(keys), rk.type.elem);
    if (COMPARABLE.has(rk.type.elem?.k ?? 'dyn')) this.typedSortBys.add(n);
    if (sort.size) this.sizes.set(n, sort.size);
    // the bind's empty iteration range (10), its initializer, the receiver identifier (1), the keys and the sort
    const cost = add(add(add(fixed(11), rt.cost), rk.cost), sort.cost);
    return this.typed(n, cost, rt.type);
  }

  private replaceCost(sz: Range, from: Range, to: Range): { cost: Range; size: Range } {
    const count = { min: 0, max: 0 };
    const retained = { min: 0, max: 0 };
    if (from.min === 0) {
      count.max = sz.max < U64 ? sz.max + 1 : sz.max;
      retained.max = sz.max;
    } else if (to.max <= from.min) retained.max = sz.max;
    else count.max = Math.ceil(sz.max / from.min);
    if (from.max === 0) {
      count.min = sz.min < U64 ? sz.min + 1 : sz.min;
      retained.min = sz.min;
    } else if (from.max <= to.min) retained.min = sz.min;
    else count.min = Math.ceil(sz.min / from.max);
    return { cost: byFactor(sz, 2 * STRING_TRAVERSAL), size: add(mul(count, to), retained) };
  }

  private bind(n: ASTNode, args: ASTNode[]): Result {
    const [v, init, body] = args;
    const ri = this.cost(init);
    this.push(v.args as string, {
      path: this.pathOf(init),
      size: this.computeSize(init),
      entry: this.entryOf(init),
      type: ri.type,
    });
    const rb = this.cost(body);
    this.pop(v.args as string);
    const size = this.computeSize(body);
    if (size) this.sizes.set(n, size);
    const e = this.entryOf(body);
    if (e) this.entries.set(n, e);
    // the empty iteration range [] of the bind comprehension costs a list creation
    return this.typed(n, add(add(fixed(10), ri.cost), rb.cost), rb.type);
  }

  /** all/exists/exists_one/map/filter and the two-variable forms, as the comprehensions they expand to. */
  private comprehension(n: ASTNode, range: ASTNode, name: string, args: ASTNode[]): Result {
    const twoVar = isTwoVar(name, args);
    const vars = (twoVar ? args.slice(0, 2) : args.slice(0, 1)).map((a) => a.args as string);
    const body = args.slice(vars.length);
    const rr = this.cost(range);
    const rangeType = rr.type;
    const entry = this.entryOf(range);
    const isList = entry ? entry.list : rangeType.k === 'list';
    const path = this.pathOf(range);
    const elemType = rangeType.k === 'list' || rangeType.k === 'map' ? (rangeType.elem ?? DYN) : DYN;
    const keyType = rangeType.k === 'list' ? INT : rangeType.k === 'map' ? (rangeType.key ?? DYN) : DYN;
    const listLike = ['map', 'filter', 'transformList'].includes(name);
    const mapLike = name === 'transformMap' || name === 'transformMapEntry';
    const accuInitCost = listLike ? fixed(10) : mapLike ? fixed(30) : fixed(0);
    // accumulator: a literal (bool/int) or an empty list/map
    this.push(ACCU, { path: [], size: listLike || mapLike ? undefined : fixed(1), type: DYN });
    if (twoVar) {
      this.push(vars[0], { path: [...path, isList ? '@indices' : '@keys'], size: entry?.key, type: keyType });
      this.push(vars[1], { path: [...path, isList ? '@items' : '@values'], size: entry?.val, type: elemType });
    } else if (isList) this.push(vars[0], { path: [...path, '@items'], size: entry?.val, type: elemType });
    else this.push(vars[0], { path: [...path, '@keys'], size: entry?.key, type: keyType });

    let loop = fixed(0);
    let step: Range;
    let result = fixed(1);
    let type: CelType = BOOL;
    const first = this.cost(body[0]);
    const predicate = (r: Result) => {
      if (!['bool', 'dyn'].includes(r.type.k))
        this.errors.push({
          offset: body[0].start ?? 0,
          message: `found no matching overload for '_&&_' applied to '(bool, ${typeName(r.type)})'`,
        });
    };
    switch (name) {
      case 'all':
        predicate(first);
        loop = fixed(2); // @not_strictly_false(@result)
        step = { min: 1, max: add(fixed(1), first.cost).max }; // @result && p
        break;
      case 'exists':
        predicate(first);
        loop = fixed(3); // @not_strictly_false(!@result)
        step = { min: 1, max: add(fixed(1), first.cost).max }; // @result || p
        break;
      case 'exists_one':
      case 'existsOne':
        step = add(first.cost, { min: 1, max: 2 }); // p ? @result + 1 : @result
        result = fixed(2); // @result == 1
        break;
      default: {
        // map/filter/transformList/transformMap[Entry]: step appends to (or inserts into) the accumulator
        const append = mapLike ? fixed(3) : fixed(12); // @result + [e] | cel.@mapInsert(@result, k, e)
        if (body.length === 2) {
          const second = this.cost(body[1]);
          step = add(first.cost, union(add(append, second.cost), fixed(1)));
          type = mapLike ? T('map', second.type, keyType) : T('list', second.type);
        } else if (name === 'filter') {
          step = add(first.cost, { min: 1, max: 13 });
          type = T('list', elemType);
        } else {
          step = add(append, first.cost);
          type = mapLike ? T('map', first.type, keyType) : T('list', first.type);
        }
      }
    }
    for (const v of vars) this.pop(v);
    this.pop(ACCU);
    const count = this.sizeOrUnknown(range);
    const total = add(add(add(rr.cost, accuInitCost), result), mul(count, add(step, loop)));
    if (listLike || mapLike) this.sizes.set(n, count);
    else this.sizes.set(n, fixed(1));
    return this.typed(n, total, type);
  }
}

function isTwoVar(name: string, args: ASTNode[]): boolean {
  if (['transformList', 'transformMap', 'transformMapEntry'].includes(name)) return true;
  if (['all', 'exists', 'existsOne', 'exists_one'].includes(name)) return args.length === 3 && args[1].op === 'id';
  return false;
}
function isMacro(name: string, args: ASTNode[]): boolean {
  if (!args.length || args[0].op !== 'id') return false;
  switch (name) {
    case 'all':
    case 'exists':
    case 'exists_one':
    case 'existsOne':
      return args.length === 2 || (args.length === 3 && args[1].op === 'id');
    case 'map':
      return args.length === 2 || args.length === 3;
    case 'filter':
      return args.length === 2;
    case 'transformList':
    case 'transformMap':
    case 'transformMapEntry':
      return (args.length === 3 || args.length === 4) && args[1].op === 'id';
  }
  return false;
}

/** cel-go's nodeAsUintValue: an int or uint literal's value (negative: 0), else undefined. */
function uintLiteral(n: ASTNode): number | undefined {
  if (n.op !== 'value') return undefined;
  const v = n.args as unknown;
  if (typeof v === 'bigint') return v < 0n ? 0 : Number(v);
  const u = v && typeof v === 'object' ? (v as { valueOf(): unknown }).valueOf() : undefined; // cel-js UnsignedInt
  if (typeof u === 'bigint') return Number(u);
  return undefined;
}

/** cel-go's estimateAllocatingListCall: the result size × the factor, the call (1) and the list creation (10). */
function allocatingListCall(factor: number, size: Range): { cost: Range; size: Range } {
  return { cost: add(byFactor(size, factor), fixed(11)), size };
}

/** cel-go's estimateListSortCost: n² comparisons × 2 (+ 0.1 for strings and bytes); the result is sized n² too. */
function listSortCost(n: Range, elem: CelType | undefined): { cost: Range; size: Range } {
  const factor = elem && (elem.k === 'string' || elem.k === 'bytes') ? 2 + STRING_TRAVERSAL : 2;
  return allocatingListCall(factor, mul(n, n));
}

/** cel-go: string literal size in code points, bytes in bytes, scalars 1, literal lists/maps by count. */
function exprSize(n: ASTNode): Range | undefined {
  if (n.op === 'value') {
    const v = n.args;
    if (typeof v === 'string') return fixed([...v].length);
    if (v instanceof Uint8Array) return fixed(v.length);
    return fixed(1);
  }
  if (n.op === 'list') return fixed((n.args as ASTNode[]).length);
  if (n.op === 'map') return fixed((n.args as unknown[]).length);
  return undefined;
}

function literalType(v: unknown): CelType {
  if (typeof v === 'string') return STRING;
  if (typeof v === 'bigint') return INT;
  if (typeof v === 'number') return T('double');
  if (typeof v === 'boolean') return BOOL;
  if (v === null) return T('null');
  if (v instanceof Uint8Array) return T('bytes');
  return T('uint');
}

function joinTypes(a: CelType, b: CelType): CelType {
  if (a.k === b.k) return a;
  if (a.k === 'null') return b;
  if (b.k === 'null') return a;
  return DYN;
}

function arithmeticType(a: CelType, b: CelType): CelType {
  if (a.k === 'timestamp' || b.k === 'timestamp') return a.k === b.k ? T('duration') : T('timestamp');
  if (a.k === 'dyn') return b;
  return a;
}

/**
 * Opaque types whose `==` the Kubernetes library's estimator charges 1. It has no case for `!=`: cel-go's own
 * estimate then takes the operands' sizes, unknown for these types, so a `!=` between two quantities, IPs, CIDRs or
 * versions is estimated beyond any budget and the API server refuses the CRD (measured against v1.35).
 */
const OPAQUE_UNIT_EQUALITY = new Set(['opaque:IP', 'opaque:CIDR', 'opaque:Quantity', 'opaque:Semver']);

function equalityCost(a: CelType, b: CelType, sa: Range, sb: Range, runtimeBound = false, op = '=='): Range {
  if (a.k === b.k && OPAQUE_UNIT_EQUALITY.has(a.k) && (op === '==' || runtimeBound)) return fixed(1);
  if (a.k === b.k && a.k === 'opaque:Format') return byFactor({ min: 1, max: 64 }, STRING_TRAVERSAL);
  const smallestMax = Math.max(Math.min(sa.max, sb.max), runtimeBound ? 1 : 0);
  return byFactor({ min: smallestMax > 0 ? 1 : 0, max: smallestMax }, STRING_TRAVERSAL);
}

const BOOL_FUNCTIONS = new Set([
  'matches', 're2Matches', 'startsWith', 'endsWith', 'contains', 'isSorted', 'isQuantity', 'isURL', 'isIP',
  'isCIDR', 'isSemver', 'isInteger', 'isGreaterThan', 'isLessThan', 'containsIP', 'containsCIDR', 'isUnspecified',
  'isLoopback', 'isLinkLocalMulticast', 'isLinkLocalUnicast', 'isGlobalUnicast', 'ip.isCanonical', 'hasValue',
  'sets.contains', 'sets.equivalent', 'sets.intersects',
]); // prettier-ignore
const STRING_FUNCTIONS = new Set([
  'lowerAscii', 'upperAscii', 'asciiLower', 'asciiUpper', 'trim', 'substring', 'replace', 'charAt', 'join', 'format', 'strings.quote',
  'string', 'find', 'getScheme', 'getHostname', 'getHost', 'getPort', 'getEscapedPath',
]); // prettier-ignore
const INT_FUNCTIONS = new Set([
  'size', 'int', 'indexOf', 'lastIndexOf', 'sign', 'asInteger', 'compareTo', 'prefixLength', 'family', 'major',
  'minor', 'patch', 'getFullYear', 'getMonth', 'getDayOfMonth', 'getDate', 'getDayOfWeek', 'getDayOfYear',
  'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds',
]); // prettier-ignore

function resultType(name: string, target: CelType | undefined, args: CelType[]): CelType {
  if (BOOL_FUNCTIONS.has(name)) return BOOL;
  if (STRING_FUNCTIONS.has(name)) return STRING;
  if (INT_FUNCTIONS.has(name)) return INT;
  switch (name) {
    case 'uint':
      return T('uint');
    case 'double':
    case 'asApproximateFloat':
      return T('double');
    case 'bytes':
      return T('bytes');
    case 'bool':
      return BOOL;
    case 'timestamp':
      return T('timestamp');
    case 'duration':
      return T('duration');
    case 'split':
    case 'findAll':
      return T('list', STRING);
    case 'sum':
    case 'min':
    case 'max':
      return target?.k === 'list' ? (target.elem ?? DYN) : DYN;
    case 'url':
      return T('opaque:URL');
    case 'getQuery':
      return T('map', T('list', STRING), STRING);
    case 'quantity':
    case 'add':
    case 'sub':
      return T('opaque:Quantity');
    case 'ip':
      return T('opaque:IP');
    case 'cidr':
    case 'masked':
      return T('opaque:CIDR');
    case 'semver':
      return T('opaque:Semver');
    case 'format.named':
      return T('optional', T('opaque:Format'));
    case 'validate':
      return T('optional', T('list', STRING));
    case 'optional.of':
    case 'optional.ofNonZeroValue':
      return T('optional', args[0] ?? DYN);
    case 'optional.none':
      return T('optional', DYN);
    case 'orValue':
      return target?.k === 'optional' ? joinTypes(target.elem ?? DYN, args[0] ?? DYN) : DYN;
    case 'value':
      return target?.k === 'optional' ? (target.elem ?? DYN) : DYN;
    case 'or':
      return target ?? DYN;
    case 'lists.range':
      return T('list', INT);
    case 'sort':
    case 'distinct':
    case 'slice':
    case 'reverse': // lists v3; strings v3's string.reverse() is not in the 1.35 environment
      return target ?? DYN;
    case 'type':
      return T('type');
  }
  return DYN;
}

/** The Kubernetes CEL library types as cel-go prints them. */
const OPAQUE_TYPE_NAMES: Record<string, string> = {
  'opaque:Quantity': 'kubernetes.Quantity',
  'opaque:URL': 'kubernetes.URL',
  'opaque:IP': 'net.IP',
  'opaque:CIDR': 'net.CIDR',
  'opaque:Semver': 'kubernetes.Semver',
  'opaque:Format': 'kubernetes.NamedFormat',
};

/** Kinds a field cannot be selected from. */
const NO_FIELDS = new Set(['bool', 'int', 'uint', 'double', 'string', 'bytes', 'list', 'timestamp', 'duration']);

function typeName(t: CelType): string {
  switch (t.k) {
    case 'list':
      return `list(${typeName(t.elem ?? DYN)})`;
    case 'map':
      return `map(${typeName(t.key ?? DYN)}, ${typeName(t.elem ?? DYN)})`;
    case 'object':
      return t.name ?? 'object';
    case 'null':
      return 'null';
    case 'optional':
      return `optional_type(${typeName(t.elem ?? DYN)})`;
    default:
      return OPAQUE_TYPE_NAMES[t.k] ?? t.k;
  }
}

/** Where cel-go locates an expression: a call at its `(`, a select at its `.`, an operator at the operator. */
function exprOffset(source: string, n: ASTNode): number {
  switch (n.op) {
    case 'call':
      return source.indexOf('(', n.start ?? 0);
    case 'rcall':
      return source.indexOf('(', (n.args as [string, ASTNode, ASTNode[]])[1].end ?? 0);
    case '.':
    case '.?':
      return selectOffset(source, n);
    case '[]':
    case '[?]':
      return source.indexOf('[', (n.args as ASTNode[])[0].end ?? 0);
    case '?:':
      return source.indexOf('?', (n.args as ASTNode[])[0].end ?? 0);
    case 'value':
    case 'id':
    case 'list':
    case 'map':
    case '!_':
    case '-_':
      return n.start ?? 0;
    default: {
      const [a, b] = n.args as [ASTNode, ASTNode];
      return operatorOffset(source, a, b, n.op as string);
    }
  }
}

/** The constant pattern of a regex call, when it is one. */
function constantPattern(name: string, target: ASTNode | undefined, args: ASTNode[]): ASTNode | undefined {
  if (!['matches', 're2Matches', 'find', 'findAll'].includes(name)) return undefined;
  const p = target ? args[0] : args[1];
  return p?.op === 'value' && typeof p.args === 'string' ? p : undefined;
}

/** cel-go reports a select at its `.` and a binary operator at the operator. */
function selectOffset(source: string, n: ASTNode): number {
  const operand = (n.args as [ASTNode, string])[0];
  const dot = source.indexOf('.', operand.end ?? 0);
  return dot >= 0 ? dot : (n.pos ?? 0);
}
function operatorOffset(source: string, a: ASTNode, b: ASTNode, op: string): number {
  const between = source.slice(a.end ?? 0, b.start ?? 0);
  const token = op === '&&' || op === '||' ? op : op;
  const i = between.indexOf(token);
  return (a.end ?? 0) + (i >= 0 ? i : 0);
}

/** How the API server prints a cost over its limit: "more than 100x", "1.234567x" or "2.5x". */
export function costFactor(cost: number, limit: number): string {
  const f = cost / limit;
  if (f > 100) return 'more than 100x';
  if (f < 1.5) return `${f.toFixed(6)}x`;
  return `${f.toFixed(1)}x`;
}

export function costErrorMessage(what: string, cost: number, limit: number): string {
  return `${what} exceeds budget by factor of ${costFactor(cost, limit)} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`;
}

/** Type errors as cel-go's Issues.String() prints them: sorted by position, each with the line and a caret. */
export function formatCelErrors(source: string, errors: CelTypeError[]): string {
  return [...errors]
    .sort((a, b) => a.offset - b.offset)
    .filter((e, i, all) => i === 0 || e.offset !== all[i - 1].offset || e.message !== all[i - 1].message)
    .map(({ offset, message }) => {
      const lines = source.slice(0, offset).split('\n');
      const column = lines[lines.length - 1].length;
      const text = source.split('\n')[lines.length - 1];
      return `ERROR: <input>:${lines.length}:${column + 1}: ${message}\n | ${text}\n | ${'.'.repeat(column)}^`;
    })
    .join('\n');
}
