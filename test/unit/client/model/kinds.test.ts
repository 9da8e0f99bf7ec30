import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  categorize,
  groupResources,
  pluralKind,
  type ExplorerResource,
  contextLevelKinds,
} from '../../../../client/src/model/kinds';
import { sharedK8s } from './paths';

interface AggregatedDiscovery {
  items: {
    metadata: { name?: string };
    versions: {
      version: string;
      resources: { resource: string; responseKind: { kind: string }; scope: string; verbs: string[] }[];
    }[];
  }[];
}

/** The preferred (first) version of every group in real discovery documents (/apis aggregated, /api/v1). */
function resourcesFromAggregated(): ExplorerResource[] {
  const doc = JSON.parse(
    fs.readFileSync(path.join(sharedK8s, 'discovery/aggregated_v2.json'), 'utf8'),
  ) as AggregatedDiscovery;
  const out: ExplorerResource[] = [];
  for (const g of doc.items) {
    const v = g.versions[0]!;
    for (const r of v.resources)
      out.push({
        group: g.metadata.name ?? '',
        version: v.version,
        resource: r.resource,
        kind: r.responseKind.kind,
        namespaced: r.scope === 'Namespaced',
        verbs: r.verbs,
      });
  }
  // The core group is served at /api, apart from the aggregated /apis document.
  const core = JSON.parse(fs.readFileSync(path.join(sharedK8s, 'discovery/api__v1.json'), 'utf8')) as {
    resources: { name: string; kind: string; namespaced: boolean; verbs: string[] }[];
  };
  for (const r of core.resources)
    out.push({ group: '', version: 'v1', resource: r.name, kind: r.kind, namespaced: r.namespaced, verbs: r.verbs });
  return out;
}

/** Resources a cluster serves for the CRDs in a real CRD file. */
function resourcesFromCRDs(file: string): ExplorerResource[] {
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(
      (d) =>
        d.toJS() as {
          kind?: string;
          spec?: {
            group: string;
            scope: string;
            names: { plural: string; kind: string };
            versions: { name: string; storage: boolean }[];
          };
        },
    )
    .filter((c) => c?.kind === 'CustomResourceDefinition')
    .map((c) => ({
      group: c.spec!.group,
      version: c.spec!.versions.find((v) => v.storage)!.name,
      resource: c.spec!.names.plural,
      kind: c.spec!.names.kind,
      namespaced: c.spec!.scope === 'Namespaced',
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'],
    }));
}

test('namespaced kinds of a real server group into the familiar folders, in order', () => {
  const groups = groupResources(resourcesFromAggregated(), true);
  const byName = Object.fromEntries(groups.map((g) => [g.category, g.resources.map((r) => r.kind)]));
  assert.deepEqual(
    groups.map((g) => g.category),
    ['Workloads', 'Networking', 'Config & Storage', 'Access Control', 'Other'],
  );
  assert.deepEqual(byName['Workloads'], [
    'CronJob',
    'DaemonSet',
    'Deployment',
    'HorizontalPodAutoscaler',
    'Job',
    'Pod',
    'PodDisruptionBudget',
    'ReplicaSet',
    'ReplicationController',
    'StatefulSet',
  ]);
  assert.deepEqual(byName['Networking'], ['Endpoints', 'EndpointSlice', 'Ingress', 'NetworkPolicy', 'Service']);
  assert.ok(
    byName['Config & Storage']!.includes('ConfigMap') &&
      byName['Config & Storage']!.includes('Secret') &&
      byName['Config & Storage']!.includes('PersistentVolumeClaim'),
  );
  assert.deepEqual(byName['Access Control'], ['Role', 'RoleBinding', 'ServiceAccount']);
  // Only one Events folder although both v1 and events.k8s.io serve events; no subresources, no create-only kinds.
  assert.equal(byName['Other']!.filter((k) => k === 'Event').length, 1);
  const all = groups.flatMap((g) => g.resources);
  assert.ok(all.every((r) => r.verbs.includes('watch') && !r.resource.includes('/')));
  assert.ok(!all.some((r) => r.kind === 'LocalSubjectAccessReview'), 'create-only review kinds are not folders');
});

test('cluster-scoped kinds are kept apart from namespaced ones', () => {
  const groups = groupResources(resourcesFromAggregated(), false);
  const kinds = groups.flatMap((g) => g.resources.map((r) => r.kind));
  for (const k of ['PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass'])
    assert.ok(kinds.includes(k), k);
  // Nodes, Namespaces and CRDs have their own folders under the context (contextLevelKinds), not Cluster → Other.
  for (const k of ['Pod', 'ConfigMap', 'Role', 'Node', 'Namespace', 'CustomResourceDefinition'])
    assert.ok(!kinds.includes(k), k);
  assert.deepEqual(
    contextLevelKinds(resourcesFromAggregated()).map((k) => [k.label, k.resource.kind]),
    [
      ['Nodes', 'Node'],
      ['Namespaces', 'Namespace'],
      ['Custom Resource Definitions', 'CustomResourceDefinition'],
    ],
  );
  assert.equal(
    groups
      .find((g) => g.category === 'Access Control')!
      .resources.map((r) => r.kind)
      .join(),
    'CertificateSigningRequest,ClusterRole,ClusterRoleBinding',
  );
});

test('custom resources from real CRDs are grouped by API group', () => {
  const crds = [
    ...resourcesFromCRDs(path.join(sharedK8s, 'crds/kubectl-validate/crds/cert-manager.crds.yaml')),
    ...resourcesFromCRDs(path.join(sharedK8s, 'crds/prometheus-operator/monitoring.coreos.com_servicemonitors.yaml')),
  ];
  assert.ok(crds.length >= 7);
  const groups = groupResources([...resourcesFromAggregated(), ...crds], true);
  const custom = groups.find((g) => g.category === 'Custom Resources')!;
  assert.deepEqual(
    custom.subgroups.map((s) => s.group),
    ['acme.cert-manager.io', 'cert-manager.io', 'monitoring.coreos.com'],
  );
  assert.deepEqual(
    custom.subgroups.find((s) => s.group === 'cert-manager.io')!.resources.map((r) => r.kind),
    ['Certificate', 'CertificateRequest', 'Issuer'],
  );
  assert.equal(groups[groups.length - 1]!.category, 'Other', 'Custom Resources come before Other');
  assert.equal(categorize({ group: 'cert-manager.io', resource: 'clusterissuers' }), 'Custom Resources');
  assert.equal(categorize({ group: 'coordination.k8s.io', resource: 'leases' }), 'Other');
});

test('kind folder names are plural the way people write them', () => {
  assert.deepEqual(
    ['Pod', 'Ingress', 'NetworkPolicy', 'Endpoints', 'StorageClass', 'CSIStorageCapacity', 'Gateway'].map(pluralKind),
    ['Pods', 'Ingresses', 'NetworkPolicies', 'Endpoints', 'StorageClasses', 'CSIStorageCapacities', 'Gateways'],
  );
});
