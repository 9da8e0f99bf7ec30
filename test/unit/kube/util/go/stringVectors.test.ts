// What Go makes of strings, against Go itself (vectors/strings): fmt.Sprintf(text) without arguments (kubectl's
// describers put values into format strings, so a URI's `%7E` reaches the reader as `%!E(MISSING)`), and url.Parse +
// URL.String() (a CSR's URI names; an error where Go errs). Edge cases and seeded random strings for each.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { goURLString, parseGoURL, sprintfNoArgs } from '../../../../../kube/util/go';
import { prng } from '../../../seeded';

const vectorsDir = path.resolve(__dirname, '../../../../../../test/unit/kube/util/go/vectors');

const SPRINTF_EDGES = [
  '',
  'plain',
  '%',
  '%%',
  '100%',
  'a%7Eb',
  '%s',
  '%d%v',
  '%-08.3f',
  '%[1]d',
  '%[0]d',
  '%[2',
  '%[x]d',
  '%[]d',
  '%[1]2d',
  '%[1].2d',
  '%.[1]d',
  '%*d',
  '%.*d',
  '%.',
  '%5',
  '%#',
  '%é',
  '%9999999d',
  'a%%b%c',
  '%!',
  '%[1]',
  '%.2',
];

const URL_EDGES = [
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

const SPRINTF_PIECES = [
  '%',
  '%',
  '%',
  '[',
  ']',
  '*',
  '.',
  '0',
  '1',
  '2',
  '9',
  '#',
  '+',
  '-',
  ' ',
  'v',
  'd',
  'E',
  's',
  'x',
  'é',
  'a',
];

const URL_PIECES = [
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

/** n strings of 1…maxPieces pieces, from a fixed seed. */
function randomStrings(seed: number, pieces: readonly string[], maxPieces: number, n: number): string[] {
  const rand = prng(seed);
  return Array.from({ length: n }, () =>
    Array.from({ length: 1 + Math.floor(rand() * maxPieces) }, () => pieces[Math.floor(rand() * pieces.length)]).join(
      '',
    ),
  );
}

const sprintfInputs = [...SPRINTF_EDGES, ...randomStrings(0x5f1, SPRINTF_PIECES, 12, 3000)];
const urlInputs = [...URL_EDGES, ...randomStrings(0x0417, URL_PIECES, 10, 4000)];

let go: { sprintf: string[]; urls: string[] } | undefined;
function goSays(): { sprintf: string[]; urls: string[] } {
  go ??= JSON.parse(
    execFileSync('go', ['run', './strings'], {
      cwd: vectorsDir,
      input: JSON.stringify({ sprintf: sprintfInputs, urls: urlInputs }),
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      env: { ...process.env, GOFLAGS: '-mod=readonly' },
    }),
  ) as { sprintf: string[]; urls: string[] };
  return go;
}

/** The inputs where ours and Go's differ, as readable lines. */
function differences(inputs: string[], ours: (s: string) => string, theirs: string[]): string[] {
  return inputs
    .map((s, i) => [s, ours(s), theirs[i]])
    .filter(([, a, b]) => a !== b)
    .map(([s, a, b]) => `${JSON.stringify(s)}: ours ${JSON.stringify(a)}, Go ${JSON.stringify(b)}`);
}

test('sprintfNoArgs prints what Go prints for format strings without arguments', () => {
  const wrong = differences(sprintfInputs, sprintfNoArgs, goSays().sprintf);
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} of ${sprintfInputs.length} differ`);
});

test('parseGoURL + goURLString print what Go prints (or fail where Go fails)', () => {
  const ours = (s: string) => {
    const u = parseGoURL(s);
    return u ? goURLString(u) : 'ERROR';
  };
  const wrong = differences(urlInputs, ours, goSays().urls);
  assert.deepEqual(wrong.slice(0, 25), [], `${wrong.length} of ${urlInputs.length} differ`);
});
