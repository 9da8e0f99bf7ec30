// Third batch of disagreements with kube-apiserver 1.35 found by the differential fuzzer on real manifests
// (KUBESENSE_FUZZ_EXTRA with k8s.io/kubernetes' folders), each pinned as a minimal object with the server's
// messages (probed with a dry-run create, fieldValidation=Strict).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorMessages, storeFor } from './sharedData';

const store = storeFor('1.35');
const errors = (o: unknown) => errorMessages(store, o);

const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

/** A Pod in the default namespace with the given spec. */
const pod = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec,
});

const podTemplate = (spec: Record<string, unknown>) => ({
  metadata: { labels: { a: 'b' } },
  spec: { containers: [{ name: 'c', image: 'i' }], ...spec },
});

test("a Deployment's progress deadline (600 when left out) is longer than minReadySeconds", async () => {
  const deployment = (spec: Record<string, unknown>) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'default' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: podTemplate({}), ...spec },
  });
  const p = 'spec.progressDeadlineSeconds';
  assert.deepEqual(await errors(deployment({ minReadySeconds: 600 })), [
    `${p}: Invalid value: 600: must be greater than minReadySeconds`,
  ]);
  assert.deepEqual(await errors(deployment({ minReadySeconds: 10, progressDeadlineSeconds: 5 })), [
    `${p}: Invalid value: 5: must be greater than minReadySeconds`,
  ]);
  assert.deepEqual(await errors(deployment({ progressDeadlineSeconds: 0 })), [
    `${p}: Invalid value: 0: must be greater than minReadySeconds`,
  ]);
  assert.deepEqual(await errors(deployment({ minReadySeconds: 599 })), []);
});

test("a Service port's defaulted targetPort is the port: a port out of range is reported at both", async () => {
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', namespace: 'default' },
    spec: {
      ports: [
        { name: 'a', port: 70000 },
        { name: 'b', port: -1, targetPort: '' },
        { name: 'c', port: 80, targetPort: 8080 },
      ],
    },
  };
  const range = 'must be between 1 and 65535, inclusive';
  assert.deepEqual(await errors(service), [
    `spec.ports[0].port: Invalid value: 70000: ${range}`,
    `spec.ports[0].targetPort: Invalid value: 70000: ${range}`,
    `spec.ports[1].port: Invalid value: -1: ${range}`,
    `spec.ports[1].targetPort: Invalid value: -1: ${range}`,
  ]);
});

