/**
 * A fault-injecting HTTPS proxy in front of the real test API server.
 *
 * Requests are forwarded with the client's own Authorization header, so authentication and
 * authorization stay the server's. A client certificate presented to the proxy is verified
 * against the cluster CA and replaced upstream by the same identity's certificate from the
 * cluster kubeconfig (a proxy cannot forward a TLS client identity). The proxy serves a
 * certificate from the cluster CA, so clients verify it exactly as they verify the server.
 *
 *   const proxy = await FaultProxy.start({ kubeconfig: process.env.KUBESENSE_TEST_KUBECONFIG! });
 *   proxy.addRule({ method: 'GET', path: /\/pods$/, fault: { type: 'status', code: 429, retryAfterSeconds: 1 } });
 *   const kubeconfig = proxy.kubeconfig('admin');   // server: the proxy
 *   ...
 *   proxy.count({ path: /\/pods$/ });               // requests seen
 *   await proxy.close();
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { parse as parseYAML, stringify as stringifyYAML } from 'yaml';
import { matches, type Fault, type FaultRule, type InstalledRule } from './rules';
import { syntheticResponse } from './responses';

export interface FaultProxyOptions {
  /** The real cluster's kubeconfig (as written by the test cluster). */
  kubeconfig: string;
  /**
   * Serving certificate and key (PEM files). Default: proxy.crt/proxy.key beside the
   * kubeconfig, which the test cluster issues from its CA for 127.0.0.1. `false`: plain HTTP.
   */
  tls?: { certFile: string; keyFile: string } | false;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Status sent to the client; 0 when the connection was dropped before any headers. */
  status: number;
  /** The fault applied, if any. */
  fault?: Fault['type'];
  /** Status the upstream server answered with (absent when it was not asked). */
  upstreamStatus?: number;
  userAgent?: string;
}

export interface RequestFilter {
  method?: string;
  path?: string | RegExp;
  query?: FaultRule['query'];
  status?: number;
  fault?: Fault['type'];
}

interface KubeconfigFile {
  clusters?: { name: string; cluster: Record<string, unknown> & { server: string } }[];
  users?: { name: string; user: Record<string, unknown> }[];
  contexts?: { name: string; context: { cluster: string; user: string; namespace?: string } }[];
  'current-context'?: string;
}

interface UpstreamIdentity {
  fingerprint256: string;
  cert: Buffer;
  key: Buffer;
}

const hopByHop = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

interface LiveRule {
  rule: FaultRule;
  hits: number;
  matched: number;
  removed: boolean;
}

