// Disagreements with the real API server that the differential fuzzer found
// (test/integration/analysis/validation/differential.test.ts), each pinned here with the server's verdict
// as the fuzzer recorded it, against the schema folder and the real CRDs of ../shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { storeFor } from './sharedData';

const store = storeFor('1.35', [
  'cel-corpus/envoy-gateway/crds/gateway.envoyproxy.io_envoyproxies.yaml',
  'cel-corpus/openshift-api/crds/0000_50_csi-driver_01_clustercsidrivers-CustomNoUpgrade.crd.yaml',
]);

async function errors(o: unknown): Promise<{ field: string; message: string }[]> {
  const ds = await validate(parseManifestFile(JSON.stringify(o, null, 2), 'case.json'), store);
  return ds.filter((d) => d.severity === 'error').map((d) => ({ field: d.field ?? '', message: d.message }));
}

test('a CR integer of format int32 beyond int32 is accepted, as the server does (formats only check strings there)', async () => {
  // Server: EnvoyProxy with spec.concurrency 2147483648 (and 2^53+1) accepted.
  for (const concurrency of [2147483648, -2147483649, 9007199254740992]) {
    const got = await errors({
      apiVersion: 'gateway.envoyproxy.io/v1alpha1',
      kind: 'EnvoyProxy',
      metadata: { name: 'p', namespace: 'default' },
      spec: { concurrency },
    });
    assert.deepEqual(got, [], `concurrency ${concurrency}`);
  }
});

test('a built-in int32 field beyond int32 is still refused (Go decodes it into an int32)', async () => {
  const got = await errors({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'default' },
    spec: {
      replicas: 2147483648,
      selector: { matchLabels: { a: 'b' } },
      template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    },
  });
  assert.deepEqual(
    got.map((e) => e.field),
    ['spec.replicas'],
  );
});

test('a CRD that constrains metadata.name keeps the rest of ObjectMeta (labels are not unknown fields)', async () => {
  // Server: ClusterCSIDriver with labels accepted; a name outside the CRD's metadata.name enum refused.
  const object = (name: string) => ({
    apiVersion: 'operator.openshift.io/v1',
    kind: 'ClusterCSIDriver',
    metadata: { name, labels: { fuzz: 'a.b_c' }, annotations: { 'example.com/a': 'x' } },
    spec: { managementState: 'Managed' },
  });
  assert.deepEqual(await errors(object('file.csi.azure.com')), []);
  const refused = await errors(object('file.csi.azure.co'));
  // The server adds the same note that CEL rules were not checked after an Unsupported value.
  assert.deepEqual(
    refused.map((e) => e.field),
    ['metadata.name', '<nil>'],
  );
  assert.match(refused[0].message, /Unsupported value: "file.csi.azure.co"/);
});

