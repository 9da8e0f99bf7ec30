// Hostile kubeconfig files: special files, sizes, symlink loops, anchors and nesting. Each load ends with an error
// that names the file in kubectl's words (checked against kubectl.1.33 where kubectl answers at all).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadKubeconfig } from '../../../../kube/kubeconfig/loader';
import { decodeConfig } from '../../../../kube/kubeconfig/codec';
import { MAX_YAML_FILE_BYTES } from '../../../../kube/util/boundedRead';
import { FAST_PATH_MIN_CHARS, yamlToJSON } from '../../../../kube/kubeconfig/goyaml';
import { findKubectl } from '../../../cluster/kubectl';
import { countAliasWalks } from '../../analysis/documents/aliasWalks';
const repoRoot = path.resolve(__dirname, '../../../../..');

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
  // go-yaml's own message and line (its scanner reports the line after the simple key's).
  assert.throws(() => decodeConfig(flow(20_000)), { message: 'yaml: line 3: exceeded max depth of 10000' });
  assert.throws(() => decodeConfig(flow(800)), {
    message: 'yaml: line 3: nested deeper than 500 levels, which kubesense does not read',
  });
  const block = `apiVersion: v1\nkind: Config\nx:\n${'- '.repeat(12_000)}a\n`;
  assert.throws(() => decodeConfig(block), { message: 'yaml: line 4: exceeded max depth of 10000' });
  // Ordinary nesting still reads.
  assert.equal(decodeConfig(flow(50)).preferences.extensions.size, 1);
});

test('a 10 MB kubeconfig (200,000 contexts) loads within 15 times its size of heap', () => {
  const dir = tmp();
  const file = path.join(dir, 'big');
  const contexts = Array.from(
    { length: 200_000 },
    (_, i) => `- name: ctx-${i}\n  context:\n    cluster: c\n    user: "u"\n    namespace: ns-${i % 7}\n`,
  );
  const header = 'apiVersion: v1\nkind: Config\ncurrent-context: ctx-7\nclusters:\n- name: c\n  cluster:\n';
  fs.writeFileSync(file, `${header}    server: https://127.0.0.1:6443\ncontexts:\n${contexts.join('')}`);
  const size = fs.statSync(file).size;
  assert.ok(size > 10_000_000 && size < MAX_YAML_FILE_BYTES, String(size));
  // Before: the `yaml` package's syntax tree and Document took ~140 bytes per byte (1.4 GB) and ran out of heap.
  const heapMB = Math.ceil((15 * size) / 2 ** 20) + 32;
  const bin = path.join(repoRoot, 'bin/kubesense.js');
  const r = spawnSync(
    process.execPath,
    [`--max-old-space-size=${heapMB}`, bin, '--kubeconfig', file, 'config', 'get-contexts', '-o', 'name'],
    { cwd: dir, encoding: 'utf8', timeout: 300_000, maxBuffer: 64 << 20, env: { PATH: process.env.PATH, HOME: dir } },
  );
  assert.equal(r.status, 0, r.stderr.slice(0, 2000));
  const names = r.stdout.trim().split('\n');
  assert.equal(names.length, 200_000);
  assert.ok(names.includes('ctx-199999'));
});

test('the large-input reader gives the exact reader’s values: plain scalars typed as yaml.v2, quoted ones strings', () => {
  // The same entries below and above the size where js-yaml takes over must read identically.
  const entry = (i: number) =>
    `- name: "n${i}"\n  extension:\n    a: yes\n    b: "yes"\n    c: 0x1F\n    d: 1:20\n    e: 2001-12-14\n` +
    `    f: [1, '2', ~, .5, 9223372036854775807]\n    g: |\n      line\n    h:\n    i: 'it''s'\n    j: 1e3\n`;
  const small = `apiVersion: v1\nkind: Config\nitems:\n${entry(0)}`;
  const many = Array.from({ length: 9000 }, (_, i) => entry(i)).join('');
  const large = `apiVersion: v1\nkind: Config\nitems:\n${many}`;
  assert.ok(large.length > FAST_PATH_MIN_CHARS);
  const smallValue = yamlToJSON(small) as { items: unknown[] };
  const largeValue = yamlToJSON(large) as { items: unknown[] };
  assert.equal(largeValue.items.length, 9000);
  assert.deepEqual(largeValue.items[0], smallValue.items[0]);
  // A quoted key that yaml.v2 reads as a string but a plain one would not is left to the exact reader.
  assert.deepEqual(yamlToJSON(large.replace('kind: Config\n', 'kind: Config\n"1": x\n"true": 1\n')), {
    ...largeValue,
    '1': 'x',
    true: 1,
  });
});
