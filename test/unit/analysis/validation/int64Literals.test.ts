// Integers beyond int64 (which a JavaScript number cannot tell from 2^63 - 1) and a CR's scale subresource, as the
// real kube-apiserver 1.35 answered them (dry-run create through kubectl.1.33, which sends such a number as Go
// prints its float64: 9223372036854775808 as 9223372036854776000, 1e30 as 1e+30), in YAML and JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { mayHoldTwoDigitExponent, sentAsFloat } from '../../../../analysis/validation/int64Literals';
import { storeFor } from './sharedData';
import { prng } from '../../seeded';

const store = storeFor('1.35', [
  'cel-corpus/envoy-gateway/crds/gateway.envoyproxy.io_envoyproxies.yaml',
  'cel-corpus/openshift-api/crds/0000_50_ingress_00_ingresscontrollers-CustomNoUpgrade.crd.yaml',
]);

async function errors(text: string, name: string): Promise<string[]> {
  const ds = await validate(parseManifestFile(text, name), store);
  return ds.filter((d) => d.severity === 'error').map((d) => `${d.field}: ${d.message}`);
}

const pod = (n: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: default}\nspec:\n  terminationGracePeriodSeconds: ${n}\n  containers: [{name: c, image: i}]\n`;
const podJson = (n: string) =>
  `{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p", "namespace": "default"}, "spec": {"terminationGracePeriodSeconds": ${n}, "containers": [{"name": "c", "image": "i"}]}}`;

test('what kubectl sends for a number beyond int64 (a float64 printed by Go), and nothing within', () => {
  assert.equal(sentAsFloat('9223372036854775807', 2 ** 63), undefined);
  assert.equal(sentAsFloat('-9223372036854775808', -(2 ** 63)), undefined);
  assert.equal(sentAsFloat('9223372036854775808', 2 ** 63), '9223372036854776000');
  assert.equal(sentAsFloat('-9223372036854775809', -(2 ** 63)), '-9223372036854776000');
  assert.equal(sentAsFloat('99999999999999999999', 1e20), '100000000000000000000');
  assert.equal(sentAsFloat('1e30', 1e30), '1e+30');
  assert.equal(sentAsFloat('1e2', 100), undefined); // sent as 100
});

test("a built-in int64 field beyond int64 is the server's decoding error (YAML and JSON); 2^63 - 1 is accepted", async () => {
  const cases: [string, string | undefined][] = [
    ['9223372036854775807', undefined],
    ['-9223372036854775808', undefined],
    ['9223372036854775808', '9223372036854776000'],
    ['-9223372036854775809', '-9223372036854776000'],
    ['99999999999999999999', '100000000000000000000'],
    ['1e30', '1e+30'],
  ];
  for (const [n, sent] of cases)
    for (const [text, name] of [
      [pod(n), 'p.yaml'],
      [podJson(n), 'p.json'],
    ]) {
      const expected = sent
        ? [
            `spec.terminationGracePeriodSeconds: json: cannot unmarshal number ${sent} into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64`,
          ]
        : [];
      assert.deepEqual(await errors(text, name), expected, `${name} ${n}`);
    }
});

test("a built-in int32 field beyond int32 is the server's decoding error, not the schema's int32 format", async () => {
  // The server (kubectl.1.33 sends these as written): "Deployment in version \"v1\" cannot be handled as a Deployment:
  // json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32".
  const deployment = (n: string) =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d, namespace: default}\nspec:\n  replicas: ${n}\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec: {containers: [{name: c, image: i}]}\n`;
  for (const n of ['2147483648', '-2147483649'])
    assert.deepEqual(await errors(deployment(n), 'd.yaml'), [
      `spec.replicas: json: cannot unmarshal number ${n} into Go struct field DeploymentSpec.spec.replicas of type int32`,
    ]);
  assert.deepEqual(await errors(deployment('2147483647'), 'd.yaml'), []);
  // List indices are not in Go's field path.
  const service = `{"apiVersion": "v1", "kind": "Service", "metadata": {"name": "s", "namespace": "default"}, "spec": {"ports": [{"port": 4294967376}]}}`;
  assert.deepEqual(await errors(service, 's.json'), [
    'spec.ports[0].port: json: cannot unmarshal number 4294967376 into Go struct field ServicePort.spec.ports.port of type int32',
  ]);
});

test("a custom resource's integer beyond int64 is a float64 its schema refuses", async () => {
  for (const n of ['9223372036854775808', '-9223372036854775809', '1e30']) {
    const text = `apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: EnvoyProxy\nmetadata: {name: p, namespace: default}\nspec:\n  concurrency: ${n}\n`;
    const got = await errors(text, 'e.yaml');
    assert.equal(
      got[0]?.replace(/ \(".*$/, ''),
      'spec.concurrency: spec.concurrency: Invalid value: "number": spec.concurrency in body must be of type integer: "number"',
      n,
    );
  }
  const within = `apiVersion: gateway.envoyproxy.io/v1alpha1\nkind: EnvoyProxy\nmetadata: {name: p, namespace: default}\nspec:\n  concurrency: 9223372036854775807\n`;
  assert.deepEqual(await errors(within, 'e.yaml'), []);
});

test("a custom resource's scale subresource: replicas an int64 from 0 to 2^31-1 at specReplicasPath", async () => {
  const ic = (replicas: string) =>
    `apiVersion: operator.openshift.io/v1\nkind: IngressController\nmetadata: {name: i, namespace: openshift-ingress-operator}\nspec:\n  replicas: ${replicas}\n`;
  const typeError = (t: string) =>
    `spec.replicas: spec.replicas: Invalid value: "${t}": spec.replicas in body must be of type integer: "${t}"`;
  const note =
    '<nil>: <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';
  const accessor = (v: string, t: string) =>
    `.spec.replicas: .spec.replicas: Invalid value: 0: .spec.replicas accessor error: ${v} is of the type ${t}, expected int64`;
  const cases: [string, string[]][] = [
    ['0', []],
    ['2147483647', []],
    ['1.0', []], // kubectl sends 1
    ['-1', ['.spec.replicas: .spec.replicas: Invalid value: -1: should be a non-negative integer']],
    [
      '2147483648',
      ['.spec.replicas: .spec.replicas: Invalid value: 2147483648: should be less than or equal to 2147483647'],
    ],
    [
      '9223372036854775807',
      [
        '.spec.replicas: .spec.replicas: Invalid value: 9223372036854775807: should be less than or equal to 2147483647',
      ],
    ],
    ['1.5', [typeError('number'), note, accessor('1.5', 'float64')]],
    ['"x"', [typeError('string'), note, accessor('x', 'string')]],
    ['9223372036854775808', [typeError('number'), note, accessor('9.223372036854776e+18', 'float64')]],
    ['99999999999999999999', [typeError('number'), note, accessor('1e+20', 'float64')]],
  ];
  for (const [replicas, expected] of cases)
    assert.deepEqual(
      (await errors(ic(replicas), 'ic.yaml')).map((m) => m.replace(/ \(".*$/, '')),
      expected,
      replicas,
    );
});

test('an object where a custom resource wants a scalar: its keys are unknown fields, as the strict decoder says', async () => {
  // Server (1.35, dry-run create, fieldValidation=Strict): strict decoding error: unknown field
  // "spec.nodePlacement.nodeSelector.matchLabels.x.a" — nothing else (no type error, no CEL note).
  const text = JSON.stringify({
    apiVersion: 'operator.openshift.io/v1',
    kind: 'IngressController',
    metadata: { name: 'i', namespace: 'openshift-ingress-operator' },
    spec: { nodePlacement: { nodeSelector: { matchLabels: { x: { a: 1 } } } } },
  });
  assert.deepEqual(await errors(text, 'm.json'), [
    'spec.nodePlacement.nodeSelector.matchLabels.x.a: unknown field "spec.nodePlacement.nodeSelector.matchLabels.x.a"',
  ]);
  // The same at the scale subresource's replicas: the request stops at decoding, the scale is not read.
  const replicas = text.replace(
    '"nodePlacement":{"nodeSelector":{"matchLabels":{"x":{"a":1}}}}',
    '"replicas":{"a":1,"b":{"c":2}}',
  );
  assert.deepEqual(await errors(replicas, 'r.json'), [
    'spec.replicas.a: unknown field "spec.replicas.a"',
    'spec.replicas.b: unknown field "spec.replicas.b"',
  ]);
});

test('the exponent screen: its cheap first scan never rules out a text the full pattern matches', () => {
  const full = /(?:^|[\s:,[{])[-+]?(?:\d+\.?\d*|\.\d+)[eE][-+]?\d\d/m;
  // Pieces of numbers, exponents, separators and words (`fe12` as in a digest).
  const alphabet = ['1', '12', '0', '.', 'e', 'E', 'e1', 'e-', '+', '-', ' ', ': ', ',', '[', '{', '\n', 'a', 'f'];
  const next = prng(4242);
  const random = (n: number): number => Math.floor(next() * n);
  let matched = 0;
  for (let round = 0; round < 20000; round++) {
    let text = '';
    for (let i = random(14); i > 0; i--) text += alphabet[random(alphabet.length)];
    const expected = full.test(text);
    if (expected) matched++;
    assert.equal(mayHoldTwoDigitExponent(text), expected, JSON.stringify(text));
  }
  assert.ok(matched > 150, `${matched} texts with an exponent`);
  // An image digest's hex: no exponent to find.
  assert.equal(mayHoldTwoDigitExponent('image: x@sha256:ab4e12'), false);
  assert.equal(mayHoldTwoDigitExponent('size: 1.5e10'), true);
});
