// test/bench/threadCpu.ts splits a process's CPU by thread for checkThreads.ts: each thread's own time, and the
// process's total beside the main thread's, must come out where they were spent.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const preload = path.resolve(__dirname, '../../../bench/threadCpu.js');

test(
  'thread CPU: a busy worker and a less busy main thread each report their own time',
  { skip: process.platform !== 'linux' },
  () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ks-thread-cpu-')), 'cpu.jsonl');
    // Spin until the thread itself has run that long (on a loaded machine wall time says nothing about CPU time).
    const spin = (ms: number): string =>
      `const cpu = () => Number(require('node:fs').readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ')[0]) / 1e6;
     for (const end = cpu() + ${ms}; cpu() < end; );`;
    const script = `const { Worker } = require('node:worker_threads');
    new Worker(${JSON.stringify(spin(300))}, { eval: true }).once('exit', () => { ${spin(100)} });`;
    const run = spawnSync(process.execPath, ['-r', preload, '-e', script], {
      encoding: 'utf8',
      env: { ...process.env, KUBESENSE_THREAD_CPU_FILE: file },
    });
    assert.equal(run.status, 0, run.stderr);
    const threads = fs
      .readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { main: boolean; threadMs: number; processMs?: number });
    const main = threads.filter((t) => t.main);
    const workers = threads.filter((t) => !t.main);
    assert.equal(main.length, 1, 'one main thread');
    assert.equal(workers.length, 1, 'one worker');
    // A thread's time is its own only: the worker's spin is not in the main thread's figure, nor the reverse.
    assert.ok(workers[0].threadMs >= 300, `worker ${workers[0].threadMs} ms`);
    assert.ok(main[0].threadMs >= 100 && main[0].threadMs < workers[0].threadMs, `main ${main[0].threadMs} ms`);
    assert.equal(workers[0].processMs, undefined, 'only the main thread reports the process');
    assert.ok(main[0].processMs! >= main[0].threadMs + workers[0].threadMs - 5, `process ${main[0].processMs} ms`);
  },
);
