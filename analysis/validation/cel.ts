// CRD x-kubernetes-validations evaluated as apiextensions-apiserver does (pkg/apiserver/schema/cel/validation.go):
// `self` bound to each value with its schema's property names escaped, the Kubernetes CEL libraries
// (celLibrary.ts), run-time errors reported as failures, `messageExpression`, `reason` and `fieldPath`.
// Only create is validated here: transition rules (oldSelf) run only when they declare optionalOldSelf, with
// oldSelf = optional.none(), as on the server.
import type { ASTNode, Environment } from '@marcbachmann/cel-js';
import { Optional } from '@marcbachmann/cel-js';
import { FieldPath, formatPath } from '../documents/path';
import type { ResolvedSchema } from '../schema/resolved';
import { propertySchema, type OpenAPISchema } from '../schema/types';
import { kubernetesCelEnvironment, withRe2Matches } from './celLibrary';
import { celDataError } from './formatTypeCheck';
import {
  CostEstimator,
  DeclType,
  formatCelErrors,
  PER_CALL_LIMIT,
  RUNTIME_COST_BUDGET,
  schemaDeclType,
} from './celCost';
import { astNodes, CostedProgram } from './celRuntimeCost';
import { parseCel } from './celParse';
import { formatValue } from './messages';
import { trimSpace } from '../../kube/util/go';
import { walkWithSchema } from './schemaWalk';
import type { FieldProblem } from './schemaValidator';

type Program = (bindings: Record<string, unknown>) => unknown;
type Rule = NonNullable<OpenAPISchema['x-kubernetes-validations']>[number] & { optionalOldSelf?: boolean };

const programs = new Map<string, Program | null>();

function programFor(env: Environment, rule: string): Program | null {
  let p = programs.get(rule);
  if (p === undefined) {
    try {
      p = parseCel(env, withRe2Matches(rule)) as unknown as Program;
    } catch {
      p = null; // a rule the API server would have refused at CRD creation; nothing to check here
    }
    programs.set(rule, p);
  }
  return p;
}

