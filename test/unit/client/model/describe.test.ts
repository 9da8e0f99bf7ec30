import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEventList } from '../../../../client/src/model/describe';
import { describeEvents } from '../../../../kube/describe/events';
import { tabbedString } from '../../../../kube/describe/writer';

const now = Date.parse('2026-11-28T04:10:00Z');

test('events: oldest first, repeated ones as (xN over age), Warning rows kept', () => {
  const events = [
    {
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container',
      source: { component: 'kubelet' },
      firstTimestamp: '2026-11-28T03:10:00Z',
      lastTimestamp: '2026-11-28T04:00:00Z',
      count: 5,
    },
    {
      type: 'Normal',
      reason: 'Scheduled',
      message: 'Successfully assigned default/web-1 to n1',
      source: { component: 'default-scheduler' },
      firstTimestamp: '2026-11-28T03:00:01Z',
      lastTimestamp: '2026-11-28T03:00:01Z',
      count: 1,
    },
    // events.k8s.io-style: eventTime + series, no timestamps.
    {
      type: 'Normal',
      reason: 'Pulled',
      message: 'Image pulled',
      reportingComponent: 'kubelet',
      eventTime: '2026-11-28T04:09:00Z',
      series: { count: 2, lastObservedTime: '2026-11-28T04:09:30Z' },
    },
  ];
  // kubectl sorts by lastTimestamp alone: an events.k8s.io event (no lastTimestamp) sorts first.
  assert.equal(
    tabbedString((w) => describeEvents(events, w, now)),
    [
      'Events:',
      '  Type     Reason     Age                From               Message',
      '  ----     ------     ----               ----               -------',
      '  Normal   Pulled     30s (x2 over 60s)  kubelet            Image pulled',
      '  Normal   Scheduled  69m                default-scheduler  Successfully assigned default/web-1 to n1',
      '  Warning  BackOff    10m (x5 over 60m)  kubelet            Back-off restarting failed container',
      '',
    ].join('\n'),
  );
  const list = formatEventList(events, now).split('\n');
  assert.match(list[0]!, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
  assert.equal(list.length, 5);
});
