// metav1.Duration crosses the wire as nanoseconds and JSON as Go's time.Duration.String(); request bodies need
// the inverse (time.ParseDuration). Expected strings are Go's own (time package documentation and tests).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { formatGoDuration, parseGoDuration } from '../../../../kube/protobuf/plan';

const CASES: [string, bigint][] = [
  ['0s', 0n],
  ['1ns', 1n],
  ['1.1µs', 1100n],
  ['2.2ms', 2_200_000n],
  ['3.3s', 3_300_000_000n],
  ['4m5s', 245_000_000_000n],
  ['4m5.001s', 245_001_000_000n],
  ['5h6m7.001s', 18_367_001_000_000n],
  ['8m0.000000001s', 480_000_000_001n],
  ['-1h30m0s', -5_400_000_000_000n],
];

describe('Go durations', () => {
  test('format as time.Duration.String() and parse back as time.ParseDuration', () => {
    for (const [text, nanos] of CASES) {
      assert.equal(formatGoDuration(nanos), text);
      assert.equal(parseGoDuration(text), nanos, text);
    }
    assert.equal(parseGoDuration('1.5h'), 5_400_000_000_000n);
    assert.equal(parseGoDuration('300ms'), 300_000_000n);
    assert.equal(parseGoDuration('1us'), 1000n);
    assert.throws(() => parseGoDuration('5'), /invalid duration/);
    assert.throws(() => parseGoDuration(''), /invalid duration/);
  });
});
