// Disagreements with kube-apiserver 1.35 found by the differential fuzzer's user-error mutations (seeds 20–24) and
// by reading pkg/apis/{core,storage,apps,admissionregistration}/validation, each closed in general and pinned with
// the server's messages (probed with `kubectl.1.33 create --dry-run=server --validate=strict` on the test cluster).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  errorMessages,
  LABEL_MESSAGE as LABEL,
  podWith as pod,
  storeFor,
  SUBDOMAIN_MESSAGE as SUBDOMAIN,
} from './sharedData';

const store = storeFor('1.35');
const errors = (o: unknown) => errorMessages(store, o);

const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const FILE_MODE = 'must be a number between 0 and 0777 (octal), both inclusive';

const deployment = (podSpec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd', namespace: 'default' },
  spec: {
    selector: { matchLabels: { a: 'b' } },
    template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }], ...podSpec } },
  },
});

const mounting = (names: string[]) => [
  { name: 'c', image: 'i', volumeMounts: names.map((name) => ({ name, mountPath: `/${name}` })) },
];

test('a volume with any error is dropped, so its mounts are Not found — errors of the schema as well as of Go checks', async () => {
  // Server: the four volumes' errors, then a Not found for each of their mounts (before: the volumes' errors only).
  assert.deepEqual(
    await errors(
      pod({
        containers: mounting(['a', 'b', 'c', 'd', 'e']),
        volumes: [
          { name: 'a', hostPath: {} }, // the schema's required path
          { name: 'b' }, // no source: defaulted to an emptyDir, kept
          { name: 'c', emptyDir: {}, configMap: { name: 'x' } },
          { name: 'd', emptyDir: { sizeLimit: '-1Gi' } },
          { name: 'e', hostPath: { path: '/x', type: 'Foo' } }, // the enum
        ],
      }),
    ),
    [
      'spec.containers[0].volumeMounts[0].name: Not found: "a"',
      'spec.containers[0].volumeMounts[2].name: Not found: "c"',
      'spec.containers[0].volumeMounts[3].name: Not found: "d"',
      'spec.containers[0].volumeMounts[4].name: Not found: "e"',
      'spec.volumes[0].hostPath.path: Required value',
      'spec.volumes[2].configMap: Forbidden: may not specify more than 1 volume type',
      'spec.volumes[3].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity',
      'spec.volumes[4].hostPath.type: Unsupported value: "Foo": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"',
    ],
  );
});

test('a dropped volume frees its name: a later volume of that name is no duplicate, and mounts find it', async () => {
  // Server: only the first volume's error (ValidateVolumes records a name only for a volume without errors).
  assert.deepEqual(
    await errors(
      pod({
        containers: mounting(['dup']),
        volumes: [
          { name: 'dup', secret: { secretName: '' } },
          { name: 'dup', emptyDir: {} },
        ],
      }),
    ),
    ['spec.volumes[0].secret.secretName: Required value'],
  );
  assert.deepEqual(
    await errors(
      pod({
        volumes: [
          { name: 'dup', emptyDir: {} },
          { name: 'dup', emptyDir: {} },
        ],
      }),
    ),
    ['spec.volumes[1].name: Duplicate value: "dup"'],
  );
});