test("an Ingress's backends, rule hosts, HTTP paths, TLS entries and class name are checked as the server does", async () => {
  const ingress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'a', namespace: 'default' },
    spec: {
      ingressClassName: 'A_B',
      defaultBackend: { service: { name: 's', port: { number: 0 } } },
      tls: [{ hosts: ['*.Ab'], secretName: 'X' }],
      rules: [
        {
          host: '1.2.3.4',
          http: {
            paths: [
              {
                path: 'foo',
                pathType: 'Prefix',
                backend: { service: { name: 'S_x', port: { name: 'a', number: 80 } } },
              },
              { path: '/a/../b', pathType: 'Exact', backend: {} },
              { path: '/a/.', pathType: 'Prefix', backend: { resource: { apiGroup: '', kind: 'a/b', name: '..' } } },
              { path: '/', pathType: 'Prefix', backend: { service: { name: 's', port: { number: 70000 } } } },
            ],
          },
        },
        { host: 'a.*.com', http: { paths: [] } },
      ],
    },
  };
  assert.deepEqual(await errors(ingress), [
    'spec.defaultBackend: Required value: port name or number is required',
    `spec.ingressClassName: Invalid value: "A_B": ${SUBDOMAIN}`,
    'spec.rules[0].host: Invalid value: "1.2.3.4": must be a DNS name, not an IP address',
    `spec.rules[0].http.paths[0].backend.service.name: Invalid value: "S_x": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
    'spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number',
    'spec.rules[0].http.paths[0].path: Invalid value: "foo": must be an absolute path',
    'spec.rules[0].http.paths[1].backend: Invalid value: "": resource or service backend is required',
    `spec.rules[0].http.paths[1].path: Invalid value: "/a/../b": must not contain '/../'`,
    `spec.rules[0].http.paths[2].backend.resource.apiGroup: Invalid value: "": ${SUBDOMAIN}`,
    `spec.rules[0].http.paths[2].backend.resource.kind: Invalid value: "a/b": may not contain '/'`,
    `spec.rules[0].http.paths[2].backend.resource.name: Invalid value: "..": may not be '..'`,
    `spec.rules[0].http.paths[2].path: Invalid value: "/a/.": cannot end with '/.'`,
    'spec.rules[0].http.paths[3].backend.service.port.number: Invalid value: 70000: must be between 1 and 65535, inclusive',
    `spec.rules[1].host: Invalid value: "a.*.com": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    'spec.rules[1].http.paths: Required value',
    `spec.tls[0].hosts[0]: Invalid value: "*.Ab": a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    `spec.tls[0].secretName: Invalid value: "X": ${SUBDOMAIN}`,
  ]);
});

test('host ports are unique per protocol and host IP (init containers each on their own); with hostNetwork they are the container port', async () => {
  const subject = pod({
    hostNetwork: true,
    initContainers: [
      { name: 'i1', image: 'i', ports: [{ containerPort: 80 }, { containerPort: 81, hostPort: 80 }] },
      { name: 'i2', image: 'i', ports: [{ containerPort: 80 }] },
    ],
    containers: [
      { name: 'a', image: 'i', ports: [{ containerPort: 443 }, { containerPort: 8080, hostPort: 9090 }] },
      { name: 'b', image: 'i', ports: [{ containerPort: 443, protocol: 'UDP' }, { containerPort: 443 }] },
    ],
  });
  assert.deepEqual(await errors(subject), [
    'spec.containers[0].ports[1].hostPort: Invalid value: 9090: must match `containerPort` when `hostNetwork` is true',
    'spec.containers[1].ports[1].hostPort: Duplicate value: "TCP//443"',
    'spec.initContainers[0].ports[1].hostPort: Duplicate value: "TCP//80"',
  ]);
  // In a template an absent host port stays 0 (defaulted when the Pod is made).
  const daemonSet = {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'd', namespace: 'default' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      template: podTemplate({
        hostNetwork: true,
        containers: [
          {
            name: 'a',
            image: 'i',
            ports: [{ containerPort: 443 }, { containerPort: 1, hostPort: 53, hostIP: '1.2.3.4' }],
          },
          {
            name: 'b',
            image: 'i',
            ports: [
              { containerPort: 443 },
              { containerPort: 53, hostPort: 53, hostIP: '1.2.3.4' },
              { containerPort: 53, hostPort: 53, protocol: 'UDP' },
            ],
          },
        ],
      }),
    },
  };
  assert.deepEqual(await errors(daemonSet), [
    'spec.template.spec.containers[0].ports[1].hostPort: Invalid value: 53: must match `containerPort` when `hostNetwork` is true',
    'spec.template.spec.containers[1].ports[1].hostPort: Duplicate value: "TCP/1.2.3.4/53"',
  ]);
});

test("an env var's valueFrom names exactly one source, and no value beside it", async () => {
  const subject = pod({
    containers: [
      {
        name: 'a',
        image: 'i',
        env: [
          { name: 'A', valueFrom: {} },
          { name: 'B', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
          {
            name: 'C',
            valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, secretKeyRef: { name: 's', key: 'k' } },
          },
          { name: 'D', value: '', valueFrom: { configMapKeyRef: { name: 's', key: 'k' } } },
        ],
      },
    ],
  });
  const p = 'spec.containers[0].env';
  assert.deepEqual(await errors(subject), [
    `${p}[0].valueFrom: Invalid value: "": must specify one of: \`fieldRef\`, \`resourceFieldRef\`, \`configMapKeyRef\`, \`secretKeyRef\` or \`fileKeyRef\``,
    `${p}[1].valueFrom: Invalid value: "": may not be specified when \`value\` is not empty`,
    `${p}[2].valueFrom: Invalid value: "": may not have more than one field specified at a time`,
  ]);
});

