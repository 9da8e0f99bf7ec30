// The run-time CEL cost limits against the real API server: CRDs whose rules the server accepts at creation
// (their estimate is within the static limit) but whose evaluation on a large enough object exceeds the
// per-call limit or the per-object budget. The rules are the ones real CRDs use (iterating a list, nested over
// the same list, a regex on every item); the objects grow through generated sizes; the server decides each verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../../kube/rest/errors';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { adminClient, clusterStore, groupVersionPaths, installCrds } from './celCrd';
import { mapLimit } from './verdicts';

type Obj = Record<string, unknown>;
const GROUP = 'cost.kubesense.test';
/** Shapes checked at once: the server's evaluation of one overlaps kubesense's of another. */
const SHAPES_AT_ONCE = 4;

/** One kind per rule shape, its list bounded so the static estimate stays within the limit (the server checks). */
const SHAPES: { kind: string; items: Obj; maxItems: number; rules: Obj[] }[] = [
  {
    kind: 'Pairs',
    items: { type: 'integer' },
    maxItems: 1500,
    rules: [{ rule: 'self.all(x, self.exists_one(y, x == y))', message: 'values must be unique' }],
  },
  {
    kind: 'Names',
    items: { type: 'string', maxLength: 63 },
    maxItems: 450,
    rules: [
      { rule: "self.all(x, x.matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'))" },
      { rule: 'self.all(x, self.filter(y, y.startsWith(x)).size() >= 1)' },
    ],
  },
  {
    // a regex over long strings: the per-call limit is reached by string length times item count
    kind: 'Hosts',
    items: { type: 'string', maxLength: 600 },
    maxItems: 2000,
    rules: [{ rule: "self.all(x, x.matches('^[a-z0-9]+(-[a-z0-9]+)*([.][a-z0-9]+(-[a-z0-9]+)*)*$'))" }],
  },
  {
    // string functions with early exits: exists stops at the first match, || decides on its left side
    kind: 'Labels',
    items: { type: 'string', maxLength: 600 },
    maxItems: 2500,
    rules: [
      {
        rule: "self.exists(x, x.startsWith('zz')) || self.all(x, x.contains('-') && x.lowerAscii() == x && x.upperAscii() != x && x.trim() == x && x.split('-').size() > 0)",
      },
    ],
  },
  {
    // three nested rules per item (each its own call); an exists that stops where it finds a larger value
    kind: 'Entries',
    items: {
      type: 'object',
      properties: { values: { type: 'array', maxItems: 100, items: { type: 'integer' } } },
      'x-kubernetes-validations': [
        { rule: 'self.values.all(a, self.values.exists(b, b >= a))' },
        { rule: 'self.values.all(a, self.values.exists_one(b, b == a))' },
        { rule: 'self.values.all(a, !self.values.exists(b, b < a - 1000))' },
      ],
    },
    maxItems: 120,
    rules: [],
  },
  {
    kind: 'Budgets',
    items: {
      type: 'array',
      maxItems: 110,
      items: { type: 'integer' },
      'x-kubernetes-validations': [
        { rule: 'self.all(a, self.all(b, a == b || a != b))' },
        { rule: 'self.all(a, self.exists(b, a == b))' },
      ],
    },
    maxItems: 100,
    rules: [],
  },
  {
    // a failing rule's messageExpression has the per-call limit of its own
    kind: 'Messages',
    items: { type: 'integer' },
    maxItems: 1500,
    rules: [
      {
        rule: 'self.size() < 1',
        messageExpression: "self.all(x, self.exists_one(y, x == y)) ? 'unique values' : 'duplicate values'",
      },
    ],
  },
  {
    // and is charged to the object's budget: one failing rule per item, its message nested iteration
    kind: 'Notes',
    items: {
      type: 'array',
      maxItems: 110,
      items: { type: 'integer' },
      'x-kubernetes-validations': [
        { rule: 'self.size() < 1', messageExpression: "self.all(a, self.all(b, a == b || a != b)) ? 'x' : 'y'" },
      ],
    },
    maxItems: 100,
    rules: [],
  },
  {
    // a rule that fails at run time after its costly part: cel-go still charges what it evaluated
    kind: 'Failures',
    items: {
      type: 'array',
      maxItems: 110,
      items: { type: 'integer' },
      'x-kubernetes-validations': [{ rule: 'self.all(a, self.all(b, a == b || a != b)) && self[200] == 1' }],
    },
    maxItems: 100,
    rules: [],
  },
  {
    // run-time errors are values in cel-go: the division and the == that receives its error are charged, and
    // || absorbs the error (true)
    kind: 'Absorbed',
    items: { type: 'integer' },
    maxItems: 800,
    rules: [{ rule: 'self.all(x, self.all(y, x / (y - y) == 1 || x >= 0))' }],
  },
  {
    // a call evaluates every argument although the first failed: the filter after the failed index is charged
    kind: 'Arguments',
    items: { type: 'integer' },
    maxItems: 600,
    rules: [{ rule: 'self.all(x, self[size(self)] == self.filter(y, y > x).size() || true)' }],
  },
  {
    // map goes on over every item after one failed (cel-js stops at the first)
    kind: 'Maps',
    items: { type: 'integer' },
    maxItems: 700,
    rules: [{ rule: 'self.all(x, self.map(y, self[size(self)] + y).size() == 0 || true)' }],
  },
  {
    // the per-object budget: every item's rule fails at run time, and its costly right side is still charged
    kind: 'Quotients',
    items: {
      type: 'array',
      maxItems: 110,
      items: { type: 'integer' },
      'x-kubernetes-validations': [{ rule: 'self[200] == (self.all(a, self.all(b, a == b || a != b)) ? 1 : 0)' }],
    },
    maxItems: 110,
    rules: [],
  },
  {
    // cel-go's lists extension: distinct and sort compare every pair (n² × 2)
    kind: 'Sorts',
    items: { type: 'integer' },
    maxItems: 1500,
    rules: [{ rule: 'self.distinct().size() > 0 && self.sort().size() > 0' }],
  },
  {
    // a `+` of strings one of whose operands failed: cel-go charges its add_string overload the sizes (the failed
    // operand 1), and `||` absorbs the error
    kind: 'Joins',
    items: { type: 'string', maxLength: 600 },
    maxItems: 2000,
    rules: [
      {
        rule: "self.all(x, x + self[size(self)] == x || x.matches('^[a-z0-9]+(-[a-z0-9]+)*([.][a-z0-9]+(-[a-z0-9]+)*)*$'))",
      },
    ],
  },
  {
    // a filtered transformList: the initial [] is a constant, a step the filter drops is free (as for map)
    kind: 'Transforms',
    items: { type: 'integer' },
    maxItems: 700,
    rules: [{ rule: 'self.all(x, self.transformList(j, y, y < x, y).size() >= 0)' }],
  },
  {
    // existsOne: a step whose predicate is false costs the predicate alone
    kind: 'Singles',
    items: { type: 'integer' },
    maxItems: 700,
    rules: [{ rule: 'self.all(x, self.existsOne(j, y, y < x) || true)' }],
  },
  {
    // two-variable comprehensions whose every step fails: each still charged its loop condition and step
    kind: 'PairErrors',
    items: { type: 'integer' },
    maxItems: 800,
    rules: [{ rule: 'self.all(i, x, self.exists(j, y, x / (y - y) == 1)) || true' }],
  },
  {
    // existsOne and transformList go on over every item after one failed
    kind: 'OneErrors',
    items: { type: 'integer' },
    maxItems: 700,
    rules: [{ rule: 'self.existsOne(i, x, self.transformList(j, y, y < x, x / (y - y)).size() > 0) || true' }],
  },
  {
    // sortBy keys that fail: the map goes on over every key, then cel-go's tracker panics (no sort charged)
    kind: 'KeyErrors',
    items: { type: 'integer' },
    maxItems: 700,
    rules: [{ rule: 'self.sortBy(x, self.filter(y, y > x).size() / 0).size() > 0' }],
  },
  {
    // sortBy: a map over the list for the keys, then n² × 2.1 comparisons of string keys
    kind: 'Orders',
    items: { type: 'string', maxLength: 20 },
    maxItems: 2000,
    rules: [{ rule: 'self.sortBy(x, x).size() > 0 && self.reverse().slice(0, 1).size() == 1' }],
  },
];

