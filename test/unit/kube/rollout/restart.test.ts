// The restart patch is kubectl's: only the restartedAt annotation, in Go's RFC 3339 form; refusals in kubectl's words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goRFC3339, restartPatch, RestartError } from '../../../../kube/rollout/restart';
import { equalIgnoreHash } from '../../../../kube/rollout/deploymentutil';

test('restart patch stamps only the pod template annotation', () => {
  const now = new Date(Date.UTC(2026, 11, 6, 1, 2, 3, 456));
  const patch = JSON.parse(restartPatch('apps', 'StatefulSet', { spec: {} }, now));
  const stamp = patch.spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'];
  assert.deepEqual(Object.keys(patch), ['spec']);
  assert.equal(stamp, goRFC3339(now));
  assert.match(stamp, /^2026-12-0[56]T\d\d:\d\d:03(Z|[+-]\d\d:\d\d)$/);
  assert.equal(new Date(stamp).getTime(), Date.UTC(2026, 11, 6, 1, 2, 3));
});

test('paused Deployments and other kinds are refused as kubectl refuses them', () => {
  assert.throws(
    () => restartPatch('apps', 'Deployment', { spec: { paused: true } }, new Date()),
    (e: unknown) =>
      e instanceof RestartError && e.message === "can't restart paused deployment (run rollout resume first)",
  );
  assert.throws(() => restartPatch('', 'ConfigMap', {}, new Date()), /^RestartError: restarting is not supported$/);
  assert.throws(() => restartPatch('apps', 'ReplicaSet', {}, new Date()), /restarting is not supported/);
});

test('templates equal apart from pod-template-hash are equal', () => {
  const t = (labels: Record<string, string>, image: string) => ({
    metadata: { labels },
    spec: { containers: [{ name: 'a', image }] },
  });
  assert.ok(equalIgnoreHash(t({ app: 'x', 'pod-template-hash': 'abc' }, 'nginx'), t({ app: 'x' }, 'nginx')));
  assert.ok(!equalIgnoreHash(t({ app: 'x', 'pod-template-hash': 'abc' }, 'nginx'), t({ app: 'x' }, 'httpd')));
});
