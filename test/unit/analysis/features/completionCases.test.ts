// Completion from the feature provider directly, table-style (as yaml-language-server and rust-analyzer test
// completion): for each cursor position, which labels are offered, which are not, and in what order they come.
// Schemas are the real Kubernetes 1.35 OpenAPI v3 documents and the prometheus-operator CRDs of ../shared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem } from 'vscode-languageserver/node';
import { complete } from './fixtures';

interface CompletionCase {
  name: string;
  /** The document, with `|` where the cursor is. */
  doc: string;
  /** Labels that must be offered. */
  includes?: string[];
  /** Labels that must not be offered. */
  excludes?: string[];
  /** The labels exactly, in the order given (sortText, then label, as an editor sorts them). */
  exactly?: string[];
  /** The labels offered first, in this order. */
  startsWith?: string[];
  /** Per label, the detail shown beside it. */
  details?: Record<string, string>;
}

const DEPLOYMENT = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n';
const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n';

const cases: CompletionCase[] = [
  {
    name: 'enum value from the schema: imagePullPolicy',
    doc: `${DEPLOYMENT}spec:\n  template:\n    spec:\n      containers:\n      - name: a\n        imagePullPolicy: |\n`,
    // The schema's enum order.
    exactly: ['Always', 'Never', 'IfNotPresent'],
  },
  {
    name: 'enum value: Pod restartPolicy',
    doc: `${POD}spec:\n  restartPolicy: |\n`,
    exactly: ['Always', 'OnFailure', 'Never'],
  },
  {
    name: 'enum value: Service type',
    doc: 'apiVersion: v1\nkind: Service\nspec:\n  type: |\n',
    exactly: ['ExternalName', 'ClusterIP', 'NodePort', 'LoadBalancer'],
  },
  {
    name: 'boolean value',
    doc: `${POD}spec:\n  hostNetwork: |\n`,
    exactly: ['true', 'false'],
  },
  {
    name: 'keys of a Deployment spec',
    doc: `${DEPLOYMENT}spec:\n  |\n`,
    // Required keys first, then the rest alphabetically.
    exactly: [
      'selector',
      'template',
      'minReadySeconds',
      'paused',
      'progressDeadlineSeconds',
      'replicas',
      'revisionHistoryLimit',
      'strategy',
    ],
  },
  {
    name: 'keys already present are not offered again',
    doc: `${DEPLOYMENT}spec:\n  replicas: 1\n  selector: {}\n  |\n`,
    includes: ['template', 'strategy'],
    excludes: ['replicas', 'selector'],
  },
  {
    name: 'keys of a container in a list item, its name already given',
    doc: `${POD}spec:\n  containers:\n  - name: a\n    |\n`,
    includes: ['image', 'command', 'args', 'env', 'ports', 'resources', 'volumeMounts', 'livenessProbe'],
    excludes: ['name', 'containers', 'spec'],
  },
  {
    name: 'keys of a new list item (after "- ")',
    doc: 'apiVersion: v1\nkind: Service\nspec:\n  ports:\n  - |\n',
    // Required keys first.
    exactly: ['port', 'appProtocol', 'name', 'nodePort', 'protocol', 'targetPort'],
  },
  {
    name: 'keys at the root of a kind',
    doc: 'apiVersion: v1\nkind: ConfigMap\n|\n',
    exactly: ['binaryData', 'data', 'immutable', 'metadata'],
  },
  {
    name: 'metadata keys',
    doc: `apiVersion: v1\nkind: Pod\nmetadata:\n  |\n`,
    includes: ['name', 'namespace', 'labels', 'annotations', 'generateName', 'ownerReferences'],
  },
  {
    name: 'keys of a custom resource, from its CRD',
    doc: 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nspec:\n  |\n',
    includes: ['endpoints', 'selector', 'namespaceSelector', 'jobLabel', 'targetLabels'],
    excludes: ['containers', 'replicas'],
  },
  {
    name: 'keys inside a nested CRD object',
    doc: 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nspec:\n  endpoints:\n  - |\n',
    includes: ['port', 'path', 'interval', 'scheme', 'relabelings'],
  },
  {
    name: 'an unknown kind offers no keys (nothing to guess from)',
    doc: 'apiVersion: v1\nkind: Unknown\nspec:\n  |\n',
    exactly: [],
  },
  {
    name: "kind after a core apiVersion: that version's kinds first, others after with their apiVersion",
    doc: 'apiVersion: v1\nkind: |\n',
    startsWith: ['Binding', 'ComponentStatus', 'ConfigMap', 'Endpoints', 'Event'],
    includes: ['Pod', 'Service', 'Secret', 'Namespace', 'Deployment'],
    details: { Pod: 'v1', Deployment: 'apps/v1', CustomResourceDefinition: 'apiextensions.k8s.io/v1' },
  },
  {
    name: 'kind after apps/v1: the workloads first',
    doc: 'apiVersion: apps/v1\nkind: |\n',
    startsWith: ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet'],
    details: { Deployment: 'apps/v1' },
  },
  {
    name: 'kind of a CRD-defined group',
    doc: 'apiVersion: monitoring.coreos.com/v1\nkind: |\n',
    startsWith: ['PodMonitor', 'PrometheusRule', 'ServiceMonitor'],
    details: { ServiceMonitor: 'monitoring.coreos.com/v1' },
  },
  {
    name: 'apiVersion values, those serving the kind first',
    doc: 'apiVersion: |\nkind: Deployment\n',
    startsWith: ['apps/v1'],
    includes: ['v1', 'batch/v1', 'monitoring.coreos.com/v1'],
    details: { 'apps/v1': 'serves Deployment' },
  },
  {
    name: 'an empty document: apiVersion, kind and one snippet per kind',
    doc: '|\n',
    startsWith: ['apiVersion', 'kind'],
    includes: ['Pod', 'Deployment', 'ConfigMap', 'Service'],
  },
  {
    name: 'a value where the schema has no enum offers nothing',
    doc: `${POD}spec:\n  containers:\n  - name: a\n    image: |\n`,
    exactly: [],
  },
  {
    name: 'the second document of a file has its own kind',
    doc: `${POD}---\napiVersion: v1\nkind: Service\nspec:\n  |\n`,
    includes: ['ports', 'selector', 'type', 'clusterIP'],
    excludes: ['containers'],
  },
];

function sorted(items: CompletionItem[]): string[] {
  return [...items]
    .sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label) || a.label.localeCompare(b.label))
    .map((i) => i.label);
}

for (const c of cases) {
  test(`completion: ${c.name}`, async () => {
    const { items } = await complete(c.doc);
    const labels = sorted(items);
    if (c.exactly) assert.deepEqual(labels, c.exactly);
    if (c.startsWith) assert.deepEqual(labels.slice(0, c.startsWith.length), c.startsWith, labels.join(', '));
    for (const l of c.includes ?? []) assert.ok(labels.includes(l), `${l} missing from ${labels.join(', ')}`);
    for (const l of c.excludes ?? []) assert.ok(!labels.includes(l), `${l} offered: ${labels.join(', ')}`);
    for (const [label, detail] of Object.entries(c.details ?? {}))
      assert.equal(items.find((i) => i.label === label)?.detail, detail, label);
  });
}
