// `kubesense check` with worker threads (cli/checkParallel.ts) prints exactly what it prints on one thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { currentLoad, workerThreadsFor } from '../../../../cli/checkParallel';
import { main } from '../../../../cli/main';
import { openapiDir, sharedK8s } from '../../analysis/validation/sharedData';

async function check(args: string[], threads: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['check', ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: {
      HOME: os.tmpdir(),
      KUBECONFIG: '/nonexistent',
      KUBESENSE_CACHE: fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-check-threads-')),
      KUBESENSE_CHECK_THREADS: threads,
    },
    cwd: sharedK8s,
  });
  return { code, stdout, stderr };
}

test('check on three threads: the same lines, summary and exit code as on one, CRDs and errors included', async () => {
  for (const args of [
    ['corpus', 'manifests', '--schema-dir', openapiDir('1.35')],
    ['cel-corpus', '--schema-dir', openapiDir('1.35'), '-o', 'json'],
  ]) {
    const one = await check(args, '1');
    const three = await check(args, '3');
    assert.ok(one.stdout.split('\n').length > 40, `${args[0]}: problems to compare`);
    assert.equal(three.code, one.code, `${args[0]}: exit code`);
    assert.equal(three.stdout, one.stdout, `${args[0]}: stdout`);
    assert.equal(three.stderr, one.stderr, `${args[0]}: stderr`);
  }
});

const bigJobs = Array.from({ length: 10 }, (_, i) => ({
  input: { path: `f${i}.yaml`, display: `f${i}.yaml`, explicit: false, options: {} },
  text: 'x'.repeat(1024 * 1024),
}));

test('worker threads: one per ~1 MB up to the idle cores, none on a busy machine, as many as asked when forced', () => {
  const jobs = bigJobs;
  // One idle core stays for V8's own threads.
  assert.equal(workerThreadsFor(jobs, {}, { cores: 2, load: 0.2 }), 0, 'an idle 2-core machine: no worker');
  assert.equal(workerThreadsFor(jobs, {}, { cores: 4, load: 0.2 }), 2, 'an idle 4-core machine: two');
  assert.equal(workerThreadsFor(jobs, {}, { cores: 8, load: 0 }), 6, 'an idle 8-core machine: six');
  assert.equal(workerThreadsFor(jobs, {}, { cores: 8, load: 4.2 }), 2, '8 cores, 4 idle: two workers');
  assert.equal(workerThreadsFor(jobs, {}, { cores: 2, load: 1.7 }), 0, 'one core busy: no worker');
  assert.equal(workerThreadsFor(jobs, {}, { cores: 2, load: 9 }), 0, 'a loaded machine: no worker');
  assert.equal(workerThreadsFor(jobs.slice(0, 1), {}, { cores: 8, load: 0 }), 0, '1 MB: no worker');
  assert.equal(workerThreadsFor(jobs, { KUBESENSE_CHECK_THREADS: '3' }, { cores: 2, load: 9 }), 2, 'forced');
});

test('the load: the instant runnable count when lower than a lagging 1-minute average, else the average', () => {
  // A machine gone quiet after a build: the average still reads ~1, only this thread runs (4 cores: two workers).
  assert.equal(currentLoad('1.04 0.80 0.60 1/345 12345\n', 1.04), 0);
  assert.equal(workerThreadsFor(bigJobs, {}, { cores: 4, load: currentLoad('1.04 0.80 0.60 1/345 12345\n', 1.04) }), 2);
  // Busy now and for a while: the average.
  assert.equal(currentLoad('3.50 3.20 3.00 9/345 12345\n', 3.5), 3.5);
  // A burst of runnable threads on a machine that was quiet: the average.
  assert.equal(currentLoad('0.10 0.20 0.30 6/345 12345\n', 0.1), 0.1);
  // No /proc (macOS, Windows) or an unexpected format: the average.
  assert.equal(currentLoad('', 1.5), 1.5);
  assert.equal(currentLoad('garbage', 0.7), 0.7);
});

test('worker threads started before the store is built end with a run whose schema folder is unusable', () => {
  // The workers start while the store is built; --schema-dir failing there must not leave them running: the
  // process would never exit. A real process, as `main` in this one would not show it.
  const bin = path.resolve(__dirname, '../../../../../bin/kubesense.js');
  const run = spawnSync(
    process.execPath,
    [bin, 'check', 'corpus', '--schema-dir', path.join(os.tmpdir(), 'kubesense-no-such-schema-dir')],
    {
      cwd: sharedK8s,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        KUBESENSE_CHECK_THREADS: '3',
        KUBESENSE_CACHE: fs.mkdtempSync(path.join(os.tmpdir(), 'ks-')),
      },
    },
  );
  assert.equal(run.signal, null, 'the process ended by itself');
  assert.equal(run.status, 1);
  assert.match(run.stderr, /--schema-dir/);
});
