// The explorer tree model against the real test cluster: contexts from merged kubeconfigs, namespaces
// and grouped kinds from discovery, live objects with Table columns, watches while the tree is open.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { runKubectl, waitForCrdsEstablished } from '../../../cluster/kubectl';
import { findClusterEnv, type ClusterEnv } from '../../../cluster/env';
import { seedCluster } from '../../../cluster/seed/seed';
import { deploymentManifest } from '../../../cluster/manifests';
import type { ExplorerNode, KindNode } from '../../../../client/src/model/explorer';
import { FilesWatcher } from '../../../../client/src/model/fileWatch';
import { loadSnapshot } from '../../../../client/src/model/kubeconfigSnapshot';
import { expand, expandUntil, kubectl, labels, openExplorer, tempDir, viewOf, whenTree, type Harness } from './harness';

const env: ClusterEnv | undefined = findClusterEnv();
const ns = `explorer-${process.pid}`;
const cleanups: (() => Promise<void>)[] = [];

describe(
  'explorer against the test cluster',
  { skip: env ? false : 'KUBESENSE_TEST_KUBECONFIG not set (run through with-cluster or npm test)' },
  () => {
    let h: Harness;
    const kc = env?.kubeconfig ?? '';

    before(async () => {
      // Pods need the simulated nodes the seed brings (with-cluster --seed has done it already).
      if (process.env.KUBESENSE_TEST_SEEDED !== '1') await seedCluster(kc);
      await kubectl(kc, ['create', 'namespace', ns]);
      h = openExplorer([kc]);
    });
    after(async () => {
      h?.dispose();
      closeIdleConnections();
      for (const cleanup of cleanups) await cleanup().catch(() => undefined);
      await kubectl(kc, ['delete', 'namespace', ns, '--wait=false']).catch(() => undefined);
    });

    test('one node per context, the current one marked, each naming its file', async () => {
      const roots = await h.model.children();
      assert.deepEqual(labels(h.model, roots), ['admin', 'cert-user', 'restricted']);
      const admin = viewOf(h.model, roots, 'admin')!;
      assert.match(admin.description ?? '', /● current/);
      assert.match(admin.description ?? '', new RegExp(path.basename(kc)));
      assert.match(
        admin.tooltip ?? '',
        new RegExp(
          kc
            .replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
            .replace(/\\\//g, '/')
            .split('/')
            .pop()!,
        ),
      );
      assert.doesNotMatch(viewOf(h.model, roots, 'cert-user')!.description ?? '', /current/);
      assert.equal(admin.contextValue, 'kubesense.context.current');
    });

    test('namespaces under a context, then kinds grouped as users expect, cluster-scoped apart', async () => {
      const { children } = await expand(h.model, 'admin');
      const names = labels(h.model, children);
      assert.ok(names.includes(ns), `namespace ${ns} listed: ${names.join(', ')}`);
      assert.ok(names.includes('default'));
      // Folders first (what a daily user reaches for, not buried in Cluster → Other), then the namespaces.
      assert.deepEqual(names.slice(0, 5), [
        'All Namespaces',
        'Nodes',
        'Namespaces',
        'Custom Resource Definitions',
        'Cluster',
      ]);
      assert.equal(viewOf(h.model, children, 'default')!.description, 'current');
      // The namespace is still empty: show every kind the server offers for this walk through the groups.
      h.model.hideEmptyKinds = false;

      const groups = labels(h.model, (await expand(h.model, 'admin', ns)).children);
      assert.deepEqual(groups.slice(0, 4), ['Workloads', 'Networking', 'Config & Storage', 'Access Control']);
      const workloads = labels(h.model, (await expand(h.model, 'admin', ns, 'Workloads')).children);
      for (const k of ['Pods', 'Deployments', 'StatefulSets', 'DaemonSets', 'Jobs', 'CronJobs', 'ReplicaSets'])
        assert.ok(workloads.includes(k), `${k} in Workloads: ${workloads}`);
      const config = labels(h.model, (await expand(h.model, 'admin', ns, 'Config & Storage')).children);
      assert.ok(
        config.includes('ConfigMaps') && config.includes('Secrets') && config.includes('PersistentVolumeClaims'),
      );
      assert.ok(!config.includes('PersistentVolumes'), 'cluster-scoped PersistentVolumes are not under a namespace');

      const clusterGroups = (await expand(h.model, 'admin', 'Cluster')).children;
      const clusterKinds = (await Promise.all(clusterGroups.map((g) => h.model.children(g))))
        .flat()
        .map((k) => h.model.view(k).label);
      for (const k of ['PersistentVolumes', 'ClusterRoles', 'StorageClasses'])
        assert.ok(clusterKinds.includes(k), `${k} cluster-scoped: ${clusterKinds}`);
      for (const k of ['Pods', 'Nodes', 'Namespaces', 'CustomResourceDefinitions'])
        assert.ok(!clusterKinds.includes(k), `${k} is not in Cluster: ${clusterKinds}`);
      h.model.hideEmptyKinds = true;
    });

    test('objects show the server Table columns at a glance: pod phase and restarts, ready replicas, service type', async () => {
      // kwok leaves the status of pods annotated kwok.x-k8s.io/status=custom to us; `waiting`
      // is never scheduled (no such scheduler), so it stays Pending.
      const run = (name: string, ...extra: string[]) =>
        kubectl(kc, ['-n', ns, 'run', name, '--image=registry.k8s.io/pause:3.10', '--restart=Never', ...extra]);
      await run('web', '--annotations=kwok.x-k8s.io/status=custom');
      await run('waiting', '--overrides={"spec":{"schedulerName":"kubesense-none"}}');
      await run('broken', '--annotations=kwok.x-k8s.io/status=custom');
      const started = new Date(Date.now() - 60_000).toISOString();
      await kubectl(kc, [
        '-n',
        ns,
        'patch',
        'pod',
        'web',
        '--subresource=status',
        '--type=merge',
        '-p',
        JSON.stringify({
          status: {
            phase: 'Running',
            conditions: [{ type: 'Ready', status: 'True' }],
            containerStatuses: [
              {
                name: 'web',
                ready: true,
                restartCount: 2,
                image: 'registry.k8s.io/pause:3.10',
                imageID: '',
                started: true,
                state: { running: { startedAt: started } },
              },
            ],
          },
        }),
      ]);
      await kubectl(kc, [
        '-n',
        ns,
        'patch',
        'pod',
        'broken',
        '--subresource=status',
        '--type=merge',
        '-p',
        JSON.stringify({
          status: {
            phase: 'Running',
            containerStatuses: [
              {
                name: 'broken',
                ready: false,
                restartCount: 7,
                image: 'registry.k8s.io/pause:3.10',
                imageID: '',
                state: { waiting: { reason: 'CrashLoopBackOff' } },
              },
            ],
          },
        }),
      ]);
      // The controllers write a Deployment's status: one replica out of three is Ready, because
      // each wants a node to itself and all may only use node-b; the other two stay Pending.
      await kubectl(
        kc,
        ['-n', ns, 'apply', '-f', '-'],
        deploymentManifest({
          name: 'api',
          namespace: ns,
          replicas: 3,
          image: 'registry.k8s.io/pause:3.10',
          podSpec: {
            nodeSelector: { 'kubernetes.io/hostname': 'node-b' },
            affinity: {
              podAntiAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: [
                  { labelSelector: { matchLabels: { app: 'api' } }, topologyKey: 'kubernetes.io/hostname' },
                ],
              },
            },
          },
        }),
      );
      await kubectl(kc, ['-n', ns, 'create', 'service', 'nodeport', 'edge', '--tcp=80:8080']);

      // Workloads has been watched since the first test: the pods and their patched status come by its watch.
      const described = (nodes: ExplorerNode[], name: string, text: RegExp) =>
        text.test(viewOf(h.model, nodes, name)?.description ?? '');
      const pods = (
        await expandUntil(
          h.model,
          ['admin', ns, 'Workloads', 'Pods'],
          (c) =>
            described(c, 'web', / · 2 restarts/) &&
            described(c, 'broken', / · 7 restarts/) &&
            described(c, 'waiting', /./),
          'the three pods with their patched status',
        )
      ).children;
      const web = viewOf(h.model, pods, 'web')!;
      assert.match(web.description!, /^Running · 1\/1 ready · 2 restarts · \d+s$/);
      assert.deepEqual(web.icon, { id: 'pass', color: 'testing.iconPassed' });
      const waiting = viewOf(h.model, pods, 'waiting')!;
      assert.match(waiting.description!, /^Pending · 0\/1 ready · 0 restarts/);
      assert.equal(waiting.icon?.id, 'clock');
      const broken = viewOf(h.model, pods, 'broken')!;
      assert.match(broken.description!, /^CrashLoopBackOff · 0\/1 ready · 7 restarts/);
      assert.equal(broken.icon?.id, 'error');
      assert.match(web.tooltip!, /\| IP \|/, 'wide columns are in the tooltip');

      const { node: deploymentsKind } = await expand(h.model, 'admin', ns, 'Workloads', 'Deployments');
      const api = await whenTree(
        h.model,
        async () => {
          const view = viewOf(h.model, await h.model.children(deploymentsKind), 'api');
          return view && /^1\/3 ready · /.test(view.description ?? '') ? view : undefined;
        },
        'api shows 1/3 ready',
      );
      assert.match(api.description!, /^1\/3 ready · /);
      assert.equal(api.icon?.id, 'warning');
      const services = (
        await expandUntil(
          h.model,
          ['admin', ns, 'Networking', 'Services'],
          (c) => labels(h.model, c).includes('edge'),
          'the Service edge',
        )
      ).children;
      assert.match(viewOf(h.model, services, 'edge')!.description!, /^type NodePort · cluster-ip 10\.\d+\.\d+\.\d+/);
    });

    test('a rollout seen live: the new ReplicaSet appears, its pods go Pending → Running → Ready', async () => {
      const deployment = (image: string) => deploymentManifest({ name: 'rolling', namespace: ns, replicas: 2, image });
      await kubectl(kc, ['-n', ns, 'apply', '-f', '-'], deployment('nginx:1.27'));
      const { node: rsKind } = await expand(h.model, 'admin', ns, 'Workloads', 'ReplicaSets');
      const { node: podKind } = await expand(h.model, 'admin', ns, 'Workloads', 'Pods');
      const rolling = async (kind: ExplorerNode) =>
        (await h.model.children(kind)).map((n) => h.model.view(n)).filter((v) => v.label.startsWith('rolling-'));
      const ready = /^Running · 1\/1 ready/;
      const firstRS = await whenTree(
        h.model,
        async () => {
          const [rs, pods] = [await rolling(rsKind), await rolling(podKind)];
          return rs.length === 1 && pods.length === 2 && pods.every((p) => ready.test(p.description ?? ''))
            ? rs[0].label
            : undefined;
        },
        'the first ReplicaSet with 2 Ready pods',
      );

      // Every description each pod shows, in order, as the tree would re-render them.
      const seen = new Map<string, string[]>();
      const record = async () => {
        for (const p of await rolling(podKind)) {
          const phase = (p.description ?? '').split(' · ').slice(0, 2).join(' · ');
          const list = seen.get(p.label) ?? [];
          if (list[list.length - 1] !== phase) list.push(phase);
          seen.set(p.label, list);
        }
      };
      const sub = h.model.onDidChange(() => void record());
      let newRS = '';
      try {
        await kubectl(kc, ['-n', ns, 'apply', '-f', '-'], deployment('nginx:1.27.3'));
        newRS = await whenTree(
          h.model,
          async () => (await rolling(rsKind)).find((r) => r.label !== firstRS)?.label,
          'a second ReplicaSet appears',
        );
        await whenTree(
          h.model,
          async () => {
            const pods = await rolling(podKind);
            const fresh = pods.filter((p) => p.label.startsWith(`${newRS}-`));
            return pods.length === 2 && fresh.length === 2 && fresh.every((p) => ready.test(p.description ?? ''))
              ? true
              : undefined;
          },
          'the new ReplicaSet’s 2 pods Ready, the old ones gone',
        );
      } finally {
        sub.dispose();
      }
      const fresh = [...seen.entries()].filter(([name]) => name.startsWith(`${newRS}-`));
      assert.equal(fresh.length, 2, `new pods seen: ${JSON.stringify([...seen])}`);
      for (const [name, phases] of fresh) {
        const at = (re: RegExp) => phases.findIndex((p) => re.test(p));
        const pending = at(/^(Pending|ContainerCreating) · 0\/1 ready/);
        const running = at(/^Running · 0\/1 ready/);
        const isReady = at(/^Running · 1\/1 ready/);
        assert.ok(pending >= 0 && running > pending && isReady > running, `${name} went ${phases.join(' → ')}`);
      }
    });

    test('watches keep an open kind live: create, change and delete appear without refresh', async () => {
      await kubectl(kc, ['-n', ns, 'create', 'configmap', 'present', '--from-literal=x=1']);
      const { node, children } = await expandUntil(
        h.model,
        ['admin', ns, 'Config & Storage', 'ConfigMaps'],
        (c) => labels(h.model, c).includes('present'),
        'the ConfigMap present',
      );
      assert.ok(labels(h.model, children).includes('present'));
      const kind = node as KindNode;
      const watchesBefore = h.model.activeWatchCount();

      await kubectl(kc, ['-n', ns, 'create', 'configmap', 'live-1', '--from-literal=a=1']);
      await whenTree(
        h.model,
        async () => (labels(h.model, await h.model.children(kind)).includes('live-1') ? true : undefined),
        'live-1 appears',
      );
      const before = viewOf(h.model, await h.model.children(kind), 'live-1')!.description!;
      assert.match(before, /^data 1 · /);

      await kubectl(kc, [
        '-n',
        ns,
        'create',
        'configmap',
        'live-1',
        '--from-literal=a=1',
        '--from-literal=b=2',
        '--dry-run=client',
        '-o',
        'yaml',
      ]).then((yaml) => kubectl(kc, ['-n', ns, 'apply', '-f', '-'], yaml));
      await whenTree(
        h.model,
        async () =>
          /^data 2 · /.test(viewOf(h.model, await h.model.children(kind), 'live-1')?.description ?? '')
            ? true
            : undefined,
        'live-1 shows 2 data keys',
      );

      await kubectl(kc, ['-n', ns, 'delete', 'configmap', 'live-1']);
      await whenTree(
        h.model,
        async () => (labels(h.model, await h.model.children(kind)).includes('live-1') ? undefined : true),
        'live-1 disappears',
      );
      assert.equal(h.model.activeWatchCount(), watchesBefore, 'no extra watches were started by the events');

      // Re-rendering for ages fires the open folder, and asks the server nothing.
      const fired: string[] = [];
      const sub = h.model.onDidChange((n) => fired.push(n?.id ?? '<root>'));
      h.model.refreshAges();
      sub.dispose();
      assert.ok(fired.includes(kind.id), `the open ConfigMaps folder re-renders: ${fired.join(', ')}`);

      // The kind's list also counts its objects for the folder around it: collapsing that folder stops it.
      h.model.collapsed(node);
      assert.equal(h.model.activeWatchCount(), watchesBefore, 'a collapsed kind still counts its objects');
      h.model.collapsed(h.model.parentOf(node)!);
      assert.ok(h.model.activeWatchCount() < watchesBefore, 'collapsing the folder stops the kind watch');
      assert.equal(h.model.listFor(kind), undefined);
      // Hiding the view stops every watch; expanding again starts them afresh.
      await h.model.children(kind);
      assert.ok(h.model.activeWatchCount() > 0);
      h.model.stopAll();
      assert.equal(h.model.activeWatchCount(), 0);
    });

    test('custom resources appear under Custom Resources by group with their printer columns', async () => {
      const crd = fs.readFileSync(
        path.resolve(__dirname, '../../../../../../shared/k8s/crds/kubectl-validate/crds/cert-manager.crds.yaml'),
        'utf8',
      );
      // CRDs are cluster-wide on a shared cluster: remove them afterwards only if this test installed them.
      const existed = (await runKubectl(['get', 'crd', 'certificates.cert-manager.io'], { kubeconfig: kc })).code === 0;
      await kubectl(kc, ['apply', '--server-side', '--force-conflicts', '-f', '-'], crd);
      if (!existed) cleanups.push(() => kubectl(kc, ['delete', '--wait=false', '-f', '-'], crd).then(() => undefined));
      await waitForCrdsEstablished(kc, ['certificates.cert-manager.io']);
      await kubectl(
        kc,
        ['-n', ns, 'apply', '-f', '-'],
        [
          'apiVersion: cert-manager.io/v1',
          'kind: Certificate',
          'metadata: {name: site}',
          'spec: {secretName: site-tls, dnsNames: [example.com], issuerRef: {name: letsencrypt, kind: ClusterIssuer}}',
        ].join('\n'),
      );
      h.model.refresh((await expand(h.model, 'admin', ns)).node);
      const groups = (await expand(h.model, 'admin', ns, 'Custom Resources')).children;
      assert.ok(labels(h.model, groups).includes('cert-manager.io'), labels(h.model, groups).join(','));
      const certs = (await expand(h.model, 'admin', ns, 'Custom Resources', 'cert-manager.io', 'Certificates'))
        .children;
      const site = viewOf(h.model, certs, 'site')!;
      // cert-manager's printer columns: Ready, Secret, Issuer, Status, Age (Secret shows in the glance).
      assert.match(site.description!, /site-tls/);
      assert.match(site.tooltip!, /\| Issuer \| letsencrypt \|/);
    });

    test('a user without namespace-list rights gets their namespace and a Forbidden item that says what was denied', async () => {
      const { children } = await expand(h.model, 'restricted');
      const names = labels(h.model, children);
      assert.deepEqual(names, [
        'All Namespaces',
        'Nodes',
        'Namespaces',
        'Custom Resource Definitions',
        'Cluster',
        'team-a',
        'Forbidden: cannot list namespaces at cluster scope',
      ]);
      const forbidden = children[6]!;
      assert.equal(h.model.view(forbidden).contextValue, 'kubesense.error.forbidden');
      assert.equal(h.model.view(forbidden).command?.command, 'kubesense.explorer.retry');
      assert.match(h.model.view(forbidden).tooltip ?? '', /kubesense-restricted/);

      const nodes = (await expand(h.model, 'restricted', 'Nodes')).children;
      assert.deepEqual(labels(h.model, nodes), ['Forbidden: cannot list nodes at cluster scope']);
      h.model.hideEmptyKinds = false;
      const configMaps = (await expand(h.model, 'restricted', 'team-a', 'Config & Storage', 'ConfigMaps')).children;
      assert.ok(
        configMaps.every((n) => n.type !== 'message' || !n.failure),
        'allowed kinds list normally',
      );
      h.model.hideEmptyKinds = true;
    });

    test('kubeconfig changes on disk are followed: a second KUBECONFIG file adds contexts, the first file wins', async () => {
      const dir = tempDir('kubesense-explorer-kc-');
      const second = path.join(dir, 'second.yaml');
      const loaded = loadSnapshot([kc]);
      const admin = loaded.contexts.find((c) => c.name === 'admin')!;
      const write = (contexts: string[]) =>
        fs.writeFileSync(
          second,
          [
            'apiVersion: v1',
            'kind: Config',
            'current-context: other',
            'contexts:',
            ...contexts.flatMap((n) => [
              `- name: ${n}`,
              '  context:',
              `    cluster: ${admin.cluster}`,
              `    user: ${admin.user}`,
              '    namespace: shadow',
            ]),
            '',
          ].join('\n'),
        );
      write(['admin', 'extra']);
      const files = [kc, second];
      const h2 = openExplorer(files);
      try {
        let snap = h2.snapshot;
        const roots = await h2.model.children();
        assert.deepEqual(labels(h2.model, roots), ['admin', 'cert-user', 'extra', 'restricted']);
        assert.equal(snap.contexts.find((c) => c.name === 'admin')!.file, kc, 'first file wins the admin entry');
        assert.equal(snap.contexts.find((c) => c.name === 'extra')!.file, second);
        assert.match(viewOf(h2.model, roots, 'extra')!.description!, /second\.yaml/);
        assert.equal(snap.currentContext, 'admin', 'first non-empty current-context wins');

        const changed = new Promise<void>((resolve) => {
          const watcher = new FilesWatcher(() => {
            snap = loadSnapshot(files);
            if (!snap.contexts.some((c) => c.name === 'later')) return;
            watcher.close();
            h2.model.setKubeconfig(snap);
            resolve();
          });
          watcher.watch(snap.watchPaths);
        });
        write(['admin', 'extra', 'later']);
        await changed;
        assert.ok(labels(h2.model, await h2.model.children()).includes('later'));
      } finally {
        h2.dispose();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('exec credential plugins: found on the login-shell PATH, missing ones named with the PATH searched, blocked when untrusted', async () => {
      const dir = tempDir('kubesense-explorer-exec-');
      try {
        const loaded = loadSnapshot([kc]).loaded!;
        const token = loaded.config.authInfos.get('admin')!.token;
        const binDir = path.join(dir, 'login-bin');
        fs.mkdirSync(binDir);
        // A real exec plugin: prints an ExecCredential with the admin token (kept out of every log).
        const plugin = path.join(binDir, 'kubesense-test-auth');
        fs.writeFileSync(
          plugin,
          `#!/bin/sh\nprintf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${token}"}}'\n`,
          { mode: 0o755 },
        );
        // A plugin whose login has lapsed: it still answers, but with a token the server refuses.
        fs.writeFileSync(
          path.join(binDir, 'kubesense-stale-auth'),
          `#!/bin/sh\nprintf '%s' '{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"stale-token-0000"}}'\n`,
          { mode: 0o755 },
        );
        const server = loaded.config.clusters.get('kubesense-test')!;
        const ca = server.certificateAuthorityData.toString('base64');
        const file = path.join(dir, 'config');
        const user = (cmd: string) =>
          `  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1\n      command: ${cmd}\n      interactiveMode: Never\n`;
        fs.writeFileSync(
          file,
          [
            'apiVersion: v1',
            'kind: Config',
            'current-context: via-plugin',
            'clusters:',
            '- name: c',
            '  cluster:',
            `    server: ${server.server}`,
            `    certificate-authority-data: ${ca}`,
            'users:',
            '- name: plugin',
            user('kubesense-test-auth'),
            '- name: missing',
            user('kubesense-no-such-plugin'),
            '- name: stale',
            user('kubesense-stale-auth'),
            'contexts:',
            '- name: via-plugin',
            '  context: {cluster: c, user: plugin}',
            '- name: missing-plugin',
            '  context: {cluster: c, user: missing}',
            '- name: stale-login',
            '  context: {cluster: c, user: stale}',
            '',
          ].join('\n'),
        );

        const loginPath = `${binDir}:/usr/bin:/bin`;
        const trusted = openExplorer([file], { allowExec: true, execPath: loginPath });
        try {
          const ok = labels(trusted.model, (await expand(trusted.model, 'via-plugin')).children);
          assert.ok(ok.includes('default'), `plugin found on the login-shell PATH: ${ok.join(', ')}`);
          const missing = (await expand(trusted.model, 'missing-plugin')).children;
          assert.equal(missing.length, 1);
          const v = trusted.model.view(missing[0]!);
          assert.equal(v.label, 'Exec plugin not found: kubesense-no-such-plugin');
          assert.ok(v.tooltip!.includes(binDir), 'the tooltip names the PATH searched');
          assert.equal(v.contextValue, 'kubesense.error.execPluginNotFound');
          const stale = (await expand(trusted.model, 'stale-login')).children;
          assert.deepEqual(labels(trusted.model, stale), [
            'Credentials expired or rejected: log in again (kubesense-stale-auth)',
          ]);
          assert.equal(trusted.model.view(stale[0]!).contextValue, 'kubesense.error.expired');
          assert.ok(!trusted.logs.join('\n').includes(token!), 'the token never reaches the log');
          assert.ok(!trusted.logs.join('\n').includes('stale-token-0000'));
        } finally {
          trusted.dispose();
        }
        const untrusted = openExplorer([file], { allowExec: false, execPath: loginPath });
        try {
          const blocked = (await expand(untrusted.model, 'via-plugin')).children;
          assert.deepEqual(labels(untrusted.model, blocked), ['Exec plugin blocked: workspace not trusted']);
        } finally {
          untrusted.dispose();
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('an unreachable server becomes an error item with Retry, not an exception', async () => {
      const dir = tempDir('kubesense-explorer-down-');
      const file = path.join(dir, 'config');
      // Port 1 on loopback: nothing listens, the connection is refused at once.
      fs.writeFileSync(
        file,
        'apiVersion: v1\nkind: Config\ncurrent-context: down\nclusters:\n- name: down\n  cluster:\n    server: https://127.0.0.1:1\n    insecure-skip-tls-verify: true\nusers:\n- name: u\n  user:\n    token: not-a-secret\ncontexts:\n- name: down\n  context: {cluster: down, user: u}\n',
      );
      const h3 = openExplorer([file]);
      try {
        const { children } = await expand(h3.model, 'down');
        assert.equal(children.length, 1);
        const v = h3.model.view(children[0]!);
        assert.equal(v.label, 'Unreachable: https://127.0.0.1:1 (connection refused)');
        assert.equal(v.contextValue, 'kubesense.error.unreachable');
        assert.equal(v.command?.command, 'kubesense.explorer.retry');
        assert.ok(!h3.logs.join('\n').includes('not-a-secret'), 'the token is never logged');
        // Retry reloads the context: still down, still one error item (not a crash, not duplicated).
        h3.model.refresh(children[0]);
        assert.equal((await h3.model.children((await h3.model.children())[0])).length, 1);
      } finally {
        h3.dispose();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  },
);

export type { ExplorerNode };
