// Groups the resource kinds a server offers into the folders people expect in an explorer
// (the categories Lens, k9s and the Kubernetes dashboard converge on).

/** What the explorer needs to know about one listable resource (from discovery). */
export interface ExplorerResource {
  group: string;
  version: string;
  /** Plural resource name used in URLs, e.g. `deployments`. */
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: readonly string[];
}

export type KindCategory =
  'Workloads' | 'Networking' | 'Config & Storage' | 'Access Control' | 'Custom Resources' | 'Other';

export const CATEGORY_ORDER: readonly KindCategory[] = [
  'Workloads',
  'Networking',
  'Config & Storage',
  'Access Control',
  'Custom Resources',
  'Other',
];

// Keyed by `group/resource` (core group is empty).
const CATEGORY_BY_RESOURCE: Record<string, KindCategory> = {
  '/pods': 'Workloads',
  'apps/deployments': 'Workloads',
  'apps/replicasets': 'Workloads',
  'apps/statefulsets': 'Workloads',
  'apps/daemonsets': 'Workloads',
  'batch/jobs': 'Workloads',
  'batch/cronjobs': 'Workloads',
  '/replicationcontrollers': 'Workloads',
  'autoscaling/horizontalpodautoscalers': 'Workloads',
  'policy/poddisruptionbudgets': 'Workloads',
  '/services': 'Networking',
  '/endpoints': 'Networking',
  'discovery.k8s.io/endpointslices': 'Networking',
  'networking.k8s.io/ingresses': 'Networking',
  'networking.k8s.io/ingressclasses': 'Networking',
  'networking.k8s.io/networkpolicies': 'Networking',
  'networking.k8s.io/ipaddresses': 'Networking',
  'networking.k8s.io/servicecidrs': 'Networking',
  '/configmaps': 'Config & Storage',
  '/secrets': 'Config & Storage',
  '/persistentvolumeclaims': 'Config & Storage',
  '/persistentvolumes': 'Config & Storage',
  '/resourcequotas': 'Config & Storage',
  '/limitranges': 'Config & Storage',
  'storage.k8s.io/storageclasses': 'Config & Storage',
  'storage.k8s.io/csidrivers': 'Config & Storage',
  'storage.k8s.io/csinodes': 'Config & Storage',
  'storage.k8s.io/csistoragecapacities': 'Config & Storage',
  'storage.k8s.io/volumeattachments': 'Config & Storage',
  'storage.k8s.io/volumeattributesclasses': 'Config & Storage',
  '/serviceaccounts': 'Access Control',
  'rbac.authorization.k8s.io/roles': 'Access Control',
  'rbac.authorization.k8s.io/rolebindings': 'Access Control',
  'rbac.authorization.k8s.io/clusterroles': 'Access Control',
  'rbac.authorization.k8s.io/clusterrolebindings': 'Access Control',
  'certificates.k8s.io/certificatesigningrequests': 'Access Control',
};

/**
 * Groups served by kube-apiserver itself. A group outside this set comes from a CRD or an aggregated
 * API server, which users think of as "custom resources".
 */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'autoscaling',
  'policy',
  'events.k8s.io',
  'networking.k8s.io',
  'discovery.k8s.io',
  'storage.k8s.io',
  'rbac.authorization.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'scheduling.k8s.io',
  'node.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'admissionregistration.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io',
  'resource.k8s.io',
  'storagemigration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
]);

export function isBuiltInGroup(group: string): boolean {
  return BUILT_IN_GROUPS.has(group);
}

export function categorize(r: Pick<ExplorerResource, 'group' | 'resource'>): KindCategory {
  const known = CATEGORY_BY_RESOURCE[`${r.group}/${r.resource}`];
  if (known) return known;
  return isBuiltInGroup(r.group) ? 'Other' : 'Custom Resources';
}

/** Only kinds that can be listed and watched make sense as folders of live objects. */
export function isListable(r: ExplorerResource): boolean {
  return r.verbs.includes('list') && r.verbs.includes('watch') && !r.resource.includes('/');
}

