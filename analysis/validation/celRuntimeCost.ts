// The actual cost of one CEL evaluation as kube-apiserver counts it: cel-go's interpreter.CostTracker (an
// observer charging each evaluated step) with the Kubernetes library's CallCost (k8s.io/apiserver/pkg/cel/library)
// and cel-go's sets extension. cel-js evaluates; every node it evaluates goes through the evaluator's `run`, which is
// wrapped here for the duration of one evaluation to charge the node what cel-go charges the step it plans for it:
// identifiers and field selections 1, constants 0, list/map literals 10/30, calls by overload over the sizes of their
// actual argument values, comprehension loop conditions and accumulator steps as cel-go's macro expansions cost them.
import type { ASTNode, Environment } from '@marcbachmann/cel-js';
import { SORT_OF_ERROR, type SortByState } from './celLibrary';
import { parseCel } from './celParse';

const STRING_TRAVERSAL = 0.1;
const REGEX_LENGTH = 0.25;
/** cel.MaxNameFormatRegexSize: what a `format.named(...).validate()` is charged as its regex length. */
const MAX_FORMAT_REGEX = 128;

interface Meta {
  alternate?: Node;
  macro?: {
    macroHasProps?: Node[];
    twoVarKind?: string;
    receiver?: Node;
    exprs?: Node[];
    sortBy?: SortByState;
  };
}
interface Node {
  op: string;
  args: unknown;
  meta: Meta;
  evaluate(ev: unknown, ast: Node, ctx: unknown): unknown;
}
interface Comprehension {
  /** cel-js stops at a step's error; cel-go goes on with the error as the accumulator (map, filter, exists_one). */
  fatal?: boolean;
  name: string;
  iterable: Node;
  init?: Node;
  step?: Node;
  exprs?: Node[];
}
interface Frame {
  c: Comprehension;
  size: number;
  steps: number;
  kept: number;
  /** The first error of a step cel-js would have stopped at (map, filter, exists_one): raised at the end. */
  error?: unknown;
}

/**
 * What a node that threw evaluated to: cel-go's errors are values, which the calls that receive them are charged
 * for (their size is 1, as cel-go's actualSize gives anything that is not a Sizer).
 */
class Failed {
  constructor(readonly error: unknown) {}
}
type Evaluator = { run(n: Node, ctx: unknown): unknown };

/** Thrown through the evaluation when the cost passes the limit (cel-go panics with EvalCancelledError). */
class CostLimitExceeded extends Error {}

/** cel-go actualSize: strings in code points, bytes, lists and maps by length, anything else 1. */
export function actualSize(v: unknown): number {
  if (typeof v === 'string') {
    let n = v.length;
    for (let i = 0; i < v.length; i++) {
      const c = v.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff) n--;
    }
    return n;
  }
  if (Array.isArray(v)) return v.length;
  if (v instanceof Uint8Array) return v.length;
  if (v instanceof Map || v instanceof Set) return v.size;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.keys(v).length;
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === null) return Object.keys(v).length;
  return 1;
}

/** library.traversalCost: string bytes × 0.1 (truncated), containers summed over their entries, scalars 1. */
function traversalCost(v: unknown): number {
  if (typeof v === 'string') return Math.floor(Buffer.byteLength(v) * STRING_TRAVERSAL);
  if (v instanceof Uint8Array) return Math.floor(v.length * STRING_TRAVERSAL);
  if (Array.isArray(v)) return v.reduce((s: number, x) => s + traversalCost(x), 0);
  if (v instanceof Map) {
    let s = 0;
    for (const [k, x] of v) s += traversalCost(k) + traversalCost(x);
    return s;
  }
  if (v && typeof v === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(v))) {
    let s = 0;
    for (const [k, x] of Object.entries(v)) s += traversalCost(k) + traversalCost(x);
    return s;
  }
  return 1;
}

