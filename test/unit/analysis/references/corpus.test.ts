// The reference index on real multi-file applications of ../shared/k8s/corpus: every reference resolves, broken
// copies (made here, in a temp folder) give exactly the expected warnings, rename round-trips, and a file change
// re-indexes that file only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { TextEdit } from 'vscode-languageserver-types';
import { ReferenceWorkspace } from '../../../../server/src/workspace/referenceWorkspace';
import {
  checkReferences,
  DEFAULT_REFERENCE_CHECKS,
  ReferenceCheckSettings,
} from '../../../../analysis/references/check';
import { provideRename, referenceLocations } from '../../../../analysis/references/features';
import { ReferenceIndex } from '../../../../analysis/references';
import { repoRoot } from '../../client/model/paths';

const corpus = path.resolve(repoRoot, '../shared/k8s/corpus');
const MICROSERVICES = path.join(corpus, 'microservices-demo/kubernetes-manifests');
const KUBE_PROMETHEUS = path.join(corpus, 'kube-prometheus');
const INGRESS_NGINX_KIND = path.join(corpus, 'ingress-nginx/deploy/static/provider/kind');

/** The checked files are all there is (as `kubesense check --references` without a cluster). */
const COMPLETE: ReferenceCheckSettings = { ...DEFAULT_REFERENCE_CHECKS, filesAreComplete: true };

async function indexed(...roots: string[]): Promise<ReferenceWorkspace> {
  const ws = new ReferenceWorkspace({ assumeManifest: () => false, maxFileSizeBytes: () => 16 << 20 });
  await ws.scan(roots);
  return ws;
}

/** `file:line field [severity] message` for every reference problem of the index. */
async function problems(index: ReferenceIndex, root: string, settings = COMPLETE): Promise<string[]> {
  const uris = new Set([...index.allObjects()].map((o) => o.uri));
  const out: string[] = [];
  for (const uri of [...uris].sort()) {
    for (const d of await checkReferences(index, uri, settings, undefined, new AbortController().signal)) {
      const file = path.relative(root, new URL(uri).pathname);
      out.push(`${file}:${d.range.start.line + 1} ${d.field} [${d.severity} ${d.code}] ${d.message}`);
    }
  }
  return out;
}

function copyTree(from: string): string {
  const to = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-refs-'));
  fs.cpSync(from, to, { recursive: true });
  for (const f of fs.readdirSync(to, { recursive: true, withFileTypes: true }))
    if (f.isFile()) fs.chmodSync(path.join(f.parentPath, f.name), 0o644);
  return to;
}

function edit(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  assert.ok(text.includes(from), `${file} holds ${from}`);
  fs.writeFileSync(file, text.replace(from, to));
}

test('microservices-demo: every reference resolves', async () => {
  const ws = await indexed(MICROSERVICES);
  const refs = [...ws.index.allObjects()].flatMap((o) => o.facts.references);
  assert.equal(refs.length, 11, 'one ServiceAccount per workload');
  for (const r of refs) assert.equal(ws.index.definitionsOf(r.target).length, 1, `${r.target.name} defined once`);
  for (const o of ws.index.allObjects())
    for (const s of o.facts.selectors)
      assert.ok(ws.index.templatesMatching(s.namespace, s.selector).length > 0, `${o.id} selects a template`);
  assert.deepEqual(await problems(ws.index, MICROSERVICES), []);
});

test('kube-prometheus: every reference resolves (ConfigMapList items, operator pods, bootstrap roles)', async () => {
  const ws = await indexed(KUBE_PROMETHEUS);
  const refs = [...ws.index.allObjects()].flatMap((o) => o.facts.references);
  assert.ok(refs.filter((r) => r.rule === 'configmap').length >= 30, 'the Grafana dashboard ConfigMaps');
  assert.deepEqual(await problems(ws.index, KUBE_PROMETHEUS), []);
});

test('ingress-nginx: the admission Secret a Job creates is information, not a warning', async () => {
  const ws = await indexed(INGRESS_NGINX_KIND);
  const found = await problems(ws.index, INGRESS_NGINX_KIND);
  assert.equal(found.length, 1);
  assert.match(
    found[0]!,
    /^deploy\.yaml:\d+ spec\.template\.spec\.volumes\[0\]\.secret\.secretName \[information dangling-reference\] Secret "ingress-nginx\/ingress-nginx-admission" is not defined in the workspace; Secrets are often created outside manifests/,
  );
  const warned = await problems(ws.index, INGRESS_NGINX_KIND, { ...COMPLETE, warnMissingSecrets: true });
  assert.match(warned[0]!, /\[warning dangling-reference\]/);
  const ignored = await problems(ws.index, INGRESS_NGINX_KIND, { ...COMPLETE, ignore: ['Secret/*-admission'] });
  assert.deepEqual(ignored, []);
});