test('a workload without a selector: the server also reports that nothing selects the template labels', async () => {
  // Server: Deployment "nginx-deployment" is invalid: [spec.selector: Required value,
  // spec.template.metadata.labels: Invalid value: {"app":"nginx"}: `selector` does not match template `labels`]
  for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet']) {
    const got = await errors({
      apiVersion: 'apps/v1',
      kind,
      metadata: { name: 'w', namespace: 'default' },
      spec: {
        ...(kind === 'StatefulSet' ? { serviceName: 's' } : {}),
        template: { metadata: { labels: { app: 'nginx' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      },
    });
    assert.deepEqual(got.map((e) => e.field).sort(), ['spec.selector', 'spec.template.metadata.labels'], kind);
  }
});

test("a CR's own map keys are printed as kube-openapi prints them (labels.key), metadata's as Go does", async () => {
  // Server: spec.groups[0].rules[0].labels.severity: Invalid value: "number": ... must be of type string.
  const got = await validate(
    parseManifestFile(
      JSON.stringify({
        apiVersion: 'monitoring.coreos.com/v1',
        kind: 'PrometheusRule',
        metadata: { name: 'r', namespace: 'default', labels: { a: '-b' } },
        spec: { groups: [{ name: 'g', rules: [{ alert: 'A', expr: 'up', labels: { severity: 1.5 } }] }] },
      }),
      'case.json',
    ),
    storeFor('1.35', ['crds/prometheus-operator']),
  );
  assert.deepEqual(
    got.filter((d) => d.severity === 'error').map((d) => d.field),
    ['spec.groups[0].rules[0].labels.severity', 'metadata.labels'],
  );
});

test('a probe or lifecycle handler port out of range is refused', async () => {
  // Server: spec.template.spec.containers[0].livenessProbe.tcpSocket.port: Invalid value: 0: must be between 1
  // and 65535, inclusive (also -1 in a readinessProbe).
  const container = {
    name: 'c',
    image: 'i',
    livenessProbe: { tcpSocket: { port: 0 } },
    readinessProbe: { httpGet: { port: -1 } },
    lifecycle: { preStop: { httpGet: { port: 65536 } } },
  };
  const got = await errors({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [container] },
  });
  assert.deepEqual(
    got.map((e) => e.field),
    [
      'spec.containers[0].livenessProbe.tcpSocket.port',
      'spec.containers[0].readinessProbe.httpGet.port',
      'spec.containers[0].lifecycle.preStop.httpGet.port',
    ],
  );
  assert.match(got[0].message, /Invalid value: 0: must be between 1 and 65535, inclusive/);
});

test('a NetworkPolicy or probe port given by name must be a valid port name ("" included)', async () => {
  // Server: spec.ingress[0].ports[0].port: Invalid value: "": must contain only alpha-numeric characters (a-z,
  // 0-9), and hyphens (-), …: must contain at least one letter (a-z).
  const policy = await errors({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'n', namespace: 'default' },
    spec: { podSelector: {}, ingress: [{ ports: [{ port: '' }, { port: 'http' }] }] },
  });
  assert.deepEqual(
    policy.map((e) => e.message),
    [
      'spec.ingress[0].ports[0].port: Invalid value: "": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
      'spec.ingress[0].ports[0].port: Invalid value: "": must contain at least one letter (a-z)',
    ],
  );
  const pod = await errors({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'i', livenessProbe: { httpGet: { port: 'Bad_Name' } } }] },
  });
  assert.deepEqual([...new Set(pod.map((e) => e.field))], ['spec.containers[0].livenessProbe.httpGet.port']);
});

test('Service: targetPort 0 or "" takes the port; healthCheckNodePort only on a LoadBalancer with policy Local', async () => {
  // Server: targetPort 0 accepted (defaulted to the port); spec.healthCheckNodePort: Invalid value: 2147483647: may
  // only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'.
  const service = (spec: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', namespace: 'default' },
    spec: {
      ports: [
        { name: 'a', port: 80, targetPort: 0 },
        { name: 'b', port: 81, targetPort: '' },
      ],
      ...spec,
    },
  });
  assert.deepEqual(await errors(service({})), []);
  assert.deepEqual(
    await errors(service({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', healthCheckNodePort: 30000 })),
    [],
  );
  const refused = await errors(service({ healthCheckNodePort: 2147483647 }));
  assert.deepEqual(
    refused.map((e) => e.message),
    [
      "spec.healthCheckNodePort: Invalid value: 2147483647: may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'",
    ],
  );
});

test('generateName is checked beside a name too; a pod activeDeadlineSeconds must fit 1..2147483647', async () => {
  // Server: ServiceAccount "dup" is invalid: metadata.generateName: Invalid value: "aaa…": must be no more than 253
  // characters; Job: spec.template.spec.activeDeadlineSeconds: Invalid value: 9223372036854775807: must be between
  // 1 and 2147483647, inclusive.
  const sa = await errors({
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: 'dup', namespace: 'default', generateName: 'a'.repeat(256) },
  });
  assert.deepEqual(
    sa.map((e) => e.field),
    ['metadata.generateName'],
  );
  const pod = await errors({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { activeDeadlineSeconds: 0, containers: [{ name: 'c', image: 'i' }] },
  });
  assert.deepEqual(
    pod.map((e) => e.message),
    ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive'],
  );
});

test("a binding's roleRef without apiGroup is accepted: rbac/v1 defaulting fills it in before validation", async () => {
  // Server (v1.35, dry-run Strict): both accepted, stored with apiGroup rbac.authorization.k8s.io.
  for (const kind of ['RoleBinding', 'ClusterRoleBinding']) {
    const got = await errors({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind,
      metadata: { name: 'b', ...(kind === 'RoleBinding' ? { namespace: 'default' } : {}) },
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'default' }],
    });
    assert.deepEqual(got, [], kind);
  }
  // The kind and name are still required.
  const got = await errors({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'b' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole' },
  });
  assert.deepEqual(
    got.map((e) => e.field),
    ['roleRef.name'],
  );
});

