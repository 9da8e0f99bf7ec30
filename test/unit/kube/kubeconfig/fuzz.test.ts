// Bad input never crashes: malformed YAML/JSON (mutations of real kubeconfigs plus hostile shapes) either loads
// or fails with a KubeconfigLoadError that names the file — never another exception, never a hang.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeconfigLoadError, loadKubeconfig } from '../../../../kube/kubeconfig/loader';
import { main } from '../../../../cli/main';
import { YAML_BREAKERS, rng } from './mutations';
import { FILES } from './scenarios';

// Beyond the differential test's tokens: tags, directives, merge keys, YAML 1.1 scalars, NUL, BOM.
const TOKENS = [
  ...YAML_BREAKERS,
  '!!binary ',
  '!!int ',
  '%YAML 1.1\n',
  '...\n',
  '<<: ',
  'null',
  '~',
  'yes',
  '0x',
  '\u0000',
  '\ufeff',
  '\\',
];

function mutate(text: string, rand: () => number): string {
  let t = text;
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * (t.length + 1));
    const r = rand();
    if (r < 0.3) t = t.slice(0, at) + TOKENS[Math.floor(rand() * TOKENS.length)] + t.slice(at);
    else if (r < 0.55) t = t.slice(0, at) + t.slice(at + 1 + Math.floor(rand() * 8));
    else if (r < 0.7) t = t.slice(0, at);
    else if (r < 0.85) {
      const j = Math.floor(rand() * t.length);
      t = t.slice(0, j) + String.fromCharCode(32 + Math.floor(rand() * 95)) + t.slice(j + 1);
    } else {
      const lines = t.split('\n');
      const k = Math.floor(rand() * lines.length);
      lines.splice(k, 0, lines[Math.floor(rand() * lines.length)] ?? '');
      t = lines.join('\n');
    }
  }
  return t;
}

const HOSTILE = [
  '['.repeat(20000),
  '- '.repeat(5000) + 'x',
  'a: &a [1]\n' +
    Array.from(
      { length: 12 },
      (_, i) =>
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
    ).join('\n') +
    '\n',
  '\u0000\u0001\u0002',
  '{"clusters": [{"name": "x", "cluster": {"server": "https://x", "certificate-authority-data": "!!!"}}]',
  'clusters:\n- name: a\n  cluster: *nope\n',
  '%TAG ! tag:x\n--- !x\nfoo\n',
  '? [a, b]\n: 1\n',
  '{null: 1}',
  'contexts: [{name: [1], context: {}}]',
  'users: [{name: u, user: {exec: {args: "x", env: [1]}}}]',
  'users: [{name: u, user: {as-user-extra: {a: [1, {b: 2}]}}}]',
  'current-context: !!binary aGVsbG8=\n',
  'preferences: []\n',
  '---\n---\n---\nclusters: 1\n',
  // Issue 11: an anchor containing itself, thousands of aliases, nesting past go-yaml's 10,000 levels.
  'preferences: &m {extensions: [{name: a, extension: *m}]}\n',
  'clusters:\n- name: &c main\n  cluster: {server: "https://x"}\ncontexts:\n' +
    Array.from({ length: 4000 }, (_, i) => `- {name: c${i}, context: {cluster: *c}}\n`).join(''),
  'preferences: {extensions: [{name: a, extension: ' + '['.repeat(10_001) + ']'.repeat(10_001) + '}]}\n',
  'x:\n' + '- '.repeat(10_001) + 'a\n',
];

test('fuzzed kubeconfig files load or fail with the file named; never crash', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-fuzz-'));
  const rand = rng(424242);
  const sources = Object.entries(FILES)
    .filter(([name]) => /\.(yaml|json)$/.test(name))
    .map(([, text]) => text);
  const inputs = [...HOSTILE];
  for (let i = 0; i < 1500; i++) inputs.push(mutate(sources[Math.floor(rand() * sources.length)], rand));
  let failures = 0;
  for (let i = 0; i < inputs.length; i++) {
    if (process.env.FUZZ_TRACE) fs.writeSync(2, `${i}\n`);
    const file = path.join(dir, `f${i}.yaml`);
    fs.writeFileSync(file, inputs[i]);
    try {
      loadKubeconfig({ explicitPath: file, env: {}, home: dir });
    } catch (e) {
      failures++;
      assert.ok(
        e instanceof KubeconfigLoadError,
        `input ${i} threw ${(e as Error)?.constructor?.name}: ${(e as Error)?.message}\n--- input ---\n${inputs[i].slice(0, 400)}`,
      );
      assert.ok(e.message.startsWith(`error loading config file "${file}": `), `input ${i}: ${e.message}`);
      assert.ok(!/undefined|\[object Object\]|NaN/.test(e.message), `input ${i}: ${e.message}`);
    }
  }
  assert.ok(
    failures > 100 && failures < inputs.length,
    `a mix of valid and invalid inputs (${failures} of ${inputs.length} failed)`,
  );
  // The CLI turns the same inputs into exit code 1 with one error line, never an exception.
  for (let i = 0; i < 60; i++) {
    let stderr = '';
    const code = await main(['--kubeconfig', `f${i}.yaml`, 'config', 'view', '--raw'], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
      env: { HOME: dir },
      cwd: dir,
    });
    assert.ok(code === 0 || (code === 1 && stderr.startsWith('error: ')), `input ${i}: code ${code} stderr ${stderr}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
});
