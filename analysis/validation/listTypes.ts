// x-kubernetes-list-type map/set: entries must be unique (by list-map-keys for maps). The API server enforces
// this for custom resources; for built-in types its own Go validation decides (container names, service
// ports...), and other duplicates are accepted but break server-side apply, so they are warnings there.
import type { FieldPath } from '../documents/path';
import { formatPath } from '../documents/path';
import type { ResolvedSchema } from '../schema/resolved';
import { formatValue } from './messages';
import { SchemaRelevance, SharedVisitor, walkSchemaOnce } from './schemaWalk';
import type { FieldProblem } from './schemaValidator';

const isSetOrMap: SchemaRelevance = (s) =>
  s['x-kubernetes-list-type'] === 'map' || s['x-kubernetes-list-type'] === 'set';

export function checkListTypes(resolved: ResolvedSchema, value: unknown, base: FieldPath = []): FieldProblem[] {
  const out: FieldProblem[] = [];
  walkSchemaOnce(resolved, value, [listTypeVisitor(resolved, out)], base);
  return out;
}

/** The list-type check as a visitor of a shared walk (walkSchemaOnce): duplicates go to out. */
export function listTypeVisitor(resolved: ResolvedSchema, out: FieldProblem[]): SharedVisitor {
  const severity = resolved.isCustomResource ? 'error' : 'warning';
  const note = resolved.isCustomResource
    ? ''
    : ' (accepted by the API server, but server-side apply rejects duplicate entries)';
  return {
    relevant: isSetOrMap,
    visit: (v, schema, path) => {
      if (!Array.isArray(v)) return;
      const type = schema['x-kubernetes-list-type'];
      if (type === 'map') {
        const keys = schema['x-kubernetes-list-map-keys'] ?? [];
        if (keys.length === 0) return;
        const seen = new Set<string>();
        const sorted = [...keys].sort();
        v.forEach((item, i) => {
          if (!item || typeof item !== 'object' || Array.isArray(item)) return;
          const keyObj: Record<string, unknown> = {};
          for (const k of sorted)
            if ((item as Record<string, unknown>)[k] !== undefined) keyObj[k] = (item as Record<string, unknown>)[k];
          const id = JSON.stringify(keyObj);
          if (seen.has(id)) {
            const p = [...path, i];
            out.push({
              code: 'duplicate',
              path: p,
              message: `${formatPath(p)}: Duplicate value: ${id}${note}`,
              severity,
            });
          }
          seen.add(id);
        });
      } else if (type === 'set') {
        const seen = new Set<string>();
        v.forEach((item, i) => {
          const id = JSON.stringify(item);
          if (seen.has(id)) {
            const p = [...path, i];
            out.push({
              code: 'duplicate',
              path: p,
              message: `${formatPath(p)}: Duplicate value: ${formatValue(item)}${note}`,
              severity,
            });
          }
          seen.add(id);
        });
      }
    },
  };
}
