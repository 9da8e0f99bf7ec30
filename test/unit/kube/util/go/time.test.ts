// time.ParseDuration's results and errors, as Go prints them (kubectl's --since and --pod-running-timeout).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDuration } from '../../../../../kube/util/go';

test('durations in nanoseconds', () => {
  assert.equal(parseDuration('0'), 0);
  assert.equal(parseDuration('1h30m'), 5400e9);
  assert.equal(parseDuration('1.5s'), 1.5e9);
  assert.equal(parseDuration('.5s'), 0.5e9);
  assert.equal(parseDuration('-1s'), -1e9);
  assert.equal(parseDuration('+2ms'), 2e6);
  assert.equal(parseDuration('3us'), 3e3);
  assert.equal(parseDuration('3µs'), 3e3);
  assert.equal(parseDuration('1m0s'), 60e9);
});

test('Go’s errors', () => {
  assert.throws(() => parseDuration('5'), { message: 'time: missing unit in duration "5"' });
  assert.throws(() => parseDuration('5x'), { message: 'time: unknown unit "x" in duration "5x"' });
  assert.throws(() => parseDuration('yesterday'), { message: 'time: invalid duration "yesterday"' });
  assert.throws(() => parseDuration(''), { message: 'time: invalid duration ""' });
  assert.throws(() => parseDuration('-'), { message: 'time: invalid duration "-"' });
  // Past time.Duration's int64 of nanoseconds (about 2562047h47m).
  assert.equal(parseDuration('2562047h'), 2562047 * 3600e9);
  assert.throws(() => parseDuration('2562048h'), { message: 'time: invalid duration "2562048h"' });
  assert.throws(() => parseDuration('-2562048h'), { message: 'time: invalid duration "-2562048h"' });
});
