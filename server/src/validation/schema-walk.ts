// Walk a value alongside its schema (properties, additionalProperties, items), through $refs.
import type { FieldPath } from '../documents/path';
import type { ResolvedSchema } from '../schema/resolved';
import type { OpenAPISchema } from '../schema/types';

/** typeName: the components key the schema came from (`io.k8s.api.core.v1.ContainerPort`), when it was a $ref. */
export type SchemaVisitor = (value: unknown, schema: OpenAPISchema, path: FieldPath, typeName?: string) => void;

export function walkWithSchema(
  resolved: ResolvedSchema,
  value: unknown,
  visit: SchemaVisitor,
  base: FieldPath = [],
): void {
  const go = (v: unknown, s: OpenAPISchema | undefined, path: (string | number)[], depth: number): void => {
    const schema = resolved.deref(s);
    if (!schema || depth > 64) return;
    visit(v, schema, path, refName(s));
    if (Array.isArray(v)) {
      if (schema.items) v.forEach((item, i) => go(item, schema.items, [...path, i], depth + 1));
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v as Record<string, unknown>)) {
        const ps =
          schema.properties?.[k] ??
          (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
        if (ps) go(child, ps, [...path, k], depth + 1);
      }
    }
  };
  go(value, resolved.root, [...base], 0);
}

function refName(s: OpenAPISchema | undefined): string | undefined {
  for (let hops = 0; s && hops < 8; hops++) {
    if (s.$ref) return s.$ref.slice(s.$ref.lastIndexOf('/') + 1);
    if (s.allOf && s.allOf.length === 1) s = s.allOf[0];
    else return undefined;
  }
  return undefined;
}