/** Why a rule does not parse, or undefined when it does (CRD creation rejects rules that do not). */
export function celCompileError(rule: string): string | undefined {
  try {
    kubernetesCelEnvironment().parse(withRe2Matches(rule));
    return undefined;
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

const costAsts = new Map<string, { ast: ASTNode; source: string } | { error: string }>();

/** The AST for cost and types: of the rule as written when cel-js parses it, else with matches() renamed. */
function parsedForCost(expression: string): { ast: ASTNode; source: string } | { error: string } {
  let p = costAsts.get(expression);
  if (!p) {
    try {
      p = { ast: kubernetesCelEnvironment().parse(expression).ast, source: expression };
    } catch {
      try {
        const source = withRe2Matches(expression);
        p = { ast: kubernetesCelEnvironment().parse(source).ast, source };
      } catch (e) {
        p = { error: (e as Error).message.split('\n')[0] };
      }
    }
    costAsts.set(expression, p);
  }
  return p;
}

/**
 * The static cost range of an expression with `self` of the given type, its output type, and its type errors
 * (printed as cel-go prints them), or error alone when it does not parse.
 */
export function celCost(
  expression: string,
  self: DeclType | undefined,
  optionalOldSelf = false,
  runtimeBound = false,
): { min: number; max: number; type: string; error?: string; programError?: string; usesOldSelf?: boolean } {
  const parsed = parsedForCost(expression);
  if ('error' in parsed) return { min: 0, max: 0, type: 'dyn', error: parsed.error };
  const { ast, source } = parsed;
  const estimator = new CostEstimator(self, source, optionalOldSelf, runtimeBound);
  const r = estimator.estimate(ast);
  const errors = estimator.errors.length ? estimator.errors : estimator.validatorErrors;
  if (errors.length) return { ...r, error: formatCelErrors(source, errors) };
  const program = estimator.programErrors[0];
  return {
    ...r,
    usesOldSelf: estimator.usesOldSelf,
    programError: program === undefined ? undefined : `program instantiation failed: ${program}`,
  };
}

/**
 * The ordinals (in `astNodes` order) of the expression's nodes that cel-go's checker resolves to one overload where
 * the run-time cost tracker depends on it (CostEstimator.singleOverloads), with `self` of the given type.
 */
export function celSingleOverloads(
  expression: string,
  self: DeclType | undefined,
  optionalOldSelf = false,
): Set<number> {
  const parsed = parsedForCost(expression);
  if ('error' in parsed) return new Set();
  const estimator = new CostEstimator(self, parsed.source, optionalOldSelf, true);
  estimator.estimate(parsed.ast);
  const typed = estimator.singleOverloads(parsed.ast);
  const out = new Set<number>();
  astNodes(parsed.ast).forEach((n, i) => typed.has(n as ASTNode) && out.add(i));
  return out;
}

const RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import',
  'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]); // prettier-ignore

/** k8s.io/apiserver/pkg/cel.Escape: the name a property has in CEL, or undefined when CEL cannot name it. */
export function escapeProperty(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  if (!/^[A-Za-z0-9_./-]+$/.test(name)) return undefined;
  return name.replace(/__|[./-]/g, (m) =>
    m === '__' ? '__underscores__' : m === '.' ? '__dot__' : m === '-' ? '__dash__' : '__slash__',
  );
}

/**
 * The name the API server gives an object created with generateName only, before validation runs (its
 * SimpleNameGenerator: the prefix cut to 58 characters and 5 random ones from utilrand's alphabet, here fixed).
 */
function generatedName(md: Record<string, unknown>): string | undefined {
  if ((md.name !== undefined && md.name !== '') || typeof md.generateName !== 'string' || md.generateName === '')
    return undefined;
  return `${md.generateName.slice(0, 58)}xxxxx`;
}

/**
 * JSON value -> CEL value: integers are CEL ints (bigint), objects are maps. Properties of a schema with
 * `properties` get escaped names; `additionalProperties` maps keep their keys. `rootMeta` limits
 * `metadata` to name and generateName, the only ObjectMeta fields CEL sees at a resource's root.
 */
export function toCel(v: unknown, schema?: OpenAPISchema, resolved?: ResolvedSchema, rootMeta = false): unknown {
  const s = resolved ? resolved.deref(schema) : schema;
  if (Array.isArray(v)) return v.map((x) => toCel(x, s?.items, resolved));
  if (v && typeof v === 'object') {
    const m = new Map<string, unknown>();
    const isObject = !!s?.properties || rootMeta;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const ps =
        propertySchema(s, k) ?? (typeof s?.additionalProperties === 'object' ? s.additionalProperties : undefined);
      if (rootMeta && k === 'metadata' && x && typeof x === 'object') {
        const md = x as Record<string, unknown>;
        const kept = new Map<string, unknown>();
        for (const f of ['name', 'generateName']) if (typeof md[f] === 'string') kept.set(f, md[f]);
        const generated = generatedName(md);
        if (generated !== undefined) kept.set('name', generated);
        m.set(k, kept);
        continue;
      }
      const name = isObject && s?.properties ? escapeProperty(k) : k;
      if (name === undefined) continue;
      m.set(name, toCel(x, ps, resolved));
    }
    return m;
  }
  if (typeof v === 'string' && s?.format) return typedString(v, s.format);
  if (typeof v === 'number') {
    // A `number` field keeps doubles even for whole values; integers are ints.
    if (s?.type === 'number') return v;
    return Number.isInteger(v) ? BigInt(v) : v;
  }
  return v;
}

/** Strings of these formats are bytes, timestamps and durations in CEL (apiserver/pkg/cel/types.go). */
function typedString(v: string, format: string): unknown {
  switch (format) {
    case 'byte':
      return new Uint8Array(Buffer.from(v, 'base64'));
    case 'date':
    case 'date-time':
    case 'datetime': {
      const d = new Date(v);
      return isNaN(d.getTime()) ? v : d;
    }
    case 'duration':
      try {
        return kubernetesCelEnvironment().evaluate('duration(s)', { s: v });
      } catch {
        return v;
      }
    default:
      return v;
  }
}

/** cel-js error texts -> cel-go's, which the API server prints. */
function celGoError(e: unknown): string {
  const msg = (e as Error)?.message?.split('\n')[0] ?? String(e);
  // a list index: cel-js words it as a missing key
  const index = /^No such key: index out of bounds, index (-?\d+)/.exec(msg);
  if (index) return `index out of bounds: ${index[1]}`;
  const key = /^No such key: (.*)$/.exec(msg);
  if (key) return `no such key: ${key[1]}`;
  // cel-js's list index (capitalized; the library's own `index out of range: N`, of charAt, is cel-go's already)
  if (/^Index out of (range|bounds)/.test(msg))
    return msg.replace(/^Index out of (range|bounds)/, 'index out of bounds');
  if (/^division by zero/i.test(msg)) return 'division by zero';
  // an operator without an overload for its operands' run-time types: cel-go's traits answer this
  if (/^no such overload: \S+( \S+ \S+)?$/.test(msg) && !msg.includes('(')) return 'no such overload';
  // cel-js's int(string) refusal; cel-go's String.ConvertToType says
  if (msg === 'int() type error: cannot convert to int') return "type conversion error from 'string' to 'int'";
  if (/^modul(us|o) by zero/i.test(msg)) return 'modulus by zero';
  // cel-go's own overflow errors (ours are worded as cel-go words them); cel-js's integer ones
  if (/^(unsigned integer|integer|timestamp|duration) overflow$/.test(msg)) return msg;
  if (/^unsigned integer overflow/i.test(msg)) return 'unsigned integer overflow';
  if (/overflow/i.test(msg)) return 'integer overflow';
  return msg;
}

/**
 * The run-time cost of the rules of one object, as the API server limits it: each evaluation to PER_CALL_LIMIT,
 * all of them together to RUNTIME_COST_BUDGET, each charged its actual cost (celRuntimeCost.ts). Counting costs
 * slows evaluation, so while the static estimates (schema bounds, cached per rule and schema) of everything
 * evaluated so far stay within both limits, evaluations run uncounted and their actual costs are only counted
 * (by evaluating them again) once the estimates no longer prove the object within budget.
 */
class RuntimeBudget {
  private upper = 0;
  private spent = 0;
  private precise = false;
  private pending: (() => number)[] = [];

  /** Whether an evaluation with this static estimate must be counted. */
  mustCount(staticMax: number): boolean {
    return this.precise || staticMax > PER_CALL_LIMIT || this.upper + staticMax > RUNTIME_COST_BUDGET;
  }

  /** An evaluation that ran uncounted: its cost, computed only if the budget must become precise. */
  defer(staticMax: number, cost: () => number): void {
    this.upper += staticMax;
    this.pending.push(cost);
  }

  /** Charges a counted evaluation; false when the budget left cannot pay it (validation.go's remainingBudget). */
  charge(cost: number): boolean {
    if (!this.precise) {
      this.precise = true;
      this.spent = this.pending.reduce((sum, f) => sum + f(), 0);
      this.pending = [];
    }
    if (cost > RUNTIME_COST_BUDGET - this.spent) return false;
    this.spent += cost;
    return true;
  }

  get exhausted(): boolean {
    return this.precise && this.spent >= RUNTIME_COST_BUDGET;
  }
}

/** celconfig.MaxEvaluatedMessageExpressionSizeBytes: a longer message is replaced by the rule's. */
const MAX_EVALUATED_MESSAGE_BYTES = 5 * 1024;

const costedPrograms = new Map<string, CostedProgram | null>();

function costedProgramFor(env: Environment, rule: string): CostedProgram | null {
  let p = costedPrograms.get(rule);
  if (p === undefined) {
    try {
      p = new CostedProgram(env, withRe2Matches(rule));
    } catch {
      p = null;
    }
    costedPrograms.set(rule, p);
  }
  return p;
}

const declTypes = new WeakMap<OpenAPISchema, { root?: DeclType; nested?: DeclType }>();
const staticCosts = new WeakMap<DeclType, Map<string, number>>();

function declTypeOf(schema: OpenAPISchema, atRoot: boolean, resolved: ResolvedSchema): DeclType | undefined {
  let entry = declTypes.get(schema);
  if (!entry) declTypes.set(schema, (entry = {}));
  const key = atRoot || schema['x-kubernetes-embedded-resource'] ? 'root' : 'nested';
  if (!(key in entry)) entry[key] = schemaDeclType(schema, key === 'root', escapeProperty, (s) => resolved.deref(s));
  return entry[key];
}

function staticCost(decl: DeclType | undefined, rule: string): number {
  if (!decl) return 0;
  let costs = staticCosts.get(decl);
  if (!costs) staticCosts.set(decl, (costs = new Map()));
  let c = costs.get(rule);
  // an upper bound of the run-time cost (the creation-time estimate is not one), so that deferring is safe
  if (c === undefined) costs.set(rule, (c = celCost(rule, decl, false, true).max));
  return c;
}

const singleOverloadSets = new WeakMap<DeclType, Map<string, Set<number>>>();

/** celSingleOverloads, cached per schema type and rule. */
function singleOverloadsFor(decl: DeclType | undefined, rule: string): Set<number> | undefined {
  if (!decl) return undefined;
  let sets = singleOverloadSets.get(decl);
  if (!sets) singleOverloadSets.set(decl, (sets = new Map()));
  let s = sets.get(rule);
  if (!s) sets.set(rule, (s = celSingleOverloads(rule, decl)));
  return s;
}

/**
 * A schema's rules as the API server could have stored them: a list of rules whose fields are strings. A CRD file
 * can hold anything (`message: no` is YAML's false, `x-kubernetes-validations:` a mapping); the CRD itself gets those
 * errors (the server refuses it), and its custom resources are checked with the rules that are well formed, where
 * reading a wrong type used to throw and end the whole run. One answer per list.
 */
function wellFormedRules(raw: unknown): Rule[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  let rules = wellFormed.get(raw);
  if (!rules) {
    const text = (x: unknown) => (typeof x === 'string' ? x : undefined);
    rules = raw
      .filter((r): r is Record<string, unknown> => !!r && typeof r === 'object' && typeof r.rule === 'string')
      .map((r) => ({
        ...r,
        rule: r.rule as string,
        message: text(r.message),
        messageExpression: text(r.messageExpression),
        reason: text(r.reason),
        fieldPath: text(r.fieldPath),
        optionalOldSelf: r.optionalOldSelf === true,
      })) as Rule[];
    wellFormed.set(raw, rules);
  }
  return rules;
}
const wellFormed = new WeakMap<unknown[], Rule[]>();

export function checkCelRules(resolved: ResolvedSchema, value: unknown, base: FieldPath = []): FieldProblem[] {
  const env = kubernetesCelEnvironment();
  const out: FieldProblem[] = [];
  const budget = new RuntimeBudget();
  let stopped = false;
  walkWithSchema(
    resolved,
    value,
    (v, schema, path) => {
      const rules = wellFormedRules(schema['x-kubernetes-validations']);
      // Null values are not validated (only the surrounding schema's rules can see them).
      if (stopped || !rules || v === undefined || v === null) return;
      const atRoot = path.length === base.length;
      const type = Array.isArray(v) ? 'array' : typeof v === 'object' ? 'object' : typeOfSchema(schema, v);
      const invalid = (detail: string) =>
        out.push({
          code: 'cel',
          path,
          message: `${formatPath(path) || '<nil>'}: Invalid value: ${JSON.stringify(type)}: ${detail}`,
        });
      const outOfBudget =
        'validation failed due to running out of cost budget, no further validation rules will be run';
      if (budget.exhausted) {
        invalid(outOfBudget);
        stopped = true;
        return;
      }
      const decl = declTypeOf(schema, atRoot, resolved);
      // A value of another kind than its schema's type (only a formatted schema lets one through): self is an error.
      const dataError = celDataError(v, schema.type);
      let self: unknown;
      for (const r of rules) {
        if (typeof r?.rule !== 'string') continue;
        const usesOldSelf = /\boldSelf\b/.test(r.rule);
        if (usesOldSelf && !r.optionalOldSelf) continue;
        const program = programFor(env, r.rule);
        if (!program) continue;
        if (dataError !== undefined && /\bself\b/.test(r.rule)) {
          const ruleText = trimSpace(r.message ?? '') || trimSpace(r.rule);
          const at = formatPath(path) || '<nil>';
          out.push({
            code: 'cel',
            path,
            message: `${at}: Invalid value: ${JSON.stringify(schema.type)}: ${dataError} evaluating rule: ${ruleText}`,
          });
          continue;
        }
        self ??= toCel(v, schema, resolved, atRoot);
        const bindings: Record<string, unknown> = { self };
        if (usesOldSelf) bindings.oldSelf = Optional.none();
        const staticMax = staticCost(decl, r.rule);
        const costed = budget.mustCount(staticMax) ? costedProgramFor(env, r.rule) : null;
        let outcome: { value?: unknown; error?: unknown };
        if (costed) {
          const run = costed.run(bindings, PER_CALL_LIMIT, singleOverloadsFor(decl, r.rule));
          if (!budget.charge(run.cost)) {
            invalid(outOfBudget);
            stopped = true;
            return;
          }
          if (run.exceeded) {
            const ruleText = trimSpace(r.message ?? '') || trimSpace(r.rule);
            invalid(
              `'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${ruleText}`,
            );
            stopped = true;
            return;
          }
          outcome = run;
        } else {
          const rule = r.rule;
          const typed = () => singleOverloadsFor(decl, rule);
          budget.defer(staticMax, () => costedProgramFor(env, rule)?.run(bindings, PER_CALL_LIMIT, typed()).cost ?? 0);
          try {
            outcome = { value: program(bindings) };
          } catch (error) {
            // cel-js stops at the first error; cel-go goes on with errors as values, and may end with another
            // (the last failed filter, a sort of an error): the counting evaluation follows cel-go's
            outcome = costedProgramFor(env, rule)?.run(bindings, Number.POSITIVE_INFINITY, typed()) ?? { error };
            if (!('error' in outcome)) outcome = { error };
          }
        }
        let result: unknown;
        try {
          if ('error' in outcome) throw outcome.error;
          result = outcome.value;
        } catch (e) {
          const ruleText = trimSpace(r.message ?? '') || trimSpace(r.rule);
          const err = celGoError(e);
          const detail = /^no such overload|^found no matching overload/.test(err)
            ? `'${err}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleText}`
            : `${err} evaluating rule: ${ruleText}`;
          out.push({
            code: 'cel',
            path,
            message: `${formatPath(path) || '<nil>'}: Invalid value: ${JSON.stringify(type)}: ${detail}`,
          });
          continue;
        }
        if (result === true) continue;
        const fieldPath = r.fieldPath ? [...path, ...fieldPathSegments(r.fieldPath)] : path;
        const field = formatPath(fieldPath) || '<nil>';
        let detail = trimSpace(r.message ?? '') || `failed rule: ${trimSpace(r.rule)}`;
        if (r.messageExpression) {
          // the message's evaluation is charged to the same budget, and has the same per-call limit
          const expression = r.messageExpression;
          const m = programFor(env, expression);
          const msgStatic = staticCost(decl, expression);
          let run: { value?: unknown; error?: unknown } = {};
          const costedMessage = m && budget.mustCount(msgStatic) ? costedProgramFor(env, expression) : null;
          if (costedMessage) {
            const counted = costedMessage.run(bindings, PER_CALL_LIMIT, singleOverloadsFor(decl, expression));
            const stop = !budget.charge(counted.cost)
              ? 'messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run'
              : counted.exceeded
                ? `no further validation rules will be run due to call cost exceeds limit for messageExpression: ${JSON.stringify(expression)}`
                : undefined;
            if (stop) {
              out.push({
                code: 'cel',
                path: fieldPath,
                message: `${field}: Invalid value: ${JSON.stringify(type)}: ${stop}`,
              });
              stopped = true;
              return;
            }
            run = counted;
          } else if (m) {
            budget.defer(
              msgStatic,
              () =>
                costedProgramFor(env, expression)?.run(bindings, PER_CALL_LIMIT, singleOverloadsFor(decl, expression))
                  .cost ?? 0,
            );
            try {
              run = { value: m(bindings) };
            } catch (error) {
              run = { error };
            }
          }
          // The server trims the result and keeps the rule's message for an empty or multi-line one, or when the
          // message fails to evaluate (it logs that).
          const text = run.value;
          const trimmed = typeof text === 'string' ? trimSpace(text) : '';
          if (trimmed !== '' && !/\n/.test(trimmed) && Buffer.byteLength(trimmed) <= MAX_EVALUATED_MESSAGE_BYTES)
            detail = trimmed;
        }
        // The API server prints scalar values, but not objects or lists.
        const shown = typeof v === 'object' ? '' : `${formatValue(v)}: `;
        const message =
          r.reason === 'FieldValueRequired'
            ? `${field}: Required value: ${detail}`
            : r.reason === 'FieldValueForbidden'
              ? `${field}: Forbidden: ${detail}`
              : r.reason === 'FieldValueDuplicate'
                ? `${field}: Duplicate value${typeof v === 'object' ? '' : `: ${formatValue(v)}`}`
                : `${field}: Invalid value: ${shown}${detail}`;
        out.push({ code: 'cel', path: fieldPath, message });
      }
    },
    base,
  );
  return out;
}

function typeOfSchema(schema: OpenAPISchema, v: unknown): string {
  if (typeof schema.type === 'string') return schema.type;
  return typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;
}

/** `.spec.foo['bar']` -> ['spec', 'foo', 'bar'] (the fieldPath of a rule is relative to self). */
function fieldPathSegments(p: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z0-9_$-]+)|\['([^']*)'\]|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(p))) out.push(m[1] ?? m[2] ?? Number(m[3]));
  return out;
}