export class FaultProxy {
  /** Proxy base URL, e.g. https://127.0.0.1:41234. */
  readonly url: string;
  private readonly rules: LiveRule[] = [];
  private readonly records: RecordedRequest[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly tmpDir: string;

  private constructor(
    private readonly server: http.Server,
    private readonly upstream: URL,
    private readonly upstreamCA: Buffer,
    private readonly identities: UpstreamIdentity[],
    private readonly config: KubeconfigFile,
    private readonly agent: https.Agent,
    private readonly agentsByIdentity: Map<UpstreamIdentity, https.Agent>,
    scheme: 'http' | 'https',
  ) {
    const { port } = server.address() as AddressInfo;
    this.url = `${scheme}://127.0.0.1:${port}`;
    this.tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-fault-proxy-'));
  }

  static async start(opts: FaultProxyOptions): Promise<FaultProxy> {
    const config = parseYAML(fs.readFileSync(opts.kubeconfig, 'utf8')) as KubeconfigFile;
    const cluster = config.clusters?.[0]?.cluster;
    if (!cluster?.server) throw new Error(`${opts.kubeconfig}: no clusters[0].cluster.server`);
    const caData = cluster['certificate-authority-data'];
    if (typeof caData !== 'string')
      throw new Error(`${opts.kubeconfig}: clusters[0] has no certificate-authority-data`);
    const upstreamCA = Buffer.from(caData, 'base64');

    const identities: UpstreamIdentity[] = [];
    for (const { user } of config.users ?? []) {
      const cert = user['client-certificate-data'];
      const key = user['client-key-data'];
      if (typeof cert !== 'string' || typeof key !== 'string') continue;
      const certPEM = Buffer.from(cert, 'base64');
      identities.push({
        fingerprint256: new crypto.X509Certificate(certPEM).fingerprint256,
        cert: certPEM,
        key: Buffer.from(key, 'base64'),
      });
    }

    const agentOpts = { keepAlive: true, ca: upstreamCA, maxSockets: 64 };
    const agent = new https.Agent(agentOpts);
    const agentsByIdentity = new Map(
      identities.map((id) => [id, new https.Agent({ ...agentOpts, cert: id.cert, key: id.key })]),
    );

    let tls = opts.tls;
    if (tls === undefined) {
      const dir = path.dirname(opts.kubeconfig);
      tls = { certFile: path.join(dir, 'proxy.crt'), keyFile: path.join(dir, 'proxy.key') };
    }
    // The server exists before the proxy object that handles its requests.
    const self: { proxy?: FaultProxy } = {};
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => self.proxy!.handle(req, res);
    const server = tls
      ? https.createServer(
          {
            cert: fs.readFileSync(tls.certFile),
            key: fs.readFileSync(tls.keyFile),
            // Ask for a client certificate but let the request through without one:
            // the upstream server decides what an anonymous request may do.
            requestCert: true,
            rejectUnauthorized: false,
            ca: upstreamCA,
          },
          handler,
        )
      : http.createServer(handler);
    // Long-running watches must not be cut by Node's default timeouts.
    server.requestTimeout = 0;
    server.headersTimeout = 60_000;
    server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const proxy = new FaultProxy(
      server,
      new URL(cluster.server),
      upstreamCA,
      identities,
      config,
      agent,
      agentsByIdentity,
      tls ? 'https' : 'http',
    );
    self.proxy = proxy;
    server.on('connection', (socket: Socket) => proxy.track(socket));
    server.on('secureConnection', (socket: Socket) => proxy.track(socket));
    return proxy;
  }

  /** Installs a rule; rules are tried in the order added, the first applicable one wins. */
  addRule(rule: FaultRule): InstalledRule {
    const live: LiveRule = { rule, hits: 0, matched: 0, removed: false };
    this.rules.push(live);
    return {
      rule,
      get hits() {
        return live.hits;
      },
      get matched() {
        return live.matched;
      },
      remove: () => {
        live.removed = true;
      },
    };
  }

  clearRules(): void {
    for (const r of this.rules) r.removed = true;
    this.rules.length = 0;
  }

  /** Every request seen so far, oldest first. */
  get requests(): readonly RecordedRequest[] {
    return this.records.slice();
  }

  clearRequests(): void {
    this.records.length = 0;
  }

  /** Number of recorded requests matching the filter. */
  count(filter: RequestFilter = {}): number {
    return this.records.filter((r) => {
      if (filter.status !== undefined && r.status !== filter.status) return false;
      if (filter.fault !== undefined && r.fault !== filter.fault) return false;
      return matches(
        { method: filter.method, path: filter.path, query: filter.query, fault: { type: 'delay', ms: 0 } },
        r.method,
        r.path,
        new URLSearchParams(r.query),
      );
    }).length;
  }

  /** Resolves once `count` recorded requests match the filter (e.g. a client's retries). */
  async waitForRequests(filter: RequestFilter, count: number, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.count(filter) < count) {
      if (Date.now() > deadline) {
        throw new Error(`fault proxy: ${this.count(filter)} of ${count} expected requests after ${timeoutMs} ms`);
      }
      await sleep(20);
    }
  }

  /**
   * Writes a kubeconfig whose cluster is this proxy (same CA, same credentials), with
   * `context` as current context, and returns its path. Removed by close().
   */
  kubeconfig(context = 'admin'): string {
    const cfg = structuredClone(this.config);
    if (!cfg.contexts?.some((c) => c.name === context)) {
      throw new Error(`fault proxy: the cluster kubeconfig has no context "${context}"`);
    }
    for (const c of cfg.clusters ?? []) {
      c.cluster.server = this.url;
    }
    cfg['current-context'] = context;
    const file = path.join(this.tmpDir, `kubeconfig-${context}`);
    fs.writeFileSync(file, stringifyYAML(cfg), { mode: 0o600 });
    return file;
  }

