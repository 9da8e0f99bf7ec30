// What a daily user of the tree needs, against the real test cluster: context-level Nodes/Namespaces/CRDs,
// live counts and hidden empty kinds, a name filter, All Namespaces, labeled glance columns, ages that read
// as of now, expansion remembered across a collapse, the namespace picker's list, and Secrets decoded only
// on request. Expected values come from kubectl against the same cluster.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { waitForCrdsEstablished } from '../../../cluster/kubectl';
import { findClusterEnv, type ClusterEnv } from '../../../cluster/env';
import type { ExplorerModel, ExplorerNode, KindNode, ObjectNode } from '../../../../client/src/model/explorer';
import { columnLabel } from '../../../../client/src/model/table';
import { decodeSecretData, decodedSecretDocument } from '../../../../client/src/model/secretData';
import {
  expand,
  expandUntil,
  kubectl,
  labels,
  openExplorer,
  viewOf,
  waitUntil,
  whenTree,
  type Harness,
} from './harness';

const env: ClusterEnv | undefined = findClusterEnv();
const ns = `nav-${process.pid}`;
const ns2 = `nav2-${process.pid}`;
const nodeName = `nav-node-${process.pid}`;
const group = `nav${process.pid}.kubesense.dev`;
const repoRoot = path.resolve(__dirname, '../../../../..');

async function child(model: ExplorerModel, parent: ExplorerNode, label: string): Promise<ExplorerNode> {
  const children = await model.children(parent);
  const found = children.find((c) => model.view(c).label === label);
  if (!found) throw new Error(`no "${label}" under ${model.view(parent).label}: ${labels(model, children).join(', ')}`);
  return found;
}

/** Names kubectl lists for one resource in one namespace (or all with -A). */
async function kubectlNames(kc: string, resource: string, namespace: string | 'all'): Promise<string[]> {
  const scope = namespace === 'all' ? ['-A'] : ['-n', namespace];
  const out = await kubectl(kc, ['get', resource, ...scope, '-o', 'jsonpath={.items[*].metadata.name}']);
  return out.split(/\s+/).filter(Boolean);
}

/**
 * A cluster-wide folder lists what kubectl lists. Other test files create and delete namespaces meanwhile, so the
 * two listings are compared again (the tree follows by its watch) until they agree at one moment, or time runs out.
 */
async function agreesWithKubectl(h: Harness, kc: string, folder: string, resource: string): Promise<string[]> {
  let last: [string[], string[]] = [[], []];
  for (let attempt = 0; attempt < 20; attempt++) {
    const shown = labels(h.model, (await expand(h.model, 'admin', folder)).children);
    const listed = (await kubectlNames(kc, resource, 'all')).sort();
    if (isDeepStrictEqual(shown, listed)) return shown;
    last = [shown, listed];
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.deepEqual(last[0], last[1], `${folder} as kubectl lists ${resource}`);
  return last[0];
}

/** The menu commands of view/item/context whose `viewItem =~ /re/` clause accepts this contextValue. */
function menuCommandsFor(contextValue: string): Set<string> {
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { menus: Record<string, { command: string; when?: string }[]> };
  };
  const out = new Set<string>();
  for (const m of pkg.contributes.menus['view/item/context']!) {
    const re = /viewItem =~ \/(.+?)\/(?=\s|$)/.exec(m.when ?? '')?.[1];
    if (re === undefined) throw new Error(`${m.command}: a view item menu without a viewItem regex`);
    if (new RegExp(re).test(contextValue)) out.add(m.command);
  }
  return out;
}

