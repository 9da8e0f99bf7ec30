// Mutations of valid objects into (mostly) invalid ones: each names what it breaks, so a disagreement with the
// API server points at the rule we got wrong.
type Obj = Record<string, unknown>;

export interface Mutation {
  name: string;
  /** Mutates a deep copy in place; returns false when it does not apply to this object. */
  apply(o: Obj): boolean;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function get(o: unknown, path: (string | number)[]): unknown {
  let cur = o;
  for (const seg of path)
    cur = isObj(cur) || Array.isArray(cur) ? (cur as Record<string | number, unknown>)[seg] : undefined;
  return cur;
}

/** The PodSpec of workloads (where the API server's pod rules apply). */
export function podSpecOf(o: Obj): Obj | undefined {
  const kind = o.kind;
  const paths: Record<string, (string | number)[]> = {
    Pod: ['spec'],
    PodTemplate: ['template', 'spec'],
    Deployment: ['spec', 'template', 'spec'],
    ReplicaSet: ['spec', 'template', 'spec'],
    StatefulSet: ['spec', 'template', 'spec'],
    DaemonSet: ['spec', 'template', 'spec'],
    Job: ['spec', 'template', 'spec'],
    ReplicationController: ['spec', 'template', 'spec'],
    CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
  };
  const p = typeof kind === 'string' ? paths[kind] : undefined;
  const spec = p ? get(o, p) : undefined;
  return isObj(spec) ? spec : undefined;
}

function firstContainer(o: Obj): Obj | undefined {
  const c = podSpecOf(o)?.containers;
  return Array.isArray(c) && isObj(c[0]) ? c[0] : undefined;
}

function metadata(o: Obj): Obj {
  if (!isObj(o.metadata)) o.metadata = {};
  return o.metadata as Obj;
}

export const MUTATIONS: Mutation[] = [
  { name: 'unknown field in metadata', apply: (o) => ((metadata(o).bogusField = 'x'), true) },
  { name: 'unknown field in spec', apply: (o) => (isObj(o.spec) ? ((o.spec.bogusField = 1), true) : false) },
  { name: 'uppercase name', apply: (o) => ((metadata(o).name = 'Invalid_Name'), true) },
  { name: 'name too long', apply: (o) => ((metadata(o).name = 'a'.repeat(254)), true) },
  {
    name: 'label value with leading dash',
    apply: (o) => ((metadata(o).labels = { ...(metadata(o).labels as Obj), tier: '-bad-' }), true),
  },
  {
    name: 'label key with space',
    apply: (o) => ((metadata(o).labels = { ...(metadata(o).labels as Obj), 'bad key': 'x' }), true),
  },
  { name: 'annotation key with two slashes', apply: (o) => ((metadata(o).annotations = { 'a/b/c': 'x' }), true) },
  { name: 'labels as a list', apply: (o) => ((metadata(o).labels = ['a']), true) },
  {
    name: 'valid extra label',
    apply: (o) => ((metadata(o).labels = { ...(metadata(o).labels as Obj), 'example.com/ok': 'v1.2_x' }), true),
  },
  {
    name: 'container without image',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      delete c.image;
      return true;
    },
  },
  {
    name: 'port protocol in lower case',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.ports = [{ containerPort: 8080, protocol: 'udp' }];
      return true;
    },
  },
  {
    name: 'containerPort out of range',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.ports = [{ containerPort: 70000 }];
      return true;
    },
  },
  {
    name: 'containerPort as string',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.ports = [{ containerPort: '8080' }];
      return true;
    },
  },
  {
    name: 'container name uppercase',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.name = 'Bad_Name';
      return true;
    },
  },
  {
    name: 'bad cpu quantity',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.resources = { limits: { cpu: 'two' } };
      return true;
    },
  },
  {
    name: 'requests above limits',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.resources = { limits: { memory: '1Gi' }, requests: { memory: '2Gi' } };
      return true;
    },
  },
  {
    name: 'valid resources',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.resources = { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: 0.1, memory: '64Mi' } };
      return true;
    },
  },
  {
    name: 'imagePullPolicy not supported',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.imagePullPolicy = 'Sometimes';
      return true;
    },
  },
  {
    name: 'env value as number',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.env = [{ name: 'X', value: 5 }];
      return true;
    },
  },
  {
    name: 'unknown container field',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.imagePullPolcy = 'Always';
      return true;
    },
  },
  {
    name: 'duplicate container name',
    apply: (o) => {
      const spec = podSpecOf(o);
      const c = firstContainer(o);
      if (!spec || !c || !Array.isArray(spec.containers)) return false;
      spec.containers.push(structuredClone(c));
      return true;
    },
  },
  {
    name: 'restartPolicy not supported',
    apply: (o) => {
      const s = podSpecOf(o);
      if (!s) return false;
      s.restartPolicy = 'Sometimes';
      return true;
    },
  },
  {
    name: 'restartPolicy OnFailure in a workload template',
    apply: (o) => {
      const s = podSpecOf(o);
      if (!s || o.kind === 'Pod' || o.kind === 'Job' || o.kind === 'CronJob') return false;
      s.restartPolicy = 'OnFailure';
      return true;
    },
  },
  {
    name: 'restartPolicy Always in a Job',
    apply: (o) => {
      const s = podSpecOf(o);
      if (!s || (o.kind !== 'Job' && o.kind !== 'CronJob')) return false;
      s.restartPolicy = 'Always';
      return true;
    },
  },
  {
    name: 'volumeMount of a missing volume',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.volumeMounts = [{ name: 'not-declared', mountPath: '/data' }];
      return true;
    },
  },
  {
    name: 'volume name duplicated',
    apply: (o) => {
      const s = podSpecOf(o);
      if (!s) return false;
      s.volumes = [
        { name: 'v', emptyDir: {} },
        { name: 'v', emptyDir: {} },
      ];
      return true;
    },
  },
  {
    name: 'deployment strategy not supported',
    apply: (o) =>
      o.kind === 'Deployment' && isObj(o.spec) ? ((o.spec.strategy = { type: 'BlueGreen' }), true) : false,
  },
  { name: 'finalizer not qualified', apply: (o) => ((metadata(o).finalizers = ['cleanup']), true) },
  { name: 'finalizer qualified', apply: (o) => ((metadata(o).finalizers = ['example.com/cleanup']), true) },
  {
    name: 'externalTrafficPolicy on ClusterIP',
    apply: (o) =>
      o.kind === 'Service' && isObj(o.spec) && !o.spec.type ? ((o.spec.externalTrafficPolicy = 'Local'), true) : false,
  },
  {
    name: 'negative backoffLimit',
    apply: (o) => (o.kind === 'Job' && isObj(o.spec) ? ((o.spec.backoffLimit = -1), true) : false),
  },
  {
    name: 'cron schedule unparseable',
    apply: (o) => (o.kind === 'CronJob' && isObj(o.spec) ? ((o.spec.schedule = 'every day'), true) : false),
  },
  {
    name: 'probe without handler',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.livenessProbe = { periodSeconds: 10 };
      return true;
    },
  },
  {
    name: 'env var name with =',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.env = [{ name: 'A=B', value: 'x' }];
      return true;
    },
  },
  {
    name: 'role rule without verbs',
    apply: (o) =>
      ['Role', 'ClusterRole'].includes(String(o.kind))
        ? ((o.rules = [{ apiGroups: [''], resources: ['pods'] }]), true)
        : false,
  },
  { name: 'label key name over 63 characters', apply: (o) => ((metadata(o).labels = { ['k'.repeat(64)]: 'v' }), true) },
  {
    name: 'tls secret without tls.key',
    apply: (o) =>
      o.kind === 'Secret' ? ((o.type = 'kubernetes.io/tls'), (o.data = { 'tls.crt': 'eA==' }), true) : false,
  },
  {
    name: 'service selector value invalid',
    apply: (o) => (o.kind === 'Service' && isObj(o.spec) ? ((o.spec.selector = { app: 'not valid!' }), true) : false),
  },
  {
    name: 'boolean given as string',
    apply: (o) => (o.kind === 'ServiceAccount' ? ((o.automountServiceAccountToken = 'yes'), true) : false),
  },
  {
    name: 'port name too long',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.ports = [{ containerPort: 80, name: 'a-very-long-port-name' }];
      return true;
    },
  },
  {
    name: 'memory limit with a unit typo',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.resources = { limits: { memory: '512MB' } };
      return true;
    },
  },
  {
    name: 'cpu limit as float number',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.resources = { limits: { cpu: 0.5 } };
      return true;
    },
  },
  {
    name: 'resource name without domain',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.resources = { limits: { gpu: '1' } };
      return true;
    },
  },
  {
    name: 'hostPort out of range',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.ports = [{ containerPort: 80, hostPort: 70000 }];
      return true;
    },
  },
  {
    name: 'duplicate containerPort/protocol',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.ports = [{ containerPort: 80 }, { containerPort: 80 }];
      return true;
    },
  },
  {
    name: 'duplicate env names',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.env = [
        { name: 'A', value: '1' },
        { name: 'A', value: '2' },
      ];
      return true;
    },
  },
  {
    name: 'image with trailing space',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.image = 'nginx ';
      return true;
    },
  },
  {
    name: 'runAsUser negative',
    apply: (o) => {
      const c = firstContainer(o);
      if (!c) return false;
      c.securityContext = { runAsUser: -1 };
      return true;
    },
  },
  {
    name: 'terminationGracePeriodSeconds as string',
    apply: (o) => {
      const sp = podSpecOf(o);
      if (!sp) return false;
      sp.terminationGracePeriodSeconds = '30';
      return true;
    },
  },
  {
    name: 'nodeSelector value invalid',
    apply: (o) => {
      const sp = podSpecOf(o);
      if (!sp) return false;
      sp.nodeSelector = { disk: 'fast ssd' };
      return true;
    },
  },
  {
    name: 'toleration operator invalid',
    apply: (o) => {
      const sp = podSpecOf(o);
      if (!sp) return false;
      sp.tolerations = [{ key: 'k', operator: 'Equals', value: 'v' }];
      return true;
    },
  },
  {
    name: 'toleration Exists with value',
    apply: (o) => {
      const sp = podSpecOf(o);
      if (!sp) return false;
      sp.tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }];
      return true;
    },
  },
  {
    name: 'serviceAccountName invalid',
    apply: (o) => {
      const sp = podSpecOf(o);
      if (!sp) return false;
      sp.serviceAccountName = 'Bad_SA';
      return true;
    },
  },
  {
    name: 'generateName invalid',
    apply: (o) => {
      metadata(o).generateName = 'Bad_';
      delete metadata(o).name;
      return true;
    },
  },
  {
    name: 'annotations over 256 KiB',
    apply: (o) => ((metadata(o).annotations = { big: 'x'.repeat(300 * 1024) }), true),
  },
  { name: 'label value 64 chars', apply: (o) => ((metadata(o).labels = { k: 'v'.repeat(64) }), true) },
  {
    name: 'configmap binaryData not base64',
    apply: (o) => (o.kind === 'ConfigMap' ? ((o.binaryData = { b: '***' }), true) : false),
  },
  {
    name: 'configmap key in data and binaryData',
    apply: (o) => (o.kind === 'ConfigMap' ? ((o.data = { k: 'a' }), (o.binaryData = { k: 'YQ==' }), true) : false),
  },
  {
    name: 'service targetPort name invalid',
    apply: (o) => {
      if (o.kind !== 'Service' || !isObj(o.spec) || !Array.isArray(o.spec.ports) || !isObj(o.spec.ports[0]))
        return false;
      o.spec.ports[0].targetPort = 'Http_Port';
      return true;
    },
  },
  {
    name: 'nodePort on a ClusterIP service',
    apply: (o) => {
      if (
        o.kind !== 'Service' ||
        !isObj(o.spec) ||
        o.spec.type ||
        !Array.isArray(o.spec.ports) ||
        !isObj(o.spec.ports[0])
      )
        return false;
      o.spec.ports[0].nodePort = 30080;
      return true;
    },
  },
  {
    name: 'roleRef kind invalid',
    apply: (o) =>
      ['RoleBinding', 'ClusterRoleBinding'].includes(String(o.kind)) && isObj(o.roleRef)
        ? ((o.roleRef.kind = 'Roles'), true)
        : false,
  },
  {
    name: 'subject kind invalid',
    apply: (o) =>
      ['RoleBinding', 'ClusterRoleBinding'].includes(String(o.kind))
        ? ((o.subjects = [{ kind: 'Robot', name: 'x' }]), true)
        : false,
  },
  {
    name: 'maxSurge not a percentage',
    apply: (o) =>
      o.kind === 'Deployment' && isObj(o.spec)
        ? ((o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '150' } }), true)
        : false,
  },
  {
    name: 'networkpolicy policyTypes invalid',
    apply: (o) => (o.kind === 'NetworkPolicy' && isObj(o.spec) ? ((o.spec.policyTypes = ['Inbound']), true) : false),
  },
  {
    name: 'networkpolicy port out of range',
    apply: (o) =>
      o.kind === 'NetworkPolicy' && isObj(o.spec) ? ((o.spec.ingress = [{ ports: [{ port: 70000 }] }]), true) : false,
  },
  {
    name: 'networkpolicy bad cidr',
    apply: (o) =>
      o.kind === 'NetworkPolicy' && isObj(o.spec)
        ? ((o.spec.egress = [{ to: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }]), true)
        : false,
  },
  {
    name: 'pdb minAvailable and maxUnavailable',
    apply: (o) =>
      o.kind === 'PodDisruptionBudget' && isObj(o.spec)
        ? ((o.spec.minAvailable = 1), (o.spec.maxUnavailable = 1), true)
        : false,
  },
  {
    name: 'pdb negative minAvailable',
    apply: (o) =>
      o.kind === 'PodDisruptionBudget' && isObj(o.spec)
        ? ((o.spec.minAvailable = -1), delete o.spec.maxUnavailable, true)
        : false,
  },
  {
    name: 'statefulset without serviceName',
    apply: (o) => (o.kind === 'StatefulSet' && isObj(o.spec) ? (delete o.spec.serviceName, true) : false),
  },
  {
    name: 'clusterrole rule verbs empty list',
    apply: (o) =>
      o.kind === 'ClusterRole' ? ((o.rules = [{ apiGroups: [''], resources: ['pods'], verbs: [] }]), true) : false,
  },
  {
    name: 'clusterrole nonResourceURLs with resources',
    apply: (o) =>
      o.kind === 'ClusterRole'
        ? ((o.rules = [{ nonResourceURLs: ['/metrics'], resources: ['pods'], verbs: ['get'] }]), true)
        : false,
  },
  {
    name: 'apiservice priority zero',
    apply: (o) => (o.kind === 'APIService' && isObj(o.spec) ? ((o.spec.groupPriorityMinimum = 0), true) : false),
  },
  {
    name: 'ingressclass controller invalid',
    apply: (o) =>
      o.kind === 'IngressClass' && isObj(o.spec) ? ((o.spec.controller = 'not a domain path'), true) : false,
  },
  {
    name: 'validating webhook without sideEffects',
    apply: (o) =>
      o.kind === 'ValidatingWebhookConfiguration' && Array.isArray(o.webhooks) && isObj(o.webhooks[0])
        ? (delete o.webhooks[0].sideEffects, true)
        : false,
  },
  {
    name: 'service port protocol lower case',
    apply: (o) => {
      if (o.kind !== 'Service' || !isObj(o.spec) || !Array.isArray(o.spec.ports) || !isObj(o.spec.ports[0]))
        return false;
      o.spec.ports[0].protocol = 'tcp';
      return true;
    },
  },
  {
    name: 'externalName on ClusterIP service',
    apply: (o) =>
      o.kind === 'Service' && isObj(o.spec) && !o.spec.type ? ((o.spec.externalName = 'example.com'), true) : false,
  },
  {
    name: 'replicas as string',
    apply: (o) => (isObj(o.spec) && 'replicas' in o.spec ? ((o.spec.replicas = 'three'), true) : false),
  },
  {
    name: 'negative replicas',
    apply: (o) => (isObj(o.spec) && 'replicas' in o.spec ? ((o.spec.replicas = -1), true) : false),
  },
  {
    name: 'selector does not match template labels',
    apply: (o) => {
      if (!['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet'].includes(String(o.kind))) return false;
      const md = get(o, ['spec', 'template', 'metadata']);
      if (!isObj(md)) return false;
      md.labels = { 'kubesense-mismatch': 'yes' };
      return true;
    },
  },
  {
    name: 'service port zero',
    apply: (o) => {
      if (o.kind !== 'Service' || !isObj(o.spec) || !Array.isArray(o.spec.ports) || !isObj(o.spec.ports[0]))
        return false;
      o.spec.ports[0].port = 0;
      return true;
    },
  },
  {
    name: 'service type not supported',
    apply: (o) => (o.kind === 'Service' && isObj(o.spec) ? ((o.spec.type = 'Public'), true) : false),
  },
  {
    name: 'two service ports without names',
    apply: (o) => {
      if (o.kind !== 'Service' || !isObj(o.spec) || o.spec.type === 'ExternalName') return false;
      o.spec.ports = [{ port: 81 }, { port: 82 }];
      return true;
    },
  },
  {
    name: 'configmap key with space',
    apply: (o) => (o.kind === 'ConfigMap' ? ((o.data = { ...(o.data as Obj), 'bad key': 'x' }), true) : false),
  },
  { name: 'configmap value as number', apply: (o) => (o.kind === 'ConfigMap' ? ((o.data = { n: 1 }), true) : false) },
  {
    name: 'secret data not base64',
    apply: (o) => (o.kind === 'Secret' ? ((o.data = { k: 'not base64!' }), true) : false),
  },
  { name: 'CEL rule violated', apply: (o) => (o.kind === 'CELBasic' ? ((o.value = -3), true) : false) },
  {
    name: 'CEL rule across fields',
    apply: (o) => (o.kind === 'CELBasic' ? ((o.value = 3), (o.other_value = 4), true) : false),
  },
  {
    name: 'CEL rule satisfied',
    apply: (o) => (o.kind === 'CELBasic' ? ((o.value = 3), (o.other_value = 9), true) : false),
  },
  {
    name: 'list-map duplicate after defaulting',
    apply: (o) =>
      o.kind === 'CELBasic'
        ? ((o.map_list = [{ containerPort: 88, protocol: 'TCP' }, { containerPort: 88 }]), true)
        : false,
  },
  {
    name: 'custom resource field of wrong type',
    apply: (o) => (o.kind === 'CELBasic' ? ((o.value = 'high'), true) : false),
  },
  { name: 'custom resource unknown field', apply: (o) => (o.kind === 'CELBasic' ? ((o.extra = true), true) : false) },
];
