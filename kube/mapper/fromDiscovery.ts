// Builds the mapper's input (APIGroupResources) from the two discovery wire formats:
// the legacy /api + /apis + per-group-version lists, and aggregated apidiscovery.k8s.io/v2 (or v2beta1).
import { APIGroup, APIGroupResources, APIResource } from './discoveryTypes';
import { parseGroupVersion } from '../apimachinery/schema';

/** metav1.APIResourceList as served by /api/v1 and /apis/<g>/<v>. */
export interface APIResourceList {
  groupVersion: string;
  resources: APIResource[] | null;
}

/**
 * Groups in discovery order (the legacy core group first, as client-go puts it), with the resource lists
 * fetched for them. Versions with no fetched list are kept in the group (they still show in api-versions)
 * but have no resources.
 */
export function groupResourcesFromLegacy(groups: APIGroup[], resourceLists: APIResourceList[]): APIGroupResources[] {
  const byGroupVersion = new Map(resourceLists.map((l) => [l.groupVersion, l.resources ?? []]));
  return groups.map((group) => {
    const versionedResources: Record<string, APIResource[]> = {};
    for (const v of group.versions) {
      const resources = byGroupVersion.get(v.groupVersion);
      if (resources) versionedResources[v.version] = resources;
    }
    return { group, versionedResources };
  });
}

/** /api's APIVersions turned into the synthetic core APIGroup, as client-go's ServerGroups does. */
export function coreGroupFromAPIVersions(apiVersions: { versions: string[] }): APIGroup {
  const versions = apiVersions.versions.map((v) => ({ groupVersion: v, version: v }));
  return { name: '', versions, preferredVersion: versions[0] };
}

/** apidiscovery.k8s.io/v2 APIGroupDiscoveryList (the wire shape; v2beta1 is the same). */
export interface APIGroupDiscoveryList {
  items: APIGroupDiscovery[];
}
export interface APIGroupDiscovery {
  metadata?: { name?: string };
  versions: APIVersionDiscovery[];
}
export interface APIVersionDiscovery {
  version: string;
  freshness?: string;
  resources?: APIResourceDiscovery[];
}
export interface APIResourceDiscovery {
  resource: string;
  responseKind?: { group?: string; version?: string; kind?: string };
  scope: 'Cluster' | 'Namespaced' | string;
  singularResource?: string;
  verbs?: string[];
  shortNames?: string[];
  categories?: string[];
  subresources?: Array<{
    subresource: string;
    responseKind?: { group?: string; version?: string; kind?: string };
    verbs?: string[];
  }>;
}

/**
 * Converts aggregated discovery documents (first /api, then /apis, as client-go requests them) to
 * APIGroupResources, as client-go's SplitGroupsAndResources does: versions keep the server's order, the first
 * is preferred; subresources become "<resource>/<sub>" entries.
 */
export function groupResourcesFromAggregated(...lists: APIGroupDiscoveryList[]): APIGroupResources[] {
  const out: APIGroupResources[] = [];
  for (const list of lists) {
    for (const item of list.items ?? []) {
      const name = item.metadata?.name ?? '';
      const versions = item.versions.map((v) => ({
        groupVersion: name === '' ? v.version : `${name}/${v.version}`,
        version: v.version,
      }));
      const group: APIGroup = { name, versions, preferredVersion: versions[0] };
      const versionedResources: Record<string, APIResource[]> = {};
      for (const v of item.versions) {
        const resources: APIResource[] = [];
        for (const r of v.resources ?? []) {
          const namespaced = r.scope === 'Namespaced';
          const resource: APIResource = {
            name: r.resource,
            singularName: r.singularResource ?? '',
            namespaced,
            kind: r.responseKind?.kind ?? '',
            verbs: r.verbs ?? [],
          };
          // Only set when they differ from the containing group-version (as in the legacy format).
          if (r.responseKind?.group) resource.group = r.responseKind.group;
          if (r.responseKind?.version) resource.version = r.responseKind.version;
          if (r.shortNames?.length) resource.shortNames = r.shortNames;
          if (r.categories?.length) resource.categories = r.categories;
          resources.push(resource);
          for (const sub of r.subresources ?? []) {
            const subResource: APIResource = {
              name: `${r.resource}/${sub.subresource}`,
              singularName: '',
              namespaced,
              kind: sub.responseKind?.kind ?? '',
              verbs: sub.verbs ?? [],
            };
            if (sub.responseKind?.group) subResource.group = sub.responseKind.group;
            if (sub.responseKind?.version) subResource.version = sub.responseKind.version;
            resources.push(subResource);
          }
        }
        versionedResources[v.version] = resources;
      }
      out.push({ group, versionedResources });
    }
  }
  return out;
}

/** Convenience for callers that hold an apiVersion string. */
export function groupOf(apiVersion: string): string {
  return parseGroupVersion(apiVersion).group;
}
