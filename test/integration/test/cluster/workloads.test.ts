/**
 * The test cluster runs workloads: the real controller manager and scheduler place and
 * reconcile them, kwok's simulated kubelets run them and serve logs, exec and port-forward.
 * Checked with the reference kubectl, as a user would.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import * as readline from 'node:readline';
import { findClusterEnv } from '../../../cluster/env';
import { eventually, findKubectl, runKubectl } from '../../../cluster/kubectl';
import { seedCluster } from '../../../cluster/seed/seed';
import { deploymentManifest } from '../../../cluster/manifests';
import { echoThrough } from '../../../cluster/echo';

const env = findClusterEnv();
const ns = `it-workloads-${Date.now().toString(36)}`;

const kubectl = async (...args: string[]) => {
  const res = await runKubectl(args, { kubeconfig: env!.kubeconfig });
  assert.equal(res.code, 0, `kubectl ${args.join(' ')}: ${res.stderr}`);
  return res.stdout;
};

const apply = async (manifest: string) => {
  const res = await runKubectl(['apply', '--server-side', '-f', '-'], { kubeconfig: env!.kubeconfig, input: manifest });
  assert.equal(res.code, 0, res.stderr);
};

type Deployment = {
  spec: { replicas: number };
  status: { availableReplicas?: number; updatedReplicas?: number; replicas?: number; observedGeneration?: number };
  metadata: { generation: number };
};
type Pod = {
  metadata: { name: string; ownerReferences?: { kind: string; name: string }[]; deletionTimestamp?: string };
  status: { phase: string; conditions?: { type: string; status: string }[] };
};

const getJSON = async <T>(...args: string[]) => JSON.parse(await kubectl(...args, '-o', 'json')) as T;
const readyPods = async (selector: string) =>
  (await getJSON<{ items: Pod[] }>('get', 'pods', '-n', ns, '-l', selector)).items.filter(
    (p) => !p.metadata.deletionTimestamp && p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'),
  );

/** Waits until the Deployment's controller has seen its latest spec and all replicas are available. */
async function waitAvailable(name: string, timeoutMs = 60_000): Promise<Deployment> {
  return eventually(
    `deployment ${name} available`,
    async (note) => {
      const d = await getJSON<Deployment>('get', 'deployment', name, '-n', ns);
      note(JSON.stringify(d.status));
      const { availableReplicas = 0, updatedReplicas = 0, replicas = 0, observedGeneration = 0 } = d.status;
      return observedGeneration >= d.metadata.generation &&
        availableReplicas === d.spec.replicas &&
        updatedReplicas === d.spec.replicas &&
        replicas === d.spec.replicas
        ? d
        : undefined;
    },
    timeoutMs,
  );
}

const deployment = (name: string, replicas: number, ports = [8080]) =>
  deploymentManifest({ name, namespace: ns, replicas, ports });

