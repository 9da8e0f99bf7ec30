// scale and rollout on the living test cluster (real controller manager, kwok kubelets): kubesense's commands
// make the ReplicaSets kubectl's would, and print what kubectl.1.33 prints (stdout, stderr, exit code) for the
// same state. The test makes its own namespace and workloads; the seed is only read.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findClusterEnv } from '../../../cluster/env';
import { eventually, runKubectl } from '../../../cluster/kubectl';
import { deploymentManifest } from '../../../cluster/manifests';
import { main } from '../../../../cli/main';

const env = findClusterEnv();
const ns = `it-rollout-${Date.now().toString(36)}`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function kubesense(...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main([`--kubeconfig=${env!.kubeconfig}`, '-n', ns, ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { ...process.env, KUBECONFIG: env!.kubeconfig },
    cwd: process.cwd(),
  });
  return { code, stdout, stderr };
}

const kubectl = (...args: string[]) => runKubectl(['-n', ns, ...args], { kubeconfig: env!.kubeconfig });

/** kubectl first, then kubesense, on the same unchanged state: the three outputs must be identical. */
async function same(...args: string[]): Promise<Run> {
  const ran = await kubectl(...args);
  // Usage hints name the program: kubectl's "See 'kubectl rollout status --help'" is ours with our name.
  const want = { ...ran, stderr: ran.stderr.replace(/'kubectl(\.1\.33)? /g, "'kubesense ") };
  const got = await kubesense(...args);
  assert.deepEqual(got, want, `kubesense ${args.join(' ')}`);
  return got;
}

async function ok(...args: string[]): Promise<string> {
  const r = await kubesense(...args);
  assert.equal(r.code, 0, `kubesense ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

type RS = {
  metadata: { name: string; annotations?: Record<string, string> };
  spec: { replicas: number; template: { metadata: { annotations?: Record<string, string> }; spec: unknown } };
  status: { readyReplicas?: number };
};
type Deploy = { spec: { template: { metadata: { annotations?: Record<string, string> }; spec: unknown } } };

async function getJSON<T>(...args: string[]): Promise<T> {
  const r = await kubectl('get', ...args, '-o', 'json');
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}
const replicaSets = async (app: string) => (await getJSON<{ items: RS[] }>('replicasets', '-l', `app=${app}`)).items;

describe('kubesense scale and rollout on the test cluster', { skip: !env }, () => {
  before(async () => {
    const r = await runKubectl(['create', 'namespace', ns], { kubeconfig: env!.kubeconfig });
    assert.equal(r.code, 0, r.stderr);
    await eventually('default ServiceAccount', async () =>
      (await kubectl('get', 'serviceaccount', 'default')).code === 0 ? true : undefined,
    );
    const apply = await runKubectl(['apply', '--server-side', '-f', '-'], {
      kubeconfig: env!.kubeconfig,
      input: deploymentManifest({ name: 'web', namespace: ns, replicas: 2, ports: [8080] }),
    });
    assert.equal(apply.code, 0, apply.stderr);
  });
  after(async () => {
    if (env) await runKubectl(['delete', 'namespace', ns, '--wait=false'], { kubeconfig: env.kubeconfig });
  });

  test('rollout status follows a new Deployment until it has rolled out', async () => {
    const r = await kubesense('rollout', 'status', 'deployment/web', '--timeout=60s');
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n').filter(Boolean);
    assert.equal(lines.at(-1), 'deployment "web" successfully rolled out');
    for (const l of lines.slice(0, -1)) assert.match(l, /^Waiting for deployment/);
    // Once done, both print the same single line.
    await same('rollout', 'status', 'deployment/web');
    await same('rollout', 'status', 'deploy', 'web', '--watch=false');
  });

  test('scale through the scale subresource, with kubectl’s preconditions', async () => {
    assert.equal(await ok('scale', 'deployment/web', '--replicas=4'), 'deployment.apps/web scaled\n');
    await eventually('one ReplicaSet scaled to 4', async () => {
      const sets = await replicaSets('web');
      return sets.length === 1 && sets[0].spec.replicas === 4 ? true : undefined;
    });
    await same('scale', 'deployment/web', '--current-replicas=3', '--replicas=5');
    await same('scale', 'deployment/web', '--replicas=-1');
    await same('scale', 'configmap/kube-root-ca.crt', '--replicas=1');
    // The precondition holds: scaled (kubectl prints the same, checked by scaling back with it).
    assert.equal(
      await ok('scale', 'deploy', 'web', '--current-replicas=4', '--replicas=3'),
      'deployment.apps/web scaled\n',
    );
    const back = await kubectl('scale', 'deploy', 'web', '--current-replicas=3', '--replicas=4');
    assert.deepEqual(back, { code: 0, stdout: 'deployment.apps/web scaled\n', stderr: '' });
    const done = await kubesense('rollout', 'status', 'deployment/web', '--timeout=60s');
    assert.match(done.stdout, /deployment "web" successfully rolled out\n$/);
  });

  test('rollout restart makes a new ReplicaSet and scales the old one down', async () => {
    const before = Date.now();
    assert.equal(await ok('rollout', 'restart', 'deployment/web'), 'deployment.apps/web restarted\n');
    const after = Date.now();
    const d = await getJSON<Deploy>('deployment', 'web');
    const stamp = d.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'] ?? '';
    assert.match(stamp, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    // The time of the restart call (to the second the stamp keeps), however long the call took.
    assert.ok(Date.parse(stamp) > before - 1000 && Date.parse(stamp) <= after, `${stamp} not within the call`);
    const status = await kubesense('rollout', 'status', 'deployment/web', '--timeout=90s');
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /deployment "web" successfully rolled out\n$/);
    const sets = await eventually('new ReplicaSet has all 4, old has 0', async (note) => {
      const rs = await replicaSets('web');
      note(JSON.stringify(rs.map((s) => [s.metadata.name, s.spec.replicas, s.status.readyReplicas])));
      const fresh = rs.find((s) => s.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt']);
      const old = rs.find((s) => s !== fresh);
      return rs.length === 2 &&
        fresh?.spec.replicas === 4 &&
        fresh.status.readyReplicas === 4 &&
        old?.spec.replicas === 0
        ? rs
        : undefined;
    });
    assert.equal(sets.length, 2);
    await same('rollout', 'history', 'deployment/web');
    await same('rollout', 'history', 'deployment/web', '--revision=2');
    await same('rollout', 'restart', 'configmap/kube-root-ca.crt');
  });

  test('rollout undo returns to the previous template; undo to the current one is skipped', async () => {
    const rev1 = (await replicaSets('web')).find(
      (s) => s.metadata.annotations?.['deployment.kubernetes.io/revision'] === '1',
    );
    assert.ok(rev1);
    assert.equal(await ok('rollout', 'undo', 'deployment/web'), 'deployment.apps/web rolled back\n');
    const d = await getJSON<Deploy>('deployment', 'web');
    assert.equal(d.spec.template.metadata.annotations?.['kubectl.kubernetes.io/restartedAt'], undefined);
    assert.deepEqual(d.spec.template.spec, rev1.spec.template.spec);
    const status = await kubesense('rollout', 'status', 'deployment/web', '--timeout=90s');
    assert.match(status.stdout, /deployment "web" successfully rolled out\n$/);
    // Revision 1 became revision 3 (the controller renumbers the ReplicaSet it brought back).
    const history = await same('rollout', 'history', 'deployment/web');
    assert.match(history.stdout, /^deployment\.apps\/web \nREVISION {2}CHANGE-CAUSE\n2 +<none>\n3 +<none>\n\n$/);
    await same('rollout', 'undo', 'deployment/web', '--to-revision=3');
    await same('rollout', 'undo', 'deployment/web', '--to-revision=7');
    await same('rollout', 'history', 'deployment/web', '--revision=7');
    await same('rollout', 'status', 'deployment/web', '--revision=2');
  });

  test('a stuck rollout times out as kubectl’s does; missing objects and kinds fail alike', async () => {
    const apply = await runKubectl(['apply', '--server-side', '-f', '-'], {
      kubeconfig: env!.kubeconfig,
      input: deploymentManifest({ name: 'stuck', namespace: ns, replicas: 1, image: 'registry.invalid/x:1' }),
    });
    assert.equal(apply.code, 0, apply.stderr);
    const r = await kubesense('rollout', 'status', 'deployment/stuck', '--timeout=2s');
    assert.equal(r.code, 1);
    assert.equal(r.stderr, 'error: timed out waiting for the condition\n');
    assert.match(r.stdout, /^(Waiting for deployment .*\n)+$/);
    await same('rollout', 'status', 'deployment/nope');
    await same('rollout', 'status', 'configmap/kube-root-ca.crt');
    await same('rollout', 'history', 'configmap/kube-root-ca.crt');
    await same('rollout', 'undo', 'configmap/kube-root-ca.crt');
    await same('rollout', 'undo', 'deployment/stuck');
    await same('rollout', 'status');
    await same('scale', '--replicas=1');
    await same('scale', 'deployment/web');
    await same('scale', 'deployment', '--replicas=1');
    await same('scale', 'deployment', '-l', 'app=none', '--replicas=1');
    await same('scale', 'deployment/web', '-l', 'app=web', '--replicas=1');
    await same('rollout', 'restart', 'deployment', '-l', 'app=none');
    await same('rollout', 'status', 'deployment', '-l', 'app=none');
    await same('rollout', 'status', 'deployment/web', 'deployment/nope', '--watch=false');
    await same('rollout', 'status', 'deployment/web', '--timeout=soon');
    await same('rollout', 'history', 'deployment/web', 'deployment/nope');
    await same('rollout', 'history', 'deployment/web', '--revision=-1');
    await same('rollout', 'undo', 'deployment/web', '--to-revision=2', '--dry-run=client');
    await same('rollout', 'undo', 'deployment/web', '--to-revision=2', '--dry-run=server');
  });

  test('DaemonSet and StatefulSet restart and status', async () => {
    const labels = { app: 'agent' };
    const template = { metadata: { labels }, spec: { containers: [{ name: 'a', image: 'nginx:1.27' }] } };
    const objects = [
      {
        apiVersion: 'apps/v1',
        kind: 'DaemonSet',
        metadata: { name: 'agent', namespace: ns },
        spec: { selector: { matchLabels: labels }, template },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db', namespace: ns },
        spec: {
          replicas: 2,
          serviceName: 'db',
          selector: { matchLabels: { app: 'db' } },
          template: { ...template, metadata: { labels: { app: 'db' } } },
        },
      },
    ];
    const apply = await runKubectl(['apply', '--server-side', '-f', '-'], {
      kubeconfig: env!.kubeconfig,
      input: objects.map((o) => JSON.stringify(o)).join('\n'),
    });
    assert.equal(apply.code, 0, apply.stderr);
    for (const [obj, done] of [
      ['daemonset/agent', /daemon set "agent" successfully rolled out\n$/],
      ['statefulset/db', /partitioned roll out complete: 2 new pods have been updated...\n$/],
    ] as const) {
      const first = await kubesense('rollout', 'status', obj, '--timeout=90s');
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, done);
      assert.match(await ok('rollout', 'restart', obj), / restarted\n$/);
      const after = await kubesense('rollout', 'status', obj, '--timeout=90s');
      assert.equal(after.code, 0, after.stderr);
      assert.match(after.stdout, done);
      await same('rollout', 'status', obj);
    }
  });
});
