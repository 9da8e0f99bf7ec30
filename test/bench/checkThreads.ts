// What a worker thread costs `kubesense check` and whether it pays: the bench workload (check.ts) checked with
// KUBESENSE_CHECK_THREADS=1, 2, ... as fresh processes, the thread counts interleaved round by round, with the load
// average printed beside each run (wall time means something only on a quiet machine; CPU time less so too).
// Each run's CPU is split by thread (threadCpu.ts, Linux only): the main thread, the worker threads, and the rest
// of the process (V8's compiler and GC threads, which serve every thread's isolate).
//   node out/test/bench/checkThreads.js [--runs N] [--threads 1,2] [DIR]   (DIR: a workload made before, else made now)
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareCheckWorkload } from './check';

const repoRoot = path.resolve(__dirname, '../../..');
const openapi = path.resolve(repoRoot, '../shared/k8s/openapi-v3/1.35');

interface Run {
  threads: number;
  wallMs: number;
  processMs: number;
  mainMs: number;
  workersMs: number;
  load: string;
  stdout: string;
}

function checkOnce(dir: string, threads: number): Run {
  const cpuFile = path.join(os.tmpdir(), `kubesense-thread-cpu-${process.pid}.jsonl`);
  fs.rmSync(cpuFile, { force: true });
  const [load1, , , runnable] = fs.readFileSync('/proc/loadavg', 'latin1').split(' ');
  const start = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    [
      '-r',
      path.join(__dirname, 'threadCpu.js'),
      path.join(repoRoot, 'bin/kubesense.js'),
      'check',
      dir,
      '--schema-dir',
      openapi,
    ],
    {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, KUBESENSE_CHECK_THREADS: String(threads), KUBESENSE_THREAD_CPU_FILE: cpuFile },
    },
  );
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const lines = fs.existsSync(cpuFile) ? fs.readFileSync(cpuFile, 'utf8').trim().split('\n') : [];
  fs.rmSync(cpuFile, { force: true });
  const threadsSeen = lines.map((l) => JSON.parse(l) as { main: boolean; threadMs: number; processMs?: number });
  const main = threadsSeen.find((t) => t.main);
  if (!main) throw new Error(`no CPU figures from the run (exit ${run.status}): ${run.stderr.slice(-500)}`);
  const workersMs = threadsSeen.filter((t) => !t.main).reduce((n, t) => n + t.threadMs, 0);
  return {
    threads,
    wallMs,
    processMs: main.processMs ?? 0,
    mainMs: main.threadMs,
    workersMs,
    load: `${load1} (runnable ${runnable.split('/')[0]})`,
    stdout: run.stdout,
  };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

function describe(r: Pick<Run, 'wallMs' | 'processMs' | 'mainMs' | 'workersMs'>): string {
  const s = (ms: number): string => (ms / 1000).toFixed(2);
  const rest = r.processMs - r.mainMs - r.workersMs;
  return `wall ${s(r.wallMs)} s  CPU ${s(r.processMs)} s = main ${s(r.mainMs)} + workers ${s(r.workersMs)} + V8's threads ${s(rest)}`;
}

function main(argv: string[]): void {
  const option = (name: string, fallback: string): string => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv.splice(i, 2)[1] : fallback;
  };
  const runs = Number(option('--runs', '9'));
  const counts = option('--threads', '1,2').split(',').map(Number);
  let dir = argv[0];
  if (!dir) {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-check-threads-'));
    prepareCheckWorkload(dir);
  }
  checkOnce(dir, 1); // writes the code caches of this build
  const all: Run[] = [];
  for (let round = 0; round < runs; round++)
    for (const threads of counts) {
      const r = checkOnce(dir, threads);
      all.push(r);
      if (r.stdout !== all[0].stdout)
        throw new Error(`THREADS=${threads}: the output differs from THREADS=${counts[0]}`);
      console.log(`THREADS=${threads}  ${describe(r)}  load ${r.load}`);
    }
  for (const threads of counts) {
    const mine = all.filter((r) => r.threads === threads);
    const med = (k: 'wallMs' | 'processMs' | 'mainMs' | 'workersMs'): number => median(mine.map((r) => r[k]));
    const m = {
      wallMs: med('wallMs'),
      processMs: med('processMs'),
      mainMs: med('mainMs'),
      workersMs: med('workersMs'),
    };
    console.log(`median THREADS=${threads} (${mine.length} runs)  ${describe(m)}`);
  }
}

if (require.main === module) main(process.argv.slice(2));
