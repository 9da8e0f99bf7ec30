// Differential: `kubesense exec` against `kubectl.1.33 exec` on the same cluster, as separate processes with the
// same stdin: stdout, stderr and exit code must be identical. The commands run for real behind the kubelet front.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { findClusterEnv } from '../../cluster/env';
import { runKubectl, type KubectlResult } from '../../cluster/kubectl';
import { createExecFixture, deleteExecFixture, type ExecFixture } from '../remotecommand/fixture';

const env = findClusterEnv();
const BIN = path.resolve(__dirname, '../../../../bin/kubesense.js');

function runKubesense(args: string[], input: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, `--kubeconfig=${env!.kubeconfig}`, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, KUBECONFIG: env!.kubeconfig },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? 1, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

describe('kubesense exec matches kubectl exec', { skip: !env }, () => {
  let f: ExecFixture;
  before(async () => {
    f = await createExecFixture(env!, 'it-cli-exec');
  });
  after(() => deleteExecFixture(env!, f));

  const cases: { name: string; args: (f: ExecFixture) => string[]; input?: string }[] = [
    { name: 'output', args: (f) => [f.single, '--', 'echo', 'hi'] },
    {
      name: 'stdout, stderr and an exit code',
      args: (f) => [f.single, '--', 'sh', '-c', 'echo out; echo err >&2; exit 7'],
    },
    { name: 'an exit code above 255 wraps', args: (f) => [f.single, '--', 'sh', '-c', 'exit 300'] },
    { name: 'stdin with -i', args: (f) => ['-i', f.single, '--', 'wc', '-c'], input: 'x'.repeat(100_000) },
    {
      name: 'stdin round trip',
      args: (f) => ['-i', f.single, '--', 'sh', '-c', 'cat; exit 2'],
      input: 'a\nb\n\u00e9\n',
    },
    { name: 'stdin without -i is not sent', args: (f) => [f.single, '--', 'wc', '-c'], input: 'ignored' },
    { name: '-t without a terminal', args: (f) => ['-ti', f.single, '--', 'sh', '-c', 'test -t 0; echo $?'] },
    { name: '-t without -i', args: (f) => ['-t', f.single, '--', 'echo', 'x'] },
    { name: 'defaulted container notice', args: (f) => [f.two, '--', 'sh', '-c', 'echo $KUBESENSE_CONTAINER'] },
    { name: '-q hides the notice', args: (f) => ['-q', f.two, '--', 'sh', '-c', 'echo $KUBESENSE_CONTAINER'] },
    { name: 'annotated default container', args: (f) => [f.annotated, '--', 'sh', '-c', 'echo $KUBESENSE_CONTAINER'] },
    { name: '-c', args: (f) => ['-c', 'second', f.two, '--', 'sh', '-c', 'echo $KUBESENSE_CONTAINER'] },
    { name: 'a container that does not exist', args: (f) => ['-c', 'nope', f.two, '--', 'true'] },
    { name: 'a pod that does not exist', args: () => ['no-such-pod', '--', 'true'] },
    {
      name: 'deploy/NAME picks its pod',
      args: (f) => [`deploy/${f.deployment}`, '--', 'sh', '-c', 'echo $KUBESENSE_CONTAINER'],
    },
    { name: 'TYPE/NAME that does not exist', args: () => ['deployment/nope', '--', 'true'] },
    { name: 'pod/NAME', args: (f) => [`pod/${f.single}`, '--', 'echo', 'p'] },
    { name: 'a missing executable', args: (f) => [f.single, '--', '/no/such/shell'] },
    { name: 'no command', args: (f) => [f.single] },
    { name: 'no pod', args: () => [] },
    { name: 'a command without --', args: (f) => [f.single, 'ls'] },
  ];

  for (const c of cases) {
    test(c.name, async () => {
      const args = ['exec', '-n', f.namespace, ...c.args(f)];
      const want = await runKubectl(args, { kubeconfig: env!.kubeconfig, input: c.input });
      const got = await runKubesense(args, c.input ?? '');
      // Usage errors name the program.
      const expected = { ...want, stderr: want.stderr.replaceAll("'kubectl ", "'kubesense ") };
      assert.deepEqual(got, expected);
    });
  }

  test('forbidden for a read-only user', async () => {
    const args = ['exec', '--context', 'restricted', '-n', 'team-a', 'anything', '--', 'true'];
    const want = await runKubectl(args, { kubeconfig: env!.kubeconfig });
    const got = await runKubesense(args, '');
    assert.equal(got.code, want.code);
    assert.equal(got.stderr, want.stderr);
  });
});
