// Port-forward against the living test cluster: kwok's kubelets forward every container port to an echo
// server (HTTP on 80/8080/8000/3000, nothing on 9). The library (kube/portforward), the editor's model of
// forwards (client/src/model/portForward.ts) and `kubesense port-forward` beside `kubectl.1.33 port-forward`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as diagnostics from 'node:diagnostics_channel';
import type * as http from 'node:http';
import * as net from 'node:net';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { spawn, type ChildProcess } from 'node:child_process';
import { findClusterEnv } from '../../../cluster/env';
import { echoThrough as echoBack } from '../../../cluster/echo';
import { eventually, findKubectl, runKubectl } from '../../../cluster/kubectl';
import { seedCluster } from '../../../cluster/seed/seed';
import { repoRoot } from '../../../cluster/cluster';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { RESTClient } from '../../../../kube/rest/client';
import { PortForwarder, type ConnectionError } from '../../../../kube/portforward';
import { PortForwards, portChoices } from '../../../../client/src/model/portForward';
import { DynamicClient } from '../../../../kube/dynamic/client';
import type { Unstructured } from '../../../../kube/dynamic/unstructured';

const env = findClusterEnv();
const ns = `it-pf-${Date.now().toString(36)}`;

const kubectl = async (...args: string[]) => {
  const res = await runKubectl(args, { kubeconfig: env!.kubeconfig });
  assert.equal(res.code, 0, `kubectl ${args.join(' ')}: ${res.stderr}`);
  return res.stdout;
};
const apply = async (obj: unknown) => {
  const res = await runKubectl(['apply', '--server-side', '-f', '-'], {
    kubeconfig: env!.kubeconfig,
    input: JSON.stringify(obj),
  });
  assert.equal(res.code, 0, res.stderr);
};

interface PodJSON {
  metadata: { name: string; deletionTimestamp?: string };
  status: { phase?: string; conditions?: { type: string; status: string }[] };
}
const runningPods = async (selector: string) =>
  (JSON.parse(await kubectl('get', 'pods', '-n', ns, '-l', selector, '-o', 'json')) as { items: PodJSON[] }).items
    .filter((p) => !p.metadata.deletionTimestamp && p.status.phase === 'Running')
    .filter((p) => p.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'))
    .map((p) => p.metadata.name);

/** Sends `payload` over a new connection, half-closes, and collects what comes back until the size matches. */
const echoThrough = async (port: number, payload: Buffer, host = '127.0.0.1') =>
  (await echoBack(port, payload, { host, halfClose: true, timeoutMs: 60_000 })).echoed;

const sha = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

/**
 * An HTTP/1.0 request over a raw socket. Resolves when the answer is complete (then closes the connection
 * from our side) or when the forward ends the connection (`ended`).
 */
function httpThrough(port: number): Promise<{ text: string; ended: boolean }> {
  return new Promise((resolve, reject) => {
    let text = '';
    const sock = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () =>
      sock.write('GET /through-the-forward HTTP/1.0\r\nHost: x\r\n\r\n'),
    );
    sock.setEncoding('utf8').on('data', (d: string) => {
      text += d;
      if (/reached a simulated container/.test(text)) {
        sock.destroy();
        resolve({ text, ended: false });
      }
    });
    sock.on('end', () => {
      sock.destroy();
      resolve({ text, ended: true });
    });
    sock.on('error', reject);
    sock.setTimeout(20_000, () => sock.destroy(new Error(`no answer; got ${JSON.stringify(text)}`)));
  });
}

