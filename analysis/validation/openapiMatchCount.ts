// kube-openapi's MatchCount (pkg/validation/validate): how many checks of a schema a value passed. When no anyOf or
// oneOf branch passes, the validator reports the errors of the branch with the highest count (the first on ties),
// so kubesense needs the same count to list the same branch's errors.
import { matchesFormat } from './formats';
import { additionalSchemaOf, itemsOf, propertiesOf, Schema, schemaList, typeOf } from './crd/jsonSchema';

function jsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (v === null) return 'null';
  return typeof v;
}

/** typeValidator.Validate: 1 when the value has the schema's type (integral numbers count as both), else 0. */
function typeMatches(v: unknown, s: Schema): boolean {
  const type = typeOf(s);
  const actual = jsonType(v);
  const format = typeof s.format === 'string' ? s.format : '';
  const numeric = type === 'number' || type === 'integer';
  // a format without a numeric type passes strings and lists
  if (!numeric && format !== '' && (actual === 'string' || actual === 'array')) return true;
  return type === actual || (type === 'integer' && actual === 'number' && Number.isInteger(v)) ||
    (type === 'number' && actual === 'integer');
} // prettier-ignore

/** Whether a value passes a schema (the caller's validator): decides which branch result kube-openapi keeps. */
export type Passes = (v: unknown, s: Schema) => boolean;

/** SchemaValidator.Validate's MatchCount of `v` against `s`. */
export function matchCount(v: unknown, s: Schema, passes: Passes): number {
  const type = typeOf(s);
  const typeApplies = type !== '' || (typeof s.format === 'string' && s.format !== '');
  if (v === null || v === undefined) {
    // only the type and common validators run on null, without the per-validator increments
    return type !== '' && s.nullable !== true ? 0 : 1;
  }
  const actual = jsonType(v);
  let n = 1; // the final increment
  if (typeApplies) n += 1 + (typeMatches(v, s) ? 1 : 0);
  n += 1 + propsCount(v, s, passes);
  if (actual === 'string') {
    n += 1; // string validator (its own result counts nothing)
    if (typeof s.format === 'string' && matchesFormat(s.format, 'x') !== undefined) n += 1;
  }
  if (actual === 'integer' || actual === 'number') n += 2; // number validator, which counts itself
  if (Array.isArray(v)) {
    const items = itemsOf(s);
    n += 2 + (items ? v.reduce((sum: number, x) => sum + matchCount(x, items, passes), 0) : 0);
  }
  n += 1; // common (enum) validator
  if (actual === 'object') n += 1 + objectCount(v as Record<string, unknown>, s, passes);
  return n;
}

/** objectValidator.Validate: nothing when the property count is out of bounds, else 1 + the fields' counts. */
function objectCount(v: Record<string, unknown>, s: Schema, passes: Passes): number {
  const keys = Object.keys(v);
  if (typeof s.minProperties === 'number' && keys.length < s.minProperties) return 0;
  if (typeof s.maxProperties === 'number' && keys.length > s.maxProperties) return 0;
  const props = new Map(propertiesOf(s));
  const additional = additionalSchemaOf(s);
  let n = 1;
  for (const k of keys) {
    const child = props.get(k) ?? additional;
    if (child) n += matchCount(v[k], child, passes);
  }
  return n;
}

/** schemaPropsValidator.Validate: 1 + the branch results it merges (allOf: all; anyOf/oneOf: the one it keeps). */
function propsCount(v: unknown, s: Schema, passes: Passes): number {
  let n = 1;
  for (const [key, one] of [
    ['anyOf', false],
    ['oneOf', true],
  ] as const) {
    const branches = schemaList(s[key]);
    if (!branches.length) continue;
    const counts = branches.map((b) => matchCount(v, b, passes));
    const passing = branches.map((b, i) => (passes(v, b) ? i : -1)).filter((i) => i >= 0);
    if (one ? passing.length === 1 : passing.length > 0) n += counts[passing[0]];
    else if (passing.length === 0) n += counts[bestFailure(counts)];
    // oneOf with several passing branches keeps neither a success nor a failure
  }
  for (const b of schemaList(s.allOf)) n += matchCount(v, b, passes);
  return n;
}

/** The index of the branch whose errors kube-openapi reports: the highest MatchCount, the first on ties. */
export function bestFailure(counts: number[]): number {
  let best = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i] > counts[best]) best = i;
  return best;
}
