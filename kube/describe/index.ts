// kubectl describe's describers (k8s.io/kubectl/pkg/describe), shared by `kubesense describe` and the
// extension's Describe view: the same text for the same object. Kinds without a describer of their own get
// kubectl's generic one.
import type { DynamicClient } from '../dynamic';
import type { Describer, DescribeContext, DescriberSettings } from './types';
import {
  describeConfigMap,
  describeEndpoints,
  describeNamespace,
  describeSecret,
  describeService,
  describeServiceAccount,
  genericDescriber,
} from './core';
import { describeHorizontalPodAutoscaler } from './autoscaling';
import { describeCertificateSigningRequest } from './certificates';
import {
  describeClusterRole,
  describeClusterRoleBinding,
  describeIngressClass,
  describeLimitRange,
  describePriorityClass,
  describeResourceQuota,
  describeRole,
  describeRoleBinding,
  describeStorageClass,
} from './cluster';
import {
  describeEndpointSlice,
  describeIngress,
  describeIPAddress,
  describeNetworkPolicy,
  describeServiceCIDR,
} from './network';
import { describeNode } from './node';
import { describePodByName } from './pod';
import {
  describeCSINode,
  describePersistentVolume,
  describePersistentVolumeClaim,
  describeVolumeAttributesClass,
} from './storage';
import {
  describeCronJob,
  describeDaemonSet,
  describeDeployment,
  describeJob,
  describePodDisruptionBudget,
  describeReplicaSet,
  describeReplicationController,
  describeStatefulSet,
} from './workloads';

export type { Describer, DescribeContext, DescriberSettings } from './types';
export { describeEvents, searchEvents, eventFieldSelector, type CoreEvent } from './events';

interface Registered {
  group: string;
  kind: string;
  resource: string;
  describe: Describer;
}

/** kubectl's describerMap, keyed here by group and kind (the CLI) or group and resource (the extension). */
const DESCRIBERS: Registered[] = [
  { group: '', kind: 'Pod', resource: 'pods', describe: describePodByName },
  { group: '', kind: 'Secret', resource: 'secrets', describe: describeSecret },
  { group: '', kind: 'Service', resource: 'services', describe: describeService },
  { group: '', kind: 'ServiceAccount', resource: 'serviceaccounts', describe: describeServiceAccount },
  { group: '', kind: 'Node', resource: 'nodes', describe: describeNode },
  { group: '', kind: 'Namespace', resource: 'namespaces', describe: describeNamespace },
  { group: '', kind: 'ConfigMap', resource: 'configmaps', describe: describeConfigMap },
  {
    group: '',
    kind: 'PersistentVolumeClaim',
    resource: 'persistentvolumeclaims',
    describe: describePersistentVolumeClaim,
  },
  { group: '', kind: 'PersistentVolume', resource: 'persistentvolumes', describe: describePersistentVolume },
  { group: 'networking.k8s.io', kind: 'Ingress', resource: 'ingresses', describe: describeIngress },
  { group: 'networking.k8s.io', kind: 'IngressClass', resource: 'ingressclasses', describe: describeIngressClass },
  { group: '', kind: 'LimitRange', resource: 'limitranges', describe: describeLimitRange },
  { group: '', kind: 'ResourceQuota', resource: 'resourcequotas', describe: describeResourceQuota },
  { group: 'scheduling.k8s.io', kind: 'PriorityClass', resource: 'priorityclasses', describe: describePriorityClass },
  { group: 'storage.k8s.io', kind: 'StorageClass', resource: 'storageclasses', describe: describeStorageClass },
  { group: 'rbac.authorization.k8s.io', kind: 'RoleBinding', resource: 'rolebindings', describe: describeRoleBinding },
  {
    group: 'rbac.authorization.k8s.io',
    kind: 'ClusterRoleBinding',
    resource: 'clusterrolebindings',
    describe: describeClusterRoleBinding,
  },
  { group: 'apps', kind: 'Deployment', resource: 'deployments', describe: describeDeployment },
  { group: 'apps', kind: 'ReplicaSet', resource: 'replicasets', describe: describeReplicaSet },
  { group: 'apps', kind: 'StatefulSet', resource: 'statefulsets', describe: describeStatefulSet },
  { group: 'apps', kind: 'DaemonSet', resource: 'daemonsets', describe: describeDaemonSet },
  {
    group: 'autoscaling',
    kind: 'HorizontalPodAutoscaler',
    resource: 'horizontalpodautoscalers',
    describe: describeHorizontalPodAutoscaler,
  },
  { group: 'batch', kind: 'Job', resource: 'jobs', describe: describeJob },
  { group: 'batch', kind: 'CronJob', resource: 'cronjobs', describe: describeCronJob },
  {
    group: '',
    kind: 'ReplicationController',
    resource: 'replicationcontrollers',
    describe: describeReplicationController,
  },
  { group: '', kind: 'Endpoints', resource: 'endpoints', describe: describeEndpoints },
  { group: 'discovery.k8s.io', kind: 'EndpointSlice', resource: 'endpointslices', describe: describeEndpointSlice },
  { group: 'networking.k8s.io', kind: 'NetworkPolicy', resource: 'networkpolicies', describe: describeNetworkPolicy },
  { group: 'networking.k8s.io', kind: 'ServiceCIDR', resource: 'servicecidrs', describe: describeServiceCIDR },
  { group: 'networking.k8s.io', kind: 'IPAddress', resource: 'ipaddresses', describe: describeIPAddress },
  { group: 'rbac.authorization.k8s.io', kind: 'Role', resource: 'roles', describe: describeRole },
  { group: 'rbac.authorization.k8s.io', kind: 'ClusterRole', resource: 'clusterroles', describe: describeClusterRole },
  {
    group: 'policy',
    kind: 'PodDisruptionBudget',
    resource: 'poddisruptionbudgets',
    describe: describePodDisruptionBudget,
  },
  {
    group: 'certificates.k8s.io',
    kind: 'CertificateSigningRequest',
    resource: 'certificatesigningrequests',
    describe: describeCertificateSigningRequest,
  },
  { group: 'storage.k8s.io', kind: 'CSINode', resource: 'csinodes', describe: describeCSINode },
  {
    group: 'storage.k8s.io',
    kind: 'VolumeAttributesClass',
    resource: 'volumeattributesclasses',
    describe: describeVolumeAttributesClass,
  },
];

export interface DescribeTarget {
  group: string;
  version: string;
  resource: string;
  /** When known (from a REST mapping); otherwise the describer is chosen by resource. */
  kind?: string;
}

export function describerFor(target: DescribeTarget): Describer {
  const found = DESCRIBERS.find(
    (d) => d.group === target.group && (target.kind ? d.kind === target.kind : d.resource === target.resource),
  );
  return (
    found?.describe ?? genericDescriber({ group: target.group, version: target.version, resource: target.resource })
  );
}

export const DEFAULT_SETTINGS: DescriberSettings = { showEvents: true, chunkSize: 500 };

/** Describes one object the way `kubectl describe` does; errors are the API's (NotFound, Forbidden…). */
export function describe(
  client: DynamicClient,
  target: DescribeTarget,
  namespace: string,
  name: string,
  settings: Partial<DescriberSettings> = {},
  now: () => number = Date.now,
): Promise<string> {
  const ctx: DescribeContext = { client, settings: { ...DEFAULT_SETTINGS, ...settings }, now };
  return describerFor(target)(ctx, namespace, name);
}
