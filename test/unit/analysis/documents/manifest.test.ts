// The parsed-document model: documents, ranges, Go YAML 1.1 values, classification, bounded aliases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatPath,
  kustomizePatchPaths,
  parseManifestFile,
  parsePath,
  resolvePlainScalar,
  yaml11Surprise,
} from '../../../../analysis/documents';

test('every document of a multi-document file is parsed on its own, with its own range', () => {
  const text =
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n# only a comment\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: b\n';
  const file = parseManifestFile(text, 'f.yaml');
  assert.equal(file.documents.length, 3);
  assert.deepEqual(
    file.documents.map((d) => d.role),
    ['object', 'empty', 'object'],
  );
  assert.deepEqual(
    file.manifests.map((d) => `${d.kind}/${d.name}`),
    ['ConfigMap/a', 'Secret/b'],
  );
  const secret = file.documents[2];
  assert.equal(text.slice(secret.range.start, secret.range.start + 3), '---'); // the range includes its marker
  assert.equal(text.slice(secret.contents!.range![0], secret.contents!.range![0] + 10), 'apiVersion');
  assert.equal(file.documentAt(text.indexOf('Secret'))?.index, 2);
});

test('rangeOf, nodeAt and pathAt agree on exact positions', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n  - name: c\n    image: nginx\n';
  const doc = parseManifestFile(text, 'p.yaml').documents[0];
  const r = doc.rangeOf(['spec', 'containers', 0, 'image']);
  assert.equal(text.slice(r.start, r.end), 'nginx');
  const k = doc.rangeOf(['spec', 'containers', 0, 'image'], 'key');
  assert.equal(text.slice(k.start, k.end), 'image');
  // A missing field falls back to the nearest existing ancestor's key.
  const missing = doc.rangeOf(['spec', 'containers', 0, 'ports', 0, 'containerPort']);
  assert.equal(text.slice(missing.start, missing.end), 'name: c\n    image: nginx\n');
  assert.deepEqual(doc.pathAt(text.indexOf('nginx') + 2), ['spec', 'containers', 0, 'image']);
  const loc = doc.locate(text.indexOf('image'));
  assert.equal(loc?.onKey, true);
  assert.deepEqual(loc?.path, ['spec', 'containers', 0, 'image']);
  assert.equal(String((doc.nodeAt(text.indexOf('nginx')) as { value?: unknown }).value), 'nginx');
  const pos = doc.file.positionAt(text.indexOf('nginx'));
  assert.deepEqual(pos, { line: 7, character: 11 });
  assert.equal(doc.file.offsetAt(pos), text.indexOf('nginx'));
});

test('scalars are read as Go YAML 1.1 reads them (what the API server sees)', () => {
  const text =
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata:\n  a: yes\n  b: off\n  c: 0777\n  d: "yes"\n  e: 0x1F\n  f: 1_000\n  g: ~\n  h: 1.5e3\n  i: 09\n  j: y\n  k: true\n';
  const v = parseManifestFile(text, 'x').documents[0].value as { data: Record<string, unknown> };
  assert.deepEqual(v.data, {
    a: true,
    b: false,
    c: 511,
    d: 'yes',
    e: 31,
    f: 1000,
    g: null,
    h: 1500,
    i: 9,
    j: true,
    k: true,
  });
  assert.equal(resolvePlainScalar('1.20'), 1.2);
  assert.equal(resolvePlainScalar('v1'), 'v1');
  assert.equal(resolvePlainScalar('2024-01-01'), '2024-01-01'); // go-yaml v2 keeps timestamps as strings here
  assert.equal(yaml11Surprise('yes', true), '"yes" is read as boolean true (YAML 1.1)');
  assert.equal(yaml11Surprise('true', true), undefined);
  assert.equal(yaml11Surprise('0777', 511), '"0777" is read as the number 511 (YAML 1.1)');
  assert.equal(yaml11Surprise('80', 80), undefined);
});

test('duplicate keys are errors with go-yaml wording; merge keys and aliases resolve', () => {
  const text =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: &d\n  a: "1"\n  a: "2"\nbinaryData:\n  <<: *d\n';
  const doc = parseManifestFile(text, 'x').documents[0];
  assert.equal(doc.problems.length, 1);
  assert.equal(doc.problems[0].code, 'duplicate-key');
  assert.equal(doc.problems[0].message, 'line 7: key "a" already set in map');
  assert.equal(text.slice(doc.problems[0].range.start, doc.problems[0].range.end), 'a');
  assert.deepEqual((doc.value as { binaryData: unknown }).binaryData, { a: '2' });
});

