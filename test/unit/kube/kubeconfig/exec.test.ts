// Exec credential plugins run for real: small shell scripts stand in for gke-gcloud-auth-plugin & co.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ExecCredentialSource, ExecPluginNotFoundError } from '../../../../kube/kubeconfig/exec';
import { loadKubeconfig } from '../../../../kube/kubeconfig/loader';
import { ExecPluginUntrustedError, resolveRestConfig } from '../../../../kube/kubeconfig/clientConfig';
import type { ExecConfig } from '../../../../kube/kubeconfig/types';

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-exec-'));
}

/** Writes an executable script; `body` is POSIX sh. */
function script(dir: string, name: string, body: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return p;
}

function execConfig(command: string, extra: Partial<ExecConfig> = {}): ExecConfig {
  return {
    command,
    args: null,
    env: null,
    apiVersion: 'client.authentication.k8s.io/v1',
    installHint: '',
    provideClusterInfo: false,
    interactiveMode: 'Never',
    ...extra,
  };
}

const sink = { write: () => true };

test('v1 plugin: token returned, KUBERNETES_EXEC_INFO passed, env and args applied', async () => {
  const dir = tmpdir();
  const out = path.join(dir, 'info.json');
  const plugin = script(
    dir,
    'plugin',
    `printf '%s' "$KUBERNETES_EXEC_INFO" > ${out}; echo "$1 $PLUGIN_VAR" > ${out}.args
cat <<EOF
{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"tok-1"}}
EOF`,
  );
  const src = new ExecCredentialSource(
    execConfig(plugin, { args: ['--flag'], env: [{ name: 'PLUGIN_VAR', value: 'hello' }], provideClusterInfo: true }),
    {
      env: { PATH: '/usr/bin:/bin' },
      io: { stderr: sink, stdinIsTerminal: false },
      cluster: {
        server: 'https://k:6443',
        tlsServerName: 'k.internal',
        insecureSkipTLSVerify: false,
        certificateAuthorityData: 'CA-PEM',
        proxyURL: '',
        disableCompression: false,
        config: { audience: 'x' },
      },
    },
  );
  assert.deepEqual(await src.get(), { token: 'tok-1' });
  const info = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.deepEqual(info, {
    kind: 'ExecCredential',
    apiVersion: 'client.authentication.k8s.io/v1',
    spec: {
      cluster: {
        server: 'https://k:6443',
        'tls-server-name': 'k.internal',
        'certificate-authority-data': Buffer.from('CA-PEM').toString('base64'),
        config: { audience: 'x' },
      },
      interactive: false,
    },
  });
  assert.equal(fs.readFileSync(`${out}.args`, 'utf8').trim(), '--flag hello');
});

test('v1beta1 plugin with client certificate, and a mismatched apiVersion is rejected', async () => {
  const dir = tmpdir();
  const ok = script(
    dir,
    'ok',
    `echo '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"clientCertificateData":"CERT","clientKeyData":"KEY"}}'`,
  );
  const creds = await new ExecCredentialSource(
    execConfig(ok, { apiVersion: 'client.authentication.k8s.io/v1beta1', interactiveMode: 'IfAvailable' }),
    { io: { stderr: sink, stdinIsTerminal: false } },
  ).get();
  assert.deepEqual(creds, { clientCertificateData: 'CERT', clientKeyData: 'KEY' });
  await assert.rejects(new ExecCredentialSource(execConfig(ok), { io: { stderr: sink } }).get(), {
    message:
      'getting credentials: exec plugin is configured to use API version client.authentication.k8s.io/v1, plugin returned version client.authentication.k8s.io/v1beta1',
  });
});

test('credentials are cached until expirationTimestamp, then the plugin runs again', async () => {
  const dir = tmpdir();
  const counter = path.join(dir, 'count');
  fs.writeFileSync(counter, '0');
  const plugin = script(
    dir,
    'plugin',
    `n=$(cat ${counter}); n=$((n+1)); echo $n > ${counter}
echo "{\\"apiVersion\\":\\"client.authentication.k8s.io/v1\\",\\"kind\\":\\"ExecCredential\\",\\"status\\":{\\"token\\":\\"tok-$n\\",\\"expirationTimestamp\\":\\"2030-01-01T00:00:00Z\\"}}"`,
  );
  let now = Date.parse('2029-12-31T23:00:00Z');
  const src = new ExecCredentialSource(execConfig(plugin), { io: { stderr: sink }, now: () => now });
  assert.equal((await src.get()).token, 'tok-1');
  assert.equal((await src.get()).token, 'tok-1', 'cached before expiry');
  now = Date.parse('2030-01-01T00:00:01Z');
  assert.equal((await src.get()).token, 'tok-2', 'refreshed after expiry');
  assert.equal(src.runs, 2);
});

