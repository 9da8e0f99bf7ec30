// RESTMapper from discovery: client-go's DiscoveryRESTMapper (a PriorityRESTMapper over per-version
// DefaultRESTMappers) plus kubectl's short-name and category expansion, in one class.
import { APIGroupResources } from './discoveryTypes';
import { AmbiguousResourceError, NoKindMatchError, NoResourceMatchError } from './errors';
import {
  GroupKind,
  GroupResource,
  GroupVersionKind,
  GroupVersionResource,
  parseKindArg,
  parseResourceArg,
} from '../apimachinery/schema';

export type RESTScope = 'namespace' | 'root';

export interface RESTMapping {
  resource: GroupVersionResource;
  groupVersionKind: GroupVersionKind;
  scope: RESTScope;
}

/** Everything discovery said about one top-level resource in one group-version. */
export interface ResourceInfo {
  gvr: GroupVersionResource;
  gvk: GroupVersionKind;
  singular: string;
  namespaced: boolean;
  verbs: string[];
  shortNames: string[];
  categories: string[];
}

interface Pattern {
  group: string;
  /** undefined = any version */
  version?: string;
}

export class DiscoveryRESTMapper {
  /** Top-level resources (no subresources) in discovery order. */
  readonly resources: readonly ResourceInfo[];
  private readonly priority: Pattern[] = [];
  private readonly groupVersionOrder = new Map<string, string[]>();
  private readonly byResourceName = new Map<string, ResourceInfo[]>();
  private readonly byKind = new Map<string, ResourceInfo[]>();

  constructor(groups: APIGroupResources[]) {
    const resources: ResourceInfo[] = [];
    for (const { group, versionedResources } of groups) {
      const preferred = group.preferredVersion?.version;
      // client-go's priority: each group's preferred version, then its other versions, then later groups.
      if (preferred && versionedResources[preferred]) this.priority.push({ group: group.name, version: preferred });
      const versions: string[] = preferred ? [preferred] : [];
      for (const { version } of group.versions) {
        const list = versionedResources[version];
        if (!list) continue;
        if (version !== preferred) {
          this.priority.push({ group: group.name, version });
          versions.push(version);
        }
        for (const r of list) {
          if (r.name.includes('/')) continue; // subresource
          const singular = r.singularName || r.kind.toLowerCase();
          const info: ResourceInfo = {
            gvr: { group: group.name, version, resource: r.name },
            gvk: { group: group.name, version, kind: r.kind },
            singular,
            namespaced: r.namespaced,
            verbs: r.verbs ?? [],
            shortNames: r.shortNames ?? [],
            categories: r.categories ?? [],
          };
          resources.push(info);
          addTo(this.byResourceName, r.name.toLowerCase(), info);
          if (singular.toLowerCase() !== r.name.toLowerCase()) addTo(this.byResourceName, singular.toLowerCase(), info);
          addTo(this.byKind, r.kind, info);
          if (r.kind.toLowerCase() !== r.kind) addTo(this.byKind, r.kind.toLowerCase(), info);
        }
      }
      this.groupVersionOrder.set(group.name, versions);
    }
    for (const { group } of groups) this.priority.push({ group: group.name });
    this.resources = resources;
  }

  /** All resources matching a partial GVR (resource may be plural or singular; group/version optional). */
  resourcesFor(partial: Partial<GroupVersionResource>): GroupVersionResource[] {
    return this.matchResources(partial).map((i) => i.gvr);
  }

  /** The single best resource for a partial GVR, by discovery priority. */
  resourceFor(partial: Partial<GroupVersionResource>): GroupVersionResource {
    return this.pickResource(partial).gvr;
  }

  kindsFor(partial: Partial<GroupVersionResource>): GroupVersionKind[] {
    return this.matchResources(partial).map((i) => i.gvk);
  }

  kindFor(partial: Partial<GroupVersionResource>): GroupVersionKind {
    return this.pickResource(partial).gvk;
  }

  /** Mappings for a kind, in priority order; with versions given, only those versions in that order. */
  restMappings(gk: GroupKind, ...versions: string[]): RESTMapping[] {
    const candidates = (this.byKind.get(gk.kind) ?? []).filter((i) => i.gvk.group === gk.group);
    let ordered: ResourceInfo[];
    const wanted = versions.filter((v) => v !== '');
    if (wanted.length) {
      ordered = [];
      for (const v of wanted) ordered.push(...candidates.filter((i) => i.gvk.version === v));
    } else {
      const order = this.groupVersionOrder.get(gk.group) ?? [];
      ordered = [...candidates].sort((a, b) => order.indexOf(a.gvk.version) - order.indexOf(b.gvk.version));
    }
    if (!ordered.length) throw new NoKindMatchError(gk, wanted);
    return ordered.map(toMapping);
  }

  restMapping(gk: GroupKind, ...versions: string[]): RESTMapping {
    return this.restMappings(gk, ...versions)[0];
  }

  /** The mapping for an object's apiVersion + kind (what apply/create of a manifest needs). */
  mappingForObject(apiVersion: string, kind: string): RESTMapping {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    return this.restMapping({ group, kind }, version);
  }

  resourceSingularizer(resource: string): string {
    const match = this.matchResources({ resource })[0];
    if (!match) throw new NoResourceMatchError({ resource });
    return match.singular;
  }