const traverse = (v: unknown, factor = STRING_TRAVERSAL) => Math.ceil(actualSize(v) * factor);
const isStringy = (v: unknown) => typeof v === 'string' || v instanceof Uint8Array;
const isNode = (x: unknown): x is Node => !!x && typeof x === 'object' && typeof (x as Node).op === 'string';
/** A literal cel-go plans as one constant: cel-go's parser folds `-1`, cel.OptOptimize folds constant lists and maps. */
function isConstant(n: Node): boolean {
  switch (n.op) {
    case 'value':
      return true;
    case '-_':
      return (n.args as Node).op === 'value';
    case 'list':
      return (n.args as Node[]).every(isConstant);
    case 'map':
      return (n.args as [Node, Node][]).every(([k, v]) => isConstant(k) && isConstant(v));
  }
  return false;
}
/** Operators cel-go plans as calls of two arguments, both evaluated before either's error is returned. */
const BINARY = new Set(['==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%', 'in']);
const isAttribute = (n: Node) => ['id', '.', '.?', '[]', '[?]', '?:'].includes(n.op);

/** What cel-go (with the Kubernetes and sets libraries) charges a function call, given its argument values. */
function callCost(name: string, args: unknown[], result: unknown): number {
  switch (name) {
    case 'sets.contains':
    case 'sets.intersects':
      return 1 + Math.floor(actualSize(args[0]) * actualSize(args[1]));
    case 'sets.equivalent':
      return 1 + Math.floor(actualSize(args[0]) * actualSize(args[1]) * 2);
    case 'isSorted':
    case 'sum':
    case 'max':
    case 'min':
    case 'indexOf':
    case 'lastIndexOf':
      return args.length ? traversalCost(args[0]) : 0;
    case 'url':
    case 'lowerAscii':
    case 'upperAscii':
    case 'asciiLower':
    case 'asciiUpper':
    case 'substring':
    case 'trim':
    case 'cidr':
    case 'isIP':
    case 'isCIDR':
    case 'quantity':
    case 'isQuantity':
    case 'semver':
    case 'isSemver':
      return traverse(args[0]);
    case 'replace':
    case 'split':
      return traverse(args[0], 2 * STRING_TRAVERSAL);
    case 'join':
      return traverse(result, 2 * STRING_TRAVERSAL);
    case 'find':
    case 'findAll':
    case 'matches':
    case 're2Matches':
      return Math.ceil((1 + actualSize(args[0])) * STRING_TRAVERSAL) * traverse(args[1], REGEX_LENGTH);
    case 'ip':
      return typeof args[0] === 'string' ? traverse(args[0]) : 1; // cidr.ip() is a field access
    case 'ip.isCanonical':
      return traverse(args[0], 2 * STRING_TRAVERSAL);
    case 'containsIP':
    case 'containsCIDR': {
      const cidr = actualSize(args[0]);
      let c = Math.ceil((cidr + cidr) * STRING_TRAVERSAL);
      if (name === 'containsCIDR') c += Math.ceil(cidr * STRING_TRAVERSAL) + 1;
      if (typeof args[1] === 'string') c += traverse(args[1]);
      return c;
    }
    case 'validate':
      return Math.ceil((1 + actualSize(args[1])) * STRING_TRAVERSAL) * Math.ceil(MAX_FORMAT_REGEX * REGEX_LENGTH);
    // cel-go's own overloads
    case 'startsWith':
    case 'endsWith':
    case 'strings.quote':
    case 'format':
      return traverse(args[0]);
    case 'bytes':
    case 'string':
      return isStringy(args[0]) && (name === 'bytes') === (typeof args[0] === 'string') ? traverse(args[0]) : 1;
    case 'contains':
      if (typeof args[0] === 'string') return traverse(args[0]) * traverse(args[1]);
      return 1;
    // cel-go ext.Lists v3 trackers: the result's size, the input × depth, or n² comparisons; + 1 + 10 (allocation)
    case 'slice':
    case 'lists.range':
    case 'reverse':
      return actualSize(result) + 11;
    case 'flatten':
      return Math.floor(actualSize(args[0]) * (args.length > 1 ? Number(args[1]) : 1)) + 11;
    case 'distinct':
    case 'sort': {
      const l = Array.isArray(args[0]) ? args[0] : [];
      return listSelfCompareCost(l.length, isStringy(l[0]));
    }
  }
  return 1;
}

