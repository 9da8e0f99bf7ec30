// The subset of discovery's wire types (metav1.APIGroup / APIResource) the mapper reads. Structural, so the
// discovery client's own types and raw JSON both fit.

export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

export interface APIGroup {
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion?: GroupVersionForDiscovery;
}

export interface APIResource {
  name: string;
  singularName?: string;
  namespaced: boolean;
  /** Set only when the resource's group/version differ from the list it came in (e.g. scale subresources). */
  group?: string;
  version?: string;
  kind: string;
  verbs?: string[] | null;
  shortNames?: string[];
  categories?: string[];
}

/** client-go's restmapper.APIGroupResources: a group with its resources per version. */
export interface APIGroupResources {
  group: APIGroup;
  versionedResources: Record<string, APIResource[]>;
}
