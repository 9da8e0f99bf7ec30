// Durations on the command line, table-style, with kubectl.1.33 as the reference for every row: `--request-timeout`
// (client-go's ParseTimeout: a non-negative integer is seconds, else a Go duration) and pflag's Duration flags
// (`--timeout`, `--pod-running-timeout`, `--since`: Go durations only). One parser, kube/util/go's ParseDuration.
// kubectl talks to a closed loopback port, so a value it accepts ends in "connection refused", never a request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseRequestTimeout } from '../../../cli/flags';
import { findKubectl } from '../../cluster/kubectl';
import { runCli } from './run';

const INVALID = /^error: Invalid timeout value\. Timeout must be a single integer in seconds/;

/** kubectl.1.33's stderr for `args` (it exits 1 for all of these). */
async function kubectl(dir: string, args: string[]): Promise<string> {
  try {
    await promisify(execFile)(findKubectl('1.33'), ['--kubeconfig', path.join(dir, 'config'), ...args], {
      cwd: dir,
      env: { HOME: dir, PATH: process.env.PATH },
    });
    return '';
  } catch (e) {
    return String((e as { stderr: string }).stderr);
  }
}

function closedPortKubeconfig(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-durations-'));
  fs.writeFileSync(
    path.join(dir, 'config'),
    `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
  );
  return dir;
}

test('--request-timeout: what kubectl accepts, in ms; what it refuses, refused in its words', async () => {
  // value -> ms, or undefined when refused.
  const cases: [string, number | undefined][] = [
    ['0', 0],
    ['5', 5000],
    ['05', 5000],
    ['+5', 5000],
    ['-0', 0],
    ['1m30s', 90000],
    ['500ms', 500],
    ['1.5s', 1500],
    ['.5s', 500],
    ['1h2m3.5s', 3723500],
    ['1us', 0.001],
    ['1µs', 0.001],
    // A negative duration parses (and means no timeout); a negative integer is neither seconds nor a duration.
    ['-1s', -1000],
    ['-5', undefined],
    ['5x', undefined],
    ['5.', undefined],
    ['1e3s', undefined],
    ['1s5', undefined],
    [' 5', undefined],
    ['0x10', undefined],
    ['abc', undefined],
    // int64 seconds are accepted (Go's multiplication wraps); past int64 neither parser takes it.
    ['99999999999999999999', undefined],
    ['2562047h', 2562047 * 3600e3],
    ['2562048h', undefined],
  ];
  const dir = closedPortKubeconfig();
  try {
    const reference = await Promise.all(
      cases.map(([v]) => kubectl(dir, [`--request-timeout=${v}`, 'get', '--raw', '/x'])),
    );
    cases.forEach(([value, want], i) => {
      const kubectlRefused = INVALID.test(reference[i]!);
      assert.equal(kubectlRefused, want === undefined, `kubectl.1.33 on ${JSON.stringify(value)}: ${reference[i]}`);
      if (want === undefined)
        assert.throws(() => parseRequestTimeout(value), { message: reference[i]!.replace(/^error: /, '').trim() });
      else assert.equal(parseRequestTimeout(value), want, JSON.stringify(value));
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('duration flags (--timeout, --pod-running-timeout, --since): Go durations only, refused as kubectl refuses', async () => {
  const cases: string[][] = [
    ['rollout', 'status', 'deploy/x', '--timeout=5'],
    ['rollout', 'status', 'deploy/x', '--timeout=5x'],
    ['exec', 'p', '--pod-running-timeout=5', '--', 'true'],
    ['exec', 'p', '--pod-running-timeout=', '--', 'true'],
    ['attach', 'p', '--pod-running-timeout=1e3s'],
    ['port-forward', 'pod/p', '80', '--pod-running-timeout=5'],
    ['port-forward', 'pod/p', '80', '--pod-running-timeout=0s'],
    ['logs', 'p', '--since=5'],
    ['logs', 'p', '--pod-running-timeout=2562048h'],
  ];
  const dir = closedPortKubeconfig();
  try {
    const reference = await Promise.all(cases.map((args) => kubectl(dir, args)));
    for (const [i, args] of cases.entries()) {
      const ours = await runCli(args, dir, { KUBECONFIG: path.join(dir, 'config') });
      assert.equal(ours.code, 1, args.join(' '));
      assert.equal(ours.err, reference[i]!.replace(/'kubectl /g, "'kubesense "), args.join(' '));
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
