// Walk a value alongside its schema (properties, additionalProperties, items), through $refs.
import type { FieldPath } from '../documents/path';
import type { ResolvedSchema } from '../schema/resolved';
import { propertySchema, type GroupVersionDocument, type OpenAPISchema } from '../schema/types';

/** typeName: the components key the schema came from (`io.k8s.api.core.v1.ContainerPort`), when it was a $ref. */
export type SchemaVisitor = (value: unknown, schema: OpenAPISchema, path: FieldPath, typeName?: string) => void;

/**
 * Whether a visitor can do anything at a (dereferenced) schema: where it says no, the visitor must do nothing. With
 * one, the walk skips every value whose schema has no relevant schema below it (labels, strings, most of a pod spec),
 * and walkSchemaOnce calls the visitor only where it holds; must be a module-level function, as answers are
 * remembered per function and schema.
 */
export type SchemaRelevance = (schema: OpenAPISchema, typeName: string | undefined) => boolean;

interface DocumentMemo {
  deref: WeakMap<OpenAPISchema, OpenAPISchema | undefined>;
  relevance: Map<SchemaRelevance, WeakMap<OpenAPISchema, boolean>>;
  /** Per set of visitors of walkSchemaOnce (their relevance functions' ids). */
  shared: Map<number | string, WalkPlan>;
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
          propertySchema(schema, k) ??
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
 * walkWithSchema(resolved, value, visit, base, relevant) would call it, leaving out the calls below the root where
 * its relevance does not hold at the schema itself (only further down: nothing to do there, by SchemaRelevance's
 * contract; 58 % of the calls on the bench workload). The value is walked once, the path is one array (no copy per node) and nothing is
 * allocated per node. At most 31 visitors.
 */
export function walkSchemaOnce(
  resolved: ResolvedSchema,
  value: unknown,
  visitors: SharedVisitor[],
  base: FieldPath = [],
): void {
  const memo = memoOf(resolved);
  // The visitors' relevance functions' ids, in order: a number (no string made per walk) for up to five visitors.
  let key: number | string = 0;
  for (const v of visitors) key = key * 1024 + relevanceId(v.relevant) + 1;
  if (visitors.length > 5) key = visitors.map((v) => relevanceId(v.relevant)).join(',');
  let plan = memo.shared.get(key);
  if (!plan) {
    // The schemas' nodes and relevance tests depend only on the document and the visitors' relevance functions.
    const deref = (s: OpenAPISchema | undefined): OpenAPISchema | undefined => derefIn(resolved, memo, s);
    const tests = visitors.map((v) => subtreeRelevance(memo, deref, v.relevant));
    memo.shared.set(
      key,
      (plan = new WalkPlan(
        tests,
        visitors.map((v) => v.relevant),
        deref,
      )),
    );
  }
  const root = resolved.root;
  if (!root || typeof root !== 'object') return;
  new SharedWalk(plan, visitors).go(value, plan.node(root), [...base], 0, (1 << visitors.length) - 1);
}

/**
 * What a shared walk needs to know of a schema: its dereferenced form, $ref name, which visitors care below, and
 * (made on first use) the nodes of its items, own properties and additionalProperties, so that walking a value
 * looks each of its keys up once and skips the keys no visitor cares about without a call.
 */
interface WalkNode {
  schema: OpenAPISchema | undefined;
  typeName: string | undefined;
  /** Bit i: visitor i's relevance holds here or below. */
  relevant: number;
  /** Bit i: visitor i's relevance holds here (the visitor is called). */
  visited: number;
  /** The node of `items`; null: no items schema to walk. */
  items?: WalkNode | null;
  /** The node of each own property of `properties` (null: not a schema, nothing to walk). */
  properties?: Map<string, WalkNode | null>;
  /** The node of an `additionalProperties` schema; null: none. */
  additional?: WalkNode | null;
}

/** The nodes of one document's schemas for one set of visitors (their relevance functions). */
class WalkPlan {
  private readonly nodes = new WeakMap<OpenAPISchema, WalkNode>();

