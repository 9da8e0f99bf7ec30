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
  const resolved = new ResolvedSchema(
    { group: 'x.test', version: 'v1', kind: 'X' },
    'X',
    { components: { schemas: { X: root } } } as never,
    'test',
    true,
  );
  assert.deepEqual(checkCelRules(resolved, { metadata: { generateName: 'web-' } }), []);
  assert.equal(checkCelRules(resolved, { metadata: { name: 'x', generateName: 'web-' } }).length, 1);
});
