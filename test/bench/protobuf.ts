// Protobuf vs JSON for a 10,000-pod list and a watch of 10,000 events, kubesense beside kubectl 1.33 in the same
// run on the same real API server. Each client runs as its own process (`get pods -o json`, `get pods
// --watch-only -o name`), through a TCP relay that counts the bytes the server sends (TLS and gzip included: what
// crosses the wire); peak memory is the process's max RSS. Decode time is measured in-process on the same bodies:
// JSON.parse vs kube/protobuf. kubectl's `get` asks for JSON only (it decodes unstructured objects; its typed
// clients are the ones that prefer protobuf), so kubectl appears once, in JSON.
//
// The watch events are the creation of the list's pods (ADDED, whole pods): every client starts watching the
// empty namespace, then the pods are created, never more than WATCH_WINDOW ahead of the slowest watcher. The API
// server's watch cache gives each watcher a buffer of about ten events and closes the watch of one whose buffer
// stays full for ~100 ms (on this loaded machine it dropped kubectl's after 3,965 of 10,000 events, and in another
// run kubesense's): that measures the machine's scheduling, not the client. Paced under that buffer, every
// client receives every event, and each client's figures are its CPU time and peak memory during the watch
// (`-o name`: one short line per event, so printing does not hide decoding), with the events it received.
//
//   node out/test/bench/protobuf.js [--count 10000] [--skip-list]
//   (starts a private cluster unless KUBESENSE_TEST_KUBECONFIG is set)
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { repoRoot } from '../cluster/cluster';
import { findKubectl } from '../cluster/kubectl';
import { restConfigFromFile } from '../../kube/kubeconfig';
import { RESTClient } from '../../kube/rest/client';
import { DynamicClient } from '../../kube/dynamic';
import { FrameSplitter, PROTOBUF_ACCEPT, decodeObject, decodeWatchEvent } from '../../kube/protobuf/wire';
import { errorStack } from '../../kube/util/errors';
import { benchCluster, countingRelay, median, peakRssMB, timedProcess, type CountingRelay } from './support';

const pods = { group: '', version: 'v1', resource: 'pods' };
const namespaces = { group: '', version: 'v1', resource: 'namespaces' };

const podName = (i: number) => `pod-${String(i).padStart(5, '0')}`;

/** `fn(i)` for i in [0, count), `width` at a time, started in order. */
async function inParallel(count: number, width: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) await fn(i);
  };
  await Promise.all(Array.from({ length: width }, worker));
}

/** Pods nobody schedules (no such scheduler): they stay as created, so the list and the events are stable. */
function benchPod(i: number) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: podName(i), labels: { app: 'bench', index: String(i) } },
    spec: {
      schedulerName: 'kubesense-bench-unscheduled',
      containers: [
        {
          name: 'app',
          image: 'registry.example/app:1.0',
          ports: [{ containerPort: 8080, name: 'http' }],
          env: [{ name: 'MODE', value: 'bench' }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
        },
      ],
    },
  };
}

/**
 * Events a paced creation lets the slowest watcher lag behind: fewer than the watch cache's smallest per-watcher
 * buffer (10), so the server never has to wait on a watcher, let alone close it.
 */
const WATCH_WINDOW = 8;

/** Creates the pods, pod i only once `slowest()` has printed at least i - WATCH_WINDOW events. */
async function populate(dynamic: DynamicClient, ns: string, count: number, slowest: () => number): Promise<number> {
  const started = performance.now();
  const client = dynamic.resource(pods).namespace(ns);
  await inParallel(count, WATCH_WINDOW, async (i) => {
    while (i - slowest() > WATCH_WINDOW) await new Promise((r) => setTimeout(r, 2));
    await client.create(benchPod(i));
  });
  return performance.now() - started;
}

export interface ClientSample {
  wallMs: number;
  maxRssMB: number;
  wireMB: number;
}

export interface WatchSample {
  /** Events the client printed (fewer than created if the server closed its watch or it stalled). */
  events: number;
  /** CPU (user + system) from the watch's start to the last event. */
  cpuMs: number;
  /** Peak RSS from the watch's start (the high-water mark is reset then) to the last event. */
  maxRssMB: number;
  wireMB: number;
  /** The last lines the client wrote to stderr, when it ended before its last event. */
  exit?: string;
}

