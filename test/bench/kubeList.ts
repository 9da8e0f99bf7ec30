// Listing, informer start and watch latency: kubesense beside kubectl 1.33, same run, same real API server.
// Each side runs as its own process so both pay start-up and decoding; wall time comes from the parent,
// peak memory (max RSS) from /usr/bin/time. In-process library figures (no start-up) are reported too.
//
//   node out/test/bench/kubeList.js [--count 10000] [--events 30]   (starts a private cluster unless
//   KUBESENSE_TEST_KUBECONFIG names a running one)
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { repoRoot } from '../cluster/cluster';
import { benchCluster, median, timedProcess as timed, type ProcessSample } from './support';
import { findKubectl } from '../cluster/kubectl';
import { restConfigFromFile } from '../../kube/kubeconfig';
import { DynamicClient, type Unstructured } from '../../kube/dynamic';
import { Informer } from '../../kube/cache';
import { errorStack } from '../../kube/util/errors';

export type { ProcessSample };

export interface KubeListBenchResult {
  objects: number;
  list: {
    kubesense: ProcessSample;
    kubectl: ProcessSample;
    inProcessMs: number;
    inProcessHeapMB: number;
    ratioWall: number;
    ratioRss: number;
  };
  informerStart: { kubesenseWatchCli: number; kubectlWatchCli: number; inProcessSyncMs: number; ratio: number };
  watchLatency: {
    events: number;
    kubesenseCliMedianMs: number;
    kubectlCliMedianMs: number;
    informerMedianMs: number;
    ratio: number;
  };
}

const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
const namespaces = { group: '', version: 'v1', resource: 'namespaces' };

/** A long-running `get --watch -o name`: resolves when `count` lines arrived; then reports each later line. */
function watchProcess(cmd: string, args: string[]) {
  const started = performance.now();
  const child: ChildProcess = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let lines = 0;
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const waiters: Array<{ name?: string; count?: number; resolve: (ms: number) => void }> = [];
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    lines++;
    const now = performance.now();
    for (const w of [...waiters]) {
      if ((w.count !== undefined && lines >= w.count) || (w.name !== undefined && line.endsWith(`/${w.name}`))) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(now);
      }
    }
  });
  return {
    /** ms from spawn until `count` lines were printed. */
    linesAfter: (count: number) =>
      new Promise<number>((resolve, reject) => {
        child.once('exit', () => reject(new Error(`${cmd} exited early: ${stderr}`)));
        waiters.push({ count, resolve: (t) => resolve(t - started) });
      }),
    /** performance.now() when a line naming `name` appears. */
    lineFor: (name: string) => new Promise<number>((resolve) => waiters.push({ name, resolve })),
    stop: () => child.kill('SIGTERM'),
  };
}

