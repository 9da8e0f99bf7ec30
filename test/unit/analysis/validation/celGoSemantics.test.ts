// Where cel-js's standard functions, and our ports, behave as cel-go and the Kubernetes libraries do in
// kube-apiserver 1.35 (each found by celGenerated.test.ts against the real server; the expected texts are the
// server's). The integration test compares them with the server again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkCelRules } from '../../../../analysis/validation/cel';
import { kubernetesCelEnvironment } from '../../../../analysis/validation/celLibrary';
import { ResolvedSchema } from '../../../../analysis/schema/resolved';
import type { OpenAPISchema } from '../../../../analysis/schema/types';
import { parseQuantity, readQuantity } from '../../../../kube/util/quantity';

const resolvedFor = (root: OpenAPISchema) =>
  new ResolvedSchema(
    { group: 'x.test', version: 'v1', kind: 'X' },
    'X',
    { components: { schemas: { X: root } } } as never,
    'test',
    true,
  );
const evaluate = (e: string) => kubernetesCelEnvironment().evaluate(e);
const errorOf = (e: string) => {
  try {
    evaluate(e);
  } catch (x) {
    return (x as Error).message.split('\n')[0];
  }
  return undefined;
};

test('strings are indexed by code point, with cel-go range errors', () => {
  assert.equal(evaluate("'😀a'.indexOf('a')"), 1n);
  assert.equal(evaluate("'😀a😀'.lastIndexOf('😀')"), 2n);
  assert.equal(evaluate("'😀ab'.indexOf('b', 2)"), 2n);
  assert.equal(evaluate("'abc'.indexOf('c', 3)"), -1n);
  assert.equal(errorOf("'abc'.indexOf('c', -1)"), 'index out of range: -1');
  assert.equal(evaluate("'😀abc'.substring(1, 3)"), 'ab');
  assert.equal(errorOf("'abc'.substring(4)"), 'index out of range: 4');
  assert.equal(errorOf("'abc'.substring(1, 4)"), 'index out of range: 4');
  assert.equal(errorOf("'abc'.substring(2, 1)"), 'invalid substring range. start: 2, end: 1');
  assert.deepEqual(evaluate("'é😀'.split('')"), ['é', '😀']);
  assert.deepEqual(evaluate("'a😀b'.split('', 2)"), ['a', '😀b']);
  assert.equal(evaluate("'a😀'.replace('', '-')"), '-a-😀-');
  assert.equal(evaluate("'ab'.replace('', '-', 2)"), '-a-b');
});

test("trim() is Go's strings.TrimSpace", () => {
  assert.equal(evaluate("'\\uFEFFa\\u0085'.trim()"), '\uFEFFa');
  assert.equal(evaluate("' \\u00a0a\\u3000'.trim()"), 'a');
});

test("conversions from strings are strconv's", () => {
  assert.equal(errorOf("int('')"), "type conversion error from 'string' to 'int'");
  assert.equal(errorOf("int('0X1F')"), "type conversion error from 'string' to 'int'");
  assert.equal(errorOf("int('0b1')"), "type conversion error from 'string' to 'int'");
  assert.equal(errorOf("int('9223372036854775808')"), "type conversion error from 'string' to 'int'");
  assert.equal(evaluate("int('+7')"), 7n);
  assert.equal(evaluate("int('-9223372036854775808')"), -(2n ** 63n));
  assert.equal(errorOf("uint('+1')"), "type conversion error from 'string' to 'uint'");
  assert.equal(evaluate("uint('18446744073709551615') > 0u"), true);
  assert.equal(evaluate("double('0x1p3')"), 8);
  assert.equal(evaluate("double('-Inf') < 0.0"), true);
  assert.equal(errorOf("double('1e400')"), "type conversion error from 'string' to 'double'");
  assert.equal(errorOf("double('1_0')"), "type conversion error from 'string' to 'double'");
  assert.equal(evaluate("bool('T')"), true);
  assert.equal(errorOf("bool('yes')"), "type conversion error from 'string' to 'bool'");
});

test("quantities are resource.ParseQuantity's: a missing number is 0, with its three errors", () => {
  for (const zero of ['e80', 'Gi', '-', '.', 'm', '+0.']) assert.equal(readQuantity(zero), 0, zero);
  assert.equal(readQuantity('1.5Ki'), 1536);
  assert.equal(readQuantity('1Gk'), "unable to parse quantity's suffix");
  assert.equal(readQuantity('e'), "unable to parse quantity's suffix");
  assert.equal(readQuantity('e-20'), 'unable to parse numeric part of quantity');
  assert.match(String(readQuantity('1Q')), /^quantities must match the regular expression/);
  assert.equal(parseQuantity('10.244.1.7'), undefined);
  assert.equal(evaluate("quantity('e80').isInteger()"), true);
  assert.equal(errorOf("quantity('5Gk')"), "unable to parse quantity's suffix");
});

