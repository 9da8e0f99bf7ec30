// Regular expressions as Go's regexp runs them (CEL matches/find/findAll, OpenAPI `pattern`). Each expectation is
// the real API server's answer in celRe2.test.ts (integration), where JavaScript's RegExp answers differently.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openapiPattern, re2Error, re2Find, re2FindAll, re2Test } from '../../../../analysis/validation/re2';
import { kubernetesCelEnvironment, withRe2Matches } from '../../../../analysis/validation/celLibrary';
import { formatValue } from '../../../../analysis/validation/messages';

const MATCHES: [string, string, boolean][] = [
  ['^[[:^alpha:]]+$', '123', true], // JavaScript: a class of `[:^alph` and `]+`
  ['^[[:^alpha:]]+$', 'a1', false],
  ['^.$', '😀', true], // one code point (two UTF-16 units)
  ['^[^a]$', '😀', true],
  ['a\\z', 'a\n', false],
  ['(?i)^abc$', 'ABC', true],
  ['^a(?i)bc$', 'aBC', true], // a flag in the middle
  ['^(?i:a)b$', 'Ab', true],
  ['(?s)^a.b$', 'a\nb', true],
  ['^a.b$', 'a\rb', true], // JavaScript's `.` refuses \r
  ['(?m)^b$', 'a\nb', true],
  ['^\\pL+$', 'ŁÓDŹ', true],
  ['^\\p{Greek}+$', 'αβγ', true],
  ['^\\Q.*\\E$', '.*', true],
  ['^\\Q.*\\E$', 'a.*', false],
  ['^\\s$', '\u000b', false], // RE2's \s is [\t\n\f\r ]
  ['^\\s$', '\u00a0', false],
  ['^\\s$', '\f', true],
  ['^a{,2}$', 'a{,2}', true], // a literal in RE2
  ['^[\\x{1F600}-\\x{1F64F}]$', '😀', true],
];

test('RE2 matching differs from JavaScript where the server says so', () => {
  for (const [p, s, want] of MATCHES) {
    assert.equal(re2Test(p, s), want, `${p} on ${JSON.stringify(s)}`);
    assert.equal(openapiPattern(p).test(s), want, `pattern ${p} on ${JSON.stringify(s)}`);
  }
});

test('findAll follows Go: no empty match right after a match, empty matches step one code point', () => {
  assert.deepEqual(re2FindAll('a*', 'baaa'), ['', 'aaa']); // JavaScript's matchAll: ['', 'aaa', '']
  assert.deepEqual(re2FindAll('x*', 'abc'), ['', '', '', '']);
  assert.deepEqual(re2FindAll('x*', '😀'), ['', '']);
  assert.deepEqual(re2FindAll('(?U)a+', 'aaa'), ['a', 'a', 'a']);
  assert.deepEqual(re2FindAll('\\b', 'ab cd', 2), ['', '']);
  assert.equal(re2Find('.', '😀x'), '😀');
});

test('patterns RE2 rejects are errors with Go’s words; duplicate group names are accepted as Go does', () => {
  assert.equal(re2Error('(a)\\1'), 'error parsing regexp: invalid escape sequence: `\\1`');
  assert.equal(re2Error('a(?=b)'), 'error parsing regexp: invalid or unsupported Perl syntax: `(?=`');
  assert.equal(re2Error('(?<=a)b'), 'error parsing regexp: invalid named capture: `(?<=a)b`');
  assert.equal(re2Error('a{1001}'), 'error parsing regexp: invalid repeat count: `{1001}`');
  assert.equal(re2Error('(?P<n>a)(?P<n>b)'), undefined);
  assert.equal(re2Test('(?P<n>a)(?P<n>b)', 'ab'), true);
  // a pattern RE2 rejects never refuses a value (the server refuses the schema itself)
  assert.equal(openapiPattern('(a)\\1').test('x'), true);
});

test('CEL regex functions: RE2 semantics and the run-time errors cel-go and the Kubernetes library report', () => {
  const env = kubernetesCelEnvironment();
  const run = (rule: string, self: unknown) => env.evaluate(withRe2Matches(rule), { self });
  assert.equal(run("self.matches('^[[:^alpha:]]+$')", '123'), true);
  assert.deepEqual(run("self.findAll('a*')", 'baaa'), ['', 'aaa']);
  assert.throws(() => run('self.matches(self)', '(a)\\1'), /^.*error parsing regexp: invalid escape sequence/);
  assert.throws(() => run("self.find(self) == ''", '(a)\\1'), /Illegal regex: error parsing regexp/);
});

test('values are quoted as Go quotes them (%q)', () => {
  assert.equal(formatValue('a\u000b\u00a0\u2028é😀"\\\n\x01'), '"a\\v\\u00a0\\u2028é😀\\"\\\\\\n\\x01"');
});