  /** Stops listening, drops open connections (stalled and watch streams included). */
  async close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    this.agent.destroy();
    for (const a of this.agentsByIdentity.values()) a.destroy();
    await closed;
    fs.rmSync(this.tmpDir, { recursive: true, force: true });
  }

  private track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private pickFault(method: string, pathname: string, query: URLSearchParams): Fault | undefined {
    for (const live of this.rules) {
      if (live.removed || !matches(live.rule, method, pathname, query)) continue;
      live.matched++;
      if (live.matched <= (live.rule.skip ?? 0)) continue;
      if (live.hits >= (live.rule.times ?? 1)) continue;
      live.hits++;
      return live.rule.fault;
    }
    return undefined;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'https://proxy.invalid');
    const method = req.method ?? 'GET';
    const fault = this.pickFault(method, url.pathname, url.searchParams);
    const record: RecordedRequest = {
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      userAgent: req.headers['user-agent'],
    };
    if (fault) record.fault = fault.type;
    this.records.push(record);
    void this.serve(req, res, url, fault, record).catch(() => {
      if (!res.headersSent) {
        record.status = 502;
        res.writeHead(502, { 'Content-Type': 'text/plain' }).end('fault proxy: upstream request failed\n');
      } else {
        res.destroy();
      }
    });
  }

  private async serve(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    url: URL,
    fault: Fault | undefined,
    record: RecordedRequest,
  ): Promise<void> {
    const socket = req.socket;
    switch (fault?.type) {
      case 'reset':
        if (fault.when === 'before-forward') {
          req.resume();
          socket.destroy();
          return;
        }
        break;
      case 'delay':
        await sleep(fault.ms);
        break;
      case 'status':
        if (!fault.forward) {
          req.resume();
          await new Promise((resolve) => req.once('end', resolve));
          return this.sendSynthetic(res, fault, record);
        }
        break;
      case 'gone':
        expireResourceVersion(url);
        break;
      case 'not-served':
        url.pathname = `/kubesense-not-served${url.pathname}`;
        break;
    }

    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!hopByHop.has(name) && name !== 'host' && value !== undefined) headers[name] = value;
    }
    headers.host = this.upstream.host;
    if (fault?.type === 'no-table') headers.accept = withoutTable(String(headers.accept ?? ''));
    let agent = this.agent;
    if (fault?.type === 'expired-token') {
      headers.authorization = `Bearer kubesense-expired-${crypto.randomBytes(8).toString('hex')}`;
    } else if (fault?.type === 'anonymous') {
      delete headers.authorization;
    } else {
      const identity = this.clientIdentity(socket as TLSSocket);
      if (identity) agent = this.agentsByIdentity.get(identity)!;
    }

    const upstreamReq = https.request({
      protocol: 'https:',
      hostname: this.upstream.hostname,
      port: this.upstream.port,
      method: req.method,
      path: url.pathname + url.search,
      headers,
      agent,
    });
    // When the client goes away mid-response, so does the upstream request (watches
    // especially). A finished exchange leaves the pooled keep-alive socket alone.
    let upstreamComplete = false;
    res.once('close', () => {
      if (!upstreamComplete) upstreamReq.destroy();
    });
    req.pipe(upstreamReq);
    const upstreamRes = await new Promise<http.IncomingMessage>((resolve, reject) => {
      upstreamReq.once('response', resolve);
      upstreamReq.once('error', reject);
    });
    record.upstreamStatus = upstreamRes.statusCode;
    upstreamRes.once('end', () => (upstreamComplete = true));

    if (fault?.type === 'reset' && fault.when === 'before-headers') {
      upstreamRes.resume();
      socket.destroy();
      return;
    }
    if (fault?.type === 'status') {
      upstreamRes.resume();
      return this.sendSynthetic(res, fault, record);
    }

    const responseHeaders: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(upstreamRes.headers)) {
      if (!hopByHop.has(name) && value !== undefined) responseHeaders[name] = value;
    }
    record.status = upstreamRes.statusCode ?? 502;
    res.writeHead(record.status, responseHeaders);
    res.flushHeaders();
    await relayBody(upstreamRes, res, fault);
  }

  private sendSynthetic(
    res: http.ServerResponse,
    fault: Extract<Fault, { type: 'status' }>,
    record: RecordedRequest,
  ): void {
    const synthetic = syntheticResponse(fault);
    record.status = synthetic.status;
    res.writeHead(synthetic.status, {
      ...synthetic.headers,
      'Content-Length': Buffer.byteLength(synthetic.body),
      'Cache-Control': 'no-cache, private',
    });
    res.end(synthetic.body);
  }

  /** The upstream identity for a client certificate the proxy verified, if any. */
  private clientIdentity(socket: TLSSocket): UpstreamIdentity | undefined {
    if (typeof socket.getPeerCertificate !== 'function' || !socket.authorized) return undefined;
    const peer = socket.getPeerCertificate();
    if (!peer?.fingerprint256) return undefined;
    return this.identities.find((id) => id.fingerprint256 === peer.fingerprint256);
  }
}

/**
 * Makes the request ask for history the server no longer has: an expired continue token
 * for a list page, else resourceVersion=1 (older than the cluster's startup compaction).
 * The continue token format is the API server's (apiserver/pkg/storage/continue.go):
 * unpadded base64url of {"v":"meta.k8s.io/v1","rv":N,"start":"..."}.
 */
