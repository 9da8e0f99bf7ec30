// Enumerations factored out of compiled validators. A live kube-apiserver publishes the `+enum` values of its
// types (`protocol: [SCTP, TCP, UDP]`…) that the upstream documents lack; everything else of the built-in
// definitions is the same. So a kind's validator is compiled (and keyed, and shipped) from its definitions WITHOUT
// their enums, and the enums of the schema in use are checked here first: when every value passes them, the
// enum-less validator's verdict and errors are exactly the full one's (an enum adds only its own error, and only
// when it fails), so it answers; when one fails, the full validator (enums compiled in) answers, errors in ajv's
// own order and words. Enums that decide a junction (inside anyOf/oneOf/not, or in a definition reachable from
// one) stay compiled: their failure changes which branch passes, not only an error of their own.
import ajvEqual from 'ajv/dist/runtime/equal';
import { DEFINITIONS_PREFIX, type JsonSchema } from './openapiToJsonSchema';

/** The deep equality ajv's generated code uses for object enum values (its typings declare a namespace). */
const equal = ajvEqual as unknown as (a: unknown, b: unknown) => boolean;

const JUNCTIONS = ['anyOf', 'oneOf', 'not'] as const;

/** A group/version's definitions with their enums factored out, and what is needed to check those apart. */
export interface EnumSplit {
  /** The definitions as compiled for the split validators: the enums checked apart are removed. */
  definitions: Record<string, JsonSchema>;
  /** Definitions whose (non-junction) enums were removed. */
  stripped: Set<string>;
  /** Definitions reachable from a junction: compiled as they are, enums included (never checked here). */
  kept: Set<string>;
  /** Whether a definition's removed enums can be met from it (remembered per node of the full definitions). */
  relevant: WeakMap<object, boolean>;
  /** What passes() walks below a node (made once per node, not per value). */
  walks: WeakMap<object, EnumWalk>;
}

/**
 * Where a node's removed enums can be met below it: its properties, additionalProperties and items, each only where
 * relevant (passes() answers true at once for any other), so a value's other fields are passed over without a call.
 */
interface EnumWalk {
  /** The schema's properties, in their order (own names other than `__proto__`), where relevant. */
  properties: [name: string, schema: JsonSchema][];
  /** The schema's properties object (a key it holds is not an additional property). */
  declared: Record<string, JsonSchema> | undefined;
  additional: JsonSchema | undefined;
  items: JsonSchema | undefined;
}

/** Factor the enums out of full (translated) definitions; undefined when there is none to factor out. */
export function splitEnums(full: Record<string, JsonSchema>): EnumSplit | undefined {
  // Most documents (the upstream ones) publish no enum at all: then there is nothing to factor out, and no need to
  // find what junctions reach (a walk of every definition, the larger part of this at each start).
  const withEnums = new Set<string>();
  for (const name in full) if (Object.hasOwn(full, name) && hasEnum(full[name])) withEnums.add(name);
  if (withEnums.size === 0) return undefined;
  const inJunctions = junctionReachable(full);
  const definitions: Record<string, JsonSchema> = {};
  const stripped = new Set<string>();
  for (const [name, def] of Object.entries(full)) {
    if (inJunctions.has(name)) {
      definitions[name] = def;
      continue;
    }
    if (!withEnums.has(name)) {
      definitions[name] = def; // most definitions: no copy
      continue;
    }
    definitions[name] = withoutEnums(def).schema;
    stripped.add(name);
  }
  return stripped.size
    ? { definitions, stripped, kept: inJunctions, relevant: new WeakMap(), walks: new WeakMap() }
    : undefined;
}

/** Whether an enum outside a junction subtree is in s (what splitEnums factors out of a definition). */
export function hasEnum(s: JsonSchema): boolean {
  if (Array.isArray(s.enum) || emptyOrEnum(s)) return true;
  if (isObject(s.properties)) for (const p of Object.values(s.properties)) if (isObject(p) && hasEnum(p)) return true;
  if (isObject(s.additionalProperties) && hasEnum(s.additionalProperties)) return true;
  if (isObject(s.items) && hasEnum(s.items)) return true;
  if (Array.isArray(s.allOf)) for (const b of s.allOf) if (isObject(b) && hasEnum(b)) return true;
  return false;
}

