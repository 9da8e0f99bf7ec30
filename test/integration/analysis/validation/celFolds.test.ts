// How cel-go folds comprehensions and sorts, against the real API server: `sortBy` orders equal keys as Go's
// sort.Slice (pattern-defeating quicksort, not stable) leaves them, and errors inside comprehensions are values that
// the accumulator carries on — which error a rule reports (the first, or the last failed predicate of a conditional
// step), and `sort()`, `distinct()` and `sortBy()` of an error answered with cel-go's recovered panic. Every cause of
// the server's answer must be ours, in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RESTClient } from '../../../../kube/rest/client';
import type { SchemaStore } from '../../../../analysis/schema';
import { goSort } from '../../../../kube/util/go';
import { seededRandom } from '../../../fuzz/schemaMutations';
import { adminClient, clusterStore, groupVersionPaths, installCrds, namespacedCrd, serverAndOurCauses } from './celCrd';

type Obj = Record<string, unknown>;
const GROUP = 'celfolds.kubesense.test';

/** The causes of the server's and of our answer to a dry-run create of `spec` as a `kind`. */
const answers = (rest: RESTClient, store: SchemaStore, kind: string, spec: Obj) =>
  serverAndOurCauses(rest, store, {
    apiVersion: `${GROUP}/v1`,
    kind,
    metadata: { name: 'x', namespace: 'default' },
    spec,
  });

const crdOf = (kind: string, spec: Obj) =>
  namespacedCrd(GROUP, kind, { type: 'object', properties: { spec: { type: 'object', properties: spec } } });

// ---------- sortBy: the order of equal keys ----------

const ORDER_KEYS: Record<string, (r: () => number, i: number) => unknown> = {
  i: (r) => Math.floor(r() * 4),
  s: (r) => ['b', 'a', 'c', 'ab'][Math.floor(r() * 4)],
  d: (r) => Math.floor(r() * 3) / 2,
  b: (r) => r() < 0.5,
};
const KEY_TYPES: Record<string, Obj> = {
  i: { type: 'integer' },
  s: { type: 'string', maxLength: 2 },
  d: { type: 'number' },
  b: { type: 'boolean' },
};

/**
 * Each item names where sortBy(x, x.<key>) puts it (`o<key>`: the name at its position, by Go's sort.Slice over the
 * keys), so a rule per key type compares sortBy's order with that, and the server says whether it is its order.
 */
function orderCrd(): Obj {
  const props: Obj = { n: { type: 'string', maxLength: 4 } };
  for (const [k, t] of Object.entries(KEY_TYPES)) Object.assign(props, { [k]: t, [`o${k}`]: props.n });
  const rules = Object.keys(KEY_TYPES).map((k) => ({
    rule: `self.sortBy(x, x.${k}).map(x, x.n) == self.map(x, x.o${k})`,
    message: `sortBy(x, x.${k}) is not in Go's sort.Slice order`,
  }));
  return crdOf('Order', {
    l: {
      type: 'array',
      maxItems: 400,
      items: { type: 'object', properties: props },
      'x-kubernetes-validations': rules,
    },
  });
}

/** n items with keys of a pattern (random with few values, ascending, descending, organ pipe), each `o<k>` filled in. */
function orderedItems(n: number, pattern: string, seed: number): Obj[] {
  const r = seededRandom(seed);
  const items: Obj[] = Array.from({ length: n }, (_, i) => {
    const item: Obj = { n: i.toString(36) };
    for (const [k, gen] of Object.entries(ORDER_KEYS)) {
      const rank = pattern === 'ascending' ? i : pattern === 'descending' ? n - i : Math.min(i, n - i);
      item[k] = pattern === 'random' ? gen(r, i) : k === 'b' ? rank % 3 === 0 : k === 's' ? `${rank % 10}` : rank >> 2;
      if (k === 'd' && pattern !== 'random') item[k] = (rank >> 2) / 2;
    }
    return item;
  });
  for (const k of Object.keys(ORDER_KEYS)) {
    const order = items.map((_x, i) => i);
    const key = (i: number) => items[order[i]][k] as number | string | boolean;
    goSort(
      n,
      (i, j) => key(i) < key(j),
      (i, j) => ([order[i], order[j]] = [order[j], order[i]]),
    );
    order.forEach((src, pos) => (items[pos][`o${k}`] = items[src].n));
  }
  return items;
}