/** cel-go's trackListSelfCompare: n² × 2 (2.1 when the first element is a string or bytes) + 1 + 10. */
function listSelfCompareCost(n: number, stringy: boolean): number {
  return Math.floor(n * n * (stringy ? 2 + STRING_TRAVERSAL : 2)) + 11;
}

function operatorCost(op: string, a: unknown, b: unknown): number {
  switch (op) {
    case '==':
    case '!=':
      return Math.ceil(Math.min(actualSize(a), actualSize(b)) * STRING_TRAVERSAL);
    case '<':
    case '<=':
    case '>':
    case '>=':
      if (isStringy(a) && isStringy(b)) return Math.ceil(Math.min(actualSize(a), actualSize(b)) * STRING_TRAVERSAL);
      return 1;
    case '+':
      if (isStringy(a) && isStringy(b)) return Math.ceil((actualSize(a) + actualSize(b)) * STRING_TRAVERSAL);
      return 1;
    case 'in':
      return Array.isArray(b) ? b.length : 1;
  }
  return 1;
}

/**
 * The nodes of a parsed expression in a fixed order (pre-order over their arguments): two parses of the same
 * expression (one for the static estimate, one to run) give the same node the same ordinal.
 */
export function astNodes(root: unknown): unknown[] {
  const out: unknown[] = [];
  const visit = (x: unknown): void => {
    if (Array.isArray(x)) return x.forEach(visit);
    if (!isNode(x)) return;
    out.push(x);
    visit(x.args);
  };
  visit(root);
  return out;
}

/** The comprehensions of an AST, keyed by the nodes whose evaluation marks their start, steps and end. */
class Plan {
  readonly byInit = new Map<Node, Comprehension>();
  readonly byStep = new Map<Node, Comprehension>();
  readonly byReceiver = new Map<Node, Comprehension>();
  readonly byExpr = new Map<Node, Comprehension>();
  readonly byCall = new Map<Node, Comprehension>();
  /** Branches of a conditional that cel-go resolves as attributes: their own observation is skipped. */
  readonly resolvedBranches = new Set<Node>();

  constructor(root: Node) {
    this.walk(root, new Set());
  }

  private walk(n: unknown, seen: Set<unknown>): void {
    if (!n || typeof n !== 'object' || seen.has(n)) return;
    seen.add(n);
    if (Array.isArray(n)) {
      for (const x of n) this.walk(x, seen);
      return;
    }
    const node = n as Node;
    if (typeof node.op !== 'string') return;
    const meta = node.meta;
    if ((node.op === 'rcall' || node.op === 'call') && meta?.alternate?.op === 'comprehension') {
      const a = meta.alternate.args as { iterable: Node; init: Node; step: Node; errorsAreFatal?: boolean };
      const c: Comprehension = {
        name: (node.args as [string])[0],
        iterable: a.iterable,
        init: a.init,
        step: a.step,
        fatal: a.errorsAreFatal === true,
      };
      this.byInit.set(a.init, c);
      this.byStep.set(a.step, c);
      this.byCall.set(node, c);
      for (const x of [a.iterable, a.init, a.step]) this.walk(x, seen);
      return;
    }
    const m = meta?.macro;
    if (m?.twoVarKind && m.receiver && m.exprs) {
      const c: Comprehension = { name: m.twoVarKind, iterable: m.receiver, exprs: m.exprs };
      this.byReceiver.set(m.receiver, c);
      this.byExpr.set(m.exprs[0], c);
      this.byCall.set(node, c);
      for (const x of [m.receiver, ...m.exprs]) this.walk(x, seen);
      return;
    }
    if (node.op === '?:')
      for (const b of (node.args as Node[]).slice(1))
        if (['id', '.', '.?', '[]', '[?]', 'accuValue'].includes(b.op)) this.resolvedBranches.add(b);
    if (meta?.alternate) this.walk(meta.alternate, seen);
    this.walk(node.args, seen);
  }
}

/** One evaluation's cost, charged node by node as cel-go's CostObserver charges the steps it plans. */
class Tracker {
  cost = 0;
  exceeded = false;
  private readonly values = new Map<Node, unknown>();
  private readonly frames: Frame[] = [];