test("validateVolumeSource's checks of secrets, config maps, projections, downward API, NFS, CSI, hostPath, gitRepo", async () => {
  const at = 'spec.template.spec.volumes';
  const got = await errors(
    deployment({
      containers: [{ name: 'c', image: 'i', volumeDevices: [{ name: 'ok', devicePath: '/dev/x' }] }],
      volumes: [
        { name: 'ok', emptyDir: {} },
        {
          name: 's',
          secret: {
            secretName: 'x',
            defaultMode: 1000,
            items: [
              { key: '', path: '/abs' },
              { key: 'k', path: '..x', mode: -1 },
              { key: 'k2', path: 'a/../b' },
            ],
          },
        },
        { name: 'cm', configMap: { name: '', items: [{ key: 'k', path: '' }] } },
        {
          name: 'pj',
          projected: {
            defaultMode: 512,
            sources: [
              { secret: { name: 'a', items: [{ key: 'k', path: 'p' }] } },
              { configMap: { name: 'b', items: [{ key: 'k', path: 'p' }] } },
              { serviceAccountToken: { path: '/tok', expirationSeconds: 100 } },
              { downwardAPI: { items: [{ path: 'q' }] }, secret: { name: 'z' } },
            ],
          },
        },
        {
          name: 'da',
          downwardAPI: {
            defaultMode: -2,
            items: [
              {
                path: 'x',
                fieldRef: { fieldPath: 'metadata.name' },
                resourceFieldRef: { resource: 'limits.cpu', containerName: 'c' },
              },
              { path: 'y' },
            ],
          },
        },
        { name: 'nfs', nfs: { server: '', path: 'rel' } },
        { name: 'csi', csi: { driver: 'Bad_Driver', nodePublishSecretRef: { name: 'Bad_Name' } } },
        { name: 'hp', hostPath: { path: '/a/../b' } },
        { name: 'git', gitRepo: { repository: '', directory: '/abs/..' } },
      ],
    }),
  );
  assert.deepEqual(
    got,
    [
      `${at}[1].secret.defaultMode: Invalid value: 1000: ${FILE_MODE}`,
      `${at}[1].secret.items[0].key: Required value`,
      `${at}[1].secret.items[0].path: Invalid value: "/abs": must be a relative path`,
      `${at}[1].secret.items[1].path: Invalid value: "..x": must not start with '..'`,
      `${at}[1].secret.items[1].mode: Invalid value: -1: ${FILE_MODE}`,
      `${at}[1].secret.items[2].path: Invalid value: "a/../b": must not contain '..'`,
      `${at}[2].configMap.name: Required value`,
      `${at}[2].configMap.items[0].path: Required value`,
      `${at}[3].projected.defaultMode: Invalid value: 512: ${FILE_MODE}`,
      `${at}[3].projected: Invalid value: "b": conflicting duplicate paths`,
      `${at}[3].projected.sources[2].serviceAccountToken.expirationSeconds: Invalid value: 100: may not specify a duration less than 10 minutes`,
      `${at}[3].projected.path: Invalid value: "/tok": must be a relative path`,
      `${at}[3].projected.sources[3].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required`,
      `${at}[3].projected.sources[3]: Forbidden: may not specify more than 1 volume type per source`,
      `${at}[4].downwardAPI.defaultMode: Invalid value: -2: ${FILE_MODE}`,
      `${at}[4].downwardAPI: Invalid value: "resource": fieldRef and resourceFieldRef can not be specified simultaneously`,
      `${at}[4].downwardAPI: Required value: one of fieldRef and resourceFieldRef is required`,
      `${at}[5].nfs.server: Required value`,
      `${at}[5].nfs.path: Invalid value: "rel": must be an absolute path`,
      `${at}[6].csi.driver: Invalid value: "Bad_Driver": ${SUBDOMAIN}`,
      `${at}[6].csi.name: Invalid value: "Bad_Name": ${SUBDOMAIN}`,
      `${at}[7].hostPath.path: Invalid value: "/a/../b": must not contain '..'`,
      `${at}[8].gitRepo.repository: Required value`,
      `${at}[8].gitRepo.directory: Invalid value: "/abs/..": must be a relative path`,
      `${at}[8].gitRepo.directory: Invalid value: "/abs/..": must not contain '..'`,
      'spec.template.spec.containers[0].volumeDevices[0].name: Invalid value: "ok": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode',
    ].sort(),
  );
});

test("a GCE disk's fields are reported at persistentDisk (pod volumes and PersistentVolumes), partitions 0-255", async () => {
  const pv = {
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'pv0003' },
    spec: { capacity: { storage: '5Gi' }, accessModes: ['ReadWriteOnce'], gcePersistentDisk: { partition: 300 } },
  };
  assert.deepEqual(await errors(pv), [
    'spec.persistentDisk.partition: Invalid value: 300: must be between 1 and 255, inclusive',
    'spec.persistentDisk.pdName: Required value',
  ]);
  assert.deepEqual(
    await errors(
      pod({
        containers: mounting(['g']),
        volumes: [{ name: 'g', gcePersistentDisk: { pdName: '', partition: -1 } }],
      }),
    ),
    [
      'spec.containers[0].volumeMounts[0].name: Not found: "g"',
      'spec.volumes[0].persistentDisk.partition: Invalid value: -1: must be between 1 and 255, inclusive',
      'spec.volumes[0].persistentDisk.pdName: Required value',
    ],
  );
});

