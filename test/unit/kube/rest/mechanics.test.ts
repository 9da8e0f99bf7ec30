// Pure mechanics of the REST layer: URL building, Go durations, Warning headers, the token bucket,
// the watch stream splitter, the list pager and the retry classification.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { URLBackoff, backoffFromEnvironment, noBackoff } from '../../../../kube/rest/backoff';
import { RESTClient } from '../../../../kube/rest/client';
import { StatusError } from '../../../../kube/rest/errors';
import { listAllPages, listPages, type KubeList, type ListOptions } from '../../../../kube/rest/pager';
import { goDuration } from '../../../../kube/rest/request';
import { isRetryableConnectionError } from '../../../../kube/rest/retry';
import { TokenBucketRateLimiter, rateLimiterFor, UnlimitedRateLimiter } from '../../../../kube/rest/throttle';
import { deduplicatingWarningHandler, parseWarningHeaders } from '../../../../kube/rest/warnings';
import { JSONObjectSplitter } from '../../../../kube/rest/watch';
import { defaultUserAgent } from '../../../../kube/rest/version';
import { readShared } from '../discovery/recordedServer';

const config = { host: 'https://example.invalid:6443/prefix', tls: {} };

describe('Request URL (client-go rules)', () => {
  const core = new RESTClient(config, { groupVersion: { group: '', version: 'v1' } });
  const apps = new RESTClient(config, { groupVersion: { group: 'apps', version: 'v1' } });
  it('namespace, resource, name, subresource under the host prefix', () => {
    assert.equal(
      core.get().namespace('kube-system').resource('Pods').name('p-1').subresource('log').url().pathname,
      '/prefix/api/v1/namespaces/kube-system/pods/p-1/log',
    );
    assert.equal(apps.get().resource('deployments').url().pathname, '/prefix/apis/apps/v1/deployments');
  });
  it('empty namespace is cluster-wide', () => {
    assert.equal(core.get().namespace('').resource('pods').url().pathname, '/prefix/api/v1/pods');
  });
  it('query parameters sorted and repeated; timeout sent in Go duration syntax', () => {
    const u = core
      .get()
      .resource('pods')
      .param('limit', 5)
      .params({ labelSelector: 'a=b', fieldSelector: undefined, x: ['2', '1'] })
      .timeout(90_000)
      .url();
    assert.equal(u.search, '?labelSelector=a%3Db&limit=5&timeout=1m30s&x=2&x=1');
  });
  it('absPath keeps a trailing slash', () => {
    assert.equal(core.get().absPath('/apis/').url().pathname, '/prefix/apis/');
    assert.equal(core.get().absPath('/version').url().pathname, '/prefix/version');
  });
  it('bad names fail when the request runs, not while building', async () => {
    const r = core.get().namespace('a/b').resource('pods');
    await assert.rejects(r.do(), /invalid namespace "a\/b": may not contain '\/'/);
    await assert.rejects(core.get().namespace('a').namespace('b').do(), /namespace already set/);
    await assert.rejects(core.get().resource('pods').name('..').do(), /may not be '\.\.'/);
  });
  it('User-Agent names kubesense, its version and the platform', () => {
    assert.match(defaultUserAgent(), /^kubesense\/\d+\.\d+\.\d+ \((linux|darwin|windows)\/(amd64|arm64|[a-z0-9]+)\)$/);
  });
});

describe('goDuration', () => {
  it('formats like time.Duration.String()', () => {
    assert.equal(goDuration(32_000), '32s');
    assert.equal(goDuration(500), '500ms');
    assert.equal(goDuration(1500), '1.5s');
    assert.equal(goDuration(3_600_000), '1h0m0s');
    assert.equal(goDuration(61_000), '1m1s');
  });
});

describe('Warning headers', () => {
  it('parses code, agent, quoted text with escapes, optional date, several per header', () => {
    const ws = parseWarningHeaders([
      '299 - "policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+"',
      '299 - "a \\"quoted\\" word" "Sat, 28 Nov 2026 04:00:00 GMT", 299 - "second"',
    ]);
    assert.deepEqual(
      ws.map((w) => [w.code, w.agent, w.text]),
      [
        [299, '-', 'policy/v1beta1 PodSecurityPolicy is deprecated in v1.21+, unavailable in v1.25+'],
        [299, '-', 'a "quoted" word'],
        [299, '-', 'second'],
      ],
    );
  });
  it('default handler prints each distinct 299 warning once', () => {
    const lines: string[] = [];
    const h = deduplicatingWarningHandler((l) => lines.push(l));
    for (const w of parseWarningHeaders(['299 - "x"', '299 - "x"', '199 - "ignored"', '299 - "y"'])) h(w);
    assert.deepEqual(lines, ['Warning: x', 'Warning: y']);
  });
});

describe('token bucket (QPS 5, burst 10 by default)', () => {
  it('defaults and the qps<0 escape hatch', () => {
    const l = rateLimiterFor(undefined, undefined) as TokenBucketRateLimiter;
    assert.equal(l.qps, 5);
    assert.equal(l.burst, 10);
    assert.ok(rateLimiterFor(-1, 0) instanceof UnlimitedRateLimiter);
  });
  it('burst tokens then one per 1/qps seconds (simulated clock)', () => {
    let now = 0;
    const l = new TokenBucketRateLimiter(5, 10, () => now);
    let accepted = 0;
    while (l.tryAccept()) accepted++;
    assert.equal(accepted, 10);
    now += 199;
    assert.equal(l.tryAccept(), false);
    now += 2;
    assert.equal(l.tryAccept(), true);
  });
  it('a cancelled wait gives its token back', async () => {
    let now = 0;
    const l = new TokenBucketRateLimiter(1, 1, () => now);
    assert.equal(l.tryAccept(), true);
    const ac = new AbortController();
    const waiting = l.wait(ac.signal);
    ac.abort(new Error('cancelled'));
    await assert.rejects(waiting, /cancelled/);
    now += 1000;
    assert.equal(l.tryAccept(), true);
  });
});

