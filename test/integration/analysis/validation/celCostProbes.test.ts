// CEL cost estimates and type checks of CRD creation, shape by shape, against the real API server: rules of every
// Kubernetes library group, macros, string functions and comparisons over lists, maps and strings whose bounds
// grow through generated sizes, so that the estimate crosses the limit (and prints its factor) somewhere. Each CRD
// is sent to the server (dry-run create) and to kubesense; the causes must be identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../../kube/rest/errors';
import { checkCustomResourceDefinition } from '../../../../analysis/validation/crd';
import { adminClient } from './celCrd';

type Obj = Record<string, unknown>;

function crd(props: Obj, rules: Obj[]): Obj {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'probes.cost.kubesense.test' },
    spec: {
      group: 'cost.kubesense.test',
      scope: 'Namespaced',
      names: { plural: 'probes', kind: 'Probe' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties: props, 'x-kubernetes-validations': rules } },
            },
          },
        },
      ],
    },
  };
}

const strings = (n: number, len = 63) => ({
  l: { type: 'array', maxItems: n, items: { type: 'string', maxLength: len } },
});
const ints = (n: number) => ({ l: { type: 'array', maxItems: n, items: { type: 'integer' } } });
const objects = (n: number) => ({
  l: {
    type: 'array',
    maxItems: n,
    items: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', maxLength: 20 },
        a: { type: 'string', maxLength: 5 },
        b: { type: 'array', maxItems: 3, items: { type: 'integer' } },
      },
    },
  },
});
const map = (n: number) => ({
  m: { type: 'object', maxProperties: n, additionalProperties: { type: 'string', maxLength: 30 } },
});

/** [schema for a size, rule]: the list/map bound grows through SIZES. */
const SHAPES: [(n: number) => Obj, string][] = [
  [strings, "self.l.all(x, x.matches('^[a-z]+$'))"],
  [strings, "self.l.exists(x, x.startsWith('abc') || x.endsWith('z'))"],
  [strings, "self.l.map(x, x.lowerAscii()).filter(x, x.contains('a')).size() >= 0"],
  [objects, 'self.l.all(a, self.l.exists_one(b, a.name == b.name))'],
  [map, "self.m.all(k, k.size() < 10 && self.m[k] != 'x')"],
  [(n) => strings(n, 40), "self.l.all(x, x.split('/').size() <= 3 && x.replace('a','bb').size() < 100 && url('https://' + x).getHost() != '')"],
  [(n) => strings(n, 40), "self.l.isSorted() && self.l.join(',').size() < 1000 && self.l.indexOf('a') < 0 && 'a' in self.l"],
  [ints, 'self.l.filter(x, x > 0).size() == self.l.size() && self.l.sum() < 100 && self.l.min() >= 0'],
  [(n) => strings(n, 40), "self.l.all(i, v, i < 5 || isQuantity(v) && quantity(v).isLessThan(quantity('1Gi')))"],
  [(n) => strings(n, 40), "self.l.all(x, isCIDR(x) && cidr(x).containsIP('10.0.0.1') || isIP(x) && ip(x).family() == 4 || x.find('[0-9]+') != '')"],
  [objects, "self.l.all(x, !has(x.a) || x.a in ['p','q'] && x.b.all(y, y > 0) && x.b == [1,2])"],
  [(n) => ({ s: { type: 'string', maxLength: n } }), "self.s.matches('^(a|b|c)+$') && self.s.trim() == self.s && self.s.substring(1) != '' && !format.dns1123Label().validate(self.s).hasValue()"],
  [(n) => strings(n, 40), "self.l.all(x, isSemver(x) && semver(x).major() > 0 || ip.isCanonical(x) || strings.quote(x) != '' || x.findAll('a').size() > 0)"],
  [ints, 'self.l.all(x, self.l.exists_one(y, x == y))'],
  [(n) => ({ l: { type: 'array', maxItems: n, items: { 'x-kubernetes-int-or-string': true, maxLength: 20 } } }), "self.l.all(x, quantity(x).isGreaterThan(quantity('0')))"],
  [(n) => ({ l: { type: 'array', maxItems: n, items: { type: 'string', enum: ['Ok', 'FailedPrecondition'] } } }), "self.l.all(x, x.matches('^[a-z0-9]+$'))"],
  [(n) => ({ l: { type: 'array', maxItems: n, items: { type: 'string', maxLength: 5, enum: ['Ok', 'FailedPrecondition'] } } }), "self.l.all(x, x.matches('^[a-z0-9]+$'))"],
  [(n) => strings(n, 40), "self.l.all(x, bytes(x).size() > 0 && x + 'a' != '' && x < 'b' && optional.of(x).orValue('') != '')"],
  [(n) => ({ l: { type: 'array', maxItems: n, items: { 'x-kubernetes-int-or-string': true, maxLength: 20 } } }), "self.l.all(x, quantity(string(x)).isGreaterThan(quantity('0')))"],
  [ints, 'sets.contains(self.l, [1, 2]) && sets.intersects(self.l, self.l) || sets.equivalent(self.l, [3])'],
  // cel-go's lists extension v3 estimates: n² sorts and distinct (sized n² too), reverse/slice/flatten/range sized
  [ints, 'self.l.distinct().size() > 0 && self.l.sort().size() > 0'],
  [(n) => strings(n, 20), 'self.l.sort().size() > 0 && self.l.reverse().isSorted() && self.l.slice(0, 2).size() > 0'],
  [(n) => strings(n, 20), 'self.l.sortBy(x, x).size() > 0'],
  [objects, 'self.l.sortBy(x, x.name).size() > 0 && self.l.map(x, x.b).flatten().sum() > 0'],
  [ints, 'self.l.all(x, lists.range(20).sum() > x && self.l.slice(1, 3).sum() > x)'],
]; // prettier-ignore
const SIZES = [10, 100, 1000, 3000, 10000, 100000];

