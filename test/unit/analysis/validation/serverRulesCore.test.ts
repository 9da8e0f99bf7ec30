// Server rules of the core and node groups kubesense missed (README "Still open from those probes"), each closed in
// general from pkg/apis/core/validation or pkg/apis/node/validation and pinned with kube-apiserver 1.35's messages
// (probed with `kubectl.1.33 create --dry-run=server --validate=strict` on the test cluster).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorMessages, storeFor } from './sharedData';

const store = storeFor('1.35');
const errors = (o: unknown) => errorMessages(store, o);

const limitRange = (limits: unknown[]) => ({
  apiVersion: 'v1',
  kind: 'LimitRange',
  metadata: { name: 'lr', namespace: 'default' },
  spec: { limits },
});

test('ValidateLimitRange: min, max, default, defaultRequest and maxLimitRequestRatio per resource', async () => {
  const l = 'spec.limits[0]';
  assert.deepEqual(
    await errors(
      limitRange([
        {
          type: 'Container',
          min: { cpu: '2', memory: '1Gi' },
          max: { cpu: '500m', memory: '512Mi' },
          default: { cpu: '3', memory: '100Mi' },
          defaultRequest: { cpu: '4', memory: '2Gi' },
          maxLimitRequestRatio: { cpu: '500m', memory: '10' },
        },
      ]),
    ),
    [
      `${l}.defaultRequest[cpu]: Invalid value: "4": default request value 4 is greater than default limit value 3`,
      `${l}.defaultRequest[cpu]: Invalid value: "4": default request value 4 is greater than max value 500m`,
      `${l}.defaultRequest[memory]: Invalid value: "2Gi": default request value 2Gi is greater than default limit value 100Mi`,
      `${l}.defaultRequest[memory]: Invalid value: "2Gi": default request value 2Gi is greater than max value 512Mi`,
      `${l}.default[cpu]: Invalid value: "500m": default value 3 is greater than max value 500m`,
      `${l}.default[memory]: Invalid value: "1Gi": min value 1Gi is greater than default value 100Mi`,
      `${l}.maxLimitRequestRatio[cpu]: Invalid value: "500m": ratio 500m is greater than max/min = 0.250000`,
      `${l}.maxLimitRequestRatio[cpu]: Invalid value: "500m": ratio 500m is less than 1`,
      `${l}.maxLimitRequestRatio[memory]: Invalid value: "10": ratio 10 is greater than max/min = 0.500000`,
      `${l}.min[cpu]: Invalid value: "2": min value 2 is greater than max value 500m`,
      `${l}.min[memory]: Invalid value: "1Gi": min value 1Gi is greater than max value 512Mi`,
    ],
  );
});

test('ValidateLimitRange: limit types, Pod defaults, a PVC storage bound, extended resources not overcommitted', async () => {
  assert.deepEqual(
    await errors(
      limitRange([
        { type: 'Pod', default: { cpu: '1' }, defaultRequest: { cpu: '1' } },
        { type: 'PersistentVolumeClaim', max: { cpu: '1' } },
        { type: 'Container' },
        { type: 'Foo' },
        { type: 'a/b', default: { 'nvidia.com/gpu': '2' }, defaultRequest: { 'nvidia.com/gpu': '1' } },
        { type: 'Pod', min: { cpu: '1' }, max: { cpu: '4' }, maxLimitRequestRatio: { cpu: '3', memory: '0.5' } },
        // Within the bounds, and a ratio of max/min exactly: accepted.
        { type: 'x/y', min: { cpu: '100m' }, max: { cpu: '1' }, maxLimitRequestRatio: { cpu: '10' } },
      ]),
    ),
    [
      "spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'",
      "spec.limits[0].defaultRequest: Forbidden: may not be specified when `type` is 'Pod'",
      'spec.limits[1].limits: Required value: either minimum or maximum storage value is required, but neither was provided',
      'spec.limits[3].type: Invalid value: "Foo": must be a standard limit type or fully qualified',
      'spec.limits[4].defaultRequest[nvidia.com/gpu]: Invalid value: "1": default value 2 must equal to defaultRequest value 1 in nvidia.com/gpu',
      'spec.limits[5].maxLimitRequestRatio[memory]: Invalid value: "500m": ratio 500m is less than 1',
      'spec.limits[5].type: Duplicate value: "Pod"',
    ],
  );
});

const secret = (type: string, fields: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name: 's', namespace: 'default' },
  type,
  ...fields,
});
const redacted = (key: string, error: string) => `data[${key}]: Invalid value: "<secret contents redacted>": ${error}`;

