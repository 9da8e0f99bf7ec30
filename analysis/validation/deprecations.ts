// Deprecated and removed built-in APIs (kubernetes.io/docs/reference/using-api/deprecation-guide), with the
// API server's own warning wording. `mechanical` marks moves where changing apiVersion alone is enough.
import { remembered } from '../../kube/util/remembered';

export interface ApiDeprecation {
  apiVersion: string;
  kinds: string[];
  deprecatedIn: string;
  removedIn?: string;
  replacement?: string;
  mechanical: boolean;
}

const D = (
  apiVersion: string,
  kinds: string[],
  deprecatedIn: string,
  removedIn: string | undefined,
  replacement: string | undefined,
  mechanical: boolean,
): ApiDeprecation => ({
  apiVersion,
  kinds,
  deprecatedIn,
  removedIn,
  replacement,
  mechanical,
});

export const API_DEPRECATIONS: ApiDeprecation[] = [
  // 1.16
  D('extensions/v1beta1', ['Deployment', 'DaemonSet', 'ReplicaSet'], '1.8', '1.16', 'apps/v1', false),
  D('apps/v1beta1', ['Deployment', 'StatefulSet', 'ReplicaSet'], '1.9', '1.16', 'apps/v1', false),
  D('apps/v1beta2', ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet'], '1.9', '1.16', 'apps/v1', false),
  D('apps/v1beta1', ['ControllerRevision'], '1.9', '1.16', 'apps/v1', true),
  D('apps/v1beta2', ['ControllerRevision'], '1.9', '1.16', 'apps/v1', true),
  D('extensions/v1beta1', ['NetworkPolicy'], '1.9', '1.16', 'networking.k8s.io/v1', true),
  D('extensions/v1beta1', ['PodSecurityPolicy'], '1.11', '1.16', 'policy/v1beta1', true),
  // 1.22
  D('extensions/v1beta1', ['Ingress'], '1.14', '1.22', 'networking.k8s.io/v1', false),
  D('networking.k8s.io/v1beta1', ['Ingress'], '1.19', '1.22', 'networking.k8s.io/v1', false),
  D('networking.k8s.io/v1beta1', ['IngressClass'], '1.19', '1.22', 'networking.k8s.io/v1', true),
  D('apiextensions.k8s.io/v1beta1', ['CustomResourceDefinition'], '1.16', '1.22', 'apiextensions.k8s.io/v1', false),
  D('apiregistration.k8s.io/v1beta1', ['APIService'], '1.19', '1.22', 'apiregistration.k8s.io/v1', true),
  D(
    'admissionregistration.k8s.io/v1beta1',
    ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'],
    '1.16',
    '1.22',
    'admissionregistration.k8s.io/v1',
    false,
  ),
  D(
    'rbac.authorization.k8s.io/v1beta1',
    ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
    '1.17',
    '1.22',
    'rbac.authorization.k8s.io/v1',
    true,
  ),
  D(
    'rbac.authorization.k8s.io/v1alpha1',
    ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'],
    '1.17',
    '1.22',
    'rbac.authorization.k8s.io/v1',
    true,
  ),
  D('scheduling.k8s.io/v1beta1', ['PriorityClass'], '1.14', '1.22', 'scheduling.k8s.io/v1', true),
  D('scheduling.k8s.io/v1alpha1', ['PriorityClass'], '1.14', '1.22', 'scheduling.k8s.io/v1', true),
  D(
    'storage.k8s.io/v1beta1',
    ['CSIDriver', 'CSINode', 'StorageClass', 'VolumeAttachment'],
    '1.19',
    '1.22',
    'storage.k8s.io/v1',
    true,
  ),
  D('coordination.k8s.io/v1beta1', ['Lease'], '1.14', '1.22', 'coordination.k8s.io/v1', true),
  D('certificates.k8s.io/v1beta1', ['CertificateSigningRequest'], '1.19', '1.22', 'certificates.k8s.io/v1', false),
  D('authentication.k8s.io/v1beta1', ['TokenReview'], '1.19', '1.22', 'authentication.k8s.io/v1', true),
  D(
    'authorization.k8s.io/v1beta1',
    ['SubjectAccessReview', 'LocalSubjectAccessReview', 'SelfSubjectAccessReview'],
    '1.19',
    '1.22',
    'authorization.k8s.io/v1',
    true,
  ),
  // 1.25
  D('batch/v1beta1', ['CronJob'], '1.21', '1.25', 'batch/v1', true),
  D('discovery.k8s.io/v1beta1', ['EndpointSlice'], '1.21', '1.25', 'discovery.k8s.io/v1', false),
  D('events.k8s.io/v1beta1', ['Event'], '1.21', '1.25', 'events.k8s.io/v1', false),
  D('autoscaling/v2beta1', ['HorizontalPodAutoscaler'], '1.22', '1.25', 'autoscaling/v2', false),
  D('policy/v1beta1', ['PodDisruptionBudget'], '1.21', '1.25', 'policy/v1', false),
  D('policy/v1beta1', ['PodSecurityPolicy'], '1.21', '1.25', undefined, false),
  D('node.k8s.io/v1beta1', ['RuntimeClass'], '1.20', '1.25', 'node.k8s.io/v1', true),
  // 1.26 / 1.27 / 1.29 / 1.32
  D(
    'flowcontrol.apiserver.k8s.io/v1beta1',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    '1.23',
    '1.26',
    'flowcontrol.apiserver.k8s.io/v1',
    false,
  ),
  D('autoscaling/v2beta2', ['HorizontalPodAutoscaler'], '1.23', '1.26', 'autoscaling/v2', true),
  D('storage.k8s.io/v1beta1', ['CSIStorageCapacity'], '1.24', '1.27', 'storage.k8s.io/v1', true),
  D(
    'flowcontrol.apiserver.k8s.io/v1beta2',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    '1.26',
    '1.29',
    'flowcontrol.apiserver.k8s.io/v1',
    false,
  ),
  D(
    'flowcontrol.apiserver.k8s.io/v1beta3',
    ['FlowSchema', 'PriorityLevelConfiguration'],
    '1.29',
    '1.32',
    'flowcontrol.apiserver.k8s.io/v1',
    true,
  ),
  // Still served, deprecated.
  D('v1', ['ComponentStatus'], '1.19', undefined, undefined, false),
  D('v1', ['Endpoints'], '1.33', undefined, 'discovery.k8s.io/v1 EndpointSlice', false),
];

export function findDeprecation(apiVersion: string, kind: string): ApiDeprecation | undefined {
  // Asked once per object: the entries of its apiVersion only (none for nearly every object), in the table's order.
  return DEPRECATIONS_BY_API_VERSION.get(apiVersion)?.find((d) => d.kinds.includes(kind));
}

const DEPRECATIONS_BY_API_VERSION = new Map<string, ApiDeprecation[]>();
for (const d of API_DEPRECATIONS) {
  const list = DEPRECATIONS_BY_API_VERSION.get(d.apiVersion);
  if (list) list.push(d);
  else DEPRECATIONS_BY_API_VERSION.set(d.apiVersion, [d]);
}

/** Compare "1.22" style minor versions; a leading `v` and patch parts are ignored. */
export function compareKubeVersions(a: string, b: string): number {
  const pa = minorVersion(a);
  const pb = minorVersion(b);
  return pa[0] !== pb[0] ? pa[0] - pb[0] : pa[1] - pb[1];
}

/**
 * [major, minor] of a version, remembered: validation compares the target version once per object (a regex and
 * two splits each time were ~2 % of a `check` run). Only a handful of distinct versions ever occur.
 */
const minorVersion = remembered((v: string): readonly [number, number] => {
  const parts = v.replace(/^v/, '').split('.');
  return [parseInt(parts[0], 10) || 0, parseInt(parts[1], 10) || 0];
}, 64);

/** The API server's deprecation warning text (k8s.io/apiserver/pkg/endpoints/deprecation). */
export function deprecationWarning(d: ApiDeprecation, kind: string): string {
  let s = `${d.apiVersion} ${kind} is deprecated in v${d.deprecatedIn}+`;
  if (d.removedIn) s += `, unavailable in v${d.removedIn}+`;
  if (d.replacement) s += `; use ${d.replacement.includes(' ') ? d.replacement : `${d.replacement} ${kind}`}`;
  return s;
}