test('a seccomp profile without a type (Go\'s "") may not have a localhostProfile either', async () => {
  const subject = pod({
    securityContext: { seccompProfile: { localhostProfile: 'dummy.json' } },
    containers: [{ name: 'a', image: 'i' }],
  });
  const p = 'spec.securityContext.seccompProfile';
  assert.deepEqual(await errors(subject), [
    `${p}.localhostProfile: Invalid value: {"Type":"","LocalhostProfile":"dummy.json"}: can only be set when seccomp type is Localhost`,
    // Go's detail (validateSeccompProfileType), not the schema's bare `required`: namedDifferences.test.ts.
    `${p}.type: Required value: type is required when seccompProfile is set`,
  ]);
});

test('an RBAC resource rule names at least one API group and one resource (absent or null is none)', async () => {
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: 'r', namespace: 'default' },
    rules: [
      { verbs: ['get'], resources: null, apiGroups: [''] },
      { verbs: ['get'] },
      { verbs: ['get'], nonResourceURLs: ['/x'], resourceNames: ['a'] },
    ],
  };
  assert.deepEqual(await errors(role), [
    'rules[0].resources: Required value: resource rules must supply at least one resource',
    'rules[1].apiGroups: Required value: resource rules must supply at least one api group',
    'rules[1].resources: Required value: resource rules must supply at least one resource',
    'rules[2].nonResourceURLs: Invalid value: ["/x"]: namespaced rules cannot apply to non-resource URLs',
    'rules[2].nonResourceURLs: Invalid value: ["/x"]: rules cannot apply to both regular resources and non-resource URLs',
  ]);
  const clusterRole = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: 'r' },
    rules: [
      { verbs: ['get'], apiGroups: [], resources: ['pods'] },
      { verbs: ['get'], nonResourceURLs: ['/x'] },
    ],
  };
  assert.deepEqual(await errors(clusterRole), [
    'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
  ]);
});

test("a probe's or hook's HTTP header may leave out its value; its name is an HTTP token, reported at the list", async () => {
  const subject = pod({
    containers: [
      {
        name: 'a',
        image: 'i',
        livenessProbe: { httpGet: { port: 80, httpHeaders: [{ name: 'X-A' }, { name: 'a b', value: 'x' }] } },
        lifecycle: { postStart: { httpGet: { port: 80, httpHeaders: [{ value: 'x' }] } } },
      },
    ],
  });
  const header =
    "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')";
  assert.deepEqual(await errors(subject), [
    `spec.containers[0].lifecycle.postStart.httpGet.httpHeaders: Invalid value: "": ${header}`,
    `spec.containers[0].livenessProbe.httpGet.httpHeaders: Invalid value: "a b": ${header}`,
  ]);
});

test("a Job's per-index backoff, failed-index limit and success policy need the Indexed mode, which needs completions", async () => {
  const template = { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } };
  const job = (spec: Record<string, unknown>) => ({
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'j', namespace: 'default' },
    spec: { template, ...spec },
  });
  assert.deepEqual(
    await errors(
      job({ backoffLimitPerIndex: 1, maxFailedIndexes: -1, successPolicy: { rules: [{ succeededCount: 1 }] } }),
    ),
    [
      'spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
      'spec.maxFailedIndexes: Invalid value: -1: must be greater than or equal to 0',
      'spec.maxFailedIndexes: Invalid value: -1: requires indexed completion mode',
      'spec.successPolicy: Invalid value: {"Rules":[{"SucceededIndexes":null,"SucceededCount":1}]}: requires indexed completion mode',
    ],
  );
  assert.deepEqual(await errors(job({ completionMode: 'Indexed', parallelism: 100001, maxFailedIndexes: 5 })), [
    'spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified',
    'spec.completions: Required value: when completion mode is Indexed',
    'spec.parallelism: Invalid value: 100001: must be less than or equal to 100000 when completion mode is Indexed',
  ]);
  assert.deepEqual(
    await errors(job({ completionMode: 'Indexed', completions: 3, backoffLimitPerIndex: 1, maxFailedIndexes: 4 })),
    ['spec.maxFailedIndexes: Invalid value: 4: must be less than or equal to completions'],
  );
  const cronJob = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'cj', namespace: 'default' },
    spec: { schedule: '* * * * *', jobTemplate: { spec: { backoffLimitPerIndex: 1, template } } },
  };
  assert.deepEqual(await errors(cronJob), [
    'spec.jobTemplate.spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode',
  ]);
});