test('ValidateSecret: a docker config must unmarshal into a JSON object, with Go json errors', async () => {
  const json = 'kubernetes.io/dockerconfigjson';
  const cases: [string, string[]][] = [
    ['not json', [redacted('.dockerconfigjson', "invalid character 'o' in literal null (expecting 'u')")]],
    [
      '[1]',
      [redacted('.dockerconfigjson', 'json: cannot unmarshal array into Go value of type map[string]interface {}')],
    ],
    ['{"a":1} x', [redacted('.dockerconfigjson', "invalid character 'x' after top-level value")]],
    ['', [redacted('.dockerconfigjson', 'unexpected end of JSON input')]],
    ['{"a":', [redacted('.dockerconfigjson', 'unexpected end of JSON input')]],
    // At the end Go feeds its scanner a space: inside a number, literal or escape that space is the error.
    ['1.', [redacted('.dockerconfigjson', "invalid character ' ' after decimal point in numeric literal")]],
    ['tru', [redacted('.dockerconfigjson', "invalid character ' ' in literal true (expecting 'e')")]],
    ['"\\u12', [redacted('.dockerconfigjson', "invalid character ' ' in \\u hexadecimal character escape")]],
    ['{"a":1 "b"}', [redacted('.dockerconfigjson', "invalid character '\"' after object key:value pair")]],
    ['"a\tb"', [redacted('.dockerconfigjson', "invalid character '\\t' in string literal")]],
    ['{"auths": {"r.io": {"auth": "eDp5"}}}', []],
  ];
  for (const [text, expected] of cases)
    assert.deepEqual(await errors(secret(json, { stringData: { '.dockerconfigjson': text } })), expected, text);
  // In data the bytes are base64: `{"a":1,}`.
  assert.deepEqual(await errors(secret('kubernetes.io/dockercfg', { data: { '.dockercfg': 'eyJhIjoxLH0=' } })), [
    redacted('.dockercfg', "invalid character '}' looking for beginning of object key string"),
  ]);
  assert.deepEqual(await errors(secret('kubernetes.io/dockercfg', { stringData: { '.dockercfg': '"s"' } })), [
    redacted('.dockercfg', 'json: cannot unmarshal string into Go value of type map[string]interface {}'),
  ]);
  // null unmarshals into a map without error.
  assert.deepEqual(await errors(secret('kubernetes.io/dockercfg', { stringData: { '.dockercfg': 'null' } })), []);
});

test('ValidateSecret: basic-auth needs a username or a password, ssh-auth a non-empty key, tls both keys', async () => {
  assert.deepEqual(await errors(secret('kubernetes.io/basic-auth', { stringData: { other: 'x' } })), [
    'data[password]: Required value',
    'data[username]: Required value',
  ]);
  assert.deepEqual(await errors(secret('kubernetes.io/basic-auth', { stringData: { password: '' } })), []);
  for (const fields of [{ stringData: { 'ssh-privatekey': '' } }, { data: { 'ssh-privatekey': '' } }])
    assert.deepEqual(await errors(secret('kubernetes.io/ssh-auth', fields)), ['data[ssh-privatekey]: Required value']);
  assert.deepEqual(await errors(secret('kubernetes.io/tls', { stringData: { 'tls.crt': '' } })), [
    'data[tls.key]: Required value',
  ]);
});

test('ValidateRuntimeClass: handler, overhead as limits, node selector labels, tolerations once each', async () => {
  assert.deepEqual(
    await errors({
      apiVersion: 'node.k8s.io/v1',
      kind: 'RuntimeClass',
      metadata: { name: 'rc' },
      handler: 'Bad_Handler',
      overhead: { podFixed: { cpu: '-1', foo: '1' } },
      scheduling: {
        nodeSelector: { 'bad key!': 'x' },
        tolerations: [
          { key: 'a', operator: 'Exists', value: 'v' },
          { key: 'b', effect: 'NoSchedule' },
          { key: 'b', effect: 'NoSchedule' },
        ],
      },
    }),
    [
      `handler: Invalid value: "Bad_Handler": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      'overhead.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      'overhead.limits[foo]: Invalid value: "foo": must be a standard resource for containers',
      'overhead.limits[foo]: Invalid value: "foo": must be a standard resource type or fully qualified',
      `scheduling.nodeSelector: Invalid value: "bad key!": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      'scheduling.tolerations[0].operator: Invalid value: "v": value must be empty when `operator` is \'Exists\'',
      'scheduling.tolerations[2]: Duplicate value: {"Key":"b","Operator":"","Value":"","Effect":"NoSchedule","TolerationSeconds":null}',
    ],
  );
});
