// Protobuf vs JSON for a 10,000-pod list and a watch of 10,000 events, kubesense beside kubectl 1.33 in the same
// run on the same real API server. Each client runs as its own process (`get pods -o json`, `get pods
// --watch-only -o json`), through a TCP relay that counts the bytes the server sends (TLS and gzip included: what
// crosses the wire); peak memory is the process's max RSS. Decode time is measured in-process on the same bodies:
// JSON.parse vs kube/protobuf. kubectl's `get` asks for JSON only (it decodes unstructured objects; its typed
// clients are the ones that prefer protobuf), so kubectl appears once, in JSON.
//
//   node out/test/bench/protobuf.js [--count 10000]   (starts a private cluster unless KUBESENSE_TEST_KUBECONFIG is set)
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as readline from 'node:readline';
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

/** `fn(i)` for i in [0, count), 32 at a time. */
async function inParallel(count: number, fn: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < count; i = next++) await fn(i);
  };
  await Promise.all(Array.from({ length: 32 }, worker));
}

/** Pods nobody schedules (no such scheduler): they stay as created, so the list and the events are stable. */
async function populate(dynamic: DynamicClient, ns: string, count: number): Promise<number> {
  const started = performance.now();
  await dynamic.resource(namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  const client = dynamic.resource(pods).namespace(ns);
  await inParallel(count, (i) =>
    client.create({
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
    }),
  );
  return performance.now() - started;
}

export interface ClientSample {
  wallMs: number;
  maxRssMB: number;
  wireMB: number;
  /** Watches: the events printed (fewer than asked when the server closed the watch of a client that fell behind). */
  events?: number;
}

export interface ProtobufBenchResult {
  pods: number;
  createMs: number;
  list: {
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
    jsonStreamMB: number;
    protobufStreamMB: number;
    jsonDecodeMs: number;
    protobufDecodeMs: number;
    /** `get pods --watch-only -o json` processes, from start to the last event printed. */
    kubectl: ClientSample;
    kubesenseJson: ClientSample;
    kubesenseProtobuf: ClientSample;
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

/** A `get --watch-only -o json` process through its own relay: resolves when `count` objects were printed. */
function watcher(cmd: string, args: string[], relay: CountingRelay, count: number) {
  const started = performance.now();
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  let objects = 0;
  const watching = new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => /watch=true/.test(stderr) && (clearInterval(timer), resolve()), 50);
    child.once('exit', (code) => (clearInterval(timer), reject(new Error(`${cmd} exited ${code}: ${stderr}`))));
  });
  // Peak memory is polled: a process the server's watch close ends is gone before its exit can be read.
  let peak = 0;
  const poll = setInterval(() => (peak = Math.max(peak, peakRssMB(child.pid))), 200);
  const done = new Promise<ClientSample>((resolve) => {
    const finish = () => {
      clearInterval(poll);
      peak = Math.max(peak, peakRssMB(child.pid));
      resolve({ wallMs: performance.now() - started, maxRssMB: peak, wireMB: mb(relay.received()), events: objects });
    };
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      if (line !== '{' || ++objects !== count) return;
      finish();
      child.kill('SIGTERM');
    });
    // The API server closes the watch of a client that falls too far behind (its watch cache buffer fills).
    child.once('exit', () => objects < count && finish());
  });
  done.catch(() => undefined);
  return { watching, done, stop: () => child.kill('SIGKILL') };
}

