// Discovery document types (metav1 and apidiscovery.k8s.io/v2), as the API server and kubectl's cache spell them.

export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

export interface APIGroup {
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion?: GroupVersionForDiscovery;
  serverAddressByClientCIDRs?: { clientCIDR: string; serverAddress: string }[];
}

export interface APIGroupList {
  kind?: 'APIGroupList';
  apiVersion?: string;
  groups: APIGroup[];
}

export interface APIVersions {
  kind?: 'APIVersions';
  versions: string[];
  serverAddressByClientCIDRs?: { clientCIDR: string; serverAddress: string }[];
}

export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[] | null;
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

export interface APIResourceList {
  kind?: 'APIResourceList';
  apiVersion?: string;
  groupVersion: string;
  resources: APIResource[] | null;
}

export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit?: string;
  gitTreeState?: string;
  buildDate?: string;
  goVersion?: string;
  compiler?: string;
  platform?: string;
  emulationMajor?: string;
  emulationMinor?: string;
  minCompatibilityMajor?: string;
  minCompatibilityMinor?: string;
}

// apidiscovery.k8s.io/v2 (v2beta1 has the same shape)
export interface GroupVersionKindDiscovery {
  group?: string;
  version?: string;
  kind?: string;
}
export interface APISubresourceDiscovery {
  subresource: string;
  responseKind?: GroupVersionKindDiscovery;
  acceptedTypes?: GroupVersionKindDiscovery[];
  verbs: string[];
}
export interface APIResourceDiscovery {
  resource: string;
  responseKind?: GroupVersionKindDiscovery;
  scope: 'Cluster' | 'Namespaced';
  singularResource: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: APISubresourceDiscovery[];
}
export interface APIVersionDiscovery {
  version: string;
  resources?: APIResourceDiscovery[];
  freshness?: 'Current' | 'Stale';
}
export interface APIGroupDiscovery {
  metadata?: { name?: string };
  versions?: APIVersionDiscovery[];
}
export interface APIGroupDiscoveryList {
  kind?: 'APIGroupDiscoveryList';
  apiVersion?: string;
  items?: APIGroupDiscovery[];
}

// Group/version strings are apimachinery's schema package; re-exported for the discovery API's users.
export { groupVersionString, parseGroupVersion } from '../apimachinery/schema';

/** One GV failed to answer (or is stale); the rest of discovery is still usable. */
export class ErrGroupDiscoveryFailed extends Error {
  constructor(readonly groups: Map<string, Error>) {
    const parts = [...groups.entries()].map(([gv, e]) => `${gv}: ${e.message}`).sort();
    super(`unable to retrieve the complete list of server APIs: ${parts.join(', ')}`);
    this.name = 'ErrGroupDiscoveryFailed';
  }
}

export function isGroupDiscoveryFailed(err: unknown): err is ErrGroupDiscoveryFailed {
  return err instanceof ErrGroupDiscoveryFailed;
}

export class StaleGroupVersionError extends Error {
  constructor(readonly groupVersion: string) {
    super(`stale GroupVersion discovery: ${groupVersion}`);
    this.name = 'StaleGroupVersionError';
  }
}

/** Groups plus, when the server spoke aggregated discovery, every GV's resources. */
export interface GroupsAndMaybeResources {
  groups: APIGroupList;
  /** Keyed by groupVersionString; undefined when only groups were fetched (legacy discovery or a groups-only cache hit). */
  resources?: Map<string, APIResourceList>;
  /** Stale or failed GVs. */
  failed: Map<string, Error>;
}

/** Partial results travel with their error, as in client-go's (result, err) pairs. */
export interface GroupsAndResources {
  groups: APIGroup[];
  resources: APIResourceList[];
  /** Set when some group-versions failed; the lists above hold everything else. */
  error?: ErrGroupDiscoveryFailed;
}

export interface PreferredResources {
  resources: APIResourceList[];
  error?: ErrGroupDiscoveryFailed;
}

/** client-go's DiscoveryInterface + CachedDiscoveryInterface, shared by the network, memory and disk layers. */
export interface DiscoveryInterface {
  serverGroups(signal?: AbortSignal): Promise<APIGroupList>;
  serverResourcesForGroupVersion(groupVersion: string, signal?: AbortSignal): Promise<APIResourceList>;
  groupsAndMaybeResources(signal?: AbortSignal): Promise<GroupsAndMaybeResources>;
  serverGroupsAndResources(signal?: AbortSignal): Promise<GroupsAndResources>;
  serverPreferredResources(signal?: AbortSignal): Promise<PreferredResources>;
  serverPreferredNamespacedResources(signal?: AbortSignal): Promise<PreferredResources>;
  serverVersion(signal?: AbortSignal): Promise<VersionInfo>;
  /** false = some answers came from data older than this process; a miss is worth invalidate() + retry. */
  fresh(): boolean;
  /** Ignore cached data not fetched by this process from now on. */
  invalidate(): void;
}
