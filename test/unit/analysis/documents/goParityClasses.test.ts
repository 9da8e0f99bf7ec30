// One file per class of YAML where kubesense's readers and go-yaml (what kubectl and the API server read manifests
// with) disagreed: each must get go-yaml's verdict, words, line and values (Go itself judges, through
// test/unit/kube/apply/vectors), on the fast path of `kubesense check` and on the language server's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { goStreamReadings } from '../../kube/apply/jsonStreams';
import { difference, pieces } from './goParityCheck';

const CLASSES: Record<string, string> = {
  // go-yaml refuses what the `yaml` package and js-yaml read.
  'a tab before a comment at a line start': 'apiVersion: v1\nkind: ConfigMap\n\t# note\ndata: {}\n',
  'a `...` with no document before it': 'apiVersion: v1\nkind: ConfigMap\n---\n...\n',
  'an empty key after a comment line': '# header\n: value\napiVersion: v1\nkind: ConfigMap\n',
  // go-yaml reads the first node and never parses the rest.
  'content after an indented root mapping': '    name: a\n    namespace: b\n  kind: ConfigMap\n',
  'a mapping after a root plain scalar': '# c\nsome text\n# c\napiVersion: v1\nkind: ConfigMap\n',
  // go-yaml reads what the `yaml` package refuses.
  'a quoted scalar continued at column 0':
    'apiVersion: v1\nkind: ConfigMap\ndata:\n  a: "first\nsecond"\n  b: \'x\ny\'\n',
  // Values.
  'a block scalar ending the text without a line break':
    'apiVersion: v1\nkind: ConfigMap\ndata:\n  run: |\n    echo hi',
  'a lone CR as a line break': 'apiVersion: v1\rkind: ConfigMap\rdata:\r  a: "x"\r',
  // kubectl's own stream reader refuses a separator line with content before any YAML is read.
  'a `---` line with content': 'apiVersion: v1\nkind: ConfigMap\n--- |\n  text\n',
  'a `---x` line inside a document': 'apiVersion: v1\nkind: ConfigMap\ndata:\n---x: 1\n',
  // go-yaml's reader decodes in chunks: a syntax error before a far control character is the error.
  'a syntax error before a control character': `apiVersion: v1\nkind: ConfigMap\ndata:\n  a: b: c\n${'  k: v\n'.repeat(300)}  z: "\x01"\n`,
};

test('go-yaml parity: one file per class that differed', () => {
  const names = Object.keys(CLASSES);
  const texts = names.map((n) => CLASSES[n]);
  for (const fastValues of [true, false]) {
    const all = texts.flatMap((t, i) => pieces(t, i, fastValues));
    const go = goStreamReadings(
      [],
      all.map((p) => Buffer.from(p.text)),
    ).yamlDocuments;
    const differ = all
      .map((p, i) => ({ name: names[p.file], difference: difference(p, go[i]) }))
      .filter((d) => d.difference !== '');
    assert.deepEqual(differ, [], `fastValues ${fastValues}`);
  }
});

test('go-yaml parity: what the classes read as', () => {
  const read = (name: string) =>
    parseManifestFile(CLASSES[name], 'f.yaml', { fastValues: true }).documents.map((d) => ({
      value: d.value,
      problems: d.problems.map((p) => p.message),
    }));
  assert.deepEqual(read('a tab before a comment at a line start')[0].problems, [
    'found a tab character that violates indentation',
  ]);
  assert.deepEqual(read('content after an indented root mapping'), [
    { value: { name: 'a', namespace: 'b' }, problems: [] },
  ]);
  assert.deepEqual(read('a block scalar ending the text without a line break')[0].value, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    data: { run: 'echo hi' },
  });
  assert.deepEqual(read('a quoted scalar continued at column 0')[0], {
    value: { apiVersion: 'v1', kind: 'ConfigMap', data: { a: 'first second', b: 'x y' } },
    problems: [],
  });
  assert.deepEqual(read('a `---` line with content')[1].problems, ['invalid Yaml document separator: |']);
});
