// Explorer actions against the real cluster: YAML view, describe with events, edit + server-side apply
// (dry-run diff first, conflicts, force), delete seen by the open tree, and context/namespace switches
// written to the kubeconfig byte-for-byte as kubectl writes them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { setContextNamespace, useContext } from '../../../../kube/kubeconfig/modify';
import { isConflict } from '../../../../kube/rest/errors';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { findClusterEnv } from '../../../cluster/env';
import { describeAddress, watchView } from '../../../../client/src/model/describe';
import type { KindNode } from '../../../../client/src/model/explorer';
import type { ExplorerResource } from '../../../../client/src/model/kinds';
import { editableCopy, parseEditedCopy, toYaml } from '../../../../client/src/model/objectYaml';
import { normalizeDescribe } from '../../cli/normalize';
import { expandUntil, kubectl, labels, openExplorer, tempDir, waitUntil, whenTree, type Harness } from './harness';

const env = findClusterEnv();

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/** Equal as kubeconfigs: kubectl adds an empty `preferences: {}` on write, which means nothing. */
function sameKubeconfig(a: string, b: string): boolean {
  const norm = (f: string) => {
    const v = parseYaml(fs.readFileSync(f, 'utf8')) as Record<string, unknown>;
    if (v.preferences && Object.keys(v.preferences as object).length === 0) delete v.preferences;
    return canonical(v);
  };
  return norm(a) === norm(b);
}
const ns = `explorer-actions-${process.pid}`;
const CONFIGMAPS: ExplorerResource = {
  group: '',
  version: 'v1',
  resource: 'configmaps',
  kind: 'ConfigMap',
  namespaced: true,
  verbs: ['get', 'list', 'watch', 'patch', 'delete'],
};
const PODS: ExplorerResource = {
  group: '',
  version: 'v1',
  resource: 'pods',
  kind: 'Pod',
  namespaced: true,
  verbs: ['get', 'list', 'watch'],
};

