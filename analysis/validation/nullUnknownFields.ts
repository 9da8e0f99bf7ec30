// Unknown fields whose value is null. Strict decoding (Go's JSON decoder for a built-in kind, pruning for a custom
// resource) names every key its type does not hold, whatever the value: `bogus: null`, or a YAML key left empty.
// Validation drops nulls before the schema sees the object (Go decodes them as zero values), so these keys are found
// here, on the object as written, where a schema declares its properties (free-form objects and maps hold any key).
import type { FieldPath } from '../documents/path';
import type { ResolvedSchema } from '../schema/resolved';
import { propertySchema, type OpenAPISchema } from '../schema/types';
import { unknownField, type FieldProblem } from './schemaValidator';

/** The keys an embedded resource holds beside its schema's properties. */
const EMBEDDED_KEYS = new Set(['apiVersion', 'kind', 'metadata']);

export function nullValuedUnknownFields(schema: ResolvedSchema, value: unknown, base: FieldPath): FieldProblem[] {
  if (!hasNullProperty(value, 0)) return [];
  const out: FieldProblem[] = [];
  const path: (string | number)[] = [...base];
  const go = (v: unknown, s: OpenAPISchema | undefined, depth: number): void => {
    const d = schema.deref(s);
    if (!d || !v || typeof v !== 'object' || depth > 64) return;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length && d.items; i++) {
        path.push(i);
        go(v[i], d.items, depth + 1);
        path.pop();
      }
      return;
    }
    const extra = typeof d.additionalProperties === 'object' ? d.additionalProperties : undefined;
    const anyKey =
      !d.properties || d.additionalProperties === true || !!extra || d['x-kubernetes-preserve-unknown-fields'] === true;
    const embedded = d['x-kubernetes-embedded-resource'] === true;
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const ps = propertySchema(d, k) ?? extra;
      if (x === null) {
        if (!ps && !anyKey && !(embedded && EMBEDDED_KEYS.has(k))) out.push(unknownField([...path, k]));
      } else if (ps) {
        path.push(k);
        go(x, ps, depth + 1);
        path.pop();
      }
    }
  };
  go(value, schema.root, 0);
  return out;
}

function hasNullProperty(v: unknown, depth: number): boolean {
  if (!v || typeof v !== 'object' || depth > 64) return false;
  if (Array.isArray(v)) return v.some((x) => hasNullProperty(x, depth + 1));
  for (const x of Object.values(v as Record<string, unknown>))
    if (x === null || hasNullProperty(x, depth + 1)) return true;
  return false;
}