test("ValidatePodSpec's names: nodeName, hostname, subdomain, priorityClassName, readiness and scheduling gates, host aliases", async () => {
  const at = 'spec.template.spec';
  assert.deepEqual(
    await errors(
      deployment({
        nodeName: 'my_app',
        hostname: 'my.app',
        subdomain: 'My',
        priorityClassName: 'Bad_Class',
        readinessGates: [{ conditionType: 'x y' }],
        schedulingGates: [{ name: 'a' }, { name: 'a' }],
        hostAliases: [{ ip: '1.2.3.4', hostnames: ['ok.x', 'Bad_Host'] }],
      }),
    ),
    [
      `${at}.hostAliases[0].hostnames[1]: Invalid value: "Bad_Host": ${SUBDOMAIN}`,
      `${at}.hostname: Invalid value: "my.app": must not contain dots`,
      `${at}.nodeName: Invalid value: "my_app": ${SUBDOMAIN}`,
      `${at}.priorityClassName: Invalid value: "Bad_Class": ${SUBDOMAIN}`,
      `${at}.readinessGates[0].conditionType: Invalid value: "x y": ${NAME_PART}`,
      `${at}.schedulingGates[1]: Duplicate value: "a"`,
      `${at}.subdomain: Invalid value: "My": ${LABEL}`,
    ],
  );
});

test("a grpc probe's port is 1-65535, a StatefulSet's serviceName a DNS label", async () => {
  assert.deepEqual(
    await errors(pod({ containers: [{ name: 'c', image: 'i', livenessProbe: { grpc: { port: 0 } } }] })),
    ['spec.containers[0].livenessProbe.grpc.port: Invalid value: 0: must be between 1 and 65535, inclusive'],
  );
  const sts = {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 's', namespace: 'default' },
    spec: {
      serviceName: 'my_app',
      selector: { matchLabels: { a: 'b' } },
      template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    },
  };
  assert.deepEqual(await errors(sts), [`spec.serviceName: Invalid value: "my_app": ${LABEL}`]);
});

test("labels the defaulting adds are validated: a Namespace's name label, a ReplicationController's template labels", async () => {
  assert.deepEqual(await errors({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'app.' } }), [
    `metadata.labels: Invalid value: "app.": ${LABEL_VALUE}`,
    `metadata.name: Invalid value: "app.": ${LABEL}`,
  ]);
  // The name replaces a value given for the label.
  const given = { 'kubernetes.io/metadata.name': 'bad value!' };
  assert.deepEqual(
    await errors({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'good', labels: given } }),
    [],
  );
  const rc = {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'rc', namespace: 'default' },
    spec: { template: { metadata: { labels: { app: 'x-' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
  };
  assert.deepEqual(await errors(rc), [
    `metadata.labels: Invalid value: "x-": ${LABEL_VALUE}`,
    `spec.template.labels: Invalid value: "x-": ${LABEL_VALUE}`,
  ]);
});

test("every label selector's matchLabels are labels (ValidateLabelSelector)", async () => {
  const policy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'np', namespace: 'default' },
    spec: { podSelector: { matchLabels: { 'Bad Key': 'x', ok: 'Bad Value!' } } },
  };
  assert.deepEqual(await errors(policy), [
    `spec.podSelector.matchLabels: Invalid value: "Bad Key": ${NAME_PART}`,
    `spec.podSelector.matchLabels: Invalid value: "Bad Value!": ${LABEL_VALUE}`,
  ]);
});

test("a webhook's admissionReviewVersions: DNS-1035 labels, no duplicates, one the server knows", async () => {
  const webhooks = {
    apiVersion: 'admissionregistration.k8s.io/v1',
    kind: 'ValidatingWebhookConfiguration',
    metadata: { name: 'w' },
    webhooks: [
      {
        name: 'a.example.com',
        admissionReviewVersions: ['', 'v2', 'v2'],
        sideEffects: 'None',
        clientConfig: { url: 'https://x.example.com' },
      },
    ],
  };
  const dns1035 =
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
  assert.deepEqual(await errors(webhooks), [
    `webhooks[0].admissionReviewVersions: Invalid value: ["","v2","v2"]: must include at least one of v1, v1beta1`,
    `webhooks[0].admissionReviewVersions[0]: Invalid value: "": ${dns1035}`,
    'webhooks[0].admissionReviewVersions[2]: Invalid value: "v2": duplicate version',
  ]);
});

