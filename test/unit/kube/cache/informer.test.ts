import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Indexer, Informer, ResourceEventHandler } from '../../../../kube/cache';
import { StatusError } from '../../../../kube/rest/errors';
import { MemoryServer, TestObject, until } from './memoryServer';

const fastBackoff = { initialMs: 1, maxMs: 2, jitter: 0 };

function recorder() {
  const log: string[] = [];
  const handler: ResourceEventHandler<TestObject> = {
    onAdd: (o, initial) => log.push(`add ${o.metadata.name}${initial ? ' (initial)' : ''}`),
    onUpdate: (a, b) =>
      log.push(`update ${b.metadata.name} ${a.metadata.resourceVersion}->${b.metadata.resourceVersion}`),
    onDelete: (o, unknown) => log.push(`delete ${o.metadata.name}${unknown ? ' (final state unknown)' : ''}`),
    onSync: () => log.push('sync'),
  };
  return { log, handler };
}

function cacheState(informer: Informer<TestObject>): Map<string, string> {
  return new Map(
    informer.list().map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o.metadata.resourceVersion!]),
  );
}

describe('Informer', () => {
  test('lists in pages, then syncs with one add per object and a single sync notification', async () => {
    const server = new MemoryServer();
    for (let i = 0; i < 5; i++) server.put(`cm-${i}`, { i: String(i) });
    const informer = new Informer(server, { pageSize: 2, backoff: fastBackoff });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    assert.equal(informer.hasSynced(), false);
    informer.start();
    assert.equal(await informer.waitForSync(), true);
    assert.deepEqual(log, [
      'add cm-0 (initial)',
      'add cm-1 (initial)',
      'add cm-2 (initial)',
      'add cm-3 (initial)',
      'add cm-4 (initial)',
      'sync',
    ]);
    assert.equal(informer.stats.listPages, 3);
    assert.deepEqual(cacheState(informer), server.snapshot());
    assert.equal(informer.lastSyncResourceVersion(), '105');
    await informer.stop();
  });

  test('watch events after sync reach handlers and the cache follows the server', async () => {
    const server = new MemoryServer();
    server.put('a', { v: '1' });
    const informer = new Informer(server, { backoff: fastBackoff });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    informer.start();
    await informer.waitForSync();
    await until(() => server.openWatches === 1, 'watch open');
    server.put('b', { v: '1' });
    server.put('a', { v: '2' });
    server.remove('b');
    await until(() => log.length === 5, 'three events');
    assert.deepEqual(log.slice(2), ['add b', 'update a 101->103', 'delete b']);
    assert.deepEqual(cacheState(informer), server.snapshot());
    assert.equal(informer.lastSyncResourceVersion(), '104');
    assert.equal(informer.getByKey('default/a')?.data?.v, '2');
    await informer.stop();
  });

  test('a dropped watch resumes from the last resourceVersion: no relist, nothing missed', async () => {
    const server = new MemoryServer();
    server.put('a', {});
    const informer = new Informer(server, { backoff: fastBackoff });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    informer.start();
    await informer.waitForSync();
    await until(() => server.openWatches === 1, 'watch open');
    server.dropWatches();
    server.put('b', {}); // happens while no watch is open
    await until(() => informer.getByKey('default/b') !== undefined, 'b seen after resume');
    assert.equal(server.calls.list, 1);
    assert.ok(server.calls.watch >= 2);
    assert.deepEqual(log, ['add a (initial)', 'sync', 'add b']);
    await informer.stop();
  });

  test('410 Gone on resume relists; objects deleted meanwhile are reported with final state unknown', async () => {
    const server = new MemoryServer();
    server.put('keep', {});
    server.put('doomed', {});
    const informer = new Informer(server, { backoff: fastBackoff });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    const errors: unknown[] = [];
    informer.onError((e) => errors.push(e));
    informer.start();
    await informer.waitForSync();
    await until(() => server.openWatches === 1, 'watch open');
    server.dropWatches();
    server.remove('doomed');
    server.put('keep', { changed: 'yes' });
    server.put('new', {});
    server.compact(); // the informer's resourceVersion is now too old
    await until(() => log.filter((l) => l === 'sync').length === 2, 'second sync');
    assert.equal(informer.stats.relistsAfterGone, 1);
    assert.equal(server.calls.list, 2);
    assert.deepEqual(
      log.slice(3).sort(),
      ['add new', 'delete doomed (final state unknown)', 'sync', 'update keep 101->104'].sort(),
    );
    assert.deepEqual(cacheState(informer), server.snapshot());
    assert.ok(errors.some((e) => e instanceof StatusError && e.code === 410));
    await informer.stop();
  });

  test('a 410 delivered as an ERROR watch event also relists', async () => {
    const server = new MemoryServer();
    server.goneAsErrorEvent = true;
    server.put('a', {});
    const informer = new Informer(server, { backoff: fastBackoff });
    informer.start();
    await informer.waitForSync();
    await until(() => server.openWatches === 1, 'watch open');
    server.dropWatches();
    server.remove('a');
    server.put('b', {});
    server.compact();
    await until(() => informer.stats.relistsAfterGone === 1 && informer.list().length === 1, 'relisted');
    assert.deepEqual(cacheState(informer), server.snapshot());
    await informer.stop();
  });

  test('a bookmark moves the resourceVersion forward so a later resume survives compaction', async () => {
    const server = new MemoryServer();
    server.put('a', {});
    const informer = new Informer(server, { backoff: fastBackoff });
    informer.start();
    await informer.waitForSync();
    await until(() => server.openWatches === 1, 'watch open');
    // Changes in another namespace's objects that this informer does see, then compaction, then a bookmark.
    server.put('b', {});
    await until(() => informer.getByKey('default/b') !== undefined, 'b');
    server.compact();
    server.bookmark();
    await until(() => informer.stats.bookmarks === 1, 'bookmark');
    server.dropWatches();
    server.put('c', {});
    await until(() => informer.getByKey('default/c') !== undefined, 'c');
    assert.equal(informer.stats.relistsAfterGone, 0);
    assert.equal(server.calls.list, 1);
    await informer.stop();
  });

  test('an expired continue token restarts the list from the first page', async () => {
    const server = new MemoryServer();
    for (let i = 0; i < 5; i++) server.put(`cm-${i}`, {});
    server.expireContinueTokens = 1;
    const informer = new Informer(server, { pageSize: 2, backoff: fastBackoff });
    informer.start();
    await informer.waitForSync();
    assert.equal(informer.list().length, 5);
    // page 1, failed page 2, then pages 1..3 again
    assert.equal(server.calls.list, 5);
    await informer.stop();
  });

  test('watch failures back off and retry without losing the cache', async () => {
    const server = new MemoryServer();
    server.put('a', {});
    server.failWatches = { count: 3, error: new Error('connect ECONNREFUSED') };
    const informer = new Informer(server, { backoff: fastBackoff });
    const errors: unknown[] = [];
    informer.onError((e) => errors.push(e));
    informer.start();
    await informer.waitForSync();
    await until(() => server.openWatches === 1, 'watch eventually open');
    assert.equal(errors.length, 3);
    assert.equal(server.calls.list, 1);
    server.put('b', {});
    await until(() => informer.list().length === 2, 'b');
    await informer.stop();
  });

  test('a throwing handler does not stop other handlers or the informer', async () => {
    const server = new MemoryServer();
    const informer = new Informer(server, { backoff: fastBackoff });
    informer.addEventHandler({
      onAdd: () => {
        throw new Error('handler bug');
      },
    });
    const { log, handler } = recorder();
    informer.addEventHandler(handler);
    const errors: unknown[] = [];
    informer.onError((e) => errors.push(e));
    informer.start();
    await informer.waitForSync();
    await until(() => server.openWatches === 1, 'watch open');
    server.put('x', {});
    server.put('y', {});
    await until(() => log.includes('add y'), 'y');
    assert.equal(errors.filter((e) => (e as Error).message === 'handler bug').length, 2);
    await informer.stop();
  });

  test('a handler added after sync is replayed the cached objects; removal stops delivery', async () => {
    const server = new MemoryServer();
    server.put('a', {});
    server.put('b', {});
    const informer = new Informer(server, { backoff: fastBackoff });
    informer.start();
    await informer.waitForSync();
    const { log, handler } = recorder();
    const reg = informer.addEventHandler(handler);
    assert.deepEqual(log, ['add a (initial)', 'add b (initial)', 'sync']);
    reg.remove();
    await until(() => server.openWatches === 1, 'watch open');
    server.put('c', {});
    await until(() => informer.list().length === 3, 'c');
    assert.equal(log.length, 3);
    await informer.stop();
  });

  test('stop ends the watch; waitForSync on a stopped, never-synced informer resolves false', async () => {
    const server = new MemoryServer();
    server.put('a', {});
    const informer = new Informer(server, { backoff: fastBackoff });
    informer.start();
    await informer.waitForSync();
    await until(() => server.openWatches === 1, 'watch open');
    await informer.stop();
    assert.equal(server.openWatches, 0);
    assert.equal(informer.list().length, 1);

    const never = new Informer(new MemoryServer(), { backoff: fastBackoff });
    await never.stop();
    assert.equal(await never.waitForSync(), false);
    const aborted = new AbortController();
    const pending = new Informer(new MemoryServer()).waitForSync(aborted.signal);
    aborted.abort();
    assert.equal(await pending, false);
  });
});

describe('Indexer', () => {
  test('keeps the namespace index in step with adds, moves and deletes', () => {
    const idx = new Indexer<TestObject>();
    const cm = (name: string, namespace?: string): TestObject => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name, namespace },
    });
    idx.set(cm('a', 'ns1'));
    idx.set(cm('b', 'ns1'));
    idx.set(cm('c', 'ns2'));
    idx.set(cm('cluster-scoped'));
    assert.deepEqual(
      idx
        .byIndex('namespace', 'ns1')
        .map((o) => o.metadata.name)
        .sort(),
      ['a', 'b'],
    );
    assert.deepEqual(idx.indexValues('namespace').sort(), ['', 'ns1', 'ns2']);
    assert.equal(idx.getByKey('cluster-scoped')?.metadata.name, 'cluster-scoped');
    idx.deleteKey('ns2/c');
    assert.deepEqual(idx.indexValues('namespace').sort(), ['', 'ns1']);
    assert.throws(() => idx.byIndex('nope', 'x'), /index "nope" does not exist/);
    assert.throws(() => idx.set({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: '' } }), /no metadata.name/);
  });
});
