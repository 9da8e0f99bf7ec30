// The "Set Namespace…" quick pick's items: listed namespaces sorted, the current one marked, a typed name
// that is not listed offered last, as is.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { namespacePickItems, pickForTyped } from '../../../../client/src/model/namespacePick';

test('namespaces sorted, the current one marked', () => {
  const items = namespacePickItems(['shop', 'default', 'kube-system'], 'shop', '');
  assert.deepEqual(
    items.map((i) => [i.label, i.description]),
    [
      ['default', undefined],
      ['kube-system', undefined],
      ['shop', 'current'],
    ],
  );
});

test('a typed name that is not listed comes last, after listed matches; a listed one is not repeated', () => {
  const typed = namespacePickItems(['default', 'shop'], 'default', ' team-b ');
  assert.deepEqual(typed[2], {
    label: 'team-b',
    namespace: 'team-b',
    description: 'not in the cluster’s list: use as typed',
  });
  assert.equal(typed.length, 3);
  assert.equal(namespacePickItems(['default', 'shop'], 'default', 'shop').length, 2);
  // Nothing could be listed (no rights): typing is the way to choose.
  assert.deepEqual(namespacePickItems([], 'default', 'team-a'), [
    { label: 'team-a', namespace: 'team-a', description: 'use as typed' },
  ]);
});

test('Enter takes the first listed namespace containing what is typed, else the typed name', () => {
  const names = ['default', 'monitoring', 'shop'];
  assert.equal(pickForTyped(namespacePickItems(names, 'default', 'monitor'), 'monitor')?.namespace, 'monitoring');
  assert.equal(pickForTyped(namespacePickItems(names, 'default', 'HOP'), 'HOP')?.namespace, 'shop');
  assert.equal(pickForTyped(namespacePickItems(names, 'default', 'team-b'), 'team-b')?.namespace, 'team-b');
  assert.equal(pickForTyped(namespacePickItems(names, 'default', ''), ''), undefined);
});
