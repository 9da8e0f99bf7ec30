// The network DiscoveryClient (client-go discovery.DiscoveryClient): aggregated discovery when the server offers it,
// else /api + /apis and one request per group-version.
import { RESTClient, type RESTClientOptions } from '../rest/client';
import type { RestConfig } from '../rest/config';
import { isNotFound } from '../rest/errors';
import { TokenBucketRateLimiter } from '../rest/throttle';
import { ACCEPT_DISCOVERY_FORMATS, ACCEPT_V1, aggregatedVersionOf, splitGroupsAndResources } from './aggregated';
import {
  serverGroupsAndResources,
  serverPreferredNamespacedResources,
  serverPreferredResources,
  withGroupRetries,
} from './helpers';
import type {
  APIGroupDiscoveryList,
  APIGroupList,
  APIResourceList,
  APIVersions,
  DiscoveryInterface,
  GroupsAndMaybeResources,
  GroupsAndResources,
  PreferredResources,
  VersionInfo,
} from './types';

/** client-go's discovery timeout: distinguishable from other timeouts. */
export const DISCOVERY_TIMEOUT_MS = 32_000;
/** kubectl's discovery rate limits (discovery fans out to many GVs at once). */
export const DISCOVERY_QPS = 50;
export const DISCOVERY_BURST = 300;

export interface DiscoveryClientOptions extends RESTClientOptions {
  /** Only ask for the legacy format (client-go UseLegacyDiscovery). */
  useLegacyDiscovery?: boolean;
}

export class DiscoveryClient implements DiscoveryInterface {
  readonly restClient: RESTClient;
  readonly legacyPrefix = '/api';
  private readonly accept: string;

  constructor(restClientOrConfig: RESTClient | RestConfig, options: DiscoveryClientOptions = {}) {
    if (restClientOrConfig instanceof RESTClient) {
      this.restClient = restClientOrConfig;
    } else {
      const config = restClientOrConfig;
      this.restClient = new RESTClient(config, {
        ...options,
        groupVersion: undefined,
        timeout: options.timeout ?? (config.timeout || DISCOVERY_TIMEOUT_MS),
        rateLimiter:
          options.rateLimiter ??
          (config.qps !== undefined && config.qps < 0
            ? undefined
            : new TokenBucketRateLimiter(
                Math.max(config.qps || 0, DISCOVERY_QPS),
                Math.max(config.burst || 0, DISCOVERY_BURST),
              )),
      });
    }
    this.accept = options.useLegacyDiscovery ? ACCEPT_V1 : ACCEPT_DISCOVERY_FORMATS;
  }

  /** Host the client talks to (the disk cache derives its directory from it). */
  get host(): string {
    return this.restClient.config.host;
  }

  private async download(path: '/api' | '/apis', signal?: AbortSignal): Promise<GroupsAndMaybeResources> {
    const r = await this.restClient.get().absPath(path).setHeader('Accept', this.accept).signal(signal).result();
    if (r.error) {
      // Aggregated API servers may not serve /api.
      if (path === '/api' && isNotFound(r.error))
        return { groups: { groups: [] }, resources: new Map(), failed: new Map() };
      throw r.error;
    }
    const body = parseJSON(r.body, path);
    if (aggregatedVersionOf(r.contentType)) {
      return splitGroupsAndResources(body as APIGroupDiscoveryList);
    }
    if (path === '/api') {
      const v = body as APIVersions;
      const versions = (v.versions ?? []).map((ver) => ({ groupVersion: ver, version: ver }));
      // client-go appends an (empty) core group even when /api lists no versions.
      const group = versions.length
        ? { name: '', versions, preferredVersion: versions[0] }
        : { name: '', versions: [] };
      return { groups: { groups: [group] }, resources: undefined, failed: new Map() };
    }
    const list = body as APIGroupList;
    return { groups: { groups: list.groups ?? [] }, resources: undefined, failed: new Map() };
  }

  async groupsAndMaybeResources(signal?: AbortSignal): Promise<GroupsAndMaybeResources> {
    // Legacy group first, as client-go orders it.
    const legacy = await this.download('/api', signal);
    const apis = await this.download('/apis', signal);
    const groups: APIGroupList = { groups: [...legacy.groups.groups, ...apis.groups.groups] };
    let resources: Map<string, APIResourceList> | undefined;
    // Only trust resources when both endpoints were aggregated.
    if (legacy.resources && apis.resources) resources = new Map([...legacy.resources, ...apis.resources]);
    const failed = new Map([...legacy.failed, ...apis.failed]);
    return { groups, resources, failed };
  }

  async serverGroups(signal?: AbortSignal): Promise<APIGroupList> {
    return (await this.groupsAndMaybeResources(signal)).groups;
  }

  async serverResourcesForGroupVersion(groupVersion: string, signal?: AbortSignal): Promise<APIResourceList> {
    if (!groupVersion) throw new Error("groupVersion shouldn't be empty");
    const path = groupVersion === 'v1' ? `${this.legacyPrefix}/v1` : `/apis/${groupVersion}`;
    try {
      const list = await this.restClient.get().absPath(path).signal(signal).do<APIResourceList>();
      return { ...list, groupVersion: list?.groupVersion || groupVersion, resources: list?.resources ?? null };
    } catch (e) {
      // client-go tolerates a missing core/v1.
      if (groupVersion === 'v1' && isNotFound(e)) return { groupVersion, resources: null };
      throw e;
    }
  }

  serverGroupsAndResources(signal?: AbortSignal): Promise<GroupsAndResources> {
    return withGroupRetries(() => serverGroupsAndResources(this, signal));
  }

  serverPreferredResources(signal?: AbortSignal): Promise<PreferredResources> {
    return withGroupRetries(() => serverPreferredResources(this, signal));
  }

  serverPreferredNamespacedResources(signal?: AbortSignal): Promise<PreferredResources> {
    return serverPreferredNamespacedResources(this, signal);
  }

  async serverVersion(signal?: AbortSignal): Promise<VersionInfo> {
    const body = await this.restClient.get().absPath('/version').signal(signal).raw();
    try {
      return JSON.parse(body.toString('utf8')) as VersionInfo;
    } catch (e) {
      throw new Error(`unable to parse the server version: ${(e as Error).message}`);
    }
  }

  fresh(): boolean {
    return true;
  }
  invalidate(): void {
    // Nothing cached at this layer.
  }
}

function parseJSON(body: Buffer, what: string): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw new Error(`discovery: ${what} did not return JSON: ${(e as Error).message}`);
  }
}