/** `Deployment` -> `Deployments`, `Ingress` -> `Ingresses`, `NetworkPolicy` -> `NetworkPolicies`, `Endpoints` stays. */
export function pluralKind(kind: string): string {
  if (/(s|x|z|ch|sh)$/.test(kind)) return kind.endsWith('s') && /(ints|ies|ces)$/.test(kind) ? kind : kind + 'es';
  if (/[^aeiou]y$/.test(kind)) return kind.slice(0, -1) + 'ies';
  return kind + 's';
}

/**
 * Cluster-scoped kinds a daily user reaches for: shown directly under the context (in this order), not among
 * webhooks and FlowSchemas in Cluster → Other.
 */
const CONTEXT_LEVEL_KINDS: readonly { group: string; resource: string; label: string }[] = [
  { group: '', resource: 'nodes', label: 'Nodes' },
  { group: '', resource: 'namespaces', label: 'Namespaces' },
  { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions', label: 'Custom Resource Definitions' },
];

function isContextLevel(r: Pick<ExplorerResource, 'group' | 'resource' | 'namespaced'>): boolean {
  return !r.namespaced && CONTEXT_LEVEL_KINDS.some((k) => k.group === r.group && k.resource === r.resource);
}

/** The context-level kinds the server offers (and lets list), with their folder labels. */
export function contextLevelKinds(
  resources: readonly ExplorerResource[],
): { label: string; resource: ExplorerResource }[] {
  const out: { label: string; resource: ExplorerResource }[] = [];
  for (const k of CONTEXT_LEVEL_KINDS) {
    const r = resources.find((x) => x.group === k.group && x.resource === k.resource && isListable(x));
    if (r) out.push({ label: k.label, resource: r });
  }
  return out;
}

export interface KindGroup {
  category: KindCategory;
  /** For custom resources, one sub-folder per API group. */
  subgroups: { group: string; resources: ExplorerResource[] }[];
  resources: ExplorerResource[];
}

/**
 * Groups one scope's (namespaced or cluster-scoped) resources into categories, in display order, with
 * empty categories left out. Events are reached through describe/events views, but are still listable under Other.
 */
export function groupResources(resources: readonly ExplorerResource[], namespaced: boolean): KindGroup[] {
  const byCategory = new Map<KindCategory, ExplorerResource[]>();
  const seen = new Set<string>();
  // events.k8s.io serves the same objects as core v1 events: one folder is enough.
  const hasCoreEvents = resources.some((r) => r.group === '' && r.resource === 'events');
  for (const r of resources) {
    if (r.namespaced !== namespaced || !isListable(r) || isContextLevel(r)) continue;
    if (hasCoreEvents && r.group === 'events.k8s.io' && r.resource === 'events') continue;
    // Discovery may list the same resource in several groups (events, events.k8s.io); keep each group/resource once.
    const key = `${r.group}/${r.resource}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const category = categorize(r);
    let list = byCategory.get(category);
    if (!list) byCategory.set(category, (list = []));
    list.push(r);
  }
  const groups: KindGroup[] = [];
  for (const category of CATEGORY_ORDER) {
    const list = byCategory.get(category);
    if (!list) continue;
    list.sort(compareResources);
    const subgroups: KindGroup['subgroups'] = [];
    if (category === 'Custom Resources') {
      const byGroup = new Map<string, ExplorerResource[]>();
      for (const r of list) {
        let g = byGroup.get(r.group);
        if (!g) byGroup.set(r.group, (g = []));
        g.push(r);
      }
      for (const group of [...byGroup.keys()].sort()) subgroups.push({ group, resources: byGroup.get(group)! });
    }
    groups.push({ category, subgroups, resources: list });
  }
  return groups;
}

function compareResources(a: ExplorerResource, b: ExplorerResource): number {
  return a.kind.localeCompare(b.kind) || a.group.localeCompare(b.group);
}

export function groupVersion(r: Pick<ExplorerResource, 'group' | 'version'>): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}