describe('watch stream splitter', () => {
  it('splits concatenated events at any chunk boundary, braces inside strings included', () => {
    const list = readShared<{ resources: unknown[] }>('discovery/api__v1.json');
    const events = list.resources
      .slice(0, 6)
      .map((o, i) => ({ type: i % 2 ? 'MODIFIED' : 'ADDED', object: { ...(o as object), note: 'a "}{" b \\' } }));
    const stream = events.map((e) => JSON.stringify(e)).join('\n') + '\n';
    for (const size of [1, 7, 64, stream.length]) {
      const s = new JSONObjectSplitter();
      const got: unknown[] = [];
      for (let i = 0; i < stream.length; i += size)
        got.push(...s.push(stream.slice(i, i + size)).map((t) => JSON.parse(t)));
      assert.deepEqual(got, events, `chunk size ${size}`);
      assert.equal(s.pending, false);
    }
  });
  it('rejects garbage between events', () => {
    assert.throws(() => new JSONObjectSplitter().push('{"a":1} x'), /unexpected character/);
  });
});

describe('list pager', () => {
  const items = Array.from({ length: 23 }, (_, i) => ({ metadata: { name: `cm-${i}` } }));
  const pageFn = (expireAfter?: number) => {
    const calls: ListOptions[] = [];
    const fn = async (o: ListOptions): Promise<KubeList> => {
      calls.push(o);
      if (expireAfter !== undefined && o.continue && calls.length > expireAfter) {
        throw new StatusError({
          status: 'Failure',
          reason: 'Expired',
          code: 410,
          message: 'The provided continue parameter is too old',
        });
      }
      const start = o.continue ? Number(o.continue) : 0;
      const end = o.limit ? Math.min(items.length, start + o.limit) : items.length;
      return {
        metadata: { resourceVersion: '100', continue: end < items.length ? String(end) : undefined },
        items: items.slice(start, end),
      };
    };
    return { fn, calls };
  };
  it('follows continue tokens and drops resourceVersion after the first page', async () => {
    const { fn, calls } = pageFn();
    const all = await listAllPages(fn, { resourceVersion: '0', labelSelector: 'x' }, { pageSize: 10 });
    assert.equal(all.items.length, 23);
    assert.deepEqual(
      calls.map((c) => [c.limit, c.continue, c.resourceVersion, c.labelSelector]),
      [
        [10, undefined, '0', 'x'],
        [10, '10', undefined, 'x'],
        [10, '20', undefined, 'x'],
      ],
    );
  });
  it('an expired continue token falls back to one full list', async () => {
    const { fn, calls } = pageFn(1);
    const all = await listAllPages(fn, {}, { pageSize: 10 });
    assert.equal(all.items.length, 23);
    assert.equal(calls[calls.length - 1].limit, undefined);
    assert.equal(calls[calls.length - 1].continue, undefined);
  });
  it('listPages streams pages', async () => {
    const { fn } = pageFn();
    const sizes: number[] = [];
    for await (const p of listPages(fn, {}, { pageSize: 10 })) sizes.push(p.items.length);
    assert.deepEqual(sizes, [10, 10, 3]);
  });
});

describe('retry classification (client-go: GET retried on reset/EOF only)', () => {
  it('connection reset and premature EOF are retryable; refused and TLS errors are not', () => {
    const err = (code: string, message = code) => Object.assign(new Error(message), { code });
    assert.equal(isRetryableConnectionError(err('ECONNRESET', 'socket hang up')), true);
    assert.equal(isRetryableConnectionError(err('ERR_STREAM_PREMATURE_CLOSE', 'Premature close')), true);
    assert.equal(isRetryableConnectionError(err('ECONNREFUSED')), false);
    assert.equal(isRetryableConnectionError(err('DEPTH_ZERO_SELF_SIGNED_CERT', 'self-signed certificate')), false);
  });
});

describe('per-host backoff (client-go URLBackoff)', () => {
  it('off unless both environment variables are set', () => {
    assert.equal(backoffFromEnvironment({}), noBackoff);
    assert.equal(backoffFromEnvironment({ KUBE_CLIENT_BACKOFF_BASE: '1' }), noBackoff);
    assert.ok(
      backoffFromEnvironment({ KUBE_CLIENT_BACKOFF_BASE: '1', KUBE_CLIENT_BACKOFF_DURATION: '8' }) instanceof
        URLBackoff,
    );
  });
  it('5xx doubles up to the max per host; any other answer resets', () => {
    let now = 0;
    const b = new URLBackoff(1000, 4000, () => now);
    const u = new URL('https://h:6443/api/v1/pods');
    const other = new URL('https://other:6443/api');
    const steps: number[] = [];
    for (let i = 0; i < 4; i++) {
      b.update(u, undefined, 503);
      steps.push(b.calculate(u));
      now += 100;
    }
    assert.deepEqual(steps, [1000, 2000, 4000, 4000]);
    assert.equal(b.calculate(other), 0);
    b.update(u, undefined, 200);
    assert.equal(b.calculate(u), 0);
  });
});
