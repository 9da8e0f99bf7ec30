// Disagreements with kube-apiserver 1.35 found by the differential fuzzer's user-error mutations
// (test/fuzz/userErrors.ts: wrong types, empty values, zero and negative counts, bad names, moved fields, wrong
// apiVersions, duplicate list keys, requests above limits, selectors), each pinned with the server's messages
// (probed with `kubectl.1.33 create --dry-run=server --validate=strict`).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KUBERNETES_FORMATS } from '../../../../analysis/validation/formats';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { errorMessages, storeFor } from './sharedData';

const store = storeFor('1.35');

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const errors = (o: unknown) => errorMessages(store, o);

const pod = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: { containers: [{ name: 'c', image: 'i' }], ...spec },
});

test("a pod's supplemental groups are group ids: each between 0 and 2147483647", async () => {
  const at = 'spec.securityContext.supplementalGroups';
  assert.deepEqual(await errors(pod({ securityContext: { supplementalGroups: [1, -1, 2147483648, 0] } })), [
    `${at}[1]: Invalid value: -1: must be between 0 and 2147483647, inclusive`,
    `${at}[2]: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive`,
  ]);
  assert.deepEqual(await errors(pod({ securityContext: { supplementalGroups: [0, 2147483647] } })), []);
});

test('an empty name is a missing one: containers, env vars, volumes and mounts (a mount of it finds no volume)', async () => {
  assert.deepEqual(
    await errors(
      pod({
        containers: [
          { name: 'c', image: 'i', env: [{ name: '', value: 'x' }], volumeMounts: [{ name: '', mountPath: '/x' }] },
        ],
        volumes: [{ name: '', emptyDir: {} }],
      }),
    ),
    [
      'spec.containers[0].env[0].name: Required value',
      'spec.containers[0].volumeMounts[0].name: Not found: ""',
      'spec.containers[0].volumeMounts[0].name: Required value',
      'spec.volumes[0].name: Required value',
    ],
  );
  assert.deepEqual(await errors(pod({ containers: [{ name: '', image: 'i' }] })), [
    'spec.containers[0].name: Required value',
  ]);
  assert.deepEqual(await errors(pod({ containers: [] })), ['spec.containers: Required value']);
});

test("a pod's runtimeClassName is a DNS subdomain", async () => {
  assert.deepEqual(await errors(pod({ runtimeClassName: 'MyApp' })), [
    `spec.runtimeClassName: Invalid value: "MyApp": ${SUBDOMAIN}`,
  ]);
  assert.deepEqual(await errors(pod({ runtimeClassName: 'gvisor.v1' })), []);
});

test('a negative metadata.generation is refused, unless create resets it to 1 (workloads, custom resources)', async () => {
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'default', generation: -1 },
  };
  assert.deepEqual(await errors(configMap), [
    'metadata.generation: Invalid value: -1: must be greater than or equal to 0',
  ]);
  const budget = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'p', namespace: 'default', generation: -5 },
    spec: { maxUnavailable: 1 },
  };
  assert.deepEqual(await errors(budget), []);
  assert.deepEqual(await errors({ ...pod({}), metadata: { name: 'p', namespace: 'default', generation: -1 } }), []);
});

test("names: a Node's is a DNS subdomain, a CertificateSigningRequest's only a path segment", async () => {
  assert.deepEqual(await errors({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'Ab_C' } }), [
    `metadata.name: Invalid value: "Ab_C": ${SUBDOMAIN}`,
  ]);
  const csr = (name: string) => ({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name },
    spec: { request: 'LS0t', signerName: 'example.com/x', usages: ['digital signature'] },
  });
  assert.deepEqual(
    (await errors(csr('A_b'.repeat(100)))).filter((m) => m.startsWith('metadata')),
    [],
  );
  assert.deepEqual(
    (await errors(csr('a%b'))).filter((m) => m.startsWith('metadata')),
    [`metadata.name: Invalid value: "a%b": may not contain '%'`],
  );
});

