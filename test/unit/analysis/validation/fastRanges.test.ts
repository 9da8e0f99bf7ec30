// Ranges without the AST (analysis/documents/fastRanges.ts) must be the AST's: on every node of every document
// the fast reader reads in ../shared/k8s and its cel-corpus, a range found the cheap way is compared with the
// `yaml` AST's (ManifestDocument.rangeOf on the full parse), and the cheap way must find most of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseManifestFile } from '../../../../analysis/documents';
import { FastLayout } from '../../../../analysis/documents/fastRanges';
import { fastDocumentReading } from '../../../../analysis/documents/fastValues';
import { listFiles, sharedK8s } from './sharedData';

type Path = (string | number)[];
const MAX_PATHS_PER_DOCUMENT = 200;

/** Every path in a value (the root's included), as rangeOf is asked for them. */
function allPaths(value: unknown, base: Path = [], out: Path[] = []): Path[] {
  out.push(base);
  if (Array.isArray(value)) value.forEach((v, i) => allPaths(v, [...base, i], out));
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) allPaths(v, [...base, k], out);
  return out;
}

test('fast ranges: the AST range of every node found without the AST, on all of ../shared/k8s', () => {
  const files = listFiles(sharedK8s, (f) => /\.ya?ml$/.test(f) && !/\/(cache|registry|openapi-v3|discovery)\//.test(f));
  assert.ok(files.length > 300, `expected the whole of ../shared/k8s, found ${files.length} files`);
  let compared = 0;
  let asked = 0;
  for (const file of files) {
    const full = parseManifestFile(fs.readFileSync(file, 'utf8'), file);
    const rel = path.relative(sharedK8s, file);
    for (const doc of full.documents) {
      if (!fastDocumentReading(doc.source)?.value) continue;
      const layout = new FastLayout(doc.source);
      // Every node of ordinary objects; a sample of the nodes of very large ones (CRD schemas) keeps the run short.
      const paths = allPaths(doc.value);
      const step = Math.max(1, Math.floor(paths.length / MAX_PATHS_PER_DOCUMENT));
      for (const p of paths.filter((_, i) => i % step === 0)) {
        asked++;
        const fast = layout.rangeOf(p);
        if (!fast) continue;
        compared++;
        const expected = doc.rangeOf(p);
        const actual = { start: fast.start + doc.range.start, end: fast.end + doc.range.start };
        assert.deepEqual(actual, expected, `${rel} document ${doc.index}: range of ${JSON.stringify(p)}`);
      }
      const root = layout.rootStart();
      if (root !== undefined) assert.equal(root + doc.range.start, doc.contentStart(), `${rel}: root start`);
    }
  }
  // Plain block layout is the rule in real manifests: the cheap way must answer for most nodes.
  assert.ok(asked > 20_000, `${asked} nodes asked`);
  assert.ok(compared / asked > 0.8, `fast ranges for ${compared} of ${asked} nodes`);
});

test('fast ranges: layouts the line reader does not know are left to the AST', () => {
  const cases: [string, string, Path][] = [
    ['a multi-line plain scalar', 'a:\n  b: one\n    two\n', ['a', 'b']],
    ['a block scalar', 'a: |\n  x\n', ['a']],
    ['a flow collection', 'a: [1, 2]\n', ['a']],
    ['a quoted key', '"a": 1\n', ['a']],
    ['a missing key', 'a: 1\n', ['b']],
    ['an index past the end', 'a:\n  - 1\n', ['a', 1]],
    ['an empty value', 'a:\nb: 1\n', ['a']],
    ['a collection at the end of the text without a newline', 'a:\n  b: 1', ['a']],
    ['a nested sequence on its own line', 'a:\n  -\n    - 1\n', ['a', 0]],
    ['an entry ended by a line that is not a plain key', 'a:\n  b: 1\n  "c": 2\n', ['a', 'b']],
  ];
  for (const [why, text, p] of cases) assert.equal(new FastLayout(text).rangeOf(p), undefined, why);
  // And what it knows: a compact sequence, a mapping in a sequence item, quoted and commented scalars.
  const text = 'a:\n- x: 1\n  z: "two" # c\nb:\n  - 3\n';
  const doc = parseManifestFile(`apiVersion: v1\nkind: A\n${text}`, 'x.yaml').documents[0];
  for (const p of [['a'], ['a', 0], ['a', 0, 'z'], ['b', 0], ['b']] as Path[]) {
    const r = new FastLayout(doc.source).rangeOf(p);
    assert.ok(r, `found ${JSON.stringify(p)}`);
    assert.deepEqual(r, doc.rangeOf(p), JSON.stringify(p));
  }
});

test('fast ranges: a lookup reads only the lines up to the entry after its target', () => {
  // What comes after the target's next sibling cannot move the target: a quoted key further down (which leaves the
  // entry before it to the AST) does not stop the cheap way for the entries before that.
  const text = 'apiVersion: v1\nkind: A\nmetadata:\n  name: n\n  labels:\n    a: b\nspec:\n  x: 1\n"status": {}\n';
  const doc = parseManifestFile(text, 'x.yaml').documents[0];
  const layout = new FastLayout(doc.source);
  for (const p of [['metadata', 'name'], ['metadata', 'labels'], ['metadata'], ['kind']] as Path[]) {
    const r = layout.rangeOf(p);
    assert.ok(r, `found ${JSON.stringify(p)}`);
    assert.deepEqual(r, doc.rangeOf(p), JSON.stringify(p));
  }
  assert.equal(layout.rangeOf(['spec', 'x']), undefined, 'an entry ended by a quoted key');
  const items = 'a:\n- 1\n- 2\nb: 3\n';
  const list = parseManifestFile(`apiVersion: v1\nkind: A\n${items}`, 'x.yaml').documents[0];
  for (const p of [['a', 0], ['a', 1], ['b']] as Path[])
    assert.deepEqual(new FastLayout(list.source).rangeOf(p), list.rangeOf(p), JSON.stringify(p));
});
