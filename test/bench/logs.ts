// Pod logs bench on the real cluster (kwok serves a log file the test writes to):
// - line appended → visible: a marker line appended to the container's log file until each follower has it:
//   kube/logs' stream in-process, the extension's model (PodLogSession: what is handed to the editor, batched),
//   `kubesense logs -f` and `kubectl.1.33 logs -f` as processes, all following at once;
// - 100,000 lines: the whole history through PodLogSession (appends handed to the view, time to the last line)
//   beside `kubectl logs -f` of the same pod, alternated twice.
// Run: node out/test/bench/logs.js (needs KUBESENSE_TEST_KUBECONFIG; seeds the simulated nodes if missing).
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { restConfigFromFile } from '../../kube/kubeconfig';
import { RESTClient } from '../../kube/rest/client';
import { closeIdleConnections } from '../../kube/rest/transport';
import { streamPodLogs } from '../../kube/logs';
import { PodLogSession } from '../../client/src/model/podLogs';
import { eventually, findKubectl, runKubectl } from '../cluster/kubectl';
import { seedCluster } from '../cluster/seed/seed';

const MARKERS = 30;
const BIG = 100_000;

function percentile(values: number[], p: number): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}

/** A CRI log line as the kubelet's log files hold them. */
const criLine = (msg: string) => `${new Date().toISOString().replace('Z', '000000Z')} stdout F ${msg}\n`;

/** Calls `seen(marker)` for every `bench-marker-N` / `bench-end` in a stream of text. */
function markerWatcher(seen: (marker: string) => void): (text: string) => void {
  let partial = '';
  return (text) => {
    const lines = (partial + text).split('\n');
    partial = lines.pop()!;
    for (const l of lines) {
      const m = /bench-(marker-\d+|end)/.exec(l);
      if (m) seen(m[1]!);
    }
  };
}

function follower(cmd: string, args: string[], seen: (marker: string) => void): ChildProcess {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  child.stdout!.setEncoding('utf8').on('data', markerWatcher(seen));
  return child;
}