test('storage kinds as pkg/apis/storage/validation checks them', async () => {
  const storage = (kind: string, rest: Record<string, unknown>) => ({
    apiVersion: 'storage.k8s.io/v1',
    kind,
    metadata: { name: 'x.example.com' },
    ...rest,
  });
  assert.deepEqual(
    await errors(
      storage('CSIDriver', {
        spec: {
          nodeAllocatableUpdatePeriodSeconds: 5,
          tokenRequests: [
            { audience: 'a', expirationSeconds: 100 },
            { audience: 'a' },
            { audience: 'b', expirationSeconds: 4294967297 },
          ],
        },
      }),
    ),
    [
      'spec.nodeAllocatableUpdatePeriodSeconds: Invalid value: 5: must be greater than or equal to 10 seconds',
      'spec.tokenRequests[0].expirationSeconds: Invalid value: 100: may not specify a duration less than 10 minutes',
      'spec.tokenRequests[1].audience: Duplicate value: "a"',
      'spec.tokenRequests[2].expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds',
    ],
  );
  assert.deepEqual(await errors(storage('CSIDriver', { spec: { serviceAccountTokenInSecrets: false } })), [
    'spec.serviceAccountTokenInSecrets: Invalid value: false: serviceAccountTokenInSecrets is set but no tokenRequests are specified',
  ]);
  assert.deepEqual(
    await errors(
      storage('StorageClass', {
        provisioner: 'Bad Provisioner!',
        parameters: { '': 'x' },
        allowedTopologies: [
          { matchLabelExpressions: [{ key: 'zone', values: ['a'] }] },
          { matchLabelExpressions: [{ key: 'zone', values: ['a'] }] },
          { matchLabelExpressions: [{ key: 'Bad Key', values: [] }] },
        ],
      }),
    ),
    [
      `allowedTopologies[1].matchLabelExpressions: Duplicate value: ""`,
      `allowedTopologies[2].matchLabelExpressions[0].key: Invalid value: "Bad Key": ${NAME_PART}`,
      'allowedTopologies[2].matchLabelExpressions[0].values: Required value',
      'parameters: Invalid value: "": field can not be empty.',
      // Validated and printed lower-cased.
      `provisioner: Invalid value: "bad provisioner!": ${NAME_PART}`,
    ],
  );
  assert.deepEqual(
    await errors(
      storage('VolumeAttachment', {
        spec: { attacher: 'Bad_Attacher', nodeName: 'Bad_Node', source: { persistentVolumeName: 'Bad/PV' } },
      }),
    ),
    [
      `spec.attacher: Invalid value: "Bad_Attacher": ${SUBDOMAIN}`,
      `spec.nodeName: Invalid value: "Bad_Node": ${SUBDOMAIN}`,
      `spec.source.persistentVolumeName: Invalid value: "Bad/PV": ${SUBDOMAIN}`,
    ],
  );
  assert.deepEqual(
    await errors(storage('VolumeAttachment', { spec: { attacher: 'a.example.com', nodeName: 'n', source: {} } })),
    ['spec.source: Required value: must specify exactly one of inlineVolumeSpec and persistentVolumeName'],
  );
  assert.deepEqual(
    await errors(
      storage('CSINode', {
        spec: {
          drivers: [
            { name: 'Bad_Driver', nodeID: '', topologyKeys: ['', 'a', 'a', 'Bad Key'], allocatable: { count: -1 } },
            { name: 'Bad_Driver', nodeID: 'n' },
          ],
        },
      }),
    ),
    [
      'spec.drivers[0].allocatable.count: Invalid value: -1: must be greater than or equal to 0',
      `spec.drivers[0].name: Invalid value: "Bad_Driver": ${SUBDOMAIN}`,
      'spec.drivers[0].nodeID: Required value',
      `spec.drivers[0]: Duplicate value: "a"`,
      `spec.drivers[0]: Invalid value: "": ${NAME_PART}`,
      'spec.drivers[0]: Invalid value: "": name part must be non-empty',
      `spec.drivers[0]: Invalid value: "Bad Key": ${NAME_PART}`,
      'spec.drivers[0]: Required value',
      `spec.drivers[1].name: Duplicate value: "Bad_Driver"`,
      `spec.drivers[1].name: Invalid value: "Bad_Driver": ${SUBDOMAIN}`,
    ].sort(),
  );
  const capacity = {
    apiVersion: 'storage.k8s.io/v1',
    kind: 'CSIStorageCapacity',
    metadata: { name: 'cap', namespace: 'default' },
    storageClassName: 'Bad_SC',
    capacity: '-1Gi',
    nodeTopology: { matchLabels: { 'Bad Key': 'x' } },
  };
  assert.deepEqual(await errors(capacity), [
    'capacity: Invalid value: "-1Gi": must be greater than or equal to 0',
    `nodeTopology.matchLabels: Invalid value: "Bad Key": ${NAME_PART}`,
    `storageClassName: Invalid value: "Bad_SC": ${SUBDOMAIN}`,
  ]);
  assert.deepEqual(await errors(storage('VolumeAttributesClass', { driverName: 'Bad Driver!' })), [
    `driverName: Invalid value: "bad driver!": ${NAME_PART}`,
    'parameters: Required value: must contain at least one key/value pair',
  ]);
});

