// The Kubernetes CEL libraries, function group by function group, against the real API server: a test CRD whose
// rules always fail and whose messageExpression prints what a library call returns for the object's input. The
// server's messages are the expectations; ours must be the same, input by input. Then how rules run, case by case.
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import type { RESTClient } from '../../../../kube/rest/client';
import { StatusError } from '../../../../kube/rest/errors';
import { parseManifestFile } from '../../../../analysis/documents';
import type { SchemaStore } from '../../../../analysis/schema';
import { validate } from '../../../../analysis/validation';
import { adminClient, clusterStore, groupVersionPaths, installCrds } from './celCrd';

type Obj = Record<string, unknown>;
const GROUP = 'celprobes.kubesense.test';

/**
 * group -> name -> a CEL expression over `self` (a string of at most 64 characters) that gives a string. No
 * string() conversions or concatenation: the server bounds a messageExpression's estimated cost and cannot bound
 * those; booleans and numbers are spelled out with conditionals instead.
 */
const b = (e: string) => `${e} ? 'true' : 'false'`;
const sign = (e: string) => `${e} < 0 ? 'negative' : ${e} == 0 ? 'zero' : 'positive'`;
const PROBES: Record<string, Record<string, string>> = {
  quantity: {
    isQuantity: b('isQuantity(self)'),
    compareTo: sign("quantity(self).compareTo(quantity('1Gi'))"),
    isInteger: b('quantity(self).isInteger()'),
    asInteger: sign('quantity(self).asInteger()'),
    addSub: b("quantity(self).add(quantity('1k')).sub(1).isGreaterThan(quantity('1k'))"),
    lessThan: b("quantity(self).isLessThan(quantity('1'))"),
  },
  url: {
    isURL: b('isURL(self)'),
    scheme: 'url(self).getScheme()',
    host: 'url(self).getHost()',
    hostname: 'url(self).getHostname()',
    port: 'url(self).getPort()',
    path: 'url(self).getEscapedPath()',
  },
  ip: {
    isIP: b('isIP(self)'),
    family: "ip(self).family() == 4 ? '4' : '6'",
    canonical: b('ip.isCanonical(self)'),
    string: 'string(ip(self))',
    loopback: b('ip(self).isLoopback()'),
    global: b('ip(self).isGlobalUnicast()'),
    linkLocal: b('ip(self).isLinkLocalUnicast()'),
    unspecified: b('ip(self).isUnspecified()'),
  },
  cidr: {
    isCIDR: b('isCIDR(self)'),
    prefix: sign('cidr(self).prefixLength() - 12'),
    masked: 'string(cidr(self).masked())',
    containsIP: b("cidr(self).containsIP('10.0.0.1')"),
    containsCIDR: b("cidr(self).containsCIDR('10.1.0.0/16')"),
    ip: 'string(cidr(self).ip())',
  },
  format: {
    dns1123Label: "format.dns1123Label().validate(self).orValue(['ok'])[0]",
    qualifiedName: "format.named('qualifiedName').value().validate(self).orValue(['ok'])[0]",
    labelValue: "format.labelValue().validate(self).orValue(['ok'])[0]",
    dns1035Prefix: "format.dns1035LabelPrefix().validate(self).orValue(['ok'])[0]",
    uri: "format.uri().validate(self).orValue(['ok'])[0]",
    unknown: b("format.named('nope').hasValue()"),
  },
  semver: {
    isSemver: b('isSemver(self)'),
    normalized: b('isSemver(self, true)'),
    major: sign('semver(self, true).major() - 1'),
    compare: sign("semver(self, true).compareTo(semver('1.2.3'))"),
    lessThan: b("semver(self, true).isLessThan(semver('1.10.0'))"),
  },
  equality: {
    quantity: b("quantity(self) == quantity('1024Mi')"),
    quantityInList: b("quantity(self) in [quantity('0.5'), quantity('1500')]"),
    ip: b("ip(self) == ip('0:0::1')"),
    cidr: b("cidr(self) == cidr('10.0.0.0/8')"),
    url: b("url(self) == url('HTTPS://u@example.com:8080/p/a%20th?q=1')"),
    urlNot: b("url(self) != url('/path')"),
    semver: b("semver(self, true) == semver('1.2.3')"),
    semverList: b("[semver(self, true)] == [semver('1.2.3')]"),
  },
  regex: {
    find: "self.find('[0-9]+')",
    findAll: "self.findAll('[a-z]+').last().orValue('none')",
    findAllN: "self.findAll('[a-z]', 2).last().orValue('none')",
    matches: b("self.matches('^[a-z]')"),
    posix: b("self.matches('^[[:alpha:]]+$')"),
  },
  strings: {
    charAt: 'self.charAt(1)',
    indexOf: sign("self.indexOf('a') - 1"),
    lastIndexOf: sign("self.lastIndexOf('a') - 2"),
    lowerAscii: 'self.lowerAscii()',
    upperAscii: 'self.upperAscii()',
    replace: "self.replace('a', 'X')",
    replaceN: "self.replace('a', 'X', 1)",
    split: "self.split(',').last().orValue('none')",
    splitN: "self.split(',', 2).last().orValue('none')",
    substring: 'self.substring(1)',
    trim: 'self.trim()',
    quote: 'strings.quote(self)',
  },
  lists: {
    isSorted: b("self.split(',').map(x, x.size()).isSorted()"),
    min: sign("self.split(',').map(x, x.size()).min() - 1"),
    max: sign("self.split(',').map(x, x.size()).max() - 2"),
    indexOf: sign("self.split(',').map(x, x.size()).indexOf(1)"),
    lastIndexOf: sign("self.split(',').map(x, x.size()).lastIndexOf(1) - 1"),
    sum: sign("self.split(',').map(x, x.size()).sum() - 5"),
    sort: "self.split(',').sort().first().orValue('none')",
    distinct: sign("self.split(',').distinct().size() - 3"),
    reverse: "self.split(',').reverse().first().orValue('none')",
    slice: "self.split(',').slice(1, 2).first().orValue('none')",
    range: sign('lists.range(3).size() - 3'),
  },
  sets: {
    contains: b("sets.contains(self.split(','), ['a'])"),
    equivalent: b("sets.equivalent(self.split(','), ['a', 'b'])"),
    intersects: b("sets.intersects(self.split(','), ['c', 'z'])"),
  },
  optionals: {
    of: "optional.of(self).orValue('none')",
    none: "optional.none().orValue('none')",
    first: "self.split(',').first().orValue('none')",
    hasValue: b("self.split(',').last().hasValue()"),
  },
  comprehensions: {
    all: b("self.split(',').all(i, v, v.size() > i)"),
    exists: b("self.split(',').exists(i, v, i == 1 && v == 'b')"),
    existsOne: b("self.split(',').existsOne(i, v, v == 'a')"),
    transformList: "self.split(',').transformList(i, v, i < 2, v).last().orValue('none')",
    existsOneMacro: b("self.split(',').exists_one(v, v == 'a')"),
  },
};
const PROBE_NAMES = Object.entries(PROBES).flatMap(([g, p]) => Object.keys(p).map((n) => `${g}.${n}`));