test('sortBy orders equal keys as the real API server (Go sort.Slice)', { timeout: 300_000 }, async (t) => {
  const client = adminClient(t);
  if (!client) return;
  const crd = orderCrd();
  await installCrds(client.rest, [crd]);
  const store = await clusterStore(client.config, groupVersionPaths([crd]));
  const mismatches: string[] = [];
  let cases = 0;
  for (const pattern of ['random', 'ascending', 'descending', 'pipe'])
    for (const n of [5, 12, 13, 40, 49, 50, 64, 120, 400]) {
      const { server, ours } = await answers(client.rest, store, 'Order', { l: orderedItems(n, pattern, n * 7 + 1) });
      cases++;
      // every order is Go's: the server accepts, and so do we (a stable sort refuses the unstable orders)
      if (JSON.stringify(server) !== JSON.stringify(ours) || server.length)
        mismatches.push(
          `${pattern} ${n}\n    server: ${server.join('; ') || 'accepted'}\n    ours:   ${ours.join('; ') || 'accepted'}`,
        );
    }
  t.diagnostic(`${cases - mismatches.length}/${cases} sortBy orders accepted by the server and by us`);
  assert.deepEqual(mismatches, []);
});

// ---------- errors inside comprehensions, sort and sortBy ----------

const ERROR_RULES = [
  'self.all(i, v, v.m[v.k] > 0)',
  'self.exists(i, v, v.m[v.k] < 0)',
  'self.existsOne(i, v, v.m[v.k] > 0)',
  'self.exists_one(v, v.m[v.k] > 0)',
  'self.all(v, v.m[v.k] > 0)',
  'self.exists(v, v.m[v.k] < 0)',
  'self.map(v, v.m[v.k]).size() == 0',
  'self.filter(v, v.m[v.k] > 0).size() == 0',
  'self.map(v, v.m[v.k] > 0, v.m[v.k]).size() == 0',
  'self.transformList(i, v, v.m[v.k]).size() == 0',
  'self.transformList(i, v, v.m[v.k] > 0, i).size() == 0',
  'self.transformList(i, v, v.m[v.k] > 0, v.m[v.k]).size() == 0',
  'self.transformMap(i, v, v.m[v.k]).size() == 0',
  'self.transformMap(i, v, v.m[v.k] > 0, i).size() == 0',
  'self.transformMapEntry(i, v, {v.k: v.m[v.k]}).size() == 0',
  "self.transformMapEntry(i, v, {'x': i}).size() == 0",
  'self.sortBy(v, v.m[v.k]).size() == 0',
  'self.sortBy(v, v.k).size() == 0',
  'self.sortBy(v, v.x).size() == 0',
  'self.map(v, v.k).sort().size() == 0 || self.map(v, v.m[v.k]).sort().size() == 0',
  'self.map(v, v.m[v.k]).distinct().size() == 0',
  'self.filter(v, v.m[v.k] > 0).sortBy(v, v.k).size() == 0',
  'self.map(v, v.x).sort().size() == 0',
];
const item = (k: string, m: Obj, x?: unknown) => (x === undefined ? { k, m } : { k, m, x });
/** Items whose rule fails at one, two or three of them (each with another missing key), or at none. */
const ERROR_OBJECTS: Obj[] = [
  { l: [item('a', { a: 1 }), item('b', { a: 1 }), item('c', { a: 1 })] },
  { l: [item('a', { b: 1 }), item('b', { a: 1 }), item('c', { a: 1 })] },
  { l: [item('a', { a: 1 }), item('b', { a: 1 }), item('c', { c: -1 })] },
  { l: [item('a', { a: 1 }), item('b', { b: -1 }), item('c', { a: 1 })] },
  { l: [item('a', { a: 1 }), item('b', { b: 1 }), item('c', { c: 1 })] },
  { l: [item('a', { b: 1 }), item('b', { b: -1 }), item('c', { a: 1 }), item('d', { d: 1 })] },
  // sortBy keys of an int-or-string of one type or of both
  { l: [item('a', { a: 1 }, 1), item('b', { b: 1 }, 'x')] },
  { l: [item('a', { a: 1 }, 1), item('b', { b: 1 }, 2), item('c', { c: 1 }, 'x')] },
  { l: [item('a', { a: 1 }, 'y'), item('b', { b: 1 }, 'x'), item('c', { c: 1 }, 2)] },
  { l: [item('a', { a: 1 }, 3), item('b', { b: 1 }, 2), item('c', { c: 1 }, 1)] },
];

