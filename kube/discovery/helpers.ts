// client-go's free functions over any DiscoveryInterface layer (ServerGroupsAndResources, ServerPreferredResources, …).
import {
  ErrGroupDiscoveryFailed,
  groupVersionString,
  type APIGroupList,
  type APIResource,
  type APIResourceList,
  type DiscoveryInterface,
  type GroupsAndResources,
  type PreferredResources,
} from './types';

/** Every GV's resources, fetched in parallel (fetchGroupVersionResources); failures are collected, not thrown. */
export async function fetchGroupVersionResources(
  d: DiscoveryInterface,
  groups: APIGroupList,
  signal?: AbortSignal,
): Promise<{ resources: Map<string, APIResourceList>; failed: Map<string, Error> }> {
  const resources = new Map<string, APIResourceList>();
  const failed = new Map<string, Error>();
  const gvs: string[] = [];
  for (const g of groups.groups) for (const v of g.versions ?? []) gvs.push(groupVersionString(g.name, v.version));
  await Promise.all(
    gvs.map(async (gv) => {
      try {
        resources.set(gv, await d.serverResourcesForGroupVersion(gv, signal));
      } catch (e) {
        if (signal?.aborted) throw e;
        failed.set(gv, e instanceof Error ? e : new Error(String(e)));
      }
    }),
  );
  return { resources, failed };
}

export async function serverGroupsAndResources(
  d: DiscoveryInterface,
  signal?: AbortSignal,
): Promise<GroupsAndResources> {
  const { groups, resources: byGV, failed } = await d.groupsAndMaybeResources(signal);
  if (byGV) {
    return {
      groups: groups.groups,
      resources: [...byGV.values()],
      error: failed.size ? new ErrGroupDiscoveryFailed(failed) : undefined,
    };
  }
  const fetched = await fetchGroupVersionResources(d, groups, signal);
  const ordered: APIResourceList[] = [];
  for (const g of groups.groups) {
    for (const v of g.versions ?? []) {
      const list = fetched.resources.get(groupVersionString(g.name, v.version));
      if (list) ordered.push(list);
    }
  }
  return {
    groups: groups.groups,
    resources: ordered,
    error: fetched.failed.size ? new ErrGroupDiscoveryFailed(fetched.failed) : undefined,
  };
}

export async function serverPreferredResources(
  d: DiscoveryInterface,
  signal?: AbortSignal,
): Promise<PreferredResources> {
  const gmr = await d.groupsAndMaybeResources(signal);
  let byGV = gmr.resources;
  let failed = gmr.failed;
  if (!byGV) {
    const fetched = await fetchGroupVersionResources(d, gmr.groups, signal);
    byGV = fetched.resources;
    failed = fetched.failed;
  }
  const result: APIResourceList[] = [];
  const chosen = new Map<string, { version: string; resource: APIResource; group: string }>();
  const listsByGV = new Map<string, APIResourceList>();
  for (const g of gmr.groups.groups) {
    for (const v of g.versions ?? []) {
      const gv = groupVersionString(g.name, v.version);
      const list = byGV.get(gv);
      if (!list) continue;
      const out: APIResourceList = { groupVersion: v.groupVersion, resources: [] };
      listsByGV.set(gv, out);
      result.push(out);
      for (const r of list.resources ?? []) {
        if (r.name.includes('/')) continue;
        const key = `${g.name}/${r.name}`;
        // Only the preferred version may override an earlier pick.
        if (chosen.has(key) && v.version !== g.preferredVersion?.version) continue;
        chosen.set(key, { version: v.version, resource: r, group: g.name });
      }
    }
  }
  for (const { version, resource, group } of chosen.values()) {
    listsByGV.get(groupVersionString(group, version))!.resources!.push(resource);
  }
  return { resources: result, error: failed.size ? new ErrGroupDiscoveryFailed(failed) : undefined };
}

export async function serverPreferredNamespacedResources(
  d: DiscoveryInterface,
  signal?: AbortSignal,
): Promise<PreferredResources> {
  const all = await serverPreferredResources(d, signal);
  return {
    resources: all.resources
      .map((l) => ({ ...l, resources: (l.resources ?? []).filter((r) => r.namespaced) }))
      .filter((l) => l.resources.length > 0),
    error: all.error,
  };
}

/**
 * client-go's withRetries(2): a GV can vanish mid-discovery (a CRD being deleted), so one more full
 * attempt is made when only some groups failed.
 */
export async function withGroupRetries<T extends { error?: ErrGroupDiscoveryFailed }>(
  fn: () => Promise<T>,
  attempts = 2,
): Promise<T> {
  let last: T | undefined;
  for (let i = 0; i < attempts; i++) {
    last = await fn();
    if (!last.error) return last;
  }
  return last!;
}

/**
 * Look something up; if it is missing and the answer came from an old cache, invalidate and look once more
 * (what kubectl's deferred mapper does on a miss).
 */
export async function withRefetchOnMiss<T>(
  d: DiscoveryInterface,
  lookup: () => Promise<T | undefined>,
): Promise<T | undefined> {
  const first = await lookup();
  if (first !== undefined || d.fresh()) return first;
  d.invalidate();
  return lookup();
}

/** Find a resource by plural name, singular, short name or kind (case-insensitive), preferred versions first. */
export async function findResource(
  d: DiscoveryInterface,
  name: string,
  signal?: AbortSignal,
): Promise<{ groupVersion: string; resource: APIResource } | undefined> {
  const needle = name.toLowerCase();
  return withRefetchOnMiss(d, async () => {
    const { resources } = await serverPreferredResources(d, signal);
    for (const list of resources) {
      for (const r of list.resources ?? []) {
        if (
          r.name === needle ||
          r.singularName === needle ||
          r.kind.toLowerCase() === needle ||
          (r.shortNames ?? []).includes(needle)
        ) {
          return { groupVersion: list.groupVersion, resource: r };
        }
      }
    }
    return undefined;
  });
}

/**
 * Whether each served kind is cluster-scoped, keyed `group/version|Kind` (`v1|Node`): what OpenAPI documents do
 * not say. Group/versions that failed to list are left out.
 */
export async function kindScopes(d: DiscoveryInterface, signal?: AbortSignal): Promise<Map<string, boolean>> {
  const { resources } = await serverGroupsAndResources(d, signal);
  const out = new Map<string, boolean>();
  for (const list of resources)
    for (const r of list.resources ?? [])
      if (!r.name.includes('/') && r.kind) out.set(`${list.groupVersion}|${r.kind}`, !r.namespaced);
  return out;
}
