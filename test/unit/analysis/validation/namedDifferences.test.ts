// Differences with kube-apiserver 1.35 the README named as still open, closed: each case is the server's answer to
// a dry-run create (kubectl.1.33 --dry-run=server, 2026-12-06), message for message.
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

function hpa(spec: Record<string, unknown>, apiVersion = 'autoscaling/v2'): unknown {
  return {
    apiVersion,
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'h', namespace: 'default' },
    spec: { maxReplicas: 3, ...spec },
  };
}

test("an HPA's scale target names an API group (except a ReplicationController's), as ParseGroupVersion reads it", async () => {
  const p = 'spec.scaleTargetRef';
  const target = (apiVersion?: string, kind = 'Deployment', name = 'web') => ({
    scaleTargetRef: { ...(apiVersion === undefined ? {} : { apiVersion }), kind, name },
  });
  for (const v of ['', 'v1', '/', '/v1'])
    assert.deepEqual(await errors(hpa(target(v))), [
      `${p}.apiVersion: Invalid value: ${JSON.stringify(v)}: apiVersion must specify API group`,
    ]);
  assert.deepEqual(await errors(hpa(target(''), 'autoscaling/v1')), [
    `${p}.apiVersion: Invalid value: "": apiVersion must specify API group`,
  ]);
  assert.deepEqual(await errors(hpa(target())), [
    `${p}.apiVersion: Invalid value: "": apiVersion must specify API group`,
  ]);
  assert.deepEqual(await errors(hpa(target('a/b/c'))), [
    `${p}.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c`,
  ]);
  assert.deepEqual(await errors(hpa(target('/', 'a/b', '..'))), [
    `${p}.apiVersion: Invalid value: "/": apiVersion must specify API group`,
    `${p}.kind: Invalid value: "a/b": may not contain '/'`,
    `${p}.name: Invalid value: "..": may not be '..'`,
  ]);
  assert.deepEqual(await errors(hpa(target(undefined, 'ReplicationController'))), []);
  assert.deepEqual(await errors(hpa(target('apps/v1'))), []);
  // An HPA without scaleTargetRef: the empty struct's errors, apiVersion's included.
  assert.deepEqual(await errors(hpa({})), [
    `${p}.apiVersion: Invalid value: "": apiVersion must specify API group`,
    `${p}.kind: Required value`,
    `${p}.name: Required value`,
  ]);
});

test("an HPA's Object metric may describe a core object, but its apiVersion must parse", async () => {
  const metric = (describedObject: unknown) => ({
    type: 'Object',
    object: { describedObject, metric: { name: 'm' }, target: { type: 'Value', value: '1' } },
  });
  const spec = (...described: unknown[]) => ({
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    metrics: described.map(metric),
  });
  assert.deepEqual(await errors(hpa(spec({ kind: 'Service', name: 's' }))), []);
  const p = 'spec.metrics[1].object.describedObject';
  assert.deepEqual(
    await errors(hpa(spec({ kind: 'Service', name: 's' }, { apiVersion: 'a/b/c', kind: '%', name: '.' }))),
    [
      `${p}.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c`,
      `${p}.kind: Invalid value: "%": may not contain '%'`,
      `${p}.name: Invalid value: ".": may not be '.'`,
    ],
  );
});

test('a binding\'s roleRef.kind left out is Go\'s "", an Unsupported value as the server says (not Required)', async () => {
  const binding = (kind: string, roleRef?: Record<string, unknown>) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: 'b', ...(kind === 'RoleBinding' ? { namespace: 'default' } : {}) },
    ...(roleRef ? { roleRef } : {}),
  });
  const both = 'supported values: "Role", "ClusterRole"';
  assert.deepEqual(await errors(binding('RoleBinding', { apiGroup: 'rbac.authorization.k8s.io', name: 'x' })), [
    `roleRef.kind: Unsupported value: "": ${both}`,
  ]);
  assert.deepEqual(await errors(binding('ClusterRoleBinding', { kind: null, name: 'x' })), [
    'roleRef.kind: Unsupported value: "": supported values: "ClusterRole"',
  ]);
  assert.deepEqual(await errors(binding('ClusterRoleBinding', {})), [
    'roleRef.kind: Unsupported value: "": supported values: "ClusterRole"',
    'roleRef.name: Required value',
  ]);
  assert.deepEqual(await errors(binding('RoleBinding')), [
    `roleRef.kind: Unsupported value: "": ${both}`,
    'roleRef.name: Required value',
  ]);
  assert.deepEqual(await errors(binding('RoleBinding', { kind: 'Role', name: 'x' })), []);
});
