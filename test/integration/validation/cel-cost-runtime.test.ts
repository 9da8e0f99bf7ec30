// The run-time CEL cost limits against the real API server: CRDs whose rules the server accepts at creation
// (their estimate is within the static limit) but whose evaluation on a large enough object exceeds the
// per-call limit or the per-object budget. The rules are the ones real CRDs use (iterating a list, nested over
// the same list, a regex on every item); the objects grow through generated sizes; the server decides each verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../kube/rest/errors';
import { parseManifestFile } from '../../../server/src/documents';
import { validate } from '../../../server/src/validation';
import { adminClient, clusterStore, groupVersionPaths, installCrds } from './cel-crd';

type Obj = Record<string, unknown>;
const GROUP = 'cost.kubesense.test';

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
    if (shape.items.type === 'string') return `name-${i.toString(36)}`;
    return Array.from({ length: 110 }, (_, j) => i + j);
  };
  return Array.from({ length: n }, (_, i) => item(i));
}

test(
  'run-time CEL cost limits: the same verdicts and messages as the real API server',
  { timeout: 600_000 },
  async (t) => {
    const client = adminClient(t);
    if (!client) return;
    const crds = SHAPES.map(crdFor);
    await installCrds(client.rest, crds);
    const store = await clusterStore(client.config, groupVersionPaths(crds));
    const sizes = [1, 10, 30, 50, 70, 100, 200, 300, 450, 700, 1000, 1500];
    let cases = 0;
    let same = 0;
    const serverCost: string[] = [];
    const missed: string[] = [];
    const extra: string[] = [];
    const costMessage = (ms: string[]) => ms.filter((m) => / cost /.test(m)).map((m) => m.replace(/\[\d+\]:/, '[i]:'));
    for (const shape of SHAPES) {
      const plural = `${shape.kind.toLowerCase()}s`;
      for (const n of sizes.filter((s) => s <= shape.maxItems)) {
        const object = {
          apiVersion: `${GROUP}/v1`,
          kind: shape.kind,
          metadata: { name: 'x', namespace: 'default' },
          spec: { list: items(shape, n) },
        };
        let server: string[] = [];
        try {
          await client.rest
            .post()
            .absPath('apis', GROUP, 'v1', 'namespaces', 'default', plural)
            .param('dryRun', 'All')
            .body(object)
            .do();
        } catch (e) {
          if (!(e instanceof StatusError)) throw e;
          server = e.causes.map((c) => `${c.field}: ${c.message}`);
        }
        const file = parseManifestFile(JSON.stringify(object), 'object.json');
        const ours = (await validate(file, store)).filter((d) => d.severity === 'error').map((d) => d.message);
        const label = `${shape.kind} with ${n} items\n    server: ${server.join('; ') || 'accepted'}\n    ours:   ${ours.join('; ') || 'accepted'}`;
        cases++;
        if (JSON.stringify([...server].sort()) === JSON.stringify([...ours].sort())) same++;
        const s = costMessage(server);
        const o = costMessage(ours);
        if (s.length) serverCost.push(label);
        // A cost rejection of the server must be ours too, with its message (the item where the per-object budget
        // runs out may differ: see README, run-time cost).
        if (s.length && JSON.stringify(s) !== JSON.stringify(o)) missed.push(label);
        if (!s.length && o.length) extra.push(label);
      }
    }
    const summary =
      `run-time cost: ${same}/${cases} objects with identical causes; ${serverCost.length} rejected by the server for cost, ` +
      `${serverCost.length - missed.length} of them by kubesense with the same message; ${extra.length} rejected only by kubesense`;
    t.diagnostic(summary);
    for (const d of [...missed, ...extra]) t.diagnostic(d);
    process.stdout.write(`# ${summary}\n`);
    assert.ok(serverCost.length > 0, 'the generated sizes reach the run-time limits');
    assert.deepEqual(missed, [], 'every run-time cost rejection of the server is reported');
    assert.ok(extra.length <= cases / 5, `${summary}\n${extra.join('\n')}`);
  },
);