test("a pod template's labels and annotations are reported at template.labels, without metadata", async () => {
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'default' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      template: {
        metadata: { labels: { a: 'b', 'x/': 'y' }, annotations: { 'a/b/c': 'x' } },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      },
    },
  };
  const got = await errors(deployment);
  assert.ok(got.length === 3, got.join('\n'));
  assert.ok(got[0].startsWith('spec.template.annotations: Invalid value: "a/b/c": a valid label key'), got[0]);
  assert.deepEqual(got.slice(1), [
    'spec.template.labels: Invalid value: "x/": name part must be non-empty',
    `spec.template.labels: Invalid value: "x/": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
  ]);
});

test("a pod's own resources: cpu, memory and hugepages only, within limits, above its containers' requests", async () => {
  assert.deepEqual(
    await errors(
      pod({
        resources: { requests: { 'example.com/gpu': '1', CPU: '1', cpu: '-1', storage: '1Gi' } },
        containers: [{ name: 'c', image: 'i', resources: { requests: { cpu: '300m' } } }],
      }),
    ),
    [
      'spec.resources.limits: Required value: Limit must be set for non overcommitable resources',
      'spec.resources.requests[CPU]: Invalid value: "CPU": must be a standard resource type or fully qualified',
      'spec.resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.resources.requests[cpu]: Invalid value: "-1": must be greater than or equal to aggregate container requests of 300m',
      'spec.resources.requests[example.com/gpu]: Unsupported value: "example.com/gpu": supported values: "cpu", "hugepages-", "memory"',
      'spec.resources.requests[storage]: Unsupported value: "storage": supported values: "cpu", "hugepages-", "memory"',
    ],
  );
  assert.deepEqual(
    await errors(
      pod({
        resources: { limits: { cpu: '100m', memory: '64Mi' }, requests: { cpu: '200m', memory: '32Mi' } },
        initContainers: [{ name: 'i', image: 'i', resources: { requests: { memory: '100Mi' } } }],
        containers: [
          { name: 'c', image: 'i', resources: { limits: { cpu: '150m' }, requests: { cpu: '50m' } } },
          { name: 'c2', image: 'i', resources: { requests: { cpu: '60m' } } },
        ],
      }),
    ),
    [
      'spec.resources.containers[0][cpu].limits: Invalid value: "150m": must be less than or equal to pod limits of 100m',
      'spec.resources.requests: Invalid value: "200m": must be less than or equal to cpu limit of 100m',
      'spec.resources.requests[memory]: Invalid value: "32Mi": must be greater than or equal to aggregate container requests of 100Mi',
    ],
  );
  assert.deepEqual(await errors(pod({ resources: { limits: { cpu: '1' }, requests: { cpu: '500m' } } })), []);
});

test("a label selector's requirements: values with In/NotIn only, none with Exists/DoesNotExist, a label key", async () => {
  const budget = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      maxUnavailable: 1,
      selector: {
        matchExpressions: [
          { key: 'a', operator: 'Exists', values: ['x'] },
          { key: 'b', operator: 'In', values: [] },
          { key: 'Bad Key', operator: 'DoesNotExist' },
          { key: 'c', operator: 'NotIn', values: ['x'] },
        ],
      },
    },
  };
  const p = 'spec.selector.matchExpressions';
  assert.deepEqual(await errors(budget), [
    `${p}[0].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
    `${p}[1].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
    `${p}[2].key: Invalid value: "Bad Key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
  ]);
});

test("a custom resource's date-time is kube-openapi's: a `t` (no space), any offset hours, a ±hh:mm offset", () => {
  const dateTime = KUBERNETES_FORMATS['date-time'] as (s: string) => boolean;
  // Each the server's answer for a CRD field of format date-time (dry-run create).
  const accepted = [
    '2024-01-01T00:00:00Z',
    '2024-01-01t00:00:00z',
    '2024-01-01T00:00:00+99:99',
    '2024-01-01T00:00:00ZT1',
  ];
  const refused = ['2024-01-01 00:00:00Z', '2024-01-01T00:00:00+0100', '2024-02-30T00:00:00Z', '2024-01-01T24:00:00Z'];
  assert.deepEqual(
    accepted.filter((s) => !dateTime(s)),
    [],
  );
  assert.deepEqual(
    refused.filter((s) => dateTime(s)),
    [],
  );
  assert.ok(dateTime('2024-01-01T00:00:00😀1Z'), 'the fraction follows any one character, an astral one too');
});

