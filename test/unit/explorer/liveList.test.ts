import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveObjectList, type ListChange, type Scheduler } from '../../../client/src/model/liveList';
import type { ObjectRow } from '../../../client/src/model/table';

/** A scheduler the test flushes by hand, so batching is deterministic. */
function manual(): { scheduler: Scheduler; pending: () => number } {
  let count = 0;
  return {
    scheduler: () => {
      count++;
      return { cancel: () => count-- };
    },
    pending: () => count,
  };
}

const row = (name: string, rv: string, ns = 'default'): ObjectRow => ({
  key: `${ns}/${name}`,
  name,
  namespace: ns,
  resourceVersion: rv,
  cells: [name],
});

test('keeps rows in namespace/name order through inserts and deletes', () => {
  const list = new LiveObjectList(manual().scheduler);
  list.replace([row('c', '1'), row('a', '1')]);
  list.upsert(row('b', '2'));
  list.upsert(row('z', '3', 'alpha'));
  list.remove('default/a');
  assert.deepEqual(list.keys(), ['alpha/z', 'default/b', 'default/c']);
  assert.equal(list.size, 3);
});

test('a burst of events becomes one change batch with adds, updates and removes kept apart', () => {
  const m = manual();
  const list = new LiveObjectList(m.scheduler);
  const changes: ListChange[] = [];
  list.onChange((c) => changes.push(c));
  list.replace([row('a', '1'), row('b', '1')]);
  list.flush();
  assert.equal(changes.length, 1);
  assert.equal(changes[0]!.reset, true);

  list.upsert(row('a', '2'));
  list.upsert(row('c', '1'));
  list.upsert(row('c', '2'));
  list.remove('default/b');
  list.upsert(row('a', '2'));
  assert.equal(m.pending(), 1, 'one flush scheduled for the whole burst');
  list.flush();
  assert.equal(changes.length, 2);
  const c = changes[1]!;
  assert.deepEqual([...c.added], ['default/c'], 'an object added and changed in the batch is just added');
  assert.deepEqual([...c.updated], ['default/a']);
  assert.deepEqual([...c.removed], ['default/b']);
});

test('an unchanged resourceVersion is not a change; add-then-delete in one batch is nothing', () => {
  const list = new LiveObjectList(manual().scheduler);
  const changes: ListChange[] = [];
  list.onChange((c) => changes.push(c));
  list.replace([row('a', '5')]);
  list.flush();
  list.upsert(row('a', '5'));
  list.upsert(row('tmp', '6'));
  list.remove('default/tmp');
  list.flush();
  assert.equal(changes.length, 1, 'nothing to report');
});

test('first page shows before the rest, later pages append in order', () => {
  const list = new LiveObjectList(manual().scheduler);
  list.addPage([row('m', '1'), row('n', '1')]);
  assert.equal(list.size, 2);
  list.addPage([row('a', '1')]);
  assert.deepEqual(
    list.list().map((r) => r.name),
    ['a', 'm', 'n'],
  );
});