test("a cluster-scoped kind's namespace is dropped by the server, never invalid; a namespaced kind's still is", async () => {
  // Server (dry-run create, strict): ClusterRole and the cluster-scoped CR ClusterCSIDriver with namespace
  // "Not_A_Namespace!!" created, no warning; kubectl says nothing either.
  const clusterScoped = [
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'r' }, rules: [] },
    {
      apiVersion: 'operator.openshift.io/v1',
      kind: 'ClusterCSIDriver',
      metadata: { name: 'file.csi.azure.com' },
      spec: { managementState: 'Managed' },
    },
  ];
  for (const o of clusterScoped) {
    const object = { ...o, metadata: { ...o.metadata, namespace: 'Not_A_Namespace!!' } };
    assert.deepEqual(await errors(object), [], o.kind);
    const ds = await validate(parseManifestFile(JSON.stringify(object, null, 2), 'case.json'), store);
    const notes = ds.filter((d) => d.field === 'metadata.namespace');
    assert.deepEqual(
      notes.map((d) => [d.severity, d.message]),
      [
        [
          'information',
          `metadata.namespace: ignored: ${o.kind} is cluster-scoped (the API server drops the namespace)`,
        ],
      ],
    );
  }
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'r', namespace: 'Not_A_Namespace!!' },
    rules: [],
  };
  assert.deepEqual(
    (await errors(role)).map((e) => e.field),
    ['metadata.namespace'],
  );
});

test("a null item of a built-in kind's list is validated as Go's zero value; a custom resource's stays null", async () => {
  // Server: Deployment "d" is invalid: containers[0].ports[0].containerPort: Required value, containers[1].name
  // and .image: Required value, tolerations[0].operator: Invalid value: "" (an empty Toleration); the null arg
  // (""), supplementalGroup (0) and imagePullSecret ({}) are accepted.
  const got = await errors({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'default' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      template: {
        metadata: { labels: { a: 'b' } },
        spec: {
          containers: [{ name: 'c', image: 'i', args: ['x', null], ports: [null] }, null],
          securityContext: { supplementalGroups: [null] },
          tolerations: [null],
          imagePullSecrets: [null],
        },
      },
    },
  });
  assert.deepEqual(
    got.map((e) => e.field),
    [
      'spec.template.spec.containers[0].ports[0].containerPort',
      'spec.template.spec.containers[1].name',
      'spec.template.spec.containers[1].image',
      'spec.template.spec.tolerations[0].operator',
    ],
  );
  // Server (an EnvoyProxy, a CR): spec.extraArgs[1]: Invalid value: "null": ... must be of type string, and its note
  // that CEL rules were not checked.
  const cr = await errors({
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'EnvoyProxy',
    metadata: { name: 'p', namespace: 'default' },
    spec: { extraArgs: ['--a', null] },
  });
  assert.deepEqual(
    cr.map((e) => e.field),
    ['spec.extraArgs[1]', '<nil>'],
  );
  assert.match(cr[0].message, /must be of type string/);
});

test("timestamps of built-in types and of any object's metadata are parsed as Go does, not as RFC 3339's date-time", async () => {
  // Server: a ConfigMap's and an EnvoyProxy's (a CR's) creationTimestamp "2024-01-01t00:00:00z" or with a space:
  // "cannot be handled as a ConfigMap: parsing time …"; a one-digit hour or a comma fraction accepted; a Lease's
  // renewTime (MicroTime) needs exactly six fraction digits.
  const configMap = (creationTimestamp: string) => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'c', namespace: 'default', creationTimestamp },
  });
  const envoy = (creationTimestamp: string) => ({
    apiVersion: 'gateway.envoyproxy.io/v1alpha1',
    kind: 'EnvoyProxy',
    metadata: { name: 'p', namespace: 'default', creationTimestamp },
    spec: {},
  });
  for (const make of [configMap, envoy]) {
    for (const refused of ['2024-01-01t00:00:00z', '2024-01-01 00:00:00Z', '2024-12-31T23:59:60Z']) {
      const got = await errors(make(refused));
      assert.deepEqual(
        got.map((e) => e.field),
        ['metadata.creationTimestamp'],
        refused,
      );
      assert.match(got[0].message, /parsing time /);
    }
    for (const accepted of ['2024-01-01T0:00:00Z', '2024-01-01T00:00:00,5+24:00'])
      assert.deepEqual(await errors(make(accepted)), [], accepted);
  }
  const lease = (renewTime: string) => ({
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { name: 'l', namespace: 'default' },
    spec: { renewTime },
  });
  assert.deepEqual(
    (await errors(lease('2024-01-01T00:00:00Z'))).map((e) => e.field),
    ['spec.renewTime'],
  );
  assert.deepEqual(await errors(lease('2024-01-01T00:00:00.123456Z')), []);
});

