// A password in a kubeconfig's server URL (`https://admin:pw@host`) is a secret like a token: the one redaction
// helper (kube/util/redact.ts) hides it in the language server's log, CLI errors and `config view` (not --raw).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../cli/run';
import { redactURL } from '../../../../kube/util/redact';
import { snapshotOf } from '../../../../client/src/model/kubeconfigSnapshot';
import { loadKubeconfig } from '../../../../kube/kubeconfig/loader';
import { kubesenseServerCommand, LspClient } from '../../server/harness';

const PASSWORD = 'pw-SECRET-4d21';
const PROXY_PASSWORD = 'proxypw-SECRET-77';

function setup(): { dir: string; file: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-urlcreds-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(
    file,
    `apiVersion: v1
kind: Config
current-context: urlcreds
clusters:
- name: k
  cluster:
    server: https://admin:${PASSWORD}@127.0.0.1:1
    proxy-url: http://proxyuser:${PROXY_PASSWORD}@127.0.0.1:2
users:
- name: u
  user: {token: tok}
contexts:
- name: urlcreds
  context: {cluster: k, user: u}
`,
  );
  return { dir, file };
}

function cli(args: string[], cwd: string) {
  return runCli(args, cwd, { KUBESENSE_OFFLINE: '1' });
}

test('redactURL removes or replaces user-info and keeps every other byte', () => {
  assert.equal(redactURL(`https://admin:${PASSWORD}@h:6443/p?q=1`), 'https://h:6443/p?q=1');
  assert.equal(redactURL(`https://admin:${PASSWORD}@h:6443`, 'REDACTED'), 'https://REDACTED@h:6443');
  assert.equal(redactURL('https://a@b:c@h'), 'https://h', 'the last @ of the authority ends the user-info');
  assert.equal(redactURL('https://h:6443/x@y'), 'https://h:6443/x@y', 'an @ in the path is not user-info');
  assert.equal(redactURL('https://H:6443'), 'https://H:6443', 'not normalized');
  assert.equal(redactURL(''), '');
});

test('config view hides URL user-info unless --raw (a deliberate difference from kubectl)', async () => {
  const { dir, file } = setup();
  try {
    const view = await cli(['--kubeconfig', file, 'config', 'view'], dir);
    assert.equal(view.code, 0, view.err);
    assert.match(view.out, /server: https:\/\/REDACTED@127\.0\.0\.1:1\n/);
    assert.match(view.out, /proxy-url: http:\/\/REDACTED@127\.0\.0\.1:2\n/);
    const json = await cli(['--kubeconfig', file, 'config', 'view', '-o', 'json', '--minify'], dir);
    assert.ok(!json.out.includes(PASSWORD) && !json.out.includes(PROXY_PASSWORD), json.out);
    assert.ok(!view.out.includes(PASSWORD) && !view.out.includes(PROXY_PASSWORD), view.out);
    const raw = await cli(['--kubeconfig', file, 'config', 'view', '--raw'], dir);
    assert.match(raw.out, new RegExp(`server: https://admin:${PASSWORD}@127\\.0\\.0\\.1:1\\n`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI errors about the server never show the password from its URL', async () => {
  const { dir, file } = setup();
  try {
    fs.writeFileSync(path.join(dir, 'cm.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    const check = await cli(['--kubeconfig', file, 'check', 'cm.yaml'], dir);
    // The unreachable cluster is named (then check falls back to its other schema sources).
    assert.match(check.err, /cannot reach https:\/\/127\.0\.0\.1:1 /, 'the server is named');
    const get = await cli(['--kubeconfig', file, '-v=9', 'get', 'configmaps'], dir);
    assert.equal(get.code, 1);
    for (const text of [check.err, check.out, get.err, get.out])
      assert.ok(!text.includes(PASSWORD) && !text.includes(PROXY_PASSWORD), text);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the explorer shows the server without user-info (tooltips and failure items read the snapshot)', () => {
  const { dir, file } = setup();
  try {
    const snapshot = snapshotOf(loadKubeconfig({ explicitPath: file }));
    assert.equal(snapshot.contexts[0].server, 'https://127.0.0.1:1');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the language server's log names the context's server without the password", async () => {
  const { dir, file } = setup();
  const server = kubesenseServerCommand();
  const client = new LspClient(
    { ...server, env: { ...server.env, HOME: dir } },
    {
      settings: { kubesense: { context: 'urlcreds', kubeconfig: file } },
    },
  );
  try {
    await client.initialize();
    const uri = pathToFileURL(path.join(dir, 'cm.yaml')).href;
    await client.open(uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    await client.waitForDiagnostics(uri, 0);
    const logs = client.logs.map((l) => l.message).join('\n');
    assert.match(logs, /connected to context "urlcreds" \(https:\/\/127\.0\.0\.1:1\)/);
    const everything = logs + client.messages.map((m) => m.message).join('\n') + client.stderr();
    assert.ok(!everything.includes(PASSWORD) && !everything.includes(PROXY_PASSWORD), everything);
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
