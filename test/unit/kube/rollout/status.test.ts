// Every branch of kubectl's rollout status viewers (polymorphichelpers/rollout_status.go), one table row each:
// the object's spec/status in, kubectl's line (or error) and "done" out.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  daemonSetStatus,
  deploymentStatus,
  RolloutStatusError,
  statefulSetStatus,
  statusViewerFor,
} from '../../../../kube/rollout/status';

type Row = { name: string; obj: unknown; revision?: number; want: string | { error: string }; done?: boolean };

function run(viewer: (o: unknown, r: number) => { message: string; done: boolean }, rows: Row[]) {
  for (const row of rows)
    test(row.name, () => {
      if (typeof row.want === 'object') {
        assert.throws(
          () => viewer(row.obj, row.revision ?? 0),
          (e: unknown) => {
            assert.ok(e instanceof RolloutStatusError);
            assert.equal(e.message, (row.want as { error: string }).error);
            return true;
          },
        );
        return;
      }
      const got = viewer(row.obj, row.revision ?? 0);
      assert.equal(got.message, row.want);
      assert.equal(got.done, row.done ?? false);
    });
}

const deploy = (spec: object, status: object, meta: object = {}) => ({
  metadata: { name: 'web', generation: 2, ...meta },
  spec: { replicas: 3, ...spec },
  status: { observedGeneration: 2, ...status },
});

describe('Deployment status viewer', () => {
  run(deploymentStatus, [
    {
      name: 'spec not yet observed',
      obj: deploy({}, { observedGeneration: 1, updatedReplicas: 3, replicas: 3, availableReplicas: 3 }),
      want: 'Waiting for deployment spec update to be observed...\n',
    },
    {
      name: 'progress deadline exceeded',
      obj: deploy(
        {},
        {
          updatedReplicas: 1,
          conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
        },
      ),
      want: { error: 'deployment "web" exceeded its progress deadline' },
    },
    {
      name: 'new replicas being updated',
      obj: deploy({}, { updatedReplicas: 1, replicas: 4, availableReplicas: 3 }),
      want: 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...\n',
    },
    {
      name: 'old replicas pending termination',
      obj: deploy({}, { updatedReplicas: 3, replicas: 5, availableReplicas: 3 }),
      want: 'Waiting for deployment "web" rollout to finish: 2 old replicas are pending termination...\n',
    },
    {
      name: 'updated replicas not yet available',
      obj: deploy({}, { updatedReplicas: 3, replicas: 3, availableReplicas: 1 }),
      want: 'Waiting for deployment "web" rollout to finish: 1 of 3 updated replicas are available...\n',
    },
    {
      name: 'done',
      obj: deploy({}, { updatedReplicas: 3, replicas: 3, availableReplicas: 3 }),
      want: 'deployment "web" successfully rolled out\n',
      done: true,
    },
    {
      name: 'a Progressing condition that did not time out is no error',
      obj: deploy(
        {},
        {
          updatedReplicas: 3,
          replicas: 3,
          availableReplicas: 3,
          conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable' }],
        },
      ),
      want: 'deployment "web" successfully rolled out\n',
      done: true,
    },
    {
      name: 'scaled to zero',
      obj: deploy({ replicas: 0 }, {}),
      want: 'deployment "web" successfully rolled out\n',
      done: true,
    },
    {
      name: 'pinned revision is running',
      obj: deploy(
        {},
        { updatedReplicas: 3, replicas: 3, availableReplicas: 3 },
        { annotations: { 'deployment.kubernetes.io/revision': '4' } },
      ),
      revision: 4,
      want: 'deployment "web" successfully rolled out\n',
      done: true,
    },
    {
      name: 'pinned revision rolled over',
      obj: deploy({}, {}, { annotations: { 'deployment.kubernetes.io/revision': '5' } }),
      revision: 4,
      want: { error: 'desired revision (4) is different from the running revision (5)' },
    },
  ]);
});

const ds = (strategy: string | undefined, status: object, generation = 1) => ({
  metadata: { name: 'agent', generation },
  spec: { updateStrategy: strategy ? { type: strategy } : undefined },
  status: { observedGeneration: 1, desiredNumberScheduled: 4, ...status },
});

