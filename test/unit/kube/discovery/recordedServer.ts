// A local HTTP server that answers with the real discovery documents recorded in ../shared/k8s/discovery
// (and OpenAPI v3 documents from ../shared/k8s/openapi-v3), counting every request it sees.
// It negotiates like the API server: aggregated discovery only when the Accept header asks for it.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

export function sharedK8s(): string {
  // out/test/unit/kube/discovery -> repo root is four levels up; the shared data sits beside the repo.
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    const candidate = path.join(dir, '..', 'shared', 'k8s');
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(candidate)) return path.resolve(candidate);
    dir = path.dirname(dir);
  }
  throw new Error('cannot find ../shared/k8s next to the repository');
}

export function readShared<T = unknown>(rel: string): T {
  return JSON.parse(fs.readFileSync(path.join(sharedK8s(), rel), 'utf8')) as T;
}

export const AGGREGATED_V2_CONTENT_TYPE = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';

export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  headers: http.IncomingHttpHeaders;
}

export interface RecordedServer {
  url: string;
  requests: RecordedRequest[];
  count(pathPattern?: RegExp): number;
  close(): Promise<void>;
}

export type Mode = 'aggregated' | 'legacy';

/**
 * aggregated: /apis answers with aggregated_v2.json when asked; /api answers 404 (what an aggregated API
 *   server does, and client-go tolerates), so all resources come from the one /apis document.
 * legacy: /api, /apis, /apis/apps, /api/v1, /apis/apps/v1, /apis/batch/v1 from their recorded files;
 *   every other group-version answers 404, so discovery is partial.
 * Both serve /openapi/v3 from ../shared/k8s/openapi-v3/1.35 (root built from the files present, hash = sha of the file).
 */
export async function startRecordedServer(
  mode: Mode,
  extra?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean,
): Promise<RecordedServer> {
  const dir = path.join(sharedK8s(), 'discovery');
  const openapiDir = path.join(sharedK8s(), 'openapi-v3', '1.35');
  const requests: RecordedRequest[] = [];
  const crypto = await import('node:crypto');
  const openapiFiles = new Map<string, { file: string; hash: string }>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.json')) {
        const rel = path
          .relative(openapiDir, full)
          .replace(/\.json$/, '')
          .split(path.sep)
          .join('/');
        const hash = crypto
          .createHash('sha512')
          .update(fs.readFileSync(full))
          .digest('hex')
          .slice(0, 128)
          .toUpperCase();
        openapiFiles.set(rel, { file: full, hash });
      }
    }
  };
  walk(openapiDir);

  const notFound = (res: http.ServerResponse) => {
    res.writeHead(404, { 'Content-Type': 'application/json' });
    res.end(
      JSON.stringify({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'the server could not find the requested resource',
        reason: 'NotFound',
        details: {},
        code: 404,
      }),
    );
  };
  const sendFile = (res: http.ServerResponse, rel: string, contentType = 'application/json') => {
    res.writeHead(200, { 'Content-Type': contentType });
    res.end(fs.readFileSync(path.join(dir, rel)));
  };

  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    requests.push({ method: req.method ?? '', path: u.pathname, query: u.search, headers: req.headers });
    if (extra?.(req, res)) return;
    const accept = String(req.headers.accept ?? '');
    const wantsAggregated = accept
      .split(',')
      .some(
        (a) => a.includes('g=apidiscovery.k8s.io') && a.includes('v=v2;') && a.includes('as=APIGroupDiscoveryList'),
      );
    switch (u.pathname) {
      case '/openapi/v3': {
        const paths: Record<string, { serverRelativeURL: string }> = {};
        for (const [rel, { hash }] of openapiFiles)
          paths[rel] = { serverRelativeURL: `/openapi/v3/${rel}?hash=${hash}` };
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ paths }));
        return;
      }
    }
    if (u.pathname.startsWith('/openapi/v3/')) {
      const entry = openapiFiles.get(u.pathname.slice('/openapi/v3/'.length));
      if (!entry) return notFound(res);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.end(fs.readFileSync(entry.file));
      return;
    }
    if (mode === 'aggregated') {
      if (u.pathname === '/apis' && wantsAggregated)
        return sendFile(res, 'aggregated_v2.json', AGGREGATED_V2_CONTENT_TYPE);
      return notFound(res);
    }
    const legacy: Record<string, string> = {
      '/api': 'api.json',
      '/apis': 'apis.json',
      '/apis/apps': 'apis__apps.json',
      '/api/v1': 'api__v1.json',
      '/apis/apps/v1': 'apis__apps__v1.json',
      '/apis/batch/v1': 'apis__batch__v1.json',
    };
    const file = legacy[u.pathname];
    if (file) return sendFile(res, file);
    notFound(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    count: (re) => requests.filter((r) => !re || re.test(r.path)).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
