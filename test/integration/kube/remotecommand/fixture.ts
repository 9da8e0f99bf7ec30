// Pods for exec/attach tests, in a namespace of their own: the scheduler places them on kwok's nodes and the
// cluster's kubelet front runs commands for real (exit codes, a PTY for TTY sessions).
import assert from 'node:assert/strict';
import type { ClusterEnv } from '../../../cluster/env';
import { eventually, runKubectl } from '../../../cluster/kubectl';
import { seedCluster } from '../../../cluster/seed/seed';

export interface ExecFixture {
  namespace: string;
  /** One container, `app`. */
  single: string;
  /** Containers `first` and `second`: kubectl defaults to `first` with a notice. */
  two: string;
  /** Containers `first` and `second`, annotated to default to `second`. */
  annotated: string;
  /** A Deployment with one replica, labelled app=<name>. */
  deployment: string;
}

const container = (name: string) => ({ name, image: 'registry.k8s.io/pause:3.10' });
const pod = (namespace: string, name: string, names: string[], annotations: Record<string, string> = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, annotations },
  spec: { containers: names.map(container) },
});

export async function createExecFixture(env: ClusterEnv, prefix: string): Promise<ExecFixture> {
  const namespace = `${prefix}-${Date.now().toString(36)}`;
  const kubectl = async (args: string[], input?: string) => {
    const res = await runKubectl(args, { kubeconfig: env.kubeconfig, input });
    assert.equal(res.code, 0, `kubectl ${args.join(' ')}: ${res.stderr}`);
    return res.stdout;
  };
  // The simulated nodes come with the seed (idempotent; with-cluster --seed did it already).
  if (process.env.KUBESENSE_TEST_SEEDED !== '1') await seedCluster(env.kubeconfig);
  await kubectl(['create', 'namespace', namespace]);
  await eventually('default ServiceAccount', async () =>
    (await runKubectl(['get', 'serviceaccount', 'default', '-n', namespace], { kubeconfig: env.kubeconfig })).code === 0
      ? true
      : undefined,
  );
  const f: ExecFixture = { namespace, single: 'single', two: 'two', annotated: 'annotated', deployment: 'web' };
  const items = [
    pod(namespace, f.single, ['app']),
    pod(namespace, f.two, ['first', 'second']),
    pod(namespace, f.annotated, ['first', 'second'], { 'kubectl.kubernetes.io/default-container': 'second' }),
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: f.deployment, namespace },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: f.deployment } },
        template: { metadata: { labels: { app: f.deployment } }, spec: { containers: [container('app')] } },
      },
    },
  ];
  await kubectl(['apply', '--server-side', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  await eventually(
    'exec fixture pods running',
    async (note) => {
      const out = await kubectl([
        'get',
        'pods',
        '-n',
        namespace,
        '-o',
        'jsonpath={range .items[*]}{.status.phase} {end}',
      ]);
      note(out);
      const phases = out.trim().split(/\s+/);
      return phases.length === 4 && phases.every((p) => p === 'Running') ? true : undefined;
    },
    60_000,
  );
  return f;
}

export async function deleteExecFixture(env: ClusterEnv, f: ExecFixture | undefined): Promise<void> {
  if (f) await runKubectl(['delete', 'namespace', f.namespace, '--wait=false'], { kubeconfig: env.kubeconfig });
}
