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

test('cli: check ends once its output is taken, and a slow reader of the pipe still gets all of it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-pipe-'));
  try {
    // ~1,000 problems: far more than one pipe buffer (64 KiB) of text and of JSON.
    const docs = [];
    for (let i = 0; i < 1000; i++)
      docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c${i}\ndata:\n  key: [${i}]\n`);
    const manifests = path.join(dir, 'manifests');
    fs.mkdirSync(manifests);
    fs.writeFileSync(path.join(manifests, 'many.yaml'), docs.join('---\n'));
    const schemas = path.join(repoRoot, '..', 'shared', 'k8s', 'openapi-v3', '1.35');
    for (const format of ['text', 'json']) {
      const args = [path.join(repoRoot, 'bin/kubesense.js'), 'check', manifests, '--schema-dir', schemas, '-o', format];
      const env = { ...process.env, KUBESENSE_CACHE: dir };
      // The same run with stdout to a file: what the pipe must deliver.
      const outFile = path.join(dir, `out.${format}`);
      const fd = fs.openSync(outFile, 'w');
      const direct = await new Promise<number | null>((resolve) =>
        spawn(process.execPath, args, { stdio: ['ignore', fd, 'ignore'], env }).on('close', resolve),
      );
      fs.closeSync(fd);
      const expected = fs.readFileSync(outFile, 'utf8');
      assert.ok(expected.length > 128 * 1024, `${format}: ${expected.length} bytes`);

      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
      const chunks: Buffer[] = [];
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.stdout.pause(); // the writer fills the pipe and waits for the reader
      child.stdout.on('data', (d: Buffer) => chunks.push(d));
      setTimeout(() => child.stdout.resume(), 200);
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
        child.on('close', (c, s) => resolve([c, s])),
      );
      assert.equal(signal, null);
      assert.equal(code, 1, `${format}: problems found (stderr: ${stderr.slice(-300)})`);
      assert.equal(direct, 1);
      assert.equal(Buffer.concat(chunks).toString('utf8'), expected, `${format}: every byte arrived`);
      if (format === 'text') assert.match(stderr, /1 file, 1000 objects: 1000 errors/);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
