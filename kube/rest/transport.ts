// The HTTP transport under every client (client-go's transport package): a pooled keep-alive agent per
// TLS/proxy configuration, authentication headers, impersonation and the User-Agent.
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import { pipeline, type Readable } from 'stream';
import * as zlib from 'zlib';
import { tlsConfigError, type CredentialSource, type RestConfig, type TLSConfig } from './config';
import { redactURL } from '../util/redact';
import { TransportError } from './errors';
import { defaultUserAgent } from './version';

export interface RoundTripRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: Buffer;
  signal?: AbortSignal;
}

/** What an HTTP attempt produced: the response with its body still unread. */
export interface RoundTripResponse {
  response: http.IncomingMessage;
  /** The body, gunzipped when the server compressed it (Go's transport does this transparently too). */
  body: Readable;
  /** Headers actually sent (with credentials), for masking and logging by the caller. */
  sentHeaders: Record<string, string>;
}

/** Headers, agent and TLS options for an upgraded connection (see Transport.upgradeOptions). */
export interface UpgradeOptions {
  headers: Record<string, string>;
  agent: http.Agent;
  tls: https.AgentOptions;
}

interface ClientCert {
  cert?: string;
  key?: string;
}

const agentCache = new Map<string, http.Agent>();

function agentKey(tls: TLSConfig, cert: ClientCert, proxy: string | undefined, secure: boolean): string {
  // Hash so that key material is not kept as a readable map key.
  const h = crypto.createHash('sha256');
  h.update(
    JSON.stringify([
      secure,
      tls.insecure ?? false,
      tls.serverName ?? '',
      tls.caData ?? '',
      cert.cert ?? '',
      cert.key ?? '',
      proxy ?? '',
    ]),
  );
  return h.digest('hex');
}

/** Go's http.ProxyFromEnvironment, which client-go uses when the kubeconfig has no proxy-url. */
export function proxyFromEnvironment(target: URL, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const host = target.hostname.replace(/^\[|\]$/g, '');
  // Go never proxies loopback.
  if (host === 'localhost' || /^127\./.test(host) || host === '::1') return undefined;
  const proxy = target.protocol === 'https:' ? env.HTTPS_PROXY || env.https_proxy : env.HTTP_PROXY || env.http_proxy;
  if (!proxy) return undefined;
  const noProxy = env.NO_PROXY ?? env.no_proxy ?? '';
  for (let entry of noProxy
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    if (entry === '*') return undefined;
    entry = entry.replace(/:\d+$/, '');
    if (entry.startsWith('.')) entry = entry.slice(1);
    if (host === entry || host.endsWith('.' + entry)) return undefined;
  }
  return proxy;
}

function tlsOptions(tls: TLSConfig, cert: ClientCert): https.AgentOptions {
  const o: https.AgentOptions = { rejectUnauthorized: !tls.insecure };
  if (tls.caData) o.ca = tls.caData;
  if (cert.cert) o.cert = cert.cert;
  if (cert.key) o.key = cert.key;
  if (tls.serverName) o.servername = tls.serverName;
  return o;
}

async function makeAgent(
  tls: TLSConfig,
  cert: ClientCert,
  proxy: string | undefined,
  secure: boolean,
): Promise<http.Agent> {
  const key = agentKey(tls, cert, proxy, secure);
  const existing = agentCache.get(key);
  if (existing) return existing;
  // client-go keeps up to 25 idle connections per host; watches hold sockets open, so no hard cap on total.
  const pool = { keepAlive: true, maxFreeSockets: 25, scheduling: 'lifo' as const };
  let agent: http.Agent;
  // Proxy agents are loaded only when a proxy is configured: together they cost ~100 ms of start-up.
  const tlsOpts = secure ? tlsOptions(tls, cert) : {};
  if (proxy) {
    let proxyURL: URL;
    try {
      proxyURL = new URL(proxy);
    } catch {
      throw new Error(`invalid proxy-url ${JSON.stringify(redactURL(proxy))}`);
    }
    switch (proxyURL.protocol) {
      case 'http:':
      case 'https:':
        if (secure) {
          const { HttpsProxyAgent: Agent } = await import('https-proxy-agent');
          agent = new Agent(proxyURL, { ...pool, ...tlsOpts });
        } else {
          const { HttpProxyAgent: Agent } = await import('http-proxy-agent');
          agent = new Agent(proxyURL, pool);
        }
        break;
      case 'socks5:':
      case 'socks5h:':
      case 'socks:':
        {
          const { SocksProxyAgent: Agent } = await import('socks-proxy-agent');
          agent = new Agent(proxyURL, { ...pool, ...tlsOpts });
        }
        break;
      default:
        throw new Error(
          `proxy-url scheme ${proxyURL.protocol.replace(':', '')} is not supported (use http, https or socks5)`,
        );
    }
  } else {
    agent = secure ? new https.Agent({ ...pool, ...tlsOpts }) : new http.Agent(pool);
  }
  agentCache.set(key, agent);
  return agent;
}