test("an enum's Unsupported value lists the server's values in the server's order, not the published enum's", async () => {
  // Server: spec.dnsPolicy: Unsupported value: "X": supported values: "ClusterFirstWithHostNet", "ClusterFirst",
  // "Default", "None" (the published enum is sorted); a toleration operator "Gt" is refused (published, yet the
  // server's Go validation supports only Equal and Exists without its feature gate).
  const got = await errors({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      dnsPolicy: 'X',
      containers: [{ name: 'c', image: 'i' }],
      tolerations: [{ key: 'k', operator: 'Gt', value: '1' }],
    },
  });
  assert.deepEqual(
    got.map((e) => e.field),
    ['spec.dnsPolicy', 'spec.tolerations[0].operator'],
  );
  assert.equal(
    got[0].message,
    'spec.dnsPolicy: Unsupported value: "X": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"',
  );
});

test("a webhook service's empty name or namespace is reported where the server reports it (the two swapped)", async () => {
  // Server: {"namespace":"ns"} -> service.namespace: Required value; {"name":"x"} and {"name":"x","namespace":""}
  // -> service.name: Required value; {} and {"name":""} -> both.
  const cases: [Record<string, string>, string[]][] = [
    [{ namespace: 'ns' }, ['namespace']],
    [{ name: 'x' }, ['name']],
    [{ name: 'x', namespace: '' }, ['name']],
    [{}, ['name', 'namespace']],
    [{ name: '' }, ['name', 'namespace']],
    [{ name: 'x', namespace: 'ns' }, []],
  ];
  for (const [service, fields] of cases) {
    const got = await errors({
      apiVersion: 'admissionregistration.k8s.io/v1',
      kind: 'MutatingWebhookConfiguration',
      metadata: { name: 'w' },
      webhooks: [{ name: 'a.b.c', admissionReviewVersions: ['v1'], sideEffects: 'None', clientConfig: { service } }],
    });
    assert.deepEqual(
      got.map((e) => [e.field, e.message.replace(/^.*: /, '')]),
      fields.map((f) => [`webhooks[0].clientConfig.service.${f}`, 'Required value']),
      JSON.stringify(service),
    );
  }
});

test('a Service port left out is 0, and so is the targetPort defaulted from it, as the server reports them', async () => {
  // Server: spec.ports[0].port: Invalid value: 0 (+ targetPort: Invalid value: 0 when it is left out too); two ports
  // without one: spec.ports[2]: Duplicate value.
  const service = (ports: unknown[]) => ({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', namespace: 'default' },
    spec: { ports },
  });
  const got = await errors(service([{ name: 'a' }]));
  assert.deepEqual(
    got.map((e) => e.message),
    [
      'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive',
      'spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    ],
  );
  const two = await errors(
    service([
      { name: 'a', targetPort: 8080 },
      { name: 'b', port: 81 },
      { name: 'c', targetPort: 'http' },
    ]),
  );
  assert.deepEqual(
    two.map((e) => e.field),
    ['spec.ports[0].port', 'spec.ports[2].port', 'spec.ports[2]'],
  );
});

test("a Job's generated name labels its pod template: an invalid generateName makes those labels invalid too", async () => {
  // Server: generateName "-a" -> metadata.generateName, metadata.name (the generated one) and spec.template.labels
  // invalid; "Ab-" -> no labels error (a valid label value); with manualSelector the labels are not added.
  const job = (generateName: string, manual = false) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { generateName, namespace: 'default' },
    spec: {
      ...(manual ? { manualSelector: true, selector: { matchLabels: { a: 'b' } } } : {}),
      template: {
        ...(manual ? { metadata: { labels: { a: 'b' } } } : {}),
        spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] },
      },
    },
  });
  const fields = async (o: unknown) => (await errors(o)).map((e) => e.field);
  assert.deepEqual(await fields(job('-a')), ['metadata.generateName', 'metadata.name', 'spec.template.labels']);
  assert.deepEqual(await fields(job('Ab-')), ['metadata.generateName', 'metadata.name']);
  assert.deepEqual(await fields(job('-a', true)), ['metadata.generateName', 'metadata.name']);
});

