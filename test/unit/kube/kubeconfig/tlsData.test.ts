// Broken TLS material in a kubeconfig, fed to kubectl 1.33 and to kubesense: kubesense refuses the same configs
// before any request, with kubectl's text plus the kubeconfig entry and field (kubectl names neither), and never
// OpenSSL's text or the data itself. insecure-skip-tls-verify with a CA is refused before a token leaves.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { runKubectl } from '../../../cluster/kubectl';
import { runCli } from '../../cli/run';
import { RESTClient } from '../../../../kube/rest/client';
import { selfSigned } from './pki';
import { caDataError } from '../../../../kube/kubeconfig/tlsData';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const GARBAGE = 'KEYMATERIAL-7c1f not a pem';

function kubeconfig(server: string, cluster: string, user: string): string {
  return `apiVersion: v1
kind: Config
clusters:
- name: c1
  cluster:
    server: ${server}
${cluster.replace(/^/gm, '    ')}
users:
- name: u1
  user:
${user.replace(/^/gm, '    ')}
contexts:
- name: ctx
  context: {cluster: c1, user: u1}
current-context: ctx
`;
}

async function kubesense(args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  const { code, err } = await runCli(args, cwd);
  return { code, stderr: err };
}

test('bad CA, client certificate or key data: kubectl 1.33 text, plus the entry and field, no OpenSSL text', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-tlsdata-'));
  const good = selfSigned('good');
  const other = selfSigned('other');
  const badPemKey = '-----BEGIN RSA PRIVATE KEY-----\nS0VZTUFURVJJQUw=\n-----END RSA PRIVATE KEY-----\n';
  fs.writeFileSync(path.join(dir, 'garbage.pem'), GARBAGE);
  fs.writeFileSync(path.join(dir, 'good.crt'), good.cert);
  fs.writeFileSync(path.join(dir, 'good.key'), good.key);
  const ca = `certificate-authority-data: ${b64(good.cert)}`;
  const pair = (cert: string, key: string) => `client-certificate-data: ${b64(cert)}\nclient-key-data: ${b64(key)}`;
  const cases: { name: string; cluster: string; user: string; names: string; kubectlToo: boolean }[] = [
    {
      name: 'key-data',
      cluster: ca,
      user: pair(good.cert, GARBAGE),
      names: 'client-key-data of user "u1"',
      kubectlToo: true,
    },
    {
      name: 'cert-data',
      cluster: ca,
      user: pair(GARBAGE, good.key),
      names: 'client-certificate-data of user "u1"',
      kubectlToo: true,
    },
    {
      name: 'pem-key',
      cluster: ca,
      user: pair(good.cert, badPemKey),
      names: 'client-key-data of user "u1"',
      kubectlToo: true,
    },
    {
      name: 'swapped',
      cluster: ca,
      user: pair(good.key, good.cert),
      names: 'client-certificate-data of user "u1"',
      kubectlToo: true,
    },
    {
      name: 'mismatch',
      cluster: ca,
      user: pair(good.cert, other.key),
      names: 'client-certificate-data and client-key-data of user "u1"',
      kubectlToo: true,
    },
    {
      name: 'ca-data',
      cluster: `certificate-authority-data: ${b64(GARBAGE)}`,
      user: pair(good.cert, good.key),
      names: 'certificate-authority-data of cluster "c1"',
      kubectlToo: true,
    },
    {
      name: 'ca-file',
      cluster: `certificate-authority: ${path.join(dir, 'garbage.pem')}`,
      user: pair(good.cert, good.key),
      names: `certificate-authority ${path.join(dir, 'garbage.pem')} of cluster "c1"`,
      kubectlToo: true,
    },
    // kubectl only logs these (it reloads client files in the background) and then tries to connect anyway.
    {
      name: 'key-file',
      cluster: ca,
      user: `client-certificate: ${path.join(dir, 'good.crt')}\nclient-key: ${path.join(dir, 'garbage.pem')}`,
      names: `client-key ${path.join(dir, 'garbage.pem')} of user "u1"`,
      kubectlToo: false,
    },
    {
      name: 'cert-file',
      cluster: ca,
      user: `client-certificate: ${path.join(dir, 'garbage.pem')}\nclient-key: ${path.join(dir, 'good.key')}`,
      names: `client-certificate ${path.join(dir, 'garbage.pem')} of user "u1"`,
      kubectlToo: false,
    },
  ];
  try {
    for (const c of cases) {
      const file = path.join(dir, `${c.name}.yaml`);
      // Port 1: nothing listens; both clients must fail before connecting.
      fs.writeFileSync(file, kubeconfig('https://127.0.0.1:1', c.cluster, c.user));
      const ours = await kubesense(['--kubeconfig', file, 'get', 'namespaces'], dir);
      assert.equal(ours.code, 1, `${c.name}: exit code`);
      assert.ok(ours.stderr.includes(`(${c.names})`), `${c.name}: names the entry and field: ${ours.stderr}`);
      assert.doesNotMatch(ours.stderr, /routines|error:0|OpenSSL|connect|refused/i, `${c.name}: ${ours.stderr}`);
      assert.ok(!ours.stderr.includes('KEYMATERIAL') && !ours.stderr.includes('S0VZ'), `${c.name}: no data echoed`);
      if (!c.kubectlToo) continue;
      const theirs = await runKubectl(['get', 'namespaces'], { kubeconfig: file, version: '1.33' });
      assert.equal(theirs.code, 1, `${c.name}: kubectl exit code`);
      const kubectlText = theirs.stderr.trim().replace(/^error: /, '');
      assert.equal(
        ours.stderr.trim(),
        `error: ${kubectlText} (${c.names})`,
        `${c.name}: kubectl's text, then the entry and field`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('insecure-skip-tls-verify with CA data is refused like kubectl 1.33 does, and no request reaches the server', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-insecure-'));
  const serverPair = selfSigned('127.0.0.1');
  let connections = 0;
  let requests = 0;
  const server = https.createServer({ cert: serverPair.cert, key: serverPair.key }, (_req, res) => {
    requests++;
    res.end('{}');
  });
  server.on('connection', () => connections++);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const file = path.join(dir, 'kc.yaml');
    fs.writeFileSync(
      file,
      kubeconfig(
        url,
        `certificate-authority-data: ${b64(serverPair.cert)}\ninsecure-skip-tls-verify: true`,
        'token: tok-SECRET-e1b2',
      ),
    );
    const theirs = await runKubectl(['get', 'namespaces'], { kubeconfig: file, version: '1.33' });
    const ours = await kubesense(['--kubeconfig', file, 'get', 'namespaces'], dir);
    assert.equal(theirs.code, 1);
    assert.equal(
      theirs.stderr.trim(),
      'error: specifying a root certificates file with the insecure flag is not allowed',
    );
    assert.equal(ours.code, 1);
    assert.equal(ours.stderr.trim(), `${theirs.stderr.trim()} (cluster "c1")`);
    // A RestConfig built by hand with the same combination is refused by the transport itself.
    const client = new RESTClient({ host: url, tls: { insecure: true, caData: serverPair.cert }, bearerToken: 'tok' });
    await assert.rejects(client.get().absPath('/api').do(), {
      message: /specifying a root certificates file with the insecure flag is not allowed/,
    });
    assert.equal(requests, 0, 'no request was sent');
    assert.equal(connections, 0, 'no connection was even opened');
  } finally {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("CA bundles are judged like Go's AppendCertsFromPEM: one good certificate is enough", () => {
  const good = selfSigned('ca').cert;
  const malformed = '-----BEGIN CERTIFICATE-----\nS0VZTUFURVJJQUw=\n-----END CERTIFICATE-----\n';
  assert.equal(caDataError(malformed + good), undefined);
  assert.equal(caDataError(malformed), 'failed to parse certificate: x509: malformed certificate');
  assert.equal(caDataError(selfSigned('k').key), 'no valid certificate authority data seen');
  assert.equal(caDataError(''), 'unable to parse bytes as PEM block');
});
