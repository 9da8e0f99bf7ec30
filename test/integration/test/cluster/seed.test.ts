/**
 * The demo content: what a tree or `get` shows after seeding, checked with the reference kubectl.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { findClusterEnv } from '../../../cluster/env';
import { eventually, runKubectl } from '../../../cluster/kubectl';
import { seedCluster } from '../../../cluster/seed/seed';

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

type PodList = {
  items: {
    metadata: {
      name: string;
      namespace: string;
      labels?: Record<string, string>;
      ownerReferences?: { kind: string; name: string; uid: string }[];
    };
    status: {
      phase: string;
      containerStatuses?: { restartCount: number; state: { waiting?: { reason: string } } }[];
    };
  }[];
};

test('seeded pods show Running, Pending and Failed, owned by their workloads', { skip: !env }, async () => {
  // The controllers and kwok write these a moment after the seed: wait for each.
  const pods = async () => JSON.parse(await kubectl('get', 'pods', '-A', '-o', 'json')) as PodList;
  const find = async (ns: string, pred: (p: PodList['items'][number]) => boolean, note: (s: string) => void) => {
    const list = (await pods()).items.filter((p) => p.metadata.namespace === ns);
    note(list.map((p) => `${p.metadata.name}=${p.status.phase}`).join(' '));
    return list.find(pred) ?? undefined;
  };
  const running = await eventually('a Running frontend pod', (note) =>
    find('shop', (p) => p.metadata.labels?.app === 'frontend' && p.status.phase === 'Running', note),
  );
  await eventually('a checkout pod Pending in ImagePullBackOff', (note) =>
    find(
      'shop',
      (p) =>
        p.metadata.labels?.app === 'checkout' &&
        p.status.phase === 'Pending' &&
        p.status.containerStatuses?.[0]?.state.waiting?.reason === 'ImagePullBackOff',
      note,
    ),
  );
  await eventually('the failed manual nightly-report pod', (note) =>
    find(
      'batch',
      (p) => p.metadata.labels?.['job-name'] === 'nightly-report-manual' && p.status.phase === 'Failed',
      note,
    ),
  );
  await eventually('a crash-looping recommender pod', (note) =>
    find(
      'shop',
      (p) => p.metadata.labels?.app === 'recommender' && (p.status.containerStatuses?.[0]?.restartCount ?? 0) > 0,
      note,
    ),
  );
  const postgres = await eventually('postgres-0 Running', (note) =>
    find('data', (p) => p.metadata.name === 'postgres-0' && p.status.phase === 'Running', note),
  );
  const owner = postgres.metadata.ownerReferences?.[0];
  assert.deepEqual({ kind: owner?.kind, name: owner?.name }, { kind: 'StatefulSet', name: 'postgres' });

  // Pod -> ReplicaSet -> Deployment, each reference carrying the owner's real UID.
  const rsRef = running.metadata.ownerReferences?.find((o) => o.kind === 'ReplicaSet');
  assert.ok(rsRef && rsRef.name.startsWith('frontend-'), `frontend pod owned by ${JSON.stringify(rsRef)}`);
  const rs = JSON.parse(await kubectl('get', 'replicaset', rsRef.name, '-n', 'shop', '-o', 'json')) as {
    metadata: { uid: string; ownerReferences: { kind: string; uid: string }[] };
  };
  assert.equal(rs.metadata.uid, rsRef.uid);
  const deployUID = await kubectl('get', 'deployment', 'frontend', '-n', 'shop', '-o', 'jsonpath={.metadata.uid}');
  assert.deepEqual(
    rs.metadata.ownerReferences.map((o) => [o.kind, o.uid]),
    [['Deployment', deployUID]],
  );
});

test(
  'the seeded rollouts: frontend on its second ReplicaSet, checkout stuck on a bad image',
  { skip: !env },
  async () => {
    type RS = {
      metadata: { name: string; annotations: Record<string, string> };
      spec: { replicas: number };
      status: { readyReplicas?: number };
    };
    const replicaSets = async (app: string) =>
      (
        JSON.parse(await kubectl('get', 'replicasets', '-n', 'shop', '-l', `app=${app}`, '-o', 'json')) as {
          items: RS[];
        }
      ).items;
    const revision = (rs: RS) => rs.metadata.annotations['deployment.kubernetes.io/revision'];
    /** Waits until `accept` holds for the app's revision 1 and 2 ReplicaSets. */
    const revisions = (app: string, what: string, accept: (old: RS, current: RS) => boolean) =>
      eventually(what, async (note) => {
        const list = await replicaSets(app);
        note(
          list
            .map((rs) => `${rs.metadata.name} rev ${revision(rs)} ${rs.status.readyReplicas ?? 0}/${rs.spec.replicas}`)
            .join(', '),
        );
        const byRev = new Map(list.map((rs) => [revision(rs), rs]));
        const [old, current] = [byRev.get('1'), byRev.get('2')];
        return old && current && accept(old, current) ? true : undefined;
      });
    await revisions(
      'frontend',
      'frontend rolled out to revision 2',
      (old, current) => old.spec.replicas === 0 && current.status.readyReplicas === 3,
    );
    await revisions(
      'checkout',
      'checkout stuck: old ReplicaSet serving, new one not ready',
      (old, current) => (old.status.readyReplicas ?? 0) > 0 && !current.status.readyReplicas,
    );
  },
);

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
  assert.match(status['node-c'], /^NotReady/);
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
    'statefulset.apps/postgres',
    'daemonset.apps/node-exporter',
    'job.batch/nightly-report-manual',
    'job.batch/db-migrate',
    'cronjob.batch/heartbeat',
    'cronjob.batch/nightly-report',
    'service/frontend',
    'ingress.networking.k8s.io/shop',
    'configmap/frontend-config',
    'secret/checkout-db',
  ]) {
    assert.ok(out.includes(`${kind}\n`), `${kind} missing`);
  }
  assert.match(out, /^replicaset\.apps\/frontend-[a-z0-9]+$/m, 'the frontend Deployment has no ReplicaSet');
});
