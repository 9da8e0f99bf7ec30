// A reader that closes the pipe early (`kubesense config view | head`) must not turn into a crash and a stack trace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../client/model/paths';

test('cli: a closed stdout ends the command quietly (EPIPE), as SIGPIPE ends kubectl', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-pipe-'));
  try {
    // Enough contexts that `config view` writes far more than one pipe buffer (64 KiB).
    const n = 4000;
    const lines = ['apiVersion: v1', 'kind: Config', 'clusters:'];
    for (let i = 0; i < n; i++) lines.push(`- name: c${i}`, '  cluster:', `    server: https://127.0.0.1:${1000 + i}`);
    lines.push('contexts:');
    for (let i = 0; i < n; i++) lines.push(`- name: ctx${i}`, '  context:', `    cluster: c${i}`, `    user: u${i}`);
    const kubeconfig = path.join(dir, 'config');
    fs.writeFileSync(kubeconfig, lines.join('\n') + '\n');

    const child = spawn(
      process.execPath,
      [path.join(repoRoot, 'bin/kubesense.js'), 'config', 'view', '--kubeconfig', kubeconfig],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, KUBESENSE_CACHE: dir },
      },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const first = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(d.toString())),
    );
    child.stdout.destroy(); // what `head` does once it has its lines
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
      child.on('close', (c, s) => resolve([c, s])),
    );
    assert.match(first, /^apiVersion: v1/);
    assert.equal(signal, null);
    assert.equal(code, 0, `stderr: ${stderr}`);
    assert.doesNotMatch(stderr, /EPIPE|Error|at /);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
