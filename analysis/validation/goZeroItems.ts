// A null item of a built-in kind's list or a null value of its map: Go's JSON decoder leaves the item type's zero
// value there ("", 0, false, an empty struct), and the API server validates that (an empty container has no name:
// Required value; `matchLabels: {app: null}` selects app=""). A null struct field is left out instead (prepare.ts).
// Custom resources keep the null (the structural schema refuses it: "must be of type object").
import type { ResolvedSchema } from '../schema/resolved';
import { propertySchema, type OpenAPISchema } from '../schema/types';

/** `value` with every null list item and map value replaced by its Go zero value, per the kind's schema. */
export function withGoZeroItems(resolved: ResolvedSchema, value: unknown): unknown {
  return hasNull(value) ? zeroItems(resolved, value, resolved.root, 0) : value;
}

function hasNull(v: unknown): boolean {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (v[i] === null || hasNull(v[i])) return true;
    return false;
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k) && (o[k] === null || hasNull(o[k]))) return true;
  }
  return false;
}

function zeroItems(resolved: ResolvedSchema, v: unknown, s: OpenAPISchema | undefined, depth: number): unknown {
  const schema = resolved.deref(s);
  if (!schema || depth > 64 || !hasNull(v)) return v;
  if (Array.isArray(v)) {
    const items = resolved.deref(schema.items);
    return v.map((x) => (x === null ? zeroOf(items) : zeroItems(resolved, x, items, depth + 1)));
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const field = propertySchema(schema, k);
      const mapValue = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
      const ps = field ?? mapValue;
      const zeroed = x === null && !field && mapValue ? zeroOf(resolved.deref(mapValue)) : x;
      Object.defineProperty(out, k, {
        value: ps && zeroed !== null ? zeroItems(resolved, zeroed, ps, depth + 1) : zeroed,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return v;
}

/** Go's zero value of the type a schema describes; null where the schema does not say (kept as written). */
function zeroOf(s: OpenAPISchema | undefined): unknown {
  if (!s) return null;
  if (s['x-kubernetes-int-or-string']) return 0; // intstr.IntOrString{}: the integer 0
  switch (s.type) {
    case 'object':
      return {};
    case 'string':
      return '';
    case 'integer':
    case 'number':
      return 0;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default:
      return s.properties ? {} : null;
  }
}

/**
 * A built-in object without `spec`: Go decodes the absent struct as its zero value and the server validates that
 * (a Pod without spec: `spec.containers: Required value`; a CSIDriver without spec is valid, whatever OpenAPI's
 * `required` says), so it is validated as `spec: {}`. So is any other absent struct Go holds by value, which
 * openapi-gen marks with `default: {}` (a Deployment's `spec.template`, a ResourceClaimTemplate's `spec.spec`, a
 * RoleBinding's `roleRef`): whether OpenAPI requires it or not, the server validates the empty struct.
 */
export function withGoZeroSpec(resolved: ResolvedSchema, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const o = value as Record<string, unknown>;
  return withZeroStructs(resolved, o.spec === undefined ? withEmptySpec(resolved, o) : value, resolved.root, 0);
}

/** An object without `spec`, with `spec: {}` where the kind's spec is a struct (asked only then: deref copies it). */
function withEmptySpec(resolved: ResolvedSchema, o: Record<string, unknown>): Record<string, unknown> {
  const spec = resolved.deref(resolved.root.properties?.spec);
  return !spec || (spec.type !== undefined && spec.type !== 'object') || !spec.properties ? o : { ...o, spec: {} };
}

function isValueStruct(s: OpenAPISchema | undefined): s is OpenAPISchema {
  const d = s?.default;
  return !!s?.properties && !!d && typeof d === 'object' && !Array.isArray(d) && Object.keys(d).length === 0;
}

/**
 * Per schema node: the properties that are by-value structs (filled in when absent), and whether the node or anything
 * below it has one — so an object is walked only where something can be filled in (the walk ran every schema
 * property of every node of every object before: a quarter of a `check` run).
 */
interface ZeroStructPlan {
  /** By-value struct properties, as the document's nodes. */
  structs: [key: string, node: OpenAPISchema][];
  mayHold: boolean;
  /** The node dereferenced (deref copies nodes with a description of their own: done once, here). */
  schema?: OpenAPISchema;
  /**
   * The plans of the properties that may hold one, and of the items when they may (null: they may not), made on
   * first walk (when every plan below is decided): the walk then passes over every other field without a call, and
   * goes down without looking a plan up per value.
   */
  walked?: { properties: Map<string, ZeroStructPlan>; items: ZeroStructPlan | null };
}
// Keyed by the schema node as the document holds it (deref copies a node that carries its own description or
// default, so the dereferenced schema is not a stable key; the document's nodes are, cycles included).
const zeroStructPlans = new WeakMap<OpenAPISchema, ZeroStructPlan>();
const NO_PLAN: ZeroStructPlan = { structs: [], mayHold: false };

function zeroStructPlan(resolved: ResolvedSchema, node: OpenAPISchema | undefined): ZeroStructPlan {
  if (!node || typeof node !== 'object') return NO_PLAN;
  let plan = zeroStructPlans.get(node);
  if (plan) return plan;
  // In progress (a recursive type) counts as holding one: the walk below is bounded by depth anyway.
  plan = { structs: [], mayHold: true };
  zeroStructPlans.set(node, plan);
  const schema = resolved.deref(node);
  plan.schema = schema;
  let mayHold = false;
  for (const [k, ps] of Object.entries(schema?.properties ?? {})) {
    const field = resolved.deref(ps);
    if (!field) continue;
    if (isValueStruct(field)) {
      plan.structs.push([k, ps]);
      mayHold = true;
    } else if (zeroStructPlan(resolved, ps).mayHold) mayHold = true;
  }
  if (schema?.items && zeroStructPlan(resolved, schema.items).mayHold) mayHold = true;
  plan.mayHold = mayHold;
  return plan;
}

/** What of a node's properties and items the walk goes into (walked, made once per node). */
function walkedOf(resolved: ResolvedSchema, plan: ZeroStructPlan, schema: OpenAPISchema): ZeroStructPlan['walked'] {
  if (plan.walked) return plan.walked;
  const properties = new Map<string, ZeroStructPlan>();
  const props = schema.properties;
  if (props)
    for (const k of Object.keys(props)) {
      const ps = props[k];
      const child = ps ? zeroStructPlan(resolved, ps) : NO_PLAN;
      if (child.mayHold) properties.set(k, child);
    }
  const items = schema.items ? zeroStructPlan(resolved, schema.items) : NO_PLAN;
  return (plan.walked = { properties, items: items.mayHold ? items : null });
}

/** `v` with absent by-value structs filled in as `{}`, recursively (copied on write). */
function withZeroStructs(resolved: ResolvedSchema, v: unknown, s: OpenAPISchema | undefined, depth: number): unknown {
  return withZeroStructsPlanned(resolved, v, zeroStructPlan(resolved, s), depth);
}

function withZeroStructsPlanned(resolved: ResolvedSchema, v: unknown, plan: ZeroStructPlan, depth: number): unknown {
  if (depth > 32 || !v || typeof v !== 'object') return v;
  const schema = plan.schema;
  if (!schema || !plan.mayHold) return v;
  const walked = walkedOf(resolved, plan, schema) as NonNullable<ZeroStructPlan['walked']>;
  if (Array.isArray(v)) {
    const items = walked.items;
    if (!items) return v;
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = withZeroStructsPlanned(resolved, v[i], items, depth + 1);
      if (x !== v[i] && !out) out = v.slice(0, i);
      if (out) out.push(x);
    }
    return out ?? v;
  }
  if (!schema.properties) return v;
  const walkedProperties = walked.properties;
  const o = v as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  // Present fields first (in place, where they are), then the absent structs in the schema's order: the keys end up
  // in the order the whole-schema walk gave them.
  if (walkedProperties.size > 0)
    for (const k in o) {
      if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
      const child = walkedProperties.get(k);
      const x = o[k];
      if (!child || x === undefined) continue;
      const y = withZeroStructsPlanned(resolved, x, child, depth + 1);
      if (y !== x) {
        out ??= { ...o };
        out[k] = y;
      }
    }
  const structs = plan.structs;
  for (let i = 0; i < structs.length; i++) {
    const k = structs[i][0];
    if (Object.prototype.hasOwnProperty.call(o, k) && o[k] !== undefined) continue;
    if (depth === 0 && k === 'status') continue; // written by the server (statusOnCreate.ts), not validated
    out ??= { ...o };
    out[k] = withZeroStructs(resolved, {}, structs[i][1], depth + 1);
  }
  return out ?? v;
}