describe('port-forward on the test cluster', { skip: !env }, () => {
  let client: RESTClient;
  let pod: string;

  before(async () => {
    if (process.env.KUBESENSE_TEST_SEEDED !== '1') await seedCluster(env!.kubeconfig);
    await kubectl('create', 'namespace', ns);
    await eventually('default ServiceAccount', async () =>
      (await runKubectl(['get', 'serviceaccount', 'default', '-n', ns], { kubeconfig: env!.kubeconfig })).code === 0
        ? true
        : undefined,
    );
    await apply({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'echo', namespace: ns },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'echo' } },
        template: {
          metadata: { labels: { app: 'echo' } },
          spec: {
            containers: [
              {
                name: 'app',
                image: 'nginx:1.27',
                ports: [
                  { name: 'echo', containerPort: 9000 },
                  { name: 'http', containerPort: 8080 },
                ],
              },
            ],
          },
        },
      },
    });
    await apply({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'echo', namespace: ns },
      spec: {
        selector: { app: 'echo' },
        ports: [
          { name: 'tcp-echo', port: 19000, targetPort: 'echo' },
          { name: 'web', port: 80, targetPort: 'http' },
        ],
      },
    });
    // Never scheduled: a pod that stays Pending.
    await apply({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'pending', namespace: ns },
      spec: { schedulerName: 'kubesense-none', containers: [{ name: 'app', image: 'nginx:1.27' }] },
    });
    [pod] = await eventually('the echo pod running', async () => {
      const pods = await runningPods('app=echo');
      return pods.length === 1 ? pods : undefined;
    });
    client = new RESTClient(restConfigFromFile(env!.kubeconfig, 'admin'));
  });
  after(async () => {
    if (env) await runKubectl(['delete', 'namespace', ns, '--wait=false'], { kubeconfig: env.kubeconfig });
  });

  const forwarder = async (remote: number, stopOnError = false) => {
    const lines: string[] = [];
    const f = new PortForwarder({
      transport: client.transport,
      pod: { namespace: ns, name: pod },
      ports: [{ local: 0, remote }],
      out: (l) => lines.push(l),
      stopOnError,
    });
    await f.start();
    return { f, lines, port: f.ports[0].local };
  };

  test('carries 10 MB both ways intact over one connection, and reports its listeners as kubectl does', async () => {
    const { f, lines, port } = await forwarder(9000);
    try {
      assert.deepEqual(lines, [`Forwarding from 127.0.0.1:${port} -> 9000`, `Forwarding from [::1]:${port} -> 9000`]);
      const payload = crypto.randomBytes(10 * 1024 * 1024);
      const echoed = await echoThrough(port, payload);
      assert.equal(echoed.length, payload.length);
      assert.equal(sha(echoed), sha(payload), 'the bytes that came back differ from the ones sent');
      // Over IPv6 loopback too (localhost listens on both).
      const small = crypto.randomBytes(64 * 1024);
      assert.equal(sha(await echoThrough(port, small, '::1')), sha(small));
      assert.ok(lines.includes(`Handling connection for ${port}`), lines.join('\n'));
    } finally {
      await f.close();
    }
  });

  test('several connections at once, each with its own bytes', async () => {
    const { f, port } = await forwarder(9000);
    try {
      const payloads = Array.from({ length: 8 }, () => crypto.randomBytes(1024 * 1024));
      const echoed = await Promise.all(payloads.map((p) => echoThrough(port, p)));
      echoed.forEach((e, i) => assert.equal(sha(e), sha(payloads[i]), `connection ${i}`));
    } finally {
      await f.close();
    }
  });

  test('connections to a pod are streams of one SPDY tunnel, as kubectl 1.31+ makes them: one upgrade for many', async () => {
    /** Forwards `sequential` connections one after another and 3 at once; counts our upgrade requests. */
    const upgradesFor = async (tunnel: boolean, sequential: number) => {
      let upgrades = 0;
      const onRequest = (message: unknown) => {
        if (/\/portforward(\?|$)/.test((message as { request: http.ClientRequest }).request.path)) upgrades++;
      };
      diagnostics.subscribe('http.client.request.start', onRequest);
      const f = new PortForwarder({
        transport: client.transport,
        pod: { namespace: ns, name: pod },
        ports: [{ local: 0, remote: 9000 }],
        addresses: ['127.0.0.1'],
        tunnel,
      });
      try {
        await f.start();
        const port = f.ports[0].local;
        for (let i = 0; i < sequential; i++) {
          const payload = crypto.randomBytes(256 * 1024);
          assert.equal(sha(await echoThrough(port, payload)), sha(payload), `connection ${i}`);
        }
        const payloads = Array.from({ length: 3 }, () => crypto.randomBytes(512 * 1024));
        const echoed = await Promise.all(payloads.map((p) => echoThrough(port, p)));
        echoed.forEach((e, i) => assert.equal(sha(e), sha(payloads[i]), `concurrent connection ${i}`));
      } finally {
        diagnostics.unsubscribe('http.client.request.start', onRequest);
        await f.close();
      }
      return upgrades;
    };
    assert.equal(await upgradesFor(true, 5), 1, 'every connection should be a stream pair in the one tunnel');
    // The WebSocket protocol without the tunnel needs an upgrade (TLS handshake, API server, kubelet) per connection.
    assert.equal(await upgradesFor(false, 5), 8);
  });

  test('an HTTP request through the forward is answered; the next connection works after ours closed', async () => {
    // kwok's forwarder keeps the pod's side open until ours closes (kubectl sees the same); the pod's side
    // ending a connection is covered by the closed-port test below.
    const { f, port } = await forwarder(8080);
    try {
      for (let i = 0; i < 2; i++) {
        const { text } = await httpThrough(port);
        assert.match(text, /^HTTP\/1\.[01] 200/);
        assert.match(text, /GET \/through-the-forward reached a simulated container/);
      }
    } finally {
      await f.close();
    }
  });

  test('a port nobody listens on: the error channel is surfaced and the connection closed', async () => {
    const { f, port } = await forwarder(9, true);
    const errors: ConnectionError[] = [];
    f.on('connectionError', (e: ConnectionError) => errors.push(e));
    const { text, ended } = await httpThrough(port);
    assert.equal(text, '');
    assert.ok(ended, 'the local connection was not closed');
    await assert.rejects(f.done, /lost connection to pod/);
    assert.equal(errors.length, 1);
    assert.match(
      errors[0].message,
      new RegExp(
        `^an error occurred forwarding ${port} -> 9: error forwarding port 9 to pod ${pod}/${ns}.*connection refused`,
      ),
    );
  });

  test('a refused upgrade (unknown pod) is reported per connection', async () => {
    const f = new PortForwarder({
      transport: client.transport,
      pod: { namespace: ns, name: 'no-such-pod' },
      ports: [{ local: 0, remote: 9000 }],
    });
    await f.start();
    try {
      const failed = new Promise<ConnectionError>((resolve) => f.once('connectionError', resolve));
      const sock = net.connect(f.ports[0].local, '127.0.0.1');
      sock.on('error', () => undefined);
      const err = await failed;
      assert.match(err.message, /pods "no-such-pod" not found/);
    } finally {
      await f.close();
    }
  });

  test('the editor offers Service and container ports, and a Service forward follows a replaced pod', async () => {
    const dynamic = new DynamicClient(client);
    const svc = (await dynamic
      .resource({ group: '', version: 'v1', resource: 'services' })
      .namespace(ns)
      .get('echo')) as Unstructured;
    assert.deepEqual(
      portChoices(svc).map((c) => [c.port, c.description]),
      [
        [19000, 'tcp-echo · targetPort echo'],
        [80, 'web · targetPort http'],
      ],
    );
    const podObj = (await dynamic
      .resource({ group: '', version: 'v1', resource: 'pods' })
      .namespace(ns)
      .get(pod)) as Unstructured;
    assert.deepEqual(
      portChoices(podObj).map((c) => c.port),
      [9000, 8080],
    );

    const forwards = new PortForwards();
    let changes = 0;
    forwards.onDidChange(() => changes++);
    const forward = await forwards.start({
      client,
      target: {
        context: 'admin',
        namespace: ns,
        resource: { group: '', version: 'v1', resource: 'services' },
        kind: 'Service',
        name: 'echo',
      },
      remotePort: 19000,
    });
    try {
      assert.equal(forwards.list().length, 1);
      assert.match(forward.label, new RegExp(`^svc/echo 19000 → localhost:${forward.localPort}$`));
      const before = crypto.randomBytes(256 * 1024);
      assert.equal(sha(await echoThrough(forward.localPort, before)), sha(before));
      assert.equal(forward.pod, pod);

      await kubectl('delete', 'pod', pod, '-n', ns, '--wait=false');
      const [replacement] = await eventually('a replacement pod running', async () => {
        const pods = (await runningPods('app=echo')).filter((p) => p !== pod);
        return pods.length === 1 ? pods : undefined;
      });
      // Once the old pod is gone from the running set, new connections reach the replacement.
      await eventually('a connection through the replacement', async (note) => {
        const after = crypto.randomBytes(256 * 1024);
        try {
          const echoed = await echoThrough(forward.localPort, after);
          note(`pod ${forward.pod}, ${echoed.length} bytes`);
          return sha(echoed) === sha(after) && forward.pod === replacement ? true : undefined;
        } catch (e) {
          note(String(e));
          return undefined;
        }
      });
      pod = replacement;
      assert.ok(changes > 0);
    } finally {
      await forwards.stopAll();
    }
    assert.equal(forwards.list().length, 0);
    await assert.rejects(
      new Promise<void>((resolve, reject) => {
        const s = net.connect(forward.localPort, '127.0.0.1', () => resolve());
        s.on('error', reject);
      }),
      /ECONNREFUSED/,
    );
  });

  describe('kubesense port-forward beside kubectl.1.33 port-forward', () => {
    const kubesenseBin = path.join(repoRoot(), 'bin', 'kubesense.js');
    const cmd = (tool: 'kubectl' | 'kubesense', args: string[]): ChildProcess =>
      tool === 'kubectl'
        ? spawn(findKubectl(), [`--kubeconfig=${env!.kubeconfig}`, 'port-forward', ...args], {
            stdio: ['ignore', 'pipe', 'pipe'],
          })
        : spawn(process.execPath, [kubesenseBin, `--kubeconfig=${env!.kubeconfig}`, 'port-forward', ...args], {
            stdio: ['ignore', 'pipe', 'pipe'],
          });

    /** Runs until exit, or until `whenReady` (given the stdout lines so far) says to act, then waits for exit. */
    async function run(
      tool: 'kubectl' | 'kubesense',
      args: string[],
      act?: (lines: string[], child: ChildProcess) => Promise<void> | undefined,
    ): Promise<{ code: number | null; stdout: string[]; stderr: string }> {
      const child = cmd(tool, args);
      const stdout: string[] = [];
      let stderr = '';
      child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      let acting: Promise<void> | undefined;
      readline.createInterface({ input: child.stdout! }).on('line', (line) => {
        stdout.push(line);
        if (!acting && act) acting = act(stdout, child);
      });
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      clearTimeout(timer);
      await acting;
      return { code, stdout, stderr };
    }

    const localPortOf = (lines: string[]) => Number(/^Forwarding from 127\.0\.0\.1:(\d+)/.exec(lines[0] ?? '')?.[1]);
    // kubectl's klog header carries a time and a pid.
    const normalize = (s: string, port: number) =>
      s
        .replace(/^E\d{4} \d\d:\d\d:\d\d\.\d{6}\s+\d+ /gm, 'E<time> <pid> ')
        .replaceAll(String(port), '<port>')
        .replace(/failed to dial 127\.0\.0\.1:\d+: dial tcp 127\.0\.0\.1:\d+/, 'failed to dial <addr>');

    test('errors before forwarding: same output and exit code', async () => {
      const cases = [
        ['-n', ns, 'pod/pending', '9000'],
        ['-n', ns, 'pod/nope', '9000'],
        ['-n', ns, 'svc/echo', '81'],
        ['-n', ns, 'svc/echo', 'nope'],
        ['-n', ns, `pod/${pod}`, 'nope'],
        ['-n', ns, `pod/${pod}`, '0'],
        ['-n', ns, `pod/${pod}`, '70000'],
        ['-n', ns, `pod/${pod}`, 'x:80'],
        ['-n', ns, `pod/${pod}`],
        ['-n', ns, `pod/${pod}`, '80', '--address=foo'],
        ['-n', ns, 'deploy/nope', '80'],
        ['-n', ns, 'configmap/kube-root-ca.crt', '80'],
        ['-n', ns, 'pod/a/b', '80'],
      ];
      // A local port already taken on both loopbacks (a dual-stack listener on ::).
      const busy = net.createServer();
      await new Promise<void>((resolve) => busy.listen({ host: '::', port: 0 }, resolve));
      const busyPort = (busy.address() as net.AddressInfo).port;
      cases.push(['-n', ns, `pod/${pod}`, `${busyPort}:9000`]);
      try {
        for (const args of cases) {
          const want = await run('kubectl', args);
          const got = await run('kubesense', args);
          assert.equal(got.code, want.code, `${args.join(' ')}: exit code`);
          assert.deepEqual(got.stdout, want.stdout, `${args.join(' ')}: stdout`);
          assert.equal(got.stderr.replaceAll('kubesense', 'kubectl'), want.stderr, `${args.join(' ')}: stderr`);
          assert.notEqual(want.code, 0, `${args.join(' ')} was expected to fail`);
        }
      } finally {
        busy.close();
      }
    });

    test('the editor reports why a local port cannot be used', async () => {
      const busy = net.createServer();
      await new Promise<void>((resolve) => busy.listen({ host: '::', port: 0 }, resolve));
      const busyPort = (busy.address() as net.AddressInfo).port;
      try {
        await assert.rejects(
          new PortForwards().start({
            client,
            target: {
              context: 'admin',
              namespace: ns,
              resource: { group: '', version: 'v1', resource: 'pods' },
              kind: 'Pod',
              name: pod,
            },
            remotePort: 9000,
            localPort: busyPort,
          }),
          (e: Error) =>
            e.message.includes(`Error listen tcp4 127.0.0.1:${busyPort}: bind: address already in use`) &&
            e.message.endsWith(`unable to listen on any of the requested ports: [{${busyPort} 9000}]`),
        );
      } finally {
        busy.close();
      }
    });

    test('a Service port by name, a Deployment’s named port, a connection handled, and the closed port: same lines, same exit', async () => {
      for (const [target, spec] of [
        ['svc/echo', ':web'],
        ['deploy/echo', ':http'],
        [`pod/${pod}`, ':9'],
      ]) {
        const results = [];
        for (const tool of ['kubectl', 'kubesense'] as const) {
          let port = 0;
          const res = await run(tool, ['-n', ns, target, spec], async (lines, child) => {
            port = localPortOf(lines);
            await eventually('both listeners', async () => (lines.length >= 2 ? true : undefined));
            await httpThrough(port);
            // The web port answers and stays forwarded: stop it as a user would (Ctrl-C).
            if (spec !== ':9') setTimeout(() => child.kill('SIGINT'), 300);
          });
          results.push({
            ...res,
            stdoutText: normalize(res.stdout.join('\n'), port),
            stderrText: normalize(res.stderr, port),
          });
        }
        const [want, got] = results;
        assert.equal(got.stdoutText, want.stdoutText, `${target} ${spec}: stdout`);
        assert.equal(got.stderrText, want.stderrText, `${target} ${spec}: stderr`);
        assert.equal(got.code, want.code, `${target} ${spec}: exit code`);
        assert.match(want.stdoutText, /Handling connection for <port>/);
      }
    });
  });
});
