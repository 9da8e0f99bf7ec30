// Every verb against the real API server, typed errors with the server's messages, auth by token and
// client certificate, RBAC 403, pagination, server warnings, watch with bookmarks, resume and relist.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { RESTClient, PatchType } from '../../../../kube/rest/client';
import {
  StatusError,
  isAlreadyExists,
  isConflict,
  isExpiredOrGone,
  isForbidden,
  isGone,
  isInvalid,
  isNotFound,
  isUnauthorized,
  RequestAbortedError,
} from '../../../../kube/rest/errors';
import { listAllPages, type KubeList, type ListOptions } from '../../../../kube/rest/pager';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { resumingWatch, type KubeObject, type WatchEvent } from '../../../../kube/rest/watch';
import type { WarningHeader } from '../../../../kube/rest/warnings';
import { cluster, NO_CLUSTER, configMap, createNamespace, deleteNamespace, waitUntil, type Cluster } from './support';

describe('RESTClient against the real API server', () => {
  let c: Cluster | undefined;
  let core: RESTClient;
  let ns = '';
  before(async () => {
    c = cluster();
    if (!c) return;
    core = c.core();
    ns = await createNamespace(core, 'rest');
  });
  after(async () => {
    if (c && ns) await deleteNamespace(core, ns);
    closeIdleConnections();
  });

  it('create, get, list, update, patch (merge, strategic, json, apply), delete', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const created = await core
      .post()
      .namespace(ns)
      .resource('configmaps')
      .body(configMap('cm1', { a: '1' }))
      .do();
    assert.equal(created.metadata?.name, 'cm1');
    const got = await core
      .get()
      .namespace(ns)
      .resource('configmaps')
      .name('cm1')
      .do<{ data: Record<string, string>; metadata: { resourceVersion: string } }>();
    assert.deepEqual(got.data, { a: '1' });
    const list = await core.get().namespace(ns).resource('configmaps').do<KubeList>();
    assert.ok(list.items.some((i) => i.metadata?.name === 'cm1'));
    const updated = await core
      .put()
      .namespace(ns)
      .resource('configmaps')
      .name('cm1')
      .body({ ...got, data: { a: '2' } })
      .do<{ data: Record<string, string> }>();
    assert.deepEqual(updated.data, { a: '2' });
    const merged = await core
      .patch(PatchType.Merge)
      .namespace(ns)
      .resource('configmaps')
      .name('cm1')
      .body({ data: { b: '3' } })
      .do<{ data: Record<string, string> }>();
    assert.deepEqual(merged.data, { a: '2', b: '3' });
    const strategic = await core
      .patch(PatchType.StrategicMerge)
      .namespace(ns)
      .resource('configmaps')
      .name('cm1')
      .body({ metadata: { labels: { s: 'y' } } })
      .do();
    assert.equal(strategic.metadata?.labels && (strategic.metadata.labels as Record<string, string>).s, 'y');
    const jsonPatched = await core
      .patch(PatchType.JSON)
      .namespace(ns)
      .resource('configmaps')
      .name('cm1')
      .body([{ op: 'remove', path: '/data/a' }])
      .do<{ data: Record<string, string> }>();
    assert.deepEqual(jsonPatched.data, { b: '3' });
    const applied = await core
      .patch(PatchType.Apply)
      .namespace(ns)
      .resource('configmaps')
      .name('cm-applied')
      .param('fieldManager', 'kubesense-test')
      .body(configMap('cm-applied', { x: 'y' }))
      .do<{ data: Record<string, string>; metadata: { managedFields: { manager: string }[] } }>();
    assert.deepEqual(applied.data, { x: 'y' });
    assert.ok(applied.metadata.managedFields.some((f) => f.manager === 'kubesense-test'));
    await core.delete().namespace(ns).resource('configmaps').name('cm1').do();
    await assert.rejects(
      core.get().namespace(ns).resource('configmaps').name('cm1').do(),
      (e) => isNotFound(e) && /configmaps "cm1" not found/.test((e as Error).message),
    );
  });

  it('deletecollection with a label selector removes exactly the matching objects', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    for (const [name, label] of [
      ['dc-a', 'yes'],
      ['dc-b', 'yes'],
      ['dc-keep', 'no'],
    ]) {
      await core
        .post()
        .namespace(ns)
        .resource('configmaps')
        .body(configMap(name, {}, { dc: label }))
        .do();
    }
    const status = await core.delete().namespace(ns).resource('configmaps').param('labelSelector', 'dc=yes').do();
    assert.ok(status.kind === 'ConfigMapList' || status.kind === 'Status', String(status.kind));
    const left = await core.get().namespace(ns).resource('configmaps').param('labelSelector', 'dc').do<KubeList>();
    assert.deepEqual(
      left.items.map((i) => i.metadata?.name),
      ['dc-keep'],
    );
  });

  it('typed errors carry the server message: AlreadyExists, Conflict, Invalid with causes', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const cm = await core
      .post()
      .namespace(ns)
      .resource('configmaps')
      .body(configMap('dup'))
      .do<{ metadata: { resourceVersion: string } }>();
    await assert.rejects(
      core.post().namespace(ns).resource('configmaps').body(configMap('dup')).do(),
      (e) => isAlreadyExists(e) && (e as StatusError).code === 409,
    );
    await core
      .patch(PatchType.Merge)
      .namespace(ns)
      .resource('configmaps')
      .name('dup')
      .body({ data: { z: '1' } })
      .do();
    await assert.rejects(
      core
        .put()
        .namespace(ns)
        .resource('configmaps')
        .name('dup')
        .body({ ...configMap('dup'), metadata: { name: 'dup', resourceVersion: cm.metadata.resourceVersion } })
        .do(),
      (e) => isConflict(e) && /the object has been modified/.test((e as Error).message),
    );
    await assert.rejects(core.post().namespace(ns).resource('configmaps').body(configMap('Not_Valid')).do(), (e) => {
      assert.ok(isInvalid(e));
      const se = e as StatusError;
      assert.equal(se.code, 422);
      assert.ok(
        se.causes.some((c) => c.field === 'metadata.name'),
        JSON.stringify(se.causes),
      );
      return true;
    });
  });

  it('client certificate auth (cert-user context) works', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const certCore = c.core(c.config('cert-user'));
    const list = await certCore.get().resource('namespaces').do<KubeList>();
    assert.ok(list.items.some((i) => i.metadata?.name === ns));
  });

  it('RBAC: the restricted user gets a typed 403 with the server message, and can read team-a', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const restricted = c.core(c.config('restricted'));
    await assert.rejects(restricted.get().namespace(ns).resource('configmaps').do(), (e) => {
      assert.ok(isForbidden(e));
      assert.match((e as Error).message, /kubesense-restricted.*cannot list resource "configmaps"/);
      return true;
    });
    await restricted.get().namespace('team-a').resource('configmaps').do();
  });

  it('a wrong token is a typed 401', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const bad = c.core({
      ...c.config(),
      bearerToken: 'not-a-token',
      credentials: undefined,
      bearerTokenFile: undefined,
    });
    await assert.rejects(bad.get().resource('namespaces').do(), (e) => isUnauthorized(e));
  });

  it('pages with limit/continue and returns everything once', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        core
          .post()
          .namespace(ns)
          .resource('configmaps')
          .body(configMap(`page-${i}`, {}, { paged: 'yes' }))
          .do(),
      ),
    );
    const calls: ListOptions[] = [];
    const fn = (o: ListOptions, signal?: AbortSignal) => {
      calls.push(o);
      return core
        .get()
        .namespace(ns)
        .resource('configmaps')
        .params({ ...o })
        .signal(signal)
        .do<KubeList>();
    };
    const all = await listAllPages(fn, { labelSelector: 'paged=yes' }, { pageSize: 10 });
    assert.equal(all.items.length, 25);
    assert.equal(new Set(all.items.map((i) => i.metadata?.name)).size, 25);
    assert.equal(calls.length, 3);
  });

  it('surfaces server Warning headers to the handler', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const seen: WarningHeader[] = [];
    const client = new RESTClient(c.config(), {
      groupVersion: { group: '', version: 'v1' },
      warningHandler: (w) => seen.push(w),
    });
    await client
      .post()
      .namespace(ns)
      .resource('configmaps')
      .param('fieldValidation', 'Warn')
      .body({ ...configMap('warned'), bogusField: 1 })
      .do();
    assert.ok(
      seen.some((w) => w.code === 299 && /unknown field "bogusField"/.test(w.text)),
      JSON.stringify(seen),
    );
  });

  it('watch: events in order, bookmarks, and a typed 410 for a too-old resourceVersion', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const list = await core.get().namespace(ns).resource('configmaps').do<KubeList>();
    const w = await core
      .get()
      .namespace(ns)
      .resource('configmaps')
      .params({ resourceVersion: list.metadata.resourceVersion, allowWatchBookmarks: true })
      .watch();
    await core.post().namespace(ns).resource('configmaps').body(configMap('watched')).do();
    await core.delete().namespace(ns).resource('configmaps').name('watched').do();
    const events: string[] = [];
    for await (const ev of w) {
      if (ev.type === 'BOOKMARK') continue;
      events.push(`${ev.type} ${ev.object.metadata?.name}`);
      if (events.length === 2) break;
    }
    w.stop();
    assert.deepEqual(events, ['ADDED watched', 'DELETED watched']);
    const old = await core.get().namespace(ns).resource('configmaps').params({ resourceVersion: '1' }).watch();
    await assert.rejects(
      (async () => {
        for await (const _ of old) {
          // the first event is the server's ERROR
        }
      })(),
      (e) => isGone(e) || isExpiredOrGone(e),
    );
  });

  it('resumingWatch relists after 410 and keeps delivering events', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const ac = new AbortController();
    let relists = 0;
    let relistDone = 0;
    const seen: WatchEvent<KubeObject>[] = [];
    const done = (async () => {
      for await (const ev of resumingWatch({
        resourceVersion: '1', // too old on purpose: the server answers 410 and we must relist
        signal: ac.signal,
        open: (rv, signal) =>
          core
            .get()
            .namespace(ns)
            .resource('configmaps')
            .params({ resourceVersion: rv, allowWatchBookmarks: true })
            .signal(signal)
            .watch(),
        relist: async (signal) => {
          relists++;
          const l = await core.get().namespace(ns).resource('configmaps').signal(signal).do<KubeList>();
          relistDone++;
          return l.metadata.resourceVersion!;
        },
      })) {
        seen.push(ev);
        if (ev.object.metadata?.name === 'after-relist') ac.abort();
      }
    })();
    // The new object must come after the relist's resourceVersion, or the resumed watch never sees it.
    await waitUntil(() => relistDone > 0, 'the relist');
    await core.post().namespace(ns).resource('configmaps').body(configMap('after-relist')).do();
    await done;
    assert.equal(relists, 1);
    assert.ok(seen.some((e) => e.type === 'ADDED' && e.object.metadata?.name === 'after-relist'));
  });

  it('stream(): the body as it arrives; an error status is thrown before any byte', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const raw = await core.get().absPath('/openapi/v3/api/v1').raw();
    const chunks: Buffer[] = [];
    for await (const chunk of await core.get().absPath('/openapi/v3/api/v1').stream()) chunks.push(chunk as Buffer);
    assert.ok(chunks.length > 1, 'arrives in pieces');
    assert.ok(Buffer.concat(chunks).equals(raw));
    await assert.rejects(core.get().namespace(ns).resource('configmaps').name('missing').stream(), (e) =>
      isNotFound(e),
    );
  });

  // The server would hold these requests for an hour (timeoutSeconds: 3600): only the abort can end them, and
  // the test's own timeout turns a watch or request that ignores its signal into a failure.
  it(
    'cancellation with an AbortSignal ends a watch and rejects a request with a typed AbortError',
    { timeout: 60_000 },
    async (t) => {
      if (!c) return t.skip(NO_CLUSTER);
      // A watch the server would hold for an hour, on objects only this test creates.
      const held = (signal: AbortSignal) =>
        core
          .get()
          .namespace(ns)
          .resource('configmaps')
          .params({ watch: true, timeoutSeconds: 3600, labelSelector: 'kubesense-test=abort' })
          .signal(signal);
      const create = (name: string) =>
        core
          .post()
          .namespace(ns)
          .resource('configmaps')
          .body(configMap(name, {}, { 'kubesense-test': 'abort' }))
          .do();
      const ac = new AbortController();
      const w = await held(ac.signal).watch();
      await create('abort-watched');
      const seen: string[] = [];
      for await (const ev of w) {
        seen.push(`${ev.type} ${ev.object.metadata?.name}`);
        // Abort at a known point: after the one event this watch can see.
        if (ev.object.metadata?.name === 'abort-watched') ac.abort(new Error('user cancelled'));
      }
      assert.deepEqual(seen, ['ADDED abort-watched'], 'the watch ended at the abort, with no event after it');

      // In flight: a request the server holds open rejects with the typed error carrying the caller's reason.
      const inFlight = new AbortController();
      const reason = new Error('user cancelled the request');
      const pending = held(inFlight.signal).do();
      await create('abort-in-flight');
      inFlight.abort(reason);
      await assert.rejects(pending, (e: unknown) => {
        assert.ok(e instanceof RequestAbortedError, `not a RequestAbortedError: ${String(e)}`);
        assert.equal(e.name, 'AbortError');
        assert.equal(e.timedOut, false);
        assert.equal(e.cause, reason);
        assert.match(e.message, /was cancelled/);
        return true;
      });

      // Already aborted: rejects before anything is sent, with the same typed error.
      const before = new AbortController();
      before.abort(new Error('already cancelled'));
      await assert.rejects(
        core.get().resource('namespaces').signal(before.signal).do(),
        (e: unknown) => e instanceof RequestAbortedError && !e.timedOut && e.name === 'AbortError',
      );
    },
  );
});