/** Re-reads a token file when it changes (client-go re-reads periodically; an mtime check is cheaper and prompter). */
class TokenFileSource {
  private token = '';
  private mtimeMs = -1;
  constructor(
    private readonly file: string,
    private readonly fallback?: string,
  ) {}
  read(): string {
    try {
      const st = fs.statSync(this.file);
      if (st.mtimeMs !== this.mtimeMs) {
        this.token = fs.readFileSync(this.file, 'utf8').trim();
        this.mtimeMs = st.mtimeMs;
      }
    } catch (e) {
      if (this.token) return this.token;
      if (this.fallback) return this.fallback;
      throw new Error(`reading token file ${this.file}: ${(e as Error).message}`);
    }
    return this.token;
  }
}

function headerKeyEscape(key: string): string {
  // client-go escapes bytes that are not legal in a header name so extra keys survive the trip.
  let out = '';
  for (const b of Buffer.from(key, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9!#$&'*+\-.^_`|~]/.test(c) && c !== '%') out += c;
    else out += '%' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

export class Transport {
  readonly base: URL;
  readonly userAgent: string;
  private readonly tokenFile?: TokenFileSource;
  private readonly credentials?: CredentialSource;

  constructor(private readonly config: RestConfig) {
    if (!config.host) throw new Error('rest config: host must be set');
    let host = config.host;
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) host = 'https://' + host;
    try {
      this.base = new URL(host);
    } catch {
      throw new Error(`rest config: invalid host ${JSON.stringify(redactURL(config.host))}`);
    }
    if (this.base.protocol !== 'https:' && this.base.protocol !== 'http:') {
      throw new Error(`rest config: host ${redactURL(config.host)} must use http or https`);
    }
    this.userAgent = config.userAgent || defaultUserAgent();
    this.credentials = config.credentials;
    if (config.bearerTokenFile) this.tokenFile = new TokenFileSource(config.bearerTokenFile, config.bearerToken);
  }

  /** True when a 401 may be cured by fetching fresh credentials (a token file is re-read on every request anyway). */
  get canRefreshCredentials(): boolean {
    return !!this.credentials;
  }

  invalidateCredentials(): void {
    this.credentials?.invalidate();
  }

  private async authenticate(headers: Record<string, string>, signal?: AbortSignal): Promise<ClientCert> {
    const cert: ClientCert = { cert: this.config.tls.certData, key: this.config.tls.keyData };
    if (this.credentials) {
      const c = await this.credentials.get(signal);
      if (c.token) headers['Authorization'] = `Bearer ${c.token}`;
      if (c.clientCertificateData && c.clientKeyData) {
        cert.cert = c.clientCertificateData;
        cert.key = c.clientKeyData;
      }
      if (c.token || cert.cert) return cert;
    }
    if (this.tokenFile) {
      const token = this.tokenFile.read();
      if (token) headers['Authorization'] = `Bearer ${token}`;
    } else if (this.config.bearerToken) {
      headers['Authorization'] = `Bearer ${this.config.bearerToken}`;
    } else if (this.config.username !== undefined || this.config.password !== undefined) {
      const basic = Buffer.from(`${this.config.username ?? ''}:${this.config.password ?? ''}`).toString('base64');
      headers['Authorization'] = `Basic ${basic}`;
    }
    return cert;
  }

  private impersonate(headers: Record<string, string>): void {
    const imp = this.config.impersonate;
    if (!imp) return;
    if (imp.userName) headers['Impersonate-User'] = imp.userName;
    if (imp.uid) headers['Impersonate-Uid'] = imp.uid;
    // Multiple groups go as repeated headers; node joins array values into separate header lines.
    if (imp.groups?.length) (headers as Record<string, string | string[]>)['Impersonate-Group'] = imp.groups;
    for (const [k, values] of Object.entries(imp.extra ?? {})) {
      (headers as Record<string, string | string[]>)[`Impersonate-Extra-${headerKeyEscape(k)}`] = values;
    }
  }

  /**
   * What a connection upgrade (exec, attach, port-forward over WebSocket) sends: the same credentials,
   * impersonation, User-Agent, TLS settings and (proxy) agent as roundTrip, for a WebSocket library to use.
   */
  async upgradeOptions(url: URL, signal?: AbortSignal): Promise<UpgradeOptions> {
    const headers: Record<string, string> = { 'User-Agent': this.userAgent };
    const invalid = tlsConfigError(this.config.tls);
    if (invalid) throw new Error(invalid);
    this.impersonate(headers);
    const cert = await this.authenticate(headers, signal);
    const secure = url.protocol === 'https:' || url.protocol === 'wss:';
    const httpURL = new URL(url.toString().replace(/^ws/, 'http'));
    const proxy = this.config.proxyURL || proxyFromEnvironment(httpURL);
    const agent = await makeAgent(this.config.tls, cert, proxy, secure);
    return { headers, agent, tls: secure ? tlsOptions(this.config.tls, cert) : {} };
  }

  /** One HTTP attempt. Resolves once response headers arrive; the body is left to the caller. */
  async roundTrip(req: RoundTripRequest): Promise<RoundTripResponse> {
    const headers: Record<string, string> = { 'User-Agent': this.userAgent, 'Accept-Encoding': 'gzip', ...req.headers };
    // Checked before credentials are fetched, so no token leaves for a server whose identity is ambiguous.
    const invalid = tlsConfigError(this.config.tls);
    if (invalid) throw new Error(invalid);
    this.impersonate(headers);
    const cert = await this.authenticate(headers, req.signal);
    const secure = req.url.protocol === 'https:';
    const proxy = this.config.proxyURL || proxyFromEnvironment(req.url);
    const agent = await makeAgent(this.config.tls, cert, proxy, secure);
    if (req.body) headers['Content-Length'] = String(req.body.length);
    const mod = secure ? https : http;
    const options: https.RequestOptions = {
      method: req.method,
      headers,
      agent,
      signal: req.signal,
      ...(secure ? tlsOptions(this.config.tls, cert) : {}),
    };
    return new Promise<RoundTripResponse>((resolve, reject) => {
      let request: http.ClientRequest;
      try {
        request = mod.request(req.url, options, (response) =>
          resolve({ response, body: decoded(response), sentHeaders: headers }),
        );
      } catch (e) {
        reject(
          new TransportError(
            `${req.method} ${redactURL(req.url.toString())}: ${(e as Error).message}`,
            redactURL(req.url.toString()),
            undefined,
            {
              cause: e,
            },
          ),
        );
        return;
      }
      request.on('error', (e: NodeJS.ErrnoException) => {
        if (req.signal?.aborted) {
          reject(req.signal.reason ?? e);
          return;
        }
        reject(
          new TransportError(
            `${req.method} ${redactURL(req.url.toString())}: ${e.message}`,
            redactURL(req.url.toString()),
            e.code,
            { cause: e },
          ),
        );
      });
      request.end(req.body);
    });
  }
}

function decoded(response: http.IncomingMessage): Readable {
  const enc = String(response.headers['content-encoding'] ?? '').toLowerCase();
  if (enc !== 'gzip') return response;
  const gunzip = zlib.createGunzip();
  // pipeline destroys the gunzip stream with an error when the connection dies mid-body.
  pipeline(response, gunzip, () => undefined);
  return gunzip;
}

/** Drop pooled connections (tests, and the extension when it shuts down). */
export function closeIdleConnections(): void {
  for (const a of agentCache.values()) a.destroy();
  agentCache.clear();
}