describe(
  'explorer navigation against the test cluster',
  { skip: env ? false : 'KUBESENSE_TEST_KUBECONFIG not set (run through with-cluster or npm test)' },
  () => {
    let h: Harness;
    let offsetMs = 0;
    const kc = env?.kubeconfig ?? '';

    before(async () => {
      await kubectl(kc, ['create', 'namespace', ns]);
      await kubectl(kc, ['create', 'namespace', ns2]);
      h = openExplorer([kc], { now: () => Date.now() + offsetMs });
    });
    after(async () => {
      h?.dispose();
      closeIdleConnections();
      await kubectl(kc, ['delete', 'namespace', ns, ns2, '--wait=false']).catch(() => undefined);
      await kubectl(kc, ['delete', 'node', nodeName, '--wait=false']).catch(() => undefined);
      await kubectl(kc, ['delete', 'crd', `gadgets.${group}`, '--wait=false']).catch(() => undefined);
    });

    test('Nodes, Namespaces and CRDs sit under the context, not in Cluster → Other; CRD kinds by group', async () => {
      await kubectl(
        kc,
        ['apply', '-f', '-'],
        `apiVersion: v1\nkind: Node\nmetadata: {name: ${nodeName}, labels: {kubesense-test: nav}}\n`,
      );
      const crd = [
        'apiVersion: apiextensions.k8s.io/v1',
        'kind: CustomResourceDefinition',
        `metadata: {name: gadgets.${group}}`,
        'spec:',
        `  group: ${group}`,
        '  scope: Namespaced',
        '  names: {plural: gadgets, singular: gadget, kind: Gadget}',
        '  versions:',
        '  - name: v1',
        '    served: true',
        '    storage: true',
        '    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}',
      ].join('\n');
      await kubectl(kc, ['apply', '-f', '-'], crd);
      await waitForCrdsEstablished(kc, [`gadgets.${group}`]);
      await kubectl(
        kc,
        ['-n', ns, 'apply', '-f', '-'],
        `apiVersion: ${group}/v1\nkind: Gadget\nmetadata: {name: g1}\n`,
      );
      h.model.refresh();

      const nodes = await agreesWithKubectl(h, kc, 'Nodes', 'nodes');
      assert.ok(nodes.includes(nodeName));
      assert.ok((await agreesWithKubectl(h, kc, 'Namespaces', 'namespaces')).includes(ns));
      assert.ok((await agreesWithKubectl(h, kc, 'Custom Resource Definitions', 'crd')).includes(`gadgets.${group}`));

      const clusterFolders = (await expand(h.model, 'admin', 'Cluster')).children;
      const clusterKinds = (await Promise.all(clusterFolders.map((g) => h.model.children(g)))).flat();
      for (const k of ['Nodes', 'Namespaces', 'CustomResourceDefinitions', 'Custom Resource Definitions'])
        assert.ok(!labels(h.model, clusterKinds).includes(k), `${k} is not repeated under Cluster`);

      // A CRD's kind: Custom Resources → its API group → its kind, with the object in it.
      const gadgets = await expand(h.model, 'admin', ns, 'Custom Resources', group, 'Gadgets');
      assert.deepEqual(labels(h.model, gadgets.children), ['g1']);
    });

    test('kind folders count their objects live and leave out empty kinds (as kubectl counts them)', async () => {
      const config = (await expand(h.model, 'admin', ns, 'Config & Storage')).node;
      const shownKinds = async () => {
        const kinds = (await h.model.children(config)).filter((k): k is KindNode => k.type === 'kind');
        return new Map(kinds.map((k) => [h.model.view(k).label, k]));
      };
      const countOf = async (resource: string) => (await kubectlNames(kc, resource, ns)).length;

      await kubectl(kc, ['-n', ns, 'create', 'configmap', 'one', '--from-literal=a=1']);
      await whenTree(h.model, async () => ((await shownKinds()).has('ConfigMaps') ? true : undefined), 'ConfigMaps');
      const configMaps = (await shownKinds()).get('ConfigMaps')!;
      await kubectl(kc, ['-n', ns, 'create', 'configmap', 'two', '--from-literal=a=1']);
      // The folder is not expanded: its description still follows the cluster.
      await whenTree(
        h.model,
        async () => (h.model.view(configMaps).description === `${await countOf('configmaps')} · v1` ? true : undefined),
        'ConfigMaps counts 2 without being expanded',
      );

      // Every kind shown has objects per kubectl; every kind left out has none.
      h.model.hideEmptyKinds = false;
      const all = await shownKinds();
      h.model.hideEmptyKinds = true;
      const shown = await shownKinds();
      assert.ok(all.size > shown.size, `some kinds are empty here: ${[...all.keys()].join(', ')}`);
      for (const [label, kind] of all) {
        const n = await countOf(`${kind.resource.resource}${kind.resource.group ? '.' + kind.resource.group : ''}`);
        assert.equal(shown.has(label), n > 0, `${label}: ${n} objects per kubectl`);
        if (n > 0) assert.match(h.model.view(kind).description ?? '', new RegExp(`^${n} · `));
      }

      // A namespace with nothing in a group says so instead of showing an empty folder.
      const emptyWorkloads = (await expand(h.model, 'admin', ns2, 'Workloads')).children;
      assert.match(h.model.view(emptyWorkloads[0]!).label, /^No objects in nav2-\d+ \(\d+ empty kinds hidden\)$/);
      await kubectl(kc, ['-n', ns2, 'run', 'late', '--image=registry.k8s.io/pause:3.10', '--restart=Never']);
      const workloads = (await expand(h.model, 'admin', ns2)).children.find(
        (c) => h.model.view(c).label === 'Workloads',
      )!;
      await whenTree(
        h.model,
        async () => (labels(h.model, await h.model.children(workloads)).includes('Pods') ? true : undefined),
        'Pods appears in Workloads once a pod exists',
      );
    });

    test('the filter keeps objects whose name contains the text, with counts "shown of total"', async () => {
      for (const name of ['web-1', 'web-2', 'api-1'])
        await kubectl(kc, ['-n', ns, 'run', name, '--image=registry.k8s.io/pause:3.10', '--restart=Never']);
      const { node: pods } = await expand(h.model, 'admin', ns, 'Workloads', 'Pods');
      await whenTree(
        h.model,
        async () => ((await h.model.children(pods)).length === 3 ? true : undefined),
        'three pods',
      );
      h.model.setFilter('WEB');
      try {
        assert.equal(h.model.filter, 'WEB');
        assert.deepEqual(labels(h.model, await h.model.children(pods)), ['web-1', 'web-2']);
        assert.equal(h.model.view(pods).description, '2 of 3 · v1');
        // Kinds without a matching name leave the folder while the filter is set.
        const config = labels(h.model, (await expand(h.model, 'admin', ns, 'Config & Storage')).children);
        assert.deepEqual(config, [`No names containing "WEB" in ${ns}`]);
      } finally {
        h.model.setFilter('');
      }
      assert.deepEqual(labels(h.model, await h.model.children(pods)), ['api-1', 'web-1', 'web-2']);
      assert.equal(h.model.view(pods).description, '3 · v1');
    });

    test('All Namespaces lists objects of every namespace, each naming its namespace', async () => {
      await kubectl(kc, ['-n', ns, 'create', 'configmap', 'same', '--from-literal=a=1']);
      await kubectl(kc, ['-n', ns2, 'create', 'configmap', 'same', '--from-literal=a=1']);
      const { children } = await expandUntil(
        h.model,
        ['admin', 'All Namespaces', 'Config & Storage', 'ConfigMaps'],
        (nodes) => labels(h.model, nodes).filter((l) => l === 'same').length === 2,
        'both ConfigMaps named same',
      );
      const rows = children.filter((c): c is ObjectNode => c.type === 'object');
      // Other suites create ConfigMaps in their own namespaces meanwhile: compare this test's namespaces only.
      for (const n of [ns, ns2]) {
        const inTree = rows.filter((r) => h.model.view(r).description?.startsWith(`ns ${n} · `));
        assert.deepEqual(
          inTree.map((r) => h.model.view(r).label).sort(),
          (await kubectlNames(kc, 'configmaps', n)).sort(),
          n,
        );
      }
      const same = rows.filter((r) => h.model.view(r).label === 'same').map((r) => h.model.view(r).description);
      assert.equal(same.length, 2);
      assert.match(same.find((d) => d?.startsWith(`ns ${ns} · `)) ?? '', /^ns nav-\d+ · data 1 · /);
      assert.match(same.find((d) => d?.startsWith(`ns ${ns2} · `)) ?? '', /^ns nav2-\d+ · data 1 · /);
    });

    test('CronJob and Job rows label each value with its kubectl column', async () => {
      await kubectl(kc, [
        '-n',
        ns,
        'create',
        'cronjob',
        'nightly',
        '--image=registry.k8s.io/pause:3.10',
        '--schedule=0 0 * * *',
      ]);
      await kubectl(kc, ['-n', ns, 'create', 'job', 'once', '--image=registry.k8s.io/pause:3.10']);
      // Workloads is watched since an earlier test: the new objects (and the kinds they unhide) come by its watches.
      const shows = (kindLabel: string, name: string) =>
        expandUntil(h.model, ['admin', ns, 'Workloads', kindLabel], (c) => labels(h.model, c).includes(name), name);
      const cron = await shows('CronJobs', 'nightly');
      const nightly = viewOf(h.model, cron.children, 'nightly')!;
      assert.match(nightly.description!, /^schedule 0 0 \* \* \* · suspend False · active 0 · \d+s$/);
      for (const [kindLabel, name] of [
        ['CronJobs', 'nightly'],
        ['Jobs', 'once'],
      ]) {
        const { node, children } = await shows(kindLabel!, name!);
        const columns = h.model.listFor(node as KindNode)!.columns;
        const headers = columns.map((c) => columnLabel(c.name));
        for (const obj of children) {
          const row = h.model.rowOf(obj as ObjectNode)!;
          const status = columns.findIndex((c) => c.name === 'Status');
          const parts = h.model.view(obj).description!.split(' · ');
          parts.pop(); // the age
          if (status >= 0 && parts[0] === String(row.cells[status])) parts.shift();
          for (const part of parts)
            assert.ok(
              headers.some((h) => part.startsWith(`${h} `)),
              `"${part}" of ${row.name} names its column (${headers.join(', ')})`,
            );
        }
      }
    });

    test('ages in descriptions and tooltips read as of when they are shown, not when listed', async () => {
      await kubectl(kc, ['-n', ns, 'run', 'aging', '--image=registry.k8s.io/pause:3.10', '--restart=Never']);
      const { children } = await expandUntil(
        h.model,
        ['admin', ns, 'Workloads', 'Pods'],
        (c) => labels(h.model, c).includes('aging'),
        'the pod aging',
      );
      const pod = children.find((c) => h.model.view(c).label === 'aging')!;
      assert.match(h.model.view(pod).tooltip!, /\| Age \| \d+s \|/);
      offsetMs = 3 * 3600_000;
      try {
        // Three hours later, with no new list or event: the same node reads three hours older.
        assert.match(h.model.view(pod).tooltip!, /\| Age \| 3h \|/);
        assert.match(h.model.view(pod).description!, / · 3h$/);
      } finally {
        offsetMs = 0;
      }
    });

    test('collapsing a namespace stops its watches; expanding it again reopens what was open below', async () => {
      const trail = ['admin', ns, 'Workloads', 'Pods'];
      let parent: ExplorerNode | undefined;
      const opened: ExplorerNode[] = [];
      for (const label of trail) {
        const node = parent
          ? await child(h.model, parent, label)
          : (await h.model.children()).find((c) => h.model.view(c).label === label)!;
        h.model.expanded(node);
        opened.push(node);
        parent = node;
      }
      await h.model.children(parent);
      const watching = h.model.activeWatchCount();
      const namespace = opened[1]!;
      h.model.collapsed(namespace);
      assert.ok(h.model.activeWatchCount() < watching, 'the namespace’s watches stopped');
      assert.equal(h.model.view(namespace).collapsible, 'collapsed');
      // VS Code asks for the namespace's children again on expand: Workloads and Pods come back open.
      h.model.expanded(namespace);
      const workloads = await child(h.model, namespace, 'Workloads');
      assert.equal(h.model.view(workloads).collapsible, 'expanded');
      assert.equal(h.model.view(await child(h.model, namespace, 'Config & Storage')).collapsible, 'collapsed');
      const pods = await child(h.model, workloads, 'Pods');
      assert.equal(h.model.view(pods).collapsible, 'expanded');
      assert.equal(pods.id, opened[3]!.id, 'ids are stable across the collapse');
      assert.ok((await h.model.children(pods)).length > 0);
    });

    test('the namespace picker lists the context’s namespaces, and denied lists, leave no watch behind', async () => {
      const fresh = openExplorer([kc]);
      try {
        // Other test files create and delete namespaces meanwhile: compare reads that kubectl confirms around them.
        let names: string[] = [];
        let reference: string[] = [];
        for (let attempt = 0; attempt < 10; attempt++) {
          const before = (await kubectlNames(kc, 'namespaces', 'all')).sort();
          names = [...(await fresh.model.namespaceNames('admin'))].sort();
          reference = (await kubectlNames(kc, 'namespaces', 'all')).sort();
          if (JSON.stringify(before) === JSON.stringify(reference)) break;
        }
        assert.deepEqual(names, reference);
        assert.ok(names.includes(ns));
        assert.equal(fresh.model.activeWatchCount(), 0);
        await assert.rejects(fresh.model.namespaceNames('restricted'), /forbidden/i);
        // A context whose folders are all denied keeps nothing retrying in the background.
        await expand(fresh.model, 'restricted', 'Nodes');
        await expand(fresh.model, 'restricted', 'Custom Resource Definitions');
        // The denied list may still be in flight when expand returns: its watch must end, and stay ended.
        await waitUntil(() => fresh.model.activeWatchCount() === 0, 'the denied lists’ watches to end');
        await new Promise((resolve) => setTimeout(resolve, 500));
        assert.equal(fresh.model.activeWatchCount(), 0, 'no 403 is retried');
      } finally {
        fresh.dispose();
      }
    });

    test('Secret values are decoded only by the explicit action, as kubectl stores them', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-secret-'));
      try {
        fs.writeFileSync(path.join(dir, 'blob'), Buffer.from([0xff, 0x00, 0xfe, 0x80]));
        fs.writeFileSync(path.join(dir, 'multi'), 'line one\nline two\n');
        await kubectl(kc, [
          '-n',
          ns,
          'create',
          'secret',
          'generic',
          'creds',
          '--from-literal=password=s3cr3t-value',
          `--from-file=blob=${path.join(dir, 'blob')}`,
          `--from-file=multi=${path.join(dir, 'multi')}`,
        ]);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const { node, children } = await expand(h.model, 'admin', ns, 'Config & Storage', 'Secrets');
      const secret = children.find((c) => h.model.view(c).label === 'creds')!;
      const v = h.model.view(secret);
      assert.equal(v.contextValue, 'kubesense.object.secret.deletable.patchable');
      const shown = `${v.label} ${v.description} ${v.tooltip}`;
      assert.ok(!shown.includes('s3cr3t-value'), 'the tree never shows a value');
      assert.ok(!shown.includes(Buffer.from('s3cr3t-value').toString('base64')), 'nor its base64');

      const session = await h.model.session('admin');
      const obj = await session.getObject((node as KindNode).resource, ns, 'creds');
      const stored = JSON.parse(await kubectl(kc, ['-n', ns, 'get', 'secret', 'creds', '-o', 'json'])) as {
        data: Record<string, string>;
      };
      const { text, binary } = decodeSecretData(obj);
      assert.deepEqual(binary, ['blob']);
      assert.equal(text.password, Buffer.from(stored.data.password!, 'base64').toString('utf8'));
      assert.equal(text.multi, 'line one\nline two\n');
      assert.equal(text.blob, stored.data.blob);
      const doc = decodedSecretDocument(obj);
      assert.match(doc, /^# Secret nav-\d+\/creds: data decoded from base64 on request\./);
      assert.match(doc, /^password: s3cr3t-value$/m);
      assert.match(doc, /^multi: \|\n {2}line one\n {2}line two$/m);
      assert.match(doc, /^# blob: not UTF-8 text; shown as base64$/m);
    });

    test('every contextValue the tree produces gets exactly the menu actions meant for it', async () => {
      const contexts = await h.model.children();
      const admin = contexts.find((c) => h.model.view(c).label === 'admin')!;
      const certUser = contexts.find((c) => h.model.view(c).label === 'cert-user')!;
      const adminChildren = await h.model.children(admin);
      const namespace = adminChildren.find((c) => h.model.view(c).label === ns)!;
      const allNamespaces = adminChildren.find((c) => h.model.view(c).label === 'All Namespaces')!;
      const cluster = adminChildren.find((c) => h.model.view(c).label === 'Cluster')!;
      const config = await child(h.model, namespace, 'Config & Storage');
      const configMaps = await child(h.model, config, 'ConfigMaps');
      const secrets = await child(h.model, config, 'Secrets');
      const cm = (await h.model.children(configMaps)).find((c) => c.type === 'object')!;
      const secret = (await h.model.children(secrets)).find((c) => c.type === 'object')!;
      const restricted = contexts.find((c) => h.model.view(c).label === 'restricted')!;
      const forbidden = (await h.model.children(restricted)).find((c) => c.type === 'message')!;
      const emptyMessage = (await expand(h.model, 'admin', ns2, 'Networking')).children.find(
        (c) => c.type === 'message',
      );

      const expectations: [ExplorerNode | undefined, string[], string[]][] = [
        [
          admin,
          ['kubesense.useContextInEditor', 'kubesense.setNamespace', 'kubesense.explorer.refresh'],
          ['kubesense.useContext', 'kubesense.delete'],
        ],
        [certUser, ['kubesense.useContext', 'kubesense.useContextInEditor'], ['kubesense.delete']],
        [
          namespace,
          [
            'kubesense.setNamespace',
            'kubesense.setNamespaceInEditor',
            'kubesense.describe',
            'kubesense.delete',
            'kubesense.editYaml',
          ],
          ['kubesense.useContext'],
        ],
        [
          allNamespaces,
          ['kubesense.explorer.refresh'],
          ['kubesense.setNamespace', 'kubesense.describe', 'kubesense.delete'],
        ],
        [cluster, [], ['kubesense.explorer.refresh', 'kubesense.delete']],
        [config, [], ['kubesense.describe', 'kubesense.delete']],
        [configMaps, ['kubesense.explorer.refresh', 'kubesense.copyName'], ['kubesense.delete', 'kubesense.describe']],
        [
          cm,
          [
            'kubesense.openYaml',
            'kubesense.describe',
            'kubesense.showEvents',
            'kubesense.editYaml',
            'kubesense.delete',
            'kubesense.copyName',
          ],
          ['kubesense.showDecodedSecret', 'kubesense.setNamespace', 'kubesense.showLogs'],
        ],
        [secret, ['kubesense.showDecodedSecret', 'kubesense.openYaml', 'kubesense.delete'], ['kubesense.setNamespace']],
        [forbidden, ['kubesense.explorer.retry'], ['kubesense.delete', 'kubesense.describe']],
        [emptyMessage, [], ['kubesense.explorer.retry', 'kubesense.describe']],
      ];
      for (const [node, wanted, unwanted] of expectations) {
        assert.ok(node, 'node found');
        const value = h.model.view(node).contextValue;
        const commands = menuCommandsFor(value);
        for (const c of wanted) assert.ok(commands.has(c), `${value} offers ${c}`);
        for (const c of unwanted) assert.ok(!commands.has(c), `${value} does not offer ${c}`);
      }
    });
  },
);
