// RESTClient (client-go rest.RESTClient): one per group-version (or unversioned), sharing the connection pool.
import type { RestConfig } from './config';
import { backoffFromEnvironment, type BackoffManager } from './backoff';
import { getDefaultRequestLogger, type RequestLogger } from './logging';
import { PatchType, Request, type RequestContext, type Verb } from './request';
import { MAX_RETRIES } from './retry';
import { rateLimiterFor, type RateLimiter } from './throttle';
import { Transport } from './transport';
import type { GroupVersion } from '../apimachinery/schema';
import { getDefaultWarningHandler, type WarningHandler } from './warnings';

export type { GroupVersion } from '../apimachinery/schema';

export interface RESTClientOptions {
  /** Group-version this client talks to; omitted = unversioned (discovery, raw paths via absPath()). */
  groupVersion?: GroupVersion;
  /** '/api' for the core group, '/apis' for the rest; derived from groupVersion when omitted. */
  apiPath?: string;
  /** Share one limiter between clients made from the same config (client-go shares it per config). */
  rateLimiter?: RateLimiter;
  warningHandler?: WarningHandler;
  /** Request log hook; defaults to the process-wide one (setDefaultRequestLogger). */
  logger?: RequestLogger;
  maxRetries?: number;
  /** Default Accept header; 'application/json' when omitted. */
  accept?: string;
  /**
   * How object bodies are encoded (client-go's ContentType): 'application/vnd.kubernetes.protobuf' sends built-in
   * kinds in protobuf; everything else (and any body whose Content-Type the caller set, such as a patch) is JSON.
   */
  contentType?: string;
  /** Override the config's default timeout (ms) for this client (discovery uses 32s like client-go). */
  timeout?: number;
  /** Per-host backoff; default from KUBE_CLIENT_BACKOFF_BASE/DURATION like client-go (off when unset). */
  backoff?: BackoffManager;
}

const limiters = new WeakMap<RestConfig, RateLimiter>();

/** One token bucket per RestConfig object, so all clients made from it share QPS/burst as in client-go. */
export function sharedRateLimiter(config: RestConfig): RateLimiter {
  let l = limiters.get(config);
  if (!l) {
    l = rateLimiterFor(config.qps, config.burst);
    limiters.set(config, l);
  }
  return l;
}

export class RESTClient {
  readonly config: RestConfig;
  readonly transport: Transport;
  readonly groupVersion?: GroupVersion;
  private readonly ctx: RequestContext;

  constructor(config: RestConfig, options: RESTClientOptions = {}) {
    this.config = config;
    this.transport = new Transport(config);
    this.groupVersion = options.groupVersion;
    let versionedAPIPath = '';
    if (options.groupVersion) {
      const apiPath = options.apiPath ?? (options.groupVersion.group === '' ? '/api' : '/apis');
      versionedAPIPath = options.groupVersion.group
        ? `${apiPath}/${options.groupVersion.group}/${options.groupVersion.version}`
        : `${apiPath}/${options.groupVersion.version}`;
    }
    this.ctx = {
      transport: this.transport,
      base: this.transport.base,
      versionedAPIPath,
      group: options.groupVersion?.group ?? '',
      rateLimiter: options.rateLimiter ?? sharedRateLimiter(config),
      timeout: options.timeout ?? config.timeout ?? 0,
      maxRetries: options.maxRetries ?? MAX_RETRIES,
      warningHandler: options.warningHandler ?? ((w) => getDefaultWarningHandler()(w)),
      logger: options.logger ?? ((e) => getDefaultRequestLogger()?.(e)),
      defaultAccept: options.accept ?? 'application/json',
      contentType: options.contentType ?? 'application/json',
      backoff: options.backoff ?? backoffFromEnvironment(),
    };
  }

  /** Same connection, rate limiter and hooks, another group-version. */
  forGroupVersion(gv: GroupVersion, accept?: string, contentType?: string): RESTClient {
    return new RESTClient(this.config, {
      groupVersion: gv,
      accept,
      contentType,
      rateLimiter: this.ctx.rateLimiter,
      warningHandler: this.ctx.warningHandler,
      logger: this.ctx.logger,
      maxRetries: this.ctx.maxRetries,
      timeout: this.ctx.timeout,
      backoff: this.ctx.backoff,
    });
  }

  get rateLimiter(): RateLimiter {
    return this.ctx.rateLimiter;
  }

  verb(verb: Verb): Request {
    return new Request(this.ctx, verb);
  }
  get(): Request {
    return this.verb('GET');
  }
  post(): Request {
    return this.verb('POST');
  }
  put(): Request {
    return this.verb('PUT');
  }
  /** PATCH with the patch type as Content-Type (json, merge, strategic-merge, apply). */
  patch(type: PatchType): Request {
    return this.verb('PATCH').setHeader('Content-Type', type);
  }
  delete(): Request {
    return this.verb('DELETE');
  }
}

export { PatchType };
