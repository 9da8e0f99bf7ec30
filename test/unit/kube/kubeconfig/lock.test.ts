// client-go's `<file>.lock` under contention, through the real CLI: concurrent writers take turns instead of
// failing with "file exists", and a lock left by a killed writer is reported as stale with how to clear it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadKubeconfig } from '../../../../kube/kubeconfig/loader';
import { withConfigLocks } from '../../../../kube/kubeconfig/modify';

const repoRoot = path.resolve(__dirname, '../../../../..');
const CONFIG = `# shared by many writers
apiVersion: v1
kind: Config
current-context: c0
contexts:
${Array.from({ length: 20 }, (_, i) => `- name: c${i}\n  context: {cluster: k, user: u}`).join('\n')}
clusters:
- name: k
  cluster: {server: "https://k:6443"}
users:
- name: u
  user: {token: t}
`;

function kubesense(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin/kubesense.js'), ...args], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
  });
}

function setup(): { dir: string; file: string; env: NodeJS.ProcessEnv } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-lock-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, CONFIG, { mode: 0o600 });
  return { dir, file, env: { PATH: process.env.PATH, HOME: dir, KUBECONFIG: file } };
}

test('20 concurrent `config use-context` processes all succeed and leave a consistent file', async () => {
  const { dir, file, env } = setup();
  try {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => kubesense(['config', 'use-context', `c${i}`], env)),
    );
    const failed = results.filter((r) => r.code !== 0).map((r) => r.stderr.trim());
    assert.deepEqual(failed, [], 'every writer succeeded');
    const text = fs.readFileSync(file, 'utf8');
    const current = loadKubeconfig({ explicitPath: file }).config.currentContext;
    assert.match(current, /^c\d+$/);
    assert.equal(text, CONFIG.replace('current-context: c0', `current-context: ${current}`), 'only that line changed');
    assert.deepEqual(
      fs.readdirSync(dir).filter((f) => /\.(lock|tmp)$/.test(f)),
      [],
      'no lock or temporary file left behind',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a lock left by a writer that is gone is reported as stale, with the command that clears it', async () => {
  const { dir, file, env } = setup();
  try {
    // A process that has exited: its pid names no running process.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    fs.writeFileSync(`${file}.lock`, `${gone.stdout} ${os.hostname()}\n`);
    const dead = await kubesense(['config', 'use-context', 'c3'], env);
    assert.equal(dead.code, 1);
    assert.equal(
      dead.stderr.trim(),
      `error: open ${file}.lock: file exists: the lock is stale (its owner, process ${gone.stdout}, is no longer running); if no kubectl or kubesense is changing this kubeconfig, delete it: rm "${file}.lock"`,
    );
    // kubectl's own locks are empty: an old one is stale by age.
    fs.writeFileSync(`${file}.lock`, '');
    const old = new Date(Date.now() - 5 * 60_000);
    fs.utimesSync(`${file}.lock`, old, old);
    const aged = await kubesense(['config', 'use-context', 'c3'], env);
    assert.equal(aged.code, 1);
    assert.match(aged.stderr, /the lock is stale \(it was created \d+s ago\).*delete it: rm "/);
    assert.equal(fs.readFileSync(file, 'utf8'), CONFIG, 'the file is untouched');
    // Cleared as the message says, the next write succeeds.
    fs.rmSync(`${file}.lock`);
    assert.equal((await kubesense(['config', 'use-context', 'c3'], env)).code, 0);
    assert.equal(loadKubeconfig({ explicitPath: file }).config.currentContext, 'c3');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a lock held by a live writer is waited for, then taken', async () => {
  const { dir, file, env } = setup();
  try {
    // The holder: a live process that owns the lock for a moment, then releases it as a writer would.
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `const fs=require('fs');fs.writeFileSync(process.argv[1]+'.lock',process.pid+' '+require('os').hostname()+'\\n');` +
          `process.stdout.write('held');setTimeout(()=>fs.rmSync(process.argv[1]+'.lock'),700);`,
        file,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const closed = new Promise((r) => holder.on('close', r));
    await new Promise((r) => holder.stdout.once('data', r));
    const res = await kubesense(['config', 'use-context', 'c7'], env);
    assert.equal(res.code, 0, res.stderr);
    assert.equal(loadKubeconfig({ explicitPath: file }).config.currentContext, 'c7');
    await closed;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the wait is per holder: a queue of writers taking turns is waited out, one holder too long is not', async () => {
  const { dir, file } = setup();
  try {
    // Writers that each hold the lock for 300 ms, one after another, for 5 s: longer than the 3 s wait given
    // below, but the lock keeps changing hands, so the queue is moving (3 s: ten times a turn, for a loaded machine
    // where a writer wakes late).
    const relay = spawn(
      process.execPath,
      [
        '-e',
        `const fs=require('fs'),l=process.argv[1]+'.lock',h=require('os').hostname();let n=0;` +
          `const take=()=>{fs.rmSync(l,{force:true});if(n++===16){process.exit(0)}` +
          `fs.writeFileSync(l,process.pid+' '+h+' turn '+n+'\\n');if(n===1)process.stdout.write('held');setTimeout(take,300)};take();`,
        file,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const closed = new Promise((r) => relay.on('close', r));
    await new Promise((r) => relay.stdout.once('data', r));
    const started = Date.now();
    assert.equal(
      withConfigLocks([file], dir, () => 'written', 3000),
      'written',
    );
    assert.ok(Date.now() - started >= 3000, 'it waited past one holder’s turn');
    await closed;

    // One holder that keeps the lock past the wait: the writer gives up, naming the lock.
    fs.writeFileSync(`${file}.lock`, `${process.pid} ${os.hostname()}\n`);
    assert.throws(
      () => withConfigLocks([file], dir, () => 'written', 500),
      /file exists: another writer has held it for over 1s; if none is running, delete it/,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