export async function runLogsBench(opts: { log: (line: string) => void }): Promise<void> {
  const kubeconfig = process.env.KUBESENSE_TEST_KUBECONFIG;
  if (!kubeconfig) throw new Error('KUBESENSE_TEST_KUBECONFIG is not set (run inside with-cluster)');
  const logFile = path.join(path.dirname(kubeconfig), 'pod-logs', 'app.log');
  if (!fs.existsSync(logFile)) throw new Error(`${logFile}: the test cluster's log file is missing`);
  await seedCluster(kubeconfig);
  const ns = `bench-logs-${Date.now().toString(36)}`;
  const kubectl = async (args: string[], input?: string) => {
    const r = await runKubectl(args, { kubeconfig, input });
    if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  };
  await kubectl(['create', 'namespace', ns]);
  await eventually('default ServiceAccount', async () =>
    (await runKubectl(['get', 'sa', 'default', '-n', ns], { kubeconfig })).code === 0 ? true : undefined,
  );
  await kubectl(
    ['apply', '-n', ns, '-f', '-'],
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'app' },
      spec: { containers: [{ name: 'app', image: 'nginx' }] },
    }),
  );
  await eventually('pod running', async () =>
    (await kubectl(['get', 'pod', 'app', '-n', ns, '-o', 'jsonpath={.status.phase}'])) === 'Running' ? true : undefined,
  );

  const client = new RESTClient(restConfigFromFile(kubeconfig, 'admin'));
  const names = ['kube/logs stream', 'editor model (PodLogSession)', 'kubesense logs -f', 'kubectl.1.33 logs -f'];
  const seenAt = names.map(() => new Map<string, number>());
  const seen = (i: number) => (marker: string) => {
    if (!seenAt[i]!.has(marker)) seenAt[i]!.set(marker, performance.now());
  };
  const controller = new AbortController();
  const stream = await streamPodLogs(client, ns, 'app', { follow: true, tailLines: 0 }, { signal: controller.signal });
  void (async () => {
    const watch = markerWatcher(seen(0));
    for await (const chunk of stream) watch(chunk.toString('utf8'));
  })();
  const modelWatch = markerWatcher(seen(1));
  const session = new PodLogSession(
    client,
    { namespace: ns, pod: 'app', container: 'app', fieldPath: 'spec.containers{app}' },
    { timestamps: false, previous: false, tailLines: 0 },
    { append: modelWatch, clear: () => undefined, state: () => undefined },
  );
  void session.start();
  const repo = path.resolve(__dirname, '../../..');
  const common = [`--kubeconfig=${kubeconfig}`, 'logs', '-f', '--tail=0', '-n', ns, 'app'];
  const children = [
    follower(process.execPath, [path.join(repo, 'bin/kubesense.js'), ...common], seen(2)),
    follower(findKubectl(), common, seen(3)),
  ];
  try {
    // Every follower is connected once a warm-up marker reached all of them.
    const appendMarker = (marker: string) => {
      const t = performance.now();
      fs.appendFileSync(logFile, criLine(`bench-${marker}`));
      return t;
    };
    const until = async (marker: string, timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      while (seenAt.some((m) => !m.has(marker))) {
        if (Date.now() > deadline)
          throw new Error(`${marker} not seen by ${names.filter((_, i) => !seenAt[i]!.has(marker)).join(', ')}`);
        await new Promise((r) => setTimeout(r, 5));
      }
    };
    for (let w = 0; ; w++) {
      appendMarker(`marker-${1000 + w}`);
      try {
        await until(`marker-${1000 + w}`, 2000);
        break;
      } catch (e) {
        if (w > 15) throw e;
      }
    }
    const latencies = names.map(() => [] as number[]);
    for (let i = 0; i < MARKERS; i++) {
      const marker = `marker-${i}`;
      const t0 = appendMarker(marker);
      await until(marker);
      seenAt.forEach((m, k) => latencies[k]!.push(m.get(marker)! - t0));
      await new Promise((r) => setTimeout(r, 100 + Math.random() * 150));
    }
    opts.log(`line appended → visible, ${MARKERS} lines, all four following at once (ms):`);
    const ref = percentile(latencies[3]!, 50);
    names.forEach((n, k) =>
      opts.log(
        `  ${n.padEnd(30)} p50 ${percentile(latencies[k]!, 50).toFixed(1)}  p95 ${percentile(latencies[k]!, 95).toFixed(1)}  (${(percentile(latencies[k]!, 50) / ref).toFixed(2)}× kubectl p50)`,
      ),
    );
  } finally {
    controller.abort();
    session.stop();
    for (const c of children) c.kill();
  }

  // 100,000 lines of history: the model's batches vs kubectl logs.
  const lines: string[] = [];
  for (let i = 0; i < BIG; i++) lines.push(criLine(`bench-line ${i} ${'x'.repeat(60)}`));
  lines.push(criLine('bench-end'));
  fs.appendFileSync(logFile, lines.join(''));
  /** The whole history through PodLogSession until its last line: ms and appends handed to the view. */
  const modelRun = async () => {
    let appends = 0;
    let endAt = 0;
    const big = new PodLogSession(
      client,
      { namespace: ns, pod: 'app', container: 'app', fieldPath: 'spec.containers{app}' },
      { timestamps: false, previous: false, tailLines: BIG + 1 },
      {
        append: (text) => {
          appends++;
          if (text.includes('bench-end')) endAt = performance.now();
        },
        clear: () => undefined,
        state: () => undefined,
      },
    );
    const t0 = performance.now();
    void big.start();
    while (!endAt) await new Promise((r) => setTimeout(r, 5));
    big.stop();
    return { ms: endAt - t0, appends };
  };
  // kubectl following too (the same server-side mode: the kubelet flushes every line), until the last line.
  const kubectlRun = async () => {
    const k0 = performance.now();
    let kubectlEnd = 0;
    const kubectlChild = follower(
      findKubectl(),
      [`--kubeconfig=${kubeconfig}`, 'logs', '-f', `--tail=${BIG + 1}`, '-n', ns, 'app'],
      (m) => {
        if (m === 'end') kubectlEnd = performance.now();
      },
    );
    const deadline = Date.now() + 120_000;
    while (!kubectlEnd && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    kubectlChild.kill();
    if (!kubectlEnd) throw new Error('kubectl logs -f did not print the last line');
    return kubectlEnd - k0;
  };
  // Alternated, each twice, so neither profits from going second (the machine is shared and its load moves).
  const models: { ms: number; appends: number }[] = [];
  const kubectls: number[] = [];
  for (let round = 0; round < 2; round++) {
    if (round % 2 === 0) {
      kubectls.push(await kubectlRun());
      models.push(await modelRun());
    } else {
      models.push(await modelRun());
      kubectls.push(await kubectlRun());
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const modelMs = mean(models.map((m) => m.ms));
  const kubectlMs = mean(kubectls);
  const appends = Math.round(mean(models.map((m) => m.appends)));
  opts.log(
    `${BIG.toLocaleString('en-US')} lines of history to the editor model: ${modelMs.toFixed(0)} ms in ${appends} appends (${(BIG / appends).toFixed(0)} lines per append); kubectl.1.33 logs -f --tail=${BIG + 1}: ${kubectlMs.toFixed(0)} ms (${(modelMs / kubectlMs).toFixed(2)}×; mean of 2 runs each, alternated: model ${models.map((m) => m.ms.toFixed(0)).join(', ')} ms, kubectl ${kubectls.map((k) => k.toFixed(0)).join(', ')} ms)`,
  );
  await runKubectl(['delete', 'namespace', ns, '--wait=false'], { kubeconfig });
  closeIdleConnections();
}

if (require.main === module) {
  runLogsBench({ log: (l) => process.stdout.write(`${l}\n`) }).then(
    () => process.exit(0),
    (e: unknown) => {
      process.stderr.write(`${(e as Error).stack}\n`);
      process.exit(1);
    },
  );
}