  constructor(
    private readonly plan: Plan,
    private readonly limit: number,
    /** Whether cel-go's checker resolves the node to one overload (celSingleOverloads), when known. */
    private readonly singleOverload?: (n: Node) => boolean,
  ) {}

  /** A `sort()` or `sortBy()` whose overload cel-go resolves statically (unknown: assumed, as a schema's lists are). */
  private typedSort(n: Node): boolean {
    return this.singleOverload?.(n) ?? true;
  }

  private value(n: Node): unknown {
    return this.values.get(n);
  }

  charge(c: number): void {
    this.cost += c;
    if (this.cost > this.limit) {
      this.exceeded = true;
      throw new CostLimitExceeded('operation cancelled: actual cost limit exceeded');
    }
  }

  private frameOf(c: Comprehension): Frame | undefined {
    for (let i = this.frames.length - 1; i >= 0; i--) if (this.frames[i].c === c) return this.frames[i];
    return undefined;
  }

  private endFrame(c: Comprehension): Frame | undefined {
    const f = this.frameOf(c);
    if (f) this.frames.length = this.frames.lastIndexOf(f);
    return f;
  }

  /** Observations so far: a child observed after a parent's start was evaluated within it. */
  tick = 0;
  private readonly seen = new Map<Node, number>();
  private lastFailed: Node | undefined;
  private pendingError: Failed | undefined;
  /**
   * A panic of cel-go's (its cost tracker's, below): not an error value but the end of the evaluation, whatever an
   * operator or macro around it would have made of an error, and whichever operand failed first (cel-go evaluates
   * both operands of a binary call before looking at either).
   */
  panicked: Error | undefined;

  /** The error comprehension n held back until its end (see observeError), now its value; once. */
  takePendingError(n: Node): unknown {
    const p = this.pendingError;
    if (p === undefined) return undefined;
    this.pendingError = undefined;
    this.values.set(n, p);
    this.lastFailed = n;
    return p.error;
  }

  /**
   * A node threw. cel-go would have evaluated it to an error value: charge what cel-go charges for that step, after
   * evaluating (and charging) the arguments cel-go evaluates although an earlier one failed (`evaluate`). Returns
   * the error to raise (the leftmost argument's, as cel-go returns it), or undefined for a step of a comprehension
   * cel-js would stop at, whose error is held until the comprehension ends (the accumulator stays unchanged).
   */
  observeError(n: Node, e: unknown, start: number, evaluate: (a: Node) => void): unknown {
    // the error came from the operand (not the step itself): decided before the remaining arguments run
    const operandFailed = this.lastFailed !== undefined && this.childrenOf(n)[0] === this.lastFailed;
    let raised = e;
    if (n.op === 'call' || n.op === 'rcall' || BINARY.has(n.op)) {
      const args = this.childrenOf(n);
      if (!this.plan.byCall.has(n) && !n.meta.macro && args.length > 0) {
        for (const a of args) if ((this.seen.get(a) ?? -1) <= start) evaluate(a);
        const first = args.map((a) => this.values.get(a)).find((v) => v instanceof Failed);
        if (first instanceof Failed) raised = first.error;
      }
    }
    const failed = new Failed(raised);
    this.values.set(n, failed);
    this.seen.set(n, ++this.tick);
    this.lastFailed = n;
    const step = this.plan.byStep.get(n) ?? this.plan.byExpr.get(n);
    const f = step && this.frameOf(step);
    if (f) f.steps++;
    let c: number;
    try {
      c = this.errorCost(n, failed, operandFailed, start);
    } catch {
      c = 1;
    }
    this.charge(this.plan.resolvedBranches.has(n) ? Math.max(0, c - 1) : c);
    if (f && step!.fatal) {
      // a conditional step (`p ? … : @result`: filter, exists_one, map with a filter) whose predicate failed
      // makes the predicate's error the accumulator, replacing an earlier one; any other failed step leaves the
      // accumulator's error in place (`@result + [e]` returns its left operand's error first)
      if (n.op === '?:' && operandFailed) f.error = failed;
      else f.error ??= failed;
      return undefined;
    }
    // distinct() of an error, sort() and sortBy() of one of a static type: cel-go's trackers for their overloads
    // assert a list and panic
    const name = n.op === 'rcall' ? (n.args as [string])[0] : '';
    const sortOfError =
      (operandFailed && (name === 'distinct' || (name === 'sort' && this.typedSort(n)))) ||
      (n.meta.macro?.sortBy?.sortByFailed !== undefined && this.typedSort(n));
    if (sortOfError) {
      const panic = new Failed((this.panicked = new Error(SORT_OF_ERROR)));
      this.values.set(n, panic);
      return panic.error;
    }
    return raised;
  }

