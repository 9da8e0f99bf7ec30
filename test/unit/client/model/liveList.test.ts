import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LiveObjectList, type ListChange, type Scheduler } from '../../../../client/src/model/liveList';
import type { ObjectRow } from '../../../../client/src/model/table';

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

test('the default scheduler delivers a lone change on the next turn and folds a following burst', async () => {
  const list = new LiveObjectList();
  const changes: ListChange[] = [];
  list.onChange((c) => changes.push(c));
  list.upsert(row('a', '1'));
  await new Promise((r) => setImmediate(r));
  assert.equal(changes.length, 1, 'a change after a quiet period is not held back');
  const next = new Promise<void>((resolve) => list.onChange(() => resolve()));
  list.upsert(row('b', '1'));
  list.upsert(row('c', '1'));
  await new Promise((r) => setImmediate(r));
  assert.equal(changes.length, 1, 'right after a flush, changes wait for the window');
  await next;
  assert.equal(changes.length, 2);
  assert.deepEqual([...changes[1]!.added], ['default/b', 'default/c']);
  list.dispose();
});

test('changes already read by the tree are not announced again', () => {
  const m = manual();
  const list = new LiveObjectList(m.scheduler);
  const changes: ListChange[] = [];
  list.onChange((c) => changes.push(c));
  list.addPage([row('a', '1'), row('b', '1')]);
  assert.equal(m.pending(), 1);
  list.markDelivered();
  assert.equal(m.pending(), 0, 'the scheduled flush is cancelled');
  list.flush();
  assert.equal(changes.length, 0);
  list.upsert(row('c', '1'));
  list.flush();
  assert.deepEqual([...changes[0]!.added], ['default/c'], 'later changes are announced as usual');
});