function expireResourceVersion(url: URL): void {
  const token = url.searchParams.get('continue');
  if (token) {
    try {
      const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as Record<string, unknown>;
      decoded.rv = 1;
      url.searchParams.set('continue', Buffer.from(JSON.stringify(decoded)).toString('base64url'));
      return;
    } catch {
      // not a token the server issued: fall through to resourceVersion
    }
  }
  url.searchParams.set('resourceVersion', '1');
  if (url.searchParams.get('watch') !== 'true' && url.searchParams.get('watch') !== '1') {
    url.searchParams.set('resourceVersionMatch', 'Exact');
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function write(res: http.ServerResponse, chunk: Buffer): Promise<void> {
  return new Promise((resolve) => {
    if (res.destroyed) return resolve();
    res.write(chunk, () => resolve());
  });
}

/** Writes what is buffered, then kills the client connection (a reset mid-body). */
async function writeAndDestroy(res: http.ServerResponse, chunk: Buffer | undefined): Promise<void> {
  const socket = res.socket;
  if (chunk?.length) await write(res, chunk);
  // Let the headers and bytes already written reach the client before the reset.
  else if (socket && !socket.destroyed)
    await new Promise<void>((resolve) => socket.write(Buffer.alloc(0), () => resolve()));
  socket?.destroy();
}

async function relayBody(
  upstreamRes: http.IncomingMessage,
  res: http.ServerResponse,
  fault: Fault | undefined,
): Promise<void> {
  let sent = 0;
  const stopUpstream = () => {
    if (!upstreamRes.complete) upstreamRes.destroy();
  };

  if (fault?.type === 'reset' || fault?.type === 'stall') {
    const limit = fault.afterBytes ?? 0;
    if (limit === 0) {
      stopUpstream();
      if (fault.type === 'reset') await writeAndDestroy(res, undefined);
      return; // stall: headers sent, body never comes; the socket stays open
    }
    for await (const chunk of upstreamRes as AsyncIterable<Buffer>) {
      const room = limit - sent;
      if (chunk.length < room) {
        await write(res, chunk);
        sent += chunk.length;
        continue;
      }
      stopUpstream();
      if (fault.type === 'reset') await writeAndDestroy(res, chunk.subarray(0, room));
      else await write(res, chunk.subarray(0, room));
      return;
    }
    res.end();
    return;
  }

  if (fault?.type === 'cut-watch') {
    let events = 0;
    let cutting = fault.afterEvents === 0;
    const cut = async (pending: Buffer | undefined) => {
      stopUpstream();
      if (fault.graceful) {
        if (pending?.length) await write(res, pending);
        res.end();
      } else {
        await writeAndDestroy(res, pending);
      }
    };
    if (cutting && !fault.midEvent) return cut(undefined);
    for await (const chunk of upstreamRes as AsyncIterable<Buffer>) {
      let offset = 0;
      if (!cutting) {
        for (; offset < chunk.length && events < fault.afterEvents; offset++) {
          if (chunk[offset] === 0x0a) events++;
        }
        if (events < fault.afterEvents) {
          await write(res, chunk);
          continue;
        }
        cutting = true;
        if (!fault.midEvent) return cut(chunk.subarray(0, offset));
      }
      // Mid-event: send the complete events, then half of the next event's line.
      const rest = chunk.subarray(offset);
      if (rest.length === 0) {
        await write(res, chunk);
        continue;
      }
      const newline = rest.indexOf(0x0a);
      const lineLength = newline === -1 ? rest.length : newline + 1;
      return cut(chunk.subarray(0, offset + Math.max(1, Math.floor(lineLength / 2))));
    }
    res.end();
    return;
  }

  if (fault?.type === 'slow') {
    const size = fault.chunkBytes ?? 64;
    for await (const chunk of upstreamRes as AsyncIterable<Buffer>) {
      for (let i = 0; i < chunk.length; i += size) {
        if (res.destroyed) return stopUpstream();
        await write(res, chunk.subarray(i, i + size));
        await sleep(fault.delayMs);
      }
    }
    res.end();
    return;
  }

  upstreamRes.pipe(res);
  await new Promise<void>((resolve) => {
    upstreamRes.once('end', resolve);
    upstreamRes.once('error', () => resolve());
    res.once('close', resolve);
  });
}

/** An Accept header without its `as=Table` media ranges: what a client gets from a server that has no Tables. */
export function withoutTable(accept: string): string {
  const kept = accept
    .split(',')
    .map((range) => range.trim())
    .filter((range) => range && !/;\s*as=Table\b/i.test(range));
  return kept.length > 0 ? kept.join(',') : 'application/json';
}
