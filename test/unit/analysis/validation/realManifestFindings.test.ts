// Disagreements with the real API server found on real manifests nobody wrote for kubesense (k8s.io/kubernetes'
// e2e manifests, fixtures and kubectl's test data, through test/cluster/realManifests.ts), each pinned here as a
// minimal object with the server's verdict, against the 1.35 schema folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { storeFor } from './sharedData';

const store = storeFor('1.35');

async function errors(o: unknown): Promise<string[]> {
  const ds = await validate(parseManifestFile(JSON.stringify(o, null, 2), 'case.json'), store);
  return ds.filter((d) => d.severity === 'error').map((d) => d.message);
}

function statefulSet(volumes: unknown[], mounts: string[], claimTemplates: string[]): unknown {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 'db', namespace: 'default' },
    spec: {
      serviceName: 'db',
      selector: { matchLabels: { app: 'db' } },
      template: {
        metadata: { labels: { app: 'db' } },
        spec: {
          containers: [
            { name: 'db', image: 'db', volumeMounts: mounts.map((name) => ({ name, mountPath: `/${name}` })) },
          ],
          volumes,
        },
      },
      volumeClaimTemplates: claimTemplates.map((name) => ({
        metadata: { name },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
      })),
    },
  };
}

test("a StatefulSet's containers may mount its volumeClaimTemplates (the server adds them as volumes)", async () => {
  // Server: accepted (test/e2e/testing-manifests/statefulset/*: mounts of claim templates, no such pod volume).
  assert.deepEqual(await errors(statefulSet([], ['data'], ['data'])), []);
  // A mount of neither is still refused, as the server refuses it.
  assert.deepEqual(await errors(statefulSet([], ['logs'], ['data'])), [
    'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "logs"',
  ]);
});

test("a StatefulSet's pod volumes come after its claim templates' (the server's indices), replaced by a same-named one", async () => {
  // Server: a pod volume named like a claim template is replaced by it (its bad name is never checked); the others
  // are validated after the added volumes, so the first pod volume of a set with one claim template is volumes[1]
  // (before: volumes[0]).
  const got = await errors(
    statefulSet(
      [
        { name: 'Bad_Name', emptyDir: {} },
        { name: 'data', emptyDir: {} },
      ],
      ['data'],
      ['data'],
    ),
  );
  assert.equal(got.length, 1, got.join('\n'));
  assert.match(got[0], /^spec\.template\.spec\.volumes\[1\]\.name: Invalid value: "Bad_Name"/);
});

test('status of a kind whose create resets it is only decoded: `status: {}` of a StatefulSet is no error', async () => {
  // Server: a StatefulSet/ReplicaSet/ReplicationController with `status: {}` (their status' `replicas` is required
  // in OpenAPI) accepted: PrepareForCreate empties status before validation. A wrong JSON type there is still
  // refused (decoding).
  const sts = statefulSet([], [], []) as { status?: unknown };
  sts.status = {};
  assert.deepEqual(await errors(sts), []);
  sts.status = { replicas: 'many' };
  assert.equal((await errors(sts)).length, 1);
  const rc = {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'rc', namespace: 'default' },
    spec: {
      selector: { a: 'b' },
      template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    },
    status: { conditions: [{ reason: 'no type or status' }] },
  };
  assert.deepEqual(await errors(rc), []);
  // A Node keeps its status, but not OpenAPI's required fields of it (pkg/api/testing/node_example.json: a nodeInfo
  // without operatingSystem and architecture, accepted); a wrong type there is still refused.
  const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { nodeInfo: { machineID: 'm' } } };
  assert.deepEqual(await errors(node), []);
  assert.equal((await errors({ ...node, status: { nodeInfo: { machineID: 1 } } })).length, 1);
});