const INPUTS = [
  '1Gi', '500m', '1.5k', '-3', '2e3', 'abc', 'https://u@example.com:8080/p/a%20th?q=1', '/path', 'mailto:a@b',
  'foo bar', 'http://[::1]:80/x', '10.0.0.1', '127.0.0.1', '::1', '2001:db8::1', '2001:DB8:0::1', '01.2.3.4',
  '::ffff:1.2.3.4', 'fe80::1', '10.0.0.0/8', '10.1.2.3/16', 'fe80::/10', '1.2.3', 'v1.2', '1.2.3-alpha.1', '01.2.3',
  'My_Name', 'my-name', 'my-', 'example.com/x', 'a,b,c,a', 'c,b,a', ' padded ', 'aAbB.c', 'b,a', 'x'.repeat(64),
]; // prettier-ignore

function probeCrd(): Obj {
  const rules = Object.entries(PROBES).flatMap(([group, probes]) =>
    Object.entries(probes).map(([name, expr]) => ({
      rule: 'false',
      message: `${group}.${name}: error`,
      messageExpression: expr,
    })),
  );
  return namespacedCrd(GROUP, 'Probe', {
    type: 'object',
    properties: { s: { type: 'string', maxLength: 64, 'x-kubernetes-validations': rules } },
    required: ['s'],
  });
}

/** The admin client and a store that knows the CRD, installed; undefined (skipped) without a cluster. */
async function withCrd(t: TestContext, crd: Obj): Promise<{ rest: RESTClient; store: SchemaStore } | undefined> {
  const client = adminClient(t);
  if (!client) return undefined;
  await installCrds(client.rest, [crd]);
  return { rest: client.rest, store: await clusterStore(client.config, groupVersionPaths([crd])) };
}

