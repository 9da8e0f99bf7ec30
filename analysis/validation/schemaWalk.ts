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
  /** Per set of visitors of walkSchemaOnce (their relevance functions' ids). */
  shared: Map<string, WeakMap<OpenAPISchema, WalkNode>>;
}

const memos = new WeakMap<GroupVersionDocument, DocumentMemo>();

function memoOf(resolved: ResolvedSchema): DocumentMemo {
  // A schema put together on the spot (a CRD default checked against its rules) has no document to remember by.
  if (!resolved.document || typeof resolved.document !== 'object')
    return { deref: new WeakMap(), relevance: new Map(), shared: new Map() };
  let m = memos.get(resolved.document);
  if (!m) {
    m = { deref: new WeakMap(), relevance: new Map(), shared: new Map() };
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

/** A visitor for walkSchemaOnce: path is the walk's own array, changed as the walk goes on (copy what is kept). */
export interface SharedVisitor {
  visit: SchemaVisitor;
  relevant: SchemaRelevance;
}

/**
 * Several relevance-pruned visitors in one walk of the value: each is called exactly where, and in the order,
 * walkWithSchema(resolved, value, visit, base, relevant) would call it, but the value is walked once, the path is
 * one array (no copy per node) and nothing is allocated per node. At most 31 visitors.
 */
export function walkSchemaOnce(
  resolved: ResolvedSchema,
  value: unknown,
  visitors: SharedVisitor[],
  base: FieldPath = [],
): void {
  const memo = memoOf(resolved);
  const key = visitors.map((v) => relevanceId(v.relevant)).join(',');
  let nodes = memo.shared.get(key);
  if (!nodes) memo.shared.set(key, (nodes = new WeakMap()));
  const deref = (s: OpenAPISchema | undefined): OpenAPISchema | undefined => derefIn(resolved, memo, s);
  const tests = visitors.map((v) => subtreeRelevance(memo, deref, v.relevant));
  new SharedWalk(nodes, visitors, tests, deref).go(value, resolved.root, [...base], 0, (1 << visitors.length) - 1);
}

/** What a shared walk needs to know of a schema: its dereferenced form, $ref name, and which visitors care below. */
interface WalkNode {
  schema: OpenAPISchema | undefined;
  typeName: string | undefined;
  /** Bit i: visitor i's relevance holds here or below. */
  relevant: number;
}

const relevanceIds = new Map<SchemaRelevance, number>();
function relevanceId(r: SchemaRelevance): number {
  let id = relevanceIds.get(r);
  if (id === undefined) relevanceIds.set(r, (id = relevanceIds.size));
  return id;
}

function derefIn(
  resolved: ResolvedSchema,
  memo: DocumentMemo,
  s: OpenAPISchema | undefined,
): OpenAPISchema | undefined {
  if (!s || typeof s !== 'object') return resolved.deref(s);
  const known = memo.deref.get(s);
  if (known !== undefined || memo.deref.has(s)) return known;
  const d = resolved.deref(s);
  memo.deref.set(s, d);
  return d;
}

class SharedWalk {
  constructor(
    private readonly nodes: WeakMap<OpenAPISchema, WalkNode>,
    private readonly visitors: SharedVisitor[],
    private readonly tests: ((s: OpenAPISchema) => boolean)[],
    private readonly deref: (s: OpenAPISchema | undefined) => OpenAPISchema | undefined,
  ) {}

  private node(s: OpenAPISchema): WalkNode {
    let n = this.nodes.get(s);
    if (!n) {
      let relevant = 0;
      for (let i = 0; i < this.tests.length; i++) if (this.tests[i](s)) relevant |= 1 << i;
      n = { schema: this.deref(s), typeName: refName(s), relevant };
      this.nodes.set(s, n);
    }
    return n;
  }

  /** active: a bit per visitor whose walk reaches here; path: the value's path (restored before returning). */
  go(v: unknown, s: OpenAPISchema | undefined, path: (string | number)[], depth: number, active: number): void {
    if (!s || typeof s !== 'object') return;
    const n = this.node(s);
    const here = active & n.relevant;
    const schema = n.schema;
    if (here === 0 || !schema || depth > 64) return;
    for (let i = 0; i < this.visitors.length; i++)
      if (here & (1 << i)) this.visitors[i].visit(v, schema, path, n.typeName);
    if (Array.isArray(v)) {
      const items = schema.items;
      if (!items) return;
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        this.go(v[i], items, path, depth + 1, here);
        path.pop();
      }
    } else if (v && typeof v === 'object') {
      const properties = schema.properties;
      const additional = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined;
      const o = v as Record<string, unknown>;
      for (const k in o) {
        if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
        const ps = properties?.[k] ?? additional;
        if (!ps) continue;
        path.push(k);
        this.go(o[k], ps, path, depth + 1, here);
        path.pop();
      }
    }
  }
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
