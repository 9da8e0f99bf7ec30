// Pod logs (kube/logs) against the real cluster, whose kwok kubelets serve a log file that grows about once a
// second: following sees appended lines, a stream the fault proxy cuts mid-line resumes without repeating or
// losing a line, errors are the server's own, and cancelling ends the stream.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findClusterEnv } from '../../../cluster/env';
import { eventually, runKubectl } from '../../../cluster/kubectl';
import { FaultProxy } from '../../../cluster/faults/proxy';
import { seedCluster } from '../../../cluster/seed/seed';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { RESTClient } from '../../../../kube/rest/client';
import { isBadRequest, isNotFound, StatusError } from '../../../../kube/rest/errors';
import { streamPodLogs, type PodLogStream } from '../../../../kube/logs';
import { PodLogSession } from '../../../../client/src/model/podLogs';

const env = findClusterEnv();
const ns = `it-logs-${Date.now().toString(36)}`;
const POD = 'multi';

const kubectl = async (args: string[], input?: string) => {
  const r = await runKubectl(args, { kubeconfig: env!.kubeconfig, input });
  assert.equal(r.code, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
};

/** Reads whole lines until `enough` says stop (or the stream ends). */
async function readLines(stream: PodLogStream, enough: (lines: string[]) => boolean): Promise<string[]> {
  const lines: string[] = [];
  let partial = '';
  for await (const chunk of stream) {
    const text = partial + chunk.toString('utf8');
    const parts = text.split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    if (enough(lines)) break;
  }
  if (partial) lines.push(partial);
  return lines;
}

describe('pod logs on the test cluster', { skip: !env }, () => {
  let client: RESTClient;
  before(async () => {
    if (process.env.KUBESENSE_TEST_SEEDED !== '1') await seedCluster(env!.kubeconfig);
    await kubectl(['create', 'namespace', ns]);
    await eventually('default ServiceAccount', async () =>
      (await runKubectl(['get', 'sa', 'default', '-n', ns], { kubeconfig: env!.kubeconfig })).code === 0
        ? true
        : undefined,
    );
    await kubectl(
      ['apply', '-n', ns, '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: POD },
        spec: {
          initContainers: [{ name: 'init-db', image: 'busybox' }],
          containers: [
            { name: 'web', image: 'nginx' },
            { name: 'sidecar', image: 'busybox' },
          ],
        },
      }),
    );
    await eventually('pod scheduled and running', async () => {
      const phase = await kubectl(['get', 'pod', POD, '-n', ns, '-o', 'jsonpath={.spec.nodeName}/{.status.phase}']);
      return /^.+\/Running$/.test(phase) ? true : undefined;
    });
    const config = restConfigFromFile(env!.kubeconfig, 'admin');
    client = new RESTClient(config);
  });
  after(async () => {
    if (env) await runKubectl(['delete', 'namespace', ns, '--wait=false'], { kubeconfig: env.kubeconfig });
  });

  test('follow delivers the tail, then lines appended after it started, in order', async () => {
    const started = Date.now();
    const stream = await streamPodLogs(client, ns, POD, {
      container: 'web',
      follow: true,
      tailLines: 1,
      timestamps: true,
    });
    const lines = await readLines(stream, (l) => l.length >= 4);
    stream.close();
    assert.equal(lines.length, 4);
    const times = lines.map((l) => Date.parse(l.slice(0, l.indexOf(' '))));
    assert.ok(
      times.every((t, i) => i === 0 || t >= times[i - 1]!),
      lines.join('\n'),
    );
    // Three of them were written after the request: the log grows about once a second.
    assert.ok(times[3]! > started, `last line ${lines[3]} is newer than the start`);
  });

  test('a stream the fault proxy cuts mid-line twice resumes without repeating or losing a line', async () => {
    const proxy = await FaultProxy.start({ kubeconfig: env!.kubeconfig });
    try {
      // Each cut sends 3 whole lines, then half of the next one, then drops the connection.
      const rule = proxy.addRule({
        method: 'GET',
        path: `/api/v1/namespaces/${ns}/pods/${POD}/log`,
        times: 2,
        fault: { type: 'cut-watch', afterEvents: 3, midEvent: true },
      });
      const viaProxy = new RESTClient(restConfigFromFile(proxy.kubeconfig('admin'), 'admin'));
      const reconnects: unknown[] = [];
      const stream = await streamPodLogs(
        viaProxy,
        ns,
        POD,
        { container: 'web', follow: true, tailLines: 2 },
        { reconnect: { initialDelayMs: 50 }, onReconnect: (e) => reconnects.push(e.error) },
      );
      const got = await readLines(stream, (l) => l.length >= 10);
      stream.close();
      assert.equal(rule.hits, 2);
      assert.equal(stream.reconnects, 2, `reconnects after: ${reconnects.map(String).join('; ')}`);
      const resumed = proxy.requests.filter((r) => r.path.endsWith('/log')).slice(1);
      assert.ok(
        resumed.every((r) => r.query.sinceTime && r.query.timestamps === 'true' && !r.query.tailLines),
        JSON.stringify(resumed.map((r) => r.query)),
      );
      // No timestamps were asked for: none shows. The truth is the whole log, read directly afterwards.
      assert.ok(
        got.every((l) => !/^\d{4}-\d\d-\d\dT/.test(l)),
        got.join('\n'),
      );
      const truth = await readLines(await streamPodLogs(client, ns, POD, { container: 'web' }), () => false);
      const start = truth.indexOf(got[0]!);
      assert.ok(start >= 0, `first line ${got[0]} is in the log`);
      assert.deepEqual(got, truth.slice(start, start + got.length));
    } finally {
      await proxy.close();
    }
  });

  test('previous: the terminated instance’s log, ending in its panic; the stream ends by itself', async () => {
    const stream = await streamPodLogs(client, ns, POD, { container: 'web', previous: true, tailLines: 2 });
    const lines = await readLines(stream, () => false);
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[1]!, /^panic: runtime error/);
  });

  test('limitBytes while following: exactly that many bytes, then the stream ends', async () => {
    const stream = await streamPodLogs(client, ns, POD, {
      container: 'web',
      follow: true,
      tailLines: 5,
      limitBytes: 100,
    });
    let bytes = 0;
    for await (const chunk of stream) bytes += chunk.length;
    assert.equal(bytes, 100);
  });

  test('errors are the server’s, typed: an unknown container (BadRequest), a missing pod (NotFound)', async () => {
    await assert.rejects(
      streamPodLogs(client, ns, POD, { container: 'nope' }),
      (e: unknown) =>
        e instanceof StatusError && isBadRequest(e) && /container nope is not valid for pod multi/.test(e.message),
    );
    await assert.rejects(
      streamPodLogs(client, ns, 'nope', {}),
      (e: unknown) => isNotFound(e) && (e as Error).message === 'pods "nope" not found',
    );
    // Several containers and none named: the server asks for one.
    await assert.rejects(
      streamPodLogs(client, ns, POD, {}),
      (e: unknown) => isBadRequest(e) && /a container name must be specified for pod multi/.test((e as Error).message),
    );
  });

  test('cancelling ends a followed log, without an error', async () => {
    const controller = new AbortController();
    const stream = await streamPodLogs(
      client,
      ns,
      POD,
      { container: 'sidecar', follow: true, tailLines: 0 },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 300);
    const t0 = Date.now();
    for await (const _chunk of stream) {
      // lines until cancelled
    }
    // A followed log never ends by itself: ending at all is the abort's doing (the bound only keeps a hang short).
    assert.ok(Date.now() - t0 < 30_000);
  });
});

