// Each fault the fault proxy can inject, and what client-go would do about it: retry 429/5xx that carry
// Retry-After (any verb, at most 10 times), retry GETs on a reset/EOF, never retry a non-idempotent request
// that may have reached the server, time out stalls, resume cut watches, relist after 410, refresh credentials on 401.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FaultProxy } from '../../../cluster/faults/proxy';
import { RESTClient } from '../../../../kube/rest/client';
import type { CredentialSource, RestConfig } from '../../../../kube/rest/config';
import {
  RequestAbortedError,
  StatusError,
  TransportError,
  isServiceUnavailable,
  isTooManyRequests,
  isUnauthorized,
  isInternalError,
} from '../../../../kube/rest/errors';
import { listAllPages, type KubeList, type ListOptions } from '../../../../kube/rest/pager';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { resumingWatch } from '../../../../kube/rest/watch';
import { cluster, NO_CLUSTER, configMap, createNamespace, deleteNamespace, waitUntil, type Cluster } from './support';

describe('fault proxy: requests succeed or fail as client-go would', () => {
  let c: Cluster | undefined;
  let proxy: FaultProxy;
  let config: RestConfig;
  let core: RESTClient;
  let ns = '';
  const cmPath = () => new RegExp(`^/api/v1/namespaces/${ns}/configmaps`);
  before(async () => {
    c = cluster();
    if (!c) return;
    proxy = await FaultProxy.start({ kubeconfig: c.env.kubeconfig });
    config = c.config('admin', proxy.kubeconfig('admin'));
    core = c.core(config);
    ns = await createNamespace(core, 'faults');
    await core
      .post()
      .namespace(ns)
      .resource('configmaps')
      .body(configMap('base', { k: 'v' }))
      .do();
  });
  after(async () => {
    if (!c) return;
    proxy.clearRules();
    await deleteNamespace(core, ns);
    await proxy.close();
    closeIdleConnections();
  });
  const get = () => core.get().namespace(ns).resource('configmaps').name('base').do<{ data: Record<string, string> }>();

  it('429 with Retry-After: waits and retries, then succeeds', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    proxy.clearRequests();
    const rule = proxy.addRule({
      method: 'GET',
      path: cmPath(),
      fault: { type: 'status', code: 429, retryAfterSeconds: 1 },
    });
    const started = Date.now();
    assert.deepEqual((await get()).data, { k: 'v' });
    assert.equal(rule.hits, 1);
    assert.equal(proxy.count({ path: cmPath() }), 2);
    assert.ok(Date.now() - started >= 900, 'honoured Retry-After: 1');
    rule.remove();
  });

  it('429 forever: gives up after 10 retries (11 attempts) with a typed TooManyRequests', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    proxy.clearRequests();
    const rule = proxy.addRule({
      method: 'GET',
      path: cmPath(),
      times: Infinity,
      fault: { type: 'status', code: 429, retryAfterSeconds: 0 },
    });
    await assert.rejects(get(), (e) => isTooManyRequests(e));
    assert.equal(proxy.count({ path: cmPath() }), 11);
    rule.remove();
  });

  it('503 without Retry-After: no retry, typed ServiceUnavailable', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    proxy.clearRequests();
    const rule = proxy.addRule({ method: 'GET', path: cmPath(), fault: { type: 'status', code: 503, body: 'status' } });
    await assert.rejects(get(), (e) => isServiceUnavailable(e));
    assert.equal(proxy.count({ path: cmPath() }), 1);
    rule.remove();
  });

  it('500 with Retry-After on a POST: retried (the server said it did not process it)', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    proxy.clearRequests();
    const rule = proxy.addRule({
      method: 'POST',
      path: cmPath(),
      fault: { type: 'status', code: 500, retryAfterSeconds: 0, body: 'status' },
    });
    await core.post().namespace(ns).resource('configmaps').body(configMap('post-retried')).do();
    assert.equal(proxy.count({ method: 'POST', path: cmPath() }), 2);
    rule.remove();
  });

  it('500 with a Status body and no Retry-After: the Status becomes the error', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const rule = proxy.addRule({
      method: 'GET',
      path: cmPath(),
      fault: { type: 'status', code: 500, body: 'status', message: 'etcd is sad' },
    });
    await assert.rejects(get(), (e) => isInternalError(e) && /etcd is sad/.test((e as Error).message));
    rule.remove();
  });

  it('connection reset before the request reached the server: a GET is retried', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    proxy.clearRequests();
    const rule = proxy.addRule({ method: 'GET', path: cmPath(), fault: { type: 'reset', when: 'before-forward' } });
    assert.deepEqual((await get()).data, { k: 'v' });
    assert.equal(rule.hits, 1);
    assert.equal(proxy.count({ path: cmPath() }), 2);
    rule.remove();
  });

  it('connection reset mid-body: a GET is retried and the body is whole', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const rule = proxy.addRule({
      method: 'GET',
      path: cmPath(),
      fault: { type: 'reset', when: 'after-headers', afterBytes: 20 },
    });
    assert.deepEqual((await get()).data, { k: 'v' });
    assert.equal(rule.hits, 1);
    rule.remove();
  });

  it('lost reply to a GET: retried (reads are idempotent)', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    proxy.clearRequests();
    const rule = proxy.addRule({ method: 'GET', path: cmPath(), fault: { type: 'reset', when: 'before-headers' } });
    assert.deepEqual((await get()).data, { k: 'v' });
    assert.equal(rule.hits, 1);
    assert.equal(proxy.count({ path: cmPath() }), 2);
    rule.remove();
  });

  it('lost reply to a POST: never retried (it may have been applied), the object exists', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    proxy.clearRequests();
    const rule = proxy.addRule({ method: 'POST', path: cmPath(), fault: { type: 'reset', when: 'before-headers' } });
    await assert.rejects(
      core.post().namespace(ns).resource('configmaps').body(configMap('lost-reply')).do(),
      (e) => e instanceof TransportError,
    );
    assert.equal(proxy.count({ method: 'POST', path: cmPath() }), 1);
    const got = await core.get().namespace(ns).resource('configmaps').name('lost-reply').do();
    assert.equal(got.metadata?.name, 'lost-reply');
    rule.remove();
  });

  it('a stalled response times out on the client and is not retried', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    proxy.clearRequests();
    const rule = proxy.addRule({ method: 'GET', path: cmPath(), fault: { type: 'stall', afterBytes: 5 } });
    await assert.rejects(
      core.get().namespace(ns).resource('configmaps').name('base').timeout(1500).do(),
      (e) => e instanceof RequestAbortedError && e.timedOut,
    );
    assert.equal(proxy.count({ path: cmPath() }), 1);
    rule.remove();
  });

  it('slow and delayed responses still arrive intact', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const slow = proxy.addRule({ method: 'GET', path: cmPath(), fault: { type: 'slow', delayMs: 5, chunkBytes: 64 } });
    assert.deepEqual((await get()).data, { k: 'v' });
    slow.remove();
    const delayed = proxy.addRule({ method: 'GET', path: cmPath(), fault: { type: 'delay', ms: 300 } });
    assert.deepEqual((await get()).data, { k: 'v' });
    delayed.remove();
  });

  it('an expired continue token (real 410) makes the pager fall back to one full list', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        core
          .post()
          .namespace(ns)
          .resource('configmaps')
          .body(configMap(`p-${i}`, {}, { pg: '1' }))
          .do(),
      ),
    );
    const rule = proxy.addRule({ method: 'GET', path: cmPath(), query: { continue: true }, fault: { type: 'gone' } });
    const calls: ListOptions[] = [];
    const all = await listAllPages(
      (o, signal) => {
        calls.push(o);
        return core
          .get()
          .namespace(ns)
          .resource('configmaps')
          .params({ ...o })
          .signal(signal)
          .do<KubeList>();
      },
      { labelSelector: 'pg=1' },
      { pageSize: 5 },
    );
    assert.equal(rule.hits, 1);
    assert.equal(all.items.length, 12);
    assert.equal(calls[calls.length - 1].limit, undefined);
    rule.remove();
  });

  for (const midEvent of [false, true]) {
    it(`a cut watch stream${midEvent ? ' (mid-event)' : ''} resumes from the last resourceVersion without losing or repeating events`, async (t) => {
      if (!c) return t.skip(NO_CLUSTER);
      const label = `cut${midEvent ? 'mid' : ''}`;
      const list = await core.get().namespace(ns).resource('configmaps').do<KubeList>();
      const rule = proxy.addRule({
        method: 'GET',
        path: cmPath(),
        query: { watch: 'true' },
        fault: { type: 'cut-watch', afterEvents: 2, midEvent },
      });
      const ac = new AbortController();
      const names: string[] = [];
      let restarts = 0;
      const done = (async () => {
        for await (const ev of resumingWatch({
          resourceVersion: list.metadata.resourceVersion!,
          signal: ac.signal,
          backoffMs: 50,
          onRestart: () => restarts++,
          open: (rv, signal) =>
            core
              .get()
              .namespace(ns)
              .resource('configmaps')
              .params({ resourceVersion: rv, allowWatchBookmarks: true, labelSelector: `w=${label}` })
              .signal(signal)
              .watch(),
        })) {
          if (ev.type === 'ADDED') names.push(ev.object.metadata!.name!);
          if (names.length === 5) ac.abort();
        }
      })();
      for (let i = 0; i < 5; i++)
        await core
          .post()
          .namespace(ns)
          .resource('configmaps')
          .body(configMap(`${label}-${i}`, {}, { w: label }))
          .do();
      await done;
      assert.deepEqual(
        names,
        [0, 1, 2, 3, 4].map((i) => `${label}-${i}`),
      );
      assert.equal(rule.hits, 1);
      assert.ok(restarts >= 1);
      rule.remove();
    });
  }

  it('a 410 on a watch (real server answer) leads to a relist', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const list = await core.get().namespace(ns).resource('configmaps').do<KubeList>();
    const rule = proxy.addRule({ method: 'GET', path: cmPath(), query: { watch: 'true' }, fault: { type: 'gone' } });
    const ac = new AbortController();
    let relisted = 0;
    let relistDone = 0;
    const done = (async () => {
      for await (const ev of resumingWatch({
        resourceVersion: list.metadata.resourceVersion!,
        signal: ac.signal,
        open: (rv, signal) =>
          core
            .get()
            .namespace(ns)
            .resource('configmaps')
            .params({ resourceVersion: rv, labelSelector: 'g=1' })
            .signal(signal)
            .watch(),
        relist: async (signal) => {
          relisted++;
          const rv = (await core.get().namespace(ns).resource('configmaps').signal(signal).do<KubeList>()).metadata
            .resourceVersion!;
          relistDone++;
          return rv;
        },
      })) {
        if (ev.object.metadata?.name === 'after-gone') ac.abort();
      }
    })();
    // The new object must come after the relist's resourceVersion, or the resumed watch never sees it.
    await waitUntil(() => relistDone > 0, 'the relist');
    await core
      .post()
      .namespace(ns)
      .resource('configmaps')
      .body(configMap('after-gone', {}, { g: '1' }))
      .do();
    await done;
    assert.equal(relisted, 1);
    rule.remove();
  });

  it('401 from an expired token: credentials are invalidated and the request retried once', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    let invalidations = 0;
    let gets = 0;
    const token = config.bearerToken!;
    const credentials: CredentialSource = {
      get: async () => {
        gets++;
        return { token };
      },
      invalidate: () => invalidations++,
    };
    const client = c.core({ ...config, bearerToken: undefined, credentials });
    const rule = proxy.addRule({ method: 'GET', path: cmPath(), fault: { type: 'expired-token' } });
    const got = await client.get().namespace(ns).resource('configmaps').name('base').do();
    assert.equal(got.metadata?.name, 'base');
    assert.equal(invalidations, 1);
    assert.equal(gets, 2);
    rule.remove();
    // A static token cannot be refreshed: the 401 surfaces.
    const again = proxy.addRule({ method: 'GET', path: cmPath(), fault: { type: 'expired-token' } });
    await assert.rejects(get(), (e) => isUnauthorized(e) && e instanceof StatusError);
    again.remove();
  });
});