export interface ProtobufBenchResult {
  pods: number;
  createMs: number;
  list?: {
    /** One unchunked list, decompressed body and in-process decode (median of 5). */
    jsonBodyMB: number;
    protobufBodyMB: number;
    jsonWireMB: number;
    protobufWireMB: number;
    jsonDecodeMs: number;
    protobufDecodeMs: number;
    /** `get pods -o json` processes (chunks of 500), median of 3 runs. */
    kubectl: ClientSample;
    kubesenseJson: ClientSample;
    kubesenseProtobuf: ClientSample;
  };
  watch: {
    events: number;
    /** The raw streams recorded in-process: events received, bytes, decode. */
    jsonStreamEvents: number;
    protobufStreamEvents: number;
    jsonStreamMB: number;
    protobufStreamMB: number;
    jsonDecodeMs: number;
    protobufDecodeMs: number;
    /** `get pods --watch-only -o name` processes. */
    kubectl: WatchSample;
    kubesenseJson: WatchSample;
    kubesenseProtobuf: WatchSample;
  };
}

const mb = (b: number) => b / 1e6;

function timeMedian(fn: () => unknown, runs = 5): number {
  return median(
    Array.from({ length: runs }, () => {
      const t0 = performance.now();
      fn();
      return performance.now() - t0;
    }),
  );
}

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU time (user + system) of a running process so far, in ms (0 once it is gone). */
function cpuMs(pid: number | undefined): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

/** Resets a process's peak RSS to its current RSS (Linux clear_refs "5"), so VmHWM covers what follows. */
function resetPeakRss(pid: number | undefined): void {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // An older kernel: the peak then includes the process's start.
  }
}

/**
 * A `get --watch-only -o name` process through its own relay. Its figures start when its watch request is
 * answered (-v=6 logs the URL): CPU, peak RSS and the relay's count are taken from there to its `count`th line.
 */
function watcher(cmd: string, args: string[], relay: CountingRelay, count: number) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let events = 0;
  let exited = false;
  let cpuStart = 0;
  let peak = 0;
  let cpu = 0;
  // Polled as well: a process whose watch the server closes is gone before its figures can be read.
  const measure = () => {
    peak = Math.max(peak, peakRssMB(child.pid));
    cpu = Math.max(cpu, cpuMs(child.pid));
  };
  const watching = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (!/watch=true/.test(stderr)) return;
      clearInterval(timer);
      cpuStart = cpuMs(child.pid);
      resetPeakRss(child.pid);
      relay.reset();
      resolve();
    }, 20);
    child.once('exit', (code) => (clearInterval(timer), reject(new Error(`${cmd} exited ${code}: ${stderr}`))));
  });
  watching.catch(() => undefined);
  let poll: NodeJS.Timeout | undefined;
  void watching.then(() => (poll = setInterval(measure, 200)));
  let finish: () => void = () => undefined;
  const done = new Promise<WatchSample>((resolve) => {
    finish = () => {
      clearInterval(poll);
      measure();
      const exit = exited && events < count ? stderr.trim().split('\n').slice(-3).join(' | ') : undefined;
      resolve({ events, cpuMs: cpu - cpuStart, maxRssMB: peak, wireMB: mb(relay.received()), exit });
    };
  });
  child.stdout.on('data', (d: Buffer) => {
    for (const b of d) if (b === 10) events++;
    if (events >= count) {
      finish();
      child.kill('SIGTERM');
    }
  });
  child.once('close', () => ((exited = true), finish()));
  return {
    watching,
    done,
    /** Events printed so far; a process that exited no longer holds the creation back. */
    events: () => (exited ? Infinity : events),
    giveUp: () => finish(),
    stop: () => child.kill('SIGKILL'),
  };
}

/** The raw bytes of a watch, read in-process until `count` events arrived (JSON: one per line; protobuf: frames). */
function recorder(stream: Readable, protobuf: boolean, count: number) {
  const chunks: Buffer[] = [];
  const frames = new FrameSplitter();
  let events = 0;
  let ended = false;
  const done = (async () => {
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        if (protobuf) events += frames.push(chunk).length;
        else for (const b of chunk) if (b === 10) events++;
        if (events >= count) break;
      }
    } catch {
      // Destroyed by giveUp (a stalled stream): what arrived is the sample.
    }
    ended = true;
    stream.destroy();
    return { events, body: Buffer.concat(chunks) };
  })();
  return {
    done,
    events: () => (ended ? Infinity : events),
    giveUp: () => stream.destroy(),
  };
}