test('a JSON integer written 1.0 or 1e2: an error in metadata (kubectl refuses it), a warning elsewhere', async () => {
  // kubectl.1.33 create -f x.json: metadata.generation 1e2 -> `error: unable to decode "x.json": json: cannot
  // unmarshal number 1e2 into Go struct field ObjectMeta.metadata.generation of type int64` (an EnvoyProxy too);
  // spec.replicas 1.0 is sent as 1 and created. The server, sent the text as written: Deployment in version "v1"
  // cannot be handled as a Deployment: json: cannot unmarshal number 1.0 into Go struct field
  // DeploymentSpec.spec.replicas of type int32. YAML `generation: 1e2` is created (kubectl converts it).
  const diagnostics = async (text: string, name = 'case.json') =>
    (await validate(parseManifestFile(text, name), store))
      .filter((d) => d.severity !== 'information')
      .map((d) => [d.severity, d.field, d.message]);
  assert.deepEqual(
    await diagnostics('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c","generation":1e2}}'),
    [
      [
        'error',
        'metadata.generation',
        'json: cannot unmarshal number 1e2 into Go struct field ObjectMeta.metadata.generation of type int64',
      ],
    ],
  );
  assert.deepEqual(
    await diagnostics(
      '{"apiVersion":"gateway.envoyproxy.io/v1alpha1","kind":"EnvoyProxy","metadata":{"name":"p","namespace":"default","generation":-0.0},"spec":{"concurrency":1.0}}',
    ),
    [
      [
        'error',
        'metadata.generation',
        'json: cannot unmarshal number -0.0 into Go struct field ObjectMeta.metadata.generation of type int64',
      ],
    ],
  );
  const deployment =
    '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"d","namespace":"default"},"spec":{"replicas":1.0,' +
    '"selector":{"matchLabels":{"a":"b"}},"template":{"metadata":{"labels":{"a":"b"}},"spec":{"containers":' +
    '[{"name":"c","image":"nginx:1.25","ports":[{"containerPort":8e1}]}]}}}}';
  assert.deepEqual(await diagnostics(deployment), [
    [
      'warning',
      'spec.replicas',
      "json: cannot unmarshal number 1.0 into Go struct field DeploymentSpec.spec.replicas of type int32 (the API server's answer to this JSON as written; kubectl sends it as 1)",
    ],
  ]);
  assert.deepEqual(
    await diagnostics('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  generation: 1e2\n', 'case.yaml'),
    [],
  );
});

test("a NetworkPolicy port's endPort: needs a numeric port at or below it, and is itself a port number (0 included)", async () => {
  // Server (1.35, dry-run create): messages below; {"port":80,"endPort":80} created.
  const cases: [Record<string, unknown>, string[]][] = [
    [
      { port: 19115, endPort: 0 },
      [
        'Invalid value: 19115: must be greater than or equal to `port`',
        'Invalid value: 0: must be between 1 and 65535, inclusive',
      ],
    ],
    [{ port: 200, endPort: 100 }, ['Invalid value: 200: must be greater than or equal to `port`']],
    [{ endPort: 100 }, ['Invalid value: 100: may not be specified when `port` is not specified']],
    [{ port: 'http', endPort: 100 }, ['Invalid value: 100: may not be specified when `port` is non-numeric']],
    [{ port: 80, endPort: 70000 }, ['Invalid value: 70000: must be between 1 and 65535, inclusive']],
    [{ port: 80, endPort: 80 }, []],
  ];
  for (const [port, messages] of cases) {
    const got = await errors({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'n', namespace: 'default' },
      spec: { podSelector: {}, ingress: [{ ports: [port] }] },
    });
    assert.deepEqual(
      got.map((e) => e.message),
      messages.map((m) => `spec.ingress[0].ports[0].endPort: ${m}`),
      JSON.stringify(port),
    );
  }
});

