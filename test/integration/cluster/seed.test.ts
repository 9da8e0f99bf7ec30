/**
 * The demo content: what a tree or `get` shows after seeding, checked with the reference kubectl.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { findClusterEnv } from '../../cluster/env';
import { runKubectl } from '../../cluster/kubectl';
import { seedCluster } from '../../cluster/seed/seed';

const env = findClusterEnv();

before(async () => {
  // with-cluster --seed has done it already; otherwise seed now (it is idempotent).
  if (env && process.env.KUBESENSE_TEST_SEEDED !== '1') await seedCluster(env.kubeconfig);
});

const kubectl = async (...args: string[]) => {
  const res = await runKubectl(args, { kubeconfig: env!.kubeconfig });
  assert.equal(res.code, 0, res.stderr);
  return res.stdout;
};

test('seeded pods show Running, Pending and Failed, owned by their workloads', { skip: !env }, async () => {
  const pods = JSON.parse(await kubectl('get', 'pods', '-A', '-o', 'json')) as {
    items: {
      metadata: { name: string; namespace: string; ownerReferences?: { kind: string; name: string }[] };
      status: { phase: string };
    }[];
  };
  const phase = (ns: string, name: string) =>
    pods.items.find((p) => p.metadata.namespace === ns && p.metadata.name === name)?.status.phase;
  assert.equal(phase('shop', 'frontend-5d8f7c9b64-x7k2p'), 'Running');
  assert.equal(phase('shop', 'checkout-7b9d6c5f48-c3p0v'), 'Pending');
  assert.equal(phase('batch', 'nightly-report-29400000-5tq8n'), 'Failed');
  const owner = pods.items.find((p) => p.metadata.name === 'postgres-0')?.metadata.ownerReferences?.[0];
  assert.deepEqual({ kind: owner?.kind, name: owner?.name }, { kind: 'StatefulSet', name: 'postgres' });

  // The ReplicaSet's owner reference carries the Deployment's real UID.
  const deployUID = await kubectl('get', 'deployment', 'frontend', '-n', 'shop', '-o', 'jsonpath={.metadata.uid}');
  const rsOwnerUID = await kubectl(
    'get',
    'replicaset',
    'frontend-5d8f7c9b64',
    '-n',
    'shop',
    '-o',
    'jsonpath={.metadata.ownerReferences[0].uid}',
  );
  assert.equal(rsOwnerUID, deployUID);
});

test('seeded nodes report Ready and NotReady', { skip: !env }, async () => {
  const out = await kubectl('get', 'nodes', '--no-headers');
  const status = Object.fromEntries(
    out
      .trim()
      .split('\n')
      .map((l) => l.split(/\s+/).slice(0, 2)),
  );
  assert.equal(status['node-a'], 'Ready');
  assert.equal(status['node-b'], 'Ready');
  assert.equal(status['node-c'], 'NotReady');
});

test('the seeded custom resources print their CRD’s columns', { skip: !env }, async () => {
  const out = await kubectl('get', 'backups', '-n', 'data', '-o', 'wide');
  const [header, ...rows] = out.trim().split('\n');
  assert.match(header, /^NAME\s+TARGET\s+SCHEDULE\s+PHASE\s+SIZE\s+AGE$/);
  assert.match(
    rows.find((r) => r.startsWith('postgres-nightly'))!,
    /postgres\s+0 2 \* \* \*\s+Succeeded\s+12\.4Gi/,
  );
});

test('every kind the demo needs is there', { skip: !env }, async () => {
  const out = await kubectl(
    'get',
    'deployments,replicasets,statefulsets,daemonsets,jobs,cronjobs,services,ingresses,configmaps,secrets',
    '-A',
    '-o',
    'name',
  );
  for (const kind of [
    'deployment.apps/frontend',
    'replicaset.apps/frontend-5d8f7c9b64',
    'statefulset.apps/postgres',
    'daemonset.apps/node-exporter',
    'job.batch/nightly-report-29400000',
    'cronjob.batch/nightly-report',
    'service/frontend',
    'ingress.networking.k8s.io/shop',
    'configmap/frontend-config',
    'secret/checkout-db',
  ]) {
    assert.ok(out.includes(`${kind}\n`), `${kind} missing`);
  }
});