describe(
  'explorer actions',
  { skip: env ? false : 'KUBESENSE_TEST_KUBECONFIG not set (run through with-cluster or npm test)' },
  () => {
    const kc = env?.kubeconfig ?? '';
    let h: Harness;
    /** A core/v1 Event about an object in the test namespace, first and last seen now. */
    const createEvent = (name: string, involvedObject: object, fields: object) => {
      const now = new Date().toISOString();
      return kubectl(
        kc,
        ['-n', ns, 'create', '-f', '-'],
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Event',
          metadata: { name },
          involvedObject: { namespace: ns, ...involvedObject },
          firstTimestamp: now,
          lastTimestamp: now,
          ...fields,
        }),
      );
    };

    before(async () => {
      await kubectl(kc, ['create', 'namespace', ns]);
      h = openExplorer([kc]);
    });
    after(async () => {
      h?.dispose();
      closeIdleConnections();
      await kubectl(kc, ['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
    });

    test('open as YAML: the live object, kubectl-style', async () => {
      await kubectl(kc, ['-n', ns, 'create', 'configmap', 'settings', '--from-literal=mode=fast']);
      const session = await h.model.session('admin');
      const text = toYaml(await session.getObject(CONFIGMAPS, ns, 'settings'));
      assert.match(text, /^apiVersion: v1\ndata:\n  mode: fast\nkind: ConfigMap\nmetadata:\n/);
      assert.match(text, new RegExp(`  namespace: ${ns}\\n`));
    });

    test('describe: a readable summary with the object events', async () => {
      await kubectl(kc, [
        '-n',
        ns,
        'run',
        'worker',
        '--image=registry.k8s.io/pause:3.10',
        '--restart=Never',
        '--labels=app=worker',
        // No scheduler takes it, so no kubelet or scheduler adds events of its own: the
        // one event below is all there is.
        '--overrides={"spec":{"schedulerName":"kubesense-none"}}',
      ]);
      const session = await h.model.session('admin');
      const pod = await session.getObject(PODS, ns, 'worker');
      const uid = String(pod.metadata?.uid);
      await createEvent(
        'worker.backoff',
        { apiVersion: 'v1', kind: 'Pod', name: 'worker', uid },
        {
          type: 'Warning',
          reason: 'BackOff',
          message: 'Back-off restarting failed container',
          source: { component: 'kubelet' },
          count: 3,
        },
      );
      const events = await session.events(ns, uid);
      assert.equal(events.length, 1);
      const address = { context: 'admin', group: '', version: 'v1', resource: 'pods', namespace: ns, name: 'worker' };
      // The explorer's Describe view is kubectl describe's text (the same describers as `kubesense describe`).
      const [text, reference] = [
        await describeAddress(session.client, address),
        await kubectl(kc, ['-n', ns, 'describe', 'pod', 'worker']),
      ];
      assert.equal(normalizeDescribe(text), normalizeDescribe(reference));
      assert.match(text, /^Name:\s+worker\nNamespace:\s+explorer-actions-\d+\n/);
      assert.doesNotMatch(text, /Controlled By:\S/);
      assert.match(
        text,
        /\n  Warning  BackOff  \S+ \(x3 over \S+\)\s+kubelet\s+Back-off restarting failed container\n$/,
      );
    });

    test('describe of a Secret shows sizes, never values (as kubectl describe)', async () => {
      await kubectl(kc, ['-n', ns, 'create', 'secret', 'generic', 'db', '--from-literal=password=s3cr3t-value']);
      const session = await h.model.session('admin');
      const address = { context: 'admin', group: '', version: 'v1', resource: 'secrets', namespace: ns, name: 'db' };
      const text = await describeAddress(session.client, address);
      assert.equal(text, await kubectl(kc, ['-n', ns, 'describe', 'secret', 'db']));
      assert.match(text, /\npassword:  12 bytes\n/);
      assert.doesNotMatch(text, /s3cr3t-value|czNjcjN0LXZhbHVl/);
    });

    test('describe and events views are live: a new event or a changed object redraws them until stopped', async () => {
      const session = await h.model.session('admin');
      await kubectl(kc, ['-n', ns, 'create', 'configmap', 'live', '--from-literal=k=v']);
      const address = {
        context: 'admin',
        group: '',
        version: 'v1',
        resource: 'configmaps',
        namespace: ns,
        name: 'live',
      };
      let describeRedraws = 0;
      let eventRedraws = 0;
      const views = [
        watchView(session.client, address, 'describe', () => describeRedraws++, 10),
        watchView(session.client, address, 'events', () => eventRedraws++, 10),
      ];
      try {
        // Nothing changes while nothing changes (the initial lists are not changes).
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(describeRedraws + eventRedraws, 0);
        const uid = String((await session.getObject(CONFIGMAPS, ns, 'live')).metadata?.uid);
        await createEvent(
          'live.reloaded',
          { apiVersion: 'v1', kind: 'ConfigMap', name: 'live', uid },
          {
            type: 'Normal',
            reason: 'Reloaded',
            message: 'configuration reloaded',
            source: { component: 'watcher' },
            count: 1,
          },
        );
        await waitUntil(() => describeRedraws > 0 && eventRedraws > 0, 'a redraw after the new event');
        assert.match(
          await describeAddress(session.client, address),
          /\n  Normal  Reloaded  \S+\s+watcher  configuration reloaded\n$/,
        );
        const before = describeRedraws;
        await kubectl(kc, ['-n', ns, 'label', 'configmap', 'live', 'tier=gold']);
        await waitUntil(() => describeRedraws > before, 'a redraw after the object changed');
        assert.match(await describeAddress(session.client, address), /\nLabels:\s+tier=gold\n/);
      } finally {
        for (const v of views) v.stop();
      }
      const stopped = describeRedraws + eventRedraws;
      await kubectl(kc, ['-n', ns, 'label', 'configmap', 'live', 'tier=silver', '--overwrite']);
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(describeRedraws + eventRedraws, stopped, 'a stopped view is not redrawn');
    });

    test('edit copy: dry-run shows the change without making it, apply makes it as field manager kubesense', async () => {
      const session = await h.model.session('admin');
      const live = await session.getObject(CONFIGMAPS, ns, 'settings');
      const copyText = toYaml(editableCopy(live));
      assert.doesNotMatch(copyText, /managedFields|resourceVersion|uid:|creationTimestamp/);
      const edited = parseEditedCopy(copyText.replace('mode: fast', 'mode: safe'), {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: 'settings',
        namespace: ns,
      });
      // `kubectl create` owns data.mode: even the dry-run reports the conflict instead of silently taking it over.
      await assert.rejects(
        () => session.apply(CONFIGMAPS, ns, edited, { dryRun: true, force: false }),
        (err) => isConflict(err),
      );
      const dry = await session.apply(CONFIGMAPS, ns, edited, { dryRun: true, force: true });
      assert.equal((dry.data as Record<string, string>).mode, 'safe');
      assert.equal(
        ((await session.getObject(CONFIGMAPS, ns, 'settings')).data as Record<string, string>).mode,
        'fast',
        'dry-run changed nothing',
      );
      await session.apply(CONFIGMAPS, ns, edited, { dryRun: false, force: true });
      const after = await session.getObject(CONFIGMAPS, ns, 'settings');
      assert.equal((after.data as Record<string, string>).mode, 'safe');
      const managers = (after.metadata?.managedFields as { manager: string; operation: string }[]).map(
        (m) => `${m.manager}/${m.operation}`,
      );
      assert.ok(managers.includes('kubesense/Apply'), managers.join(', '));
      assert.throws(
        () =>
          parseEditedCopy(copyText.replace('name: settings', 'name: other'), {
            apiVersion: 'v1',
            kind: 'ConfigMap',
            name: 'settings',
            namespace: ns,
          }),
        /metadata\.name changed from "settings" to "other"/,
      );
    });

    test('delete removes the object and the open tree follows through its watch', async () => {
      await kubectl(kc, ['-n', ns, 'create', 'configmap', 'doomed']);
      const { node, children } = await expandUntil(
        h.model,
        ['admin', ns, 'Config & Storage', 'ConfigMaps'],
        (c) => labels(h.model, c).includes('doomed'),
        'the ConfigMap doomed',
      );
      assert.ok(labels(h.model, children).includes('doomed'));
      const session = await h.model.session('admin');
      await session.deleteObject(CONFIGMAPS, ns, 'doomed');
      await whenTree(
        h.model,
        async () => (labels(h.model, await h.model.children(node as KindNode)).includes('doomed') ? undefined : true),
        'doomed leaves the tree',
      );
    });

    test('switching context and namespace writes the kubeconfig exactly as kubectl does', async () => {
      const dir = tempDir('kubesense-explorer-switch-');
      try {
        const ours = path.join(dir, 'ours');
        const theirs = path.join(dir, 'theirs');
        fs.copyFileSync(kc, ours);
        fs.copyFileSync(kc, theirs);
        useContext({ env: { ...process.env, KUBECONFIG: ours } }, 'cert-user');
        await kubectl(theirs, ['config', 'use-context', 'cert-user']);
        setContextNamespace({ env: { ...process.env, KUBECONFIG: ours } }, undefined, 'team-a');
        await kubectl(theirs, ['config', 'set-context', '--current', '--namespace=team-a']);
        // Same content as kubectl's write; the file keeps its own layout and comments (comment-preserving edit).
        assert.ok(
          sameKubeconfig(ours, theirs),
          'kubeconfig content equals what kubectl wrote (contents not printed: they hold credentials)',
        );
        const h2 = openExplorer([ours]);
        try {
          assert.equal(h2.model.effectiveContext()?.name, 'cert-user');
          assert.equal(h2.model.effectiveNamespace('cert-user'), 'team-a');
          // Editor-only choice: the model follows it, the file does not change.
          h2.model.selection.context = 'admin';
          h2.model.selection.namespaces.set('admin', ns);
          assert.equal(h2.model.effectiveContext()?.name, 'admin');
          assert.equal(h2.model.effectiveNamespace('admin'), ns);
          assert.ok(sameKubeconfig(ours, theirs), 'editor-only choices do not touch the file');
          const roots = await h2.model.children();
          assert.match(h2.model.view(roots.find((r) => h2.model.view(r).label === 'admin')!).description!, /editor/);
        } finally {
          h2.dispose();
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);
