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

const sortedKeyLists = new WeakMap<string[], string[]>();
/** A list map's keys, sorted (once per schema). */
function sortedKeys(keys: string[]): string[] {
  let sorted = sortedKeyLists.get(keys);
  if (!sorted) sortedKeyLists.set(keys, (sorted = [...keys].sort()));
  return sorted;
}

/** A list-map entry's identity: the JSON of its key fields (in sorted order, those that are set). */
function mapKeyId(item: Record<string, unknown>, sorted: string[]): string {
  const keyObj: Record<string, unknown> = {};
  for (const k of sorted) if (item[k] !== undefined) keyObj[k] = item[k];
  return JSON.stringify(keyObj);
}

/** The list-type check as a visitor of a shared walk (walkSchemaOnce): duplicates go to out. */
export function listTypeVisitor(resolved: ResolvedSchema, out: FieldProblem[]): SharedVisitor {
  return {
    relevant: isSetOrMap,
    visit: (v, schema, path) => {
      // One item cannot repeat another (most lists: a pod's one container, its one port).
      if (!Array.isArray(v) || v.length < 2) return;
      // A custom resource's metadata is ObjectMeta, decoded and validated by Go like a built-in type's
      // (duplicate ownerReferences uids are accepted).
      const enforced = resolved.isCustomResource && path[0] !== 'metadata';
      const severity = enforced ? 'error' : 'warning';
      const note = enforced ? '' : ' (accepted by the API server, but server-side apply rejects duplicate entries)';
      const type = schema['x-kubernetes-list-type'];
      if (type === 'map') {
        const keys = schema['x-kubernetes-list-map-keys'] ?? [];
        if (keys.length === 0) return;
        const sorted = sortedKeys(keys);
        // An entry's identity is the JSON of its key fields; with one key holding a string (a name, a path: most
        // lists), the string itself tells entries apart, so no JSON is made unless one is reported.
        const only = sorted.length === 1 ? sorted[0] : undefined;
        let seenStrings: Set<string> | undefined;
        let seen: Set<string> | undefined;
        for (let i = 0; i < v.length; i++) {
          const item = v[i] as Record<string, unknown>;
          if (!item || typeof item !== 'object' || Array.isArray(item)) continue;
          const x = only === undefined ? undefined : item[only];
          let duplicate: boolean;
          if (typeof x === 'string') {
            seenStrings ??= new Set();
            duplicate = seenStrings.has(x);
            seenStrings.add(x);
          } else {
            seen ??= new Set();
            const id = mapKeyId(item, sorted);
            duplicate = seen.has(id);
            seen.add(id);
          }
          if (duplicate) {
            const p = [...path, i];
            out.push({
              code: 'duplicate',
              path: p,
              message: `${formatPath(p)}: Duplicate value: ${mapKeyId(item, sorted)}${note}`,
              severity,
            });
          }
        }
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
