// Broken YAML against real kubectl 1.32: mutated kubeconfigs fed to both. Syntax errors come from a port of
// go-yaml's scanner and parser (kube/util/go/yamlSyntax.ts); the few remaining differences are files only the
// `yaml` package refuses and decode-level errors, so this test measures agreement and fails when it drops below
// what the implementation reaches today (see README, kubeconfig section).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../../cli/main';
import { findKubectl } from '../../../cluster/kubectl';
import { YAML_BREAKERS, rng } from './mutations';
import { FILES } from './scenarios';

const TOKENS = YAML_BREAKERS;

test('broken YAML: kubesense and kubectl 1.32 agree on acceptance and (mostly) on the error text', async (t) => {
  let kubectl: string;
  try {
    kubectl = findKubectl('1.32');
  } catch (e) {
    if (process.env.CI === 'true') throw e;
    t.skip((e as Error).message);
    return;
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-broken-'));
  const rand = rng(7);
  const sources = Object.entries(FILES)
    .filter(([n]) => n.endsWith('.yaml'))
    .map(([, text]) => text);
  const N = 300;
  for (let i = 0; i < N; i++) {
    let text = sources[Math.floor(rand() * sources.length)];
    const edits = 1 + Math.floor(rand() * 2);
    for (let j = 0; j < edits; j++) {
      const at = Math.floor(rand() * text.length);
      text = text.slice(0, at) + TOKENS[Math.floor(rand() * TOKENS.length)] + text.slice(at);
    }
    fs.writeFileSync(path.join(dir, `m${i}.yaml`), text);
  }
  const env = { HOME: dir, PATH: process.env.PATH };
  const kubectlRun = (i: number) =>
    new Promise<{ code: number; stderr: string }>((resolve) => {
      execFile(
        kubectl,
        ['--kubeconfig', `m${i}.yaml`, 'config', 'view', '--raw'],
        { cwd: dir, env },
        (err, _out, stderr) => {
          resolve({ code: err ? 1 : 0, stderr: String(stderr) });
        },
      );
    });
  const results: { code: number; stderr: string }[] = new Array(N);
  let next = 0;
  await Promise.all(
    Array.from({ length: 3 }, async () => {
      while (next < N) {
        const i = next++;
        results[i] = await kubectlRun(i);
      }
    }),
  );
  let sameCode = 0;
  let sameStderr = 0;
  let broken = 0;
  const differences: string[] = [];
  for (let i = 0; i < N; i++) {
    let stderr = '';
    const code = await main(['--kubeconfig', `m${i}.yaml`, 'config', 'view', '--raw'], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
      env,
      cwd: dir,
    });
    if (results[i].code !== 0) broken++;
    if (code === results[i].code) sameCode++;
    if (stderr === results[i].stderr) sameStderr++;
    else differences.push(`m${i}: kubectl ${JSON.stringify(results[i].stderr)} kubesense ${JSON.stringify(stderr)}`);
  }
  t.diagnostic(
    `${broken} of ${N} mutations are rejected by kubectl; same exit code ${sameCode}/${N}, same stderr ${sameStderr}/${N}`,
  );
  for (const d of differences.slice(0, 5)) t.diagnostic(d);
  assert.ok(broken > 100, 'the mutations do break files');
  assert.ok(sameCode >= 297, `exit codes agree on ${sameCode}/${N}`);
  assert.ok(sameStderr >= 295, `stderr agrees on ${sameStderr}/${N}`);
  fs.rmSync(dir, { recursive: true, force: true });
});
