// kubeconfig → RestConfig → real kube-apiserver: every auth method of the test cluster's kubeconfig works, and an
// exec plugin whose first token the server rejects (a real 401) is run again and the request succeeds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clusterEnv } from '../../../cluster/env';
import { loadKubeconfig } from '../../../../kube/kubeconfig/loader';
import { resolveRestConfig } from '../../../../kube/kubeconfig/clientConfig';
import { RESTClient } from '../../../../kube/rest/client';
import { isForbidden } from '../../../../kube/rest/errors';

const core = { group: '', version: 'v1' };

test('each context of the test kubeconfig authenticates as its user', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const loaded = loadKubeconfig({ explicitPath: env.kubeconfig });
  for (const context of ['admin', 'cert-user']) {
    const config = resolveRestConfig(loaded, { context }, { allowExecPlugins: false });
    const list = await new RESTClient(config, { groupVersion: core })
      .get()
      .resource('namespaces')
      .do<{ items: unknown[] }>();
    assert.ok(list.items.length > 0, `${context} lists namespaces`);
  }
  const restricted = resolveRestConfig(loaded, { context: 'restricted' }, { allowExecPlugins: false });
  assert.equal(restricted.namespace, 'team-a');
  await assert.rejects(
    new RESTClient(restricted, { groupVersion: core }).get().resource('namespaces').do(),
    (e: unknown) => isForbidden(e),
  );
  // --namespace override wins over the context's namespace.
  assert.equal(
    resolveRestConfig(loaded, { context: 'restricted', namespace: 'other' }, { allowExecPlugins: false }).namespace,
    'other',
  );
});

test('exec plugin: a token the server rejects with 401 is refreshed by running the plugin again', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const admin = loadKubeconfig({ explicitPath: env.kubeconfig }).config;
  const adminUser = admin.authInfos.get(admin.contexts.get('admin')!.authInfo)!;
  assert.ok(adminUser.token, 'the admin context uses a bearer token');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-exec-401-'));
  const tokenFile = path.join(dir, 'good-token');
  fs.writeFileSync(tokenFile, adminUser.token, { mode: 0o600 });
  const counter = path.join(dir, 'runs');
  fs.writeFileSync(counter, '0');
  // First run: a token the server does not know. Later runs: the real one.
  fs.writeFileSync(
    path.join(dir, 'plugin'),
    `#!/bin/sh
n=$(cat ${counter}); n=$((n+1)); echo $n > ${counter}
if [ "$n" = 1 ]; then tok=stale-token; else tok=$(cat ${tokenFile}); fi
printf '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"%s"}}' "$tok"
`,
    { mode: 0o755 },
  );
  const cluster = admin.clusters.get(admin.contexts.get('admin')!.cluster)!;
  const kc = path.join(dir, 'kubeconfig');
  fs.writeFileSync(
    kc,
    `apiVersion: v1
kind: Config
current-context: exec
clusters:
- name: c
  cluster:
    server: ${cluster.server}
    certificate-authority-data: ${cluster.certificateAuthorityData.toString('base64')}
users:
- name: exec-user
  user:
    exec:
      apiVersion: client.authentication.k8s.io/v1
      command: ./plugin
      interactiveMode: Never
contexts:
- name: exec
  context: {cluster: c, user: exec-user}
`,
  );
  const config = resolveRestConfig(
    loadKubeconfig({ explicitPath: kc }),
    {},
    { allowExecPlugins: true, execIO: { stderr: { write: () => true } } },
  );
  const list = await new RESTClient(config, { groupVersion: core })
    .get()
    .resource('namespaces')
    .do<{ items: unknown[] }>();
  assert.ok(list.items.length > 0);
  assert.equal(fs.readFileSync(counter, 'utf8').trim(), '2', 'the plugin ran once more after the 401');
});
