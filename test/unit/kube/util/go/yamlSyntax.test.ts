// goYAMLSyntaxError against go-yaml v2 itself: the Go program in vectors/ runs yaml.Unmarshal (go.yaml.in/yaml/v2
// v2.4.2, the version sigs.k8s.io/yaml v1.6.0 vendors) on every input and the messages must be identical, on
// hand-picked edges for each kind of error and on thousands of seeded mutations of the real YAML in ../shared/k8s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goYAMLSyntaxError } from '../../../../../kube/util/go';
import { prng } from '../../../seeded';
import { goErrors, isGoSyntaxError, mutate, realYAML, sharedK8s } from './goyamlVectors';

const EDGES: string[] = [
  // Valid, single and multiple documents (only the first is read), empty input.
  '',
  'a: 1\n',
  'a: 1\n---\nb: [\n',
  '--- |\n  text\n...\n--- {\n',
  // Simple keys.
  'a: b: c\n',
  'a:\n  b\nc: d\n',
  'key\nother: 1\n',
  'a: 1\n b: 2\n',
  '  a: 1\nb: 2\n',
  'a: 1\n- b\n',
  '- a\nb: 1\n',
  'a:\n- b\n- c\nd: 1\n',
  '- a\n  - b\n',
  'a: b\n  c: d\n',
  'x' + 'y'.repeat(1100) + ': 1\n',
  '? a\n: b\n',
  'a: ? b\n',
  ': a\n',
  'a:\n  : b\n',
  // Tabs.
  'a:\n\tb: 1\n',
  'a: 1\n\t\n',
  'a: b\n\tc\n',
  'a:\n  b\n\tc\n',
  'a: |\n\tb\n',
  'a: |\n  b\n\tc\n',
  '- a\n\t- b\n',
  // Flow collections.
  '[a, b\n',
  '{a: 1\n',
  '{a: 1, b\n',
  '[a, b}\n',
  '{a: 1]\n',
  '[a: 1, b: 2]\n',
  '[? a : b]\n',
  '{a, b: c}\n',
  '{a: 1 b: 2}\n',
  '[a b, c]\n',
  '[a\nb]\n',
  'a: [1, 2\nb: 3\n',
  'a: {x: 1,\n  y: 2\n',
  ']\n',
  '}\n',
  'a: ]\n',
  '[,]\n',
  '{,}\n',
  '[a,,b]\n',
  '- [a, b]]\n',
  '['.repeat(20) + ']'.repeat(19),
  // Depth limits (flow level and indentation stack).
  `a:\n  b: [{c: ${'['.repeat(10_001)}${']'.repeat(10_001)}}]\n`,
  `a:\n${'- '.repeat(10_001)}b\n`,
  // Quoted scalars.
  'a: "abc\n',
  "a: 'abc\n",
  'a: "a\\qb"\n',
  'a: "\\x4"\n',
  'a: "\\uD800"\n',
  'a: "\\U00110000"\n',
  'a: "abc"def\n',
  'a: "x\n---\ny"\n',
  "a: 'x\n...\n'\n",
  'a: "line\\\n  next"\n',
  // Block scalars.
  'a: |x\n  b\n',
  'a: |0\n  b\n',
  'a: |-0\n  b\n',
  'a: >2+ # c\n   b\n',
  'a: | # c\n  b\nc: d\n',
  'a: |\n  b\n c\n',
  '- |\n text\n- >\n  more\n',
  // Anchors, aliases, tags.
  'a: &x 1\nb: *x\n',
  'a: *x\n',
  'a: &\n',
  'a: *\n',
  'a: &x{\n',
  'a: !foo bar\n',
  'a: !!str bar\n',
  'a: !e!foo bar\n',
  'a: !<tag:x> b\n',
  'a: !<tag:x b\n',
  'a: !<> b\n',
  'a: !%41 b\n',
  'a: !%ZZ b\n',
  'a: !%C3 b\n',
  'a: !%C3%A9 b\n',
  'a: !foo,bar b\n',
  'a: !foo{ b\n',
  '&a &b c\n',
  '!a !b c\n',
  '&a !t\n',
  // Directives and documents.
  '%YAML 1.1\n---\na: 1\n',
  '%YAML 1.2\n---\na: 1\n',
  '%YAML 1.1\n%YAML 1.1\n---\na\n',
  '%YAML 1\n---\n',
  '%YAML 123.1\n---\n',
  '%YAML\n---\n',
  '%YAML 1.1 x\n---\n',
  '%TAG !e! tag:example.com:\n---\na: !e!b c\n',
  '%TAG !e! tag:a:\n%TAG !e! tag:b:\n---\na\n',
  '%TAG e tag:a:\n---\n',
  '%TAG !e!tag:a:\n---\n',
  '%TAG !e! \n---\n',
  '%FOO bar\n---\na\n',
  '%\n---\n',
  '%Y1@\n---\n',
  '%YAML 1.1\na: 1\n',
  'a: 1\n%YAML 1.1\n',
  '---\na: 1\n...\nb\n',
  '--- a\n--- b\n',
  'a\n---\n]\n',
  '...\n',
  '--- >\n  x\n...\n',
  // Characters that start no token; control characters (reader errors, found chunk by chunk).
  'a: @b\n',
  'a: `b\n',
  '@\n',
  'a: 1\nb: \x01\n',
  'a: 1\n' + 'b: c\n'.repeat(200) + 'd: \x07\n',
  'a: b: c\n' + 'x: y\n'.repeat(200) + '\x07\n',
  'a: 1\n' + 'b: c\n'.repeat(150) + 'd: e: f\n' + 'x: y\n'.repeat(10) + '\x07\n',
  '\ufeffa: 1\n',
  '\ufeffa: b: c\n',
  // A BOM after the start is content (go-yaml's scanner checks its buffer's first bytes, not the character).
  'a: 1\n\ufeffb: 2\n',
  'a:\n  x: 1\n\ufeff  b: 1\n',
  '\ufeffa:\n b: 1\n',
  // Line breaks other than \n.
  'a: 1\r\nb: c: d\r\n',
  'a: 1\rb: c: d\r',
  'a: 1\u2028b: c: d\n',
  'a: "x\r\n  y\r\n',
  // Plain scalars.
  'a: b # c: d\n',
  'a: b#c: d\n',
  'a: -b\n',
  'a: ?b\n',
  'a: :b\n',
  '- -\n',
  '-a: b\n',
  'a:b: c\n',
  'url: http://x:80\n',
  'a: b\n  # c\n  d: e\n',
];

