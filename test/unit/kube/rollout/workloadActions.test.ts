// Which tree items get which workload actions, and the Scale… box's check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replicasInputError, supports, workloadContextTags } from '../../../../client/src/model/workloadActions';

test('context tags: scale for Deployments/StatefulSets/ReplicaSets, rollout for the three rollout kinds, history for Deployments', () => {
  assert.equal(workloadContextTags({ group: 'apps', resource: 'deployments' }), '.scalable.rollout.history');
  assert.equal(workloadContextTags({ group: 'apps', resource: 'statefulsets' }), '.scalable.rollout');
  assert.equal(workloadContextTags({ group: 'apps', resource: 'daemonsets' }), '.rollout');
  assert.equal(workloadContextTags({ group: 'apps', resource: 'replicasets' }), '.scalable');
  assert.equal(workloadContextTags({ group: '', resource: 'pods' }), '');
  assert.equal(workloadContextTags({ group: 'example.com', resource: 'deployments' }), '');
  assert.ok(supports('undo', { group: 'apps', resource: 'deployments' }));
  assert.ok(!supports('undo', { group: 'apps', resource: 'statefulsets' }));
  assert.ok(supports('status', { group: 'apps', resource: 'daemonsets' }));
  assert.ok(!supports('scale', { group: 'apps', resource: 'daemonsets' }));
});

test('the replicas box accepts whole numbers from 0 and explains anything else', () => {
  for (const ok of ['0', '3', ' 12 ', '2147483647']) assert.equal(replicasInputError(ok), undefined, ok);
  for (const bad of ['', '-1', '1.5', 'three', '2147483648'])
    assert.equal(typeof replicasInputError(bad), 'string', bad);
});