test("a volume mount's path, sub-paths, propagation and recursive read-only (the last three at the list's path)", async () => {
  const at = 'spec.containers[0].volumeMounts';
  assert.deepEqual(
    await errors(
      pod({
        containers: [
          {
            name: 'c',
            image: 'i',
            volumeMounts: [
              { name: 'v', mountPath: '', subPath: '/abs/../x' },
              { name: 'v', mountPath: '/b', subPath: 'a', subPathExpr: '/e' },
              { name: 'v', mountPath: '/c', mountPropagation: 'Bidirectional' },
              { name: 'v', mountPath: '/d', recursiveReadOnly: 'Enabled', mountPropagation: 'HostToContainer' },
              { name: 'v', mountPath: '/e', mountPropagation: 'Bogus', recursiveReadOnly: 'Bogus' },
            ],
          },
        ],
        volumes: [{ name: 'v', emptyDir: {} }],
      }),
    ),
    [
      `${at}[0].mountPath: Required value`,
      `${at}.subPath: Invalid value: "/abs/../x": must be a relative path`,
      `${at}.subPath: Invalid value: "/abs/../x": must not contain '..'`,
      `${at}[1].subPathExpr: Invalid value: "/e": subPathExpr and subPath are mutually exclusive`,
      `${at}.subPathExpr: Invalid value: "/e": must be a relative path`,
      `${at}.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers`,
      `${at}.recursiveReadOnly: Forbidden: may only be specified when readOnly is true`,
      `${at}.recursiveReadOnly: Forbidden: may only be specified when mountPropagation is None or not specified`,
      `${at}.mountPropagation: Unsupported value: "Bogus": supported values: "Bidirectional", "HostToContainer", "None"`,
      `${at}.recursiveReadOnly: Unsupported value: "Bogus": supported values: "Disabled", "Enabled", "IfPossible"`,
    ].sort(),
  );
});

test("a pod's placement and DNS: node and pod affinity terms, topology spread constraints, dnsConfig", async () => {
  const at = 'spec.template.spec';
  const nodeTerms = `${at}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
  const anti = `${at}.affinity.podAntiAffinity`;
  assert.deepEqual(
    await errors(
      deployment({
        dnsPolicy: 'None',
        dnsConfig: { nameservers: ['not-an-ip'], searches: ['Bad_Search.'], options: [{ name: '' }] },
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [
                {
                  matchExpressions: [
                    { key: 'Bad Key', operator: 'In', values: [] },
                    { key: 'k', operator: 'Exists', values: ['x'] },
                  ],
                },
              ],
            },
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 0, preference: { matchExpressions: [{ key: 'k', operator: 'In', values: ['a'] }] } },
            ],
          },
          podAntiAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: [
              { topologyKey: '', namespaces: ['Bad_NS'], labelSelector: { matchLabels: { a: 'b' } } },
            ],
            preferredDuringSchedulingIgnoredDuringExecution: [
              { weight: 101, podAffinityTerm: { topologyKey: 'zone', labelSelector: {} } },
            ],
          },
        },
        topologySpreadConstraints: [
          { maxSkew: 0, topologyKey: '', whenUnsatisfiable: 'DoNotSchedule', minDomains: 0 },
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2 },
          { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' },
        ],
      }),
    ),
    [
      `${nodeTerms}[0].matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
      `${nodeTerms}[0].matchExpressions[0].key: Invalid value: "Bad Key": ${NAME_PART}`,
      `${nodeTerms}[0].matchExpressions[1].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
      `${at}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100`,
      `${anti}.requiredDuringSchedulingIgnoredDuringExecution[0].namespace: Invalid value: "Bad_NS": ${LABEL}`,
      `${anti}.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty`,
      `${anti}.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must be non-empty`,
      `${anti}.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": ${NAME_PART}`,
      `${anti}.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100`,
      `${at}.dnsConfig.nameservers[0]: Invalid value: "not-an-ip": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)`,
      `${at}.dnsConfig.searches[0]: Invalid value: "Bad_Search": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')`,
      `${at}.dnsConfig.options[0]: Required value: must not be empty`,
      `${at}.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero`,
      `${at}.topologySpreadConstraints[0].topologyKey: Required value: can not be empty`,
      `${at}.topologySpreadConstraints[0].minDomains: Invalid value: 0: must be greater than zero`,
      `${at}.topologySpreadConstraints[1].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, ScheduleAnyway}"`,
      `${at}.topologySpreadConstraints[1].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway`,
    ].sort(),
  );
  assert.deepEqual(await errors(deployment({ dnsPolicy: 'None' })), [
    `${at}.dnsConfig: Required value: must provide \`dnsConfig\` when \`dnsPolicy\` is None`,
  ]);
});