test(
  'errors inside comprehensions and sorts: the error the real API server reports',
  { timeout: 300_000 },
  async (t) => {
    const client = adminClient(t);
    if (!client) return;
    const crd = crdOf('Failure', {
      l: {
        type: 'array',
        maxItems: 10,
        items: {
          type: 'object',
          properties: {
            k: { type: 'string', maxLength: 5 },
            m: { type: 'object', maxProperties: 5, additionalProperties: { type: 'integer' } },
            x: { 'x-kubernetes-int-or-string': true, maxLength: 3 },
          },
        },
        'x-kubernetes-validations': ERROR_RULES.map((rule) => ({ rule })),
      },
    });
    await installCrds(client.rest, [crd]);
    const store = await clusterStore(client.config, groupVersionPaths([crd]));
    const mismatches: string[] = [];
    let causes = 0;
    for (const spec of ERROR_OBJECTS) {
      const { server, ours } = await answers(client.rest, store, 'Failure', spec);
      causes += server.length;
      if (JSON.stringify(server) !== JSON.stringify(ours))
        mismatches.push(
          `${JSON.stringify(spec)}\n    server: ${server.join('\n            ')}\n    ours:   ${ours.join('\n            ')}`,
        );
    }
    t.diagnostic(`${ERROR_OBJECTS.length - mismatches.length}/${ERROR_OBJECTS.length} objects, ${causes} causes`);
    assert.deepEqual(mismatches, []);
  },
);

// ---------- the run-time cost of sorting keys of type dyn ----------

test(
  'sort() and sortBy() of keys of type dyn: charged as the real API server charges them',
  { timeout: 300_000 },
  async (t) => {
    const client = adminClient(t);
    if (!client) return;
    // 2,100 keys: n² × 2 is 8.8 million, over the per-call limit; the server charges a sort it cannot resolve to one
    // overload (keys of an int-or-string) 1, and refuses only the integers
    const list = (items: Obj, rule: string) => ({
      type: 'array',
      maxItems: 2100,
      items,
      'x-kubernetes-validations': [{ rule }],
    });
    const dyn = { 'x-kubernetes-int-or-string': true, maxLength: 3 };
    const crd = crdOf('DynSort', {
      d: list(dyn, 'self.sort().size() > 0'),
      e: list(dyn, 'self.sortBy(x, x).size() > 0'),
      i: list({ type: 'integer' }, 'self.sort().size() > 0'),
      j: list({ type: 'integer' }, 'self.sortBy(x, x).size() > 0'),
    });
    await installCrds(client.rest, [crd]);
    const store = await clusterStore(client.config, groupVersionPaths([crd]));
    const values = Array.from({ length: 2100 }, (_, i) => ((2100 - i) * 7) % 1000);
    const mismatches: string[] = [];
    let refused = 0;
    for (const spec of [{ d: values }, { e: values }, { i: values }, { j: values }, { d: ['a', 1] }, { e: [1, 'a'] }]) {
      const { server, ours } = await answers(client.rest, store, 'DynSort', spec);
      if (server.some((m) => / cost /.test(m))) refused++;
      if (JSON.stringify(server) !== JSON.stringify(ours))
        mismatches.push(
          `${Object.keys(spec)[0]}\n    server: ${server.join('; ') || 'accepted'}\n    ours:   ${ours.join('; ') || 'accepted'}`,
        );
    }
    assert.equal(refused, 2, 'the server refuses the sorts of integers for cost, not those of dyn keys');
    assert.deepEqual(mismatches, []);
  },
);
