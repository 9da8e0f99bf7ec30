// "" at an enum field of a built-in kind (issue 12): accepted where the API server's defaulters fill it in,
// refused elsewhere — by the built-in enum check (upstream schemas publish no `enum`) and by ajv's enum check of
// cluster-style schemas (a live API server publishes `enum` for these fields). The server's own verdicts are
// asserted by test/integration/analysis/validation/emptyEnum.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { DirectorySchemaSource, SchemaStore } from '../../../../analysis/schema';
import { validate } from '../../../../analysis/validation';
import { clusterStyleStore, openapiDir, storeFor } from './sharedData';

const DOCS = `apiVersion: v1
kind: Pod
metadata: {name: enum-empty}
spec:
  containers:
    - name: app
      image: nginx
      imagePullPolicy: ""
      terminationMessagePolicy: ""
      ports: [{containerPort: 80, protocol: ""}]
      readinessProbe: {httpGet: {port: 80, scheme: ""}}
  restartPolicy: ""
  dnsPolicy: ""
  tolerations: [{key: k, operator: "", effect: ""}]
  affinity:
    nodeAffinity:
      requiredDuringSchedulingIgnoredDuringExecution:
        nodeSelectorTerms: [{matchExpressions: [{key: k, operator: "", values: [v]}]}]
---
apiVersion: v1
kind: Service
metadata: {name: enum-empty}
spec: {type: "", sessionAffinity: "", externalTrafficPolicy: "", ipFamilyPolicy: "", ports: [{port: 80, protocol: ""}]}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: enum-empty}
spec: {accessModes: [""], volumeMode: "", resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Pod
metadata: {name: still-wrong}
spec: {containers: [{name: app, image: nginx, imagePullPolicy: Sometimes}]}
`;

// Where the API server refuses "" (no defaulter; pointer fields are only defaulted when nil), and a wrong value.
const REFUSED = [
  'spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator',
  'spec.ipFamilyPolicy',
  'spec.accessModes', // Go reports an access mode at the list (the schema's enum at the item)
  'spec.volumeMode',
  'spec.containers[0].imagePullPolicy',
];

for (const [name, store] of [
  ['the built-in enum check (upstream 1.35, no published enum)', storeFor('1.35')],
  ["ajv's enum check (cluster-style schemas with enum)", clusterStyleStore()],
] as const) {
  test(`"" at a defaulted enum field is accepted, elsewhere refused: ${name}`, async () => {
    const ds = (await validate(parseManifestFile(DOCS, 'file:///t.yaml'), store)).filter((d) => d.severity === 'error');
    assert.deepEqual(ds.map((d) => d.field).sort(), [...REFUSED].sort(), ds.map((d) => d.message).join('\n'));
    const wrong = ds.find((d) => d.field === 'spec.containers[0].imagePullPolicy')!;
    // "" is no value to suggest: the server does not list it either.
    assert.match(wrong.message, /Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"$/);
  });
}

// The server's measured list (its order, without the published values its Go validation refuses) replaces only the
// enum it was measured against: a server of another version that publishes another set keeps its own, so a value it
// added is not refused (a false error on every manifest using it).
test('a measured enum list replaces only the published enum it was measured against', async () => {
  const pod = (operator: string) =>
    parseManifestFile(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: app, image: nginx}]\n` +
        `  tolerations: [{key: k, operator: ${operator}, value: "1"}]\n`,
      'file:///t.yaml',
    );
  const errors = async (store: SchemaStore, operator: string) =>
    (await validate(pod(operator), store)).filter((d) => d.severity === 'error').map((d) => d.message);
  // 1.35 publishes Gt/Lt, which its validation refuses (measured): refused, and the message is the server's — which
  // lists all four operators for Gt/Lt (their feature gate is off) and two for any other value.
  const measuredAgainst = clusterStyleStore({ 'core.Toleration.operator': ['Equal', 'Exists', 'Gt', 'Lt'] });
  for (const store of [measuredAgainst, storeFor('1.35')]) {
    for (const op of ['Gt', 'Lt'])
      assert.deepEqual(await errors(store, op), [
        `spec.tolerations[0].operator: Unsupported value: "${op}": supported values: "Equal", "Exists", "Lt", "Gt"`,
      ]);
    assert.deepEqual(await errors(store, 'Sometimes'), [
      'spec.tolerations[0].operator: Unsupported value: "Sometimes": supported values: "Equal", "Exists"',
    ]);
  }
  // A server publishing other values (one added since): held to its own enum.
  const newer = clusterStyleStore({ 'core.Toleration.operator': ['Equal', 'Exists', 'Gt', 'Lt', 'Later'] });
  assert.deepEqual(await errors(newer, 'Later'), []);
  assert.deepEqual(await errors(newer, 'Gt'), []);
  assert.match((await errors(newer, 'Sometimes'))[0], /supported values: "Equal", "Exists", "Gt", "Lt", "Later"$/);
});

// The measured lists (ENUM_VALUES) are one server version's: for a newer target a value only they refuse is a warning
// (the newer server may have added it), while a hand-written list still refuses as before.
test('offline, a value only the measured enum lists refuse is a warning for a newer Kubernetes', async () => {
  const pod = parseManifestFile(
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  preemptionPolicy: Sometimes\n` +
      `  containers: [{name: app, image: nginx, imagePullPolicy: Sometimes}]\n`,
    'file:///t.yaml',
  );
  const enumProblems = async (version: string) =>
    (await validate(pod, new SchemaStore([new DirectorySchemaSource(openapiDir('1.35'), version)])))
      .filter((d) => /Unsupported value/.test(d.message))
      .map((d) => `${d.severity} ${d.message}`)
      .sort();
  const measured =
    'spec.preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"';
  const hand =
    'spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"';
  assert.deepEqual(await enumProblems('1.35'), [`error ${hand}`, `error ${measured}`]);
  assert.deepEqual(await enumProblems('1.36'), [
    `error ${hand}`,
    `warning ${measured} (the values of Kubernetes 1.35; 1.36 may support more)`,
  ]);
});
