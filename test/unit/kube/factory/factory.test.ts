// kube/factory without a server: what it builds, when, how often, and which input wins.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ClientFactory, type FactoryOptions } from '../../../../kube/factory';
import { ExecCredentialSource, ExecPluginUntrustedError, loadKubeconfig } from '../../../../kube/kubeconfig';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-factory-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

// The plugin leaves a marker when it runs, so "not run" is observable.
const marker = path.join(dir, 'plugin-ran');
const plugin = path.join(dir, 'plugin.sh');
fs.writeFileSync(
  plugin,
  `#!/bin/sh\ntouch '${marker}'\necho '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"t"}}'\n`,
  { mode: 0o755 },
);
const kubeconfig = path.join(dir, 'config');
fs.writeFileSync(
  kubeconfig,
  `apiVersion: v1
kind: Config
clusters:
- name: one
  cluster: {server: 'https://one.example:6443', insecure-skip-tls-verify: true}
- name: two
  cluster: {server: 'https://two.example:6443', insecure-skip-tls-verify: true}
users:
- name: token-user
  user: {token: secret-token}
- name: exec-user
  user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: '${plugin}', interactiveMode: Never}}
contexts:
- name: first
  context: {cluster: one, user: token-user, namespace: team-a}
- name: second
  context: {cluster: two, user: token-user}
- name: plugin
  context: {cluster: one, user: exec-user}
current-context: first
`,
);

const env = { ...process.env, KUBECONFIG: '', HOME: dir };
const factory = (options: Partial<FactoryOptions> = {}) =>
  new ClientFactory({
    kubeconfig: { explicitPath: kubeconfig, env },
    credentials: { allowExecPlugins: false, env },
    cacheDir: path.join(dir, 'cache'),
    ...options,
  });

describe('ClientFactory', () => {
  it('reads the kubeconfig only when a client is first needed, and builds the RestConfig once', () => {
    let loads = 0;
    const loaded = loadKubeconfig({ explicitPath: kubeconfig, env });
    const f = factory({
      kubeconfig: () => {
        loads++;
        return loaded;
      },
    });
    assert.equal(loads, 0, 'constructing a factory reads nothing');
    const config = f.restConfig();
    assert.equal(loads, 1);
    assert.equal(f.restConfig(), config, 'the same RestConfig on every call');
    f.restClient();
    f.discovery();
    f.dynamicClient();
    f.openAPI();
    assert.equal(loads, 1, 'every client is built from that one RestConfig');
  });

  it('keeps no failure: a kubeconfig that becomes usable is used on the next call', () => {
    const loaded = loadKubeconfig({ explicitPath: kubeconfig, env });
    let ready = false;
    const f = factory({
      kubeconfig: () => {
        if (!ready) throw new Error('no kubeconfig is loaded');
        return loaded;
      },
    });
    assert.throws(() => f.restConfig(), /no kubeconfig is loaded/);
    ready = true;
    assert.equal(f.restConfig().host, 'https://one.example:6443');
  });

  it('builds each client once and shares one RESTClient between them', async () => {
    const f = factory();
    const rest = f.restClient();
    assert.equal(f.restClient(), rest);
    assert.equal(f.discovery(), f.discovery());
    assert.equal(f.restMapper(), f.restMapper());
    assert.equal(f.dynamicClient(), f.dynamicClient());
    assert.equal(f.dynamicClient().base, rest, 'the dynamic client uses the shared RESTClient');
    assert.equal(f.openAPI(), f.openAPI());
    assert.equal(f.openAPI().restClient, rest, 'so does the OpenAPI client');
    assert.equal(f.cachedOpenAPI().restClient, rest);
    assert.notEqual(f.cachedOpenAPI(), f.openAPI(), 'the cache-only client is a separate one');
    const typed = await f.clientset();
    assert.equal(await f.clientset(), typed);
    assert.equal(typed.dynamic.base, rest, 'the typed clientset too');
    const apps = f.restClientFor({ group: 'apps', version: 'v1' });
    assert.equal(f.restClientFor({ group: 'apps', version: 'v1' }), apps);
    assert.deepEqual(apps.groupVersion, { group: 'apps', version: 'v1' });
    assert.equal(apps.rateLimiter, rest.rateLimiter, 'per-group clients share the rate limiter');
  });

  it('puts its caches under cacheDir (OpenAPI in kubesense/openapi/<host>)', () => {
    const f = factory();
    assert.equal(f.cacheDir(), path.join(dir, 'cache'));
    assert.ok(f.openAPI().cacheDirectory?.startsWith(path.join(dir, 'cache', 'kubesense', 'openapi') + path.sep));
    const home = factory({ cacheDir: undefined });
    assert.equal(home.cacheDir(), path.join(dir, '.kube', 'cache'), "kubectl's default: ~/.kube/cache");
  });

  it('without overrides uses the current context and its namespace', () => {
    const f = factory();
    assert.equal(f.restConfig().host, 'https://one.example:6443');
    assert.equal(f.restConfig().bearerToken, 'secret-token');
    assert.equal(f.namespace(), 'team-a');
    assert.equal(f.namespaceExplicit(), false);
    assert.equal(factory({ overrides: { context: 'second' } }).namespace(), 'default', 'no namespace: "default"');
  });

  it('lets overrides win over the kubeconfig, as kubectl flags do', () => {
    const f = factory({
      overrides: {
        context: 'second',
        cluster: 'one',
        namespace: 'team-b',
        server: 'https://override.example:8443',
        timeout: 2500,
        contentType: 'application/vnd.kubernetes.protobuf',
        qps: 50,
        burst: 100,
        userAgent: 'kubesense-test',
      },
    });
    const c = f.restConfig();
    assert.equal(c.host, 'https://override.example:8443', '--server beats the cluster entry');
    assert.equal(c.tls.insecure, true, 'the rest of the overridden cluster entry still applies');
    assert.equal(f.namespace(), 'team-b');
    assert.equal(f.namespaceExplicit(), true);
    assert.equal(c.timeout, 2500);
    assert.equal(c.contentType, 'application/vnd.kubernetes.protobuf');
    assert.deepEqual([c.qps, c.burst, c.userAgent], [50, 100, 'kubesense-test']);
    assert.throws(
      () => factory({ overrides: { context: 'missing' } }).restConfig(),
      /context "missing" does not exist/,
    );
  });

  it('refuses an exec plugin when the policy says so, without running it', () => {
    fs.rmSync(marker, { force: true });
    const f = factory({ overrides: { context: 'plugin' } });
    assert.throws(
      () => f.restConfig(),
      (e: unknown) => e instanceof ExecPluginUntrustedError && e.command === plugin,
    );
    assert.throws(() => f.discovery(), ExecPluginUntrustedError, 'no client can be built past the refusal');
    assert.equal(fs.existsSync(marker), false, 'the plugin never ran');
  });

  it('runs the exec plugin when the policy allows it', async () => {
    fs.rmSync(marker, { force: true });
    const f = factory({ overrides: { context: 'plugin' }, credentials: { allowExecPlugins: true, env } });
    const source = f.restConfig().credentials;
    assert.ok(source instanceof ExecCredentialSource);
    const cred = await source.get();
    assert.equal(cred.token, 't');
    assert.equal(fs.existsSync(marker), true, 'the plugin ran');
  });
});
