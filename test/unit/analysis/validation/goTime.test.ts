// Go's time.Parse for metav1.Time (RFC3339) and metav1.MicroTime (RFC3339Micro), against what the real
// kube-apiserver 1.35 answered for a ConfigMap's creationTimestamp and a Lease's renewTime (dry-run create, strict
// field validation; 2026-12-06): undefined where it accepted, its error text otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goTimeParseError, RFC3339, RFC3339_MICRO } from '../../../../analysis/validation/goTime';

const T = '2006-01-02T15:04:05Z07:00';
const M = '2006-01-02T15:04:05.000000Z07:00';
const SERVER: [string, string, string | undefined][] = [
  [RFC3339, '2024-01-01T00:00:00Z', undefined],
  [RFC3339, '2024-01-01t00:00:00z', `parsing time "2024-01-01t00:00:00z" as "${T}": cannot parse "t00:00:00z" as "T"`],
  [RFC3339, '2024-01-01T00:00:00z', `parsing time "2024-01-01T00:00:00z" as "${T}": cannot parse "z" as "Z07:00"`],
  [RFC3339, '2024-01-01 00:00:00Z', `parsing time "2024-01-01 00:00:00Z" as "${T}": cannot parse " 00:00:00Z" as "T"`],
  [RFC3339, '2024-01-01T00:00:00.123Z', undefined],
  [RFC3339, '2024-01-01T00:00:00,123Z', undefined],
  [RFC3339, '2024-01-01T00:00:00.1234567890123Z', undefined],
  [RFC3339, '2024-01-01T00:00:00.Z', `parsing time "2024-01-01T00:00:00.Z" as "${T}": cannot parse ".Z" as "Z07:00"`],
  [
    RFC3339,
    '2024-01-01T00:00:00+0100',
    `parsing time "2024-01-01T00:00:00+0100" as "${T}": cannot parse "+0100" as "Z07:00"`,
  ],
  [RFC3339, '2024-01-01T00:00:00-00:00', undefined],
  [RFC3339, '2024-01-01T00:00:00+24:00', undefined],
  [RFC3339, '2024-01-01T00:00:00+01:60', undefined],
  [
    RFC3339,
    '2024-01-01T00:00:00+25:00',
    'parsing time "2024-01-01T00:00:00+25:00": time zone offset hour out of range',
  ],
  [
    RFC3339,
    '2024-01-01T00:00:00+01:61',
    'parsing time "2024-01-01T00:00:00+01:61": time zone offset minute out of range',
  ],
  [RFC3339, '2024-12-31T23:59:60Z', 'parsing time "2024-12-31T23:59:60Z": second out of range'],
  [RFC3339, '2024-01-01T24:00:00Z', 'parsing time "2024-01-01T24:00:00Z": hour out of range'],
  [RFC3339, '2024-01-01T0:00:00Z', undefined],
  [RFC3339, '2024-02-30T00:00:00Z', 'parsing time "2024-02-30T00:00:00Z": day out of range'],
  [RFC3339, '2023-02-29T00:00:00Z', 'parsing time "2023-02-29T00:00:00Z": day out of range'],
  [RFC3339, '2024-02-29T00:00:00Z', undefined],
  [RFC3339, '0000-01-01T00:00:00Z', undefined],
  [
    RFC3339,
    '10000-01-01T00:00:00Z',
    `parsing time "10000-01-01T00:00:00Z" as "${T}": cannot parse "0-01-01T00:00:00Z" as "-"`,
  ],
  [
    RFC3339,
    '2024-1-01T00:00:00Z',
    `parsing time "2024-1-01T00:00:00Z" as "${T}": cannot parse "1-01T00:00:00Z" as "01"`,
  ],
  [RFC3339, '2024-13-01T00:00:00Z', 'parsing time "2024-13-01T00:00:00Z": month out of range'],
  [RFC3339, '2024-01-01T00:00:00Z ', 'parsing time "2024-01-01T00:00:00Z ": extra text: " "'],
  [RFC3339, '', `parsing time "" as "${T}": cannot parse "" as "2006"`],
  [
    RFC3339,
    '+2024-01-01T00:00:00Z',
    `parsing time "+2024-01-01T00:00:00Z" as "${T}": cannot parse "+2024-01-01T00:00:00Z" as "2006"`,
  ],
  [
    RFC3339_MICRO,
    '2024-01-01T00:00:00Z',
    `parsing time "2024-01-01T00:00:00Z" as "${M}": cannot parse "Z" as ".000000"`,
  ],
  [RFC3339_MICRO, '2024-01-01T00:00:00.123456Z', undefined],
  [RFC3339_MICRO, '2024-01-01T00:00:00,123456Z', undefined],
  [RFC3339_MICRO, '2024-01-01T00:00:00.+12345Z', undefined],
  [
    RFC3339_MICRO,
    '2024-01-01T00:00:00.-12345Z',
    'parsing time "2024-01-01T00:00:00.-12345Z": fractional second out of range',
  ],
  [
    RFC3339_MICRO,
    '2024-01-01T00:00:00.123Z',
    `parsing time "2024-01-01T00:00:00.123Z" as "${M}": cannot parse ".123Z" as ".000000"`,
  ],
  [
    RFC3339_MICRO,
    '2024-01-01T00:00:00.1234567890123Z',
    `parsing time "2024-01-01T00:00:00.1234567890123Z" as "${M}": cannot parse "7890123Z" as "Z07:00"`,
  ],
];

test("Go's time.Parse of metav1.Time and MicroTime: what the server accepts, and its error text", () => {
  for (const [layout, value, expected] of SERVER)
    assert.equal(goTimeParseError(layout, value), expected, `${layout} ${JSON.stringify(value)}`);
});
