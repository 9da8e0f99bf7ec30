/**
 * Bare HTTPS requests with a kubeconfig's credentials, for tests that must see exactly what
 * goes over the wire (the fault proxy, the cluster's own checks) without any client library.
 */
import * as fs from 'node:fs';
import * as https from 'node:https';
import { parse as parseYAML } from 'yaml';

export interface Creds {
  server: string;
  ca: Buffer;
  token?: string;
  cert?: Buffer;
  key?: Buffer;
}

export function credsFrom(kubeconfigPath: string, context: string): Creds {
  const cfg = parseYAML(fs.readFileSync(kubeconfigPath, 'utf8'));
  const ctx = cfg.contexts.find((c: { name: string }) => c.name === context).context;
  const cluster = cfg.clusters.find((c: { name: string }) => c.name === ctx.cluster).cluster;
  const user = cfg.users.find((u: { name: string }) => u.name === ctx.user).user;
  const b64 = (s?: string) => (s ? Buffer.from(s, 'base64') : undefined);
  return {
    server: cluster.server,
    ca: b64(cluster['certificate-authority-data'])!,
    token: user.token,
    cert: b64(user['client-certificate-data']),
    key: b64(user['client-key-data']),
  };
}

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  chunks: number;
}

/** One request; rejects with the socket error when the connection dies. Fresh connection each time. */
export function request(
  creds: Creds,
  path: string,
  opts: {
    method?: string;
    body?: unknown;
    headers?: Record<string, string>;
    timeoutMs?: number;
    onHeaders?: (status: number) => void;
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, creds.server);
    const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const req = https.request(url, {
      method: opts.method ?? 'GET',
      ca: creds.ca,
      cert: creds.cert,
      key: creds.key,
      agent: false,
      headers: {
        Accept: 'application/json',
        ...(creds.token ? { Authorization: `Bearer ${creds.token}` } : {}),
        ...(body ? { 'Content-Type': 'application/json' } : {}),
        ...opts.headers,
      },
    });
    const timer = setTimeout(() => req.destroy(new Error('client timeout')), opts.timeoutMs ?? 60_000);
    let text: string | undefined;
    let status: number | undefined;
    req.on('response', (res) => {
      opts.onHeaders?.(res.statusCode!);
      status = res.statusCode;
      text = '';
      let chunks = 0;
      res.setEncoding('utf8');
      res.on('data', (d: string) => {
        text += d;
        chunks++;
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode!, headers: res.headers, body: text ?? '', chunks });
      });
      res.on('error', (err) => {
        clearTimeout(timer);
        reject(Object.assign(err, { partialBody: text, status: res.statusCode }));
      });
      res.on('aborted', () => {
        clearTimeout(timer);
        reject(Object.assign(new Error('response aborted'), { partialBody: text, status: res.statusCode }));
      });
    });
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(Object.assign(err, { partialBody: text, status }));
    });
    req.end(body);
  });
}
