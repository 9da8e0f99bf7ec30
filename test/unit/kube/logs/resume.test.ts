// The resume logic of a followed log: which lines a reconnect repeats and which the caller has not seen yet.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  LogResumeTracker,
  parseLogTimestamp,
  resumeOptions,
  sinceTimeParameter,
  type LogTime,
} from '../../../../kube/logs/resume';

const at = (s: string): LogTime => parseLogTimestamp(`${s} x`)!.time;

/** A follower's view: lines go through the tracker, the accepted ones are what the caller sees. */
function deliver(tracker: LogResumeTracker, lines: string[]): string[] {
  return lines.filter((l) => tracker.accept(parseLogTimestamp(l)?.time));
}

test('kubelet timestamps parse to seconds and nanoseconds, with the message start', () => {
  const p = parseLogTimestamp('2026-12-06T01:00:26.877997709Z GET / 200');
  assert.deepEqual(p, {
    time: { seconds: Date.UTC(2026, 11, 6, 1, 0, 26) / 1000, nanos: 877997709 },
    messageStart: 31,
  });
  assert.equal(parseLogTimestamp('2026-12-06T01:00:26.5Z x')!.time.nanos, 500000000);
  assert.equal(parseLogTimestamp('2026-12-06T02:00:26+01:00 x')!.time.seconds, Date.UTC(2026, 11, 6, 1, 0, 26) / 1000);
  assert.equal(parseLogTimestamp('no timestamp here'), undefined);
  assert.equal(parseLogTimestamp('2026-12-06T01:00:26.877997709Z'), undefined, 'a timestamp is followed by a space');
});

test('sinceTime is the resume point rounded down to the second', () => {
  assert.equal(sinceTimeParameter(at('2026-12-06T01:00:26.999999999Z')), '2026-12-06T01:00:26Z');
});

test('after a reconnect, lines up to the last delivered one are dropped, later ones delivered once', () => {
  const t = new LogResumeTracker();
  const before = [
    '2026-12-06T01:00:25.100000000Z a',
    '2026-12-06T01:00:26.100000000Z b',
    '2026-12-06T01:00:26.200000000Z c',
  ];
  assert.deepEqual(deliver(t, before), before);
  t.reconnected();
  // The server sends everything from 01:00:26 on again (sinceTime has whole seconds), then new lines.
  const again = [
    '2026-12-06T01:00:26.100000000Z b',
    '2026-12-06T01:00:26.200000000Z c',
    '2026-12-06T01:00:26.300000000Z d',
    '2026-12-06T01:00:27.000000000Z e',
  ];
  assert.deepEqual(deliver(t, again), [again[2], again[3]]);
});

test('several lines with the very same timestamp: as many as were delivered are skipped, the rest are new', () => {
  const t = new LogResumeTracker();
  const same = '2026-12-06T01:00:26.100000000Z';
  assert.deepEqual(deliver(t, [`${same} one`, `${same} two`]).length, 2);
  t.reconnected();
  assert.deepEqual(deliver(t, [`${same} one`, `${same} two`, `${same} three`, '2026-12-06T01:00:27.000000000Z four']), [
    `${same} three`,
    '2026-12-06T01:00:27.000000000Z four',
  ]);
});

test('a reconnect before any line drops nothing; an older out-of-order line never moves the resume point back', () => {
  const t = new LogResumeTracker();
  t.reconnected();
  assert.deepEqual(deliver(t, ['2026-12-06T01:00:26.1Z a']), ['2026-12-06T01:00:26.1Z a']);
  assert.deepEqual(deliver(t, ['2026-12-06T01:00:20.0Z old']), ['2026-12-06T01:00:20.0Z old']);
  assert.deepEqual(t.resumePoint, at('2026-12-06T01:00:26.1Z'));
});

test('two drops in a row resume from the last delivered line each time', () => {
  const t = new LogResumeTracker();
  deliver(t, ['2026-12-06T01:00:26.1Z a']);
  t.reconnected();
  deliver(t, ['2026-12-06T01:00:26.1Z a']); // the whole replay was cut before anything new
  t.reconnected();
  assert.deepEqual(deliver(t, ['2026-12-06T01:00:26.1Z a', '2026-12-06T01:00:26.2Z b']), ['2026-12-06T01:00:26.2Z b']);
});

test('resume options: from the last line, without tail or since; before any line, pinned to the start', () => {
  const original = { container: 'web', follow: true, tailLines: 5, limitBytes: 100, previous: false };
  const point = at('2026-12-06T01:00:26.5Z');
  assert.deepEqual(resumeOptions(original, point), {
    container: 'web',
    follow: true,
    previous: false,
    timestamps: true,
    limitBytes: undefined,
    tailLines: undefined,
    sinceSeconds: undefined,
    sinceTime: '2026-12-06T01:00:26Z',
  });
  const started = at('2026-12-06T01:00:30Z');
  assert.equal(resumeOptions({ follow: true, tailLines: 0 }, undefined, started).sinceTime, '2026-12-06T01:00:30Z');
  assert.equal(resumeOptions({ follow: true, tailLines: 3 }, undefined, started).tailLines, 3, 'the same tail again');
  const since = resumeOptions({ follow: true, sinceSeconds: 10 }, undefined, started);
  assert.deepEqual([since.sinceTime, since.sinceSeconds], ['2026-12-06T01:00:20Z', undefined]);
});
