// Loading, merging and resolving kubeconfig files with client-go's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { KubeconfigLoadError, loadKubeconfig, loadingPrecedence } from '../../../../kube/kubeconfig/loader';
import {
  ConfigurationInvalidError,
  listContexts,
  resolveRestConfig,
  AuthProviderNotSupportedError,
} from '../../../../kube/kubeconfig/clientConfig';
import { decodeConfig } from '../../../../kube/kubeconfig/codec';
import { selfSigned } from './pki';

function dirWith(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-kc-'));
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const A = `current-context: a
clusters: [{name: shared, cluster: {server: "https://a", tls-server-name: a.internal}}]
users: [{name: u, user: {token: tok-a}}]
contexts: [{name: a, context: {cluster: shared, user: u, namespace: ns-a}}, {name: same, context: {cluster: shared, user: u}}]
`;
const B = `current-context: b
preferences: {colors: true}
clusters: [{name: shared, cluster: {server: "https://b", proxy-url: "http://proxy:3128"}}, {name: only-b, cluster: {server: "https://only-b"}}]
contexts: [{name: b, context: {cluster: only-b, user: u}}, {name: same, context: {cluster: only-b, user: other, namespace: from-b}}]
`;

test('precedence: --kubeconfig alone, else KUBECONFIG (deduplicated), else ~/.kube/config', () => {
  assert.deepEqual(loadingPrecedence({ explicitPath: 'x', env: { KUBECONFIG: 'a:b' } }).precedence, ['x']);
  assert.deepEqual(loadingPrecedence({ env: { KUBECONFIG: 'a:b:a::c' } }).precedence, ['a', 'b', '', 'c']);
  assert.deepEqual(loadingPrecedence({ env: { HOME: '/home/me' } }).precedence, ['/home/me/.kube/config']);
});

test('first file wins each whole entry; first non-empty current-context; colors from any file; missing files skipped', () => {
  const dir = dirWith({ 'a.yaml': A, 'b.yaml': B });
  const loaded = loadKubeconfig({ env: { KUBECONFIG: 'missing.yaml:a.yaml:b.yaml', HOME: dir }, cwd: dir });
  const c = loaded.config;
  assert.equal(c.currentContext, 'a');
  assert.equal(c.preferences.colors, true);
  const shared = c.clusters.get('shared')!;
  assert.equal(shared.server, 'https://a');
  assert.equal(shared.proxyURL, '', "no field of the second file leaks into the first file's entry");
  assert.equal(shared.locationOfOrigin, 'a.yaml');
  assert.equal(c.clusters.get('only-b')!.locationOfOrigin, 'b.yaml');
  assert.equal(c.contexts.get('same')!.namespace, '');
  assert.deepEqual(loaded.loadedFiles, ['a.yaml', 'b.yaml']);
  assert.deepEqual(loaded.missingFiles, ['missing.yaml']);
  assert.deepEqual(
    loaded.watchPaths,
    ['missing.yaml', 'a.yaml', 'b.yaml'].map((f) => path.join(dir, f)),
  );
  assert.equal(loaded.defaultFilename, 'a.yaml');
  assert.deepEqual(
    listContexts(loaded).map((x) => [x.name, x.file, x.current]),
    [
      ['a', 'a.yaml', true],
      ['b', 'b.yaml', false],
      ['same', 'a.yaml', false],
    ],
  );
});

test("a missing --kubeconfig is an error; a broken file is named in kubectl's words", () => {
  const dir = dirWith({ 'bad.yaml': 'clusters: 5\n' });
  assert.throws(
    () => loadKubeconfig({ explicitPath: 'nope', cwd: dir }),
    (e: unknown) =>
      e instanceof KubeconfigLoadError && e.notExist && e.message === 'stat nope: no such file or directory',
  );
  assert.throws(() => loadKubeconfig({ explicitPath: 'bad.yaml', cwd: dir }), {
    message:
      'error loading config file "bad.yaml": json: cannot unmarshal number into Go struct field Config.clusters of type []v1.NamedCluster',
  });
});

test('YAML 1.1 scalars read as Go reads them, unknown fields dropped, JSON kubeconfig accepted', () => {
  const c = decodeConfig(`clusters:
- name: c
  cluster: {server: "https://x", insecure-skip-tls-verify: yes, disable-compression: on, whatever: 1}
  extra: field
extensions:
- name: e
  extension: {n: 0x10, y: y, t: 2001-12-14, o: 010, f: 1e3}
`);
  const cl = c.clusters.get('c')!;
  assert.equal(cl.insecureSkipTLSVerify, true);
  assert.equal(cl.disableCompression, true);
  assert.deepEqual(c.extensions.get('e'), { false: 16, true: true, t: '2001-12-14', o: 8, f: 1000 });
  const j = decodeConfig(
    JSON.stringify({ contexts: [{ name: 'j', context: { cluster: 'c', user: 'u', namespace: 'n' } }] }),
  );
  assert.equal(j.contexts.get('j')!.namespace, 'n');
  assert.throws(
    () => decodeConfig('clusters:\n- name: c\n  cluster: {server: "https://x", insecure-skip-tls-verify: "yes"}\n'),
    {
      message:
        'json: cannot unmarshal string into Go struct field Cluster.clusters.cluster.insecure-skip-tls-verify of type bool',
    },
  );
});

test('relative paths resolve against the directory of the file that defined the entry', () => {
  const dir = dirWith({
    'conf/kc.yaml': `clusters: [{name: c, cluster: {server: "https://x", certificate-authority: ca.crt}}]
users: [{name: u, user: {client-certificate: certs/c.crt, client-key: /abs/key, tokenFile: ../tok, exec: {command: plugin, apiVersion: client.authentication.k8s.io/v1}}}]
`,
  });
  const loaded = loadKubeconfig({ env: { KUBECONFIG: 'conf/kc.yaml' }, cwd: dir });
  assert.equal(loaded.config.clusters.get('c')!.certificateAuthority, path.join(dir, 'conf', 'ca.crt'));
  const u = loaded.config.authInfos.get('u')!;
  assert.equal(u.clientCertificate, path.join(dir, 'conf', 'certs', 'c.crt'));
  assert.equal(u.clientKey, '/abs/key');
  assert.equal(u.tokenFile, path.join(dir, 'tok'));
  assert.equal(u.exec!.command, 'plugin', 'a bare command is looked up on PATH, not resolved');
  const raw = loadKubeconfig({ env: { KUBECONFIG: 'conf/kc.yaml' }, cwd: dir, resolvePaths: false });
  assert.equal(raw.config.clusters.get('c')!.certificateAuthority, 'ca.crt');
});

test("resolving a context: overrides, TLS fields, client certs, and client-go's token + basic auth conflict error", () => {
  // Real PEM: resolving checks the CA, certificate and key as client-go's transport does.
  const ca = selfSigned('ca');
  const client = selfSigned('client');
  const dir = dirWith({
    'ca.crt': ca.cert,
    'c.crt': client.cert,
    'c.key': client.key,
    tok: 'file-token\n',
    'kc.yaml': `current-context: main
clusters:
- {name: c, cluster: {server: "https://h:6443/prefix?q=1", certificate-authority: ca.crt, tls-server-name: h.internal, proxy-url: "socks5://p:1080"}}
- {name: insecure, cluster: {server: "https://i", insecure-skip-tls-verify: true}}
users:
- {name: certs, user: {client-certificate: c.crt, client-key: c.key}}
- {name: both, user: {token: t, username: u, password: p}}
- {name: file, user: {tokenFile: tok}}
- {name: oidc, user: {auth-provider: {name: oidc, config: {id-token: x}}}}
contexts:
- {name: main, context: {cluster: c, user: certs, namespace: ns}}
- {name: conflict, context: {cluster: c, user: both}}
`,
  });
  const loaded = loadKubeconfig({ explicitPath: path.join(dir, 'kc.yaml') });
  const main = resolveRestConfig(loaded, {}, { allowExecPlugins: false });
  assert.equal(main.host, 'https://h:6443/prefix');
  assert.deepEqual(main.tls, {
    insecure: undefined,
    serverName: 'h.internal',
    caData: ca.cert,
    certData: client.cert,
    keyData: client.key,
  });
  assert.equal(main.proxyURL, 'socks5://p:1080');
  assert.equal(main.namespace, 'ns');
  const over = resolveRestConfig(
    loaded,
    { cluster: 'insecure', user: 'file', namespace: 'other', timeout: 5000 },
    { allowExecPlugins: false },
  );
  assert.equal(over.host, 'https://i');
  assert.equal(over.tls.insecure, true);
  assert.equal(over.bearerToken, 'file-token\n');
  assert.equal(over.bearerTokenFile, path.join(dir, 'tok'));
  assert.equal(over.namespace, 'other');
  assert.equal(over.timeout, 5000);
  assert.throws(
    () => resolveRestConfig(loaded, { context: 'conflict' }, { allowExecPlugins: false }),
    (e: unknown) => {
      assert.ok(e instanceof ConfigurationInvalidError);
      assert.equal(
        e.message,
        'invalid configuration: more than one authentication method found for both; found [token basicAuth], only one is allowed',
      );
      return true;
    },
  );
  assert.throws(() => resolveRestConfig(loaded, { context: 'nope' }, { allowExecPlugins: false }), {
    message: 'context "nope" does not exist',
  });
  assert.throws(
    () => resolveRestConfig(loaded, { user: 'oidc' }, { allowExecPlugins: true }),
    (e: unknown) => e instanceof AuthProviderNotSupportedError && /auth-provider "oidc"/.test(e.message),
  );
});

test('credentials are only attached for an https server, as client-go does', () => {
  const dir = dirWith({
    'kc.yaml':
      'current-context: x\nclusters: [{name: c, cluster: {server: "http://plain:8080"}}]\nusers: [{name: u, user: {token: t}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n',
  });
  const rest = resolveRestConfig(
    loadKubeconfig({ explicitPath: path.join(dir, 'kc.yaml') }),
    {},
    { allowExecPlugins: false },
  );
  assert.equal(rest.host, 'http://plain:8080');
  assert.equal(rest.bearerToken, undefined);
});

test('a tokenFile is re-read when it changes and after invalidate()', async () => {
  const dir = dirWith({
    tok: 'one',
    'kc.yaml':
      'current-context: x\nclusters: [{name: c, cluster: {server: "https://h"}}]\nusers: [{name: u, user: {tokenFile: tok}}]\ncontexts: [{name: x, context: {cluster: c, user: u}}]\n',
  });
  const rest = resolveRestConfig(
    loadKubeconfig({ explicitPath: path.join(dir, 'kc.yaml') }),
    {},
    { allowExecPlugins: false },
  );
  assert.equal((await rest.credentials!.get()).token, 'one');
  fs.writeFileSync(path.join(dir, 'tok'), 'two-longer');
  assert.equal((await rest.credentials!.get()).token, 'two-longer');
  rest.credentials!.invalidate();
  assert.equal((await rest.credentials!.get()).token, 'two-longer');
});

test("an empty configuration reports client-go's empty-config error", () => {
  const dir = dirWith({});
  const loaded = loadKubeconfig({ env: { KUBECONFIG: 'none.yaml' }, cwd: dir });
  assert.throws(() => resolveRestConfig(loaded, {}, { allowExecPlugins: false, env: {} }), {
    message:
      'invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable',
  });
});
