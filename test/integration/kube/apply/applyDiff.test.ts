// `kubesense apply --server-side` and `kubesense diff` against kubectl 1.33 on the same real cluster (same stdout
// modulo temporary folder names, timestamps and the ids a dry-run create makes up; same stderr and exit codes),
// and kube/apply's typed conflicts. Namespaced, cluster-scoped and custom kinds, multi-document files, folders.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { findClusterEnv, type ClusterEnv } from '../../../cluster/env';
import { runKubectl, waitForCrdsEstablished, type KubectlResult } from '../../../cluster/kubectl';
import { main } from '../../../../cli/main';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { RESTClient } from '../../../../kube/rest/client';
import { DiscoveryRESTMapper, groupResourcesFromLegacy } from '../../../../kube/mapper';
import { newCachedDiscovery, serverGroupsAndResources } from '../../../../kube/discovery';
import {
  ApplyConflictError,
  diffTexts,
  dryRunDiff,
  readManifests,
  resolveTarget,
  serverSideApply,
} from '../../../../kube/apply';

const repoRoot = path.resolve(__dirname, '../../../../..');

async function kubesense(args: string[], kubeconfig: string, cwd: string): Promise<KubectlResult> {
  let stdout = '';
  let stderr = '';
  const code = await main([`--kubeconfig=${kubeconfig}`, ...args], {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { ...process.env, KUBECONFIG: kubeconfig },
    cwd,
  });
  return { code, stdout, stderr };
}

/** What differs between two runs of the same diff: temporary folders, file times, ids of dry-run creations. */
function normalizeDiff(text: string): string {
  return text
    .replace(/\/[^\s]*\/(LIVE|MERGED)-[^/\s]+\//g, '$1/')
    .replace(/^(---|\+\+\+) (\S+)\t.*$/gm, '$1 $2')
    .replace(/^([+ -]\s+uid: )\S+$/gm, '$1UID')
    .replace(/^([+ -]\s+creationTimestamp: )"\S+"$/gm, '$1TIME')
    .replace(/kubesense|kubectl\.1\.33/g, 'kubectl');
}

/**
 * kubectl diff retries a conflicting dry-run three times (it treats every 409 as an optimistic-lock conflict) and
 * then logs a klog warning; a server-side apply conflict does not go away by retrying, so kubesense neither retries
 * nor warns.
 */
function withoutRetryWarning(stderr: string): string {
  return stderr.replace(
    /^W\d{4} [\d:.]+\s+\d+ diff\.go:\d+\] Object \(.*\) keeps changing, diffing without lock\n/m,
    '',
  );
}

/** The changed lines of a unified diff (headers left out). */
function changedLines(text: string): string[] {
  return text.split('\n').filter((l) => /^[+-]/.test(l) && !/^(\+\+\+|---) /.test(l));
}

const env: ClusterEnv | undefined = findClusterEnv();
const ns = `apply-${process.pid}`;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-apply-'));
const crdGroup = `apply${process.pid}.kubesense.dev`;

function manifest(replicas: number, data: string, widgetSize: number): string {
  return `# a comment before the first document
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: "${data}"
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.27}]
--- # a separator with a comment
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: ${ns}-reader
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, list]
---
apiVersion: ${crdGroup}/v1
kind: Widget
metadata:
  name: gear
spec:
  size: ${widgetSize}
---
`;
}

