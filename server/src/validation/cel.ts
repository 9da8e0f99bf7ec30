// CRD x-kubernetes-validations evaluated with @bufbuild/cel. Rules run against the defaulted object with
// `self` bound to the field; transition rules (oldSelf) only apply to updates and are skipped. Rules that use
// Kubernetes' CEL library functions this evaluator lacks (quantity(), isURL()...) cannot be decided here: they
// are skipped rather than guessed.
import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { FieldPath, formatPath } from '../documents/path';
import type { ResolvedSchema } from '../schema/resolved';
import type { OpenAPISchema } from '../schema/types';
import { formatValue } from './messages';
import { walkWithSchema } from './schema-walk';
import type { FieldProblem } from './schema-validator';

type Program = (bindings: Record<string, unknown>) => unknown;

const env = celEnv({ funcs: strings });
const programs = new Map<string, Program | null>();

function programFor(rule: string): Program | null {
  let p = programs.get(rule);
  if (p === undefined) {
    try {
      const run = plan(env, parse(rule)) as unknown as Program;
      p = run;
    } catch {
      p = null; // a rule the API server would have refused at CRD creation; nothing to check here
    }
    programs.set(rule, p);
  }
  return p;
}

/** JSON value -> CEL input: integers are CEL ints (bigint), objects are maps. */
export function toCel(v: unknown, schema?: OpenAPISchema): unknown {
  if (Array.isArray(v)) return v.map((x) => toCel(x, schema?.items));
  if (v && typeof v === 'object') {
    const m = new Map<string, unknown>();
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const ps =
        schema?.properties?.[k] ??
        (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      m.set(k, toCel(x, ps));
    }
    return m;
  }
  if (typeof v === 'number') {
    // A `number` field keeps doubles even for whole values; integers are ints.
    if (schema?.type === 'number') return v;
    return Number.isInteger(v) ? BigInt(v) : v;
  }
  return v;
}

export function checkCelRules(resolved: ResolvedSchema, value: unknown, base: FieldPath = []): FieldProblem[] {
  const out: FieldProblem[] = [];
  walkWithSchema(
    resolved,
    value,
    (v, schema, path) => {
      const rules = schema['x-kubernetes-validations'];
      if (!rules || v === undefined) return;
      for (const r of rules) {
        if (typeof r?.rule !== 'string' || /\boldSelf\b/.test(r.rule)) continue;
        const program = programFor(r.rule);
        if (!program) continue;
        let result: unknown;
        try {
          result = program({ self: toCel(v, schema) });
        } catch {
          continue;
        }
        if (isCelError(result) || result !== false) continue;
        const fieldPath = r.fieldPath ? [...path, ...fieldPathSegments(r.fieldPath)] : path;
        const field = formatPath(fieldPath);
        const detail = r.message ?? `failed rule: ${r.rule}`;
        // The API server prints scalar values, but not objects or lists.
        const shown = typeof v === 'object' && v !== null ? '' : `${formatValue(v)}: `;
        const message =
          r.reason === 'FieldValueRequired'
            ? `${field}: Required value: ${detail}`
            : r.reason === 'FieldValueForbidden'
              ? `${field}: Forbidden: ${detail}`
              : `${field}: Invalid value: ${shown}${detail}`;
        out.push({ code: 'cel', path: fieldPath, message: message.replace(/^: /, '<nil>: ') });
      }
    },
    base,
  );
  return out;
}

/** `.spec.foo['bar']` -> ['spec', 'foo', 'bar'] (the fieldPath of a rule is relative to self). */
function fieldPathSegments(p: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /\.([A-Za-z0-9_$-]+)|\['([^']*)'\]|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(p))) out.push(m[1] ?? m[2] ?? Number(m[3]));
  return out;
}
