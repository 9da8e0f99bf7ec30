// Differential tests: `kubesense logs` against `kubectl.1.33 logs` on the same real cluster (stdout, stderr, exit
// code). The previous instance's log is fixed, so those runs compare byte for byte; the current log grows about
// once a second, so that run compares the lines both saw (up to the last line kubectl printed first).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findClusterEnv } from '../../cluster/env';
import { eventually, runKubectl } from '../../cluster/kubectl';
import { seedCluster } from '../../cluster/seed/seed';
import { runKubesense, type Run } from './run';
import { normalize } from './normalize';

const env = findClusterEnv();
const ns = `it-cli-logs-${Date.now().toString(36)}`;

const kubesense = (args: string[]) => runKubesense([`--kubeconfig=${env!.kubeconfig}`, ...args], { KUBECONFIG: '' });

const kubectl = (args: string[], input?: string) => runKubectl(args, { kubeconfig: env!.kubeconfig, input });

async function same(args: string[], compare: (out: string) => string = (s) => s): Promise<Run> {
  const full = ['logs', '-n', ns, ...args];
  const want = await kubectl(full);
  const got = await kubesense(full);
  assert.equal(got.code, want.code, `exit code of logs ${args.join(' ')}: ${got.stderr} / kubectl: ${want.stderr}`);
  assert.equal(normalize(got.stderr), normalize(want.stderr), `stderr of logs ${args.join(' ')}`);
  assert.equal(compare(got.stdout), compare(want.stdout), `stdout of logs ${args.join(' ')}`);
  return got;
}

const sortedLines = (s: string) => s.split('\n').sort().join('\n');

const pod = (name: string, labels: Record<string, string>, containers: string[], init: string[] = []) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, labels },
  spec: {
    initContainers: init.map((n) => ({ name: n, image: 'busybox' })),
    containers: containers.map((n) => ({ name: n, image: 'nginx' })),
  },
});

const template = (app: string) => ({
  metadata: { labels: { app } },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
});

describe('kubesense logs vs kubectl.1.33 logs', { skip: !env }, () => {
  before(async () => {
    if (process.env.KUBESENSE_TEST_SEEDED !== '1') await seedCluster(env!.kubeconfig);
    assert.equal((await kubectl(['create', 'namespace', ns])).code, 0);
    await eventually('default ServiceAccount', async () =>
      (await kubectl(['get', 'sa', 'default', '-n', ns])).code === 0 ? true : undefined,
    );
    const objects = [
      pod('multi', { app: 'multi' }, ['web', 'sidecar'], ['init-db']),
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'web' },
        spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: template('web') },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: 'empty' },
        spec: { replicas: 0, selector: { matchLabels: { app: 'empty' } }, template: template('empty') },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'StatefulSet',
        metadata: { name: 'db' },
        spec: { replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: template('db') },
      },
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'web' },
        spec: { selector: { app: 'web' }, ports: [{ port: 80 }] },
      },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'headless' }, spec: { ports: [{ port: 80 }] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } },
    ];
    const applied = await kubectl(
      ['apply', '-n', ns, '-f', '-'],
      JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }),
    );
    assert.equal(applied.code, 0, applied.stderr);
    await eventually(
      'pods running',
      async (note) => {
        const r = await kubectl([
          'get',
          'pods',
          '-n',
          ns,
          '-o',
          'jsonpath={range .items[*]}{.metadata.name}={.status.phase} {end}',
        ]);
        note(r.stdout);
        const running = r.stdout
          .trim()
          .split(' ')
          .filter((p) => p.endsWith('=Running'));
        return running.length === 4 ? true : undefined;
      },
      60_000,
    );
  });
  after(async () => {
    if (env) await kubectl(['delete', 'namespace', ns, '--wait=false']);
  });

  test('the previous instance’s log: whole, tail, timestamps, limit-bytes, prefix, since-time', async () => {
    await same(['multi', '-c', 'web', '-p']);
    await same(['multi', '-c', 'web', '-p', '--tail=3', '--timestamps']);
    await same(['multi', '-c', 'sidecar', '-p', '--limit-bytes=70']);
    await same(['multi', '--container=sidecar', '-p', '--tail=2', '--prefix']);
    await same(['multi', 'sidecar', '-p', '--tail=1']);
    const stamped = (await kubectl(['logs', '-n', ns, 'multi', '-c', 'web', '-p', '--timestamps'])).stdout.split('\n');
    const third = new Date(Date.parse(stamped[2]!.split(' ')[0]!) + 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    const since = await same(['multi', '-c', 'web', '-p', `--since-time=${third}`, '--timestamps']);
    assert.ok(since.stdout.split('\n').length < stamped.length, 'since-time left out the older lines');
  });

  test('container choice: the default one with kubectl’s notice, all containers, a named one', async () => {
    await same(['multi', '-p', '--tail=2']);
    // kubectl 1.33 prints several containers in Go's random map order: compare the lines, not their order.
    await same(['multi', '--all-containers', '-p', '--tail=1', '--prefix'], sortedLines);
  });

  test('TYPE/NAME: the pod kubectl picks for a Deployment, StatefulSet, Service; a label selector', async () => {
    await same(['deploy/web', '-p', '--tail=1', '--prefix']);
    await same(['deployment.apps/web', '-p', '--tail=1']);
    await same(['sts/db', '-p', '--tail=2']);
    await same(['svc/web', '-p', '--tail=1', '--prefix']);
    // Several pods: kubectl 1.33 prints them in Go's random map order too.
    await same(['-l', 'app=web', '-p', '--prefix'], sortedLines);
    await same(['-l', 'app=nothing', '-p']);
    await same(['deploy/web', '-p', '--tail=1', '--all-pods'], sortedLines);
  });

  test('the current log, as far as both saw it', async () => {
    const since = new Date(Date.now() - 60_000).toISOString().replace(/\.\d+Z$/, 'Z');
    const args = ['logs', '-n', ns, 'multi', '-c', 'web', '--timestamps', `--since-time=${since}`];
    const want = (await kubectl(args)).stdout.trimEnd().split('\n');
    const got = (await kubesense(args)).stdout.trimEnd().split('\n');
    const cutoff = want[want.length - 1]!.split(' ')[0]!;
    assert.ok(want.length > 10, want.join('\n'));
    assert.deepEqual(
      got.filter((l) => l.split(' ')[0]! <= cutoff),
      want,
    );
  });

  test('errors worded as kubectl’s', async () => {
    await same([]);
    await same(['a', 'b', 'c']);
    await same(['nope']);
    await same(['multi', '-c', 'nope']);
    await same(['cm/settings']);
    await same(['configmap/settings']);
    await same(['svc/headless']);
    await same(['nosuchtype/x']);
    await same(['deploy/nope']);
    await same(['multi', '--since=5x']);
    await same(['multi', '--since=5']);
    await same(['multi', '--since-time=yesterday']);
    await same(['multi', '--tail=-5']);
    await same(['multi', '--limit-bytes=-1']);
    await same(['multi', '--since=-1s']);
    await same(['multi', '--since=1s', '--since-time=2026-01-01T00:00:00Z']);
    await same(['multi', '--all-containers', '-c', 'web']);
    await same(['multi', 'web', '-c', 'web']);
    await same(['multi', '-l', 'app=web']);
    await same(['multi', '-f', '--all-containers', '--max-log-requests=2']);
    await same(['deploy/empty', '--pod-running-timeout=1s']);
    await same(['multi', '--pod-running-timeout=0s']);
  });
});
