// `kubesense check` on every core: for a large run, worker threads check files beside the main thread. Each
// worker rebuilds the same schema store from the local sources (checkFiles.ts) and loads the cached validators;
// files are handed out in small batches as threads ask for them, and reports are put back in input order, so the
// output is byte for byte that of a single-threaded run.
import * as fs from 'node:fs';
import * as os from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { setDocumentIndexDir, type SchemaStore } from '../analysis/schema';
import { packageValidatorsDir, setShippedValidatorsDir, setValidatorCacheDir } from '../analysis/validation';
import { loadedBundle } from './loadedBundle';
import { checkFile, CheckInput, FileReport, LocalSchemaSources, localSchemaStore } from './checkFiles';

export interface CheckJob {
  input: CheckInput;
  text?: string;
  error?: string;
}

interface WorkerSetup {
  kubesenseCheckWorker: true;
  validatorCache?: string;
}

type ToWorker = { local: LocalSchemaSources } | { jobs: [number, CheckJob][] } | { done: true };
type FromWorker = { reports: [number, FileReport][] } | { failed: true };

/**
 * Below this much text a thread costs more than it saves: it loads the code, the schema documents and the
 * validators again (about what checking ~1 MB of manifests costs).
 */
const MIN_BYTES_PER_THREAD = 1024 * 1024;
/** Text handed out per batch at most: large enough that messages cost nothing... */
const BATCH_BYTES = 128 * 1024;
/** ...and at least, as batches shrink towards the end so that the threads finish together. */
const MIN_BATCH_BYTES = 16 * 1024;
/** Batches a worker holds at once: it starts the next while the main thread, busy with a file, sends another. */
const BATCHES_IN_FLIGHT = 2;

/**
 * Worker threads for these files (besides the main thread): KUBESENSE_CHECK_THREADS=N sets it. Otherwise one thread
 * per ~1 MB, up to the idle cores (cores less the load, rounded) less one, as V8's own threads need a core: they are
 * mostly TurboFan compiling hot functions (~0.5 s of a one-thread run's ~1.3 s of CPU on the bench workload; GC
 * ~0.05 s), and each isolate compiles its hot code again. So a worker costs ~0.8 s of CPU more than it saves the
 * main thread (test/bench/checkThreads.ts splits a run's CPU by thread): its own thread ~0.45 s (starting Node and
 * the bundle ~0.05 s, schemas and cached validators ~0.05 s, the rest running cold code until it is optimized) and
 * ~0.35 s on V8's compiler threads. No data handed over from the main thread can save that: optimized code is not
 * shared between isolates. On 2 cores a one-thread run already keeps the second core ~70 % busy, so a worker made
 * every run slower there (5,000 resources: 1.12–1.25 s wall with one thread and 1.20–1.31 s with two at load < 2;
 * at load ~9 a median of 2.31 s and 3.61 s); 2 cores get no worker, 4 idle cores two.
 */
export function workerThreadsFor(
  jobs: CheckJob[],
  env: NodeJS.ProcessEnv,
  machine: { cores: number; load: number } = {
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
    load: currentLoad(),
  },
): number {
  const forced = env.KUBESENSE_CHECK_THREADS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.max(0, Number(forced) - 1);
  const bytes = jobs.reduce((n, j) => n + (j.text?.length ?? 0), 0);
  const idle = Math.round(machine.cores - machine.load);
  return Math.max(0, Math.min(machine.cores, idle - 1, Math.floor(bytes / MIN_BYTES_PER_THREAD)) - 1);
}

/**
 * How many cores other work keeps busy now. The 1-minute load average lags: after a build or the previous run of a
 * script it still reads ~1 on a machine gone quiet, which on 2 cores left no core for a worker. Linux also tells
 * how many threads are runnable at this instant (/proc/loadavg's fourth field, this thread among them); the lower
 * of the two is taken (the instant count alone misses work that is waiting for I/O between bursts). Windows
 * reports no load: every core counts as idle there.
 */
export function currentLoad(
  loadavg: string | undefined = readProcLoadavg(),
  average: number = os.loadavg()[0],
): number {
  const runnable = /^\S+ \S+ \S+ (\d+)\//.exec(loadavg ?? '');
  return runnable ? Math.min(average, Math.max(0, Number(runnable[1]) - 1)) : average;
}

function readProcLoadavg(): string | undefined {
  try {
    return fs.readFileSync('/proc/loadavg', 'latin1');
  } catch {
    return undefined;
  }
}

/** Worker threads started early (before the schema store is built), waiting for their sources and files. */
export interface CheckWorkers {
  workers: Worker[];
  /** Those that ended already (one that failed to start): they get no work. */
  exited: Set<Worker>;
  /** End them unused (a run that turned out to need the main thread only, or failed). */
  terminate(): void;
}

/**
 * Start `threads` worker threads now: each loads the code (Node, the CLI bundle) while the main thread still reads
 * files and builds its store, and gets its schema sources and files later (checkInParallel).
 */
export function startCheckWorkers(threads: number, validatorCache: string | undefined): CheckWorkers {
  const data: WorkerSetup = { kubesenseCheckWorker: true, validatorCache };
  const workers = Array.from({ length: threads }, () => new Worker(workerScript(), { eval: true, workerData: data }));
  const exited = new Set<Worker>();
  // A worker that fails before it is given work is only a lost helper: the other threads check its share.
  for (const w of workers) w.on('error', () => undefined).once('exit', () => exited.add(w));
  return { workers, exited, terminate: () => workers.forEach((w) => void w.terminate()) };
}