/** A namespaced CRD `<kind>` (plural `<kind>s`, lower case) in `<group>/v1` whose only property is `spec`. */
function namespacedCrd(group: string, kind: string, spec: Obj): Obj {
  const singular = kind.toLowerCase();
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${singular}s.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: `${singular}s`, singular, kind, listKind: `${kind}List` },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: { openAPIV3Schema: { type: 'object', properties: { spec } } },
        },
      ],
    },
  };
}

/** The causes of the server's answer to a dry-run create in `default` (none when it accepts). */
async function dryRunCauses(
  rest: RESTClient,
  group: string,
  plural: string,
  object: Obj,
): Promise<StatusError['causes']> {
  try {
    await rest
      .post()
      .absPath('apis', group, 'v1', 'namespaces', 'default', plural)
      .param('dryRun', 'All')
      .body(object)
      .do();
    return [];
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    return e.causes;
  }
}

/** `spec.s: Invalid value: "1Gi": true` (the server's cause has no field) -> `true` */
const detail = (m: string) => m.replace(/^(spec\.s: )?Invalid value: ("(?:[^"\\]|\\.)*": )?/, '');

test(
  'Kubernetes CEL libraries agree with the real API server, function by function',
  { timeout: 300_000 },
  async (t) => {
    const cluster = await withCrd(t, probeCrd());
    if (!cluster) return;
    const { rest, store } = cluster;

    const mismatches: string[] = [];
    let compared = 0;
    await Promise.all(
      INPUTS.map(async (s) => {
        const object = {
          apiVersion: `${GROUP}/v1`,
          kind: 'Probe',
          metadata: { name: 'p', namespace: 'default' },
          spec: { s },
        };
        const server = (await dryRunCauses(rest, GROUP, 'probes', object)).map((c) => detail(c.message ?? ''));
        const file = parseManifestFile(JSON.stringify(object), 'probe.json');
        const ours = (await validate(file, store)).filter((d) => d.code === 'cel').map((d) => detail(d.message));
        // One cause per probe, in rule order (every rule fails; its message is what the probe returned).
        assert.equal(server.length, PROBE_NAMES.length, `the server reported every probe for ${JSON.stringify(s)}`);
        PROBE_NAMES.forEach((name, k) => {
          compared++;
          if (ours[k] !== server[k])
            mismatches.push(`${JSON.stringify(s)} ${name}\n    server: ${server[k]}\n    ours:   ${ours[k]}`);
        });
      }),
    );
    t.diagnostic(`${compared - mismatches.length}/${compared} library results agree`);
    assert.deepEqual(mismatches, []);
  },
);

// How rules run, beside what the functions return: escaped property names, run-time errors, defaults, blocking
// and non-blocking schema errors, messageExpression, reason, fieldPath, optionalOldSelf and transition rules, and
// the fields of errors on map values and list items. Every case's whole answer (field and message) must match.
// Its own group: a new CRD in the probes' group would change that group's OpenAPI document under the probes.
const RULES_GROUP = 'celrules.kubesense.test';
const str = (maxLength: number, extra: Obj = {}) => ({ type: 'string', maxLength, ...extra });
function rulesCrd(): Obj {
  const spec = {
    type: 'object',
    properties: {
      'my-field': str(10),
      namespace: str(10),
      'a.b': str(10),
      x__y: str(10),
      m: {
        type: 'object',
        maxProperties: 4,
        additionalProperties: str(10, {
          'x-kubernetes-validations': [{ rule: "self != 'bad'", message: 'no bad values' }],
        }),
        'x-kubernetes-validations': [{ rule: 'self.all(k, k.size() < 5)', message: 'map keys are short' }],
      },
      list: {
        type: 'array',
        maxItems: 3,
        items: str(5, { 'x-kubernetes-validations': [{ rule: "self != 'bad'" }] }),
      },
      n: { type: 'integer', minimum: 0 },
      code: str(10, { pattern: '^[a-z]+$' }),
      choice: str(5, { enum: ['a', 'b'] }),
      short: str(3),
      withDefault: str(10, { default: 'dflt' }),
      nested: { type: 'object', required: ['x'], properties: { x: str(5) } },
      opt: str(10),
      either: {
        type: 'object',
        properties: { a: str(5), b: str(5, { pattern: '^[a-z]+$' }) },
        oneOf: [{ required: ['a'] }, { required: ['b'] }],
      },
      any: { type: 'object', properties: { a: str(5), b: str(5) }, anyOf: [{ required: ['a'] }, { required: ['b'] }] },
    },
    'x-kubernetes-validations': [
      { rule: "!has(self.my__dash__field) || self.my__dash__field != 'bad'", message: 'my-field must not be bad' },
      {
        rule: "!has(self.__namespace__) || self.__namespace__ != 'bad'",
        messageExpression: "'namespace ' + self.__namespace__ + ' is refused'",
      },
      {
        rule: "!has(self.a__dot__b) || self.a__dot__b != 'bad'",
        message: 'a.b is forbidden',
        reason: 'FieldValueForbidden',
        fieldPath: "['a.b']",
      },
      {
        rule: "!has(self.x__underscores__y) || self.x__underscores__y != 'bad'",
        message: 'x__y is required to be good',
        reason: 'FieldValueRequired',
        fieldPath: '.x__y',
      },
      { rule: "self.m.all(k, self.m[k] != 'bad2')" },
      { rule: "self.withDefault == 'dflt' || self.withDefault == 'other'" },
      { rule: '!has(self.n) || self.n < 100', message: 'n must be below 100' },
      { rule: "!oldSelf.hasValue() && self.?opt.orValue('') != 'bad'", optionalOldSelf: true, message: 'opt' },
      { rule: 'self.n == oldSelf.n', message: 'transition rules do not run on create' },
    ],
  };
  return namespacedCrd(RULES_GROUP, 'Rule', spec);
}