test("ip() and cidr() give netip's reasons, zones and IPv4-mapped addresses refused as the library does", () => {
  const ipError = (s: string) => errorOf(`ip('${s}')`);
  assert.equal(
    ipError('1.2.3'),
    'IP Address "1.2.3" parse error during conversion from string: ParseAddr("1.2.3"): IPv4 address too short',
  );
  assert.match(ipError('1.2.3-rc.1')!, /ParseAddr\("1\.2\.3-rc\.1"\): unexpected character \(at "-rc\.1"\)$/);
  assert.match(ipError('01.2.3.4')!, /IPv4 field has octet with leading zero$/);
  assert.match(ipError('1:2')!, /address string too short$/);
  assert.match(ipError('1::2::3')!, /multiple :: in address \(at ":3"\)$/);
  assert.match(ipError('abc')!, /ParseAddr\("abc"\): unable to parse IP$/);
  assert.equal(ipError('fe80::1%eth0'), 'IP address "fe80::1%eth0" with zone value is not allowed');
  assert.equal(
    errorOf("cidr('1.2.3/8')"),
    'network address parse error during conversion from string: network address parse error during conversion ' +
      'from string: netip.ParsePrefix("1.2.3/8"): ParseAddr("1.2.3"): IPv4 address too short',
  );
  assert.equal(
    errorOf("cidr('::ffff:1.2.3.4/120')"),
    'network address parse error during conversion from string: IPv4-mapped IPv6 address "::ffff:1.2.3.4/120" is not allowed',
  );
  assert.equal(evaluate("cidr('::1/128').prefixLength()"), 128n);
});

test('a rule reading metadata.name sees the name the server generates from generateName', () => {
  const root: OpenAPISchema = {
    type: 'object',
    properties: { metadata: { type: 'object' } },
    'x-kubernetes-validations': [{ rule: "self.metadata.name.startsWith('web-') && size(self.metadata.name) == 9" }],
  };
  const resolved = resolvedFor(root);
  assert.deepEqual(checkCelRules(resolved, { metadata: { generateName: 'web-' } }), []);
  assert.equal(checkCelRules(resolved, { metadata: { name: 'x', generateName: 'web-' } }).length, 1);
});

test("messages: Go's TrimSpace, and a Duplicate reason at an object prints no value", () => {
  const root: OpenAPISchema = {
    type: 'object',
    properties: { spec: { type: 'object', properties: { s: { type: 'string' } } } },
  };
  (root.properties!.spec as OpenAPISchema)['x-kubernetes-validations'] = [
    { rule: 'false', messageExpression: 'self.s' },
    { rule: 'false', reason: 'FieldValueDuplicate' },
  ];
  const resolved = resolvedFor(root);
  const messages = checkCelRules(resolved, { spec: { s: '\ufeffz\u0085 ' } }).map((p) => p.message);
  assert.deepEqual(messages, ['spec: Invalid value: \ufeffz', 'spec: Duplicate value']);
});

test("integers, doubles and bytes convert and overflow as cel-go's checked arithmetic does", () => {
  assert.equal(evaluate('int(5u)'), 5n);
  assert.equal(errorOf('int(18446744073709551615u)'), 'integer overflow');
  assert.equal(errorOf('uint(-1)'), 'unsigned integer overflow');
  assert.equal(errorOf('int(1e19)'), 'integer overflow');
  assert.equal(errorOf('uint(-1.0)'), 'unsigned integer overflow');
  assert.equal(evaluate('int(-1.5)'), -1n);
  for (const e of ['-9223372036854775808 / -1', '-9223372036854775808 % -1', '-(-9223372036854775807 - 1)'])
    assert.equal(errorOf(e), 'integer overflow', e);
  assert.equal(evaluate('-9223372036854775808 / 2'), -(2n ** 62n));
  assert.equal(evaluate('string(1e6)'), '1e+06');
  assert.equal(evaluate('string(-0.0)'), '-0');
  assert.equal(errorOf('0.0 / 0.0 >= -1.0'), 'NaN values cannot be ordered');
  assert.equal(errorOf('dyn(1) < dyn(0.0 / 0.0)'), 'NaN values cannot be ordered');
  assert.equal(evaluate('string(123456.0)'), '123456');
  assert.equal(errorOf("string(b'\\xff')"), 'invalid UTF-8 in bytes, cannot convert to string');
  assert.equal(evaluate("string(b'caf\\xc3\\xa9')"), 'café');
});