/** Check every job on this thread and the started workers; reports in job order. */
export async function checkInParallel(
  jobs: CheckJob[],
  store: SchemaStore,
  local: LocalSchemaSources,
  started: CheckWorkers,
): Promise<FileReport[]> {
  const reports: FileReport[] = new Array(jobs.length);
  let next = 0;
  let leftBytes = jobs.reduce((n, j) => n + (j.text?.length ?? 0), 0);
  // Jobs of a worker that failed (it could not start, say): this thread checks them.
  const returned: number[] = [];
  const take = (): number | undefined => {
    const i = returned.length > 0 ? returned.shift() : next < jobs.length ? next++ : undefined;
    if (i !== undefined) leftBytes -= jobs[i].text?.length ?? 0;
    return i;
  };
  // Guided: a share of what is left, so that the last batches are small and the threads end together.
  const threads = started.workers.length + 1;
  const batch = (): number[] => {
    const size = Math.max(MIN_BATCH_BYTES, Math.min(BATCH_BYTES, leftBytes / (2 * threads)));
    const out: number[] = [];
    for (let bytes = 0, i = take(); i !== undefined; i = bytes < size ? take() : undefined) {
      out.push(i);
      bytes += jobs[i].text?.length ?? 0;
    }
    return out;
  };
  const checkHere = async (): Promise<void> => {
    for (let i = take(); i !== undefined; i = take()) {
      reports[i] = await checkFile(jobs[i].input, jobs[i].text, jobs[i].error, store);
      // Let the workers' messages in between files.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const workers = started.workers
    .filter((w) => !started.exited.has(w))
    .map((w) => feedWorker(w, local, jobs, batch, reports, (lost) => returned.push(...lost)));
  await checkHere();
  await Promise.all(workers);
  await checkHere();
  return reports;
}

/**
 * What a worker thread runs: it loads the file this code is in, the CLI bundle (whose main module re-exports
 * runCheckWorker) or, without a bundle, this module compiled by tsc. When this thread loaded the bundle through V8's
 * code cache (bin/code-cache.js), the worker reads the same cache (it never writes it): starting Node and loading
 * the bundle then costs a worker ~0.05 s of CPU.
 */
function workerScript(): string {
  const bundle = loadedBundle();
  const self = JSON.stringify(__filename);
  return bundle
    ? `require(${JSON.stringify(bundle.loader)}).loadWithCodeCache(${self}, ${JSON.stringify(bundle.dir)}, ${JSON.stringify(bundle.command)}).exports.runCheckWorker();`
    : `require(${self}).runCheckWorker();`;
}

/**
 * Feed one worker batches until none are left, BATCHES_IN_FLIGHT at a time (it answers them in order); a failure
 * hands its unfinished jobs back.
 */
function feedWorker(
  worker: Worker,
  local: LocalSchemaSources,
  jobs: CheckJob[],
  batch: () => number[],
  reports: FileReport[],
  giveBack: (indexes: number[]) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const inFlight: number[][] = [];
    let failed = false;
    let ended = false;
    const post = (m: ToWorker): void => worker.postMessage(m);
    const send = (): void => {
      const b = batch();
      if (b.length > 0) {
        inFlight.push(b);
        post({ jobs: b.map((i) => [i, jobs[i]]) });
      } else if (inFlight.length === 0 && !ended) {
        ended = true;
        post({ done: true });
      }
    };
    const fail = (): void => {
      if (failed) return;
      failed = true;
      giveBack(inFlight.flat());
      inFlight.length = 0;
      void worker.terminate();
    };
    worker.on('message', (m: FromWorker) => {
      if ('failed' in m) return fail();
      for (const [i, r] of m.reports) reports[i] = r;
      inFlight.shift();
      send();
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0 || inFlight.length > 0) fail();
      resolve();
    });
    post({ local });
    for (let k = 0; k < BATCHES_IN_FLIGHT; k++) send();
  });
}

/** A worker thread's loop: wait for the schema sources, build the store, then check batches in order until told to stop. */
export function runCheckWorker(): void {
  const setup = workerData as WorkerSetup | undefined;
  const port = parentPort;
  if (!port || !setup?.kubesenseCheckWorker) throw new Error('runCheckWorker: not a check worker thread');
  setValidatorCacheDir(setup.validatorCache);
  setDocumentIndexDir(setup.validatorCache);
  setShippedValidatorsDir(packageValidatorsDir());
  let store: SchemaStore | undefined;
  const queue: [number, CheckJob][][] = [];
  let running = false;
  let done = false;
  const drain = async (): Promise<void> => {
    running = true;
    for (let jobs = queue.shift(); jobs; jobs = queue.shift()) {
      const reports: [number, FileReport][] = [];
      for (const [i, job] of jobs) reports.push([i, await checkFile(job.input, job.text, job.error, store!)]);
      const reply: FromWorker = { reports };
      port.postMessage(reply);
    }
    running = false;
    if (done) port.close();
  };
  port.on('message', (m: ToWorker) => {
    if ('local' in m) {
      store = localSchemaStore(m.local);
      return;
    }
    if ('done' in m) {
      done = true;
      if (!running) port.close();
      return;
    }
    queue.push(m.jobs);
    if (running) return;
    drain().catch(() => {
      // The main thread checks these files again itself, and reports what fails there as a run on one thread does.
      const reply: FromWorker = { failed: true };
      port.postMessage(reply);
      port.close();
    });
  });
}
