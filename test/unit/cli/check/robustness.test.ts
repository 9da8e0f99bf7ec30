// `kubesense check` on hostile input: one bad file is that file's problem (named, with its place when it has one)
// and every other file is still checked; nothing blocks, nothing crashes. Expected wordings are the real API
// server's for the same bodies (see the README's Robustness section).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../run';
import { openapiDir, repoRoot } from '../../analysis/validation/sharedData';

async function check(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  // No kubeconfig and an empty cache: nothing here may reach a cluster or the network.
  const r = await runCli(['check', '--schema-dir', openapiDir('1.35'), ...args], cwd, {
    KUBECONFIG: '/nonexistent',
    KUBESENSE_CACHE: path.join(os.tmpdir(), 'kubesense-check-empty-cache'),
  });
  return { code: r.code, stdout: r.out, stderr: r.err };
}

function folder(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-check-robust-'));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

const GOOD = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: good\n';
const BAD_NAME = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad\n';

test('a self-containing anchor is a problem of its file; the other files are still checked', async () => {
  const dir = folder({
    'a-self.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  a: &m {self: *m}\n',
    'b-bad.yaml': BAD_NAME,
    'c-good.yaml': GOOD,
  });
  const r = await check(['.'], dir);
  assert.equal(r.code, 1);
  assert.deepEqual(r.stdout.trim().split('\n'), [
    "a-self.yaml:6:16: anchor 'm' value contains itself",
    "b-bad.yaml:4:9: metadata.name: Invalid value: \"Bad\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*') [metadata.name]",
  ]);
  assert.match(r.stderr, /3 files, 3 objects: 2 errors/);
});

test("an undefined alias is go-yaml's unknown anchor, and nothing else", async () => {
  const dir = folder({ 'x.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: *nope\n' });
  const r = await check(['x.yaml'], dir);
  assert.equal(r.stdout, "x.yaml:4:9: unknown anchor 'nope' referenced\n");
  assert.equal(r.code, 1);
});

test('10,000-deep nesting: the depth limit in words, at the level that exceeds it', async () => {
  const dir = folder({
    'deep.yaml': `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  k: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
  });
  const r = await check(['deep.yaml'], dir);
  assert.equal(
    r.stdout,
    'deep.yaml:6:10004: exceeded max depth of 10000: the API server refuses nesting deeper than 10000 levels (this document nests 10002)\n',
  );
});

test('invalid UTF-8 is an error at its byte; a binary file in a folder is reported, not skipped', async () => {
  const binary = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256));
  const dir = folder({
    'utf8.yaml': Buffer.concat([Buffer.from(GOOD + 'data:\n  k: '), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]),
    'blob.yaml': Buffer.concat([Buffer.from('{{ x }}\n'), binary]),
    'good.yaml': GOOD,
  });
  const r = await check(['.'], dir);
  assert.equal(r.code, 1);
  // blob.yaml starts with `{`: kubectl reads it as JSON first and, YAML failing too (control characters), says
  // "json: offset 2: invalid character '{' looking for beginning of object key string".
  assert.deepEqual(r.stdout.trim().split('\n'), [
    "blob.yaml:1:2: json: invalid character '{' looking for beginning of object key string",
    'utf8.yaml:6:6: invalid leading UTF-8 octet',
  ]);
});

test('an unreadable path is its own problem and the run goes on: missing, symlink loop, FIFO, device, too large', async () => {
  const dir = folder({ 'good.yaml': GOOD, 'bad.yaml': BAD_NAME });
  fs.symlinkSync('loop-b.yaml', path.join(dir, 'loop-a.yaml'));
  fs.symlinkSync('loop-a.yaml', path.join(dir, 'loop-b.yaml'));
  fs.writeFileSync(path.join(dir, 'big.yaml'), GOOD);
  fs.truncateSync(path.join(dir, 'big.yaml'), 16 * 1024 * 1024 + 1);
  const r = await check(['missing.yaml', 'loop-a.yaml', '/dev/zero', 'big.yaml', 'good.yaml', 'bad.yaml'], dir);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  assert.deepEqual(lines.slice(0, 4), [
    'missing.yaml: no such file or directory',
    'loop-a.yaml: too many levels of symbolic links',
    '/dev/zero: is a character device, not a regular file',
    'big.yaml: is larger than the maximum of 16 MiB that kubesense reads',
  ]);
  assert.match(lines[4], /^bad\.yaml:4:9: metadata\.name: Invalid value: "Bad"/);
  assert.match(r.stderr, /6 files, 2 objects: 5 errors/);
  const json = await check(['missing.yaml', 'good.yaml', '-o', 'json'], dir);
  const out = JSON.parse(json.stdout) as { files: { file: string; error?: string }[]; summary: { errors: number } };
  assert.deepEqual(
    out.files.map((f) => [f.file, f.error]),
    [
      ['missing.yaml', 'no such file or directory'],
      ['good.yaml', undefined],
    ],
  );
  assert.equal(out.summary.errors, 1);
});

test('a FIFO named on the command line or found in a folder is refused at once (a process: it must not block)', () => {
  const dir = folder({ 'good.yaml': GOOD });
  execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
  // A separate process with a bound: before the fix the read blocks forever.
  const r = spawnSync(
    process.execPath,
    [path.join(repoRoot, 'bin/kubesense.js'), 'check', '--schema-dir', openapiDir('1.35'), '.', 'pipe.yaml'],
    {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, KUBECONFIG: '/nonexistent', KUBESENSE_OFFLINE: '1' },
    },
  );
  assert.equal(r.signal, null, 'check blocked on the FIFO');
  assert.equal(r.status, 1);
  assert.deepEqual(r.stdout.trim().split('\n'), [
    'pipe.yaml: is a named pipe, not a regular file',
    'pipe.yaml: is a named pipe, not a regular file',
  ]);
});