  infoFor(gvr: GroupVersionResource): ResourceInfo | undefined {
    return this.resources.find(
      (i) => i.gvr.group === gvr.group && i.gvr.version === gvr.version && i.gvr.resource === gvr.resource,
    );
  }

  /**
   * kubectl's ShortcutExpander: a short name (optionally with a group suffix) becomes its resource. A name that
   * is already a resource's plural or singular is left alone; otherwise the first resource in discovery order
   * that declares the short name wins, and others that declare it are reported through `warn` (as kubectl's
   * "short name … could also match lower priority resource …" warning). A group suffix may be a prefix of the
   * group ("hpa.autoscal").
   */
  expandShortName(gvr: Partial<GroupVersionResource>, warn?: (message: string) => void): Partial<GroupVersionResource> {
    const name = gvr.resource ?? '';
    if (!name) return gvr;
    for (const info of this.resources) {
      if (gvr.group && info.gvr.group !== gvr.group) continue;
      if (info.gvr.resource === name || info.singular === name) return gvr;
    }
    let found: ResourceInfo | undefined;
    const warned = new Set<string>();
    for (const info of this.resources) {
      if (gvr.group && info.gvr.group !== gvr.group) continue;
      if (!info.shortNames.includes(name)) continue;
      if (!found) {
        found = info;
        continue;
      }
      if (info.gvr.group === found.gvr.group && info.gvr.resource === found.gvr.resource) continue;
      const other = info.gvr.group ? `${info.gvr.resource}.${info.gvr.group}` : info.gvr.resource;
      if (!warned.has(other)) {
        warned.add(other);
        warn?.(`short name "${name}" could also match lower priority resource ${other}`);
      }
    }
    if (found) return { ...gvr, group: found.gvr.group, resource: found.gvr.resource };
    if (!gvr.group) return gvr;
    for (const info of this.resources) {
      if (info.gvr.group.startsWith(gvr.group) && info.shortNames.includes(name)) {
        return { ...gvr, group: info.gvr.group, resource: info.gvr.resource };
      }
    }
    return gvr;
  }

  /** Group resources in a category ("all", "api-extensions"), in discovery order, one per group resource. */
  expandCategory(category: string): GroupResource[] | undefined {
    const seen = new Set<string>();
    const out: GroupResource[] = [];
    for (const info of this.resources) {
      if (!info.categories.includes(category)) continue;
      const key = `${info.gvr.group}/${info.gvr.resource}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ group: info.gvr.group, resource: info.gvr.resource });
    }
    return out.length ? out : undefined;
  }

  /**
   * kubectl's resource builder: read a TYPE argument ("po", "deployments.apps", "deployments.v1.apps",
   * "Deployment", "Deployment.v1.apps") as a resource first, then as a kind.
   */
  mappingFor(arg: string, warn?: (message: string) => void): RESTMapping {
    const { gvr: fully, gr } = parseResourceArg(arg);
    let gvk: GroupVersionKind | undefined;
    if (fully) gvk = this.tryKindFor(fully);
    if (!gvk) gvk = this.tryKindFor({ group: gr.group, resource: gr.resource }, warn);
    if (gvk) return this.restMapping(gvk, gvk.version);
    const { gvk: fullKind, gk } = parseKindArg(arg);
    if (fullKind) {
      try {
        return this.restMapping(fullKind, fullKind.version);
      } catch {
        // fall through to the group-kind reading
      }
    }
    try {
      return this.restMapping(gk);
    } catch (err) {
      if (err instanceof NoKindMatchError) {
        throw new NoResourceMatchError({ group: gr.group, resource: gr.resource });
      }
      throw err;
    }
  }

  private tryKindFor(
    partial: Partial<GroupVersionResource>,
    warn?: (message: string) => void,
  ): GroupVersionKind | undefined {
    try {
      return this.kindFor(this.expandShortName(partial, warn));
    } catch (err) {
      if (err instanceof NoResourceMatchError) return undefined;
      throw err;
    }
  }

  private matchResources(partial: Partial<GroupVersionResource>): ResourceInfo[] {
    const name = (partial.resource ?? '').toLowerCase();
    const candidates = this.byResourceName.get(name) ?? [];
    // As in client-go's DefaultRESTMapper, an empty group or version matches any.
    return candidates.filter(
      (i) =>
        (!partial.group || i.gvr.group === partial.group) && (!partial.version || i.gvr.version === partial.version),
    );
  }

  private pickResource(partial: Partial<GroupVersionResource>): ResourceInfo {
    let remaining = this.matchResources(partial);
    if (remaining.length === 0) throw new NoResourceMatchError(partial);
    if (remaining.length === 1) return remaining[0];
    for (const p of this.priority) {
      const matches = remaining.filter(
        (i) => i.gvr.group === p.group && (p.version === undefined || i.gvr.version === p.version),
      );
      if (matches.length === 0) continue;
      if (matches.length === 1) return matches[0];
      remaining = matches;
    }
    throw new AmbiguousResourceError(
      partial,
      remaining.map((i) => i.gvr),
      remaining.map((i) => i.gvk),
    );
  }
}

function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function toMapping(info: ResourceInfo): RESTMapping {
  return { resource: info.gvr, groupVersionKind: info.gvk, scope: info.namespaced ? 'namespace' : 'root' };
}