function decodeJSONEvents(body: Buffer): number {
  let n = 0;
  for (const line of body.toString('utf8').split('\n')) if (line) n += JSON.parse(line) ? 1 : 0;
  return n;
}

function decodeProtobufEvents(body: Buffer): number {
  let n = 0;
  for (const frame of new FrameSplitter().push(body)) n += decodeWatchEvent(frame).object ? 1 : 0;
  return n;
}

export async function runProtobufBench(
  opts: { kubeconfig?: string; count?: number; skipList?: boolean; log?: (line: string) => void } = {},
): Promise<ProtobufBenchResult> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const count = opts.count ?? 10_000;
  const cluster = await benchCluster({ kubeconfig: opts.kubeconfig, log });
  const config = restConfigFromFile(cluster.kubeconfig, 'admin');
  config.qps = -1;
  const rest = new RESTClient(config);
  const dynamic = new DynamicClient(rest);
  const ns = `bench-proto-${process.pid}`;
  const kubectl = findKubectl('1.33');
  const kubesense = path.join(repoRoot(), 'bin', 'kubesense.js');
  const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-bench-proto-'));
  const relays: CountingRelay[] = [];
  const relay = async () => {
    const r = await countingRelay(cluster.kubeconfig);
    relays.push(r);
    return r;
  };
  const clients = (kc: string) => ({
    kubectl: [kubectl, [`--kubeconfig=${kc}`, `--cache-dir=${cacheDir}/kubectl`, '-n', ns]],
    kubesenseJson: [process.execPath, [kubesense, `--kubeconfig=${kc}`, `--cache-dir=${cacheDir}/ours`, '-n', ns]],
    kubesenseProtobuf: [
      process.execPath,
      [kubesense, `--kubeconfig=${kc}`, `--cache-dir=${cacheDir}/ours`, '-n', ns, '--content-type=protobuf'],
    ],
  });
  type Client = keyof ReturnType<typeof clients>;
  const names: Client[] = ['kubectl', 'kubesenseJson', 'kubesenseProtobuf'];
  try {
    await dynamic.resource(namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });

    // The watch: every client watches the empty namespace while its pods are created (count ADDED events).
    const watchers = await Promise.all(
      names.map(async (n) => {
        const r = await relay();
        const [cmd, args] = clients(r.kubeconfig)[n] as [string, string[]];
        return watcher(cmd, [...args, 'get', 'pods', '--watch-only', '-o', 'name', '-v=6'], r, count);
      }),
    );
    const rv = (await dynamic.resource(pods).namespace(ns).list({ limit: 1 })).metadata?.resourceVersion ?? '';
    const rawWatch = (accept: string) =>
      rest
        .get()
        .absPath(`/api/v1/namespaces/${ns}/pods`)
        .params({ watch: 'true', resourceVersion: rv })
        .setHeader('Accept', accept)
        .timeout(0)
        .stream();
    const recorders: ReturnType<typeof recorder>[] = [];
    let createMs: number;
    let watch: ProtobufBenchResult['watch'];
    try {
      recorders.push(recorder(await rawWatch('application/json'), false, count));
      recorders.push(recorder(await rawWatch(PROTOBUF_ACCEPT), true, count));
      await Promise.all(watchers.map((w) => w.watching));
      const all = [...watchers, ...recorders];
      const slowest = () => Math.min(...all.map((w) => w.events()));
      log(`creating ${count} pods (at most ${WATCH_WINDOW} ahead of the slowest of 5 watchers)`);
      createMs = await populate(dynamic, ns, count, slowest);
      log(`created ${count} pods in ${(createMs / 1000).toFixed(1)} s`);
      // Every watcher gets the rest of its events, or is given up on after 60 s without progress.
      let last = -1;
      let lastAt = performance.now();
      for (let left = Infinity; left > 0; await new Promise((r) => setTimeout(r, 100))) {
        const progress = all.reduce((sum, w) => sum + Math.min(w.events(), count), 0);
        left = all.length * count - progress;
        if (progress !== last) [last, lastAt] = [progress, performance.now()];
        else if (performance.now() - lastAt > 60_000) {
          log(`no watch progress for 60 s: ${left} events missing`);
          for (const w of all) w.giveUp();
          break;
        }
      }
      const [kubectlSample, jsonSample, protobufSample] = await Promise.all(watchers.map((w) => w.done));
      const [jsonRaw, protoRaw] = await Promise.all(recorders.map((r) => r.done));
      if (decodeProtobufEvents(protoRaw.body) !== protoRaw.events || decodeJSONEvents(jsonRaw.body) !== jsonRaw.events)
        throw new Error('recorded watches do not decode into the events they were counted as');
      watch = {
        events: count,
        jsonStreamEvents: jsonRaw.events,
        protobufStreamEvents: protoRaw.events,
        jsonStreamMB: mb(jsonRaw.body.length),
        protobufStreamMB: mb(protoRaw.body.length),
        jsonDecodeMs: timeMedian(() => decodeJSONEvents(jsonRaw.body), 3),
        protobufDecodeMs: timeMedian(() => decodeProtobufEvents(protoRaw.body), 3),
        kubectl: kubectlSample,
        kubesenseJson: jsonSample,
        kubesenseProtobuf: protobufSample,
      };
      for (const line of formatWatch(watch)) log(line);
    } finally {
      for (const w of watchers) w.stop();
      for (const r of recorders) r.giveUp();
    }
    if (opts.skipList) return { pods: count, createMs, watch };

    // The list: one unchunked request per encoding, bytes and in-process decode.
    const listRelay = await relay();
    const viaRelay = new RESTClient({ ...restConfigFromFile(listRelay.kubeconfig, 'admin'), qps: -1 });
    const fetchList = async (accept: string) => {
      listRelay.reset();
      const body = await viaRelay.get().absPath(`/api/v1/namespaces/${ns}/pods`).setHeader('Accept', accept).raw();
      return { body, wire: listRelay.received() };
    };
    const json = await fetchList('application/json');
    const proto = await fetchList(PROTOBUF_ACCEPT);
    const decoded = decodeObject(proto.body) as { items: unknown[] };
    if (decoded.items.length !== count) throw new Error(`protobuf list has ${decoded.items.length} pods, not ${count}`);
    const jsonDecodeMs = timeMedian(() => JSON.parse(json.body.toString('utf8')));
    const protobufDecodeMs = timeMedian(() => decodeObject(proto.body));

    // The list as each client process does it (`get pods -o json`, chunks of 500), warm discovery caches.
    const listSamples: Record<Client, ClientSample[]> = { kubectl: [], kubesenseJson: [], kubesenseProtobuf: [] };
    const warm = clients(cluster.kubeconfig);
    for (const n of names)
      await timedProcess(warm[n][0] as string, [...(warm[n][1] as string[]), 'get', 'ns', 'default']);
    const listed = new Set<number>();
    for (let run = 0; run < 3; run++) {
      for (const n of names) {
        const r = await relay();
        const [cmd, args] = clients(r.kubeconfig)[n] as [string, string[]];
        const s = await timedProcess(cmd, [...args, 'get', 'pods', '-o', 'json']);
        if (s.code !== 0) throw new Error(`${n} get pods failed: ${s.stderr}`);
        listed.add(s.lines);
        listSamples[n].push({ wallMs: s.wallMs, maxRssMB: s.maxRssMB, wireMB: mb(r.received()) });
        await r.close();
      }
    }
    if (listed.size !== 1) throw new Error(`the clients printed different lists (${[...listed].join(', ')} lines)`);
    const pick = (s: ClientSample[]): ClientSample => ({
      wallMs: median(s.map((x) => x.wallMs)),
      maxRssMB: median(s.map((x) => x.maxRssMB)),
      wireMB: median(s.map((x) => x.wireMB)),
    });

    const list = {
      jsonBodyMB: mb(json.body.length),
      protobufBodyMB: mb(proto.body.length),
      jsonWireMB: mb(json.wire),
      protobufWireMB: mb(proto.wire),
      jsonDecodeMs,
      protobufDecodeMs,
      kubectl: pick(listSamples.kubectl),
      kubesenseJson: pick(listSamples.kubesenseJson),
      kubesenseProtobuf: pick(listSamples.kubesenseProtobuf),
    };
    for (const line of formatList(count, createMs, list)) log(line);
    return { pods: count, createMs, list, watch };
  } finally {
    await dynamic
      .resource(namespaces)
      .delete(ns)
      .catch(() => undefined);
    for (const r of relays) await r.close().catch(() => undefined);
    fs.rmSync(cacheDir, { recursive: true, force: true });
    await cluster.stop();
  }
}

