// `kubesense check` on every core: for a large run, worker threads check files beside the main thread. Each
// worker rebuilds the same schema store from the local sources (checkFiles.ts) and loads the cached validators;
// files are handed out in small batches as threads ask for them, and reports are put back in input order, so the
// output is byte for byte that of a single-threaded run.
import * as os from 'node:os';
import * as path from 'node:path';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import type { SchemaStore } from '../analysis/schema';
import { packageValidatorsDir, setShippedValidatorsDir, setValidatorCacheDir } from '../analysis/validation';
import { checkFile, CheckInput, FileReport, LocalSchemaSources, localSchemaStore } from './checkFiles';

export interface CheckJob {
  input: CheckInput;
  text?: string;
  error?: string;
}

interface WorkerSetup {
  kubesenseCheckWorker: true;
  local: LocalSchemaSources;
  validatorCache?: string;
}

type ToWorker = { jobs: [number, CheckJob][] } | { done: true };
type FromWorker = { reports: [number, FileReport][] } | { failed: true };

/**
 * Below this much text a thread costs more than it saves: it loads the code, the schema documents and the
 * validators again (about what checking ~1 MB of manifests costs).
 */
const MIN_BYTES_PER_THREAD = 1024 * 1024;
/** Text handed out per batch: small enough to even out the end, large enough that messages cost nothing. */
const BATCH_BYTES = 128 * 1024;

/**
 * Worker threads for these files (besides the main thread): KUBESENSE_CHECK_THREADS=N sets it. Otherwise one thread
 * per ~1 MB, up to the idle cores (cores less the 1-minute load average, rounded; at least the main thread's): a
 * worker costs ~0.5 s of CPU to start (code, schemas, validators, V8 warming up again), which pays only when it gets
 * a core of its own; on the busy 2-core bench machine the extra thread made runs slower (README, Throughput).
 * Windows reports no load: every core counts as idle there.
 */
export function workerThreadsFor(
  jobs: CheckJob[],
  env: NodeJS.ProcessEnv,
  machine: { cores: number; load: number } = {
    cores: typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length,
    load: os.loadavg()[0],
  },
): number {
  const forced = env.KUBESENSE_CHECK_THREADS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.max(0, Number(forced) - 1);
  const bytes = jobs.reduce((n, j) => n + (j.text?.length ?? 0), 0);
  const idle = Math.max(1, Math.round(machine.cores - machine.load));
  return Math.max(0, Math.min(machine.cores, idle, Math.floor(bytes / MIN_BYTES_PER_THREAD)) - 1);
}

/** Check every job on this thread and `threads` worker threads; reports in job order. */
export async function checkInParallel(
  jobs: CheckJob[],
  store: SchemaStore,
  setup: { local: LocalSchemaSources; validatorCache?: string },
  threads: number,
): Promise<FileReport[]> {
  const reports: FileReport[] = new Array(jobs.length);
  let next = 0;
  // Jobs of a worker that failed (it could not start, say): this thread checks them.
  const returned: number[] = [];
  const take = (): number | undefined =>
    returned.length > 0 ? returned.shift() : next < jobs.length ? next++ : undefined;
  const batch = (): number[] => {
    const out: number[] = [];
    for (let bytes = 0, i = take(); i !== undefined; i = bytes < BATCH_BYTES ? take() : undefined) {
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
  const data: WorkerSetup = { kubesenseCheckWorker: true, ...setup };
  const workers = Array.from({ length: threads }, () =>
    runWorker(data, jobs, batch, reports, (lost) => returned.push(...lost)),
  );
  await checkHere();
  await Promise.all(workers);
  await checkHere();
  return reports;
}

/**
 * What a worker thread runs: it loads the file this code is in, the CLI bundle (whose main module re-exports
 * runCheckWorker) or, without a bundle, this module compiled by tsc. When this thread loaded the bundle through V8's
 * code cache (bin/code-cache.js), the worker reads the same cache (it never writes it): compiling the bundle again
 * costs it ~0.5 s.
 */
function workerScript(): string {
  const loader = path.join(__dirname, '..', '..', 'bin', 'code-cache.js');
  const cache = (require.cache[loader]?.exports as CodeCacheLoader | undefined)?.codeCacheOf(__filename);
  const self = JSON.stringify(__filename);
  return cache
    ? `require(${JSON.stringify(loader)}).loadWithCodeCache(${self}, ${JSON.stringify(cache.dir)}, ${JSON.stringify(cache.command)}).exports.runCheckWorker();`
    : `require(${self}).runCheckWorker();`;
}

interface CodeCacheLoader {
  codeCacheOf(file: string): { dir: string; command: string } | undefined;
}

/** One worker thread fed with batches until none are left; a failure hands its unfinished jobs back. */
function runWorker(
  data: WorkerSetup,
  jobs: CheckJob[],
  batch: () => number[],
  reports: FileReport[],
  giveBack: (indexes: number[]) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(workerScript(), { eval: true, workerData: data });
    let inFlight: number[] = [];
    let failed = false;
    const send = (): void => {
      inFlight = batch();
      const message: ToWorker = inFlight.length > 0 ? { jobs: inFlight.map((i) => [i, jobs[i]]) } : { done: true };
      worker.postMessage(message);
    };
    const fail = (): void => {
      if (failed) return;
      failed = true;
      giveBack(inFlight);
      inFlight = [];
      void worker.terminate();
    };
    worker.on('message', (m: FromWorker) => {
      if ('failed' in m) return fail();
      for (const [i, r] of m.reports) reports[i] = r;
      send();
    });
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (code !== 0) fail();
      resolve();
    });
    send();
  });
}

/** A worker thread's loop: build the store, then check batches until told there are no more. */
export function runCheckWorker(): void {
  const setup = workerData as WorkerSetup | undefined;
  const port = parentPort;
  if (!port || !setup?.kubesenseCheckWorker) throw new Error('runCheckWorker: not a check worker thread');
  setValidatorCacheDir(setup.validatorCache);
  setShippedValidatorsDir(packageValidatorsDir());
  const store = localSchemaStore(setup.local);
  port.on('message', (m: ToWorker) => {
    if ('done' in m) {
      port.close();
      return;
    }
    void (async () => {
      const reports: [number, FileReport][] = [];
      for (const [i, job] of m.jobs) reports.push([i, await checkFile(job.input, job.text, job.error, store)]);
      const reply: FromWorker = { reports };
      port.postMessage(reply);
    })().catch(() => {
      // The main thread checks these files again itself, and reports what fails there as a run on one thread does.
      const reply: FromWorker = { failed: true };
      port.postMessage(reply);
      port.close();
    });
  });
}
