// Disagreements with kube-apiserver 1.35 found by the differential fuzzer's user-error rounds (seeds 30–33), each
// closed in general from pkg/apis/core/validation, the Priority admission plugin and the create strategies, and
// pinned with the server's messages (probed with `kubectl.1.33 create --dry-run=server --validate=strict` on the test
// cluster).
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

const DEFAULT_GROUP = "must be 'PersistentVolumeClaim' when referencing the default apiGroup";

const volume = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolume',
  metadata: { name: 'pv' },
  spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, hostPath: { path: '/x' }, ...spec },
});

const claim = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'PersistentVolumeClaim',
  metadata: { name: 'c', namespace: 'default' },
  spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1' } }, ...spec },
});

test('validateHandler: an exec needs a command; only the first handler is validated, each later one is Forbidden', async () => {
  const c = 'spec.containers[0]';
  assert.deepEqual(
    await errors(
      pod({
        containers: [
          {
            name: 'c',
            image: 'i',
            livenessProbe: { exec: { command: [] } },
            readinessProbe: { exec: {} },
            lifecycle: {
              // httpGet's port 0 and tcpSocket's bad name are not looked at: they come after exec.
              postStart: { exec: { command: [] }, httpGet: { port: 0 }, tcpSocket: { port: 'Bad_' } },
              // A sleep after exec is not checked against the grace period either.
              preStop: { sleep: { seconds: -5 }, exec: {} },
            },
          },
        ],
      }),
    ),
    [
      `${c}.lifecycle.postStart.exec.command: Required value`,
      `${c}.lifecycle.postStart.httpGet: Forbidden: may not specify more than 1 handler type`,
      `${c}.lifecycle.postStart.tcpSocket: Forbidden: may not specify more than 1 handler type`,
      `${c}.lifecycle.preStop.exec.command: Required value`,
      `${c}.lifecycle.preStop.sleep: Forbidden: may not specify more than 1 handler type`,
      `${c}.livenessProbe.exec.command: Required value`,
      `${c}.readinessProbe.exec.command: Required value`,
    ],
  );
  // A template's too; `exec: null` is no handler (the server accepts this one).
  assert.deepEqual(
    await errors({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'd', namespace: 'default' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: {
          metadata: { labels: { a: 'b' } },
          spec: {
            containers: [
              { name: 'c', image: 'i', startupProbe: { exec: { command: [] }, grpc: { port: 0 } } },
              { name: 'd', image: 'i', livenessProbe: { exec: null, httpGet: { port: 80 } } },
            ],
          },
        },
      },
    }),
    [
      'spec.template.spec.containers[0].startupProbe.exec.command: Required value',
      'spec.template.spec.containers[0].startupProbe.grpc: Forbidden: may not specify more than 1 handler type',
    ],
  );
});

test("the Priority admission plugin: a Pod's priority and preemptionPolicy must be what its class computes", async () => {
  const computed = (given: string, value: string) =>
    `the integer value of priority (${given}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`;
  // No class (and no globalDefault class): priority 0.
  assert.deepEqual(await errors(pod({ priority: -1 })), [`spec.priority: Forbidden: ${computed('-1', '0')}`]);
  assert.deepEqual(await errors(pod({ priority: 5, priorityClassName: 'system-node-critical' })), [
    `spec.priority: Forbidden: ${computed('5', '2000001000')}`,
  ]);
  const never =
    'spec.preemptionPolicy: Forbidden: the string value of PreemptionPolicy (Never) must not be provided in pod spec; priority admission controller computed PreemptLowerPriority from the given PriorityClass name';
  assert.deepEqual(await errors(pod({ priority: 0, preemptionPolicy: 'Never' })), [never]);
  assert.deepEqual(
    await errors(pod({ priority: 2000001000, priorityClassName: 'system-node-critical', preemptionPolicy: 'Never' })),
    [never],
  );
  // The values the class computes are accepted; templates are not admitted as pods.
  assert.deepEqual(
    await errors(
      pod({
        priority: 2000000000,
        priorityClassName: 'system-cluster-critical',
        preemptionPolicy: 'PreemptLowerPriority',
      }),
    ),
    [],
  );
  assert.deepEqual(
    await errors({
      apiVersion: 'v1',
      kind: 'PodTemplate',
      metadata: { name: 't', namespace: 'default' },
      template: { spec: { priority: 5, preemptionPolicy: 'Never', containers: [{ name: 'c', image: 'i' }] } },
    }),
    [],
  );
});

test('a LimitRange without a name is named by its create strategy; its generateName is still checked', async () => {
  const limits = { limits: [] };
  assert.deepEqual(await errors({ apiVersion: 'v1', kind: 'LimitRange', spec: limits }), []);
  assert.deepEqual(
    await errors({ apiVersion: 'v1', kind: 'LimitRange', metadata: { name: '', generateName: '' }, spec: limits }),
    [],
  );
  assert.deepEqual(
    await errors({ apiVersion: 'v1', kind: 'LimitRange', metadata: { generateName: 'Bad_' }, spec: limits }),
    [
      `metadata.generateName: Invalid value: "Bad_": ${SUBDOMAIN}`,
      `metadata.name: Invalid value: "Bad_" + 5 random characters (the generated name): ${SUBDOMAIN}`,
    ],
  );
  // Other kinds still need one.
  assert.deepEqual(await errors({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: '' } }), [
    'metadata.name: Required value: name or generateName is required',
  ]);
});

