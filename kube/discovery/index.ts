// Discovery: network client, disk cache in kubectl's layout, memory cache — one DiscoveryInterface.
import type { RestConfig } from '../rest/config';
import { discoveryCacheDirFor } from './cachedir';
import { DiscoveryClient, type DiscoveryClientOptions } from './client';
import { DiskCachedDiscoveryClient, type DiskCacheOptions } from './disk';
import { MemCacheClient } from './memcache';
import type { DiscoveryInterface } from './types';

export * from './types';
export * from './aggregated';
export * from './helpers';
export * from './client';
export * from './disk';
export * from './memcache';
export * from './cachedir';

export interface CachedDiscoveryOptions extends DiscoveryClientOptions, DiskCacheOptions {
  /** kubectl's --cache-dir (default $KUBECACHEDIR or ~/.kube/cache); discovery lives in <cacheDir>/discovery/<host>. */
  cacheDir?: string;
  /** false = no disk layer (memory over network only). */
  disk?: boolean;
  /** false = no memory layer on top. */
  memory?: boolean;
}

/** kubectl's stack: disk cache over the network client, plus a memory layer for long-lived processes. */
export function newCachedDiscovery(config: RestConfig, options: CachedDiscoveryOptions = {}): DiscoveryInterface {
  let d: DiscoveryInterface = new DiscoveryClient(config, options);
  if (options.disk !== false) {
    d = new DiskCachedDiscoveryClient(d, discoveryCacheDirFor(config.host, options.cacheDir), options);
  }
  if (options.memory !== false) d = new MemCacheClient(d);
  return d;
}