test('downward API selectors (env and volume files) and sysctl names', async () => {
  assert.deepEqual(
    await errors(
      pod({
        securityContext: {
          sysctls: [
            { name: 'bad sysctl', value: '1' },
            { name: 'kernel.shm_rmid_forced', value: '1' },
            { name: 'kernel.shm_rmid_forced', value: '0' },
          ],
        },
        containers: [
          {
            name: 'c',
            image: 'i',
            env: [
              { name: 'A', valueFrom: { fieldRef: { fieldPath: 'spec.bogus' } } },
              { name: 'B', valueFrom: { resourceFieldRef: { resource: 'limits.bogus' } } },
              { name: 'C', valueFrom: { fieldRef: { fieldPath: 'status.phase' } } },
              { name: 'D', valueFrom: { fieldRef: { fieldPath: "metadata.labels['Bad Key']" } } },
            ],
          },
        ],
      }),
    ),
    [
      'spec.containers[0].env[0].valueFrom.fieldRef.fieldPath: Invalid value: "spec.bogus": error converting fieldPath: field label not supported: spec.bogus',
      'spec.containers[0].env[1].valueFrom.resourceFieldRef.resource: Unsupported value: "limits.bogus": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"',
      'spec.containers[0].env[2].valueFrom.fieldRef.fieldPath: Unsupported value: "status.phase": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"',
      `spec.containers[0].env[3].valueFrom.fieldRef: Invalid value: "Bad Key": ${NAME_PART}`,
      'spec.securityContext.sysctls[0].name: Invalid value: "bad sysctl": must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$',
      'spec.securityContext.sysctls[2].name: Duplicate value: "kernel.shm_rmid_forced"',
    ],
  );
});

test("a container's envFrom and key selectors, an init container's probes and hooks, a sleep hook's seconds", async () => {
  const at = 'spec.template.spec';
  assert.deepEqual(
    await errors(
      deployment({
        terminationGracePeriodSeconds: 10,
        initContainers: [
          {
            name: 'init',
            image: 'i',
            lifecycle: { postStart: { exec: { command: ['x'] } } },
            readinessProbe: { exec: { command: ['x'] }, periodSeconds: -1 },
          },
          { name: 'sidecar', image: 'i', restartPolicy: 'Always', readinessProbe: { exec: { command: ['x'] } } },
        ],
        containers: [
          {
            name: 'c',
            image: 'i',
            envFrom: [{ prefix: 'bad=', configMapRef: { name: 'Bad_CM' } }, {}, { secretRef: { name: 'ok-' } }],
            env: [
              { name: 'A', valueFrom: { configMapKeyRef: { name: 'Bad_CM', key: 'bad key' } } },
              { name: 'B', valueFrom: { secretKeyRef: { name: 's', key: '' } } },
            ],
            lifecycle: { preStop: { sleep: { seconds: 11 } } },
          },
        ],
      }),
    ),
    [
      `${at}.containers[0].env[0].valueFrom.configMapKeyRef.key: Invalid value: "bad key": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
      `${at}.containers[0].env[0].valueFrom.configMapKeyRef.name: Invalid value: "Bad_CM": ${SUBDOMAIN}`,
      `${at}.containers[0].env[1].valueFrom.secretKeyRef.key: Required value`,
      `${at}.containers[0].envFrom: Invalid value: "": must specify one of: \`configMapRef\` or \`secretRef\``,
      `${at}.containers[0].envFrom[0].configMapRef.name: Invalid value: "Bad_CM": ${SUBDOMAIN}`,
      `${at}.containers[0].envFrom[0].prefix: Invalid value: "bad=": a valid environment variable name must consist only of printable ASCII characters other than '='`,
      `${at}.containers[0].lifecycle.preStop.sleep: Invalid value: 11: must be non-negative and less than terminationGracePeriodSeconds (10)`,
      `${at}.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always`,
      `${at}.initContainers[0].readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always`,
    ].sort(),
  );
});
