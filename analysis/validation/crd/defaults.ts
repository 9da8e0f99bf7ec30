// Defaults must be valid values of their own schema (structuraldefaulting.ValidateDefaults): the OpenAPI
// validator's checks (type, enum, required, pattern, format, bounds of numbers, strings, lists and maps), no field
// that pruning would drop, and then the schema's CEL rules, run on the default as on an object.
import { openapiPattern } from '../re2';
import type { ResolvedSchema } from '../../schema/resolved';
import type { OpenAPISchema } from '../../schema/types';
import { celModule } from '../celModule';
import { matchesFormat } from '../formats';
import { formatValue } from '../messages';
import { bestFailure, matchCount } from '../openapiMatchCount';
import { CrdErrors, CrdPath, goJson } from './errors';
import { aggregateText, coerceError, goValue, metaErrors, metaErrorText, sortedDeep } from './embeddedMeta';
import { additionalSchemaOf, isSet, isTrue, itemsOf, propertiesOf, Schema, schemaList, typeOf } from './jsonSchema';

const META_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

/** Where a default sits relative to the (embedded) resource it belongs to: the steps from it, as in Go's walk. */
interface Surrounding {
  /** The resource's schema (the root, or the nearest embedded resource above). */
  resource: Schema;
  /** Property names and list indexes ('[]') from the resource down to the default. */
  steps: string[];
  /** Below the resource's apiVersion, kind or metadata: checked inside a stand-in object of that resource. */
  insideMeta: boolean;
}

/**
 * structuraldefaulting.ValidateDefaults: every default (not those below additionalProperties, where the server
 * does not look) is checked as a value of its schema: pruning, then the TypeMeta and ObjectMeta of any (embedded)
 * resource in it, then the schema's checks, then its CEL rules. A default inside a resource's apiVersion, kind or
 * metadata is checked in a stand-in object of that resource (`must result in valid metadata: …`).
 */
export function validateDefaults(
  s: Schema,
  p: CrdPath,
  errors: CrdErrors,
  at: Surrounding = { resource: s, steps: [], insideMeta: false },
  isRoot = true,
): void {
  const embedded = isRoot || isTrue(s['x-kubernetes-embedded-resource']);
  const here: Surrounding = embedded ? { resource: s, steps: [], insideMeta: false } : at;
  const resourceRoot = here.resource === s;
  if (isSet(s, 'default')) {
    const dp = p.child('default');
    if (here.insideMeta) metaDefault(s, dp, here, errors);
    else {
      unknownFields(s.default, s, dp, errors, resourceRoot);
      const pruned = errors.count;
      const coerce = coerceError(s.default, s, dp.field, embedded);
      if (coerce) errors.printed(new CrdPath(dp.doc, coerce.field), coerce.body);
      else
        for (const e of metaErrors(s.default, s, dp.field, embedded))
          errors.printed(new CrdPath(dp.doc, e.field), e.body);
      if (errors.count === pruned) checkValue(s.default, s, dp, '', errors);
      if (errors.count === pruned) celRules(s.default, s, dp, errors);
    }
  }
  const items = itemsOf(s);
  if (items) validateDefaults(items, p.child('items'), errors, { ...here, steps: [...here.steps, '[]'] }, false);
  for (const [k, v] of propertiesOf(s)) {
    const insideMeta = here.insideMeta || (embedded && META_FIELDS.has(k));
    validateDefaults(v, p.key('properties', k), errors, { ...here, steps: [...here.steps, k], insideMeta }, false);
  }
}

/** A default inside a resource's TypeMeta or ObjectMeta: the resource around it must decode and validate. */
function metaDefault(s: Schema, dp: CrdPath, at: Surrounding, errors: CrdErrors): void {
  let whole: unknown = s.default;
  for (const step of [...at.steps].reverse()) whole = step === '[]' ? [whole] : { [step]: whole };
  // NewRootObjectFunc().WithTypeMeta: the stand-in object has an apiVersion and a kind unless the default is one
  const obj = { ...(whole as Record<string, unknown>) };
  obj.kind ??= 'Validation';
  obj.apiVersion ??= 'validation/v1';
  const refused = (detail: string) =>
    errors.invalidPrinted(dp, goValue(s.default), `must result in valid metadata: ${detail}`);
  const coerce = coerceError(obj, at.resource, '', true);
  if (coerce) return refused(metaErrorText(coerce));
  const invalid = metaErrors(obj, at.resource, '', true);
  if (invalid.length) return refused(aggregateText(invalid));
  const before = errors.count;
  checkValue(s.default, s, dp, '', errors);
  if (errors.count === before) celRules(s.default, s, dp, errors);
}

function actualType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function matchesType(v: unknown, type: string): boolean {
  const t = actualType(v);
  return t === type || (type === 'number' && t === 'integer');
}

