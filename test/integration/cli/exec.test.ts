// Differential: `kubesense exec` against `kubectl.1.33 exec` on the same cluster, as separate processes with the
// same stdin: stdout, stderr and exit code must be identical. The commands run for real behind the kubelet front.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findClusterEnv } from '../../cluster/env';
import { findKubectl, runKubectl, type KubectlResult } from '../../cluster/kubectl';
import { createExecFixture, deleteExecFixture, type ExecFixture } from '../kube/remotecommand/fixture';

const env = findClusterEnv();
const BIN = path.resolve(__dirname, '../../../../bin/kubesense.js');
/** util-linux `script` gives a command a real terminal (a PTY) of a chosen size. */
const hasScript = spawnSync('script', ['--version']).status === 0;
const shQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/**
 * Remote shell that waits (up to 20 s) for the terminal's first size: the kubelet starts the process before the
 * client's first resize message lands, later still on a loaded machine. No single quotes: it goes inside `sh -c '…'`.
 */
const AWAIT_SIZE = awaitSizeOtherThan('0 0');
/** Remote shell that waits (up to 20 s) until the terminal's size is no longer `size` ("rows cols"). */
function awaitSizeOtherThan(size: string): string {
  return `n=0; while [ "$(stty size)" = "${size}" ] && [ $n -lt 200 ]; do sleep 0.1; n=$((n+1)); done`;
}

/** Runs `shellLine` inside `script`, feeding `input` to the terminal; returns everything the terminal showed. */
function inTerminal(
  shellLine: string,
  input: (write: (s: string) => void, output: () => string) => Promise<void>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', shellLine, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
    input(
      (s) => child.stdin.write(s),
      () => out,
    ).then(
      () => child.stdin.end(),
      (e: unknown) => {
        child.kill('SIGKILL');
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}

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
      // Usage errors name the program. kubectl's WebSocket reader sometimes starts before its streams exist and logs
      // a klog line about it (client-go websocket.go "Unknown stream id"): a kubectl race, not output.
      const stderr = want.stderr
        .replaceAll("'kubectl ", "'kubesense ")
        .replace(/^E\d{4} [\d:.]+ +\d+ websocket\.go:\d+\] Unknown stream id \d+, discarding message\n/gm, '');
      const expected = { ...want, stderr };
      assert.deepEqual(got, expected);
    });
  }

  test('-ti in a real terminal: raw output, exit code, the same bytes as kubectl', { skip: !hasScript }, async () => {
    const remote = `sh -c '${AWAIT_SIZE}; stty size; test -t 0 && echo tty; echo err >&2; exit 4'`;
    const line = (tool: string) =>
      `stty cols 101 rows 33; ${tool} --kubeconfig=${shQuote(env!.kubeconfig)} exec -ti -n ${f.namespace} ${f.single} -- ${remote}; echo "rc=$?"`;
    // Keep the terminal's input open until the command has ended: closing it early ends `script` under a slow client.
    const untilEnd = async (_write: unknown, output: () => string) => until(() => output().includes('rc='), 'the end');
    const want = await inTerminal(line(shQuote(findKubectl())), untilEnd);
    const got = await inTerminal(line(`${shQuote(process.execPath)} ${shQuote(BIN)}`), untilEnd);
    assert.equal(want, '33 101\r\ntty\r\nerr\r\ncommand terminated with exit code 4\r\nrc=4\r\n');
    assert.equal(got, want);
  });

  test('-ti follows the terminal size (SIGWINCH) and passes keystrokes', { skip: !hasScript }, async () => {
    const flag = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-winch-')), 'resize-now');
    const tool = `${shQuote(process.execPath)} ${shQuote(BIN)} --kubeconfig=${shQuote(env!.kubeconfig)}`;
    const shell =
      `stty cols 101 rows 33; ${tool} exec -ti -n ${f.namespace} ${f.single} -- sh -c '${AWAIT_SIZE}; stty size; read a; echo "got:$a"; ${awaitSizeOtherThan('33 101')}; stty size' </dev/tty & ` +
      `while [ ! -e ${shQuote(flag)} ]; do sleep 0.1; done; stty cols 120 rows 50 </dev/tty; kill -WINCH $!; wait $!; echo "rc=$?"`;
    const shown = await inTerminal(shell, async (write, output) => {
      await until(() => output().includes('33 101'), 'the first size');
      fs.writeFileSync(flag, '');
      // The resize message and the keystrokes travel on different streams: either may land first, so the remote
      // shell waits for the new size after the keystrokes (the size must still change, within 20 s).
      write('hello\r');
      await until(() => output().includes('rc='), 'the end');
    });
    assert.match(shown, /33 101\r\n(.|\r\n)*got:hello\r\n50 120\r\nrc=0/);
  });

  test('forbidden for a read-only user', async () => {
    const args = ['exec', '--context', 'restricted', '-n', 'team-a', 'anything', '--', 'true'];
    const want = await runKubectl(args, { kubeconfig: env!.kubeconfig });
    const got = await runKubesense(args, '');
    assert.equal(got.code, want.code);
    assert.equal(got.stderr, want.stderr);
  });
});

async function until(cond: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