async function populate(dynamic: DynamicClient, ns: string, count: number, log: (l: string) => void): Promise<void> {
  await dynamic.resource(namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const cms = dynamic.resource(configmaps).namespace(ns);
  // Realistic small objects: a few keys, labels, ~600 bytes each.
  const make = (i: number): Unstructured => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: `cm-${String(i).padStart(5, '0')}`,
      labels: { app: `app-${i % 50}`, tier: i % 2 ? 'web' : 'db' },
    },
    data: {
      'settings.yaml': `replicas: ${i % 7}\nimage: registry.example.com/app-${i % 50}:1.${i % 13}\n`,
      index: String(i),
      mode: 'bench'.repeat(40),
    },
  });
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      await cms.create(make(i));
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: 24 }, worker));
  log(`created ${count} ConfigMaps in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

export async function runKubeListBench(
  opts: { kubeconfig?: string; count?: number; events?: number; log?: (line: string) => void } = {},
): Promise<KubeListBenchResult> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const count = opts.count ?? 10_000;
  const eventCount = opts.events ?? 30;
  const cluster = await benchCluster({ kubeconfig: opts.kubeconfig, log });
  const kubeconfig = cluster.kubeconfig;
  const kubectl = findKubectl('1.33');
  const kubesense = path.join(repoRoot(), 'bin', 'kubesense.js');
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-bench-list-'));
  const config = restConfigFromFile(kubeconfig, 'admin');
  config.qps = -1;
  const dynamic = new DynamicClient(config);
  const ns = `bench-list-${process.pid}`;
  try {
    await populate(dynamic, ns, count, log);
    const common = [`--kubeconfig=${kubeconfig}`, '-n', ns];
    // Warm both discovery caches so the figures are about listing.
    await timed(kubectl, [...common, `--cache-dir=${cacheDir}/kubectl`, 'get', 'cm', 'cm-00000', '-o', 'name']);
    await timed(process.execPath, [
      kubesense,
      ...common,
      `--cache-dir=${cacheDir}/ours`,
      'get',
      'cm',
      'cm-00000',
      '-o',
      'name',
    ]);

    // 1. List everything (chunks of 500, as both default to) and print it as JSON.
    const listArgs = ['get', 'configmaps', '-o', 'json'];
    const theirs: ProcessSample[] = [];
    const ours: ProcessSample[] = [];
    for (let run = 0; run < 3; run++) {
      const k = await timed(kubectl, [...common, `--cache-dir=${cacheDir}/kubectl`, ...listArgs]);
      const o = await timed(process.execPath, [kubesense, ...common, `--cache-dir=${cacheDir}/ours`, ...listArgs]);
      if (k.code !== 0 || o.code !== 0)
        throw new Error(`list failed: kubectl ${k.code} ${k.stderr} / kubesense ${o.code} ${o.stderr}`);
      theirs.push(k);
      ours.push(o);
    }
    const pick = (s: ProcessSample[]) => ({
      wallMs: median(s.map((x) => x.wallMs)),
      maxRssMB: median(s.map((x) => x.maxRssMB)),
    });
    const listK = pick(theirs);
    const listO = pick(ours);
    const heapBefore = process.memoryUsage().heapUsed;
    const t0 = performance.now();
    const all = await dynamic.resource(configmaps).namespace(ns).listAll();
    const inProcessMs = performance.now() - t0;
    const inProcessHeapMB = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024;
    if (all.items.length !== count) throw new Error(`listed ${all.items.length}, expected ${count}`);
    log(
      `list: kubesense ${listO.wallMs.toFixed(0)} ms / ${listO.maxRssMB.toFixed(0)} MB, kubectl ${listK.wallMs.toFixed(0)} ms / ${listK.maxRssMB.toFixed(0)} MB`,
    );

    // 2. Informer start: list-then-watch until all objects are known. CLI: `get --watch -o name` printing
    //    every object; in-process: Informer.waitForSync.
    const startK = watchProcess(kubectl, [
      ...common,
      `--cache-dir=${cacheDir}/kubectl`,
      'get',
      'cm',
      '--watch',
      '-o',
      'name',
    ]);
    const kubectlWatchCli = await startK.linesAfter(count);
    const startO = watchProcess(process.execPath, [
      kubesense,
      ...common,
      `--cache-dir=${cacheDir}/ours`,
      'get',
      'cm',
      '--watch',
      '-o',
      'name',
    ]);
    const kubesenseWatchCli = await startO.linesAfter(count);
    const informer = new Informer<Unstructured>(dynamic.resource(configmaps).namespace(ns).listWatcher());
    const latencies: number[] = [];
    let expecting: { name: string; since: number } | undefined;
    let informerSeen: (() => void) | undefined;
    informer.addEventHandler({
      onAdd: (o) => {
        if (expecting && o.metadata?.name === expecting.name) {
          latencies.push(performance.now() - expecting.since);
          informerSeen?.();
        }
      },
    });
    const s0 = performance.now();
    informer.start();
    await informer.waitForSync();
    const inProcessSyncMs = performance.now() - s0;
    log(
      `informer start: kubesense get -w ${kubesenseWatchCli.toFixed(0)} ms, kubectl get -w ${kubectlWatchCli.toFixed(0)} ms, in-process sync ${inProcessSyncMs.toFixed(0)} ms`,
    );

    // 3. Watch event latency: create an object, time until each watcher reports it.
    const cliK: number[] = [];
    const cliO: number[] = [];
    const cms = dynamic.resource(configmaps).namespace(ns);
    for (let i = 0; i < eventCount; i++) {
      const name = `latency-${i}`;
      const seenK = startK.lineFor(name);
      const seenO = startO.lineFor(name);
      const seenI = new Promise<void>((r) => (informerSeen = r));
      const since = performance.now();
      expecting = { name, since };
      await cms.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { i: String(i) } });
      const [k, o] = await Promise.all([seenK, seenO, seenI]);
      cliK.push(k - since);
      cliO.push(o - since);
    }
    startK.stop();
    startO.stop();
    await informer.stop();
    const result: KubeListBenchResult = {
      objects: count,
      list: {
        kubesense: listO,
        kubectl: listK,
        inProcessMs,
        inProcessHeapMB,
        ratioWall: listO.wallMs / listK.wallMs,
        ratioRss: listO.maxRssMB / listK.maxRssMB,
      },
      informerStart: {
        kubesenseWatchCli,
        kubectlWatchCli,
        inProcessSyncMs,
        ratio: kubesenseWatchCli / kubectlWatchCli,
      },
      watchLatency: {
        events: eventCount,
        kubesenseCliMedianMs: median(cliO),
        kubectlCliMedianMs: median(cliK),
        informerMedianMs: median(latencies),
        ratio: median(cliO) / median(cliK),
      },
    };
    // Printed here so every caller (npm run bench, the standalone entry) shows the ratios.
    for (const line of formatKubeListBench(result).split('\n')) log(line);
    return result;
  } finally {
    await dynamic
      .resource(namespaces)
      .delete(ns)
      .catch(() => undefined);
    fs.rmSync(cacheDir, { recursive: true, force: true });
    await cluster.stop();
  }
}

export function formatKubeListBench(r: KubeListBenchResult): string {
  const f = (n: number) => n.toFixed(0);
  const x = (n: number) => `${n.toFixed(2)}x`;
  return [
    `kube list bench (${r.objects} ConfigMaps, kubesense vs kubectl 1.33, same cluster, same run; ratio = kubesense / kubectl, lower is better)`,
    `  list -o json (chunks of 500)   wall ${f(r.list.kubesense.wallMs)} ms vs ${f(r.list.kubectl.wallMs)} ms  ratio ${x(r.list.ratioWall)}`,
    `                                 peak RSS ${f(r.list.kubesense.maxRssMB)} MB vs ${f(r.list.kubectl.maxRssMB)} MB  ratio ${x(r.list.ratioRss)}`,
    `                                 (in-process DynamicClient.listAll: ${f(r.list.inProcessMs)} ms, heap +${f(r.list.inProcessHeapMB)} MB)`,
    `  informer start (get -w -o name until all ${r.objects} shown)  ${f(r.informerStart.kubesenseWatchCli)} ms vs ${f(r.informerStart.kubectlWatchCli)} ms  ratio ${x(r.informerStart.ratio)}`,
    `                                 (in-process Informer list+sync: ${f(r.informerStart.inProcessSyncMs)} ms)`,
    `  watch event latency (median of ${r.watchLatency.events})  ${r.watchLatency.kubesenseCliMedianMs.toFixed(1)} ms vs ${r.watchLatency.kubectlCliMedianMs.toFixed(1)} ms  ratio ${x(r.watchLatency.ratio)}`,
    `                                 (in-process Informer handler: ${r.watchLatency.informerMedianMs.toFixed(1)} ms)`,
  ].join('\n');
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  runKubeListBench({ count: arg('count'), events: arg('events') }).catch((e) => {
    process.stderr.write(`kube-list bench failed: ${errorStack(e)}\n`);
    process.exitCode = 1;
  });
}