test("a ReplicationController's generateName is checked as the name made from it (prefix and 5 random characters)", async () => {
  const rc = (generateName: string) => ({
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { generateName, namespace: 'default' },
    spec: { selector: { a: 'b' }, template: podTemplate({}) },
  });
  for (const prefix of ['é', '.', 'A'])
    assert.deepEqual(await errors(rc(prefix)), [
      `metadata.name: Invalid value: ${JSON.stringify(prefix)} + 5 random characters (the generated name): ${SUBDOMAIN}`,
    ]);
  // The server accepts these: a trailing '-' is followed by the random characters, a long prefix is cut to 58.
  assert.deepEqual(await errors(rc('abc-')), []);
  assert.deepEqual(await errors(rc(`${'a'.repeat(60)}.`)), []);
});

test('a CertificateSigningRequest carries a PEM CERTIFICATE REQUEST, unique usages, no legacy signer, an expiry of 10 minutes or more', async () => {
  const csr = (spec: Record<string, unknown>) => ({
    apiVersion: 'certificates.k8s.io/v1',
    kind: 'CertificateSigningRequest',
    metadata: { name: 'c' },
    spec: { signerName: 'example.com/x', usages: ['client auth'], ...spec },
  });
  // A real request (openssl req -new, P-256 key) is accepted.
  const request =
    'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURSBSRVFVRVNULS0tLS0KTUlIRk1HNENBUUF3RERFS01BZ0dBMVVFQXd3QmVEQlpNQk1HQnlxR1NNNDlBZ0VHQ0NxR1NNNDlBd0VIQTBJQQpCTTE4cEZxMzgza2RFTjJlT0hkWXp2RVRLVm4yTWNqUDRDaVFQOTdCbmo0M3plRldWcXV4NWNSeSt1elJIQlE5CkJQZy9IZE1JUVg0bHRpdFBjTkgyaXhLZ0FEQUtCZ2dxaGtqT1BRUURBZ05IQURCRUFpQW5GSWJvUkk0c2V5NlYKem9tWFlYemNKcXNtNFg3UWpiUVhXalQ5enFKcFRRSWdhdFU2OEpYenRUeCtDMC85VEZtazhoeG44aVN0c2VHQwo4eTdrUDY3Z2Jodz0KLS0tLS1FTkQgQ0VSVElGSUNBVEUgUkVRVUVTVC0tLS0tCg==';
  assert.deepEqual(await errors(csr({ request })), []);
  assert.deepEqual(
    await errors(
      csr({
        request: 'YQ==',
        signerName: 'kubernetes.io/legacy-unknown',
        usages: ['client auth', 'client auth'],
        expirationSeconds: 100,
      }),
    ),
    [
      'spec.expirationSeconds: Invalid value: 100: may not specify a duration less than 600 seconds (10 minutes)',
      'spec.request: Invalid value: "YQ==": PEM block type must be CERTIFICATE REQUEST',
      'spec.signerName: Invalid value: "kubernetes.io/legacy-unknown": the legacy signerName is not allowed via this API version',
      'spec.usages[1]: Duplicate value: "client auth"',
    ],
  );
  // A PEM block of another type.
  const certificate = Buffer.from('-----BEGIN CERTIFICATE-----\nYQ==\n-----END CERTIFICATE-----\n').toString('base64');
  assert.deepEqual(await errors(csr({ request: certificate, usages: [] })), [
    `spec.request: Invalid value: "${certificate}": PEM block type must be CERTIFICATE REQUEST`,
    'spec.usages: Required value',
  ]);
});

test("an Ingress's legacy class annotation must agree with ingressClassName (reported as annotations.<key>)", async () => {
  const ingress = (className: string) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'a', namespace: 'default', annotations: { 'kubernetes.io/ingress.class': 'nginx' } },
    spec: { ingressClassName: className, defaultBackend: { service: { name: 's', port: { number: 80 } } } },
  });
  assert.deepEqual(await errors(ingress('traefik')), [
    'annotations.kubernetes.io/ingress.class: Invalid value: "nginx": must match `ingressClassName` when both are specified',
  ]);
  assert.deepEqual(await errors(ingress('nginx')), []);
});