test("a PersistentVolume's access modes and capacity: required, only a positive storage", async () => {
  assert.deepEqual(await errors(volume({ accessModes: null, capacity: undefined })), [
    'spec.accessModes: Required value',
    'spec.capacity: Required value',
    'spec.capacity: Unsupported value: null: supported values: "storage"',
  ]);
  assert.deepEqual(await errors(volume({ accessModes: [], capacity: {} })), [
    'spec.accessModes: Required value',
    'spec.capacity: Required value',
    'spec.capacity: Unsupported value: {}: supported values: "storage"',
  ]);
  // Go's JSON of the map: keys sorted, quantities canonical; a negative Value() rounds away from zero.
  assert.deepEqual(await errors(volume({ capacity: { storage: '-1500m', memory: '1024Mi' } })), [
    'spec.capacity: Unsupported value: {"memory":"1Gi","storage":"-1500m"}: supported values: "storage"',
    'spec.capacity[storage]: Invalid value: "-1500m": must be greater than zero',
    'spec.capacity[storage]: Invalid value: -2: must be a valid resource quantity',
  ]);
  assert.deepEqual(await errors(volume({ capacity: { storage: '0' } })), [
    'spec.capacity[storage]: Invalid value: "0": must be greater than zero',
  ]);
});

test("a PersistentVolume's class names, attributes class without CSI, and a recycled hostPath of /", async () => {
  assert.deepEqual(
    await errors(
      volume({
        hostPath: { path: '/' },
        persistentVolumeReclaimPolicy: 'Recycle',
        storageClassName: 'Bad_',
        volumeAttributesClassName: '',
      }),
    ),
    [
      'spec.csi: Required value: has to be specified when using volumeAttributesClassName',
      "spec.persistentVolumeReclaimPolicy: Forbidden: may not be 'recycle' for a hostPath mount of '/'",
      `spec.storageClassName: Invalid value: "Bad_": ${SUBDOMAIN}`,
      'spec.volumeAttributesClassName: Required value: an empty string is disallowed',
    ],
  );
  assert.deepEqual(
    await errors(
      volume({
        hostPath: undefined,
        csi: { driver: 'a.b', volumeHandle: 'h' },
        volumeAttributesClassName: 'Bad_',
        persistentVolumeReclaimPolicy: 'Recycle',
      }),
    ),
    [`spec.volumeAttributesClassName: Invalid value: "Bad_": ${SUBDOMAIN}`],
  );
});

test("a claim's storage request is positive and its volumeAttributesClassName a subdomain", async () => {
  assert.deepEqual(
    await errors(claim({ resources: { requests: { storage: '0' } }, volumeAttributesClassName: 'Bad_' })),
    [
      'spec.resources[storage]: Invalid value: "0": must be greater than zero',
      `spec.volumeAttributesClassName: Invalid value: "Bad_": ${SUBDOMAIN}`,
    ],
  );
  assert.deepEqual(await errors(claim({ resources: { requests: { storage: '-1500m' } } })), [
    'spec.resources[storage]: Invalid value: "-1500m": must be greater than zero',
  ]);
});

test("a claim's data sources, as a PersistentVolumeClaim's create prepares them and as a template holds them", async () => {
  // Neither a PVC nor a VolumeSnapshot, and no dataSourceRef: dropped, accepted.
  assert.deepEqual(await errors(claim({ dataSource: { kind: 'Foo', name: '' } })), []);
  // A dataSourceRef with a namespace is dropped (CrossNamespaceVolumeDataSource is off).
  assert.deepEqual(await errors(claim({ dataSourceRef: { kind: 'Foo', name: '', namespace: 'Bad_' } })), []);
  // One alone is copied to the other, so its errors come twice.
  assert.deepEqual(await errors(claim({ dataSource: { kind: 'PersistentVolumeClaim', name: '' } })), [
    'spec.dataSource.name: Required value',
    'spec.dataSourceRef.name: Required value',
  ]);
  assert.deepEqual(await errors(claim({ dataSourceRef: { kind: 'Foo', name: 'x', apiGroup: 'Bad_' } })), [
    `spec.dataSource.apiGroup: Invalid value: "Bad_": ${SUBDOMAIN}`,
    `spec.dataSourceRef.apiGroup: Invalid value: "Bad_": ${SUBDOMAIN}`,
  ]);
  assert.deepEqual(
    await errors(
      claim({
        dataSource: { kind: '', name: '' },
        dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'x', apiGroup: '' },
      }),
    ),
    [
      'spec.dataSource.kind: Required value',
      'spec.dataSource.name: Required value',
      `spec.dataSource: Invalid value: "": ${DEFAULT_GROUP}`,
      'spec: Invalid value: {}: must match dataSourceRef',
    ],
  );
  // A StatefulSet's claim template is validated as written (nothing dropped, nothing copied).
  const t = 'spec.volumeClaimTemplates[0].spec';
  assert.deepEqual(
    await errors({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: { name: 's', namespace: 'default' },
      spec: {
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
        volumeClaimTemplates: [
          {
            metadata: { name: 'v' },
            spec: {
              accessModes: ['ReadWriteOnce'],
              resources: { requests: { storage: '0' } },
              dataSource: { kind: 'Foo', name: 'a' },
              dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'x', namespace: 'Bad_' },
            },
          },
        ],
      },
    }),
    [
      `${t}.dataSource: Invalid value: "Foo": ${DEFAULT_GROUP}`,
      `${t}.dataSourceRef.namespace: Invalid value: "Bad_": ${LABEL}`,
      `${t}.resources[storage]: Invalid value: "0": must be greater than zero`,
      `${t}: Invalid value: {}: may not be specified when dataSourceRef.namespace is specified`,
    ],
  );
});
