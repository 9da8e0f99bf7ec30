// Differential tests: `kubesense describe` against `kubectl.1.33 describe` on the same real cluster, byte for
// byte. The test writes every object itself, in its own namespace, and the status of those no controller owns
// (a pod kwok leaves alone, an HPA, a node's first report, a CronJob); the cluster's controllers, scheduler and
// kwok own the rest, so setup waits for them to settle. kubectl runs before and after kubesense and the two must
// agree, so both tools saw the same objects and events. Only event ages are masked (normalizeDescribe): they can
// tick between the runs.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { eventually } from '../../cluster/kubectl';
import type { Run } from './run';
import { describeSuite } from './describeCompare';

const ago = (ms: number) => new Date(Date.now() - ms).toISOString().replace(/\.\d+Z$/, 'Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

// No scheduler has this name: pods using it stay Pending, untouched by scheduler and kwok, so they never change.
const UNSCHEDULED = 'kubesense-none';

// `scheduled`: the Deployment's pods run on kwok's nodes (and settle Ready); every other controller's pods stay
// Pending (UNSCHEDULED), so Jobs and StatefulSets settle with a fixed count of active pods.
const podTemplate = (labels: Record<string, string>, scheduled = false) => ({
  metadata: { labels, annotations: { 'prometheus.io/scrape': 'true' } },
  spec: {
    ...(scheduled ? {} : { schedulerName: UNSCHEDULED }),
    serviceAccountName: 'builder',
    containers: [
      {
        name: 'app',
        image: 'registry.k8s.io/pause:3.10',
        ports: [{ containerPort: 8080, name: 'http' }],
        env: [
          { name: 'MODE', value: 'fast' },
          { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
        ],
        resources: { requests: { cpu: '100m', memory: '64Mi' } },
      },
    ],
    volumes: [{ name: 'cache', emptyDir: {} }],
  },
});

function manifests(ns: string): object[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'settings',
        namespace: ns,
        labels: { app: 'web', tier: 'front' },
        annotations: { note: 'short', long: 'x'.repeat(150), multi: 'first\nsecond\n' },
      },
      // One key each: kubectl 1.33 prints data keys in Go's random map order (kubesense sorts them, as later
      // kubectl versions do), so several keys could not be compared byte for byte.
      data: { 'script.sh': '#!/bin/sh\necho hi\n' },
      binaryData: { blob: Buffer.from([0, 1, 2, 3, 255]).toString('base64') },
    },
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'creds', namespace: ns },
      type: 'Opaque',
      data: { password: Buffer.from('hunter2').toString('base64') },
    },
    {
      apiVersion: 'v1',
      kind: 'ServiceAccount',
      metadata: { name: 'builder', namespace: ns },
      imagePullSecrets: [{ name: 'regcred' }, { name: 'mirror' }],
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: ns, annotations: { owner: 'team-a' } },
      spec: {
        selector: { app: 'web' },
        ports: [
          { name: 'http', port: 80, targetPort: 8080 },
          { name: 'metrics', port: 9090, targetPort: 'metrics' },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'edge', namespace: ns },
      spec: { type: 'NodePort', selector: { app: 'edge' }, ports: [{ port: 443, protocol: 'TCP' }] },
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-abc', namespace: ns, labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      endpoints: [
        { addresses: ['10.0.0.1'] },
        { addresses: ['10.0.0.2'], conditions: { ready: true } },
        { addresses: ['10.0.0.3'], conditions: { ready: false } },
        { addresses: ['10.0.0.4'] },
        { addresses: ['10.0.0.5'] },
      ],
      ports: [
        { name: 'http', port: 8080, protocol: 'TCP' },
        { name: 'metrics', port: 9090, protocol: 'TCP' },
      ],
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'web-1',
        namespace: ns,
        labels: { app: 'web' },
        // kwok leaves the status (written below) alone.
        annotations: {
          'kubectl.kubernetes.io/last-applied-configuration': '{}',
          team: 'a',
          'kwok.x-k8s.io/status': 'custom',
        },
      },
      spec: {
        schedulerName: UNSCHEDULED,
        priority: 0,
        serviceAccountName: 'builder',
        nodeSelector: { disk: 'ssd' },
        tolerations: [
          { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' },
          { operator: 'Exists' },
          { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
        ],
        initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['sh', '-c', 'echo ready\necho done'] }],
        containers: [
          {
            name: 'app',
            image: 'registry.k8s.io/pause:3.10',
            args: ['--port=8080', '--verbose'],
            ports: [
              { containerPort: 8080, name: 'http' },
              { containerPort: 9090, name: 'metrics', hostPort: 19090 },
            ],
            env: [
              { name: 'MODE', value: 'fast\nand safe' },
              { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
              { name: 'NS', valueFrom: { fieldRef: { fieldPath: 'metadata.namespace' } } },
              { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
              { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
              { name: 'PASS', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
              { name: 'CFG', valueFrom: { configMapKeyRef: { name: 'settings', key: 'mode', optional: true } } },
            ],
            envFrom: [
              { configMapRef: { name: 'settings' } },
              { prefix: 'S_', secretRef: { name: 'creds', optional: true } },
            ],
            resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } },
            livenessProbe: { httpGet: { path: '/healthz', port: 8080 }, initialDelaySeconds: 5 },
            readinessProbe: { tcpSocket: { port: 'http' } },
            startupProbe: { exec: { command: ['cat', '/tmp/ready'] }, failureThreshold: 30 },
            volumeMounts: [
              { name: 'config', mountPath: '/etc/config', readOnly: true },
              { name: 'cache', mountPath: '/cache', subPath: 'app' },
            ],
          },
          { name: 'sidecar', image: 'busybox:1.36', command: ['sleep', 'infinity'] },
        ],
        volumes: [
          { name: 'config', configMap: { name: 'settings' } },
          { name: 'cache', emptyDir: { medium: 'Memory', sizeLimit: '64Mi' } },
          { name: 'creds', secret: { secretName: 'creds', optional: true } },
          { name: 'data', persistentVolumeClaim: { claimName: 'data', readOnly: true } },
          { name: 'host', hostPath: { path: '/var/log', type: 'Directory' } },
          {
            name: 'podinfo',
            downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] },
          },
          {
            name: 'bundle',
            projected: {
              sources: [
                { configMap: { name: 'settings' } },
                { secret: { name: 'creds' } },
                { serviceAccountToken: { path: 'token', expirationSeconds: 3600 } },
              ],
            },
          },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data', namespace: ns, annotations: { owner: 'team-a' } },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'fast' },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'bound', namespace: ns },
      spec: {
        accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
        volumeMode: 'Filesystem',
        volumeName: `pv-${ns}`,
        storageClassName: 'manual',
        resources: { requests: { storage: '2Gi' } },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: `pv-${ns}`, labels: { disk: 'ssd' } },
      spec: {
        capacity: { storage: '5Gi' },
        accessModes: ['ReadWriteOnce', 'ReadOnlyMany'],
        persistentVolumeReclaimPolicy: 'Retain',
        storageClassName: 'manual',
        claimRef: { namespace: ns, name: 'bound' },
        hostPath: { path: '/mnt/data', type: 'DirectoryOrCreate' },
        nodeAffinity: {
          required: {
            nodeSelectorTerms: [
              { matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: ['node-a', 'node-b'] }] },
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: `node-${ns}`,
        labels: { 'node-role.kubernetes.io/worker': '', 'kubernetes.io/os': 'linux' },
      },
      spec: {
        podCIDR: '10.244.1.0/24',
        podCIDRs: ['10.244.1.0/24'],
        providerID: 'kind://docker/node',
        taints: [
          { key: 'dedicated', value: 'web', effect: 'NoSchedule' },
          { key: 'gpu', effect: 'NoExecute' },
        ],
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'onnode', namespace: ns },
      spec: {
        nodeName: `node-${ns}`,
        // The node's NoExecute taints (its own, and node lifecycle's once no kubelet reports): taint eviction
        // would otherwise delete this pod.
        tolerations: [{ operator: 'Exists', effect: 'NoExecute' }],
        containers: [
          {
            name: 'a',
            image: 'registry.k8s.io/pause:3.10',
            resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '1', memory: '128Mi' } },
          },
          { name: 'b', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '100m', memory: '1Gi' } } },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: { name: 'web', namespace: ns, annotations: { 'nginx.ingress.kubernetes.io/rewrite-target': '/' } },
      spec: {
        ingressClassName: 'nginx',
        defaultBackend: { service: { name: 'web', port: { name: 'http' } } },
        tls: [{ hosts: ['web.example.com'], secretName: 'web-tls' }, { hosts: ['sni.example.com'] }],
        rules: [
          {
            host: 'web.example.com',
            http: {
              paths: [
                { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
                { path: '/metrics', pathType: 'Exact', backend: { service: { name: 'web', port: { number: 9090 } } } },
                { path: '/gone', pathType: 'Prefix', backend: { service: { name: 'gone', port: { number: 80 } } } },
              ],
            },
          },
          {
            http: {
              paths: [
                {
                  path: '/any',
                  pathType: 'Prefix',
                  backend: { resource: { apiGroup: 'example.com', kind: 'Bucket', name: 'static' } },
                },
              ],
            },
          },
        ],
      },
    },
    {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'web', namespace: ns },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        minReplicas: 2,
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } },
          {
            type: 'Pods',
            pods: { metric: { name: 'requests_per_second' }, target: { type: 'AverageValue', averageValue: '100' } },
          },
          {
            type: 'External',
            external: { metric: { name: 'queue_depth' }, target: { type: 'Value', value: '30' } },
          },
        ],
        behavior: {
          scaleDown: {
            stabilizationWindowSeconds: 300,
            policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }],
          },
        },
      },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'readers', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'ServiceAccount', name: 'builder', namespace: ns },
        { kind: 'Group', name: 'auditors', apiGroup: 'rbac.authorization.k8s.io' },
      ],
    },
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'StorageClass',
      metadata: { name: `sc-${ns}`, annotations: { 'storageclass.kubernetes.io/is-default-class': 'false' } },
      provisioner: 'example.com/disk',
      parameters: { type: 'ssd', zone: 'a' },
      reclaimPolicy: 'Retain',
      volumeBindingMode: 'WaitForFirstConsumer',
      allowVolumeExpansion: true,
      mountOptions: ['noatime'],
      allowedTopologies: [{ matchLabelExpressions: [{ key: 'topology.kubernetes.io/zone', values: ['a', 'b'] }] }],
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'IngressClass',
      metadata: { name: `ic-${ns}` },
      spec: {
        controller: 'example.com/ingress',
        parameters: { apiGroup: 'example.com', kind: 'IngressParameters', name: 'external' },
      },
    },
    {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: 'leader', namespace: ns, labels: { app: 'web' } },
      spec: { holderIdentity: 'web-1', leaseDurationSeconds: 15, leaseTransitions: 2 },
    },
    {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'compute', namespace: ns },
      spec: { hard: { 'requests.cpu': '4', pods: '10' }, scopes: ['NotBestEffort'] },
    },
    {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'defaults', namespace: ns },
      spec: { limits: [{ type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '100m' } }] },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: ns, labels: { app: 'web' } },
      spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: podTemplate({ app: 'web' }, true) },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 'db', namespace: ns },
      spec: {
        replicas: 3,
        serviceName: 'db',
        selector: {
          matchLabels: { app: 'db' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['z', 'a'] }],
        },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
        template: podTemplate({ app: 'db', tier: 'a' }),
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels: { keep: 'yes' } },
            spec: {
              accessModes: ['ReadWriteOnce'],
              storageClassName: 'fast',
              resources: { requests: { storage: '1Gi' } },
            },
          },
        ],
      },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'DaemonSet',
      metadata: { name: 'agent', namespace: ns },
      spec: {
        selector: { matchLabels: { app: 'agent' } },
        template: {
          ...podTemplate({ app: 'agent' }),
          spec: { ...podTemplate({}).spec, nodeSelector: { os: 'linux' } },
        },
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'migrate', namespace: ns },
      spec: {
        completions: 3,
        parallelism: 1,
        backoffLimit: 2,
        ttlSecondsAfterFinished: 600,
        activeDeadlineSeconds: 900,
        template: { ...podTemplate({ job: 'migrate' }), spec: { ...podTemplate({}).spec, restartPolicy: 'Never' } },
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'indexed', namespace: ns },
      spec: {
        completions: 4,
        completionMode: 'Indexed',
        suspend: true,
        template: { ...podTemplate({ job: 'indexed' }), spec: { ...podTemplate({}).spec, restartPolicy: 'Never' } },
      },
    },
    {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'nightly', namespace: ns },
      spec: {
        schedule: '0 3 * * *',
        startingDeadlineSeconds: 120,
        jobTemplate: {
          spec: {
            template: {
              ...podTemplate({ job: 'nightly' }),
              spec: { ...podTemplate({}).spec, restartPolicy: 'OnFailure' },
            },
          },
        },
      },
    },
  ];
}