describe('workloads on the test cluster', { skip: !env }, () => {
  before(async () => {
    // The simulated nodes come with the seed (idempotent; with-cluster --seed did it already).
    if (process.env.KUBESENSE_TEST_SEEDED !== '1') await seedCluster(env!.kubeconfig);
    await kubectl('create', 'namespace', ns);
    // Pods need the namespace's default ServiceAccount (ServiceAccount admission).
    await eventually('default ServiceAccount', async () =>
      (await runKubectl(['get', 'serviceaccount', 'default', '-n', ns], { kubeconfig: env!.kubeconfig })).code === 0
        ? true
        : undefined,
    );
  });
  after(async () => {
    if (env) await runKubectl(['delete', 'namespace', ns, '--wait=false'], { kubeconfig: env.kubeconfig });
  });

  test('a new Deployment becomes available; scale and rollout restart roll it', async () => {
    // Bounded by waitAvailable's minute: kwok's stages take milliseconds, a loaded machine takes longer.
    await apply(deployment('web', 3));
    await waitAvailable('web');
    assert.equal((await readyPods('app=web')).length, 3);

    await kubectl('scale', 'deployment/web', '-n', ns, '--replicas=5');
    await waitAvailable('web');
    assert.equal((await readyPods('app=web')).length, 5);

    const rsBefore = await kubectl('get', 'replicasets', '-n', ns, '-l', 'app=web', '-o', 'name');
    assert.equal(rsBefore.trim().split('\n').length, 1, rsBefore);
    await kubectl('rollout', 'restart', 'deployment/web', '-n', ns);
    await kubectl('rollout', 'status', 'deployment/web', '-n', ns, '--timeout=60s');
    await waitAvailable('web');
    type RS = { metadata: { name: string }; spec: { replicas: number }; status: { readyReplicas?: number } };
    const sets = (await getJSON<{ items: RS[] }>('get', 'replicasets', '-n', ns, '-l', 'app=web')).items;
    assert.equal(sets.length, 2, 'rollout restart made a second ReplicaSet');
    const [newRS] = sets.filter((rs) => rs.spec.replicas === 5);
    const [oldRS] = sets.filter((rs) => rs.spec.replicas === 0);
    assert.ok(newRS && oldRS, JSON.stringify(sets.map((s) => [s.metadata.name, s.spec.replicas])));
    assert.equal(newRS.status.readyReplicas, 5);
    await eventually('only the new ReplicaSet’s pods left', async (note) => {
      const pods = (await getJSON<{ items: Pod[] }>('get', 'pods', '-n', ns, '-l', 'app=web')).items;
      note(pods.map((p) => `${p.metadata.name}:${p.status.phase}`).join(' '));
      return pods.length === 5 && pods.every((p) => p.metadata.ownerReferences?.[0]?.name === newRS.metadata.name)
        ? true
        : undefined;
    });
  });

  test('deleting a Deployment garbage-collects its ReplicaSets and pods', async () => {
    await apply(deployment('doomed', 2));
    await waitAvailable('doomed');
    await kubectl('delete', 'deployment', 'doomed', '-n', ns, '--wait=false');
    await eventually('pods and ReplicaSets of doomed gone', async (note) => {
      const left = await kubectl('get', 'replicasets,pods', '-n', ns, '-l', 'app=doomed', '-o', 'name');
      note(left.trim());
      return left.trim() === '' ? true : undefined;
    });
  });

  describe('the kubelet API of a running pod', () => {
    let pod = '';
    before(async () => {
      await apply(deployment('probe', 1, [8080, 9000]));
      await waitAvailable('probe');
      pod = (await readyPods('app=probe'))[0].metadata.name;
    });

    test('kubectl logs -f shows lines appended after it started', async () => {
      const child = spawn(
        findKubectl(),
        [`--kubeconfig=${env!.kubeconfig}`, 'logs', '-f', '--timestamps', '--tail=2', '-n', ns, pod],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      // The two tail lines come first; then lines written after they arrived must follow.
      const tail: string[] = [];
      const newer: string[] = [];
      let tailArrived = 0;
      try {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(
            () =>
              reject(new Error(`3 new lines not seen in 60 s; tail ${tail.length}, new ${newer.length}; ${stderr}`)),
            60_000,
          );
          readline.createInterface({ input: child.stdout }).on('line', (line) => {
            const stamp = Date.parse(line.split(' ')[0]);
            if (Number.isNaN(stamp)) return reject(new Error(`no timestamp on ${line}`));
            if (tail.length < 2) {
              tail.push(line);
              tailArrived = Date.now();
            } else if (stamp > tailArrived) newer.push(line);
            if (newer.length >= 3) {
              clearTimeout(timer);
              resolve();
            }
          });
          child.on('exit', (code) => reject(new Error(`kubectl logs -f exited ${code}: ${stderr}`)));
        });
      } finally {
        child.kill();
      }
      assert.equal(tail.length, 2);
      assert.equal(newer.length, 3);
    });

    test('kubectl exec runs a real command and reports its exit code', async () => {
      const hi = await runKubectl(['exec', '-n', ns, pod, '--', 'echo', 'hi'], { kubeconfig: env!.kubeconfig });
      assert.equal(hi.code, 0, hi.stderr);
      assert.equal(hi.stdout, 'hi\n');
      const three = await runKubectl(['exec', '-n', ns, pod, '--', 'sh', '-c', 'exit 3'], {
        kubeconfig: env!.kubeconfig,
      });
      assert.equal(three.code, 3, three.stderr);
      const stdin = await runKubectl(['exec', '-i', '-n', ns, pod, '--', 'wc', '-c'], {
        kubeconfig: env!.kubeconfig,
        input: 'x'.repeat(1000),
      });
      assert.equal(stdin.stdout.trim(), '1000');
    });

    test('kubectl port-forward carries 10 MB both ways intact', async () => {
      const child = spawn(
        findKubectl(),
        [`--kubeconfig=${env!.kubeconfig}`, 'port-forward', '-n', ns, `pod/${pod}`, ':9000', ':8080'],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      try {
        const ports = await new Promise<Map<number, number>>((resolve, reject) => {
          const found = new Map<number, number>();
          let stderr = '';
          child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
          const timer = setTimeout(() => reject(new Error(`port-forward not ready: ${stderr}`)), 60_000);
          readline.createInterface({ input: child.stdout }).on('line', (line) => {
            const m = /^Forwarding from 127\.0\.0\.1:(\d+) -> (\d+)$/.exec(line);
            if (m) found.set(Number(m[2]), Number(m[1]));
            if (found.size === 2) {
              clearTimeout(timer);
              resolve(found);
            }
          });
          child.on('exit', (code) => reject(new Error(`port-forward exited ${code}: ${stderr}`)));
        });

        const payload = crypto.randomBytes(10 * 1024 * 1024);
        // Written whole and read back whole over one connection.
        const { echoed } = await echoThrough(ports.get(9000)!, payload, { timeoutMs: 60_000 });
        assert.equal(echoed.length, payload.length);
        assert.ok(echoed.equals(payload), 'the bytes that came back differ from the ones sent');

        const page = await fetch(`http://127.0.0.1:${ports.get(8080)}/hello`).then((r) => r.text());
        assert.match(page, /GET \/hello reached a simulated container/);
      } finally {
        child.kill();
      }
    });
  });
});