test('microservices-demo broken: a changed selector and a renamed ServiceAccount give exactly their warnings', async () => {
  const dir = copyTree(MICROSERVICES);
  try {
    edit(
      path.join(dir, 'cartservice.yaml'),
      '  selector:\n    app: cartservice\n',
      '  selector:\n    app: cart-service\n',
    );
    edit(
      path.join(dir, 'emailservice.yaml'),
      'kind: ServiceAccount\nmetadata:\n  name: emailservice',
      'kind: ServiceAccount\nmetadata:\n  name: mailservice',
    );
    const ws = await indexed(dir);
    assert.deepEqual(await problems(ws.index, dir), [
      'cartservice.yaml:77 spec.selector [warning selector-no-match] Service selector app=cart-service matches no Pod template in the workspace in namespace "default".',
      'emailservice.yaml:30 spec.template.spec.serviceAccountName [warning dangling-reference] ServiceAccount "default/emailservice" is not defined in the workspace.',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('kube-prometheus broken: a renamed ConfigMap gives exactly one warning where it is mounted', async () => {
  const dir = copyTree(KUBE_PROMETHEUS);
  try {
    edit(
      path.join(dir, 'manifests/grafana-dashboardSources.yaml'),
      '  name: grafana-dashboards\n',
      '  name: grafana-dashboard-sources\n',
    );
    const ws = await indexed(dir);
    assert.deepEqual(await problems(ws.index, dir), [
      'manifests/grafana-deployment.yaml:187 spec.template.spec.volumes[2].configMap.name [warning dangling-reference] ConfigMap "monitoring/grafana-dashboards" is not defined in the workspace.',
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Applies a rename's edits to the files on disk and tells the workspace, as an editor would. */
function applyEdits(ws: ReferenceWorkspace, changes: Record<string, TextEdit[]>): void {
  for (const [uri, edits] of Object.entries(changes)) {
    const file = new URL(uri).pathname;
    const doc = TextDocument.create(uri, 'yaml', 1, fs.readFileSync(file, 'utf8'));
    fs.writeFileSync(file, TextDocument.applyEdits(doc, edits));
    ws.diskChanged(uri, [path.dirname(file)]);
  }
}

test('kube-prometheus: rename a ServiceAccount updates every reference, and renaming back restores every byte', async () => {
  const dir = copyTree(KUBE_PROMETHEUS);
  try {
    const before = new Map(
      fs
        .readdirSync(path.join(dir, 'manifests'), { withFileTypes: true })
        .filter((f) => f.isFile())
        .map((f) => [f.name, fs.readFileSync(path.join(dir, 'manifests', f.name), 'utf8')]),
    );
    const ws = await indexed(dir);
    const key = { group: '', kind: 'ServiceAccount', namespace: 'monitoring', name: 'prometheus-k8s' };
    const def = ws.index.definitionsOf(key)[0]!;
    const refsBefore = referenceLocations(ws.index, key, false).length;
    assert.ok(refsBefore >= 3, `the ServiceAccount is referenced (${refsBefore})`);
    const at = def.document.rangeOf(['metadata', 'name']).start + 1;
    const rename = provideRename(ws.index, def.uri, at, 'prometheus-main')!;
    assert.equal(Object.values(rename.changes!).flat().length, refsBefore + 1, 'the definition and every reference');
    applyEdits(ws, rename.changes!);
    const renamed = { ...key, name: 'prometheus-main' };
    assert.equal(ws.index.definitionsOf(key).length, 0);
    assert.equal(referenceLocations(ws.index, renamed, false).length, refsBefore);
    assert.deepEqual(await problems(ws.index, dir), []);

    const def2 = ws.index.definitionsOf(renamed)[0]!;
    const back = provideRename(
      ws.index,
      def2.uri,
      def2.document.rangeOf(['metadata', 'name']).start,
      'prometheus-k8s',
    )!;
    applyEdits(ws, back.changes!);
    for (const [f, text] of before) assert.equal(fs.readFileSync(path.join(dir, 'manifests', f), 'utf8'), text, f);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a change on disk re-indexes that file only', async () => {
  const dir = copyTree(MICROSERVICES);
  try {
    const ws = await indexed(dir);
    const before = ws.index.indexedFiles;
    const file = path.join(dir, 'emailservice.yaml');
    edit(
      file,
      'kind: ServiceAccount\nmetadata:\n  name: emailservice',
      'kind: ServiceAccount\nmetadata:\n  name: mailservice',
    );
    ws.diskChanged(pathToFileURL(file).href, [dir]);
    assert.equal(ws.index.indexedFiles - before, 1);
    assert.equal((await problems(ws.index, dir)).length, 1);
    fs.rmSync(file);
    ws.diskChanged(pathToFileURL(file).href, [dir]);
    assert.equal(ws.index.indexedFiles - before, 1, 'a deleted file is dropped, not read');
    assert.equal(
      ws.index.definitionsOf({ group: 'apps', kind: 'Deployment', namespace: 'default', name: 'emailservice' }).length,
      0,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