/** The schema without `enum` (a copy where one was removed), junction subtrees kept whole. */
function withoutEnums(s: JsonSchema): { schema: JsonSchema; removed: boolean } {
  let removed = false;
  const out: JsonSchema = {};
  for (const [k, v] of Object.entries(s)) {
    if ((k === 'enum' && Array.isArray(v)) || ((k === 'if' || k === 'else') && emptyOrEnum(s))) {
      removed = true;
      continue;
    }
    if (k === 'allOf' && Array.isArray(v)) {
      out[k] = v.map((b: unknown) => {
        if (!isObject(b)) return b;
        const r = withoutEnums(b);
        removed ||= r.removed;
        return r.schema;
      });
    } else if (isJunction(k) || !isObject(v)) {
      out[k] = v;
    } else if (k === 'properties') {
      const props: Record<string, unknown> = {};
      for (const [p, ps] of Object.entries(v)) {
        const r = isObject(ps) ? withoutEnums(ps) : { schema: ps as JsonSchema, removed: false };
        props[p] = r.schema;
        removed ||= r.removed;
      }
      out[k] = props;
    } else if (k === 'items' || k === 'additionalProperties') {
      const r = withoutEnums(v);
      out[k] = r.schema;
      removed ||= r.removed;
    } else {
      out[k] = v;
    }
  }
  return removed ? { schema: out, removed } : { schema: s, removed };
}

/** Names of the definitions reachable from inside a junction (their enums decide which branch passes). */
function junctionReachable(full: Record<string, JsonSchema>): Set<string> {
  const seeds = new Set<string>();
  for (const def of Object.values(full)) if (isObject(def)) collectJunctionRefs(def, false, seeds);
  return closure(full, [...seeds]);
}

function collectJunctionRefs(s: JsonSchema, inJunction: boolean, out: Set<string>): void {
  if (inJunction && typeof s.$ref === 'string') {
    const name = refName(s.$ref);
    if (name !== undefined) out.add(name);
  }
  forEachSubschema(s, (sub, keyword) => collectJunctionRefs(sub, inJunction || isJunction(keyword), out));
}

function isJunction(keyword: string): boolean {
  return (JUNCTIONS as readonly string[]).includes(keyword);
}

/**
 * Each subschema of a translated schema (openapiToJsonSchema.ts makes only these keywords hold schemas), with the
 * keyword it is under: property names are data, never keywords.
 */
function forEachSubschema(s: JsonSchema, fn: (sub: JsonSchema, keyword: string) => void): void {
  if (isObject(s.properties)) for (const p of Object.values(s.properties)) if (isObject(p)) fn(p, 'properties');
  if (isObject(s.additionalProperties)) fn(s.additionalProperties, 'additionalProperties');
  if (isObject(s.items)) fn(s.items, 'items');
  else if (Array.isArray(s.items)) for (const x of s.items) if (isObject(x)) fn(x, 'items');
  for (const k of ['allOf', 'anyOf', 'oneOf'] as const)
    if (Array.isArray(s[k])) for (const x of s[k] as unknown[]) if (isObject(x)) fn(x, k);
  if (isObject(s.not)) fn(s.not, 'not');
}

/** A group/version's definitions, or a lookup of one by name (undefined: no such definition). */
export type Definitions = Record<string, JsonSchema> | ((name: string) => JsonSchema | undefined);

/** The names of the definitions reachable from roots (roots included), sorted. */
export function reachableDefinitions(definitions: Definitions, roots: string[]): string[] {
  return [...closure(definitions, roots)].sort();
}

const refsOf = new WeakMap<object, string[]>();

function closure(definitions: Definitions, roots: string[]): Set<string> {
  const lookup =
    typeof definitions === 'function'
      ? definitions
      : (name: string) => (Object.hasOwn(definitions, name) ? definitions[name] : undefined);
  const seen = new Set<string>();
  const queue: JsonSchema[] = [];
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const def = lookup(name);
    if (def === undefined) return;
    seen.add(name);
    queue.push(def);
  };
  for (const r of roots) visit(r);
  while (queue.length) {
    const def = queue.pop() as JsonSchema;
    let refs = refsOf.get(def);
    if (!refs) refsOf.set(def, (refs = [...collectRefs(def, new Set())]));
    for (const r of refs) visit(r);
  }
  return seen;
}

function collectRefs(s: JsonSchema, out: Set<string>): Set<string> {
  if (typeof s.$ref === 'string') {
    const name = refName(s.$ref);
    if (name !== undefined) out.add(name);
  }
  forEachSubschema(s, (sub) => collectRefs(sub, out));
  return out;
}

function refName(ref: string): string | undefined {
  if (!ref.startsWith(DEFINITIONS_PREFIX)) return undefined;
  return ref.slice(DEFINITIONS_PREFIX.length).replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * Whether data passes every enum the split removed, met where ajv meets them: the kind's definition, `$ref`,
 * `allOf`, `properties` (own values that are not undefined), `additionalProperties` (the other keys), `items`, on
 * objects and arrays as ajv tells them; an enum value matches as ajv's generated code compares (=== for
 * primitives, deep equality for objects and arrays).
 */
