// In-memory discovery cache (client-go discovery/cached/memory): one fetch per process until invalidate().
// Concurrent callers share one in-flight request.
import { serverGroupsAndResources, serverPreferredNamespacedResources, serverPreferredResources } from './helpers';
import type {
  APIGroupList,
  APIResourceList,
  DiscoveryInterface,
  GroupsAndMaybeResources,
  GroupsAndResources,
  PreferredResources,
  VersionInfo,
} from './types';

export class MemCacheClient implements DiscoveryInterface {
  private groups?: Promise<GroupsAndMaybeResources>;
  private readonly perGV = new Map<string, Promise<APIResourceList>>();
  private version?: Promise<VersionInfo>;
  private generation = 0;

  constructor(readonly delegate: DiscoveryInterface) {}

  groupsAndMaybeResources(signal?: AbortSignal): Promise<GroupsAndMaybeResources> {
    if (!this.groups) {
      const gen = this.generation;
      const p = this.delegate.groupsAndMaybeResources(signal).then((r) => {
        if (gen === this.generation) {
          for (const [gv, list] of r.resources ?? [])
            if (!this.perGV.has(gv)) this.perGV.set(gv, Promise.resolve(list));
        }
        return r;
      });
      this.groups = p;
      // A failure (or cancellation) must not be remembered.
      p.catch(() => {
        if (this.groups === p) this.groups = undefined;
      });
    }
    return this.groups;
  }

  serverResourcesForGroupVersion(groupVersion: string, signal?: AbortSignal): Promise<APIResourceList> {
    let p = this.perGV.get(groupVersion);
    if (!p) {
      const fetched = this.delegate.serverResourcesForGroupVersion(groupVersion, signal);
      p = fetched;
      this.perGV.set(groupVersion, fetched);
      fetched.catch(() => {
        if (this.perGV.get(groupVersion) === fetched) this.perGV.delete(groupVersion);
      });
    }
    return p;
  }

  async serverGroups(signal?: AbortSignal): Promise<APIGroupList> {
    return (await this.groupsAndMaybeResources(signal)).groups;
  }
  serverGroupsAndResources(signal?: AbortSignal): Promise<GroupsAndResources> {
    return serverGroupsAndResources(this, signal);
  }
  serverPreferredResources(signal?: AbortSignal): Promise<PreferredResources> {
    return serverPreferredResources(this, signal);
  }
  serverPreferredNamespacedResources(signal?: AbortSignal): Promise<PreferredResources> {
    return serverPreferredNamespacedResources(this, signal);
  }
  serverVersion(signal?: AbortSignal): Promise<VersionInfo> {
    if (!this.version) {
      const p = this.delegate.serverVersion(signal);
      this.version = p;
      p.catch(() => {
        if (this.version === p) this.version = undefined;
      });
    }
    return this.version;
  }
  fresh(): boolean {
    return this.delegate.fresh();
  }
  invalidate(): void {
    this.generation++;
    this.groups = undefined;
    this.perGV.clear();
    this.version = undefined;
    this.delegate.invalidate();
  }
}