test('an alias bomb is bounded and reported, not expanded', () => {
  const levels = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++)
    levels.push(
      `${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10)
        .fill(`*${String.fromCharCode(96 + i)}`)
        .join(',')}]`,
    );
  const text = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\n${levels.join('\n')}\n`;
  const doc = parseManifestFile(text, 'bomb.yaml', { maxAliasExpansion: 10_000 }).documents[0];
  assert.ok(doc.problems.some((p) => p.code === 'excessive-aliasing'));
});

test('Helm templates, kustomizations and non-Kubernetes YAML are not taken for manifests', () => {
  const helm = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n';
  assert.equal(parseManifestFile(helm, 't.yaml').exclusion, 'helm-template');
  const helmBlock = '{{- if .Values.enabled }}\napiVersion: v1\nkind: ConfigMap\n{{- end }}\n';
  assert.equal(parseManifestFile(helmBlock, 't.yaml').exclusion, 'helm-template');
  // `{{` inside quoted or block strings (Prometheus rule templates) is ordinary text.
  const rule =
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: r}\ndata:\n  a: "{{ $labels.pod }}"\n  b: |\n    {{ $value }}\n';
  assert.equal(parseManifestFile(rule, 'r.yaml').exclusion, undefined);
  const kustomization = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [a.yaml]\n';
  assert.equal(parseManifestFile(kustomization, 'kustomization.yaml').exclusion, 'kustomization');
  assert.equal(parseManifestFile('resources:\n- a.yaml\n', '/x/kustomization.yaml').exclusion, 'kustomization');
  const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: 3}\n';
  assert.equal(parseManifestFile(patch, 'patch.yaml', { kustomizePatch: true }).exclusion, 'kustomize-patch');
  assert.equal(parseManifestFile('name: chart\nversion: 1.0.0\n', 'Chart.yaml').exclusion, 'no-kubernetes-objects');
  assert.equal(parseManifestFile('', 'empty.yaml').documents.length, 0);
  assert.equal(parseManifestFile('key: value\n', 'v.yaml', { assumeManifest: true }).documents[0].role, 'incomplete');
});

test('garbage input never throws', () => {
  for (const text of [
    '\u0000\u0001\u0002',
    '{{{{',
    ': : :\n- - -',
    '\t\tkey: [',
    'a: "unterminated',
    '---\n---\n...\n',
    '&a *a',
  ]) {
    const file = parseManifestFile(text, 'g');
    assert.ok(Array.isArray(file.documents));
  }
});

test('paths print as the API server prints them', () => {
  assert.equal(formatPath(['spec', 'containers', 0, 'image']), 'spec.containers[0].image');
  assert.equal(formatPath(['metadata', 'labels', 'app.kubernetes.io/name']), 'metadata.labels[app.kubernetes.io/name]');
  assert.deepEqual(parsePath('spec.containers[0].image'), ['spec', 'containers', 0, 'image']);
});

test('incremental parsing reuses unchanged documents and equals a fresh parse after random edits', () => {
  const docs = [
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n  k: w\n',
    '# comment only\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: yes\n  template: &t\n    metadata: {labels: {app: x}}\n  selector: {matchLabels: {app: x}}\n',
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  ports: [{port: 80}]\n',
  ];
  let text = docs.join('---\n');
  let file = parseManifestFile(text, 'inc.yaml');
  // A tiny deterministic PRNG: the same edits on every run.
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const alphabet = ['a', ' ', '\n', ':', '-', '---\n', '{', '}', 'x: 1\n', '#'];
  for (let round = 0; round < 200; round++) {
    const at = rand(text.length + 1);
    const del = rand(3);
    text = text.slice(0, at) + alphabet[rand(alphabet.length)] + text.slice(at + del);
    const previous = file;
    const reusedSources = new Set(previous.documents.map((d) => d.source));
    file = parseManifestFile(text, 'inc.yaml', { previous });
    const fresh = parseManifestFile(text, 'inc.yaml');
    assert.equal(file.documents.length, fresh.documents.length, `round ${round}`);
    file.documents.forEach((d, i) => {
      const f = fresh.documents[i];
      assert.deepEqual(d.range, f.range, `round ${round} doc ${i}`);
      assert.deepEqual(d.value, f.value, `round ${round} doc ${i}`);
      assert.deepEqual(
        d.problems.map((p) => [p.message, p.range]),
        f.problems.map((p) => [p.message, p.range]),
        `round ${round} doc ${i}`,
      );
      assert.deepEqual(d.ast.range, f.ast.range);
      assert.deepEqual(d.rangeOf(['metadata', 'name']), f.rangeOf(['metadata', 'name']));
      void reusedSources;
    });
    assert.equal(file.exclusion, fresh.exclusion);
  }
});

test('an edit in one document leaves the others parsed once', () => {
  const a = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n';
  const b = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n';
  const v1 = parseManifestFile(`${a}---\n${b}`, 'x');
  const secondAst = v1.documents[1].ast;
  const v2 = parseManifestFile(`${a.replace('name: a', 'name: aa')}---\n${b}`, 'x', { previous: v1 });
  assert.equal(v2.documents[1].ast, secondAst, 'the unchanged document keeps its AST');
  assert.notEqual(v2.documents[0].ast, v1.documents[0].ast);
  assert.equal(v2.documents[1].name, 'b');
  const r = v2.documents[1].rangeOf(['metadata', 'name']);
  assert.equal(v2.text.slice(r.start, r.end), 'b');
});

test('kustomizePatchPaths lists the patch files a kustomization names (all three spellings)', () => {
  const text =
    'resources: [deploy.yaml]\npatchesStrategicMerge:\n- sm.yaml\npatchesJson6902:\n- target: {kind: Deployment}\n  path: json.yaml\npatches:\n- path: p/one.yaml\n- patch: |-\n    - op: remove\n      path: /spec\n';
  assert.deepEqual(kustomizePatchPaths(text, '/k'), ['/k/sm.yaml', '/k/json.yaml', '/k/p/one.yaml']);
  assert.deepEqual(kustomizePatchPaths('not: [valid', '/k'), []);
});