  /** What cel-go charges a step that evaluated to an error. */
  private errorCost(n: Node, v: Failed, operandFailed: boolean, start: number): number {
    switch (n.op) {
      case '.':
      case '.?':
      case '[]':
      case '[?]':
        // the operand failed: an attribute's later qualifiers are not evaluated; a relative attribute is observed
        if (operandFailed) return isAttribute((n.args as Node[])[0]) ? 0 : 1;
        return this.nodeCost(n, v);
      case '?:':
      case '&&':
      case '||':
        return 0;
    }
    const c = this.plan.byCall.get(n);
    if (c) {
      // an error in the range: cel-go's fold returns it before looping (nothing charged)
      const f = this.frameOf(c);
      if (!f || (this.seen.get(c.init ?? c.iterable) ?? -1) <= start) return 0;
    }
    return this.nodeCost(n, v);
  }

  private childrenOf(n: Node): Node[] {
    if (n.op === 'call') return (n.args as [string, Node[]])[1];
    if (n.op === 'rcall') {
      const [, target, args] = n.args as [string, Node, Node[]];
      return target.op === 'id' && target.meta.alternate ? args : [target, ...args];
    }
    if (Array.isArray(n.args)) return (n.args as unknown[]).filter((x): x is Node => isNode(x));
    return isNode(n.args) ? [n.args] : [];
  }

  observe(n: Node, v: unknown): void {
    this.seen.set(n, ++this.tick);
    this.values.set(n, v);
    const start = this.plan.byInit.get(n);
    if (start) this.frames.push({ c: start, size: actualSize(this.value(start.iterable)), steps: 0, kept: 0 });
    const twoVar = this.plan.byReceiver.get(n);
    if (twoVar) this.frames.push({ c: twoVar, size: actualSize(v), steps: 0, kept: 0 });
    const step = this.plan.byStep.get(n) ?? this.plan.byExpr.get(n);
    if (step) {
      const f = this.frameOf(step);
      if (f) {
        f.steps++;
        if (v === true) f.kept++;
      }
    }
    // cel-go plans a conditional as an attribute that resolves an attribute branch without evaluating (and so
    // without observing) it: only the branch's qualifiers are charged, not its identifier
    const c = this.nodeCost(n, v);
    this.charge(this.plan.resolvedBranches.has(n) ? Math.max(0, c - 1) : c);
  }

  private nodeCost(n: Node, v: unknown): number {
    switch (n.op) {
      case 'value':
      case '?:':
      case '&&':
      case '||':
        return 0;
      case 'id':
        return n.meta.alternate ? 0 : 1; // a constant (a namespace like `sets`) costs nothing
      case '.':
      case '.?': {
        const operand = (n.args as [Node])[0];
        return isAttribute(operand) ? 1 : 2; // a non-attribute operand becomes a relative attribute first
      }
      case '[]':
      case '[?]': {
        const [operand, index] = n.args as [Node, Node];
        // an attribute index is charged as the qualifier it becomes, not again as an identifier
        return (isAttribute(operand) ? 0 : 1) + (isAttribute(index) && index.op !== '?:' ? 0 : 1);
      }
      // a literal of constants is one constant (cel.OptOptimize, which the API server sets): free; so is the
      // empty list a map or filter starts from
      case 'list':
        return isConstant(n) ? 0 : 10;
      case 'map':
        return isConstant(n) ? 0 : 30;
      case 'accuValue':
        return 1; // @result (free as a conditional's branch, see observe)
      case 'accuInc':
        return 2; // @result + 1
      case 'accuPush':
        return 12; // @result + [e]
      case '!_':
      case '-_':
        return isConstant(n) ? 0 : 1;
      case 'call':
      case 'rcall':
        return this.callNodeCost(n, v);
    }
    const [a, b] = n.args as [Node, Node];
    // `x in [constants]` is planned as a set lookup, which is no call
    if (n.op === 'in' && b.op === 'list' && isConstant(b)) return 0;
    // `+` is charged by its operands' sizes only when the checker resolved it to add_string or add_bytes (an
    // operand that failed has size 1), else 1 (`dyn + dyn`, even of two strings)
    if (n.op === '+' && this.singleOverload)
      return this.singleOverload(n)
        ? Math.ceil((actualSize(this.value(a)) + actualSize(this.value(b))) * STRING_TRAVERSAL)
        : 1;
    return operatorCost(n.op, this.value(a), this.value(b));
  }