/** Type errors and compile-time checks, each on a small schema. */
const TYPED: string[] = [
  "self.s == 1",
  "self.l.all(x, x.nope == 'a')",
  'has(self.nope) || self.other == 1',
  'self.s',
  'foo == 1',
  'self.l.all(x, y > 0)',
  'type(self.s) == string',
  "self.s.join(',') == ''",
  "self.l.all(x, x.b.all(y, y.startsWith('1')))",
  'self.s.lowerAscii().isSorted()',
  // functions the 1.35 CRD environment does not declare (strings v2, lists v3) and unknown global functions
  "self.s.reverse() == ''",
  "'abc'.reverse() == 'cba'",
  "self.s.nope('a')",
  "foo(self.s) && self.s.quote() == ''",
  "self.l.all(x, x.name.reverse() == '')",
  // wrong argument types on a receiver (or a global) that has the function
  'self.s.startsWith(1)',
  "self.s.endsWith(1) || self.s.contains(2)",
  "self.s.matches(1) && self.s.find(2) == ''",
  "self.s.indexOf(1) >= 0 || self.s.lastIndexOf('a', 'b') >= 0",
  "self.s.split(1).size() > 0",
  "self.s.replace('a', 1) == '' || self.s.substring('a') == ''",
  "self.s.lowerAscii(1) == ''",
  "self.s.charAt('a') == ''",
  "[1, 2].indexOf('x') >= 0",
  "self.l.all(x, x.b.indexOf('x') >= 0)",
  "self.s.join(1) == ''",
  "['a'].join(1) == ''",
  "isQuantity(1) || quantity(self.s).isInteger()",
  "url(1).getHost() == ''",
  "isCIDR(1) || ip(1).family() == 4",
  "sets.contains(self.s, [1])",
  "lists.range('a').size() > 0",
  "strings.quote(1) == ''",
  "self.s.format(1) == ''",
  "self.s.matches('a', 'b')",
  "self.s.startsWith('a') && [1, 2].indexOf(1) >= 0 && ['a'].reverse() == ['a'] && sets.contains(['b'], ['a'])",
  // type parameters: a list's element type binds the other arguments (sets, indexOf, in, join, +)
  'sets.contains(self.li, self.ls) || sets.intersects(self.ls, [1]) || sets.equivalent(self.li, [1.0])',
  "self.li.join(',') == '' || [1, 2].join() == '' || self.l.join(',') == ''",
  "self.l.isSorted() || self.ls.sum() == '' || self.l.sort().size() > 0 || self.li.flatten().size() > 0",
  "'a' in self.li || self.s in self.l || 1 in self.m || 'a' in self.s",
  "self.ls.map(x, x + 1).size() > 0 || self.s - 'a' == '' || self.li + self.ls == []",
  "self.li.sum() > 0 && [true].min() && self.ls.isSorted() && self.li + [1] == self.li && 'a' in self.m",
  // arguments and receivers of the Kubernetes types, objects and optionals
  "quantity(self.s).isLessThan(1) || quantity(self.s).add('a') == quantity('1') || quantity(self.s) == self.s",
  "url(self.s).getHost(1) == '' || ip(self.s).family(1) == 4 || cidr(self.s).containsCIDR(ip(self.s))",
  "semver(self.s).isLessThan(quantity('1')) || format.named(self.s).validate('a').hasValue() || self.s.isLessThan(1)",
  "optional.of(self.s).orValue(1) == '' || self.?s.or(optional.of(1)).hasValue() || self.l[?0].orValue(self.s) == self.s",
  "self.l[0].name.startsWith(self.l[0]) || self.l.exists(x, x == self.s) || self == self.l[0]",
  "format.named('dns1123Label').value().validate(self.s).hasValue() && self.l[0] == self.l[1] && quantity(self.q).isInteger()",
  // operators, literals and conditionals
  "self.s == null || self.li == null || null == self.s || self.l[0] == null",
  "[1, 'a'].size() > 0 || {'a': 1, 'b': 'c'}.size() > 0 || [optional.of(1), null].size() > 0",
  "!self.s || -self.s == 1 || (self.i > 0 ? self.s : 1) == 1 || (self.s ? 1 : 2) == 1",
  "!!self.i > 0 || timestamp('2020-01-01T00:00:00Z') + 1 > timestamp('2020-01-01T00:00:00Z') || duration('1h') + 1 == duration('1h')",
  "quantity(self.s) < quantity('1') || self.li < self.li || self.l.sum() > 0",
]; // prettier-ignore

