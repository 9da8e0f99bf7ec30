// Aggregated discovery (apidiscovery.k8s.io/v2 and v2beta1) turned into the legacy groups + per-GV resource lists,
// exactly as client-go's SplitGroupsAndResources does (stale versions fail, resources without a kind are dropped).
import {
  StaleGroupVersionError,
  groupVersionString,
  type APIGroup,
  type APIGroupDiscovery,
  type APIGroupDiscoveryList,
  type APIGroupList,
  type APIResource,
  type APIResourceDiscovery,
  type APIResourceList,
  type APISubresourceDiscovery,
  type GroupVersionForDiscovery,
  type GroupVersionKindDiscovery,
} from './types';

/** The Accept header client-go (kubectl 1.33) sends to /api and /apis: v2, then v2beta1, then plain JSON. */
export const ACCEPT_V1 = 'application/json';
export const ACCEPT_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const ACCEPT_V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
export const ACCEPT_DISCOVERY_FORMATS = `${ACCEPT_V2},${ACCEPT_V2BETA1},${ACCEPT_V1}`;

/** Which aggregated version a Content-Type names (parameter order does not matter), or undefined for legacy. */
export function aggregatedVersionOf(contentType: string): 'v2' | 'v2beta1' | undefined {
  const [base, ...rest] = contentType.split(';').map((s) => s.trim());
  if (base.toLowerCase() !== 'application/json') return undefined;
  const params = new Map<string, string>();
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0)
      params.set(
        p.slice(0, eq).trim().toLowerCase(),
        p
          .slice(eq + 1)
          .trim()
          .replace(/^"|"$/g, ''),
      );
  }
  if (params.get('g') !== 'apidiscovery.k8s.io' || params.get('as') !== 'APIGroupDiscoveryList') return undefined;
  const v = params.get('v');
  return v === 'v2' || v === 'v2beta1' ? v : undefined;
}

function hasKind(k: GroupVersionKindDiscovery | undefined): k is GroupVersionKindDiscovery {
  return !!k && !!(k.group || k.version || k.kind);
}

function convertResource(r: APIResourceDiscovery): { resource: APIResource; ok: boolean } {
  const resource: APIResource = {
    name: r.resource,
    singularName: r.singularResource ?? '',
    namespaced: r.scope === 'Namespaced',
    kind: '',
    verbs: r.verbs ?? null,
  };
  if (r.shortNames?.length) resource.shortNames = r.shortNames;
  if (r.categories?.length) resource.categories = r.categories;
  if (!hasKind(r.responseKind)) return { resource, ok: false };
  if (r.responseKind.group) resource.group = r.responseKind.group;
  if (r.responseKind.version) resource.version = r.responseKind.version;
  resource.kind = r.responseKind.kind ?? '';
  return { resource, ok: true };
}

function convertSubresource(parent: APIResource, s: APISubresourceDiscovery): APIResource | undefined {
  if (!hasKind(s.responseKind)) return undefined;
  const r: APIResource = {
    name: `${parent.name}/${s.subresource}`,
    singularName: parent.singularName,
    namespaced: parent.namespaced,
    kind: s.responseKind.kind ?? '',
    verbs: s.verbs ?? null,
  };
  if (s.responseKind.group) r.group = s.responseKind.group;
  if (s.responseKind.version) r.version = s.responseKind.version;
  return r;
}

function convertGroup(
  g: APIGroupDiscovery,
  resources: Map<string, APIResourceList>,
  failed: Map<string, Error>,
): APIGroup {
  const name = g.metadata?.name ?? '';
  const group: APIGroup = { name, versions: [] };
  for (const v of g.versions ?? []) {
    const gv = groupVersionString(name, v.version);
    if (v.freshness === 'Stale') {
      failed.set(gv, new StaleGroupVersionError(gv));
      continue;
    }
    const version: GroupVersionForDiscovery = { groupVersion: gv, version: v.version };
    group.versions.push(version);
    // Preferred = first non-stale version (the server orders them by preference).
    group.preferredVersion ??= version;
    const list: APIResourceList = { groupVersion: gv, resources: [] };
    for (const r of v.resources ?? []) {
      const { resource, ok } = convertResource(r);
      if (ok) list.resources!.push(resource);
      for (const s of r.subresources ?? []) {
        const sr = convertSubresource(resource, s);
        if (sr) list.resources!.push(sr);
      }
    }
    if (list.resources!.length === 0) list.resources = null;
    resources.set(gv, list);
  }
  return group;
}

export function splitGroupsAndResources(doc: APIGroupDiscoveryList): {
  groups: APIGroupList;
  resources: Map<string, APIResourceList>;
  failed: Map<string, Error>;
} {
  const resources = new Map<string, APIResourceList>();
  const failed = new Map<string, Error>();
  const groups = (doc.items ?? []).map((g) => convertGroup(g, resources, failed));
  return { groups: { groups }, resources, failed };
}
