// kube/factory against the real API server: the clients it builds answer, the REST mapper's refetch-on-miss rule
// (kubectl's for a command, every miss for a long-lived process), and the credential policy on a real exec plugin.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { findClusterEnv, type ClusterEnv } from '../../../cluster/env';
import { discoveryCacheDirFor } from '../../../../kube/discovery';
import { ClientFactory, type FactoryOptions } from '../../../../kube/factory';
import { ExecPluginUntrustedError, loadKubeconfig } from '../../../../kube/kubeconfig';
import { isNoMatchError } from '../../../../kube/mapper';
import { createServedCRD, NO_CLUSTER } from '../rest/support';

describe('ClientFactory against the test cluster', () => {
  let env: ClusterEnv | undefined;
  let tmp = '';
  const factory = (options: Partial<FactoryOptions> = {}) =>
    new ClientFactory({
      kubeconfig: { explicitPath: env!.kubeconfig },
      credentials: { allowExecPlugins: false },
      cacheDir: path.join(tmp, 'cache'),
      ...options,
    });

  before(() => {
    env = findClusterEnv();
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-factory-it-'));
  });
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('builds clients that answer: discovery in kubectl’s cache layout, mapper, dynamic, typed, OpenAPI', async (t) => {
    if (!env) return t.skip(NO_CLUSTER);
    const f = factory();
    const deploy = await f.mappingFor('deploy');
    assert.deepEqual(deploy.resource, { group: 'apps', version: 'v1', resource: 'deployments' });
    assert.equal(deploy.scope, 'namespace');
    const cacheDir = discoveryCacheDirFor(f.restConfig().host, path.join(tmp, 'cache'));
    assert.ok(fs.existsSync(path.join(cacheDir, 'apps', 'v1', 'serverresources.json')), 'discovery cached on disk');
    const namespaces = await f.dynamicClient().resource({ group: '', version: 'v1', resource: 'namespaces' }).list();
    assert.ok(namespaces.items.some((n) => n.metadata?.name === 'default'));
    const typed = await f.clientset();
    assert.equal((await typed.coreV1().namespaces().get('kube-system')).metadata?.name, 'kube-system');
    assert.deepEqual(await f.openAPI().probe(10_000), { state: 'live' });
    assert.ok(f.cachedOpenAPI().hasCachedRoot(), 'the live root was written where the offline fallback reads it');
    assert.equal(f.namespace(), 'default');
  });

  it('refetches discovery on a miss: kubectl’s rule for a command, every miss for a long-lived process', async (t) => {
    if (!env) return t.skip(NO_CLUSTER);
    const group = `factory${process.pid}.kubesense.dev`;
    // Each factory has its own cache: its mapper is built from discovery fetched from the server (fresh).
    const command = factory({ cacheDir: path.join(tmp, 'command') });
    const editor = factory({ cacheDir: path.join(tmp, 'editor'), longLived: true });
    await command.mappingFor('cm');
    await editor.mappingFor('cm');
    const removeCRD = await createServedCRD(command.restConfig(), group, {
      plural: 'gadgets',
      singular: 'gadget',
      kind: 'Gadget',
    });
    try {
      const found = await editor.mappingForObject(`${group}/v1`, 'Gadget');
      assert.deepEqual(found.resource, { group, version: 'v1', resource: 'gadgets' });
      await assert.rejects(
        command.mappingForObject(`${group}/v1`, 'Gadget'),
        (e: unknown) => isNoMatchError(e),
        'kubectl refetches only discovery it read from its cache',
      );
      // A new command over the same (now stale) disk cache refetches once and finds it, as kubectl does.
      const next = factory({ cacheDir: path.join(tmp, 'command') });
      assert.deepEqual((await next.mappingForObject(`${group}/v1`, 'Gadget')).resource.resource, 'gadgets');
    } finally {
      await removeCRD();
    }
  });

  it('runs a real exec plugin only when the credential policy allows it', async (t) => {
    if (!env) return t.skip(NO_CLUSTER);
    const loaded = loadKubeconfig({ explicitPath: env.kubeconfig });
    const admin = loaded.config.authInfos.get('admin');
    const cluster = loaded.config.clusters.get(loaded.config.contexts.get('admin')!.cluster)!;
    assert.ok(admin?.token, 'the test cluster’s admin user has a token');
    // The plugin hands out the admin token (read from a private file, never printed by the test).
    const tokenFile = path.join(tmp, 'token');
    fs.writeFileSync(tokenFile, admin.token, { mode: 0o600 });
    const marker = path.join(tmp, 'plugin-ran');
    const plugin = path.join(tmp, 'plugin.sh');
    fs.writeFileSync(
      plugin,
      `#!/bin/sh\ntouch '${marker}'\nprintf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$(cat '${tokenFile}')"\n`,
      { mode: 0o755 },
    );
    const kubeconfig = path.join(tmp, 'exec-config');
    fs.writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [
          {
            name: 'test',
            cluster: {
              server: cluster.server,
              'certificate-authority-data': cluster.certificateAuthorityData.toString('base64'),
            },
          },
        ],
        users: [
          {
            name: 'exec',
            user: {
              exec: { apiVersion: 'client.authentication.k8s.io/v1', command: plugin, interactiveMode: 'Never' },
            },
          },
        ],
        contexts: [{ name: 'exec', context: { cluster: 'test', user: 'exec' } }],
        'current-context': 'exec',
      }),
      { mode: 0o600 },
    );
    const untrusted = factory({ kubeconfig: { explicitPath: kubeconfig } });
    assert.throws(() => untrusted.dynamicClient(), ExecPluginUntrustedError);
    assert.equal(fs.existsSync(marker), false, 'refused before the plugin ran');
    const trusted = factory({ kubeconfig: { explicitPath: kubeconfig }, credentials: { allowExecPlugins: true } });
    const ns = await trusted
      .dynamicClient()
      .resource({ group: '', version: 'v1', resource: 'namespaces' })
      .get('default');
    assert.equal(ns.metadata?.name, 'default');
    assert.equal(fs.existsSync(marker), true, 'the plugin’s token authenticated the request');
  });
});
