// The read-only YAML view against the real cluster and the reference kubectl: what `kubectl get -o yaml` shows
// (managedFields hidden since kubectl 1.21), and with "Show Managed Fields" what `--show-managed-fields` shows.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { findClusterEnv } from '../../../cluster/env';
import type { ExplorerResource } from '../../../../client/src/model/kinds';
import { objectViewYaml } from '../../../../client/src/model/objectYaml';
import { kubectl, openExplorer, type Harness } from './harness';

const env = findClusterEnv();
const ns = `yaml-view-${process.pid}`;
const DEPLOYMENTS: ExplorerResource = {
  group: 'apps',
  version: 'v1',
  resource: 'deployments',
  kind: 'Deployment',
  namespaced: true,
  verbs: ['get', 'list', 'watch', 'patch'],
};
const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns}
spec:
  replicas: 1
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: registry.k8s.io/pause:3.10
`;

describe('read-only YAML view', { skip: env ? false : 'KUBESENSE_TEST_KUBECONFIG not set' }, () => {
  const kc = env?.kubeconfig ?? '';
  let h: Harness;

  before(async () => {
    await kubectl(kc, ['create', 'namespace', ns]);
    // Two field managers (server-side apply, then a scale): managedFields is long, as on real clusters.
    await kubectl(kc, ['apply', '--server-side', '-f', '-'], MANIFEST);
    await kubectl(kc, ['-n', ns, 'scale', 'deployment/web', '--replicas=2']);
    h = openExplorer([kc]);
  });
  after(async () => {
    h?.dispose();
    closeIdleConnections();
    await kubectl(kc, ['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
  });

  /**
   * The object as the explorer reads it and as kubectl prints it, at the same resourceVersion: the controllers and
   * kubelets of the living test cluster keep updating the Deployment's status, so two reads may see two versions.
   */
  async function bothAtOneVersion(kubectlArgs: string[]) {
    const session = await h.model.session('admin');
    for (let attempt = 0; ; attempt++) {
      const object = await session.getObject(DEPLOYMENTS, ns, 'web');
      const reference = await kubectl(kc, ['-n', ns, 'get', 'deployment', 'web', '-o', 'yaml', ...kubectlArgs]);
      const rv = (parseYaml(reference) as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion;
      if (rv === object.metadata?.resourceVersion || attempt >= 20) return { object, reference };
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  test('hides managedFields by default, like kubectl get -o yaml', async () => {
    const { object, reference } = await bothAtOneVersion([]);
    assert.ok(Array.isArray(object.metadata?.managedFields) && object.metadata.managedFields.length >= 2);
    const view = objectViewYaml(object);
    assert.doesNotMatch(view, /managedFields/);
    assert.deepEqual(parseYaml(view), parseYaml(reference));
    // The object itself is untouched: the editable copy and the apply diff still read it.
    assert.ok(object.metadata?.managedFields);
  });

  test('Show Managed Fields shows what kubectl --show-managed-fields shows', async () => {
    const { object, reference } = await bothAtOneVersion(['--show-managed-fields']);
    const view = objectViewYaml(object, { showManagedFields: true });
    assert.match(view, /^ {2}managedFields:$/m);
    assert.deepEqual(parseYaml(view), parseYaml(reference));
  });
});
