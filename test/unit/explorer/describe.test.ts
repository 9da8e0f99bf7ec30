import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  describeObject,
  formatEventList,
  formatEvents,
  titleCase,
  type DescribeInput,
} from '../../../client/src/model/describe';
import { sharedK8s } from './paths';

const now = Date.parse('2026-11-28T04:10:00Z');

test('keys are titled the way kubectl describe titles them', () => {
  assert.deepEqual(
    ['creationTimestamp', 'podIP', 'dnsPolicy', 'qosClass', 'terminationGracePeriodSeconds', 'hostIPs'].map(titleCase),
    ['Creation Timestamp', 'Pod IP', 'DNS Policy', 'QoS Class', 'Termination Grace Period Seconds', 'Host IPs'],
  );
});

test('a real Deployment manifest reads as a describe summary', () => {
  const obj = parse(
    fs.readFileSync(path.join(sharedK8s, 'manifests/kubectl-validate/deployment_with_strategy.yaml'), 'utf8'),
  ) as DescribeInput['object'];
  const text = describeObject({ object: obj, events: [], now });
  const lines = text.split('\n');
  assert.match(lines[0]!, /^Name:\s+\S+$/);
  assert.ok(lines.includes('Kind:         Deployment'));
  assert.ok(lines.some((l) => /^Spec:$/.test(l)));
  assert.ok(
    lines.some((l) => /^  Strategy:$/.test(l)),
    'nested maps become indented sections',
  );
  assert.ok(
    lines.some((l) => /^\s+- Name:\s+\S+/.test(l)),
    'list items are marked with -',
  );
  assert.equal(lines.at(-2), 'Events:       <none>', 'aligned with the other top-level values');
  // Label keys are user data: printed verbatim, not title-cased.
  if (obj.metadata?.labels) assert.ok(!/Labels:\s+[A-Z]/.test(text) || /Labels:\s+<none>/.test(text));
});

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
  assert.deepEqual(
    formatEvents(events, now),
    [
      'Events:',
      '  Type     Reason     Age                From               Message',
      '  ----     ------     ----               ----               -------',
      '  Normal   Scheduled  69m                default-scheduler  Successfully assigned default/web-1 to n1',
      '  Warning  BackOff    10m (x5 over 60m)  kubelet            Back-off restarting failed container',
      '  Normal   Pulled     30s (x2 over 60s)  kubelet            Image pulled',
    ].map((l) => l.replace('----               ----', '---                ----')),
  );
  const list = formatEventList(events, now).split('\n');
  assert.match(list[0]!, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
  assert.equal(list.length, 5);
});
