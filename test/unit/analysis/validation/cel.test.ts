// The parts of CEL evaluation that need no cluster, with expectations from the Kubernetes and Go sources they port:
// property-name escaping (k8s.io/apiserver/pkg/cel/escaping.go), RE2 patterns as JavaScript ones, the renaming of
// matches() to the RE2-aware function. The integration tests compare everything else with the real API server.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { escapeProperty } from '../../../../analysis/validation/cel';
import { kubernetesCelEnvironment, withRe2Matches } from '../../../../analysis/validation/celLibrary';
import { re2Test } from '../../../../analysis/validation/re2';

test('property names are escaped as the API server escapes them', () => {
  const cases: [string, string | undefined][] = [
    ['name', 'name'],
    ['my-field', 'my__dash__field'],
    ['a.b', 'a__dot__b'],
    ['a/b', 'a__slash__b'],
    ['x__y', 'x__underscores__y'],
    ['namespace', '__namespace__'],
    ['in', '__in__'],
    ['1abc', undefined],
    ['', undefined],
    ['with space', undefined],
  ];
  for (const [name, want] of cases) assert.equal(escapeProperty(name), want, name);
});

test('RE2 patterns: POSIX classes, \\A and \\z, named groups, leading flags', () => {
  const cases: [string, string, boolean][] = [
    ['^[[:alpha:]]+$', 'abcXYZ', true],
    ['^[[:alpha:]]+$', 'abc1', false],
    ['^[^%[:cntrl:]]+$', 'a b', true],
    ['^[^%[:cntrl:]]+$', 'a\tb', false],
    ['^[[:xdigit:]]{4}$', 'beEF', true],
    ['\\Aab\\z', 'ab', true],
    ['\\Aab\\z', 'ab\n', false],
    ['^(?P<word>[a-z]+)$', 'abc', true],
    ['(?i)^abc$', 'ABC', true],
  ];
  for (const [re, s, want] of cases) assert.equal(re2Test(re, s), want, `${re} on ${JSON.stringify(s)}`);
});

test('matches() calls are renamed outside string literals only', () => {
  assert.equal(withRe2Matches("self.matches('^a')"), "self.re2Matches('^a')");
  assert.equal(withRe2Matches("matches(self, 'x')"), "re2Matches(self, 'x')");
  assert.equal(withRe2Matches("self == 'matches(x)'"), "self == 'matches(x)'");
  assert.equal(withRe2Matches('self.matches(r"a\\d") && self.matchesX'), 'self.re2Matches(r"a\\d") && self.matchesX');
  const env = kubernetesCelEnvironment();
  assert.equal(env.evaluate(withRe2Matches("self.matches('^[[:digit:]]+$')"), { self: '123' }), true);
  assert.equal(env.evaluate(withRe2Matches("matches(self, '^[[:digit:]]+$')"), { self: '12a' }), false);
});
