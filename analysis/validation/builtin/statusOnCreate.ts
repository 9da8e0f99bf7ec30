// What a create does with `status`: for most built-in kinds the registry's PrepareForCreate replaces it with an
// empty (or fixed) status before validation, so what a manifest writes there is only decoded — its JSON types,
// unknown fields and Go-decoded formats (int32, quantities, times) still count — and never validated: a missing
// required field (`status: {}` of a StatefulSet, as `kubectl get -o yaml` and generators write it), an unlisted enum
// value or a duplicate list item there is no error.
import type { FieldProblem } from '../schemaValidator';
import type { FieldPath } from '../../documents/path';
import { kindSet } from './kindTable';

/**
 * The kinds of kube-apiserver 1.35 whose strategy resets status on create (pkg/registry/<group>/<kind>/strategy.go
 * PrepareForCreate; apiextensions-apiserver's and kube-aggregator's for CRDs and APIServices). Node is not among
 * them: nodes may be created with their status.
 */
const RESET_ON_CREATE: Record<string, string[]> = {
  '': [
    'Namespace',
    'PersistentVolume',
    'PersistentVolumeClaim',
    'Pod',
    'ReplicationController',
    'ResourceQuota',
    'Service',
  ],
  'admissionregistration.k8s.io': ['ValidatingAdmissionPolicy'],
  'apiextensions.k8s.io': ['CustomResourceDefinition'],
  'apiregistration.k8s.io': ['APIService'],
  apps: ['DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
  autoscaling: ['HorizontalPodAutoscaler'],
  batch: ['CronJob', 'Job'],
  'certificates.k8s.io': ['CertificateSigningRequest', 'PodCertificateRequest'],
  'flowcontrol.apiserver.k8s.io': ['FlowSchema', 'PriorityLevelConfiguration'],
  'internal.apiserver.k8s.io': ['StorageVersion'],
  'networking.k8s.io': ['Ingress'],
  policy: ['PodDisruptionBudget'],
  'resource.k8s.io': ['DeviceTaintRule', 'ResourceClaim'],
  'storage.k8s.io': ['VolumeAttachment'],
  'storagemigration.k8s.io': ['StorageVersionMigration'],
};

const RESET = kindSet(RESET_ON_CREATE);

/** Problems only validation finds (decoding does not): what a reset status cannot have. */
const VALIDATION_ONLY = new Set<FieldProblem['code']>(['required', 'enum', 'duplicate']);

export function statusResetOnCreate(group: string, kind: string): boolean {
  return RESET.has(group, kind);
}

/**
 * What validation checks in the status a create keeps: a Node's status is validated (ValidateNode), but not against
 * OpenAPI's required fields (a node's `nodeInfo` without `operatingSystem` is accepted).
 */
function ignoredInStatus(group: string, kind: string): Set<FieldProblem['code']> | undefined {
  if (statusResetOnCreate(group, kind)) return VALIDATION_ONLY;
  return group === '' && kind === 'Node' ? REQUIRED_ONLY : undefined;
}
const REQUIRED_ONLY = new Set<FieldProblem['code']>(['required']);

/** `problems` without those under `status` that the server's create does not check. */
export function withoutResetStatusProblems(
  problems: FieldProblem[],
  group: string,
  kind: string,
  base: FieldPath,
): FieldProblem[] {
  if (problems.length === 0) return problems;
  const ignored = ignoredInStatus(group, kind);
  if (!ignored) return problems;
  return problems.filter(
    (p) => !(ignored.has(p.code) && p.path.length > base.length && p.path[base.length] === 'status'),
  );
}

/**
 * A custom resource whose CRD version has a status subresource: the create deletes `status` before validating
 * (customResourceStrategy.PrepareForCreate), so only decoding sees it — its pruned (unknown) fields are refused
 * under strict field validation, nothing else is checked.
 */
export function withoutDeletedStatusProblems(problems: FieldProblem[], base: FieldPath): FieldProblem[] {
  return problems.filter(
    (p) => p.code === 'unknown-field' || !(p.path.length > base.length && p.path[base.length] === 'status'),
  );
}

/** The object as the custom resource's validation sees it after that create: without `status`. */
export function withoutStatus(input: unknown): unknown {
  if (!input || typeof input !== 'object' || Array.isArray(input) || !('status' in input)) return input;
  const { status: _deleted, ...rest } = input as Record<string, unknown>;
  return rest;
}