test('no matches for a kind at a version its group lacks (a CRD lists all its versions), nor for a dot-less group', async () => {
  const withCrd = storeFor('1.35', ['cel-corpus/envoy-gateway/crds/gateway.envoyproxy.io_envoyproxies.yaml']);
  const proxy = (apiVersion: string) => ({
    apiVersion,
    kind: 'EnvoyProxy',
    metadata: { name: 'p', namespace: 'default' },
    spec: {},
  });
  assert.deepEqual(await errorMessages(withCrd, proxy('gateway.envoyproxy.io/v1alpha1')), []);
  assert.deepEqual(await errorMessages(withCrd, proxy('gateway.envoyproxy.io/v2')), [
    'no matches for kind "EnvoyProxy" in version "gateway.envoyproxy.io/v2" (served as gateway.envoyproxy.io/v1alpha1)',
  ]);
  // A kind no source knows in a group with a dot may be a CRD not passed: a note, not an error.
  assert.deepEqual(await errorMessages(withCrd, { ...proxy('gateway.envoyproxy.io/v2'), kind: 'Backend' }), []);
  assert.deepEqual(
    await errors({ apiVersion: 'core/v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: {} }),
    ['no matches for kind "Pod" in version "core/v1"'],
  );
});

test('kind-in-no-source also at a version a passed CRD of the group serves: a note, as at an unknown version', async () => {
  // Offline, only one CRD of gateway.envoyproxy.io/v1alpha1 passed: its group's other kinds may be CRDs not passed
  // (before: the error "kind Backend not found in gateway.envoyproxy.io/v1alpha1 groupversion").
  const withCrd = storeFor('1.35', ['cel-corpus/envoy-gateway/crds/gateway.envoyproxy.io_envoyproxies.yaml']);
  const backend = { apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'Backend', metadata: { name: 'b' }, spec: {} };
  const file = parseManifestFile(JSON.stringify(backend), 'backend.json');
  const said = (await validate(file, withCrd)).map((d) => `${d.severity} ${d.code}: ${d.message}`);
  assert.deepEqual(said, [
    'information unknown-api-version: no schema for kind "Backend" in version "gateway.envoyproxy.io/v1alpha1" ' +
      '(install its CRD in the cluster or pass its CRD file): only structure is checked',
  ]);
  // the structure is still checked, as for an unknown version
  const unnamed = { ...backend, metadata: {} };
  assert.deepEqual(await errorMessages(withCrd, unnamed), [
    'metadata.name: Required value: name or generateName is required',
  ]);
  // a kind differing only in case from a served one stays an error, with the fix
  assert.deepEqual(await errorMessages(withCrd, { ...backend, kind: 'envoyproxy' }), [
    'kind envoyproxy not found in gateway.envoyproxy.io/v1alpha1 groupversion (did you mean "EnvoyProxy"?)',
  ]);
});

test('required lists and names, selectors that miss their labels, a Job name that is no label value', async () => {
  const long = 'a'.repeat(70);
  const job = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: long, namespace: 'default' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } } },
  };
  assert.deepEqual(await errors(job), [
    `spec.template.labels: Invalid value: "${long}": must be no more than 63 bytes`,
  ]);
  const rc = {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'rc', namespace: 'default' },
    spec: {
      selector: { app: 'x' },
      template: { metadata: { labels: { app: 'z' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    },
  };
  assert.deepEqual(await errors(rc), [
    'spec.template.metadata.labels: Invalid value: {"app":"z"}: `selector` does not match template `labels`',
  ]);
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'default' },
    spec: {
      selector: { matchLabels: { a: 'b' }, matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] },
      template: {
        metadata: { labels: { a: 'b' } },
        spec: { containers: [{ name: 'c', image: 'i', resources: { requests: { 'example.com/gpu': '1' } } }] },
      },
    },
  };
  assert.deepEqual(await errors(deployment), [
    'spec.template.metadata.labels: Invalid value: {"a":"b"}: `selector` does not match template `labels`',
    'spec.template.spec.containers[0].resources.limits: Required value: Limit must be set for non overcommitable resources',
  ]);
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'b' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: '' },
  };
  assert.deepEqual(await errors(binding), ['roleRef.name: Required value']);
  const webhook = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'w' },
    webhooks: [
      {
        name: 'a.example.com',
        sideEffects: 'None',
        admissionReviewVersions: ['v1'],
        clientConfig: { url: 'https://example.com' },
        rules: [{ operations: ['CREATE'], apiGroups: [], apiVersions: ['v1', ''], resources: ['pods'] }],
      },
    ],
  };
  assert.deepEqual(await errors(webhook), [
    'webhooks[0].rules[0].apiGroups: Required value',
    'webhooks[0].rules[0].apiVersions[1]: Required value',
  ]);
});

test('bindings: roleRef.apiGroup "" is defaulted, a subject\'s empty name is missing; a claim\'s class is a subdomain', async () => {
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'b', namespace: 'default' },
    roleRef: { apiGroup: '', kind: 'Role', name: 'r' },
    subjects: [{ kind: 'ServiceAccount', name: '', namespace: 'default' }],
  };
  assert.deepEqual(await errors(binding), ['subjects[0].name: Required value']);
  const claim = {
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'c', namespace: 'default' },
    spec: { storageClassName: 'app-', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  };
  assert.deepEqual(await errors(claim), [`spec.storageClassName: Invalid value: "app-": ${SUBDOMAIN}`]);
});

test("a webhook configuration's webhook names are unique", async () => {
  const hook = {
    name: 'a.example.com',
    sideEffects: 'None',
    admissionReviewVersions: ['v1'],
    clientConfig: { url: 'https://example.com' },
  };
  const config = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'w' },
    webhooks: [hook, hook],
  };
  assert.deepEqual(await errors(config), ['webhooks[1].name: Duplicate value: "a.example.com"']);
});
