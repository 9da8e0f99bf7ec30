// `kubesense check` with worker threads (cli/checkParallel.ts) prints exactly what it prints on one thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
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
