// Group/version/kind/resource identifiers and the argument parsers kubectl uses (apimachinery's schema package).

export interface GroupVersion {
  group: string;
  version: string;
}
export interface GroupVersionKind extends GroupVersion {
  kind: string;
}
export interface GroupVersionResource extends GroupVersion {
  resource: string;
}
export interface GroupResource {
  group: string;
  resource: string;
}
export interface GroupKind {
  group: string;
  kind: string;
}

/** "apps/v1" -> {apps, v1}; "v1" -> {"", v1}. */
export function parseGroupVersion(apiVersion: string): GroupVersion {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: parts[0] };
  if (parts.length === 2) return { group: parts[0], version: parts[1] };
  throw new Error(`unexpected GroupVersion string: ${apiVersion}`);
}

/** "group/version", or just "version" for the core group. */
export function groupVersionString(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

export function formatGroupVersion(gv: GroupVersion): string {
  return groupVersionString(gv.group, gv.version);
}

/** "deployments.apps" style, as kubectl prints group resources. */
export function formatGroupResource(gr: GroupResource): string {
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

export function formatGroupKind(gk: GroupKind): string {
  return gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`;
}

/**
 * schema.ParseResourceArg: "deployments.v1.apps" is fully specified (returned as gvr) when it has at least three
 * dot-separated parts; the same text is always also read as a GroupResource ("deployments" + "v1.apps").
 */
export function parseResourceArg(arg: string): { gvr?: GroupVersionResource; gr: GroupResource } {
  let gvr: GroupVersionResource | undefined;
  const parts = arg.split('.');
  if (parts.length >= 3) {
    gvr = { group: parts.slice(2).join('.'), version: parts[1], resource: parts[0] };
  }
  const dot = arg.indexOf('.');
  const gr = dot < 0 ? { group: '', resource: arg } : { group: arg.slice(dot + 1), resource: arg.slice(0, dot) };
  return { gvr, gr };
}

/** schema.ParseKindArg: "Deployment.v1.apps" -> gvk + gk, "Deployment.apps" -> gk. */
export function parseKindArg(arg: string): { gvk?: GroupVersionKind; gk: GroupKind } {
  let gvk: GroupVersionKind | undefined;
  const parts = arg.split('.');
  if (parts.length >= 3) {
    gvk = { group: parts.slice(2).join('.'), version: parts[1], kind: parts[0] };
  }
  const dot = arg.indexOf('.');
  const gk = dot < 0 ? { group: '', kind: arg } : { group: arg.slice(dot + 1), kind: arg.slice(0, dot) };
  return { gvk, gk };
}
