// A null item of a built-in kind's list or a null value of its map: Go's JSON decoder leaves the item type's zero
// value there ("", 0, false, an empty struct), and the API server validates that (an empty container has no name:
// Required value; `matchLabels: {app: null}` selects app=""). A null struct field is left out instead (prepare.ts).
// Custom resources keep the null (the structural schema refuses it: "must be of type object").
import type { ResolvedSchema } from '../schema/resolved';
import type { OpenAPISchema } from '../schema/types';

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
      const field = schema.properties?.[k];
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
  const spec = resolved.deref(resolved.root.properties?.spec);
  const withSpec =
    o.spec !== undefined || !spec || (spec.type !== undefined && spec.type !== 'object') || !spec.properties
      ? value
      : { ...o, spec: {} };
  return withZeroStructs(resolved, withSpec, resolved.root, 0);
}

function isValueStruct(s: OpenAPISchema | undefined): s is OpenAPISchema {
  const d = s?.default;
  return !!s?.properties && !!d && typeof d === 'object' && !Array.isArray(d) && Object.keys(d).length === 0;
}

/** `v` with absent by-value structs filled in as `{}`, recursively (copied on write). */
function withZeroStructs(resolved: ResolvedSchema, v: unknown, s: OpenAPISchema | undefined, depth: number): unknown {
  if (depth > 32 || !v || typeof v !== 'object') return v;
  const schema = resolved.deref(s);
  if (!schema) return v;
  if (Array.isArray(v)) {
    if (!schema.items) return v;
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = withZeroStructs(resolved, v[i], schema.items, depth + 1);
      if (x !== v[i] && !out) out = v.slice(0, i);
      if (out) out.push(x);
    }
    return out ?? v;
  }
  const props = schema.properties;
  if (!props) return v;
  const o = v as Record<string, unknown>;
  let out: Record<string, unknown> | undefined;
  for (const [k, ps] of Object.entries(props)) {
    const x = Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
    let y: unknown;
    if (x === undefined) {
      if (depth === 0 && k === 'status') continue; // written by the server (statusOnCreate.ts), not validated
      const field = resolved.deref(ps);
      y = isValueStruct(field) ? withZeroStructs(resolved, {}, field, depth + 1) : undefined;
    } else y = withZeroStructs(resolved, x, ps, depth + 1);
    if (y !== x) {
      out ??= { ...o };
      out[k] = y;
    }
  }
  return out ?? v;
}