function crdFor(shape: (typeof SHAPES)[number]): Obj {
  const singular = shape.kind.toLowerCase();
  const list = { type: 'array', maxItems: shape.maxItems, items: shape.items, 'x-kubernetes-validations': shape.rules };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${singular}s.${GROUP}` },
    spec: {
      group: GROUP,
      scope: 'Namespaced',
      names: { plural: `${singular}s`, singular, kind: shape.kind, listKind: `${shape.kind}List` },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { list } } } },
          },
        },
      ],
    },
  };
}

/** Valid items of the shape, n of them, all different. */
function items(shape: (typeof SHAPES)[number], n: number): unknown[] {
  const item = (i: number): unknown => {
    if (shape.items.type === 'integer') return i;
    if (shape.kind === 'Hosts' || shape.kind === 'Labels' || shape.kind === 'Joins') return longName(i, 580);
    if (shape.kind === 'Entries') return { values: Array.from({ length: 100 }, (_, j) => j + (i % 7)) };
    if (shape.items.type === 'string') return `name-${i.toString(36)}`;
    return Array.from({ length: 110 }, (_, j) => i + j);
  };
  return Array.from({ length: n }, (_, i) => item(i));
}

/** A valid DNS-like name of `length` characters, different for each i. */
function longName(i: number, length: number): string {
  const id = `n${i.toString(36)}`;
  let out = id;
  while (out.length < length) out += `-${'abcdefghij'.slice(0, Math.min(10, length - out.length - 1) || 1)}`;
  return out.slice(0, length).replace(/-$/, 'x');
}

test(
  'run-time CEL cost limits: the same verdicts and messages as the real API server',
  { timeout: 1_800_000 },
  async (t) => {
    const client = adminClient(t);
    if (!client) return;
    // KUBESENSE_COST_SHAPES=Kind,Kind runs only those shapes (while working on one)
    const only = process.env.KUBESENSE_COST_SHAPES?.split(',');
    const shapes = SHAPES.filter((s) => !only || only.includes(s.kind));
    const crds = shapes.map(crdFor);
    const start = performance.now();
    const timing = { total: 0, cpuMs: 0, install: 0, publish: 0, server: 0, ours: 0, serverCalls: 0, oursCalls: 0 };
    const since = (t0: number) => performance.now() - t0;
    let t0 = performance.now();
    await installCrds(client.rest, crds);
    timing.install = since(t0);
    t0 = performance.now();
    const store = await clusterStore(client.config, groupVersionPaths(crds));
    timing.publish = since(t0);
    /** The object of the shape with n items. */
    const objectOf = (shape: (typeof SHAPES)[number], n: number) => ({
      apiVersion: `${GROUP}/v1`,
      kind: shape.kind,
      metadata: { name: 'x', namespace: 'default' },
      spec: { list: items(shape, n) },
    });
    /** The server's causes for the object of the shape with n items (a dry-run create). */
    const ask = async (shape: (typeof SHAPES)[number], n: number): Promise<string[]> => {
      const t1 = performance.now();
      timing.serverCalls++;
      try {
        await client.rest
          .post()
          .absPath('apis', GROUP, 'v1', 'namespaces', 'default', `${shape.kind.toLowerCase()}s`)
          .param('dryRun', 'All')
          .body(objectOf(shape, n))
          .do();
        return [];
      } catch (e) {
        if (!(e instanceof StatusError)) throw e;
        return e.causes.map((c) => `${c.field}: ${c.message}`);
      } finally {
        timing.server += since(t1);
      }
    };
    // The bisection asks the sizes next to the boundary before they are recorded: each size is asked once.
    const asked = new Map<string, Promise<string[]>>();
    const serverCauses = (shape: (typeof SHAPES)[number], n: number): Promise<string[]> => {
      const key = `${shape.kind} ${n}`;
      let answer = asked.get(key);
      if (!answer) asked.set(key, (answer = ask(shape, n)));
      return answer;
    };
    const flaky: string[] = [];
    /** The server's and kubesense's causes for an object of the shape with n items. */
    const verdicts = async (shape: (typeof SHAPES)[number], n: number) => {
      let server = await serverCauses(shape, n);
      const t2 = performance.now();
      timing.oursCalls++;
      const file = parseManifestFile(JSON.stringify(objectOf(shape, n)), 'object.json');
      const ours = (await validate(file, store)).filter((d) => d.severity === 'error').map((d) => d.message);
      timing.ours += since(t2);
      const equal = (a: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...ours].sort());
      // Under heavy load the server has (rarely) accepted an object it refuses for its cost budget otherwise:
      // a disagreement is asked again, and a changed answer is reported as the server's flake.
      if (!equal(server)) {
        const again = await ask(shape, n);
        if (JSON.stringify(again) !== JSON.stringify(server)) {
          flaky.push(
            `${shape.kind} with ${n} items: ${server.join('; ') || 'accepted'} | then ${again.join('; ') || 'accepted'}`,
          );
          server = again;
        }
      }
      const label = `${shape.kind} with ${n} items\n    server: ${server.join('; ') || 'accepted'}\n    ours:   ${ours.join('; ') || 'accepted'}`;
      return { server, ours, label, same: equal(server) };
    };
    const costMessage = (ms: string[]) => ms.filter((m) => / cost /.test(m));
    const sizes = [1, 10, 50, 100, 300, 1000, 2000, 3000];
    type Verdicts = Awaited<ReturnType<typeof verdicts>>;
    // The boundary: the fewest items the server refuses for cost, found by bisection against the server between
    // the sizes above; the object one item smaller (just under the limit) and that one (just over) must get the
    // server's verdict. The shapes are independent CRDs: a few run at once (the server evaluates one shape's
    // object while kubesense validates another's).
    const perShape = await mapLimit(shapes, SHAPES_AT_ONCE, async (shape) => {
      const recorded: Verdicts[] = [];
      const record = (v: Verdicts) => {
        recorded.push(v);
        return costMessage(v.server).length > 0;
      };
      let lo = 1;
      let hi = 0;
      for (const n of [...sizes.filter((x) => x < shape.maxItems), shape.maxItems]) {
        if (record(await verdicts(shape, n))) {
          hi = n;
          break;
        }
        lo = n + 1;
      }
      if (!hi) return { recorded };
      const refused = async (n: number) => costMessage(await serverCauses(shape, n)).length > 0;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if (await refused(mid)) hi = mid;
        else lo = mid + 1;
      }
      record(await verdicts(shape, lo - 1));
      record(await verdicts(shape, lo));
      return { recorded, boundary: `${shape.kind}: ${lo}` };
    });
    let cases = 0;
    let same = 0;
    const serverCost: string[] = [];
    const differ: string[] = [];
    const boundaries: string[] = [];
    for (const { recorded, boundary } of perShape) {
      for (const v of recorded) {
        cases++;
        if (v.same) same++;
        else differ.push(v.label);
        if (costMessage(v.server).length) serverCost.push(v.label);
        process.stdout.write(`# ${v.same ? 'same' : 'DIFFERENT'}: ${v.label}\n`);
      }
      if (boundary) boundaries.push(boundary);
    }
    const summary =
      `run-time cost: ${same}/${cases} objects with identical causes; ${serverCost.length} rejected by the server ` +
      `for cost; fewest items the server refuses: ${boundaries.join(', ')}; ${flaky.length} server answers changed when asked again`;
    t.diagnostic(summary);
    for (const d of differ) t.diagnostic(d);
    for (const f of flaky) t.diagnostic(`server answered differently when asked again: ${f}`);
    process.stdout.write(`# ${summary}\n`);
    timing.total = since(start);
    const cpu = process.cpuUsage();
    timing.cpuMs = (cpu.user + cpu.system) / 1000;
    process.stdout.write(
      `# time: ${JSON.stringify(timing, (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v))}\n`,
    );
    assert.ok(serverCost.length > 0, 'the generated sizes reach the run-time limits');
    assert.ok(
      boundaries.length >= Math.min(4, shapes.length),
      `the limits are reached within the shapes' bounds: ${boundaries.join(', ')}`,
    );
    assert.deepEqual(differ, [], summary);
  },
);