/** Whether a value passes a schema's value checks (not its CEL rules), as kube-openapi judges them. */
export function valuePasses(v: unknown, s: Schema): boolean {
  const e = new CrdErrors();
  checkValue(v, s, new CrdPath([], ''), '', e);
  return e.count === 0;
}

/** `rel` is the path inside the default as kube-openapi names it (`x`, `[0]`, `a.b`, `l[1]`); `at` is the default. */
function checkValue(v: unknown, s: Schema, at: CrdPath, rel: string, errors: CrdErrors): void {
  if (v === null || v === undefined || isTrue(s['x-kubernetes-int-or-string'])) return;
  // kube-openapi's field errors are the default's path plus the name (`default.l[1]`, `default.[0]` at the root).
  const p = rel ? new CrdPath([...at.doc], `${at.field}.${rel}`) : at;
  const type = typeOf(s);
  // Like kube-openapi, the enum is checked whatever the type.
  if (Array.isArray(s.enum) && !s.enum.some((e) => goJson(e) === goJson(v)))
    errors.notSupported(
      p,
      v,
      s.enum.map((e) => (typeof e === 'string' ? e : goJson(e))),
    );
  if (type !== '' && !matchesType(v, type)) {
    errors.invalid(p, actualType(v), `${rel} in body must be of type ${type}: "${actualType(v)}"`);
    return;
  }
  junctions(v, s, at, rel, errors);
  bounds(v, s, p, rel, errors);
  if (Array.isArray(v)) {
    const items = itemsOf(s);
    if (items) v.forEach((x, i) => checkValue(x, items, at, `${rel}[${i}]`, errors));
    return;
  }
  if (typeof v !== 'object') return;
  const obj = v as Record<string, unknown>;
  const props = new Map(propertiesOf(s));
  const additional = additionalSchemaOf(s);
  for (const k of Array.isArray(s.required) ? s.required : [])
    if (typeof k === 'string' && !Object.hasOwn(obj, k)) errors.required(new CrdPath([...p.doc], `${p.field}.${k}`));
  for (const [k, x] of Object.entries(obj)) {
    const child = props.get(k) ?? additional;
    if (child) checkValue(x, child, at, rel ? `${rel}.${k}` : k, errors);
  }
}

/**
 * allOf/anyOf/oneOf/not as kube-openapi's schemaPropsValidator judges them. Their own errors have no field name:
 * they are printed at the default with the value "" and the quoted name (`"" must validate ...`). allOf keeps every
 * branch's errors; anyOf and oneOf, when no branch passed, the errors of the branch with the highest MatchCount
 * (openapiMatchCount.ts); not, none.
 */
