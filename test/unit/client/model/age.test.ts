import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageOf, humanDuration, laterDuration, parseHumanDuration } from '../../../../client/src/model/age';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

// The cases of k8s.io/apimachinery/pkg/util/duration's TestHumanDuration, so ages match kubectl's.
test('ages read like kubectl get', () => {
  const cases: [number, string][] = [
    [1 * s, '1s'],
    [70 * s, '70s'],
    [190 * s, '3m10s'],
    [70 * m, '70m'],
    [47 * h, '47h'],
    [49 * h, '2d1h'],
    [(8 * 24 + 2) * h, '8d'],
    [367 * d, '367d'],
    [(365 * 2 * 24 + 25) * h, '2y1d'],
    [(365 * 8 * 24 + 2) * h, '8y'],
    [-1 * s, '0s'],
    [-3 * s, '<invalid>'],
    [5 * h, '5h'],
    [5 * h + 30 * m, '5h30m'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, `${ms} ms`);
});

test('age of a creationTimestamp', () => {
  assert.equal(ageOf('2026-01-01T00:00:00Z', Date.parse('2026-01-01T00:02:05Z')), '2m5s');
  assert.equal(ageOf(undefined, 0), '');
  assert.equal(ageOf('not a time', 0), '');
});

test('server-printed relative times are read back and moved on by the time since they were printed', () => {
  // Every kubectl age reads back to a duration that prints the same again.
  for (const ms of [1 * s, 70 * s, 190 * s, 70 * m, 5 * h + 30 * m, 47 * h, 49 * h, 367 * d, (365 * 2 * 24 + 25) * h])
    assert.equal(humanDuration(parseHumanDuration(humanDuration(ms))!), humanDuration(ms));
  assert.equal(parseHumanDuration('<none>'), undefined);
  assert.equal(parseHumanDuration(''), undefined);
  assert.equal(laterDuration('23m', 1 * h), '83m');
  assert.equal(laterDuration('5h', 2 * d), '2d5h');
  assert.equal(laterDuration('<none>', 1 * h), '<none>');
});
