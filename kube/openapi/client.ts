// OpenAPI v3 client (client-go openapi + kubectl's cached use of it): /openapi/v3 lists one document per
// group-version with a content hash; documents are cached on disk by path + hash, so a warm start costs only
// the root request, and when the server is unreachable the last known root and documents still serve.
// Documents are parsed lazily, one group-version at a time.
import * as fs from 'fs';
import * as path from 'path';
import { computeDiscoverCacheDir, defaultCacheDir } from '../discovery/cachedir';
import { writeFileAtomic } from '../discovery/disk';
import { RESTClient, type RESTClientOptions } from '../rest/client';
import type { RestConfig } from '../rest/config';
import { StatusError, TransportError } from '../rest/errors';
import { errorMessage } from '../util/errors';

/** A parsed OpenAPI v3 document (only the parts callers commonly reach for are typed). */
export interface OpenAPIV3Document {
  openapi?: string;
  info?: { title?: string; version?: string };
  paths?: Record<string, unknown>;
  components?: { schemas?: Record<string, OpenAPISchema> };
  [k: string]: unknown;
}

export interface OpenAPISchema {
  type?: string;
  description?: string;
  properties?: Record<string, OpenAPISchema>;
  required?: string[];
  items?: OpenAPISchema;
  allOf?: OpenAPISchema[];
  $ref?: string;
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[];
  [k: string]: unknown;
}

interface RootDocument {
  paths: Record<string, { serverRelativeURL: string }>;
}

export interface OpenAPIV3Options extends RESTClientOptions {
  /** kubectl's --cache-dir; documents go to <cacheDir>/kubesense/openapi/<host dir>/. */
  cacheDir?: string;
  /** false = memory only. */
  disk?: boolean;
  /**
   * Never ask the server: the root and documents come only from the disk cache (the last known documents of a
   * cluster that cannot be read now). A path or document that was never cached is an error.
   */
  cacheOnly?: boolean;
}

/** "v1" -> "api/v1", "apps/v1" -> "apis/apps/v1" (the keys of /openapi/v3). */
export function openAPIPathFor(groupVersion: string | { group: string; version: string }): string {
  const gv =
    typeof groupVersion === 'string'
      ? groupVersion
      : groupVersion.group
        ? `${groupVersion.group}/${groupVersion.version}`
        : groupVersion.version;
  if (gv.startsWith('api/') || gv.startsWith('apis/')) return gv;
  return gv.includes('/') ? `apis/${gv}` : `api/${gv}`;
}

function hashOf(serverRelativeURL: string): string {
  const q = serverRelativeURL.indexOf('?');
  if (q < 0) return '';
  return new URLSearchParams(serverRelativeURL.slice(q + 1)).get('hash') ?? '';
}

/** One entry of the root: a group-version's document, fetched and parsed on first use. */
export class OpenAPIGroupVersion {
  private parsed?: Promise<OpenAPIV3Document>;
  constructor(
    private readonly owner: OpenAPIV3Client,
    readonly path: string,
    readonly serverRelativeURL: string,
  ) {}
  get hash(): string {
    return hashOf(this.serverRelativeURL);
  }
  /** The document bytes (disk cache by hash, else the server). */
  raw(signal?: AbortSignal): Promise<Buffer> {
    return this.owner.fetchDocument(this, signal);
  }
  /** Parsed once, on first call. */
  schema(signal?: AbortSignal): Promise<OpenAPIV3Document> {
    if (!this.parsed) {
      const p = this.raw(signal).then((b) => {
        try {
          return JSON.parse(b.toString('utf8')) as OpenAPIV3Document;
        } catch (e) {
          throw new Error(`OpenAPI document ${this.path}: invalid JSON: ${(e as Error).message}`);
        }
      });
      this.parsed = p;
      p.catch(() => {
        if (this.parsed === p) this.parsed = undefined;
      });
    }
    return this.parsed;
  }
}

/** How a server's OpenAPI v3 answered a probe. `failed`: anything else (TLS verification, bad JSON...). */
export type OpenAPIAvailability =
  { state: 'live' } | { state: 'unreachable' | 'slow' | 'forbidden' | 'no-openapi-v3' | 'failed'; reason: string };

const TLS_ERROR = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/;

function isUnreachable(err: unknown): boolean {
  if (err instanceof TransportError) return true;
  if (err instanceof StatusError) return err.code >= 500 || err.code === 429;
  return false;
}

export class OpenAPIV3Client {
  readonly restClient: RESTClient;
  readonly cacheDirectory?: string;
  private root?: Promise<Map<string, OpenAPIGroupVersion>>;
  /** True when the last root came from the disk cache because the server could not be reached. */
  offline = false;
  private readonly cacheOnly: boolean;

  constructor(restClientOrConfig: RESTClient | RestConfig, options: OpenAPIV3Options = {}) {
    this.restClient =
      restClientOrConfig instanceof RESTClient
        ? restClientOrConfig
        : new RESTClient(restClientOrConfig, { ...options, groupVersion: undefined });
    this.cacheOnly = options.cacheOnly === true;
    if (options.disk !== false) {
      const base = path.join(options.cacheDir ?? defaultCacheDir(), 'kubesense', 'openapi');
      this.cacheDirectory = computeDiscoverCacheDir(base, this.restClient.config.host);
    }
  }

  private rootFile(): string | undefined {
    return this.cacheDirectory && path.join(this.cacheDirectory, 'root.json');
  }

