// Go's url.Parse + URL.String() (a CSR's URI names as kubectl prints them), against Go itself (vectors/urls): edge
// cases and seeded random strings over URL syntax; an error where Go errs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { goURLString, parseGoURL } from '../../../../../kube/util/go/url';
import { prng } from '../../../seeded';

const vectorsDir = path.resolve(__dirname, '../../../../../../test/unit/kube/util/go/vectors');

const EDGES = [
  'spiffe://example.com/ns/default/sa/web',
  'HTTPS://Example.COM/a%7Eb?q=1#F',
  'https://h.example/a b',
  'https://h.example/a%20b',
  'https://h.example/%7e',
  'urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
  'mailto:x@y.com',
  'http://[::1]:8080/x',
  'http://[fe80::1%25eth0]/',
  'http://user:pw@h.example/%41',
  'http://us%40er@h.example/',
  'file:///etc/x',
  'HTTP://h.example/a/../b/./c',
  'https://h.example/a?b=c d&e=%zz',
  'https://h.example/p#frag ment',
  'https://h.example/p#a%20b',
  'https://h.example/p#a%zz',
  'https://h.example:notaport/',
  'https://h.example:/',
  'https://h.ex ample/',
  'https://h%2eexample/',
  'https://h%C3%A9/',
  'https://hé.example/é?é#é',
  '//h.example/x',
  '///x',
  '/a:b',
  'a:b',
  ':nope',
  '1http://x',
  'x?',
  'x??',
  '*',
  '',
  'http://',
  'http:',
  'http:/x',
  'http://h/?',
  'scheme:opaque?q#f',
  'http://[::1',
  'http://h/\x7f',
  'tel:+1-201-555-0123',
  'http://h/a;b,c$d&e=f+g@h:i',
  "http://h/!*()'",
  "http://h/p#!*()'[]",
];

function randomStrings(n: number): string[] {
  const rand = prng(0x0417);
  const parts = [
    'http',
    'HTTPS',
    'x',
    ':',
    '//',
    '/',
    '?',
    '#',
    '%',
    '%2',
    '%25',
    '%7e',
    '%41',
    '@',
    '[',
    ']',
    '::1',
    ' ',
    'é',
    'a',
    'B',
    '.',
    '..',
    ':80',
    ';',
    '=',
    '&',
    '+',
    '!',
    '*',
    "'",
    '~',
  ];
  return Array.from({ length: n }, () =>
    Array.from({ length: 1 + Math.floor(rand() * 10) }, () => parts[Math.floor(rand() * parts.length)]).join(''),
  );
}

test('parseGoURL + goURLString print what Go prints (or fail where Go fails)', () => {
  const inputs = [...EDGES, ...randomStrings(4000)];
  const theirs = JSON.parse(
    execFileSync('go', ['run', './urls'], {
      cwd: vectorsDir,
      input: JSON.stringify(inputs),
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      env: { ...process.env, GOFLAGS: '-mod=readonly' },
    }),
  ) as string[];
  const wrong: string[] = [];
  inputs.forEach((s, i) => {
    const u = parseGoURL(s);
    const ours = u ? goURLString(u) : 'ERROR';
    if (ours !== theirs[i])
      wrong.push(`${JSON.stringify(s)}: ours ${JSON.stringify(ours)}, Go ${JSON.stringify(theirs[i])}`);
  });
  assert.deepEqual(wrong.slice(0, 25), [], `${wrong.length} of ${inputs.length} differ`);
});