test('go-yaml syntax errors: hand-picked edges per kind of error', () => {
  const want = goErrors(EDGES);
  const mismatches: string[] = [];
  EDGES.forEach((text, i) => {
    const got = goYAMLSyntaxError(text) ?? '';
    if (got !== want[i])
      mismatches.push(`${JSON.stringify(text)}: go ${JSON.stringify(want[i])} ours ${JSON.stringify(got)}`);
  });
  assert.deepEqual(mismatches, []);
  // The edges do cover errors of every layer, not only valid files.
  assert.ok(want.filter((w) => w !== '').length > EDGES.length / 2);
});

test('go-yaml syntax errors: seeded mutations of real YAML agree with go-yaml', (t) => {
  const sources = realYAML();
  assert.ok(sources.length > 100, `real YAML found under ${sharedK8s}`);
  const rand = prng(20261206);
  const N = 4000;
  const inputs: string[] = [];
  for (let i = 0; i < N; i++) inputs.push(mutate(sources[Math.floor(rand() * sources.length)], rand));
  const want = goErrors(inputs);
  let errors = 0;
  const mismatches: string[] = [];
  inputs.forEach((text, i) => {
    if (want[i] !== '') errors++;
    const got = goYAMLSyntaxError(text) ?? '';
    // Decoding errors (after the syntax is accepted) are not this function's: only compare syntax-level ones.
    const goSyntax = isGoSyntaxError(want[i]) ? want[i] : '';
    if (got !== goSyntax) mismatches.push(`#${i}: go ${JSON.stringify(want[i])} ours ${JSON.stringify(got)}`);
  });
  t.diagnostic(`${errors} of ${N} mutations rejected by go-yaml; ${N - mismatches.length}/${N} messages identical`);
  assert.ok(errors > N / 3, 'the mutations do break files');
  assert.deepEqual(mismatches.slice(0, 20), []);
});