/** The raw bytes of a watch until `count` events arrived (JSON: one event per line; protobuf: frames). */
async function recordWatch(stream: Readable, protobuf: boolean, count: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const frames = new FrameSplitter();
  let events = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    chunks.push(chunk);
    if (protobuf) events += frames.push(chunk).length;
    else for (const b of chunk) if (b === 10) events++;
    if (events >= count) break;
  }
  stream.destroy();
  return Buffer.concat(chunks);
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
  opts: { kubeconfig?: string; count?: number; log?: (line: string) => void } = {},
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
    log(`creating ${count} pods (32 in parallel)`);
    const createMs = await populate(dynamic, ns, count);
    log(`created ${count} pods in ${(createMs / 1000).toFixed(1)} s`);

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

    // The watch: every client watches while all pods are deleted (32 deletes at a time: `count` DELETED events
    // carrying the whole pod; one DeleteCollection of 10,000 outlasts the server's 60 s request timeout on a
    // loaded machine); the raw streams are recorded in-process for the decode figures.
    const watchers = await Promise.all(
      names.map(async (n) => {
        const r = await relay();
        const [cmd, args] = clients(r.kubeconfig)[n] as [string, string[]];
        return { n, w: watcher(cmd, [...args, 'get', 'pods', '--watch-only', '-o', 'json', '-v=6'], r, count) };
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
    const jsonStream = await rawWatch('application/json');
    const protoStream = await rawWatch(PROTOBUF_ACCEPT);
    try {
      await Promise.all(watchers.map(({ w }) => w.watching));
      const recorded = Promise.all([recordWatch(jsonStream, false, count), recordWatch(protoStream, true, count)]);
      const t0 = performance.now();
      const podClient = dynamic.resource(pods).namespace(ns);
      await inParallel(count, (i) => podClient.delete(podName(i)));
      log(`deleted ${count} pods in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      const [jsonEvents, protoEvents] = await recorded;
      const watchSamples = await Promise.all(watchers.map(({ w }) => w.done));
      if (decodeProtobufEvents(protoEvents) !== count || decodeJSONEvents(jsonEvents) !== count)
        throw new Error('recorded watches do not hold the expected events');
      const sample = (n: Client) => watchSamples[names.indexOf(n)];
      const result: ProtobufBenchResult = {
        pods: count,
        createMs,
        list,
        watch: {
          events: count,
          jsonStreamMB: mb(jsonEvents.length),
          protobufStreamMB: mb(protoEvents.length),
          jsonDecodeMs: timeMedian(() => decodeJSONEvents(jsonEvents), 3),
          protobufDecodeMs: timeMedian(() => decodeProtobufEvents(protoEvents), 3),
          kubectl: sample('kubectl'),
          kubesenseJson: sample('kubesenseJson'),
          kubesenseProtobuf: sample('kubesenseProtobuf'),
        },
      };
      for (const line of formatWatch(result.watch)) log(line);
      return result;
    } finally {
      for (const { w } of watchers) w.stop();
      jsonStream.destroy();
      protoStream.destroy();
    }
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

function formatList(pods: number, createMs: number, l: ProtobufBenchResult['list']): string[] {
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

function formatWatch(w: ProtobufBenchResult['watch']): string[] {
  return [
    `watch of ${w.events} events (DELETED, whole pods): stream ${f(w.jsonStreamMB, 2)} MB JSON vs ${f(w.protobufStreamMB, 2)} MB protobuf (${x(w.protobufStreamMB, w.jsonStreamMB)})`,
    `watch decode in-process: JSON.parse ${f(w.jsonDecodeMs)} ms vs kube/protobuf ${f(w.protobufDecodeMs)} ms (${x(w.protobufDecodeMs, w.jsonDecodeMs)})`,
    `get pods --watch-only -o json (from start to the last event printed):`,
    row('kubectl.1.33 (JSON)', w.kubectl),
    row('kubesense (JSON)', w.kubesenseJson),
    row('kubesense --content-type=protobuf', w.kubesenseProtobuf),
    ...(['kubectl', 'kubesenseJson', 'kubesenseProtobuf'] as const)
      .filter((n) => (w[n].events ?? w.events) < w.events)
      .map((n) => `  (${n}: the server closed its watch after ${w[n].events} events: it fell behind)`),
  ];
}

export function formatProtobufBench(r: ProtobufBenchResult): string {
  return [...formatList(r.pods, r.createMs, r.list), ...formatWatch(r.watch)].join('\n');
}

if (require.main === module) {
  const i = process.argv.indexOf('--count');
  runProtobufBench({ count: i > 0 ? Number(process.argv[i + 1]) : undefined }).catch((e) => {
    process.stderr.write(`${errorStack(e)}\n`);
    process.exit(1);
  });
}
