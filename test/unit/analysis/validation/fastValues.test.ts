// `kubesense check` reads documents with the fast reader (analysis/documents/fastValues.ts) and builds the
// `yaml` AST only for documents with something to report. The diagnostics must be exactly those of the full
// reader (messages, ranges, fixes), on every file of ../shared/k8s and its cel-corpus.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseManifestFile } from '../../../../analysis/documents';
import { fastDocumentValue } from '../../../../analysis/documents/fastValues';
import { validate } from '../../../../analysis/validation';
import { listFiles, sharedK8s, storeFor } from './sharedData';

const yamlFiles = (dir: string): string[] =>
  listFiles(dir, (f) => /\.(ya?ml|json)$/.test(f) && !/\/(cache|registry|openapi-v3|discovery)\//.test(f));

test('fast reader: identical diagnostics, ranges included, on all of ../shared/k8s and cel-corpus', async () => {
  const store = storeFor('1.35', ['crds', 'corpus/kube-prometheus/manifests/setup', 'cel-corpus']);
  const files = yamlFiles(sharedK8s);
  assert.ok(
    files.some((f) => f.includes('/cel-corpus/')),
    'cel-corpus is part of the comparison',
  );
  assert.ok(files.length > 300, `expected the whole of ../shared/k8s, found ${files.length} files`);
  let fastDocuments = 0;
  let withDiagnostics = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    // As check reads a file named on the command line that holds no Kubernetes object, too.
    const readings = parseManifestFile(text, file).exclusion === 'no-kubernetes-objects' ? [false, true] : [false];
    for (const assumeManifest of readings) {
      const full = parseManifestFile(text, file, { assumeManifest });
      const fast = parseManifestFile(text, file, { assumeManifest, fastValues: true });
      const rel = path.relative(sharedK8s, file);
      assert.equal(fast.exclusion, full.exclusion, `${rel}: exclusion`);
      assert.deepEqual(
        fast.documents.map((d) => [d.role, d.range, d.value]),
        full.documents.map((d) => [d.role, d.range, d.value]),
        `${rel}: documents and values`,
      );
      const expected = await validate(full, store);
      const actual = await validate(fast, store);
      assert.deepEqual(actual, expected, `${rel}: diagnostics`);
      if (!assumeManifest) {
        fastDocuments += fast.documents.filter((d) => fastDocumentValue(d.source)).length;
        if (expected.length > 0) withDiagnostics++;
      }
    }
  }
  // The comparison means something only if both kinds of documents occur in quantity.
  assert.ok(fastDocuments > 1000, `fast reader used for ${fastDocuments} documents`);
  assert.ok(withDiagnostics > 50, `${withDiagnostics} files with diagnostics`);
});

test('fast reader: gives way to the full reader where the reading itself is a finding', () => {
  const base = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
  assert.deepEqual(fastDocumentValue(`${base}data:\n  count: "3"\n`), {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'a' },
    data: { count: '3' },
  });
  assert.deepEqual(fastDocumentValue('a: 31\nb: 1.5\nd:\ne: true\n'), { a: 31, b: 1.5, d: null, e: true });
  assert.equal(fastDocumentValue('---\n# only a comment\n\n'), null, 'an empty document');
  for (const [why, text] of [
    ['YAML 1.1 boolean', `${base}data:\n  n: yes\n`],
    ['octal', `${base}data:\n  mode: 0777\n`],
    ['hexadecimal', `${base}data:\n  mode: 0x1F\n`],
    ['null written as a word', `${base}data: null\n`],
    ['a key YAML 1.1 reads as true', `${base}on: x\n`],
    ['a key YAML 1.1 reads as false', `${base}data:\n  n: "3"\n`],
    ['duplicate key', `${base}metadata: {}\n`],
    ['alias', `${base}data: &d {a: b}\nx: *d\n`],
    ['tag', `${base}data: !!str 3\n`],
    ['merge key', `${base}data:\n  <<: {a: b}\n`],
    ['merge key with a block mapping', `${base}data:\n  k: v\n  <<:\n    a: b\n`],
    ['merge key with a list of mappings', `${base}data:\n  <<:\n    - {a: b}\n`],
    ['merge key in a flow mapping', `${base}data: {<<: {a: b}, c: d}\n`],
    ['quoted "<<" key (a plain key in go-yaml, but not told apart here)', `${base}data:\n  "<<": x\n`],
    ['syntax error', `${base}data: [a\n`],
    ['empty key', `${base}: x\n`],
    ['not a mapping', '- a\n'],
    ['nested deeper than the fast reader goes', `a: ${'['.repeat(150)}${']'.repeat(150)}\n`],
  ]) {
    assert.equal(fastDocumentValue(text), undefined, why);
  }
});

test('fast reader: `<<` that is not a key (a heredoc in a script, a value) is read the fast way', () => {
  const base = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n';
  assert.deepEqual(fastDocumentValue(`${base}data:\n  run: |\n    cat <<EOF\n    x\n    EOF\n  shift: a << 2\n`), {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'a' },
    data: { run: 'cat <<EOF\nx\nEOF\n', shift: 'a << 2' },
  });
  // As the full reader reads it: a plain `<<` value is the string.
  const text = `${base}data:\n  x: <<\n`;
  assert.deepEqual(fastDocumentValue(text), parseManifestFile(text, 'a.yaml').documents[0].value);
});

test('fast reader: a control character in one document sends that document alone to the full reader', () => {
  const text = 'a: "1"\n---\nb: "x\u0001y"\n---\nc: "3"\n';
  const fast = parseManifestFile(text, 'a.yaml', { fastValues: true, assumeManifest: true });
  const full = parseManifestFile(text, 'a.yaml', { assumeManifest: true });
  assert.deepEqual(
    fast.documents.map((d) => [d.value, d.problems]),
    full.documents.map((d) => [d.value, d.problems]),
  );
  assert.match(fast.documents[1].problems[0]?.message ?? '', /control characters are not allowed/);
  // The others were read the fast way: no AST was built for them (yamlRejected needs none).
  assert.equal(fast.documents[0].knownWithoutNulls, true);
  assert.equal(fast.documents[2].knownWithoutNulls, true);
});