  private callNodeCost(node: Node, v: unknown): number {
    const n = node;
    const c = this.plan.byCall.get(n);
    if (c) return this.comprehensionCost(c);
    const macro = n.meta.macro;
    // has(a.b.c): the presence test itself is free (PresenceTestHasCost(false)); its operand's selects are not
    if (macro?.macroHasProps) return Math.max(0, macro.macroHasProps.length - 2);
    if (macro?.sortBy) {
      // cel.bind(@in, list, @in.@sortByAssociatedKeys(@in.map(x, key))): the bind's [] (10), @in (1), the map over
      // @in (1, [] 10, @result + [key] 12 per key, @result 1) and the sort of the keys — not charged when a key
      // or the list failed (cel-go's tracker panics there); a failed list is no range: the map loops over nothing
      // (the sort of keys of type dyn resolves to no one overload, so no tracker: it costs 1, also on an error)
      const n = macro.sortBy.sortByKeys;
      const typed = this.typedSort(node);
      const sort = macro.sortBy.sortByFailed ? 0 : listSelfCompareCost(n, macro.sortBy.sortByStringKeys);
      const base = macro.sortBy.sortByFailed === 'receiver' ? 12 : 23 + 12 * n;
      return base + (typed ? sort : 1);
    }
    if (n.op === 'call') {
      const [name, args] = n.args as [string, Node[]];
      return callCost(
        name,
        args.map((a) => this.value(a)),
        v,
      );
    }
    const [name, target, args] = n.args as [string, Node, Node[]];
    if (name === 'sort' && !this.typedSort(n)) return 1;
    if (target.op === 'id' && target.meta.alternate)
      return callCost(
        `${target.args as string}.${name}`,
        args.map((a) => this.value(a)),
        v,
      );
    return callCost(name, [this.value(target), ...args.map((a) => this.value(a))], v);
  }

  /** The loop conditions, accumulator reads and results cel-go's macro expansion adds to the body's cost. */
  private comprehensionCost(c: Comprehension): number {
    const f = this.endFrame(c) ?? { c, size: 0, steps: 0, kept: 0 };
    if (f.error !== undefined) this.pendingError = f.error as Failed;
    const early = f.steps < f.size ? 1 : 0;
    switch (c.name) {
      case 'all':
        return 2 * (f.steps + early) + f.steps + 1; // @not_strictly_false(@result); @result && p; @result
      case 'exists':
        return 3 * (f.steps + early) + f.steps + 1; // @not_strictly_false(!@result); @result || p; @result
      case 'existsOne':
        // p ? @result + 1 : @result (the @result branch is resolved: free); @result == 1
        if (c.exprs) return f.kept * 2 + 2;
        return 2; // exists_one's step nodes are charged as evaluated; @result == 1
      case 'exists_one':
        return 2;
      case 'transformList':
      case 'transformMap':
      case 'transformMapEntry': {
        // @result + [t] | cel.@mapInsert(@result, k, t) | (@result, entry); with a filter p ? step : @result, whose
        // @result branch is resolved (free); the initial [] or {} is a constant (free); the result @result 1
        const insert = c.name === 'transformList' ? 12 : c.name === 'transformMap' ? 3 : 2;
        return (c.exprs!.length === 1 ? f.steps : f.kept) * insert + 1;
      }
      default:
        return 1; // map/filter: the accumulator steps are charged as evaluated; @result
    }
  }
}

