// kube/describe's building blocks with Go's rules: text/tabwriter's column blocks, Quantity sums and their
// canonical text, label selectors. Whole describer outputs are compared with kubectl in
// test/integration/cli/describe.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tabbed } from '../../../../kube/describe/tabwriter';
import {
  formatLabelSelector,
  printAnnotationsMultiline,
  selectorString,
  tabbedString,
} from '../../../../kube/describe/writer';
import { smartLabelFor } from '../../../../kube/describe/core';
import { sumQuantities } from '../../../../kube/util/quantity';

test('tabwriter: a column is aligned per block of consecutive lines that have it', () => {
  assert.equal(
    tabbed('Name:\tx\nLabels:\ta=b\n\tc=d\nEvents:\n  Type\tReason\n  ----\t------\n'),
    'Name:    x\nLabels:  a=b\n         c=d\nEvents:\n  Type  Reason\n  ----  ------\n',
  );
  // A line with fewer cells ends the inner column's block but not the outer one's.
  assert.equal(tabbed('a\tbb\tc\nlonger\td\n'), 'a       bb  c\nlonger  d\n');
  // Widths count characters, not UTF-16 units or bytes.
  assert.equal(tabbed('é\tx\nab\ty\n'), 'é   x\nab  y\n');
});

test('annotations: long or multi-line values go on their own lines, cut at 140 bytes', () => {
  const text = tabbedString((w) =>
    printAnnotationsMultiline(w, 'Annotations', { b: 'x'.repeat(150), a: 'short', c: 'one\ntwo\n' }),
  );
  assert.equal(
    text,
    `Annotations:  a: short\n              b:\n                ${'x'.repeat(138)}...\n              c:\n                one\n                two\n`,
  );
});

test('label selectors print as kubectl prints them', () => {
  const sel = {
    matchLabels: { tier: 'web', app: 'x' },
    matchExpressions: [
      { key: 'env', operator: 'In', values: ['prod', 'dev'] },
      { key: 'gpu', operator: 'DoesNotExist' },
      { key: 'zone', operator: 'Exists' },
    ],
  };
  assert.equal(selectorString(sel), 'app=x,env in (dev,prod),!gpu,tier=web,zone');
  assert.equal(formatLabelSelector({}), '<none>');
  assert.equal(formatLabelSelector(undefined), '<none>');
});

test('generic describer field labels: camelCase split and title-cased, known acronyms kept', () => {
  assert.deepEqual(
    ['holderIdentity', 'apiVersion', 'leaseDurationSeconds', 'podCIDR', 'x_y', 'ownerUID', 'kind'].map(smartLabelFor),
    ['Holder Identity', 'API Version', 'Lease Duration Seconds', 'Pod CIDR', 'x_y', 'Owner UID', 'Kind'],
  );
});

test('quantity sums keep the first operand format and print canonically', () => {
  assert.equal(sumQuantities(['250m', '100m']), '350m');
  assert.equal(sumQuantities(['500m', '500m']), '1');
  assert.equal(sumQuantities(['64Mi', '1Gi']), '1088Mi');
  assert.equal(sumQuantities(['512Mi', '512Mi']), '1Gi');
  assert.equal(sumQuantities(['1.5Gi']), '1536Mi');
  assert.equal(sumQuantities(['1k', '1500']), '2500');
  assert.equal(sumQuantities(['2k', '1']), '2001');
  assert.equal(sumQuantities(['3', '3']), '6');
  assert.equal(sumQuantities(['600', '600']), '1200');
  assert.equal(sumQuantities([]), '0');
});
