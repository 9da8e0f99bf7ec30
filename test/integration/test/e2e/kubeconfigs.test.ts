// The end-to-end suite's two-file KUBECONFIG, checked with the reference kubectl against the real cluster:
// kubectl must see the same four contexts, reach admin, get a real 403 as restricted and no connection
// for unreachable — otherwise the e2e scenarios would test the fixture instead of kubesense.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { promisify } from 'node:util';
import { clusterEnv } from '../../../cluster/env';
import { writeE2eKubeconfigs } from '../../../e2e/harness/kubeconfigs';
import { kubectlPath } from '../../../e2e/scenarios/context';

const run = promisify(execFile);

async function kubectl(
  kubeconfigEnv: string,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(kubectlPath, ['--request-timeout=10s', ...args], {
      env: { ...process.env, KUBECONFIG: kubeconfigEnv },
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

test('the e2e two-file KUBECONFIG behaves as intended under kubectl', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-e2e-kubeconfigs-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const files = await writeE2eKubeconfigs(env.kubeconfig, dir);

  const contexts = await kubectl(files.kubeconfigEnv, ['config', 'get-contexts', '-o', 'name']);
  assert.equal(contexts.code, 0, contexts.stderr);
  assert.deepEqual(contexts.stdout.trim().split('\n').sort(), [...files.allContexts].sort());
  const current = await kubectl(files.kubeconfigEnv, ['config', 'current-context']);
  assert.equal(current.stdout.trim(), files.contexts.current);

  for (const file of [files.first, files.second]) assert.equal(fs.statSync(file).mode & 0o777, 0o600);

  const admin = await kubectl(files.kubeconfigEnv, ['get', 'namespaces', '-o', 'name']);
  assert.equal(admin.code, 0, admin.stderr);
  assert.match(admin.stdout, /namespace\/default/);

  const other = await kubectl(files.kubeconfigEnv, [
    '--context',
    files.contexts.other,
    'get',
    'namespaces',
    '-o',
    'name',
  ]);
  assert.equal(other.code, 0, other.stderr);

  const restricted = await kubectl(files.kubeconfigEnv, ['--context', files.contexts.restricted, 'get', 'namespaces']);
  assert.notEqual(restricted.code, 0);
  assert.match(restricted.stderr, /Forbidden|forbidden/);

  const unreachable = await kubectl(files.kubeconfigEnv, [
    '--context',
    files.contexts.unreachable,
    'get',
    'namespaces',
  ]);
  assert.notEqual(unreachable.code, 0);
  assert.match(unreachable.stderr, /connection refused/);
});