test("a HorizontalPodAutoscaler's replica bounds, minReplicas defaulted to 1 first (autoscaling/v2 and v1)", async () => {
  // Server (1.35, dry-run create), the same for v2 and v1.
  const cases: [Record<string, number>, string[]][] = [
    [
      { maxReplicas: 0 },
      [
        'spec.maxReplicas: Invalid value: 0: must be greater than 0',
        'spec.maxReplicas: Invalid value: 0: must be greater than or equal to `minReplicas`',
      ],
    ],
    [
      { maxReplicas: 3, minReplicas: 0 },
      [
        'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
        'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas',
      ],
    ],
    [{ maxReplicas: 3, minReplicas: -1 }, ['spec.minReplicas: Invalid value: -1: must be greater than or equal to 1']],
    [
      { maxReplicas: 3, minReplicas: 5 },
      ['spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`'],
    ],
    [{ maxReplicas: 3, minReplicas: 2 }, []],
  ];
  for (const apiVersion of ['autoscaling/v2', 'autoscaling/v1'])
    for (const [bounds, messages] of cases) {
      const got = await errors({
        apiVersion,
        kind: 'HorizontalPodAutoscaler',
        metadata: { name: 'h', namespace: 'default' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'd' }, ...bounds },
      });
      assert.deepEqual(
        got.map((e) => e.message),
        messages,
        `${apiVersion} ${JSON.stringify(bounds)}`,
      );
    }
});

test("a Service's externalIPs: each a valid IP as the server's legacy parser reads it, and no special address", async () => {
  // Server (1.35, dry-run create): ParseIPSloppy (leading zeros accepted), then ValidateEndpointIP.
  const invalidIP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
  const cases: [unknown[], string[]][] = [
    [['192.0.2.10', '2001:db8::1', '010.001.002.003', '::ffff:192.0.2.1', '2001:0db8:0:0:0:0:0:00001'], []],
    [
      ['', 'x', '10.0.0', '10.0.0.256', '1.2.3.4.5', 'fe80::1%eth0', '::1::', '1:2:3:4:5:6:7:8:9', null],
      [0, 1, 2, 3, 4, 5, 6, 7, 8].map((i) => `spec.externalIPs[${i}]`),
    ],
    [
      ['0.0.0.0', '::', '127.0.0.2', '::1', '169.254.1.1', 'fe80::a', '224.0.0.251', 'ff02::1', '::ffff:127.0.0.1'],
      [
        'spec.externalIPs[0]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
        'spec.externalIPs[1]: Invalid value: "::": may not be unspecified (::)',
        'spec.externalIPs[2]: Invalid value: "127.0.0.2": may not be in the loopback range (127.0.0.0/8, ::1/128)',
        'spec.externalIPs[3]: Invalid value: "::1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
        'spec.externalIPs[4]: Invalid value: "169.254.1.1": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
        'spec.externalIPs[5]: Invalid value: "fe80::a": may not be in the link-local range (169.254.0.0/16, fe80::/10)',
        'spec.externalIPs[6]: Invalid value: "224.0.0.251": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
        'spec.externalIPs[7]: Invalid value: "ff02::1": may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)',
        'spec.externalIPs[8]: Invalid value: "::ffff:127.0.0.1": may not be in the loopback range (127.0.0.0/8, ::1/128)',
      ],
    ],
  ];
  for (const [externalIPs, expected] of cases) {
    const got = await errors({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's', namespace: 'default' },
      spec: { ports: [{ port: 80 }], externalIPs },
    });
    const invalid = got.filter((e) => e.message.endsWith(invalidIP));
    assert.deepEqual(
      invalid.length ? invalid.map((e) => e.field) : got.map((e) => e.message),
      expected,
      JSON.stringify(externalIPs),
    );
    if (invalid.length) assert.equal(invalid.length, got.length, JSON.stringify(got));
  }
});

test("a null list item read by the fast reader (kubesense check) is Go's zero value too, as with the full reader", async () => {
  // Server (1.35): spec.externalIPs[0]: Invalid value: "": must be a valid IP address, … (kubectl sends the null).
  const text =
    'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: default}\nspec:\n  ports: [{port: 80}]\n  externalIPs: [null, "192.0.2.1"]\n';
  for (const fastValues of [false, true]) {
    const ds = await validate(parseManifestFile(text, 'case.yaml', { fastValues }), store);
    assert.deepEqual(
      ds.filter((d) => d.severity === 'error').map((d) => d.message),
      ['spec.externalIPs[0]: Invalid value: "": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
      `fastValues: ${fastValues}`,
    );
  }
});