test("timestamps and durations: Go's parsing, cel-go's ranges and conversions", () => {
  // a timestamp keeps its nanoseconds and offset: printed, read by the getters, carried by arithmetic
  assert.equal(
    evaluate("string(timestamp('2024-01-01T00:00:00.123456789+05:30'))"),
    '2024-01-01T00:00:00.123456789+05:30',
  );
  assert.equal(evaluate("timestamp('2024-01-01T00:00:00+05:30').getDayOfYear()"), 364n);
  assert.equal(evaluate("timestamp('2024-01-01T00:00:00+05:30').getDayOfYear('UTC')"), 364n);
  assert.equal(
    evaluate("string(timestamp('2024-01-01T00:00:00.5-01:00') + duration('1h'))"),
    '2024-01-01T01:00:00.5-01:00',
  );
  assert.equal(evaluate("string(timestamp('2024-01-01T00:00:00+00:00'))"), '2024-01-01T00:00:00Z');
  assert.equal(evaluate("timestamp('1970-01-01T00:00:00Z').getHours('+05:30')"), 5n);
  assert.equal(evaluate("timestamp('2024-07-01T12:00:00Z').getHours('America/New_York')"), 8n);
  assert.equal(errorOf("timestamp('1970-01-01T00:00:00Z').getHours('Nowhere/X')"), 'unknown time zone Nowhere/X');
  assert.equal(errorOf("timestamp('1970-01-01T00:00:00Z').getHours('a..b')"), 'time: invalid location name');
  // strings.quote escapes only \\a \\b \\f \\n \\r \\t \\v, backslash and the quote
  assert.equal(evaluate("strings.quote('a\\x00b\\n')"), '"a\u0000b\\n"');
  assert.equal(
    evaluate("timestamp('2024-01-01T00:00:00.000000001Z') - timestamp('2024-01-01T00:00:00Z') == duration('1ns')"),
    true,
  );
  assert.equal(evaluate("string(timestamp('2024-02-29T12:00:00Z'))"), '2024-02-29T12:00:00Z');
  assert.equal(
    errorOf("timestamp('2024-02-30T00:00:00Z')"),
    "type conversion error from 'string' to 'google.protobuf.Timestamp'",
  );
  assert.equal(errorOf("timestamp('9999-12-31T23:59:59Z') + duration('1s')"), 'timestamp overflow');
  assert.equal(errorOf("duration('1s') + timestamp('9999-12-31T23:59:59Z')"), 'timestamp overflow');
  assert.equal(errorOf("timestamp('0001-01-01T00:00:00Z') - duration('1s')"), 'timestamp overflow');
  assert.equal(errorOf("timestamp('2024-01-01T00:00:00Z') - timestamp('0001-01-01T00:00:00Z')"), 'integer overflow');
  assert.equal(errorOf("duration('2562047h') + duration('1h')"), 'integer overflow');
  assert.equal(evaluate("duration('0').getSeconds()"), 0n);
  assert.equal(errorOf("duration('1d')"), "type conversion error from 'string' to 'google.protobuf.Duration'");
  assert.equal(evaluate("string(duration('1h2m3s4ms5us6ns'))"), '3723.004005006s');
  assert.equal(evaluate("string(duration('-1.5s'))"), '-1.5s');
  assert.equal(evaluate("int(timestamp('2024-01-01T00:00:00Z'))"), 1704067200n);
  assert.equal(evaluate("int(duration('1ms'))"), 1_000_000n);
});

test('list literals of typed values are not refused at run time (the checker refuses mixed ones at creation)', () => {
  const env = kubernetesCelEnvironment();
  assert.deepEqual(env.evaluate("[self.l, ['x']].flatten()", { self: new Map([['l', ['a']]]) }), ['a', 'x']);
  assert.equal(env.evaluate('[[1], [self.n]].flatten().size()', { self: new Map([['n', 2n]]) }), 2n);
});