describe('the extension’s log view model (PodLogSession) on the test cluster', { skip: !env }, () => {
  test('history and new lines arrive in batches; a restart with timestamps starts over; stop keeps the text', async () => {
    const config = restConfigFromFile(env!.kubeconfig, 'admin');
    const client = new RESTClient(config);
    // A seeded pod: the shop namespace's web log.
    const pods = await kubectl([
      'get',
      'pods',
      '-n',
      'shop',
      '-l',
      'app=frontend',
      '-o',
      'jsonpath={.items[0].metadata.name}',
    ]);
    let text = '';
    let appends = 0;
    let clears = 0;
    const states: string[] = [];
    const session = new PodLogSession(
      client,
      { namespace: 'shop', pod: pods, container: 'nginx', fieldPath: 'spec.containers{nginx}' },
      { timestamps: false, previous: false, tailLines: 50 },
      {
        append: (t) => {
          text += t;
          appends++;
        },
        clear: () => {
          text = '';
          clears++;
        },
        state: (s) => states.push(s.kind),
      },
    );
    void session.start();
    await eventually('history and a new line', async () => (session.lines >= 51 ? true : undefined));
    assert.ok(appends < 10, `51+ lines in ${appends} appends`);
    assert.equal(text.split('\n').length - 1, session.lines);
    assert.doesNotMatch(text, /^\d{4}-\d\d-\d\dT/m);
    void session.start({ timestamps: true, tailLines: 3 });
    await eventually('timestamps after the restart', async () => (session.lines >= 3 ? true : undefined));
    assert.equal(clears, 2);
    assert.match(text, /^\d{4}-\d\d-\d\dT\S+Z \d+\.\d+\.\d+\.\d+ /);
    session.stop();
    const kept = text;
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(text, kept, 'nothing is added after stop');
    assert.deepEqual(states.slice(-1), ['stopped']);
    assert.ok(states.includes('streaming'));
  });
});