export function passesSplitEnums(
  split: EnumSplit,
  full: Record<string, JsonSchema>,
  schemaName: string,
  data: unknown,
): boolean {
  const def = full[schemaName];
  return def === undefined || split.kept.has(schemaName) || passes(split, full, def, data);
}

function passes(split: EnumSplit, full: Record<string, JsonSchema>, s: JsonSchema, data: unknown): boolean {
  if (!relevant(split, full, s)) return true;
  if (typeof s.$ref === 'string') {
    const name = refName(s.$ref);
    return (
      name === undefined || split.kept.has(name) || full[name] === undefined || passes(split, full, full[name], data)
    );
  }
  if (Array.isArray(s.enum) && !s.enum.some((v) => (isObjectLike(v) ? equal(data, v) : data === v))) return false;
  const orEnum = emptyOrEnum(s);
  if (orEnum && data !== '' && !orEnum.some((v) => (isObjectLike(v) ? equal(data, v) : data === v))) return false;
  if (Array.isArray(s.allOf))
    for (const b of s.allOf) if (isObject(b) && !passes(split, full, b as JsonSchema, data)) return false;
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    const obj = data as Record<string, unknown>;
    const walk = enumWalk(split, full, s);
    for (const [p, ps] of walk.properties) {
      const v = obj[p]; // as ajv reads it: `data[p] !== undefined`
      if (v !== undefined && !passes(split, full, ps, v)) return false;
    }
    const extra = walk.additional;
    if (extra) {
      const props = walk.declared;
      for (const k in obj)
        // ajv's loop: `for (const key in data)`, the schema's own properties skipped
        if (!(props && k !== '__proto__' && Object.hasOwn(props, k)) && !passes(split, full, extra, obj[k]))
          return false;
    }
  } else if (Array.isArray(data)) {
    const items = enumWalk(split, full, s).items;
    if (items) for (const x of data) if (!passes(split, full, items, x)) return false;
  }
  return true;
}

/** The parts of s that passes() walks into (a part where no removed enum can be met always passes). */
function enumWalk(split: EnumSplit, full: Record<string, JsonSchema>, s: JsonSchema): EnumWalk {
  let walk = split.walks.get(s);
  if (walk) return walk;
  const declared = isObject(s.properties) ? (s.properties as Record<string, JsonSchema>) : undefined;
  const properties: [string, JsonSchema][] = [];
  if (declared)
    for (const [p, ps] of Object.entries(declared))
      if (p !== '__proto__' && isObject(ps) && relevant(split, full, ps)) properties.push([p, ps]);
  const extra = isObject(s.additionalProperties) ? (s.additionalProperties as JsonSchema) : undefined;
  const items = isObject(s.items) ? (s.items as JsonSchema) : undefined;
  walk = {
    properties,
    declared,
    additional: extra && relevant(split, full, extra) ? extra : undefined,
    items: items && relevant(split, full, items) ? items : undefined,
  };
  split.walks.set(s, walk);
  return walk;
}

/** Whether a removed enum can be met from s (remembered; a definition being decided counts as relevant). */
function relevant(split: EnumSplit, full: Record<string, JsonSchema>, s: JsonSchema): boolean {
  const known = split.relevant.get(s);
  if (known !== undefined) return known;
  split.relevant.set(s, true); // recursion through a cycle: assume so (walking more is never wrong)
  let r = false;
  if (typeof s.$ref === 'string') {
    const name = refName(s.$ref);
    r = name !== undefined && !split.kept.has(name) && full[name] !== undefined && relevant(split, full, full[name]);
  } else {
    r =
      Array.isArray(s.enum) ||
      emptyOrEnum(s) !== undefined ||
      (Array.isArray(s.allOf) && s.allOf.some((b) => isObject(b) && relevant(split, full, b as JsonSchema))) ||
      (isObject(s.properties) &&
        Object.values(s.properties).some((p) => isObject(p) && relevant(split, full, p as JsonSchema))) ||
      (isObject(s.additionalProperties) && relevant(split, full, s.additionalProperties as JsonSchema)) ||
      (isObject(s.items) && relevant(split, full, s.items as JsonSchema));
  }
  split.relevant.set(s, r);
  return r;
}

/**
 * The values of an enum that also takes "" (builtin/emptyEnums.ts writes it `if: {const: ""}, else: {enum}`, the
 * only if/else of translated schemas), split out like a plain enum.
 */
function emptyOrEnum(s: JsonSchema): unknown[] | undefined {
  const cond = s.if as JsonSchema | undefined;
  const otherwise = s.else as JsonSchema | undefined;
  return isObject(cond) && cond.const === '' && isObject(otherwise) && Array.isArray(otherwise.enum)
    ? otherwise.enum
    : undefined;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isObjectLike(v: unknown): boolean {
  return typeof v === 'object' && v !== null;
}
