// The extension's workload actions (client/src/model/workloadActions.ts) on the living cluster, outside VS Code:
// the Scale… box's starting value and precondition, Restart, the Rollout Status lines, and the Undo picker.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findClusterEnv } from '../../../cluster/env';
import { eventually, runKubectl } from '../../../cluster/kubectl';
import { deploymentManifest } from '../../../cluster/manifests';
import { seedCluster } from '../../../cluster/seed/seed';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { RESTClient } from '../../../../kube/rest/client';
import { WorkloadActions, type WorkloadRef } from '../../../../client/src/model/workloadActions';

const env = findClusterEnv();
const ns = `it-wlactions-${Date.now().toString(36)}`;
const ref: WorkloadRef = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  kind: 'Deployment',
  namespace: ns,
  name: 'shop',
};

describe('workload actions of the explorer', { skip: !env }, () => {
  let actions: WorkloadActions;
  const kubectl = (...args: string[]) => runKubectl(['-n', ns, ...args], { kubeconfig: env!.kubeconfig });

  before(async () => {
    // Rollouts complete only where kwok's seeded nodes run the pods: without them followStatus waits forever.
    if (process.env.KUBESENSE_TEST_SEEDED !== '1') await seedCluster(env!.kubeconfig);
    assert.equal((await runKubectl(['create', 'namespace', ns], { kubeconfig: env!.kubeconfig })).code, 0);
    await eventually('default ServiceAccount', async () =>
      (await kubectl('get', 'serviceaccount', 'default')).code === 0 ? true : undefined,
    );
    const r = await runKubectl(['apply', '--server-side', '-f', '-'], {
      kubeconfig: env!.kubeconfig,
      input: deploymentManifest({ name: 'shop', namespace: ns, replicas: 1 }),
    });
    assert.equal(r.code, 0, r.stderr);
    const config = restConfigFromFile(env!.kubeconfig, 'admin');
    actions = new WorkloadActions(new RESTClient(config));
  });
  after(async () => {
    if (env) await runKubectl(['delete', 'namespace', ns, '--wait=false'], { kubeconfig: env.kubeconfig });
  });

  test('status, scale with the seen replicas as precondition, restart, undo from the picker', async () => {
    const lines: string[] = [];
    const done = await actions.followStatus(ref, (s) => lines.push(s.message));
    assert.equal(done.message, 'deployment "shop" successfully rolled out\n');
    assert.equal(lines.at(-1), done.message);

    const seen = await actions.currentReplicas(ref);
    assert.equal(seen, 1);
    assert.equal(await actions.scale(ref, 2, seen), 'deployment.apps/shop scaled to 2');
    // Someone else scaled meanwhile: the box's value is stale, the scale is refused, not applied.
    await assert.rejects(actions.scale(ref, 5, seen), /^ScalePreconditionError: Expected replicas to be 1, was 2$/);
    assert.equal(await actions.currentReplicas(ref), 2);

    // A change-cause is free text: shown in the picker as written, `$(date)` escaped so VS Code shows no icon.
    const cause = await kubectl('annotate', 'deployment', 'shop', 'kubernetes.io/change-cause=restarted at $(date)');
    assert.equal(cause.code, 0, cause.stderr);
    assert.equal(await actions.restart(ref), 'deployment.apps/shop restarted');
    await actions.followStatus(ref, () => undefined);
    const items = await actions.revisions(ref);
    assert.deepEqual(
      items.map((i) => [i.label, i.current]),
      [
        ['Revision 2', true],
        ['Revision 1', false],
      ],
    );
    assert.match(items[1].detail, /^nginx:1\.27 · .* ago · shop-[a-z0-9]+$/);
    assert.equal(items[0].description, 'current · restarted at \\$(date)');
    assert.equal(await actions.undo(ref, 1), 'deployment.apps/shop rolled back to revision 1');
    await actions.followStatus(ref, () => undefined);
    assert.equal(
      await actions.undo(ref, 3),
      'deployment.apps/shop skipped rollback (current template already matches revision 3)',
    );
    const workloads = await actions.listWorkloads(ns, 'undo');
    assert.deepEqual(
      workloads.map((w) => `${w.kind}/${w.name}`),
      ['Deployment/shop'],
    );
  });

  test('a cancelled status follow ends at once', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(
      actions.followStatus(ref, () => undefined, controller.signal),
      /timed out waiting/,
    );
  });
});
