// No token, key or password appears in any error message or output meant for logs: every failure path of
// loading, resolving, exec plugins and the CLI is driven with secret-bearing configs and scanned.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadKubeconfig } from '../../../../kube/kubeconfig/loader';
import { resolveRestConfig } from '../../../../kube/kubeconfig/clientConfig';
import { ExecCredentialSource } from '../../../../kube/kubeconfig/exec';
import { main } from '../../../../cli/main';

const SECRETS = {
  token: 'tok-SECRET-7f3a9c',
  password: 'pw-SECRET-51be22',
  key: Buffer.from('-----BEGIN PRIVATE KEY-----\nKEY-SECRET-0c9d\n-----END PRIVATE KEY-----\n').toString('base64'),
  pluginToken: 'plugin-SECRET-88e1',
  fileToken: 'filetoken-SECRET-aa01',
};
const leaks = (text: string) =>
  Object.values(SECRETS).filter(
    (s) => text.includes(s) || text.includes(Buffer.from(s, 'base64').toString('utf8').trim()),
  );

function configs(dir: string): Record<string, string> {
  const users = `users:
- name: tok
  user: {token: ${SECRETS.token}, username: admin, password: ${SECRETS.password}}
- name: certs
  user: {client-certificate-data: ${Buffer.from('CERT').toString('base64')}, client-key-data: ${SECRETS.key}, client-key: /nope/key}
- name: file
  user: {tokenFile: ${path.join(dir, 'missing-token')}}
`;
  return {
    // conflicting auth methods, missing files, bad namespace, duplicate users (Go would dump them with %v)
    'conflict.yaml': `current-context: c\nclusters: [{name: k, cluster: {server: "https://k", certificate-authority: /nope/ca}}]\n${users}contexts: [{name: c, context: {cluster: k, user: tok, namespace: "Bad_NS"}}, {name: d, context: {cluster: k, user: certs}}, {name: f, context: {cluster: k, user: file}}]\n`,
    'dup-users.yaml': `${users}- name: tok\n  user: {token: ${SECRETS.token}}\n`,
    'type-error.yaml': `users: [{name: u, user: {token: [${SECRETS.token}], password: ${SECRETS.password}}}]\n`,
    'syntax.yaml': `users:\n- name: u\n  user:\n    token: ${SECRETS.token}\n   password: ${SECRETS.password}\n`,
    'base64.yaml': `users: [{name: u, user: {client-key-data: "${SECRETS.token}"}}]\n`,
    'nullkey.yaml': `{null: ${SECRETS.token}}\n`,
  };
}

test('errors from loading, resolving and exec plugins never contain credentials', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-secrets-'));
  for (const [name, text] of Object.entries(configs(dir))) fs.writeFileSync(path.join(dir, name), text);
  const messages: string[] = [];
  const capture = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      messages.push((e as Error).message);
    }
  };
  for (const name of Object.keys(configs(dir))) capture(() => loadKubeconfig({ explicitPath: path.join(dir, name) }));
  const loaded = loadKubeconfig({ explicitPath: path.join(dir, 'conflict.yaml') });
  for (const context of ['c', 'd', 'f'])
    capture(() => resolveRestConfig(loaded, { context }, { allowExecPlugins: false }));
  capture(() => resolveRestConfig(loaded, { context: 'c', user: 'certs' }, { allowExecPlugins: false }));

  // Exec plugins whose output holds a token but is malformed in various ways.
  const plugin = (name: string, body: string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return p;
  };
  const outputs = [
    `echo '{"apiVersion":"client.authentication.k8s.io/v1","status":{"token":"${SECRETS.pluginToken}"' `,
    `echo 'token=${SECRETS.pluginToken}'`,
    `echo '{"apiVersion":"v9","status":{"token":"${SECRETS.pluginToken}"}}'`,
    `echo '{"apiVersion":"client.authentication.k8s.io/v1","status":{"token":"${SECRETS.pluginToken}","expirationTimestamp":"soon"}}'`,
    `echo '{"apiVersion":"client.authentication.k8s.io/v1","status":{"clientKeyData":"${SECRETS.pluginToken}"}}'`,
    `echo '${SECRETS.pluginToken}'; exit 2`,
  ];
  for (const [i, body] of outputs.entries()) {
    const src = new ExecCredentialSource(
      {
        command: plugin(`p${i}`, body),
        args: null,
        env: null,
        apiVersion: 'client.authentication.k8s.io/v1',
        installHint: '',
        provideClusterInfo: false,
        interactiveMode: 'Never',
      },
      { io: { stderr: { write: () => true } } },
    );
    await src.get().then(
      () => assert.fail(`plugin ${i} should fail`),
      (e: Error) => messages.push(e.message),
    );
  }

  // The CLI: every command's stderr, and `config view` output without --raw.
  const cli = async (args: string[]) => {
    let out = '';
    let err = '';
    await main(args, {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env: { HOME: dir },
      cwd: dir,
    });
    messages.push(err);
    return out;
  };
  for (const name of Object.keys(configs(dir))) {
    await cli(['--kubeconfig', name, 'config', 'view']);
    await cli(['--kubeconfig', name, 'config', 'get-contexts']);
    await cli(['--kubeconfig', name, 'config', 'use-context', 'nope']);
    await cli(['-v=9', '--kubeconfig', name, 'config', 'current-context']);
  }
  const view = await cli(['--kubeconfig', 'conflict.yaml', 'config', 'view']);
  const viewJSON = await cli([
    '--kubeconfig',
    'conflict.yaml',
    'config',
    'view',
    '-o',
    'json',
    '--minify',
    '--context',
    'd',
  ]);
  assert.match(view, /token: REDACTED/);
  assert.match(view, /password: REDACTED/);
  assert.match(view, /client-key-data: DATA\+OMITTED/);
  assert.deepEqual(leaks(view), [], 'config view (redacted) shows no credentials');
  assert.deepEqual(leaks(viewJSON), [], 'config view -o json (redacted) shows no credentials');

  assert.ok(messages.length > 30, `${messages.length} messages checked`);
  for (const m of messages) assert.deepEqual(leaks(m), [], `credential in message: ${m}`);
  fs.rmSync(dir, { recursive: true, force: true });
});
