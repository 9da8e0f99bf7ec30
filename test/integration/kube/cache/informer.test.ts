// Informers against the real API server, directly and through the fault proxy: whatever the connection does,
// the cache must converge to the server's true state.
import { after, describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { clusterEnv } from '../../../cluster/env';
import { FaultProxy } from '../../../cluster/faults/proxy';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { DynamicClient, getName, type Unstructured } from '../../../../kube/dynamic';
import { Informer } from '../../../../kube/cache';

const configmaps = { group: '', version: 'v1', resource: 'configmaps' };
const namespaces = { group: '', version: 'v1', resource: 'namespaces' };
const fastBackoff = { initialMs: 50, maxMs: 500 };

function cm(name: string, v: string): Unstructured {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, labels: { set: 'informer' } }, data: { v } };
}

/** Polls (not a timing assertion: the deadline only stops a broken informer from hanging the suite). */
async function eventually(cond: () => Promise<boolean> | boolean, what: string, deadlineMs = 60_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (Date.now() < end) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never converged: ${what}`);
}

describe('Informer on the real API server', () => {
  const ns = `informer-${process.pid}`;
  let setup: Promise<{ direct: DynamicClient; kubeconfig: string }> | undefined;
  const cleanups: Array<() => Promise<unknown>> = [];

  async function connect(t: TestContext) {
    const env = clusterEnv(t);
    if (!env) return undefined;
    setup ??= (async () => {
      const config = restConfigFromFile(env.kubeconfig, 'admin');
      config.qps = -1;
      const direct = new DynamicClient(config);
      await direct.resource(namespaces).create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
      return { direct, kubeconfig: env.kubeconfig };
    })();
    return setup;
  }

  after(async () => {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
    if (setup)
      await (
        await setup
      ).direct
        .resource(namespaces)
        .delete(ns)
        .catch(() => undefined);
  });

  /** The server's state as name -> resourceVersion, from a fresh consistent list. */
  async function truth(direct: DynamicClient): Promise<Map<string, string>> {
    const list = await direct.resource(configmaps).namespace(ns).listAll({ labelSelector: 'set=informer' });
    return new Map(list.items.map((o) => [getName(o), o.metadata!.resourceVersion!]));
  }

  function cacheState(informer: Informer<Unstructured>): Map<string, string> {
    return new Map(informer.list().map((o) => [getName(o), o.metadata!.resourceVersion!]));
  }

  function sameState(a: Map<string, string>, b: Map<string, string>): boolean {
    return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
  }

  test('lists in pages, syncs, then follows creates, updates and deletes', async (t) => {
    const c = await connect(t);
    if (!c) return;
    const cms = c.direct.resource(configmaps).namespace(ns);
    for (let i = 0; i < 25; i++) await cms.create(cm(`a-${i}`, '0'));
    const informer = new Informer<Unstructured>(cms.listWatcher(), {
      pageSize: 10,
      labelSelector: 'set=informer',
      backoff: fastBackoff,
    });
    cleanups.push(() => informer.stop());
    const events: string[] = [];
    let syncs = 0;
    informer.addEventHandler({
      onAdd: (o, initial) => events.push(`add ${getName(o)}${initial ? ' initial' : ''}`),
      onUpdate: (_, o) => events.push(`update ${getName(o)}`),
      onDelete: (o) => events.push(`delete ${getName(o)}`),
      onSync: () => syncs++,
    });
    informer.start();
    assert.equal(await informer.waitForSync(), true);
    assert.equal(informer.stats.listPages, 3);
    assert.equal(events.filter((e) => e.endsWith(' initial')).length, 25);
    assert.equal(syncs, 1);
    assert.ok(sameState(cacheState(informer), await truth(c.direct)));

    events.length = 0;
    await cms.create(cm('b-new', '0'));
    const o = await cms.get('a-3');
    o.data = { v: '1' };
    await cms.update(o);
    await cms.delete('a-7');
    await eventually(() => events.length >= 3, 'three watch events');
    assert.deepEqual(events, ['add b-new', 'update a-3', 'delete a-7']);
    assert.ok(sameState(cacheState(informer), await truth(c.direct)));
    assert.equal(informer.indexer.byIndex('namespace', ns).length, 25);
    await informer.stop();
  });

  test('through the fault proxy: cut watches, a real 410, failed lists and 5xx; the cache converges', async (t) => {
    const c = await connect(t);
    if (!c) return;
    const proxy = await FaultProxy.start({ kubeconfig: c.kubeconfig });
    cleanups.push(() => proxy.close());
    const viaProxy = restConfigFromFile(proxy.kubeconfig('admin'), 'admin');
    viaProxy.qps = -1;
    const cms = c.direct.resource(configmaps).namespace(ns);
    const watched = new DynamicClient(viaProxy).resource(configmaps).namespace(ns);

    const path = new RegExp(`/namespaces/${ns}/configmaps$`);
    // Rules apply in the order installed (the first with hits left wins): two cuts mid-event, a clean
    // server-side close, then the server's real 410 for the next watch.
    const cutMid = proxy.addRule({
      method: 'GET',
      path,
      query: { watch: 'true' },
      times: 2,
      fault: { type: 'cut-watch', afterEvents: 2, midEvent: true },
    });
    const cutClean = proxy.addRule({
      method: 'GET',
      path,
      query: { watch: 'true' },
      times: 1,
      fault: { type: 'cut-watch', afterEvents: 1, graceful: true },
    });
    const gone = proxy.addRule({ method: 'GET', path, query: { watch: 'true' }, times: 1, fault: { type: 'gone' } });
    const listReset = proxy.addRule({
      method: 'GET',
      path,
      query: { limit: true },
      skip: 1,
      times: 1,
      fault: { type: 'reset', when: 'before-headers' },
    });
    const listUnavailable = proxy.addRule({
      method: 'GET',
      path,
      query: { limit: true },
      skip: 2,
      times: 1,
      fault: { type: 'status', code: 503 },
    });

    const informer = new Informer<Unstructured>(watched.listWatcher(), {
      labelSelector: 'set=informer',
      pageSize: 10,
      backoff: fastBackoff,
    });
    cleanups.push(() => informer.stop());
    const errors: unknown[] = [];
    informer.onError((e) => errors.push(e));
    informer.start();
    assert.equal(await informer.waitForSync(), true);

    // Keep changing things while the proxy breaks the connection in every way it can.
    for (let round = 0; round < 6; round++) {
      await cms.create(cm(`f-${round}`, '0'));
      const o = await cms.get(`a-${round + 10}`);
      o.data = { v: `r${round}` };
      await cms.update(o);
      if (round % 2 === 0) await cms.delete(`a-${round + 16}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    await eventually(
      () => gone.hits === 1 && informer.stats.relistsAfterGone >= 1,
      'a real 410 made the informer relist',
    );
    await eventually(
      async () => sameState(cacheState(informer), await truth(c.direct)),
      'cache equals the server after faults',
    );
    assert.equal(cutMid.hits, 2);
    assert.equal(cutClean.hits, 1);
    assert.ok(informer.stats.watches >= 4);
    assert.ok(errors.length >= 1);
    // A reset and a 503 on list pages: retried by the RESTClient (GET after a lost reply) or by the reflector.
    assert.equal(listReset.hits, 1);
    assert.equal(listUnavailable.hits, 1);

    // And it keeps following after all that.
    await cms.create(cm('after-faults', '0'));
    await eventually(() => informer.getByKey(`${ns}/after-faults`) !== undefined, 'new object after faults');
    await informer.stop();
  });
});