const RULE_CASES: Record<string, Obj> = {
  valid: { 'my-field': 'ok', m: { a: 'x' } },
  'escaped dash': { 'my-field': 'bad', m: {} },
  'reserved word, messageExpression': { namespace: 'bad', m: {} },
  'escaped dot, Forbidden at a fieldPath': { 'a.b': 'bad', m: {} },
  'escaped underscores, Required at a fieldPath': { x__y: 'bad', m: {} },
  'run-time error: no such key': {},
  'rules see defaults': { m: {}, withDefault: 'zzz' },
  'plain failure with message': { m: {}, n: 200 },
  'rules run after a pattern error': { m: {}, code: 'BAD', 'my-field': 'bad' },
  'rules run after a minimum error': { m: {}, n: -1, 'my-field': 'bad' },
  'NotSupported blocks rules': { m: {}, choice: 'c', 'my-field': 'bad' },
  'TooLong blocks rules': { m: {}, short: 'long', 'my-field': 'bad' },
  'TooMany blocks rules': { m: {}, list: ['a', 'b', 'c', 'd'], 'my-field': 'bad' },
  'TypeInvalid blocks rules': { m: {}, n: 'x', 'my-field': 'bad' },
  'Required blocks rules': { m: {}, nested: {}, 'my-field': 'bad' },
  'rule on a map value': { m: { k1: 'bad' } },
  'rule on map values from the map': { m: { k1: 'bad2' } },
  'rule on a map': { m: { verylongkey: 'x' } },
  'rule on a list item': { m: {}, list: ['a', 'bad'] },
  'optionalOldSelf rule runs on create': { m: {}, opt: 'bad' },
  'oneOf: none valid': { m: {}, either: {} },
  'oneOf: both valid': { m: {}, either: { a: 'x', b: 'y' } },
  'oneOf: a nested error': { m: {}, either: { b: 'B' } },
  'anyOf: none valid': { m: {}, any: {} },
};

test(
  'CEL rules run as on the real API server: names, errors, blocking, messages, fields',
  { timeout: 300_000 },
  async (t) => {
    const cluster = await withCrd(t, rulesCrd());
    if (!cluster) return;
    const { rest, store } = cluster;
    const mismatches: string[] = [];
    for (const [label, spec] of Object.entries(RULE_CASES)) {
      const object = {
        apiVersion: `${RULES_GROUP}/v1`,
        kind: 'Rule',
        metadata: { name: 'r', namespace: 'default' },
        spec,
      };
      const server = (await dryRunCauses(rest, RULES_GROUP, 'rules', object)).map(
        (c) => `${c.field || '<nil>'} | ${c.message}`,
      );
      const file = parseManifestFile(JSON.stringify(object), 'rule.json');
      const ours = (await validate(file, store))
        .filter((d) => d.severity === 'error')
        .map(
          (d) =>
            `${d.field || '<nil>'} | ${d.message.slice(d.message.startsWith(`${d.field}: `) ? `${d.field}: `.length : 0)}`,
        );
      if (JSON.stringify([...server].sort()) !== JSON.stringify([...ours].sort()))
        mismatches.push(
          `${label}\n    server: ${server.join('\n            ')}\n    ours:   ${ours.join('\n            ')}`,
        );
    }
    t.diagnostic(`${Object.keys(RULE_CASES).length - mismatches.length}/${Object.keys(RULE_CASES).length} cases agree`);
    assert.deepEqual(mismatches, []);
  },
);
