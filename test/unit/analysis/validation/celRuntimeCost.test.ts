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
    // self 1, [] 0 (a constant list: the server's boundaries show it), x > 1 on each (2), two kept (@result + [x]:
    // 13), one not (the bare @result branch is resolved, not evaluated: 0), result 1, size 1, == 1
    ['self.filter(x, x > 1).size() == 2', list, 36],
    // constant literals are constants (cel.OptOptimize); `in` a constant list is a set lookup
    ['[1, -2].size() == 2 && {"a": [1]}.size() == 1 && 2 in [1, 2]', null, 4],
    ['[self[0]].size() == 1', list, 10 + 2 + 1 + 1],
    // self 1; per item x == 2 (2) and p ? @result + 1 (2) : @result (0); result @result == 1 (2)
    ['self.exists_one(x, x == 2)', list, 1 + 6 + 2 + 2],
    // sets 0, self 1, [1] 0 (a constant), the call 1 + 3 × 1
    ['sets.contains(self, [1])', list, 5],
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

test("the lists extension's run-time costs and sortBy, as cel-go's trackers charge them", () => {
  const list = [3n, 1n, 2n];
  const cases: [string, unknown, unknown, number][] = [
    // self 1; n² × 2 + 1 + 10
    ['self.sort()', list, [1n, 2n, 3n], 1 + 18 + 11],
    ['self.distinct()', list, list, 1 + 18 + 11],
    // strings: n² × 2.1, truncated (the constant list is free)
    ["['b', 'a', 'c'].sort()", undefined, ['a', 'b', 'c'], 18 + 11],
    // the result's size + 11
    ['self.reverse()', list, [2n, 1n, 3n], 1 + 3 + 11],
    ['self.slice(0, 2)', list, [3n, 1n], 1 + 2 + 11],
    ['lists.range(3)', undefined, [0n, 1n, 2n], 3 + 11],
    // the input's size × depth + 11: [self] 10, self 1
    ['[self].flatten(2)', list, list, 11 + 2 + 11],
    // self 1; -x 2 per key; the bind's [] 10, @in 1, the map (@in 1, [] 10, 12 per key, @result 1), the sort
    ['self.sortBy(x, -x)', list, [3n, 2n, 1n], 1 + 6 + 23 + 36 + 29],
  ];
  for (const [rule, self, value, want] of cases) {
    const r = cost(rule, self);
    assert.equal(r.error, undefined, rule);
    assert.deepEqual(r.value, value, rule);
    assert.equal(r.cost, want, rule);
  }
});

test("a failing rule's messageExpression is charged to the per-call limit and to the object's budget", () => {
  const message = "self.all(a, self.all(b, a == b || a != b)) ? 'x' : 'y'";
  const nested = resolvedWith({
    type: 'array',
    maxItems: 100,
    items: {
      type: 'array',
      maxItems: 110,
      items: { type: 'integer' },
      'x-kubernetes-validations': [{ rule: 'self.size() < 1', messageExpression: message }],
    },
  });
  const lists = (n: number) => Array.from({ length: n }, (_, i) => Array.from({ length: 110 }, (_, j) => i + j));
  // each message costs 109,122 (the rule 3): the budget runs out at the 92nd item, as on the server
  const within = checkCelRules(nested, { spec: { list: lists(91) } });
  assert.equal(within.length, 91);
  assert.ok(within.every((p) => p.message.endsWith('Invalid value: x')));
  const over = checkCelRules(nested, { spec: { list: lists(92) } });
  assert.equal(over.length, 92);
  assert.equal(
    over[91].message,
    'spec.list[91]: Invalid value: "array": messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run',
  );
  const single = resolvedWith({
    type: 'array',
    maxItems: 1500,
    items: { type: 'integer' },
    'x-kubernetes-validations': [
      { rule: 'self.size() < 1', messageExpression: "self.all(x, self.exists_one(y, x == y)) ? 'u' : 'd'" },
    ],
  });
  const ints = Array.from({ length: 600 }, (_, i) => i);
  assert.deepEqual(
    checkCelRules(single, { spec: { list: ints } }).map((p) => p.message),
    [
      'spec.list: Invalid value: "array": no further validation rules will be run due to call cost exceeds limit for messageExpression: "self.all(x, self.exists_one(y, x == y)) ? \'u\' : \'d\'"',
    ],
  );
});

test('a list index out of range is worded as cel-go words it', () => {
  const resolved = resolvedWith({
    type: 'array',
    maxItems: 10,
    items: { type: 'integer' },
    'x-kubernetes-validations': [{ rule: 'self[5] == 1' }],
  });
  assert.deepEqual(
    checkCelRules(resolved, { spec: { list: [1, 2] } }).map((p) => p.message),
    ['spec.list: Invalid value: "array": index out of bounds: 5 evaluating rule: self[5] == 1'],
  );
});

test('a run-time error is charged as cel-go charges its error values', () => {
  const cases: [string, unknown, number, unknown][] = [
    // self 1, .a 1 (the failing qualifier is observed), .b not evaluated, == receives the error 1; || absorbs it
    ['self.a.b == 1 || true', {}, 3, true],
    // self 1, .l 1, [5] 1 (out of bounds), == 1
    ["self.l[5] == 'a' || true", { l: ['a'] }, 4, true],
    // both arguments of + are evaluated although the first failed: 3 + 3, + 1, == 1
    ["self.m.k + self.l[0] == 'a' || true", { m: {}, l: ['a'] }, 8, true],
    // map goes on after an item failed: self.l 2, [] 0, per item self.m.k 3 + @result + [..] 12, @result 1,
    // size 1, == 1
    ['self.l.map(x, self.m.k).size() == 0 || true', { l: ['a', 'b'], m: {} }, 35, true],
    // a division by zero and the == it feeds are charged: per pair x, y, y, -, /, == (6) and x >= 0 (2); the
    // constant lists are free
    ['[1, 2].all(x, [1].all(y, x / (y - y) == 1 || x >= 0))', null, 2 * (1 * (3 + 6 + 2) + 1 + 3) + 1, true],
  ];
  for (const [rule, self, want, value] of cases) {
    const r = cost(rule, self);
    assert.equal(r.error, undefined, rule);
    assert.equal(r.value, value, rule);
    assert.equal(r.cost, want, rule);
  }
  // exists_one goes on over every item (cel-js stops at the first error); the error is the result
  const one = cost('self.l.exists_one(x, self.m.k == x)', { l: ['a', 'b'], m: {} });
  assert.match(String((one.error as Error).message), /No such key: k/);
  assert.equal(one.cost, 2 + 2 * 5 + 2);
});

test('the arguments after a failed one are charged: the per-call limit is reached through them', () => {
  // the server refuses this rule from 325 items (celCostRuntime.test.ts, Arguments); without the arguments after
  // the failed index the cost stays far below the limit
  const rule = 'self.all(x, self[size(self)] == self.filter(y, y > x).size() || true)';
  const list = (n: number) => Array.from({ length: n }, (_, i) => BigInt(i));
  assert.equal(cost(rule, list(324)).exceeded, false);
  assert.equal(cost(rule, list(325)).exceeded, true);
});
