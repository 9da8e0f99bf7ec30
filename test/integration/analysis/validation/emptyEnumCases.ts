// Probes of "" at the enum-typed string fields of built-in kinds: a valid base object of each kind and, per field,
// the path where "" goes and the `<group>.<Type>` that declares the field (the key of EMPTY_ENUM_DEFAULTED).
type Obj = Record<string, unknown>;

export interface EmptyEnumCase {
  /** `<group>.<Type>.<field>` (a list field's item: `<group>.<Type>.<field>[]`). */
  field: string;
  base: () => Obj;
  path: (string | number)[];
}

const meta = (name: string, namespaced = true): Obj => (namespaced ? { name, namespace: 'default' } : { name });

const pod = (): Obj => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: meta('ee-pod'),
  spec: {
    containers: [
      { name: 'app', image: 'nginx', ports: [{ containerPort: 80 }], readinessProbe: { httpGet: { port: 80 } } },
    ],
    tolerations: [{ key: 'k', operator: 'Exists', effect: 'NoSchedule' }],
    affinity: {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{ matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] }],
        },
      },
    },
  },
});
const template = (): Obj => ({
  metadata: { labels: { app: 'ee' } },
  spec: { containers: [{ name: 'app', image: 'nginx' }] },
});
const selector = { matchLabels: { app: 'ee' } };
const service = (): Obj => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: meta('ee-svc'),
  spec: { selector: { app: 'ee' }, ports: [{ port: 80 }] },
});
const workload =
  (kind: string, spec: Obj = {}): (() => Obj) =>
  () => ({
    apiVersion: 'apps/v1',
    kind,
    metadata: meta(`ee-${kind.toLowerCase()}`),
    spec: { selector, template: template(), ...spec },
  });

