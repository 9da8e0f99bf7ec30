// Second batch of disagreements with kube-apiserver 1.35 found by the differential fuzzer on real manifests, each
// pinned as a minimal object with the server's verdict (probed with a dry-run create, fieldValidation=Strict).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { storeFor } from './sharedData';

const store = storeFor('1.35');

async function errors(o: unknown): Promise<string[]> {
  const ds = await validate(parseManifestFile(JSON.stringify(o, null, 2), 'case.json'), store);
  return ds
    .filter((d) => d.severity === 'error')
    .map((d) => d.message)
    .sort();
}

const template = {
  metadata: { labels: { a: 'b' } },
  spec: { containers: [{ name: 'c', image: 'i' }] },
};

function daemonSet(rollingUpdate: unknown): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name: 'd', namespace: 'default' },
    spec: { selector: { matchLabels: { a: 'b' } }, updateStrategy: { type: 'RollingUpdate', rollingUpdate }, template },
  };
}

test("a DaemonSet's rolling update has exactly one of maxSurge and maxUnavailable non-zero", async () => {
  const p = 'spec.updateStrategy.rollingUpdate';
  assert.deepEqual(await errors(daemonSet({ maxSurge: 1, maxUnavailable: 1 })), [
    `${p}.maxSurge: Invalid value: 1: may not be set when maxUnavailable is non-zero`,
  ]);
  // An absent maxUnavailable is defaulted to 1.
  assert.deepEqual(await errors(daemonSet({ maxSurge: '10%' })), [
    `${p}.maxSurge: Invalid value: "10%": may not be set when maxUnavailable is non-zero`,
  ]);
  assert.deepEqual(await errors(daemonSet({ maxSurge: '0%', maxUnavailable: 0 })), [
    `${p}.maxUnavailable: Required value: cannot be 0 when maxSurge is 0`,
  ]);
  assert.deepEqual(await errors(daemonSet({ maxSurge: 1, maxUnavailable: 0 })), []);
});

test('a StatefulSet name is a DNS label (its pods are named after it)', async () => {
  const sts = (name: string) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name, namespace: 'default' },
    spec: { serviceName: 's', selector: { matchLabels: { a: 'b' } }, template },
  });
  const long = 'a'.repeat(64);
  assert.deepEqual(await errors(sts(long)), [
    `metadata.name: Invalid value: "${long}": must be no more than 63 characters`,
  ]);
  assert.deepEqual(await errors(sts('a.b')), ['metadata.name: Invalid value: "a.b": must not contain dots']);
  assert.deepEqual(await errors(sts('a'.repeat(63))), []);
});

test('seccomp and AppArmor localhostProfile belong to type Localhost, which needs one', async () => {
  const pod = (podSc: unknown, containerSc: unknown) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { securityContext: podSc, containers: [{ name: 'c', image: 'i', securityContext: containerSc }] },
  });
  assert.deepEqual(
    await errors(
      pod(
        { seccompProfile: { type: 'RuntimeDefault', localhostProfile: 'x' } },
        { appArmorProfile: { type: 'Localhost' } },
      ),
    ),
    [
      'spec.containers[0].securityContext.appArmorProfile.localhostProfile: Required value: must be set when AppArmor type is Localhost',
      'spec.securityContext.seccompProfile.localhostProfile: Invalid value: {"Type":"RuntimeDefault","LocalhostProfile":"x"}: can only be set when seccomp type is Localhost',
    ],
  );
  assert.deepEqual(
    await errors(
      pod(
        { appArmorProfile: { type: 'RuntimeDefault', localhostProfile: 'x' } },
        { seccompProfile: { type: 'Localhost' } },
      ),
    ),
    [
      'spec.containers[0].securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost',
      'spec.securityContext.appArmorProfile.localhostProfile: Invalid value: "x": can only be set when AppArmor type is Localhost',
    ],
  );
  // An empty seccomp localhostProfile is accepted.
  assert.deepEqual(await errors(pod({ seccompProfile: { type: 'Localhost', localhostProfile: '' } }, undefined)), []);
});