describe('kubesense describe matches kubectl 1.33 describe on the real cluster', () => {
  const ns = `describe-${process.pid}`;
  // Names the controllers chose, found during setup: the Deployment's ReplicaSet and one of its pods.
  const live = { rs: '', pod: '' };
  const clusterScoped: [string, string][] = [
    ['node', `node-${ns}`],
    ['pv', `pv-${ns}`],
    ['storageclass', `sc-${ns}`],
    ['ingressclass', `ic-${ns}`],
  ];
  const suite = describeSuite(ns, clusterScoped, async ({ must, settled: poll }) => {
    const status = (kind: string, name: string, body: object) =>
      must(['-n', ns, 'patch', kind, name, '--subresource=status', '--type=merge', '-p', JSON.stringify(body)]);
    await must(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests(ns) }));
    const uid = async (kind: string, name: string) =>
      (await must(['-n', ns, 'get', kind, name, '-o', 'jsonpath={.metadata.uid}'])).trim();
    const deployUid = await uid('deployment', 'web');
    // Controllers own what they make: wait for each object to settle, then describe it (compare() also checks
    // that kubectl saw the same output before and after kubesense's run).
    const jsonpath = async (kind: string, name: string, path: string) =>
      (await must(['-n', ns, 'get', kind, name, '-o', `jsonpath=${path}`])).trim();
    const settled = (what: string, kind: string, name: string, path: string, ok: (v: string) => boolean) =>
      poll(`${kind}/${name} ${what}`, ['-n', ns, 'get', kind, name, '-o', `jsonpath=${path}`], ok);
    // The Deployment rolls out for real: its ReplicaSet's pods run on kwok's nodes and become Ready.
    await settled(
      'rolled out',
      'deployment',
      'web',
      '{.metadata.generation} {.status.observedGeneration} {.status.replicas} {.status.updatedReplicas} {.status.readyReplicas} {.status.availableReplicas}',
      (v) => /^(\d+) \1 2 2 2 2$/.test(v),
    );
    live.rs = (await must(['-n', ns, 'get', 'rs', '-l', 'app=web', '-o', 'jsonpath={.items[*].metadata.name}'])).trim();
    assert.match(live.rs, /^web-\w+$/, 'one ReplicaSet');
    const hash = await jsonpath('rs', live.rs, '{.metadata.labels.pod-template-hash}');
    const ready = await eventually(`${live.rs}'s pods Ready`, async (note) => {
      const v = await must([
        '-n',
        ns,
        'get',
        'pods',
        '-l',
        `pod-template-hash=${hash}`,
        '-o',
        'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status} {end}',
      ]);
      note(v);
      const pods = v.trim().split(' ');
      return pods.length === 2 && pods.every((p) => p.endsWith('=True')) ? pods : undefined;
    });
    live.pod = ready[0].split('=')[0];
    await status('pod', 'web-1', {
      status: {
        phase: 'Running',
        podIP: '10.0.0.1',
        podIPs: [{ ip: '10.0.0.1' }],
        startTime: ago(3 * HOUR),
        conditions: [
          { type: 'Initialized', status: 'True' },
          { type: 'Ready', status: 'False' },
        ],
        initContainerStatuses: [
          {
            name: 'init',
            image: 'busybox:1.36',
            imageID: 'docker.io/library/busybox@sha256:abc',
            containerID: 'containerd://111',
            ready: true,
            restartCount: 0,
            state: {
              terminated: {
                exitCode: 0,
                reason: 'Completed',
                startedAt: ago(3 * HOUR),
                finishedAt: ago(3 * HOUR - MIN),
              },
            },
          },
        ],
        containerStatuses: [
          {
            name: 'app',
            image: 'registry.k8s.io/pause:3.10',
            imageID: 'registry.k8s.io/pause@sha256:def',
            containerID: 'containerd://222',
            ready: false,
            restartCount: 4,
            state: { running: { startedAt: ago(10 * MIN) } },
            lastState: {
              terminated: {
                exitCode: 137,
                signal: 9,
                reason: 'OOMKilled',
                message: 'out of memory',
                startedAt: ago(HOUR),
                finishedAt: ago(11 * MIN),
              },
            },
          },
          {
            name: 'sidecar',
            image: 'busybox:1.36',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off' } },
          },
        ],
      },
    });
    // The PV controller binds the pre-bound pair itself.
    await settled('bound', 'pvc', 'bound', '{.status.phase}', (v) => v === 'Bound');
    await eventually(`pv-${ns} bound`, async () =>
      (await must(['get', 'pv', `pv-${ns}`, '-o', 'jsonpath={.status.phase}'])).trim() === 'Bound' ? true : undefined,
    );
    await must([
      'patch',
      'node',
      `node-${ns}`,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({
        status: {
          capacity: { cpu: '4', memory: '8Gi', pods: '110', 'ephemeral-storage': '100Gi', 'example.com/gpu': '2' },
          allocatable: {
            cpu: '3800m',
            memory: '7Gi',
            pods: '110',
            'ephemeral-storage': '90Gi',
            'example.com/gpu': '2',
          },
          conditions: [
            {
              type: 'Ready',
              status: 'True',
              reason: 'KubeletReady',
              message: 'kubelet is posting ready status',
              lastHeartbeatTime: ago(MIN),
              lastTransitionTime: ago(5 * HOUR),
            },
          ],
          addresses: [
            { type: 'InternalIP', address: '172.18.0.2' },
            { type: 'Hostname', address: 'node-a' },
          ],
          nodeInfo: {
            machineID: 'm1',
            systemUUID: 'u1',
            bootID: 'b1',
            kernelVersion: '6.1.0',
            osImage: 'Debian GNU/Linux 12',
            operatingSystem: 'linux',
            architecture: 'amd64',
            containerRuntimeVersion: 'containerd://1.7.0',
            kubeletVersion: 'v1.33.0',
            kubeProxyVersion: 'v1.33.0',
          },
        },
      }),
    ]);
    await status('hpa', 'web', {
      status: {
        currentReplicas: 2,
        desiredReplicas: 3,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 85, averageValue: '170m' } } },
        ],
        conditions: [
          {
            type: 'AbleToScale',
            status: 'True',
            reason: 'ReadyForNewScale',
            message: 'recommended size matches current size',
            lastTransitionTime: ago(HOUR),
          },
        ],
      },
    });
    const generationObserved = (v: string) => /^(\d+) \1$/.test(v);
    const generations = '{.metadata.generation} {.status.observedGeneration}';
    // db-0 made and Pending (OrderedReady: no db-1 until it is Ready); agent selects no node.
    await settled('db-0 made', 'statefulset', 'db', `${generations} {.status.replicas}`, (v) => /^(\d+) \1 1$/.test(v));
    await settled('observed', 'daemonset', 'agent', generations, generationObserved);
    await settled('one pod active', 'job', 'migrate', '{.status.active} {.status.ready}', (v) => v === '1 0');
    await settled(
      'suspended',
      'job',
      'indexed',
      '{.status.conditions[?(@.type=="Suspended")].status}',
      (v) => v === 'True',
    );
    // Pods: the Deployment's 2, db-0, migrate's, web-1 and onnode.
    await settled('used counted', 'resourcequota', 'compute', '{.status.used.pods}', (v) => v === '6');
    // The CronJob's active Job must exist (the controller drops references to missing ones): a suspended Job it owns.
    const cronUid = await uid('cronjob', 'nightly');
    await must(
      ['apply', '-f', '-'],
      JSON.stringify({
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name: 'nightly-1',
          namespace: ns,
          ownerReferences: [
            { apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: cronUid, controller: true },
          ],
        },
        spec: {
          suspend: true,
          template: { ...podTemplate({ job: 'nightly' }), spec: { ...podTemplate({}).spec, restartPolicy: 'Never' } },
        },
      }),
    );
    // Minutes ago: no 03:00 run can fall between it and now, so the controller has nothing to start or miss.
    await status('cronjob', 'nightly', {
      status: {
        lastScheduleTime: ago(10 * MIN),
        active: [
          {
            kind: 'Job',
            name: 'nightly-1',
            namespace: ns,
            apiVersion: 'batch/v1',
            uid: await uid('job', 'nightly-1'),
          },
        ],
      },
    });
    // Node lifecycle marks a node whose kubelet never reports Unknown and taints it; wait for that.
    await eventually(
      `node-${ns} unreachable`,
      async (note) => {
        const v = (
          await must([
            'get',
            'node',
            `node-${ns}`,
            '-o',
            'jsonpath={.status.conditions[?(@.type=="Ready")].status} {range .spec.taints[*]}{.key}:{.effect} {end}',
          ])
        ).trim();
        note(v);
        return v.startsWith('Unknown ') &&
          v.includes('node.kubernetes.io/unreachable:NoSchedule') &&
          v.includes('node.kubernetes.io/unreachable:NoExecute')
          ? v
          : undefined;
      },
      90_000,
    );
    // Events: core/v1 with counts, a field path and a multi-line message; an events.k8s.io one with a series.
    const podUid = await uid('pod', 'web-1');
    const event = (name: string, involved: object, rest: object) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace: ns },
      involvedObject: { namespace: ns, ...involved },
      ...rest,
    });
    const podRef = { apiVersion: 'v1', kind: 'Pod', name: 'web-1', uid: podUid };
    await must(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          event('web-1.a', podRef, {
            type: 'Normal',
            reason: 'Scheduled',
            message: 'Successfully assigned pod to node-1',
            source: { component: 'default-scheduler' },
            firstTimestamp: ago(3 * HOUR),
            lastTimestamp: ago(3 * HOUR),
            count: 1,
          }),
          event(
            'web-1.b',
            { ...podRef, fieldPath: 'spec.containers{app}' },
            {
              type: 'Warning',
              reason: 'BackOff',
              message: '  Back-off restarting failed container\n',
              source: { component: 'kubelet', host: 'node-1' },
              firstTimestamp: ago(2 * HOUR),
              lastTimestamp: ago(20 * MIN),
              count: 5,
            },
          ),
          event(
            'web.a',
            { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: deployUid },
            {
              type: 'Normal',
              reason: 'ScalingReplicaSet',
              message: 'Scaled up replica set web-7d4b9c to 2',
              source: { component: 'deployment-controller' },
              firstTimestamp: ago(5 * HOUR),
              lastTimestamp: ago(5 * HOUR),
              count: 1,
            },
          ),
          event(
            'settings.a',
            { apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', uid: await uid('cm', 'settings') },
            {
              type: 'Normal',
              reason: 'Synced',
              message: 'synced',
              source: { component: 'config-sync' },
              firstTimestamp: ago(30 * HOUR),
              lastTimestamp: ago(26 * HOUR),
              count: 3,
            },
          ),
        ],
      }),
    );
    await must(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'events.k8s.io/v1',
        kind: 'Event',
        metadata: { name: 'web-1.c', namespace: ns },
        regarding: { ...podRef, namespace: ns },
        eventTime: ago(90 * MIN).replace('Z', '.000000Z'),
        series: { count: 7, lastObservedTime: ago(5 * MIN).replace('Z', '.000000Z') },
        reportingController: 'example.com/probe',
        reportingInstance: 'probe-1',
        action: 'Probe',
        type: 'Warning',
        reason: 'Unhealthy',
        note: 'Readiness probe failed',
      }),
    );
  });
  // `args` after setup: some names are the controllers' choice.
  const compare = (t: TestContext, argsOf: () => string[]): Promise<Run | undefined> => suite.compare(t, argsOf);

  const cases: Array<[string, (ns: string) => string[]]> = [
    [
      'a ConfigMap: data, binary data, long and multi-line annotations, events',
      (n) => ['describe', 'configmap', 'settings', '-n', n],
    ],
    ['a Secret: sizes only', (n) => ['describe', 'secret', 'creds', '-n', n]],
    ['a ServiceAccount', (n) => ['describe', 'sa', 'builder', '-n', n]],
    ['a Service with endpoint slices', (n) => ['describe', 'svc', 'web', '-n', n]],
    ['a NodePort Service without endpoints', (n) => ['describe', 'service/edge', '-n', n]],
    ['a Pod with status, volumes, probes, env and events', (n) => ['describe', 'pod', 'web-1', '-n', n]],
    ['a Pod without events', (n) => ['describe', 'pod', 'web-1', '-n', n, '--show-events=false']],
    ['a controlled Pod', (n) => ['describe', 'pod', live.pod, '-n', n]],
    ['a Deployment with conditions and its ReplicaSets', (n) => ['describe', 'deployment', 'web', '-n', n]],
    ['a ReplicaSet counting its pods', (n) => ['describe', 'rs', live.rs, '-n', n]],
    ['a StatefulSet with claim templates', (n) => ['describe', 'statefulset', 'db', '-n', n]],
    ['a DaemonSet', (n) => ['describe', 'ds', 'agent', '-n', n]],
    ['a Job', (n) => ['describe', 'job', 'migrate', '-n', n]],
    ['an indexed, suspended Job', (n) => ['describe', 'job', 'indexed', '-n', n]],
    ['a CronJob', (n) => ['describe', 'cronjob', 'nightly', '-n', n]],
    ['a Namespace with quota and limits', (n) => ['describe', 'namespace', n]],
    ['a pending PersistentVolumeClaim used by a pod', (n) => ['describe', 'pvc', 'data', '-n', n]],
    ['a bound PersistentVolumeClaim', (n) => ['describe', 'pvc', 'bound', '-n', n]],
    ['a PersistentVolume', (n) => ['describe', 'pv', `pv-${n}`]],
    ['a Node with its pods and their requests', (n) => ['describe', 'node', `node-${n}`]],
    ['an Ingress with TLS, rules and backends', (n) => ['describe', 'ingress', 'web', '-n', n]],
    ['a HorizontalPodAutoscaler with metrics and behavior', (n) => ['describe', 'hpa', 'web', '-n', n]],
    ['a LimitRange', (n) => ['describe', 'limitrange', 'defaults', '-n', n]],
    ['a ResourceQuota', (n) => ['describe', 'quota', 'compute', '-n', n]],
    ['a RoleBinding', (n) => ['describe', 'rolebinding', 'readers', '-n', n]],
    ['a StorageClass', (n) => ['describe', 'storageclass', `sc-${n}`]],
    ['an IngressClass', (n) => ['describe', 'ingressclass', `ic-${n}`]],
    ['a PriorityClass', () => ['describe', 'priorityclass', 'system-node-critical']],
    ['a kind without a describer: the generic one', (n) => ['describe', 'lease', 'leader', '-n', n]],
    ['every ConfigMap of a namespace', (n) => ['describe', 'configmaps', '-n', n]],
    ['several types and names', (n) => ['describe', 'pod/web-1', 'svc/web', 'cm/settings', '-n', n]],
    ['a label selector', (n) => ['describe', 'pods', '-l', 'app=web', '-n', n]],
    ['a name prefix', (n) => ['describe', 'pods', 'web', '-n', n]],
    ['several types at once', (n) => ['describe', 'sa,secrets', '-n', n]],
    ['a name together with a selector', (n) => ['describe', 'pods', 'web-1', '-l', 'app=web', '-n', n]],
    ['TYPE/NAME mixed with a bare type', (n) => ['describe', 'pod/web-1', 'pods', '-n', n]],
    ['a missing object', (n) => ['describe', 'pod', 'nope', '-n', n]],
    ['a missing object among found ones', (n) => ['describe', 'cm', 'settings', 'nope', '-n', n]],
    ['nothing selected', (n) => ['describe', 'pods', '-l', 'app=none', '-n', n]],
    ['nothing selected across namespaces', () => ['describe', 'pods', '-A', '-l', 'app=none']],
    ['an unknown type', (n) => ['describe', 'widgets', '-n', n]],
    ['no type', (n) => ['describe', '-n', n]],
    ['a name across namespaces', () => ['describe', 'pod', 'web-1', '-A']],
  ];
  // Cases where kubectl itself fails or prints nothing; every other case must describe something.
  const failing = new Set([
    'a missing object',
    'a missing object among found ones',
    'nothing selected',
    'nothing selected across namespaces',
    'an unknown type',
    'no type',
    'a name across namespaces',
    'a name together with a selector',
    'TYPE/NAME mixed with a bare type',
  ]);
  for (const [title, args] of cases)
    test(title, async (t) => {
      const run = await compare(t, () => args(ns));
      if (run && !failing.has(title)) {
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /^Name:/);
      }
    });

  test('a Secret never shows its values', async (t) => {
    const run = await compare(t, () => ['describe', 'secret', 'creds', '-n', ns]);
    if (!run) return;
    assert.match(run.stdout, /\npassword:  7 bytes\n/);
    assert.doesNotMatch(run.stdout, /hunter2|aHVudGVyMg/);
  });
});