const f = (n: number, d = 0) => n.toFixed(d);
const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
const row = (name: string, s: ClientSample) =>
  `  ${name.padEnd(34)} wall ${f(s.wallMs).padStart(6)} ms   max RSS ${f(s.maxRssMB).padStart(4)} MB   wire ${f(s.wireMB, 2).padStart(6)} MB`;

function formatList(pods: number, createMs: number, l: NonNullable<ProtobufBenchResult['list']>): string[] {
  return [
    `protobuf bench (${pods} pods, created in ${f(createMs / 1000, 1)} s; kubesense vs kubectl 1.33, same cluster, same run)`,
    `list, one unchunked request: body ${f(l.jsonBodyMB, 2)} MB JSON vs ${f(l.protobufBodyMB, 2)} MB protobuf (${x(l.protobufBodyMB, l.jsonBodyMB)}); ` +
      `wire (gzip, TLS) ${f(l.jsonWireMB, 2)} MB vs ${f(l.protobufWireMB, 2)} MB (${x(l.protobufWireMB, l.jsonWireMB)})`,
    `list decode in-process: JSON.parse ${f(l.jsonDecodeMs)} ms vs kube/protobuf ${f(l.protobufDecodeMs)} ms (${x(l.protobufDecodeMs, l.jsonDecodeMs)})`,
    `get pods -o json (chunks of 500, median of 3 runs):`,
    row('kubectl.1.33 (JSON)', l.kubectl),
    row('kubesense (JSON)', l.kubesenseJson),
    row('kubesense --content-type=protobuf', l.kubesenseProtobuf),
  ];
}

