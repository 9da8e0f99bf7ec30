// Turn the decoded document into what the API server validates: nulls dropped (Go decoding leaves zero
// values; CRDs prune nulls of non-nullable fields) and, for custom resources, schema defaults applied
// (the API server defaults before validating, which matters for list-map keys and CEL rules).
import type { ResolvedSchema } from '../schema/resolved';
import type { OpenAPISchema } from '../schema/types';

export function withoutNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutNulls);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== null) out[k] = withoutNulls(x);
    return out;
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
        if (!(k in obj) && d && d.default !== undefined) obj[k] = structuredClone(d.default);
      }
      for (const [k, x] of Object.entries(obj)) {
        const ps =
          schema.properties?.[k] ??
          (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
        if (ps) obj[k] = go(x, ps, depth + 1);
      }
      return obj;
    }
    return v;
  };
  return go(value, resolved.root, 0);
}
