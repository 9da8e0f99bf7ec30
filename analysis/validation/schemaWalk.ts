// Walk a value alongside its schema (properties, additionalProperties, items), through $refs.
import type { FieldPath } from '../documents/path';
import type { ResolvedSchema } from '../schema/resolved';
import type { GroupVersionDocument, OpenAPISchema } from '../schema/types';

/** typeName: the components key the schema came from (`io.k8s.api.core.v1.ContainerPort`), when it was a $ref. */
export type SchemaVisitor = (value: unknown, schema: OpenAPISchema, path: FieldPath, typeName?: string) => void;

/**
 * Whether a visitor can do anything at a (dereferenced) schema. With one, the walk skips every value whose schema
 * has no relevant schema below it (labels, strings, most of a pod spec); must be a module-level function, as
 * answers are remembered per function and schema.
 */
export type SchemaRelevance = (schema: OpenAPISchema, typeName: string | undefined) => boolean;

interface DocumentMemo {
  deref: WeakMap<OpenAPISchema, OpenAPISchema | undefined>;
  relevance: Map<SchemaRelevance, WeakMap<OpenAPISchema, boolean>>;
}

const memos = new WeakMap<GroupVersionDocument, DocumentMemo>();

function memoOf(resolved: ResolvedSchema): DocumentMemo {
  // A schema put together on the spot (a CRD default checked against its rules) has no document to remember by.
  if (!resolved.document || typeof resolved.document !== 'object')
    return { deref: new WeakMap(), relevance: new Map() };
  let m = memos.get(resolved.document);
  if (!m) {
    m = { deref: new WeakMap(), relevance: new Map() };
    memos.set(resolved.document, m);
  }
  return m;
}

export function walkWithSchema(
  resolved: ResolvedSchema,
  value: unknown,
  visit: SchemaVisitor,
  base: FieldPath = [],
  relevant?: SchemaRelevance,
): void {
  const memo = memoOf(resolved);
  const deref = (s: OpenAPISchema | undefined): OpenAPISchema | undefined => {
    if (!s || typeof s !== 'object') return resolved.deref(s);
    if (memo.deref.has(s)) return memo.deref.get(s);
    const d = resolved.deref(s);
    memo.deref.set(s, d);
    return d;
  };
  const matters = relevant ? subtreeRelevance(memo, deref, relevant) : undefined;
  const go = (v: unknown, s: OpenAPISchema | undefined, path: (string | number)[], depth: number): void => {
    if (matters && s && !matters(s)) return;
    const schema = deref(s);
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

/** True when relevant holds at the schema or anywhere below it (remembered per document, function and schema). */
function subtreeRelevance(
  memo: DocumentMemo,
  deref: (s: OpenAPISchema | undefined) => OpenAPISchema | undefined,
  relevant: SchemaRelevance,
): (s: OpenAPISchema) => boolean {
  let known = memo.relevance.get(relevant);
  if (!known) {
    known = new WeakMap();
    memo.relevance.set(relevant, known);
  }
  const answers = known;
  const inProgress = new Set<OpenAPISchema>();
  const test = (s: OpenAPISchema | undefined): boolean => {
    if (!s || typeof s !== 'object') return false;
    const answer = answers.get(s);
    if (answer !== undefined) return answer;
    // A recursive schema: assume yes. Only a "no" is ever final, and a "no" never rests on this assumption.
    if (inProgress.has(s)) return true;
    inProgress.add(s);
    const d = deref(s);
    const r =
      !!d &&
      (relevant(d, refName(s)) ||
        test(d.items) ||
        (typeof d.additionalProperties === 'object' && test(d.additionalProperties)) ||
        Object.values(d.properties ?? {}).some(test));
    inProgress.delete(s);
    answers.set(s, r);
    return r;
  };
  return test;
}

function refName(s: OpenAPISchema | undefined): string | undefined {
  for (let hops = 0; s && hops < 8; hops++) {
    if (s.$ref) return s.$ref.slice(s.$ref.lastIndexOf('/') + 1);
    if (s.allOf && s.allOf.length === 1) s = s.allOf[0];
    else return undefined;
  }
  return undefined;
}
