// The manifest model under hostile YAML: anchors that contain themselves or do not exist, thousands of aliases,
// nesting past what can be composed or what the API server accepts, bytes libyaml's reader refuses. Every case is a
// problem at its place in go-yaml's words (checked against the real API server: see the README's Robustness section).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countAliasWalks } from './aliasWalks';
import { parseManifestFile } from '../../../../analysis/documents';
import { invalidUtf8 } from '../../../../kube/util/yamlGuards';

const cm = (data: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n${data}`;

function problems(text: string, options = {}) {
  const file = parseManifestFile(text, 'f.yaml', options);
  return file.documents.flatMap((d) =>
    d.problems.map((p) => ({
      message: p.message,
      severity: p.severity,
      at: text.slice(p.range.start, p.range.end),
      line: file.positionAt(p.range.start).line + 1,
    })),
  );
}

test('a self-containing anchor is an error at the alias, never a stack overflow; other documents still read', () => {
  const text = cm('data:\n  a: &m {self: *m}\n') + '---\n' + cm('data:\n  b: c\n');
  const file = parseManifestFile(text, 'f.yaml');
  assert.deepEqual(
    file.documents[0].problems.map((p) => [p.message, text.slice(p.range.start, p.range.end)]),
    [["anchor 'm' value contains itself", '*m']],
  );
  assert.equal(file.documents[0].yamlRejected, true);
  assert.deepEqual(file.documents[1].value, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'x' },
    data: { b: 'c' },
  });
  // Through another alias, and in a block mapping.
  assert.deepEqual(
    problems('a: &m\n  b: *m\nc: *m\n').map((p) => p.message),
    ["anchor 'm' value contains itself"],
  );
});

test("an undefined alias is go-yaml's unknown anchor, not a missing field", () => {
  const text = cm('').replace('name: x', 'name: *nope');
  assert.deepEqual(problems(text), [
    { message: "unknown anchor 'nope' referenced", severity: 'error', at: '*nope', line: 4 },
  ]);
  // An anchor defined only after its alias is unknown too (go-yaml reads in order).
  assert.deepEqual(
    problems('a: *later\nb: &later 1\n').map((p) => p.message),
    ["unknown anchor 'later' referenced"],
  );
});

test('aliases resolve in one pass: 8,000 of them never make the yaml package walk the document each', () => {
  const text = cm(
    '  annotations:\n    k: &a v\ndata:\n' + Array.from({ length: 8000 }, (_, i) => `  k${i}: *a\n`).join(''),
  );
  const { result: doc, walks } = countAliasWalks(() => parseManifestFile(text, 'f.yaml').documents[0]);
  assert.equal((doc.value as { data: Record<string, string> }).data.k7999, 'v');
  assert.deepEqual(doc.problems, []);
  // Features follow aliases through the same table.
  const r = doc.rangeOf(['data', 'k7999']);
  assert.equal(text.slice(r.start, r.end), '*a');
  assert.equal(walks, 0);
});

test('nesting: past 10,000 levels an error at the level that exceeds it; past 500 a warning that it is not read', () => {
  const flow = (n: number) => cm(`data:\n  k: ${'['.repeat(n)}${']'.repeat(n)}\n`);
  // root map, data map, then n sequences: 2 + 9,999 = 10,001 levels, one more than the API server accepts.
  const deep = flow(9999);
  const [error] = problems(deep);
  assert.equal(error.severity, 'error');
  assert.equal(
    error.message,
    'exceeded max depth of 10000: the API server refuses nesting deeper than 10000 levels (this document nests 10001)',
  );
  // Marked where the 10,001st level opens: the 9,999th `[` (levels 1 and 2 are the root and `data`).
  const range = parseManifestFile(deep, 'f.yaml').documents[0].problems[0].range;
  assert.equal(range.start, deep.indexOf('k: ') + 3 + 9998);
  assert.equal(error.at, '[');
  assert.deepEqual(
    problems(flow(9998)).map((p) => p.severity),
    ['warning'],
  );
  assert.match(
    problems(flow(9998))[0].message,
    /^nested deeper than 500 levels: kubesense does not read below this point/,
  );
  assert.deepEqual(problems(flow(400)), []);
  // Block nesting (`- - - …`) and nesting built from a chain of aliases are bounded the same way.
  assert.equal(problems(`a:\n${'- '.repeat(12_000)}x\n`)[0].severity, 'error');
  const chain = ['a0: &a0 [x]', ...Array.from({ length: 520 }, (_, i) => `a${i + 1}: &a${i + 1} [*a${i}]`)].join('\n');
  const file = parseManifestFile(chain + '\n', 'f.yaml', { maxAliasExpansion: 10_000_000 });
  assert.ok(file.documents[0].problems.some((p) => /nested deeper than 500 levels/.test(p.message)));
});

test("bytes libyaml's reader refuses: control characters in the text, invalid UTF-8 found by the file's reader", () => {
  assert.deepEqual(problems(cm('data:\n  k: "a\u0001b"\n')), [
    { message: 'control characters are not allowed (U+0001)', severity: 'error', at: '\u0001', line: 6 },
  ]);
  const bytes = Buffer.concat([Buffer.from(cm('data:\n  k: ')), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
  const invalid = invalidUtf8(bytes);
  assert.deepEqual(
    invalid.map((p) => p.message),
    ['invalid leading UTF-8 octet', 'invalid leading UTF-8 octet'],
  );
  const text = bytes.toString('utf8');
  const file = parseManifestFile(text, 'f.yaml', { invalidBytes: invalid });
  assert.deepEqual(
    file.documents[0].problems.map((p) => [p.message, file.positionAt(p.range.start)]),
    [['invalid leading UTF-8 octet', { line: 5, character: 5 }]],
  );
  assert.equal(file.documents[0].yamlRejected, true);
  // libyaml's other verdicts, and offsets that follow the decoded text.
  assert.deepEqual(invalidUtf8(Buffer.from([0x61, 0xc0, 0x62])), [
    { offset: 1, message: 'invalid trailing UTF-8 octet' },
  ]);
  assert.deepEqual(invalidUtf8(Buffer.from([0xc0, 0x80])).slice(0, 1), [
    { offset: 0, message: 'invalid length of a UTF-8 sequence' },
  ]);
  assert.deepEqual(invalidUtf8(Buffer.from([0xed, 0xa0, 0x80])).slice(0, 1), [
    { offset: 0, message: 'invalid Unicode character' },
  ]);
  assert.deepEqual(invalidUtf8(Buffer.from([0x61, 0xe2, 0x82])), [
    { offset: 1, message: 'incomplete UTF-8 octet sequence' },
  ]);
  assert.deepEqual(invalidUtf8(Buffer.from('é🙂ok')), []);
});

test('a binary file is reported as unreadable YAML, not taken for a Helm template', () => {
  const binary = Buffer.from(Array.from({ length: 4000 }, (_, i) => (i * 7919 + 123) % 256));
  const text = '{{ x }}\n' + binary.toString('latin1');
  const file = parseManifestFile(text, 'chart.yaml');
  assert.equal(file.exclusion, undefined);
  // It starts with `{`: kubectl reads it as JSON first, and when the YAML reading fails too (control characters),
  // reports the JSON error.
  assert.match(
    file.documents[0].problems[0].message,
    /^json: invalid character '\{' looking for beginning of object key/,
  );
  assert.equal(file.documents[0].problems.length, 1);
  const yaml = parseManifestFile('x: {{ x }}\n' + binary.toString('latin1'), 'chart.yaml');
  assert.match(yaml.documents[0].problems[0].message, /^control characters are not allowed/);
});