test('an absent spec is validated as Go decodes it, an empty struct, whatever OpenAPI requires', async () => {
  // Server: a CSIDriver, DeviceClass or ResourceClaim without spec accepted (test/e2e/testing-manifests/storage-csi/
  // mock/csi-mock-driverinfo.yaml); a Pod without spec refused at spec.containers (hack/testdata/pod-apply-status.yaml).
  assert.deepEqual(
    await errors({ apiVersion: 'storage.k8s.io/v1', kind: 'CSIDriver', metadata: { name: 'a.b.c' } }),
    [],
  );
  assert.deepEqual(
    await errors({ apiVersion: 'resource.k8s.io/v1', kind: 'DeviceClass', metadata: { name: 'dc' } }),
    [],
  );
  assert.deepEqual(await errors({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' } }), [
    'spec.containers: Required value',
  ]);
});

test('required fields whose Go zero value the server accepts are not required', async () => {
  // Server: a PriorityClass without value (0), a CSINode without drivers, a LimitRange without limits accepted; a
  // ControllerRevision without revision too, but not without data ("data is mandatory").
  assert.deepEqual(
    await errors({ apiVersion: 'scheduling.k8s.io/v1', kind: 'PriorityClass', metadata: { name: 'pc' } }),
    [],
  );
  assert.deepEqual(await errors({ apiVersion: 'storage.k8s.io/v1', kind: 'CSINode', metadata: { name: 'n' } }), []);
  const limitRange = { apiVersion: 'v1', kind: 'LimitRange', metadata: { name: 'l', namespace: 'default' }, spec: {} };
  assert.deepEqual(await errors(limitRange), []);
  const revision = { apiVersion: 'apps/v1', kind: 'ControllerRevision', metadata: { name: 'r', namespace: 'default' } };
  assert.deepEqual(await errors(revision), ['data: Required value: data is mandatory']);
  assert.deepEqual(await errors({ ...revision, data: { a: 1 } }), []);
});

test('review kinds are not ObjectMeta-validated; their own handlers check what the server checks', async () => {
  // Server: a SubjectAccessReview and a TokenReview without a name accepted (test/fixtures/pkg/kubectl/cmd/create/
  // sar-v1.json, tokenreview-v1.json); a SelfSubjectReview with an invalid name and label key accepted; a
  // SubjectAccessReview with a name or a label refused at `metadata` (must be empty), one without attributes at
  // spec.resourceAttributes; a LocalSubjectAccessReview whose attributes name another namespace refused.
  const sar = (metadata: unknown, spec: unknown) => ({
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SubjectAccessReview',
    metadata,
    spec,
  });
  assert.deepEqual(await errors(sar(undefined, { user: 'u', resourceAttributes: { verb: 'get' } })), []);
  assert.deepEqual(
    await errors({ apiVersion: 'authentication.k8s.io/v1', kind: 'TokenReview', spec: { token: 't' } }),
    [],
  );
  assert.deepEqual(
    await errors({
      apiVersion: 'authentication.k8s.io/v1',
      kind: 'SelfSubjectReview',
      metadata: { name: 'Bad_Name', labels: { 'bad key!': 'x' } },
    }),
    [],
  );
  assert.deepEqual(await errors(sar({ name: 'x' }, { user: 'u', resourceAttributes: { verb: 'get' } })), [
    'metadata: Invalid value: {"name":"x"}: must be empty',
  ]);
  assert.deepEqual(await errors(sar({ labels: { fuzz: '' } }, { groups: ['g'] })), [
    'spec.resourceAttributes: Invalid value: null: exactly one of nonResourceAttributes or resourceAttributes must be specified',
    'metadata: Invalid value: {"labels":{"fuzz":""}}: must be empty',
  ]);
  assert.deepEqual(
    await errors({
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'LocalSubjectAccessReview',
      metadata: { namespace: 'default' },
      spec: { groups: ['g'], resourceAttributes: { verb: 'get', namespace: 'other' } },
    }),
    ['spec.resourceAttributes.namespace: Invalid value: "other": must match metadata.namespace'],
  );
});

test("a ClusterRoleBinding's ServiceAccount subject names its namespace", async () => {
  // Server: refused at subjects[0].namespace (test/e2e/testing-manifests/storage-csi/gce-pd/csi-controller-rbac.yaml);
  // the same subject in a RoleBinding is accepted (the binding's namespace).
  const binding = (kind: string) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: 'b', namespace: 'default' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    subjects: [{ kind: 'ServiceAccount', name: 'csi' }],
  });
  assert.deepEqual(await errors(binding('ClusterRoleBinding')), ['subjects[0].namespace: Required value']);
  assert.deepEqual(await errors(binding('RoleBinding')), []);
  // Server: a subject's apiGroup other than the kind's (after defaulting) and an invalid ServiceAccount name refused.
  const subjects = [
    { kind: 'ServiceAccount', name: 'Bad_SA', apiGroup: 'x' },
    { kind: 'User', name: 'u', apiGroup: 'y' },
    { kind: 'Group', name: 'g' },
  ];
  const got = await errors({ ...binding('RoleBinding'), subjects });
  assert.deepEqual(
    got.map((m) => m.split(':')[0]),
    ['subjects[0].name', 'subjects[0].apiGroup', 'subjects[1].apiGroup'],
  );
});

