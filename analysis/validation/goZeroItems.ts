// A null item of a built-in kind's list: Go's JSON decoder leaves the item type's zero value there ("", 0, false,
// an empty struct), and the API server validates that (an empty container has no name: Required value). Custom
// resources keep the null (the structural schema refuses it: "must be of type object").
import type { ResolvedSchema } from '../schema/resolved';
import type { OpenAPISchema } from '../schema/types';

/** `value` with every null list item replaced by its Go zero value, per the kind's schema (copied on write). */
export function withGoZeroItems(resolved: ResolvedSchema, value: unknown): unknown {
  return hasNullItem(value) ? zeroItems(resolved, value, resolved.root, 0) : value;
}

function hasNullItem(v: unknown): boolean {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (v[i] === null || hasNullItem(v[i])) return true;
    return false;
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) if (Object.prototype.hasOwnProperty.call(o, k) && hasNullItem(o[k])) return true;
  }
  return false;
}

function zeroItems(resolved: ResolvedSchema, v: unknown, s: OpenAPISchema | undefined, depth: number): unknown {
  const schema = resolved.deref(s);
  if (!schema || depth > 64 || !hasNullItem(v)) return v;
  if (Array.isArray(v)) {
    const items = resolved.deref(schema.items);
    return v.map((x) => (x === null ? zeroOf(items) : zeroItems(resolved, x, items, depth + 1)));
  }
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const ps =
        schema.properties?.[k] ??
        (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      Object.defineProperty(out, k, {
        value: ps ? zeroItems(resolved, x, ps, depth + 1) : x,
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
 * `required` says), so it is validated as `spec: {}`.
 */
export function withGoZeroSpec(resolved: ResolvedSchema, value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  const o = value as Record<string, unknown>;
  if (o.spec !== undefined) return value;
  const spec = resolved.deref(resolved.root.properties?.spec);
  if (!spec || (spec.type !== undefined && spec.type !== 'object') || !spec.properties) return value;
  return { ...o, spec: {} };
}
