// Hostile kubeconfig files: special files, sizes, symlink loops, anchors and nesting. Each load ends with an error
// that names the file in kubectl's words (checked against kubectl.1.33 where kubectl answers at all).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadKubeconfig } from '../../../kube/kubeconfig/loader';
import { decodeConfig } from '../../../kube/kubeconfig/codec';
import { MAX_YAML_FILE_BYTES } from '../../../kube/util/boundedRead';
import { findKubectl } from '../../cluster/kubectl';
import { countAliasWalks } from '../documents/alias-walks';
const repoRoot = path.resolve(__dirname, '../../../..');

function tmp(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-kc-robust-'));
}

function loadError(explicitPath: string, cwd: string): string {
  try {
    loadKubeconfig({ explicitPath, cwd, env: {} });
  } catch (e) {
    return (e as Error).message;
  }
  return 'loaded';
}

test('a symlink loop as --kubeconfig says what kubectl says, not "no such file"', () => {
  const dir = tmp();
  fs.symlinkSync('b', path.join(dir, 'a'));
  fs.symlinkSync('a', path.join(dir, 'b'));
  assert.equal(loadError('a', dir), 'error loading config file "a": open a: too many levels of symbolic links');
  // The reference: kubectl.1.33 --kubeconfig a config view.
  let stderr = '';
  try {
    execFileSync(findKubectl('1.33'), ['--kubeconfig', 'a', 'config', 'view'], { cwd: dir, stdio: 'pipe' });
  } catch (e) {
    stderr = String((e as { stderr: Buffer }).stderr);
  }
  assert.equal(stderr.trim(), 'error: error loading config file "a": open a: too many levels of symbolic links');
});

test('a FIFO or a device is refused at once instead of blocking or reading forever', () => {
  const dir = tmp();
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  fs.writeFileSync(path.join(dir, 'ok'), 'current-context: x\n');
  // A separate process with a bound: before the fix the read blocks (FIFO) or never ends (/dev/zero).
  const configView = (env: NodeJS.ProcessEnv, ...flags: string[]) =>
    spawnSync(process.execPath, [path.join(repoRoot, 'bin/kubesense.js'), ...flags, 'config', 'view'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30_000,
      env: { PATH: process.env.PATH, HOME: dir, ...env },
    });
  for (const [r, expected] of [
    [
      configView({}, '--kubeconfig', 'fifo'),
      'error loading config file "fifo": read fifo: is a named pipe, not a regular file',
    ],
    [
      configView({}, '--kubeconfig', '/dev/zero'),
      'error loading config file "/dev/zero": read /dev/zero: is a character device, not a regular file',
    ],
    // Through $KUBECONFIG too (the FIFO is one of several files).
    [configView({ KUBECONFIG: `ok${path.delimiter}fifo` }), 'read fifo: is a named pipe, not a regular file'],
  ] as const) {
    assert.equal(r.signal, null, `blocked: ${expected}`);
    assert.equal(r.status, 1);
    assert.ok(r.stderr.includes(expected), r.stderr);
  }
});

test('a file over the size bound is refused with the bound named, without reading it', () => {
  const dir = tmp();
  const big = path.join(dir, 'big');
  fs.writeFileSync(big, 'current-context: x\n');
  fs.truncateSync(big, MAX_YAML_FILE_BYTES + 1); // sparse: nothing is written
  assert.equal(
    loadError('big', dir),
    'error loading config file "big": read big: is larger than the maximum of 16 MiB that kubesense reads',
  );
});

test("anchors: a self-containing anchor and an unknown one are go-yaml's errors, never a stack overflow", () => {
  assert.throws(
    () => decodeConfig('apiVersion: v1\nkind: Config\npreferences: &m {extensions: [{name: a, extension: *m}]}\n'),
    { message: "yaml: anchor 'm' value contains itself" },
  );
  assert.throws(() => decodeConfig('apiVersion: v1\ncurrent-context: *nope\n'), {
    message: "yaml: unknown anchor 'nope' referenced",
  });
});

test('aliases are resolved in one pass: thousands of them never walk the document once each', () => {
  const contexts = Array.from({ length: 4000 }, (_, i) => `- name: c${i}\n  context: {cluster: *c, user: u}\n`);
  const text = `clusters:\n- name: &c main\n  cluster: {server: "https://x"}\ncontexts:\n${contexts.join('')}`;
  const { result, walks } = countAliasWalks(() => decodeConfig(text));
  assert.equal(result.contexts.size, 4000);
  assert.equal(result.contexts.get('c3999')?.cluster, 'main');
  assert.equal(walks, 0);
});

test('deep nesting is refused with the depth in words at its line, at any depth', () => {
  const flow = (n: number) =>
    `apiVersion: v1\npreferences:\n  extensions: [{name: a, extension: ${'['.repeat(n)}${']'.repeat(n)}}]\n`;
  assert.throws(() => decodeConfig(flow(20_000)), { message: 'yaml: exceeded max depth of 10000' });
  assert.throws(() => decodeConfig(flow(800)), {
    message: 'yaml: line 3: nested deeper than 500 levels, which kubesense does not read',
  });
  const block = `apiVersion: v1\nkind: Config\nx:\n${'- '.repeat(12_000)}a\n`;
  assert.throws(() => decodeConfig(block), { message: 'yaml: exceeded max depth of 10000' });
  // Ordinary nesting still reads.
  assert.equal(decodeConfig(flow(50)).preferences.extensions.size, 1);
});
