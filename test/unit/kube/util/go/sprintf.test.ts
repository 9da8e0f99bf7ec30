// fmt.Sprintf(text) with no arguments, against Go itself (vectors/sprintf): kubectl's describers put values into
// format strings, so a URI's `%7E` reaches the reader as `%!E(MISSING)`. Edge cases and seeded random strings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { sprintfNoArgs } from '../../../../../kube/util/go';
import { prng } from '../../../seeded';

const vectorsDir = path.resolve(__dirname, '../../../../../../test/unit/kube/util/go/vectors');

const EDGES = [
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

function randomStrings(n: number): string[] {
  const rand = prng(0x5f1);
  const alphabet = [
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
  return Array.from({ length: n }, () =>
    Array.from({ length: 1 + Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''),
  );
}

test('sprintfNoArgs prints what Go prints for format strings without arguments', () => {
  const inputs = [...EDGES, ...randomStrings(3000)];
  const theirs = JSON.parse(
    execFileSync('go', ['run', './sprintf'], {
      cwd: vectorsDir,
      input: JSON.stringify(inputs),
      encoding: 'utf8',
      maxBuffer: 64 << 20,
      env: { ...process.env, GOFLAGS: '-mod=readonly' },
    }),
  ) as string[];
  const wrong = inputs
    .map((s, i) => [s, sprintfNoArgs(s), theirs[i]])
    .filter(([, ours, go]) => ours !== go)
    .map(([s, ours, go]) => `${JSON.stringify(s)}: ours ${JSON.stringify(ours)}, Go ${JSON.stringify(go)}`);
  assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} of ${inputs.length} differ`);
});