  constructor(
    private readonly tests: ((s: OpenAPISchema) => boolean)[],
    private readonly here: SchemaRelevance[],
    private readonly deref: (s: OpenAPISchema | undefined) => OpenAPISchema | undefined,
  ) {}

  node(s: OpenAPISchema): WalkNode {
    let n = this.nodes.get(s);
    if (!n) {
      let relevant = 0;
      for (let i = 0; i < this.tests.length; i++) if (this.tests[i](s)) relevant |= 1 << i;
      const schema = this.deref(s);
      const typeName = refName(s);
      let visited = 0;
      if (schema) for (let i = 0; i < this.here.length; i++) if (this.here[i](schema, typeName)) visited |= 1 << i;
      n = { schema, typeName, relevant, visited: visited & relevant };
      this.nodes.set(s, n);
    }
    return n;
  }

  /** The node of a child schema as the walk meets it (a value that is no schema object is not walked). */
  child(s: unknown): WalkNode | null {
    return s && typeof s === 'object' ? this.node(s as OpenAPISchema) : null;
  }

  itemsOf(n: WalkNode, schema: OpenAPISchema): WalkNode | null {
    if (n.items === undefined) n.items = this.child(schema.items);
    return n.items;
  }

  additionalOf(n: WalkNode, schema: OpenAPISchema): WalkNode | null {
    if (n.additional === undefined)
      n.additional = typeof schema.additionalProperties === 'object' ? this.child(schema.additionalProperties) : null;
    return n.additional;
  }

  propertiesOf(n: WalkNode, schema: OpenAPISchema): Map<string, WalkNode | null> {
    if (n.properties === undefined) {
      const out = new Map<string, WalkNode | null>();
      const properties = schema.properties;
      if (properties)
        for (const k of Object.keys(properties)) {
          const ps = properties[k];
          // `properties[k] ?? additionalProperties`: a null or undefined entry falls back as any other key does.
          if (ps !== null && ps !== undefined) out.set(k, this.child(ps));
        }
      n.properties = out;
    }
    return n.properties;
  }
}

class SharedWalk {
  constructor(
    private readonly plan: WalkPlan,
    private readonly visitors: SharedVisitor[],
  ) {}

  /** active: a bit per visitor whose walk reaches here; path: the value's path (restored before returning). */
  go(v: unknown, n: WalkNode, path: (string | number)[], depth: number, active: number): void {
    const here = active & n.relevant;
    const schema = n.schema;
    if (here === 0 || !schema || depth > 64) return;
    // At the root a visitor may know more than its relevance is told (the kind's type name): called as before.
    const visited = here & (depth === 0 ? n.relevant : n.visited);
    if (visited !== 0)
      for (let i = 0; i < this.visitors.length; i++)
        if (visited & (1 << i)) this.visitors[i].visit(v, schema, path, n.typeName);
    if (Array.isArray(v)) {
      const items = this.plan.itemsOf(n, schema);
      if (!items || (items.relevant & here) === 0) return;
      for (let i = 0; i < v.length; i++) {
        path.push(i);
        this.go(v[i], items, path, depth + 1, here);
        path.pop();
      }
    } else if (v && typeof v === 'object') {
      const properties = this.plan.propertiesOf(n, schema);
      const additional = this.plan.additionalOf(n, schema);
      const o = v as Record<string, unknown>;
      for (const k in o) {
        if (!Object.prototype.hasOwnProperty.call(o, k)) continue;
        // Not a declared property (`constructor` included): additionalProperties.
        const c = properties.get(k) ?? additional;
        if (c === null || (c.relevant & here) === 0) continue;
        path.push(k);
        this.go(o[k], c, path, depth + 1, here);
        path.pop();
      }
    }
  }
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
