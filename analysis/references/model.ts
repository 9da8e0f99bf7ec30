// The reference graph's vocabulary: object keys (group/kind/namespace/name, as the API server identifies an
// object), the references one object makes to others, and which kinds live outside namespaces.
import type { FieldPath } from '../documents';
import { builtinClusterScoped } from '../schema/scopes';

/** An object as the API server addresses it. `namespace` is '' for cluster-scoped kinds. */
export interface ObjectKey {
  group: string;
  kind: string;
  namespace: string;
  name: string;
}

/** What a reference points at; the rule id names it in diagnostics and settings. */
export type ReferenceRule =
  | 'configmap'
  | 'secret'
  | 'service-account'
  | 'persistent-volume-claim'
  | 'persistent-volume'
  | 'storage-class'
  | 'priority-class'
  | 'runtime-class'
  | 'ingress-class'
  | 'service'
  | 'scale-target'
  | 'role'
  | 'owner';

/** A reference by name: `target` is the object it names, `path` the name's scalar in the referring document. */
export interface NameReference {
  rule: ReferenceRule;
  target: ObjectKey;
  path: FieldPath;
  /** Never reported missing: `optional: true`, a default the API server or a controller makes, etc. */
  optional?: string;
  /** An Ingress backend's port: a number the Service must expose as `port`, or the name of one of its ports. */
  servicePort?: { value: number | string; path: FieldPath };
}

/** A label selector (Service, PDB): matches Pod templates, not names. */
export interface SelectorReference {
  rule: 'service-selector' | 'pdb-selector';
  namespace: string;
  selector: LabelSelector;
  path: FieldPath;
}

export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: { key: string; operator: string; values: string[] }[];
}

/** A pod template inside a workload (or a Pod itself): what selectors and port names are checked against. */
export interface PodTemplate {
  labels: Record<string, string>;
  /** Container port names declared in the template (`containers[].ports[].name`); undefined when unknown. */
  portNames?: Set<string>;
  path: FieldPath;
}

/** A Service's ports, for Ingress backends and targetPort names. */
export interface ServicePort {
  name?: string;
  port?: number;
  targetPort?: number | string;
  index: number;
}

/**
 * Whether a kind is cluster-scoped: the built-in table, then what the caller learned (CRDs of the workspace,
 * the cluster's discovery). Unknown kinds are namespaced, the API server's default for custom resources.
 */
export class KindScopes {
  private readonly learned = new Map<string, boolean>();

  clusterScoped(group: string, kind: string): boolean {
    const key = `${group}/${kind}`;
    return this.learned.get(key) ?? builtinClusterScoped(group, kind);
  }

  learn(group: string, kind: string, clusterScoped: boolean): void {
    this.learned.set(`${group}/${kind}`, clusterScoped);
  }

  forget(group: string, kind: string): void {
    this.learned.delete(`${group}/${kind}`);
  }
}

export function groupOf(apiVersion: string | undefined): string {
  if (!apiVersion) return '';
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** `apps/Deployment/shop/cart`: one string per object, for maps. */
export function keyString(k: ObjectKey): string {
  return `${k.group}/${k.kind}/${k.namespace}/${k.name}`;
}

/** `Deployment shop/cart` (or `ClusterRole view`): how messages name an object. */
export function describeKey(k: ObjectKey): string {
  return `${k.kind} "${k.namespace ? `${k.namespace}/` : ''}${k.name}"`;
}
