// Turn the decoded document into what the API server validates: nulls dropped (Go decoding leaves zero
// values; CRDs prune nulls of non-nullable fields) and, for custom resources, schema defaults applied
// (the API server defaults before validating, which matters for list-map keys and CEL rules).
import type { ResolvedSchema } from '../schema/resolved';
import { propertySchema, type OpenAPISchema } from '../schema/types';

export function withoutNulls(v: unknown): unknown {
  // Most objects have no null property: a scan that allocates nothing finds that; the rest are copied on write.
  return hasNullProperty(v) ? copyWithoutNulls(v) : v;
}

function hasNullProperty(v: unknown): boolean {
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) if (hasNullProperty(v[i])) return true;
    return false;
  }
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    for (const k in o) {
      if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
      const x = o[k];
      if (x === null || hasNullProperty(x)) return true;
    }
  }
  return false;
}

function copyWithoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) {
    let out: unknown[] | undefined;
    for (let i = 0; i < v.length; i++) {
      const x = copyWithoutNulls(v[i]);
      if (x !== v[i] && !out) out = v.slice(0, i);
      if (out) out.push(x);
    }
    return out ?? v;
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    let out: Record<string, unknown> | undefined;
    entries.forEach(([k, x], i) => {
      const y = x === null ? null : copyWithoutNulls(x);
      if ((x === null || y !== x) && !out) {
        out = {};
        for (const [pk, px] of entries.slice(0, i)) define(out, pk, px);
      }
      if (out && y !== null) define(out, k, y);
    });
    return out ?? v;
  }
  return v;
}

/** Structural defaulting: missing properties with a `default` get it (deep-copied), recursively. */
export function applyDefaults(resolved: ResolvedSchema, value: unknown): unknown {
  const go = (v: unknown, s: OpenAPISchema | undefined, depth: number): unknown => {
    const schema = resolved.deref(s);
    if (!schema || depth > 64) return v;
    if (Array.isArray(v)) return schema.items ? v.map((x) => go(x, schema.items, depth + 1)) : v;
    if (v && typeof v === 'object') {
      const obj: Record<string, unknown> = { ...(v as Record<string, unknown>) };
      for (const [k, ps] of Object.entries(schema.properties ?? {})) {
        const d = resolved.deref(ps);
        if (!Object.hasOwn(obj, k) && d && d.default !== undefined) define(obj, k, structuredClone(d.default));
      }
      for (const [k, x] of Object.entries(obj)) {
        const ps =
          propertySchema(schema, k) ??
          (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
        if (!ps) continue;
        const defaulted = go(x, ps, depth + 1);
        if (k === '__proto__') define(obj, k, defaulted);
        else obj[k] = defaulted;
      }
      return obj;
    }
    return v;
  };
  return go(value, resolved.root, 0);
}

/** Plain assignment, except for a `__proto__` key, which must stay data. */
function define(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}