export const EMPTY_ENUM_CASES: EmptyEnumCase[] = [
  { field: 'core.Container.imagePullPolicy', base: pod, path: ['spec', 'containers', 0, 'imagePullPolicy'] },
  {
    field: 'core.Container.terminationMessagePolicy',
    base: pod,
    path: ['spec', 'containers', 0, 'terminationMessagePolicy'],
  },
  { field: 'core.ContainerPort.protocol', base: pod, path: ['spec', 'containers', 0, 'ports', 0, 'protocol'] },
  {
    field: 'core.HTTPGetAction.scheme',
    base: pod,
    path: ['spec', 'containers', 0, 'readinessProbe', 'httpGet', 'scheme'],
  },
  { field: 'core.PodSpec.restartPolicy', base: pod, path: ['spec', 'restartPolicy'] },
  { field: 'core.PodSpec.dnsPolicy', base: pod, path: ['spec', 'dnsPolicy'] },
  { field: 'core.Toleration.operator', base: pod, path: ['spec', 'tolerations', 0, 'operator'] },
  { field: 'core.Toleration.effect', base: pod, path: ['spec', 'tolerations', 0, 'effect'] },
  {
    field: 'core.NodeSelectorRequirement.operator',
    base: pod,
    path: [
      ...['spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution'],
      ...['nodeSelectorTerms', 0, 'matchExpressions', 0, 'operator'],
    ],
  },
  { field: 'core.ServiceSpec.type', base: service, path: ['spec', 'type'] },
  { field: 'core.ServiceSpec.sessionAffinity', base: service, path: ['spec', 'sessionAffinity'] },
  { field: 'core.ServiceSpec.externalTrafficPolicy', base: service, path: ['spec', 'externalTrafficPolicy'] },
  { field: 'core.ServiceSpec.internalTrafficPolicy', base: service, path: ['spec', 'internalTrafficPolicy'] },
  { field: 'core.ServiceSpec.ipFamilyPolicy', base: service, path: ['spec', 'ipFamilyPolicy'] },
  { field: 'core.ServicePort.protocol', base: service, path: ['spec', 'ports', 0, 'protocol'] },
  {
    field: 'core.EndpointPort.protocol',
    base: () => ({
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: meta('ee-ep'),
      subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }],
    }),
    path: ['subsets', 0, 'ports', 0, 'protocol'],
  },
  ...(['volumeMode', 'accessModes[]'] as const).map((f) => ({
    field: `core.PersistentVolumeClaimSpec.${f}`,
    base: (): Obj => ({
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: meta('ee-pvc'),
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    }),
    path: f === 'volumeMode' ? ['spec', 'volumeMode'] : ['spec', 'accessModes', 0],
  })),
  ...(['persistentVolumeReclaimPolicy', 'volumeMode'] as const).map((f) => ({
    field: `core.PersistentVolumeSpec.${f}`,
    base: (): Obj => ({
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: meta('ee-pv', false),
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/tmp/ee' } },
    }),
    path: ['spec', f],
  })),
  {
    field: 'core.Taint.effect',
    base: () => ({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: meta('ee-node', false),
      spec: { taints: [{ key: 'k', effect: 'NoSchedule' }] },
    }),
    path: ['spec', 'taints', 0, 'effect'],
  },
  ...(['operator', 'policyTypes[]'] as const).map((f) => ({
    field: f === 'operator' ? 'meta.LabelSelectorRequirement.operator' : 'networking.NetworkPolicySpec.policyTypes[]',
    base: (): Obj => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: meta('ee-np'),
      spec: {
        podSelector: { matchExpressions: [{ key: 'k', operator: 'In', values: ['v'] }] },
        policyTypes: ['Ingress'],
      },
    }),
    path: f === 'operator' ? ['spec', 'podSelector', 'matchExpressions', 0, 'operator'] : ['spec', 'policyTypes', 0],
  })),
  {
    field: 'networking.HTTPIngressPath.pathType',
    base: () => ({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: meta('ee-ing'),
      spec: {
        rules: [
          {
            http: {
              paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 's', port: { number: 80 } } } }],
            },
          },
        ],
      },
    }),
    path: ['spec', 'rules', 0, 'http', 'paths', 0, 'pathType'],
  },
  {
    field: 'apps.DeploymentStrategy.type',
    base: workload('Deployment', { strategy: { type: 'Recreate' } }),
    path: ['spec', 'strategy', 'type'],
  },
  {
    field: 'apps.StatefulSetUpdateStrategy.type',
    base: workload('StatefulSet', { serviceName: 'ee', updateStrategy: { type: 'OnDelete' } }),
    path: ['spec', 'updateStrategy', 'type'],
  },
  {
    field: 'apps.StatefulSetSpec.podManagementPolicy',
    base: workload('StatefulSet', { serviceName: 'ee' }),
    path: ['spec', 'podManagementPolicy'],
  },
  {
    field: 'apps.DaemonSetUpdateStrategy.type',
    base: workload('DaemonSet', { updateStrategy: { type: 'OnDelete' } }),
    path: ['spec', 'updateStrategy', 'type'],
  },
  {
    field: 'batch.JobSpec.completionMode',
    base: () => ({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: meta('ee-job'),
      spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx' }], restartPolicy: 'Never' } } },
    }),
    path: ['spec', 'completionMode'],
  },
  {
    field: 'batch.CronJobSpec.concurrencyPolicy',
    base: () => ({
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: meta('ee-cj'),
      spec: {
        schedule: '* * * * *',
        jobTemplate: {
          spec: { template: { spec: { containers: [{ name: 'app', image: 'nginx' }], restartPolicy: 'Never' } } },
        },
      },
    }),
    path: ['spec', 'concurrencyPolicy'],
  },
];

/** The case's base object with "" at its path. */
export function withEmpty(c: EmptyEnumCase): Obj {
  const o = c.base();
  let at: Record<string | number, unknown> = o;
  for (const seg of c.path.slice(0, -1)) at = at[seg] as Record<string | number, unknown>;
  at[c.path[c.path.length - 1]] = '';
  return o;
}
