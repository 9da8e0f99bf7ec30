// `kubesense check --kubeconfig` when the server's certificate fails verification: the schemas cached by an earlier
// run are used, and the run says so (the TLS error, and which schemas it used instead) instead of passing quietly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../unit/cli/run';
import { clusterEnv } from '../../cluster/env';
import { repoRoot } from '../../unit/server/harness';

function check(args: string[], cwd: string) {
  return runCli(args, cwd, { KUBESENSE_OFFLINE: '1' });
}

test('check against a server whose certificate fails verification says it fell back to cached schemas', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-check-tls-'));
  try {
    fs.writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n');
    const cacheDir = path.join(dir, 'cache');
    const first = await check(['--kubeconfig', env.kubeconfig, '--cache-dir', cacheDir, 'check', 'cm.yaml'], dir);
    assert.equal(first.code, 0, first.err);
    assert.doesNotMatch(first.err, /warning:|cached/);

    // Same server, but trusting a CA that did not sign its certificate.
    const wrongCA = path.join(repoRoot, 'test/integration/kube/rest/testdata/unrelated-ca.pem');
    const kubeconfig = path.join(dir, 'wrong-ca.yaml');
    fs.writeFileSync(
      kubeconfig,
      `apiVersion: v1
kind: Config
current-context: c
clusters: [{name: k, cluster: {server: "${env.server}", certificate-authority: "${wrongCA}"}}]
users: [{name: u, user: {token: not-sent}}]
contexts: [{name: c, context: {cluster: k, user: u}}]
`,
    );
    const second = await check(['--kubeconfig', kubeconfig, '--cache-dir', cacheDir, 'check', 'cm.yaml'], dir);
    assert.equal(second.code, 0, second.err);
    const warning = second.err.split('\n').find((l) => l.startsWith('warning: '));
    assert.ok(warning, `a warning on stderr: ${second.err}`);
    assert.match(warning, new RegExp(`cannot reach ${env.server.replace(/[.]/g, '\\.')} \\(.*certificate.*\\)`));
    assert.match(warning, /using its OpenAPI schemas cached by an earlier run in /);
    assert.match(
      second.err,
      /schemas: cluster \S+ \(cached copy: the server could not be reached\)/,
      'the summary too',
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