function junctions(v: unknown, s: Schema, at: CrdPath, rel: string, errors: CrdErrors): void {
  const branch = (b: Schema): CrdErrors => {
    const e = new CrdErrors();
    checkValue(v, b, at, rel, e);
    return e;
  };
  const report = (detail: string) => errors.invalidPrinted(at, '""', `${JSON.stringify(rel)} ${detail}`);
  // kube-openapi lists the branch with the most passed checks (its MatchCount), the first on ties
  const closest = (key: 'anyOf' | 'oneOf', results: CrdErrors[]) =>
    results[bestFailure(schemaList(s[key]).map((b) => matchCount(v, b, valuePasses)))];
  const anyOf = schemaList(s.anyOf).map(branch);
  if (anyOf.length > 0 && !anyOf.some((r) => r.count === 0)) {
    report('must validate at least one schema (anyOf)');
    errors.adopt(closest('anyOf', anyOf));
  }
  const oneOf = schemaList(s.oneOf).map(branch);
  const valid = oneOf.filter((r) => r.count === 0).length;
  if (oneOf.length > 0 && valid !== 1) {
    const found = valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`;
    report(`must validate one and only one schema (oneOf). ${found}`);
    if (valid === 0) errors.adopt(closest('oneOf', oneOf));
  }
  const allOf = schemaList(s.allOf).map(branch);
  const passed = allOf.filter((r) => r.count === 0).length;
  for (const r of allOf) errors.adopt(r);
  if (passed !== allOf.length) report(`must validate all the schemas (allOf)${passed === 0 ? '. None validated' : ''}`);
  const not = s.not && typeof s.not === 'object' ? (s.not as Schema) : undefined;
  if (not && branch(not).count === 0) report('must not validate the schema (not)');
}

/** Pruning would change the default: reported once, at the default, with the whole value (sorted keys). */
function unknownFields(v: unknown, s: Schema, p: CrdPath, errors: CrdErrors, resourceRoot = false): void {
  const pruned = (x: unknown, sc: Schema | undefined, root = false): boolean => {
    if (!sc || x === null || typeof x !== 'object') return false;
    if (Array.isArray(x)) return x.some((i) => pruned(i, itemsOf(sc)));
    // Pruning keeps an (embedded) resource's apiVersion, kind and metadata.
    if (root || isTrue(sc['x-kubernetes-embedded-resource'])) {
      const rest = Object.fromEntries(
        Object.entries(x).filter(([k]) => k !== 'apiVersion' && k !== 'kind' && k !== 'metadata'),
      );
      if (Object.keys(rest).length < Object.keys(x).length) return pruned(rest, sc);
    }
    if (isTrue(sc['x-kubernetes-preserve-unknown-fields']) && !asProps(sc)) return false;
    const props = new Map(propertiesOf(sc));
    const additional = additionalSchemaOf(sc);
    const open = isTrue(sc['x-kubernetes-preserve-unknown-fields']) || sc.additionalProperties === true;
    return Object.entries(x as Record<string, unknown>).some(([k, c]) => {
      const child = props.get(k) ?? additional;
      if (!child) return !open;
      return pruned(c, child);
    });
  };
  if (pruned(v, s, resourceRoot) && typeof v === 'object' && v !== null && !Array.isArray(v))
    errors.invalidPrinted(p, goJson(sortedDeep(v)), 'must not have unknown fields');
}
const asProps = (s: Schema) => propertiesOf(s).length > 0;

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

/** kube-openapi's value checks, in its words (`<rel> in body should ...`). */
function bounds(v: unknown, s: Schema, p: CrdPath, rel: string, errors: CrdErrors): void {
  const at = `${rel} in body`;
  if (typeof v === 'string') {
    const length = [...v].length;
    const maxLength = num(s.maxLength);
    const minLength = num(s.minLength);
    // kube-openapi's string validator stops at its first failure: maxLength, minLength, then the pattern
    if (maxLength !== undefined && length > maxLength) errors.tooLong(p, maxLength);
    else if (minLength !== undefined && length < minLength)
      errors.invalid(p, v, `${at} should be at least ${minLength} chars long`);
    else if (typeof s.pattern === 'string' && !openapiPattern(s.pattern).test(v))
      errors.invalid(p, v, `${at} should match '${s.pattern}'`);
  }
  if (typeof s.format === 'string' && matchesFormat(s.format, v) === false)
    errors.invalid(p, v, `${at} must be of type ${s.format}: ${formatValue(v)}`);
  if (typeof v === 'number') {
    const factor = num(s.multipleOf);
    if (factor !== undefined && factor <= 0)
      errors.invalid(p, factor, `factor MultipleOf declared for ${rel} must be positive: ${factor}`);
    const max = num(s.maximum);
    const min = num(s.minimum);
    if (max !== undefined && (s.exclusiveMaximum === true ? v >= max : v > max))
      errors.invalid(p, v, `${at} should be less than ${s.exclusiveMaximum === true ? '' : 'or equal to '}${max}`);
    if (min !== undefined && (s.exclusiveMinimum === true ? v <= min : v < min))
      errors.invalid(p, v, `${at} should be greater than ${s.exclusiveMinimum === true ? '' : 'or equal to '}${min}`);
    const multipleOf = num(s.multipleOf);
    if (multipleOf !== undefined && multipleOf > 0 && Math.abs(v / multipleOf - Math.round(v / multipleOf)) > 1e-9)
      errors.invalid(p, v, `${at} should be a multiple of ${multipleOf}`);
  }
  if (Array.isArray(v)) {
    const maxItems = num(s.maxItems);
    const minItems = num(s.minItems);
    if (maxItems !== undefined && v.length > maxItems) errors.tooMany(p, v.length, maxItems);
    if (minItems !== undefined && v.length < minItems)
      errors.invalid(p, v.length, `${at} should have at least ${minItems} items`);
  } else if (v && typeof v === 'object') {
    const n = Object.keys(v).length;
    const maxProps = num(s.maxProperties);
    const minProps = num(s.minProperties);
    if (maxProps !== undefined && n > maxProps)
      errors.invalid(p, n, `${at} should have at most ${maxProps} properties`);
    if (minProps !== undefined && n < minProps)
      errors.invalid(p, n, `${at} should have at least ${minProps} properties`);
  }
}

/** The schema's CEL rules (and those below it) on the default, as the server runs them on an object. */
function celRules(v: unknown, s: Schema, p: CrdPath, errors: CrdErrors): void {
  const schema = s as OpenAPISchema;
  const resolved = { root: schema, deref: (x: OpenAPISchema | undefined) => x } as unknown as ResolvedSchema;
  for (const problem of celModule().checkCelRules(resolved, v, [])) {
    const i = problem.message.indexOf(': ');
    const rel = problem.message.slice(0, i);
    const field = rel === '<nil>' ? p.field : `${p.field}.${rel}`;
    errors.printed(new CrdPath([...p.doc, ...problem.path], field), problem.message.slice(i + 2));
  }
}