describe('DaemonSet status viewer', () => {
  run(daemonSetStatus, [
    {
      name: 'OnDelete has no rollout status',
      obj: ds('OnDelete', {}),
      want: { error: 'rollout status is only available for RollingUpdate strategy type' },
    },
    {
      name: 'spec not yet observed',
      obj: ds('RollingUpdate', { updatedNumberScheduled: 4, numberAvailable: 4 }, 2),
      want: 'Waiting for daemon set spec update to be observed...\n',
    },
    {
      name: 'pods being updated',
      obj: ds('RollingUpdate', { updatedNumberScheduled: 1, numberAvailable: 4 }),
      want: 'Waiting for daemon set "agent" rollout to finish: 1 out of 4 new pods have been updated...\n',
    },
    {
      name: 'updated pods not yet available',
      obj: ds(undefined, { updatedNumberScheduled: 4, numberAvailable: 2 }),
      want: 'Waiting for daemon set "agent" rollout to finish: 2 of 4 updated pods are available...\n',
    },
    {
      name: 'done',
      obj: ds('RollingUpdate', { updatedNumberScheduled: 4, numberAvailable: 4 }),
      want: 'daemon set "agent" successfully rolled out\n',
      done: true,
    },
  ]);
});

const sts = (strategy: object | undefined, status: object, generation = 3) => ({
  metadata: { name: 'db', generation },
  spec: { replicas: 3, updateStrategy: strategy },
  status: { observedGeneration: 3, readyReplicas: 3, ...status },
});

describe('StatefulSet status viewer', () => {
  run(statefulSetStatus, [
    {
      name: 'OnDelete has no rollout status',
      obj: sts({ type: 'OnDelete' }, {}),
      want: { error: 'rollout status is only available for RollingUpdate strategy type' },
    },
    {
      name: 'never observed (observedGeneration 0)',
      obj: sts({ type: 'RollingUpdate' }, { observedGeneration: 0 }, 0),
      want: 'Waiting for statefulset spec update to be observed...\n',
    },
    {
      name: 'spec not yet observed',
      obj: sts({ type: 'RollingUpdate' }, {}, 4),
      want: 'Waiting for statefulset spec update to be observed...\n',
    },
    {
      name: 'pods not ready',
      obj: sts({ type: 'RollingUpdate' }, { readyReplicas: 1 }),
      want: 'Waiting for 2 pods to be ready...\n',
    },
    {
      name: 'partitioned rollout in progress',
      obj: sts({ type: 'RollingUpdate', rollingUpdate: { partition: 1 } }, { updatedReplicas: 1 }),
      want: 'Waiting for partitioned roll out to finish: 1 out of 2 new pods have been updated...\n',
    },
    {
      name: 'partitioned rollout complete',
      obj: sts({ type: 'RollingUpdate', rollingUpdate: { partition: 1 } }, { updatedReplicas: 2 }),
      want: 'partitioned roll out complete: 2 new pods have been updated...\n',
      done: true,
    },
    {
      name: 'rollingUpdate without a partition is complete once ready',
      obj: sts({ type: 'RollingUpdate', rollingUpdate: {} }, { updatedReplicas: 3 }),
      want: 'partitioned roll out complete: 3 new pods have been updated...\n',
      done: true,
    },
    {
      name: 'rolling update in progress (no rollingUpdate block)',
      obj: sts(
        { type: 'RollingUpdate' },
        { updatedReplicas: 1, updateRevision: 'db-2', currentRevision: 'db-1', currentReplicas: 2 },
      ),
      want: 'waiting for statefulset rolling update to complete 1 pods at revision db-2...\n',
    },
    {
      name: 'rolling update complete',
      obj: sts(undefined, { updateRevision: 'db-2', currentRevision: 'db-2', currentReplicas: 3 }),
      want: 'statefulset rolling update complete 3 pods at revision db-2...\n',
      done: true,
    },
  ]);
});

describe('statusViewerFor', () => {
  test('apps kinds have viewers; others get kubectl’s error', () => {
    assert.equal(statusViewerFor('apps', 'Deployment'), deploymentStatus);
    assert.equal(statusViewerFor('apps', 'DaemonSet'), daemonSetStatus);
    assert.equal(statusViewerFor('apps', 'StatefulSet'), statefulSetStatus);
    assert.throws(
      () => statusViewerFor('', 'ConfigMap'),
      /^RolloutStatusError: no status viewer has been implemented for ConfigMap$/,
    );
    assert.throws(() => statusViewerFor('apps', 'ReplicaSet'), /implemented for ReplicaSet\.apps$/);
  });
});
