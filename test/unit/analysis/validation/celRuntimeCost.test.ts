// The run-time cost of CEL rules without a cluster: counts that follow from cel-go's CostTracker and the
// Kubernetes library costs it charges (each identifier and selection 1, `all` 2 per loop condition and 1 per
// `@result &&` step, `exists` 3 and 1, a regex ceil((1 + length) × 0.1) × ceil(pattern length × 0.25), ...), and
// the per-call limit decided by the actual cost where the static estimate is only an upper bound.
// celCostRuntime.test.ts compares the verdicts with the real API server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCelRules } from '../../../../analysis/validation/cel';
import { kubernetesCelEnvironment } from '../../../../analysis/validation/celLibrary';
import { CostedProgram } from '../../../../analysis/validation/celRuntimeCost';
import { ResolvedSchema } from '../../../../analysis/schema/resolved';
import type { OpenAPISchema } from '../../../../analysis/schema/types';

const cost = (rule: string, self: unknown) => new CostedProgram(kubernetesCelEnvironment(), rule).run({ self }, 1e6);

test('actual costs are counted as cel-go counts them, early exits included', () => {
  const list = [1n, 2n, 3n];
  const cases: [string, unknown, number][] = [
    // self 1; 3 × (condition 2 + @result 1 + x 1 + > 1); result 1
    ['self.all(x, x > 0)', list, 17],
    // stops after the first item: self 1; condition 2 + step 3; condition 2; result 1
    ['self.all(x, x > 1)', list, 9],
    // found at the second item: self 1; 2 × (3 + 1 + 2); condition 3; result 1
    ['self.exists(x, x == 2)', list, 17],
    // self 1, [] 10, x > 1 on each (2), two kept (@result + [x]: 13), one not (the bare @result branch is resolved,
    // not evaluated: 0), result 1, size 1, == 1
    ['self.filter(x, x > 1).size() == 2', list, 46],
    // self 1; per item x == 2 (2) and p ? @result + 1 (2) : @result (0); result @result == 1 (2)
    ['self.exists_one(x, x == 2)', list, 1 + 6 + 2 + 2],
    // sets 0, self 1, [1] 10, the call 1 + 3 × 1
    ['sets.contains(self, [1])', list, 15],
    // self 1; regex over 20 characters: ceil(2.1) = 3 × ceil(8 × 0.25) = 2
    ["self.matches('^[a-z]+$')", 'a'.repeat(20), 7],
    // at run time startsWith charges the receiver's length (its first argument in cel-go), contains the product
    ["self.startsWith('abcdefghijk') && self.contains('ab')", 'abcdefghijk'.padEnd(30, 'a'), 1 + 3 + 1 + 3 * 1],
    // && stops on a false left side
    ["self.startsWith('b') && self.contains('ab')", 'abcdefghijk'.padEnd(30, 'a'), 1 + 3],
  ];
  for (const [rule, self, want] of cases) {
    const r = cost(rule, self);
    assert.equal(r.error, undefined, rule);
    assert.equal(r.cost, want, rule);
  }
});

test('an evaluation over the per-call limit is stopped; one the estimate overstates is not', () => {
  const big = Array.from({ length: 200_000 }, (_, i) => BigInt(i));
  const over = cost('self.all(x, x >= 0)', big);
  assert.equal(over.exceeded, true);
  const under = cost('self.exists(x, x == 0)', big);
  assert.equal(under.exceeded, false);
  assert.equal(under.value, true);
});

function resolvedWith(list: OpenAPISchema): ResolvedSchema {
  const root: OpenAPISchema = { type: 'object', properties: { spec: { type: 'object', properties: { list } } } };
  return new ResolvedSchema(
    { group: 'x.test', version: 'v1', kind: 'X' },
    'X',
    { components: { schemas: { X: root } } } as never,
    'test',
    true,
  );
}

test('rules the static estimate refuses but whose actual cost is within the limits are accepted', () => {
  // statically 200,000 × 6 > 1,000,000; actually the first item matches
  const resolved = resolvedWith({
    type: 'array',
    maxItems: 200_000,
    items: { type: 'integer' },
    'x-kubernetes-validations': [{ rule: 'self.exists(x, x == 0)' }],
  });
  const list = Array.from({ length: 200_000 }, (_, i) => i);
  assert.deepEqual(checkCelRules(resolved, { spec: { list } }), []);
  const refused = checkCelRules(resolved, { spec: { list: list.map((i) => i + 1) } });
  assert.equal(refused.length, 1);
  assert.match(refused[0].message, /actual cost limit exceeded/);
});