test('optional.ofNonZeroValue, the sum of an empty list of doubles, and Quantity.AsInt64 by representation', () => {
  assert.equal(evaluate("optional.ofNonZeroValue('').orValue('zero')"), 'zero');
  assert.equal(evaluate("optional.ofNonZeroValue('a').orValue('zero')"), 'a');
  assert.equal(evaluate('optional.ofNonZeroValue([]).hasValue() || optional.ofNonZeroValue(0u).hasValue()'), false);
  assert.equal(evaluate('[1].map(x, double(x)).filter(x, x > 5.0).sum() * 1.5'), 0);
  assert.equal(evaluate('[1, 2].sum()'), 3n);
  // int64Amount at a negative scale has no AsInt64 (`1000m`, `1.0`), nor has an inf.Dec
  for (const [q, integer] of [
    ['1000m', false],
    ['1.0', false],
    ['0m', false],
    ['1k', true],
    ['e80', true],
    ['0', true],
    ['2Gi', true],
    ['0.5Gi', false],
    ['99999999999999999999', false],
  ] as const)
    // prettier-ignore
    assert.equal(evaluate(`quantity('${q}').isInteger()`), integer, q);
  assert.equal(errorOf("quantity('1000m').asInteger()"), 'cannot convert value to integer');
});

test('a sort() panicking on a failed operand ends the evaluation, though the other operand failed first', () => {
  // Server (celGenerated.test.ts, seed 10): cel-go evaluates both operands of `==`; the right one's sort() receives an
  // error, its cost tracker panics, and the recovered panic is the rule's error, not the left operand's.
  const root: OpenAPISchema = {
    type: 'object',
    properties: { spec: { type: 'object', properties: { s: { type: 'string' }, m: { type: 'integer' } } } },
  };
  const panic = 'internal error: interface conversion: *types.Err is not traits.Lister: missing method Add';
  const rules = [
    '[1, 0].filter(x, x % 2 == 0).map(x, x / int(self.s)) == [4, 0].map(x, x / self.m).sort()',
    'int(self.s) > 0 || [4, 0].map(x, x / self.m).sort() == [1]',
  ];
  (root.properties!.spec as OpenAPISchema)['x-kubernetes-validations'] = rules.map((rule) => ({ rule }));
  const messages = checkCelRules(resolvedFor(root), { spec: { s: '1000m', m: 0 } }).map((p) => p.message);
  assert.deepEqual(
    messages,
    rules.map((r) => `spec: Invalid value: "object": ${panic} evaluating rule: ${r}`),
  );
});

test('timestamps compare and equal to the nanosecond, as Go times do (cel-js: milliseconds)', () => {
  const t = (fraction: string, zone = 'Z') => `timestamp('2024-01-01T00:00:00${fraction}${zone}')`;
  const [a, b] = [t('.0000001'), t('')];
  for (const e of [`${a} > ${b}`, `${a} != ${b}`, `${b} < ${a}`, `${a} >= ${b}`, `[${a}] != [${b}]`])
    assert.equal(evaluate(e), true, e);
  for (const e of [`${a} == ${b}`, `${a} <= ${b}`, `dyn(${a}) == dyn(${b})`]) assert.equal(evaluate(e), false, e);
  // the same instant in another offset is equal; sort(), min() and distinct() see the nanoseconds too
  assert.equal(evaluate(`${a} == timestamp('2024-01-01T05:30:00.0000001+05:30')`), true);
  assert.equal(evaluate(`[${a}, ${b}].sort() == [${b}, ${a}]`), true);
  assert.equal(evaluate(`[${a}, ${b}].min() == ${b}`), true);
  assert.equal(evaluate(`[${a}, ${b}, ${t('.0000001', '+00:00')}].distinct().size()`), 2n);
});

test("a time zone name is Go's file name, case-sensitive (ICU's are not)", () => {
  // Server (2026-12-06, getHours(self) of 35 names): `utc`, `europe/paris`, `Europe/paris` and `EUROPE/PARIS` are
  // unknown time zones; `UTC`, `Europe/Paris`, `US/Pacific`, `EST5EDT`, `Zulu` are read.
  const at = (tz: string) => `timestamp('2024-07-01T12:00:00Z').getHours('${tz}')`;
  for (const tz of ['utc', 'europe/paris', 'Europe/paris', 'EUROPE/PARIS'])
    assert.equal(errorOf(at(tz)), `unknown time zone ${tz}`, tz);
  for (const [tz, hours] of [
    ['UTC', 12n],
    ['Europe/Paris', 14n],
    ['US/Pacific', 5n],
    ['EST5EDT', 8n],
    ['Zulu', 12n],
  ] as const)
    assert.equal(evaluate(at(tz)), hours, tz);
});