/** Fields of every kind the type checks need beside the list of objects `l`. */
const TYPED_FIELDS: Obj = {
  s: { type: 'string', maxLength: 10 },
  i: { type: 'integer' },
  li: { type: 'array', maxItems: 5, items: { type: 'integer' } },
  ls: { type: 'array', maxItems: 5, items: { type: 'string', maxLength: 5 } },
  m: { type: 'object', maxProperties: 5, additionalProperties: { type: 'string', maxLength: 5 } },
  q: { 'x-kubernetes-int-or-string': true, maxLength: 10 },
};

/** The API server names the rule's object types `selfType` + its clock's nanoseconds: the number is not compared. */
const comparable = (causes: string[]) =>
  JSON.stringify(causes.map((m) => m.replace(/selfType\d+/g, 'selfType')).sort());

test('CEL cost and types of CRD rules: the same causes as the real API server', { timeout: 600_000 }, async (t) => {
  const client = adminClient(t);
  if (!client) return;
  const cases: { label: string; crd: Obj }[] = [];
  for (const [schema, rule] of SHAPES)
    for (const n of SIZES) cases.push({ label: `${rule} (bound ${n})`, crd: crd(schema(n), [{ rule }]) });
  for (const rule of TYPED) cases.push({ label: rule, crd: crd({ ...objects(5), ...TYPED_FIELDS }, [{ rule }]) });
  cases.push({
    label: 'messageExpression that is not a string',
    crd: crd(ints(5), [{ rule: 'true', messageExpression: 'self.l.size()' }]),
  });
  let same = 0;
  let costErrors = 0;
  const differences: string[] = [];
  for (const c of cases) {
    let server: string[] = [];
    try {
      await client.rest
        .post()
        .absPath('apis', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions')
        .param('dryRun', 'All')
        .body(c.crd)
        .do();
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      server = e.causes.map((x) => `${x.field}: ${x.message}`);
    }
    const ours = checkCustomResourceDefinition(c.crd).map((p) => p.message);
    if (server.some((m) => / exceeds budget by factor of /.test(m))) costErrors++;
    if (comparable(server) === comparable(ours)) same++;
    else
      differences.push(
        `${c.label}\n    server: ${server.join('\n            ')}\n    ours:   ${ours.join('\n            ')}`,
      );
  }
  const summary = `CEL cost/type probes: ${same}/${cases.length} CRDs with identical causes (${costErrors} over a cost limit on the server)`;
  t.diagnostic(summary);
  for (const d of differences) t.diagnostic(d);
  process.stdout.write(`# ${summary}\n`);
  assert.ok(costErrors >= 5, 'the generated bounds cross the cost limit');
  assert.deepEqual(differences, []);
});
