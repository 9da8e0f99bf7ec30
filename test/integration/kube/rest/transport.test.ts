// Transport details against the real API server: impersonation, token files re-read on change, an HTTP CONNECT
// proxy from proxy-url, client-side throttling (watches exempt), TLS verification, and the -v=N request log.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { RESTClient } from '../../../../kube/rest/client';
import type { RestConfig } from '../../../../kube/rest/config';
import { TransportError, isForbidden, isUnauthorized } from '../../../../kube/rest/errors';
import { klogStyleLogger, type RequestLogEntry } from '../../../../kube/rest/logging';
import { TokenBucketRateLimiter, type RateLimiter } from '../../../../kube/rest/throttle';
import { closeIdleConnections } from '../../../../kube/rest/transport';
import { cluster, NO_CLUSTER, createNamespace, deleteNamespace, type Cluster } from './support';

/** A minimal HTTP CONNECT proxy that records the targets it tunnelled to. */
async function connectProxy(): Promise<{ url: string; tunnels: string[]; close(): Promise<void> }> {
  const tunnels: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    tunnels.push(req.url ?? '');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** A minimal SOCKS5 server (no auth, CONNECT only) that records the targets it connected to. */
async function socks5Proxy(): Promise<{ url: string; targets: string[]; close(): Promise<void> }> {
  const targets: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => undefined);
    let stage = 0;
    let buf = Buffer.alloc(0);
    const onData = (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (stage === 0 && buf.length >= 2 && buf.length >= 2 + buf[1]) {
        buf = buf.subarray(2 + buf[1]);
        client.write(Buffer.from([5, 0])); // version 5, no authentication
        stage = 1;
      }
      if (stage === 1 && buf.length >= 10) {
        const atyp = buf[3];
        let host: string;
        let offset: number;
        if (atyp === 1) {
          host = [...buf.subarray(4, 8)].join('.');
          offset = 8;
        } else if (atyp === 3) {
          host = buf.subarray(5, 5 + buf[4]).toString();
          offset = 5 + buf[4];
        } else return client.destroy();
        const port = buf.readUInt16BE(offset);
        targets.push(`${host}:${port}`);
        client.off('data', onData);
        stage = 2;
        const upstream = net.connect(port, host, () => {
          client.write(Buffer.from([5, 0, 0, 1, 0, 0, 0, 0, 0, 0]));
          upstream.pipe(client);
          client.pipe(upstream);
        });
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        upstream.on('error', () => client.destroy());
      }
    };
    client.on('data', onData);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `socks5://127.0.0.1:${port}`,
    targets,
    close: () =>
      new Promise((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

describe('transport against the real API server', () => {
  let c: Cluster | undefined;
  let admin: RestConfig;
  let ns = '';
  let tmp = '';
  before(async () => {
    c = cluster();
    if (!c) return;
    admin = c.config();
    ns = await createNamespace(c.core(admin), 'transport');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-transport-'));
  });
  after(async () => {
    if (c && ns) await deleteNamespace(c.core(admin), ns);
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
    closeIdleConnections();
  });

  it('impersonation headers: the admin acting as the restricted user is forbidden like that user', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const imp = c.core({
      ...admin,
      impersonate: { userName: 'kubesense-restricted', groups: ['system:authenticated'] },
    });
    await assert.rejects(
      imp.get().namespace(ns).resource('configmaps').do(),
      (e) => isForbidden(e) && /"kubesense-restricted"/.test((e as Error).message),
    );
    await imp.get().namespace('team-a').resource('configmaps').do();
  });

  it('a token file is re-read when it changes', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const file = path.join(tmp, 'token');
    fs.writeFileSync(file, 'wrong-token\n', { mode: 0o600 });
    const core = c.core({ ...admin, bearerToken: undefined, bearerTokenFile: file, credentials: undefined });
    await assert.rejects(core.get().resource('namespaces').do(), (e) => isUnauthorized(e));
    fs.writeFileSync(file, `${admin.bearerToken}\n`);
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(file, later, later); // make the change visible even on coarse mtime clocks
    await core.get().resource('namespaces').do();
  });

  it('proxy-url: requests tunnel through an HTTP CONNECT proxy, TLS still verified end to end', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const proxy = await connectProxy();
    try {
      const core = c.core({ ...admin, proxyURL: proxy.url });
      await core.get().resource('namespaces').do();
      assert.equal(proxy.tunnels.length, 1);
      assert.equal(proxy.tunnels[0], new URL(admin.host).host);
      // Wrong CA through the same proxy: the server certificate must be rejected.
      const wrongCA = c.core({
        ...admin,
        proxyURL: proxy.url,
        tls: {
          ...admin.tls,
          caData: fs.readFileSync(
            path.join(__dirname, '../../../../../test/integration/kube/rest/testdata/unrelated-ca.pem'),
            'utf8',
          ),
        },
      });
      await assert.rejects(wrongCA.get().resource('namespaces').do(), (e) => e instanceof TransportError);
    } finally {
      await proxy.close();
      closeIdleConnections();
    }
  });

  it('proxy-url socks5: requests go through a SOCKS5 proxy', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const proxy = await socks5Proxy();
    try {
      const core = c.core({ ...admin, proxyURL: proxy.url });
      await core.get().resource('namespaces').do();
      assert.deepEqual(proxy.targets, [new URL(admin.host).host]);
    } finally {
      await proxy.close();
      closeIdleConnections();
    }
  });

  it('TLS is verified: no CA means the cluster certificate is rejected; insecure only when asked', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const noCA = c.core({ ...admin, tls: { ...admin.tls, caData: undefined } });
    await assert.rejects(
      noCA.get().resource('namespaces').do(),
      (e) => e instanceof TransportError && /certificate/i.test((e as Error).message),
    );
    const insecure = c.core({ ...admin, tls: { insecure: true } });
    await insecure.get().resource('namespaces').do();
  });

  it('requests take a token from the shared bucket; watches do not', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    let waits = 0;
    const inner = new TokenBucketRateLimiter(100, 100);
    const spy: RateLimiter = {
      qps: inner.qps,
      tryAccept: () => inner.tryAccept(),
      wait: (s) => (waits++, inner.wait(s)),
    };
    const core = new RESTClient(admin, { groupVersion: { group: '', version: 'v1' }, rateLimiter: spy });
    await core.get().resource('namespaces').do();
    assert.equal(waits, 1);
    const w = await core.get().namespace(ns).resource('configmaps').watch();
    w.stop();
    assert.equal(waits, 1, 'opening a watch is not throttled');
  });

  it('default QPS 5 / burst 10: 15 requests cannot finish in under ~1 s', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const core = c.core({ ...admin, qps: undefined, burst: undefined });
    const started = performance.now();
    await Promise.all(Array.from({ length: 15 }, () => core.get().resource('namespaces').name('default').do()));
    // Lower bound only (machines are noisy upwards, never downwards): 5 requests beyond the burst at 5/s.
    assert.ok(performance.now() - started >= 950, `took ${performance.now() - started} ms`);
  });

  it('request log: method, URL, status and latency; never the token', async (t) => {
    if (!c) return t.skip(NO_CLUSTER);
    const entries: RequestLogEntry[] = [];
    const lines: string[] = [];
    const v9 = klogStyleLogger(9, (l) => lines.push(l));
    const core = new RESTClient(admin, {
      groupVersion: { group: '', version: 'v1' },
      logger: (e) => (entries.push(e), v9(e)),
    });
    await core.get().resource('namespaces').name('default').do();
    assert.equal(entries.length, 1);
    assert.equal(entries[0].status, 200);
    const response = lines.find((l) => l.startsWith('"Response" '))!;
    assert.match(
      response,
      /^"Response" verb="GET" url="https:\/\/127\.0\.0\.1:\d+\/api\/v1\/namespaces\/default" status="200 OK" milliseconds=\d+$/,
    );
    const all = JSON.stringify(entries) + lines.join('\n');
    assert.ok(!all.includes(admin.bearerToken!), 'token must never be logged');
    assert.match(lines.join('\n'), /\tAuthorization: Bearer <masked>\n/);
  });
});