describe('apply and diff on the real cluster, beside kubectl 1.33', { skip: !env && 'no test cluster' }, () => {
  const kubeconfig = env?.kubeconfig ?? '';
  const k = (args: string[], input?: string) =>
    runKubectl(args, { kubeconfig, input, cwd: dir }).then((r) => ({ ...r, stderr: withoutRetryWarning(r.stderr) }));
  const s = (args: string[]) => kubesense(args, kubeconfig, dir);
  const write = (name: string, text: string) => fs.writeFileSync(path.join(dir, name), text);
  /** `diff -f FILE` by kubesense and by kubectl acting as field manager "kubesense" (kubectl's own is "kubectl"). */
  const diffBoth = async (file: string, ...extra: string[]) => ({
    ours: await s(['diff', '--server-side', '-n', ns, ...extra, '-f', file]),
    theirs: await k(['diff', '--server-side', '--field-manager=kubesense', '-n', ns, ...extra, '-f', file]),
  });

  before(async () => {
    const must = async (args: string[], input?: string) => {
      const r = await k(args, input);
      if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
    };
    await must(['create', 'namespace', ns]);
    await must(
      ['apply', '--server-side', '-f', '-'],
      JSON.stringify({
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: `widgets.${crdGroup}` },
        spec: {
          group: crdGroup,
          scope: 'Namespaced',
          names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
          versions: [
            {
              name: 'v1',
              served: true,
              storage: true,
              schema: {
                openAPIV3Schema: {
                  type: 'object',
                  properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } },
                },
              },
            },
          ],
        },
      }),
    );
    await waitForCrdsEstablished(kubeconfig, [`widgets.${crdGroup}`]);
    write('v1.yaml', manifest(1, 'blue', 3));
    write('v2.yaml', manifest(2, 'green', 3));
  });

  after(async () => {
    await k(['delete', 'namespace', ns, '--wait=false']);
    await k(['delete', 'clusterrole', `${ns}-reader`, '--ignore-not-found']);
    await k(['delete', 'crd', `widgets.${crdGroup}`, '--wait=false']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('diff of objects that do not exist yet: creations, as kubectl shows them', async () => {
    const ours = await s(['diff', '--server-side', '-n', ns, '-f', 'v1.yaml']);
    const theirs = await k(['diff', '--server-side', '-n', ns, '-f', path.join(dir, 'v1.yaml')]);
    assert.equal(ours.stderr, theirs.stderr);
    assert.equal(ours.code, 1);
    assert.equal(theirs.code, 1);
    assert.equal(normalizeDiff(ours.stdout), normalizeDiff(theirs.stdout));
    // One file per object, kubectl's names: cluster-scoped kinds have an empty namespace part.
    assert.match(ours.stdout, new RegExp(`/rbac\\.authorization\\.k8s\\.io\\.v1\\.ClusterRole\\.\\.${ns}-reader\\n`));
    assert.match(ours.stdout, new RegExp(`/${crdGroup.replace(/\./g, '\\.')}\\.v1\\.Widget\\.${ns}\\.gear\\n`));
    assert.doesNotMatch(ours.stdout, /managedFields/);
  });

  test('apply --dry-run=server and apply print kubectl lines; nothing is stored by the dry-run', async () => {
    const ours = await s(['apply', '--server-side', '--dry-run=server', '-n', ns, '-f', 'v1.yaml']);
    const theirs = await k(['apply', '--server-side', '--dry-run=server', '-n', ns, '-f', path.join(dir, 'v1.yaml')]);
    assert.deepEqual(ours, theirs);
    assert.equal((await k(['get', 'configmap', 'settings', '-n', ns])).code, 1);

    const applied = await s(['apply', '--server-side', '-n', ns, '-f', 'v1.yaml']);
    assert.equal(applied.code, 0, applied.stderr);
    assert.equal(applied.stdout, theirs.stdout.replace(/ \(server dry run\)/g, ''));
    assert.equal(
      applied.stdout,
      [
        'configmap/settings serverside-applied',
        'deployment.apps/web serverside-applied',
        `clusterrole.rbac.authorization.k8s.io/${ns}-reader serverside-applied`,
        `widget.${crdGroup}/gear serverside-applied`,
        '',
      ].join('\n'),
    );
    const cm = await k(['get', 'configmap', 'settings', '-n', ns, '-o', 'json', '--show-managed-fields']);
    const managers = (
      JSON.parse(cm.stdout) as { metadata: { managedFields: { manager: string; operation: string }[] } }
    ).metadata.managedFields;
    assert.deepEqual(
      managers.map((m) => [m.manager, m.operation]),
      [['kubesense', 'Apply']],
    );
  });

  test('diff of the unchanged applied file is empty (exit 0), for us and for kubectl', async () => {
    const { ours, theirs } = await diffBoth('v1.yaml');
    assert.deepEqual(ours, { code: 0, stdout: '', stderr: '' });
    assert.deepEqual(theirs, { code: 0, stdout: '', stderr: '' });
  });

  test('diff of a changed file shows just the change (and the generation it bumps), as kubectl does', async () => {
    const { ours, theirs } = await diffBoth('v2.yaml');
    assert.equal(ours.code, 1, ours.stderr);
    assert.equal(theirs.code, 1, theirs.stderr);
    assert.equal(normalizeDiff(ours.stdout), normalizeDiff(theirs.stdout));
    assert.deepEqual(changedLines(ours.stdout), [
      '-  generation: 1',
      '+  generation: 2',
      '-  replicas: 1',
      '+  replicas: 2',
      '-  mode: blue',
      '+  mode: green',
    ]);
  });

  test('a field another manager owns: typed conflict in kube/apply, kubectl text from the CLI, --force-conflicts wins', async () => {
    // Another manager takes .data.mode with its own value.
    const other = await k(
      ['apply', '--server-side', '--force-conflicts', '--field-manager=other-tool', '-n', ns, '-f', '-'],
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: red\n',
    );
    assert.equal(other.code, 0, other.stderr);

    const config = restConfigFromFile(kubeconfig, 'admin');
    const rest = new RESTClient(config);
    const discovery = newCachedDiscovery(config, { cacheDir: path.join(dir, 'cache') });
    const { groups, resources } = await serverGroupsAndResources(discovery);
    const mapper = new DiscoveryRESTMapper(groupResourcesFromLegacy(groups, resources));
    const [doc] = readManifests(fs.readFileSync(path.join(dir, 'v2.yaml'), 'utf8'), 'v2.yaml');
    const target = await resolveTarget(doc!.object, (v, kind) => mapper.mappingForObject(v, kind), { namespace: ns });
    const err = await serverSideApply(rest, target, { fieldManager: 'kubesense' }).catch((e: unknown) => e);
    assert.ok(err instanceof ApplyConflictError, String(err));
    assert.deepEqual(err.conflicts, [
      { manager: 'other-tool', subresource: undefined, apiVersion: undefined, field: '.data.mode' },
    ]);
    assert.deepEqual(err.managers, ['other-tool']);
    // diff reports it too, and with force shows what forcing would do.
    await assert.rejects(dryRunDiff(rest, target, { fieldManager: 'kubesense' }), ApplyConflictError);
    const forced = diffTexts(await dryRunDiff(rest, target, { fieldManager: 'kubesense', force: true }));
    assert.match(forced.live, /mode: red/);
    assert.match(forced.merged, /mode: green/);

    // The CLI prints kubectl's words and exit code for the same conflict (kubectl as manager "kubesense").
    const cmFile = 'cm-green.yaml';
    write(cmFile, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: green\n');
    const ours = await s(['apply', '--server-side', '-n', ns, '-f', cmFile]);
    const theirs = await k(['apply', '--server-side', '--field-manager=kubesense', '-n', ns, '-f', cmFile]);
    assert.equal(ours.code, 1);
    assert.deepEqual(ours, theirs);
    assert.match(ours.stderr, /^error: Apply failed with 1 conflict: conflict with "other-tool": \.data\.mode\n/);
    const conflictDiff = await diffBoth(cmFile);
    assert.deepEqual(conflictDiff.ours, conflictDiff.theirs);
    assert.equal(conflictDiff.ours.code, 2);

    const won = await s(['apply', '--server-side', '--force-conflicts', '-n', ns, '-f', cmFile]);
    assert.deepEqual(won, { code: 0, stdout: 'configmap/settings serverside-applied\n', stderr: '' });
    const cm = JSON.parse((await k(['get', 'configmap', 'settings', '-n', ns, '-o', 'json'])).stdout) as {
      data: Record<string, string>;
    };
    assert.equal(cm.data.mode, 'green');
  });

  test('Secret values are masked in the diff as kubectl masks them (changed keys as before/after)', async () => {
    write('secret-1.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  a: one\n  b: two\n');
    write(
      'secret-2.yaml',
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: token\nstringData:\n  a: one\n  b: changed\n  c: new\n',
    );
    assert.equal((await s(['apply', '--server-side', '-n', ns, '-f', 'secret-1.yaml'])).code, 0);
    const { ours, theirs } = await diffBoth('secret-2.yaml');
    assert.equal(ours.code, 1, ours.stderr);
    assert.equal(normalizeDiff(ours.stdout), normalizeDiff(theirs.stdout));
    assert.deepEqual(changedLines(ours.stdout), ["-  b: '*** (before)'", "+  b: '*** (after)'", "+  c: '***'"]);
    assert.doesNotMatch(ours.stdout, /b25l|dHdv|Y2hhbmdlZA/); // base64 of the values never appears
  });

  test('errors: unknown kind, a namespace that contradicts -n, a missing path; several errors at once', async () => {
    write('unknown.yaml', 'apiVersion: v1\nkind: Gadget\nmetadata:\n  name: g\n');
    write('elsewhere.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: e\n  namespace: elsewhere\n');
    // A namespace error, two unknown kinds and an object the server refuses: kubectl's nested error aggregate.
    const invalid = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: bad_name\n';
    const read = (f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
    write(
      'three-bad.yaml',
      [read('unknown.yaml'), read('elsewhere.yaml'), invalid, read('unknown.yaml')].join('---\n'),
    );
    for (const file of ['unknown.yaml', 'elsewhere.yaml', 'missing.yaml', 'three-bad.yaml']) {
      for (const verb of [
        ['apply', '--server-side'],
        ['diff', '--server-side'],
      ]) {
        const args = [...verb, '-n', ns, '-f', file];
        const ours = await kubesense(args, kubeconfig, dir);
        const theirs = await k(args);
        assert.deepEqual(ours, theirs, `${args.join(' ')}`);
      }
    }
  });

  test('flag errors and server-side schema errors: the same stderr and exit codes as kubectl', async () => {
    write('unknown-field.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: unk\nbogus: 1\n');
    const cases = [
      ['apply', '--server-side'],
      ['diff'],
      ['apply', '--server-side', '-f', 'v1.yaml', 'extra'],
      ['apply', '--server-side', '--dry-run=client', '-f', 'v1.yaml'],
      ['apply', '--server-side', '--dry-run=bogus', '-f', 'v1.yaml'],
      ['apply', '--force-conflicts', '-f', 'v1.yaml'],
      ['apply', '--server-side', '--dry-run=server', '-n', ns, '-f', 'unknown-field.yaml'],
      ['diff', '--server-side', '-n', ns, '-f', 'unknown-field.yaml'],
    ];
    for (const args of cases) {
      const ours = await s(args);
      const theirs = await k(args);
      assert.deepEqual(
        { ...ours, stderr: normalizeDiff(ours.stderr) },
        { ...theirs, stderr: normalizeDiff(theirs.stderr) },
        args.join(' '),
      );
    }
  });

  test('folders: only top-level manifests without -R, every one with -R; stdin through the real binary', async () => {
    const tree = path.join(dir, 'tree');
    fs.mkdirSync(path.join(tree, 'sub'), { recursive: true });
    const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
    fs.writeFileSync(path.join(tree, 'b.yaml'), cm('tree-b'));
    fs.writeFileSync(
      path.join(tree, 'a.json'),
      JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'tree-a' } }),
    );
    fs.writeFileSync(path.join(tree, 'notes.txt'), 'not a manifest');
    fs.writeFileSync(path.join(tree, 'sub', 'c.yml'), cm('tree-c'));
    for (const extra of [[], ['-R']]) {
      const args = ['apply', '--server-side', '--dry-run=server', '-n', ns, '-f', 'tree', ...extra];
      const ours = await s(args);
      const theirs = await runKubectl(args, { kubeconfig, cwd: dir });
      assert.deepEqual(ours, theirs);
    }
    const child = spawn(
      process.execPath,
      [
        path.join(repoRoot, 'bin/kubesense.js'),
        `--kubeconfig=${kubeconfig}`,
        'apply',
        '--server-side',
        '-n',
        ns,
        '-f',
        '-',
      ],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stdin.end(cm('from-stdin'));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0);
    assert.equal(out, 'configmap/from-stdin serverside-applied\n');
  });
});