  /** Cache file for a document: <dir>/<path>/<hash>.json (a new hash never overwrites an old one in place). */
  private docFile(gv: OpenAPIGroupVersion): string | undefined {
    if (!this.cacheDirectory || !gv.hash || !/^[A-Za-z0-9]+$/.test(gv.hash)) return undefined;
    const safePath = gv.path
      .split('/')
      .filter((s) => s && s !== '.' && s !== '..')
      .join(path.sep);
    return path.join(this.cacheDirectory, safePath, `${gv.hash}.json`);
  }

  /** The root listing (one request per client instance; refresh() to ask again). */
  paths(signal?: AbortSignal): Promise<Map<string, OpenAPIGroupVersion>> {
    if (!this.root) {
      const p = this.loadRoot(signal);
      this.root = p;
      p.catch(() => {
        if (this.root === p) this.root = undefined;
      });
    }
    return this.root;
  }

  /**
   * Ask for the root now, bounded by timeoutMs. A live answer is kept for paths() (no second request); a root
   * the client could only read from its disk cache counts as unreachable, and is not kept.
   */
  async probe(timeoutMs: number): Promise<OpenAPIAvailability> {
    this.refresh();
    const timeout = AbortSignal.timeout(timeoutMs);
    const host = this.restClient.config.host;
    try {
      await this.paths(timeout);
      if (!this.offline) return { state: 'live' };
      this.refresh();
      return { state: 'unreachable', reason: `cannot reach ${host}` };
    } catch (err) {
      this.refresh();
      const message = errorMessage(err);
      if (timeout.aborted) return { state: 'slow', reason: `${host} did not answer within ${timeoutMs / 1000} s` };
      if (err instanceof StatusError && (err.code === 401 || err.code === 403))
        return { state: 'forbidden', reason: `reading /openapi/v3 is not allowed: ${message}` };
      if (err instanceof StatusError && err.code === 404)
        return { state: 'no-openapi-v3', reason: `${host} does not serve OpenAPI v3 (/openapi/v3: 404)` };
      if (err instanceof TransportError && TLS_ERROR.test(err.code ?? '')) return { state: 'failed', reason: message };
      if (isUnreachable(err)) return { state: 'unreachable', reason: message };
      return { state: 'failed', reason: message };
    }
  }

  /** Forget the root so the next call asks the server again (documents stay cached by hash). */
  refresh(): void {
    this.root = undefined;
  }

  /** True when a root from an earlier run is on disk (what a cacheOnly client serves). */
  hasCachedRoot(): boolean {
    const file = this.rootFile();
    return !!file && fs.existsSync(file);
  }

  private async loadRoot(signal?: AbortSignal): Promise<Map<string, OpenAPIGroupVersion>> {
    let body: Buffer;
    if (this.cacheOnly) {
      const file = this.rootFile();
      if (!file || !fs.existsSync(file))
        throw new Error(`no cached OpenAPI v3 documents of ${this.restClient.config.host}`);
      body = fs.readFileSync(file);
      this.offline = true;
    } else {
      try {
        body = await this.restClient
          .get()
          .absPath('/openapi/v3')
          .setHeader('Accept', 'application/json')
          .signal(signal)
          .raw();
        this.offline = false;
      } catch (e) {
        const file = this.rootFile();
        if (!file || !isUnreachable(e) || !fs.existsSync(file)) throw e;
        body = fs.readFileSync(file);
        this.offline = true;
      }
    }
    let root: RootDocument;
    try {
      root = JSON.parse(body.toString('utf8')) as RootDocument;
    } catch (e) {
      throw new Error(`/openapi/v3: invalid JSON: ${(e as Error).message}`);
    }
    if (!root || typeof root.paths !== 'object') throw new Error('/openapi/v3: no "paths" in the response');
    if (!this.offline) {
      const file = this.rootFile();
      if (file) {
        try {
          writeFileAtomic(file, body.toString('utf8'), 0o600, 0o700);
        } catch {
          // A read-only cache must not break schema loading.
        }
      }
    }
    const out = new Map<string, OpenAPIGroupVersion>();
    for (const [p, entry] of Object.entries(root.paths)) {
      if (entry && typeof entry.serverRelativeURL === 'string')
        out.set(p, new OpenAPIGroupVersion(this, p, entry.serverRelativeURL));
    }
    return out;
  }

  /** @internal used by OpenAPIGroupVersion */
  async fetchDocument(gv: OpenAPIGroupVersion, signal?: AbortSignal): Promise<Buffer> {
    const file = this.docFile(gv);
    if (file) {
      try {
        return fs.readFileSync(file);
      } catch {
        // not cached yet
      }
    }
    if (this.cacheOnly) throw new Error(`OpenAPI document ${gv.path} of ${this.restClient.config.host} is not cached`);
    const [p, query] = gv.serverRelativeURL.split('?', 2);
    const req = this.restClient.get().absPath(p).setHeader('Accept', 'application/json').signal(signal);
    for (const [k, v] of new URLSearchParams(query ?? '')) req.param(k, v);
    const body = await req.raw();
    if (file) {
      try {
        writeFileAtomic(file, body.toString('utf8'), 0o600, 0o700);
        // Older hashes of this group-version are superseded: the root only ever names the newest.
        const dir = path.dirname(file);
        for (const name of fs.readdirSync(dir)) {
          if (/^[A-Za-z0-9]+\.json$/.test(name) && name !== path.basename(file))
            fs.rmSync(path.join(dir, name), { force: true });
        }
      } catch {
        // keep serving from memory
      }
    }
    return body;
  }

  /** The parsed document for a group-version ("v1", "apps/v1", or {group, version}); undefined if the server has none. */
  async schemaFor(
    groupVersion: string | { group: string; version: string },
    signal?: AbortSignal,
  ): Promise<OpenAPIV3Document | undefined> {
    const gv = (await this.paths(signal)).get(openAPIPathFor(groupVersion));
    return gv?.schema(signal);
  }
}