type Program = ((bindings: Record<string, unknown>) => unknown) & { ast: ASTNode };

export interface CostedResult {
  /** The result, or what the evaluation threw (undefined when the cost limit stopped it). */
  value?: unknown;
  error?: unknown;
  cost: number;
  /** The evaluation passed the limit and was stopped, as cel-go stops it. */
  exceeded: boolean;
}

/** A program whose evaluations report their actual cost and stop above `limit`. */
export class CostedProgram {
  private readonly program: Program;
  private readonly plan: Plan;
  private readonly ordinals = new Map<Node, number>();
  private tracker: Tracker | undefined;

  constructor(env: Environment, source: string) {
    this.program = parseCel(env, source) as unknown as Program;
    const root = this.program.ast as unknown as Node;
    this.plan = new Plan(root);
    astNodes(root).forEach((n, i) => this.ordinals.set(n as Node, i));
    const proto = Object.getPrototypeOf(root) as Node;
    const tracked = (ev: Evaluator, ctx: unknown): unknown => {
      const t = this.tracker!;
      const own = Object.prototype.hasOwnProperty.call(ev, 'run');
      /** Evaluate n, charged as cel-go charges its step, errors included (see Tracker.observeError). */
      const guarded = (n: Node, c: unknown, evaluate: () => unknown): unknown => {
        if (t.exceeded) throw new CostLimitExceeded('operation cancelled: actual cost limit exceeded');
        if (t.panicked) throw t.panicked;
        const start = t.tick;
        let r: unknown;
        try {
          r = evaluate();
        } catch (e) {
          if (e instanceof CostLimitExceeded || t.exceeded) throw e;
          if (t.panicked) throw t.panicked;
          const raised = t.observeError(n, e, start, (a) => {
            try {
              run(a, c);
            } catch (inner) {
              if (inner instanceof CostLimitExceeded || t.exceeded) throw inner;
              if (t.panicked) throw t.panicked;
            }
          });
          // a step cel-js would stop at: cel-go goes on to the next item with the error as the accumulator
          if (raised === undefined) return (c as { accuValue?: unknown }).accuValue;
          throw raised;
        }
        if (t.panicked) throw t.panicked; // cel-js made a value of it (`||`, `&&`, a macro): the panic stands
        t.observe(n, r);
        const pending = t.takePendingError(n);
        if (pending !== undefined) throw pending;
        return r;
      };
      const run = (n: Node, c: unknown): unknown => guarded(n, c, () => n.evaluate(ev, n, c));
      if (!own) ev.run = run;
      try {
        return guarded(root, ctx, () => proto.evaluate.call(root, ev, root, ctx));
      } finally {
        if (!own) delete (ev as Partial<Evaluator>).run;
        root.evaluate = wrapper;
      }
    };
    const wrapper = (ev: unknown, _ast: Node, ctx: unknown) => tracked(ev as Evaluator, ctx);
    root.evaluate = wrapper;
  }

  /**
   * Evaluate, charged; `singleOverloads`: the ordinals (astNodes order) of the nodes cel-go's checker resolves to one
   * overload, as celSingleOverloads computes them for the rule's schema (unknown: guessed from the values).
   */
  run(bindings: Record<string, unknown>, limit: number, singleOverloads?: Set<number>): CostedResult {
    const typed = singleOverloads && ((n: Node) => singleOverloads.has(this.ordinals.get(n) ?? -1));
    const t = (this.tracker = new Tracker(this.plan, limit, typed));
    try {
      const value = this.program(bindings);
      return t.exceeded ? { cost: t.cost, exceeded: true } : { value, cost: t.cost, exceeded: false };
    } catch (error) {
      return t.exceeded || error instanceof CostLimitExceeded
        ? { cost: t.cost, exceeded: true }
        : { error, cost: t.cost, exceeded: false };
    } finally {
      this.tracker = undefined;
    }
  }
}