test('invalidate() after a 401 runs the plugin again; concurrent get() share one run', async () => {
  const dir = tmpdir();
  const counter = path.join(dir, 'count');
  fs.writeFileSync(counter, '0');
  const plugin = script(
    dir,
    'plugin',
    `n=$(cat ${counter}); n=$((n+1)); echo $n > ${counter}
echo "{\\"apiVersion\\":\\"client.authentication.k8s.io/v1\\",\\"kind\\":\\"ExecCredential\\",\\"status\\":{\\"token\\":\\"tok-$n\\"}}"`,
  );
  const src = new ExecCredentialSource(execConfig(plugin), { io: { stderr: sink } });
  const [a, b] = await Promise.all([src.get(), src.get()]);
  assert.equal(a.token, 'tok-1');
  assert.equal(b.token, 'tok-1');
  assert.equal(src.runs, 1);
  src.invalidate();
  assert.equal((await src.get()).token, 'tok-2');
});

test('missing binary: error names the command and the PATH searched, plus the install hint', async () => {
  const src = new ExecCredentialSource(
    execConfig('kubesense-no-such-plugin', { installHint: 'Install it with: apt install x' }),
    { env: { PATH: '/nonexistent/bin:/usr/local/nope' }, io: { stderr: sink } },
  );
  await assert.rejects(src.get(), (e: unknown) => {
    assert.ok(e instanceof ExecPluginNotFoundError);
    assert.equal(e.name, 'ExecPluginNotFoundError');
    assert.equal(e.command, 'kubesense-no-such-plugin');
    assert.equal(e.searchedPath, '/nonexistent/bin:/usr/local/nope');
    assert.match(
      e.message,
      /executable kubesense-no-such-plugin not found in PATH \(searched: \/nonexistent\/bin:\/usr\/local\/nope\)/,
    );
    assert.match(e.message, /Install it with: apt install x/);
    return true;
  });
});

test('bad JSON, missing status, failing plugin and Always without a terminal give clear errors without echoing output', async () => {
  const dir = tmpdir();
  const bad = script(dir, 'bad', `echo 'not json SECRET-TOKEN-123'`);
  await assert.rejects(new ExecCredentialSource(execConfig(bad), { io: { stderr: sink } }).get(), (e: Error) => {
    assert.match(e.message, /did not print valid JSON/);
    assert.doesNotMatch(e.message, /SECRET-TOKEN-123/);
    return true;
  });
  const nostatus = script(
    dir,
    'nostatus',
    `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential"}'`,
  );
  await assert.rejects(new ExecCredentialSource(execConfig(nostatus), { io: { stderr: sink } }).get(), {
    message: "getting credentials: exec plugin didn't return a status field",
  });
  const empty = script(
    dir,
    'empty',
    `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{}}'`,
  );
  await assert.rejects(new ExecCredentialSource(execConfig(empty), { io: { stderr: sink } }).get(), {
    message: "getting credentials: exec plugin didn't return a token or cert/key pair",
  });
  const half = script(
    dir,
    'half',
    `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"clientCertificateData":"C"}}'`,
  );
  await assert.rejects(new ExecCredentialSource(execConfig(half), { io: { stderr: sink } }).get(), {
    message: 'getting credentials: exec plugin returned only certificate or key, not both',
  });
  const fail = script(dir, 'fail', `echo oops >&2; exit 3`);
  let stderr = '';
  await assert.rejects(
    new ExecCredentialSource(execConfig(fail), {
      io: { stderr: { write: (s: string | Buffer) => (stderr += s.toString()) } },
    }).get(),
    {
      message: `getting credentials: exec: executable ${fail} failed with exit code 3`,
    },
  );
  assert.equal(stderr, 'oops\n', "the plugin's stderr is passed through");
  await assert.rejects(
    new ExecCredentialSource(execConfig(bad, { interactiveMode: 'Always' }), {
      io: { stderr: sink, stdinIsTerminal: false },
    }).get(),
    {
      message: 'getting credentials: exec plugin cannot support interactive mode: standard input is not a terminal',
    },
  );
});

test('relative exec command resolves against the kubeconfig that defined it; untrusted workspaces do not run plugins', async () => {
  const dir = tmpdir();
  fs.mkdirSync(path.join(dir, 'conf', 'bin'), { recursive: true });
  script(
    path.join(dir, 'conf', 'bin'),
    'plugin',
    `echo '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"rel-token"}}'`,
  );
  const kc = path.join(dir, 'conf', 'kubeconfig');
  fs.writeFileSync(
    kc,
    `apiVersion: v1
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: ./bin/plugin, interactiveMode: Never}}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
`,
  );
  const loaded = loadKubeconfig({ explicitPath: kc, cwd: '/' });
  assert.throws(
    () => resolveRestConfig(loaded, {}, { allowExecPlugins: false }),
    (e: unknown) => {
      assert.ok(e instanceof ExecPluginUntrustedError);
      assert.equal(e.name, 'ExecPluginUntrustedError');
      assert.equal(e.command, path.join(dir, 'conf', 'bin', 'plugin'));
      return true;
    },
  );
  const rest = resolveRestConfig(loaded, {}, { allowExecPlugins: true, execIO: { stderr: sink } });
  assert.deepEqual(await rest.credentials!.get(), { token: 'rel-token' });
});