test("a Node's taints need a key and an effect, unique per pair, reported under metadata.taints as the server does", async () => {
  const node = (taints: unknown[]) => ({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, spec: { taints } });
  assert.deepEqual(await errors(node([{ key: 'k' }])), ['metadata.taints[0].effect: Required value']);
  assert.deepEqual(await errors(node([{ effect: 'NoSchedule' }])), [
    `metadata.taints[0].key: Invalid value: "": name part must be non-empty`,
    `metadata.taints[0].key: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
  ]);
  assert.deepEqual(
    await errors(
      node([
        { key: 'k', effect: 'NoSchedule' },
        { key: 'k', effect: 'NoSchedule', value: 'v' },
      ]),
    ),
    [
      'metadata.taints[1]: Duplicate value: {"Key":"k","Value":"v","Effect":"NoSchedule","TimeAdded":null}: taints must be unique by key and effect pair',
    ],
  );
});

test('a null map value is Go\'s "" (matchLabels: {a: null} selects a="")', async () => {
  const deployment = (label: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'default' },
    spec: {
      selector: { matchLabels: { a: null } },
      template: { ...template, metadata: { labels: { a: label } } },
    },
  });
  assert.deepEqual(await errors(deployment('')), []);
  assert.deepEqual(await errors(deployment('b')), [
    'spec.template.metadata.labels: Invalid value: {"a":"b"}: `selector` does not match template `labels`',
  ]);
});

test('an absent struct Go holds by value is validated as its zero value, required by OpenAPI or not', async () => {
  // Server: a ResourceClaimTemplate with `spec: {}` accepted (its spec.spec is an empty ResourceClaimSpec).
  const rct = {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaimTemplate',
    metadata: { name: 'r', namespace: 'default' },
    spec: {},
  };
  assert.deepEqual(await errors(rct), []);
  // A pod template without spec, a Job without template, an HPA without scaleTargetRef: the empty struct's errors.
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'default' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } } } },
  };
  assert.deepEqual(await errors(deployment), ['spec.template.spec.containers: Required value']);
  const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j', namespace: 'default' }, spec: {} };
  assert.deepEqual(await errors(job), [
    'spec.template.spec.containers: Required value',
    'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"',
  ]);
  const hpa = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'h', namespace: 'default' },
    spec: { maxReplicas: 2 },
  };
  const got = await errors(hpa);
  assert.ok(got.includes('spec.scaleTargetRef.kind: Required value'), got.join('\n'));
  assert.ok(got.includes('spec.scaleTargetRef.name: Required value'), got.join('\n'));
});

test('a generateName over 253 characters is refused where the server checks it, not on a ReplicationController', async () => {
  // Server: the generated name is truncated, but generateName itself must be a DNS subdomain prefix.
  const pod = (generateName: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName, namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'i' }] },
  });
  assert.deepEqual(await errors(pod('a'.repeat(253))), []);
  assert.equal((await errors(pod('a'.repeat(254)))).length, 1);
  // A ReplicationController's is never checked itself (ValidateObjectMetaWithOpts): only the generated name, truncated.
  const rc = {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { generateName: 'a'.repeat(300), namespace: 'default' },
    spec: { selector: { a: 'b' }, template },
  };
  assert.deepEqual(await errors(rc), []);
});

test('a CSIDriver\'s volumeLifecycleModes are Persistent or Ephemeral (a null item is ""), reported at the list', async () => {
  const csi = (modes: unknown[]) => ({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSIDriver',
    metadata: { name: 'a.b.c' },
    spec: { volumeLifecycleModes: modes },
  });
  assert.deepEqual(await errors(csi([null])), [
    'spec.volumeLifecycleModes: Unsupported value: "": supported values: "Persistent", "Ephemeral"',
  ]);
  assert.deepEqual(await errors(csi(['Persistent', 'Ephemeral'])), []);
});

// Found by test/cluster/realManifests.ts on real projects' manifests (kueue's APIService patch) and by probing beside
// them (null-valued unknown fields).

const apiService = (metadata: unknown, spec?: unknown) => ({
  apiVersion: 'apiregistration.k8s.io/v1',
  kind: 'APIService',
  metadata,
  ...(spec === undefined ? {} : { spec }),
});
const mustBe = (name: string) => `must be \`spec.version+"."+spec.group\`: "${name}"`;
const DNS1035 = `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`;

test('an APIService is validated as kube-aggregator does (ValidateAPIService)', async () => {
  // A kustomize patch without spec (kueue's apiservice_cainjection_patch.yaml): Go's zero spec, priorities 0.
  assert.deepEqual(await errors(apiService({ name: 'v1beta1.x.example.com' })), [
    `metadata.name: Invalid value: "v1beta1.x.example.com": ${mustBe('.')}`,
    'spec.group: Required value: only v1 may have an empty group and it better be legacy kube',
    'spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than 20000',
    `spec.version: Invalid value: "": ${DNS1035}`,
    'spec.versionPriority: Invalid value: 0: must be positive and less than 1000',
  ]);
  const spec = { group: 'g.example.com', version: 'v1', groupPriorityMinimum: 20000, versionPriority: 1000 };
  // The upper bounds are accepted ("less than" is not what Go checks).
  assert.deepEqual(await errors(apiService({ name: 'v1.g.example.com' }, spec)), []);
  assert.deepEqual(await errors(apiService({ name: 'v1.h.example.com' }, spec)), [
    `metadata.name: Invalid value: "v1.h.example.com": ${mustBe('v1.g.example.com')}`,
  ]);
  // A generated name ends in random characters: never version.group.
  assert.deepEqual(await errors(apiService({ generateName: 'x-' }, spec)), [
    `metadata.generateName: Invalid value: "x-": ${mustBe('v1.g.example.com')}`,
    `metadata.name: Invalid value: "x-" + 5 random characters (the generated name): ${mustBe('v1.g.example.com')}`,
  ]);
  const local = { ...spec, caBundle: 'aGVsbG8=', insecureSkipTLSVerify: true };
  assert.deepEqual(await errors(apiService({ name: 'v1.g.example.com' }, local)), [
    'spec.caBundle: Invalid value: "5 bytes": local APIServices may not have a caBundle',
    'spec.insecureSkipTLSVerify: Invalid value: true: local APIServices may not have insecureSkipTLSVerify',
  ]);
  assert.deepEqual(await errors(apiService({ name: 'v1.g.example.com' }, { ...local, service: { port: 0 } })), [
    'spec.insecureSkipTLSVerify: Invalid value: true: may not be true if caBundle is present',
    'spec.service.name: Required value',
    'spec.service.namespace: Required value',
    'spec.service.port: Invalid value: 0: port is not valid: must be between 1 and 65535, inclusive',
  ]);
  // An absent port is 443.
  assert.deepEqual(
    await errors(apiService({ name: 'v1.g.example.com' }, { ...spec, service: { name: 'a', namespace: 'b' } })),
    [],
  );
});

test('an unknown field whose value is null is refused by strict decoding (a key left empty in YAML too)', async () => {
  assert.deepEqual(
    await errors({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'd', bogus: null } }),
    ['unknown field "metadata.bogus"'],
  );
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'd' } };
  assert.deepEqual(await errors({ ...service, spec: { ports: [{ port: 80, bogus: null }] } }), [
    'unknown field "spec.ports[0].bogus"',
  ]);
  // Known fields and map keys may be null (Go's zero value).
  assert.deepEqual(
    await errors({
      ...service,
      metadata: { ...service.metadata, labels: { a: null } },
      spec: { ports: [{ port: 80, name: null }] },
    }),
    [],
  );
});
