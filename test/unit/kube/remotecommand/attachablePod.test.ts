// Which container and pod `exec`/`attach` choose (kubectl's podcmd and ActivePods order); the CLI's choices are
// also compared with kubectl's on the real cluster in test/integration/cli/exec.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Pod } from '../../../../kube/typed/generated/types/api/core/v1';
import {
  allContainerNames,
  containerOrDefault,
  lessActive,
  mostActivePod,
  podSelectorFor,
} from '../../../../kube/util/attachablePod';

const pod = (name: string, extra: Partial<Pod> = {}): Pod =>
  ({
    metadata: { name, namespace: 'ns', ...extra.metadata },
    spec: { containers: [{ name: 'app' }], ...extra.spec },
    status: extra.status,
  }) as Pod;

test('container: the named one, the annotated default, else the first with a notice when there was a choice', () => {
  const multi = pod('p', {
    spec: {
      containers: [{ name: 'a' }, { name: 'b' }],
      initContainers: [{ name: 'init' }],
      ephemeralContainers: [{ name: 'dbg' }],
    },
  });
  assert.equal(allContainerNames(multi), 'a, b, dbg (ephem), init (init)');
  assert.deepEqual(containerOrDefault(multi), {
    container: { name: 'a' },
    notice: 'Defaulted container "a" out of: a, b, dbg (ephem), init (init)',
  });
  assert.deepEqual(containerOrDefault(multi, 'init'), { container: { name: 'init' } });
  assert.throws(() => containerOrDefault(multi, 'zzz'), /^Error: container zzz not found in pod p$/);
  assert.deepEqual(containerOrDefault(pod('single')), { container: { name: 'app' }, notice: undefined });

  const annotated = {
    ...multi,
    metadata: { name: 'p', annotations: { 'kubectl.kubernetes.io/default-container': 'b' } },
  };
  assert.deepEqual(containerOrDefault(annotated), { container: { name: 'b' } });
  // An annotation naming nothing falls back to the first container.
  const stale = { ...multi, metadata: { name: 'p', annotations: { 'kubectl.kubernetes.io/default-container': 'x' } } };
  assert.equal(containerOrDefault(stale).container.name, 'a');

  assert.throws(() => containerOrDefault(pod('empty', { spec: { containers: [] } })), /does not have any containers/);
});

test('the most active pod: assigned, running, ready, not deleting, ready longest, fewest restarts, oldest', () => {
  const ready = (since: string) => ({ type: 'Ready', status: 'True', lastTransitionTime: since });
  const running = (name: string, o: { readySince?: string; created?: string; restarts?: number } = {}) =>
    pod(name, {
      metadata: { name, creationTimestamp: o.created ?? '2026-01-01T00:00:00Z' },
      spec: { nodeName: 'n', containers: [{ name: 'app' }] },
      status: {
        phase: 'Running',
        conditions: o.readySince ? [ready(o.readySince)] : [],
        containerStatuses: [{ name: 'app', restartCount: o.restarts ?? 0 } as never],
      },
    });
  const pending = pod('pending', { spec: { nodeName: 'n', containers: [] }, status: { phase: 'Pending' } });
  const unassigned = pod('unassigned', { status: { phase: 'Pending' } });
  const notReady = running('not-ready');
  const readyNew = running('ready-new', { readySince: '2026-01-02T00:00:00Z' });
  const readyOld = running('ready-old', { readySince: '2026-01-01T00:00:00Z' });
  assert.ok(lessActive(unassigned, pending));
  assert.ok(lessActive(pending, notReady));
  assert.ok(lessActive(notReady, readyNew));
  assert.ok(lessActive(readyNew, readyOld));
  assert.ok(!lessActive(readyOld, readyNew));
  assert.equal(mostActivePod([unassigned, readyNew, pending, readyOld, notReady])?.metadata?.name, 'ready-old');

  const restarted = running('restarted', { readySince: '2026-01-01T00:00:00Z', restarts: 3 });
  assert.ok(lessActive(restarted, readyOld));
  const younger = running('younger', { readySince: '2026-01-01T00:00:00Z', created: '2026-01-01T01:00:00Z' });
  assert.ok(lessActive(younger, readyOld));
  assert.equal(mostActivePod([]), undefined);
});

test('pod selectors of workloads and Services', () => {
  assert.equal(
    podSelectorFor({
      kind: 'Deployment',
      spec: {
        selector: {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['b', 'a'] }],
        },
      },
    }),
    'app=web,tier in (a,b)',
  );
  assert.equal(podSelectorFor({ kind: 'Service', spec: { selector: { app: 'web' } } }), 'app=web');
  assert.throws(
    () => podSelectorFor({ kind: 'Service', metadata: { name: 'ext' }, spec: {} }),
    /Service is defined without a selector/,
  );
  assert.throws(() => podSelectorFor({ kind: 'ConfigMap' }), /selector for ConfigMap not implemented/);
});