test("a selector that does not match the template's labels prints them as the server does: Go's JSON of the map", async () => {
  // Server (1.35): `spec.template.metadata.labels: Invalid value: {"name":"nginx3"}: …` (hack/testdata/
  // deployment-label-change3.yaml), keys sorted; `null` without labels. kubesense printed map[string]string{…}.
  const deployment = (labels: unknown) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'default' },
    spec: {
      selector: { matchLabels: { name: 'nginx' } },
      template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    },
  });
  assert.deepEqual(await errors(deployment({ z: '1', name: 'nginx3' })), [
    'spec.template.metadata.labels: Invalid value: {"name":"nginx3","z":"1"}: `selector` does not match template `labels`',
  ]);
});

test('a PersistentVolumeClaim and a StatefulSet claim template need an access mode and a storage request', async () => {
  // Server: a PVC without spec refused at spec.accessModes and spec.resources[storage].
  assert.deepEqual(
    await errors({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'c', namespace: 'default' } }),
    ['spec.accessModes: Required value: at least 1 access mode is required', 'spec.resources[storage]: Required value'],
  );
});

test('an Ingress routes somewhere, and a ReplicationController has a selector and a template', async () => {
  // Server: an Ingress with only tls refused (sigs.k8s.io/kueue config/kueueviz/*_ingress_patch.yaml as objects):
  // `spec: Invalid value: null: either …`; a ReplicationController whose template has no labels and no selector
  // refused at spec.selector, one without template at spec.selector and spec.template.
  const ingress = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'i', namespace: 'default' },
  };
  assert.deepEqual(await errors({ ...ingress, spec: { tls: [{ hosts: ['a.b'] }] } }), [
    'spec: Invalid value: null: either `defaultBackend` or `rules` must be specified',
  ]);
  const rc = (spec: unknown) => ({
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'r', namespace: 'default' },
    spec,
  });
  assert.deepEqual(await errors(rc({ template: { spec: { containers: [{ name: 'c', image: 'i' }] } } })), [
    'spec.selector: Required value',
  ]);
  assert.deepEqual(await errors(rc({})), ['spec.selector: Required value', 'spec.template: Required value']);
});

test("a container's mount paths are unique, and a toleration with tolerationSeconds is NoExecute", async () => {
  // Server (found by the fuzzer on real DaemonSets and StatefulSets of k8s.io/kubernetes): the second mount of a
  // path refused at its mountPath; a toleration with tolerationSeconds and another effect (or none) at its effect.
  const got = await errors({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      containers: [
        {
          name: 'c',
          image: 'i',
          volumeMounts: [
            { name: 'a', mountPath: '/x' },
            { name: 'b', mountPath: '/x' },
          ],
        },
      ],
      volumes: [
        { name: 'a', emptyDir: {} },
        { name: 'b', emptyDir: {} },
      ],
      tolerations: [
        { key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 },
        { key: 'k', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 },
      ],
    },
  });
  assert.deepEqual(got.sort(), [
    'spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/x": must be unique',
    'spec.tolerations[0].effect: Invalid value: "NoSchedule": effect must be \'NoExecute\' when `tolerationSeconds` is set',
  ]);
});

test("probes' numbers and rolling-update integers as validateProbe and ValidatePositiveIntOrPercent check them", async () => {
  // Server (found by the fuzzer on real Deployments): a negative timeoutSeconds, a readiness probe's
  // terminationGracePeriodSeconds, a startup probe's successThreshold other than 1, maxUnavailable -1 refused.
  const got = await errors({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'default' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      strategy: { rollingUpdate: { maxUnavailable: -1, maxSurge: 1 } },
      template: {
        metadata: { labels: { a: 'b' } },
        spec: {
          containers: [
            {
              name: 'c',
              image: 'i',
              readinessProbe: { exec: { command: ['x'] }, timeoutSeconds: -1, terminationGracePeriodSeconds: 5 },
              startupProbe: { exec: { command: ['x'] }, successThreshold: 2 },
            },
          ],
        },
      },
    },
  });
  const c = 'spec.template.spec.containers[0]';
  assert.deepEqual(
    got.sort(),
    [
      `${c}.readinessProbe.terminationGracePeriodSeconds: Invalid value: 5: must not be set for readinessProbes`,
      `${c}.readinessProbe.timeoutSeconds: Invalid value: -1: must be greater than or equal to 0`,
      `${c}.startupProbe.successThreshold: Invalid value: 2: must be 1`,
      'spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0',
    ].sort(),
  );
});