const watchRow = (name: string, s: WatchSample, events: number) =>
  `  ${name.padEnd(34)} events ${`${s.events}/${events}`.padStart(11)}   CPU ${f(s.cpuMs).padStart(6)} ms   max RSS ${f(s.maxRssMB).padStart(4)} MB   wire ${f(s.wireMB, 2).padStart(6)} MB`;

function formatWatch(w: ProtobufBenchResult['watch']): string[] {
  return [
    `watch of ${w.events} events (ADDED, whole pods), recorded in-process: ${w.jsonStreamEvents} events, ${f(w.jsonStreamMB, 2)} MB JSON vs ` +
      `${w.protobufStreamEvents} events, ${f(w.protobufStreamMB, 2)} MB protobuf (${x(w.protobufStreamMB, w.jsonStreamMB)})`,
    `watch decode in-process: JSON.parse ${f(w.jsonDecodeMs)} ms vs kube/protobuf ${f(w.protobufDecodeMs)} ms (${x(w.protobufDecodeMs, w.jsonDecodeMs)})`,
    `get pods --watch-only -o name (from the watch's start to the last event printed; wire: the watch stream, TLS included):`,
    watchRow('kubectl.1.33 (JSON)', w.kubectl, w.events),
    watchRow('kubesense (JSON)', w.kubesenseJson, w.events),
    watchRow('kubesense --content-type=protobuf', w.kubesenseProtobuf, w.events),
    ...(['kubectl', 'kubesenseJson', 'kubesenseProtobuf'] as const)
      .filter((n) => w[n].events < w.events)
      .map(
        (n) =>
          `  (${n} received ${w[n].events} of ${w.events} events${w[n].exit ? `, then exited: ${w[n].exit}` : ''})`,
      ),
  ];
}

if (require.main === module) {
  const i = process.argv.indexOf('--count');
  runProtobufBench({
    count: i > 0 ? Number(process.argv[i + 1]) : undefined,
    skipList: process.argv.includes('--skip-list'),
  }).catch((e) => {
    process.stderr.write(`${errorStack(e)}\n`);
    process.exit(1);
  });
}
