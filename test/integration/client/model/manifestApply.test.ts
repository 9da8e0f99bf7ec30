// The extension's Apply File / Diff with Cluster model (client/src/model/manifestApply.ts) on the real cluster,
// through the same sessions as the tree: every document of a multi-document file, cluster-scoped and custom kinds
// (a CRD created after the session's discovery was cached), conflicts with another manager and Force.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findClusterEnv } from '../../../cluster/env';
import { runKubectl, waitForCrdsEstablished } from '../../../cluster/kubectl';
import { openExplorer, type Harness } from './harness';
import {
  appliedLine,
  applyDocuments,
  conflictSummary,
  describeDocument,
  diffDocument,
  planManifest,
} from '../../../../client/src/model/manifestApply';

const env = findClusterEnv();
const ns = `mapply-${process.pid}`;
const group = `mapply${process.pid}.kubesense.dev`;

const file = (mode: string) => `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: ${mode}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${ns}-viewer
rules: []
---
apiVersion: ${group}/v1
kind: Gizmo
metadata:
  name: g1
spec:
  size: 2
---
apiVersion: v1
kind: NoSuchKind
metadata:
  name: x
`;

describe('manifest apply and diff model on the real cluster', { skip: !env && 'no test cluster' }, () => {
  const kubeconfig = env?.kubeconfig ?? '';
  const k = (args: string[], input?: string) => runKubectl(args, { kubeconfig, input });
  let h: Harness;

  before(async () => {
    assert.equal((await k(['create', 'namespace', ns])).code, 0);
    h = openExplorer([kubeconfig]);
    // Discovery cached before the CRD exists: the mapper must refetch once for the new kind.
    const session = await h.model.session('admin');
    await session.objectMapper()('v1', 'ConfigMap');
    const crd = await k(
      ['apply', '--server-side', '-f', '-'],
      JSON.stringify({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `gizmos.${group}` },
        spec: {
          group,
          scope: 'Namespaced',
          names: { plural: 'gizmos', singular: 'gizmo', kind: 'Gizmo' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
            },
          ],
        },
      }),
    );
    assert.equal(crd.code, 0, crd.stderr);
    await waitForCrdsEstablished(kubeconfig, [`gizmos.${group}`]);
  });

  after(async () => {
    h?.dispose();
    await k(['delete', 'namespace', ns, '--wait=false']);
    await k(['delete', 'clusterrole', `${ns}-viewer`, '--ignore-not-found']);
    await k(['delete', 'crd', `gizmos.${group}`, '--wait=false']);
  });

  test('plans every document: namespace defaulted, cluster-scoped kept cluster-wide, unknown kinds reported', async () => {
    const session = await h.model.session('admin');
    const docs = await planManifest(file('blue'), 'app.yaml', session, ns);
    assert.deepEqual(docs.map(describeDocument), [
      `ConfigMap ${ns}/settings`,
      `ClusterRole ${ns}-viewer`,
      `Gizmo ${ns}/g1`,
      'NoSuchKind x',
    ]);
    assert.equal(docs[1]?.target?.namespace, '');
    assert.match(docs[3]?.error ?? '', /no matches for kind "NoSuchKind"/);
  });

  test('diff before apply is a creation; apply applies the mappable documents; then the diff is unchanged', async () => {
    const session = await h.model.session('admin');
    const docs = (await planManifest(file('blue'), 'app.yaml', session, ns)).slice(0, 3);
    const before = await diffDocument(session, docs[0]!);
    assert.equal(before.exists, false);
    assert.equal(before.live, '');
    assert.match(before.merged, /mode: blue/);

    const outcomes = await applyDocuments(session, docs, {});
    assert.deepEqual(
      outcomes.map((o) => o.ok),
      [true, true, true],
    );
    assert.deepEqual(
      docs.map((d) => appliedLine(d.target!)),
      [
        'configmap/settings serverside-applied',
        `clusterrole.rbac.authorization.k8s.io/${ns}-viewer serverside-applied`,
        `gizmo.${group}/g1 serverside-applied`,
      ],
    );
    for (const doc of docs) assert.equal((await diffDocument(session, doc)).unchanged, true, describeDocument(doc));
    const changed = await planManifest(file('green'), 'app.yaml', session, ns);
    const diff = await diffDocument(session, changed[0]!);
    assert.equal(diff.exists, true);
    assert.equal(diff.unchanged, false);
    assert.match(diff.live, /mode: blue/);
    assert.match(diff.merged, /mode: green/);
    assert.doesNotMatch(diff.merged, /managedFields/);
  });

  test('a field another manager owns: the outcome carries the conflict; force takes it over', async () => {
    const other = await k(
      ['apply', '--server-side', '--force-conflicts', '--field-manager=helm', '-n', ns, '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: red\n',
    );
    assert.equal(other.code, 0, other.stderr);
    const session = await h.model.session('admin');
    const docs = (await planManifest(file('green'), 'app.yaml', session, ns)).slice(0, 1);
    const [refused] = await applyDocuments(session, docs, {});
    assert.equal(refused?.ok, false);
    assert.ok(refused?.conflict);
    assert.equal(conflictSummary(refused.conflict), 'helm owns .data.mode');
    await assert.rejects(diffDocument(session, docs[0]!), /conflict/);
    const forcedDiff = await diffDocument(session, docs[0]!, { force: true });
    assert.match(forcedDiff.live, /mode: red/);
    assert.match(forcedDiff.merged, /mode: green/);
    const [forced] = await applyDocuments(session, docs, { force: true });
    assert.equal(forced?.ok, true);
    const cm = await k(['get', 'configmap', 'settings', '-n', ns, '-o', 'jsonpath={.data.mode}']);
    assert.equal(cm.stdout, 'green');
  });
});
