import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  APIGroupDiscoveryList,
  DiscoveryRESTMapper,
  groupResourcesFromAggregated,
  NoKindMatchError,
  NoResourceMatchError,
  parseResourceArg,
} from '../../../../kube/mapper';
import { aggregatedGroupResources, legacyGroupResources, readDiscovery } from './discoveryFixtures';

describe('DiscoveryRESTMapper from legacy discovery (/api, /apis, per-group-version lists)', () => {
  const mapper = new DiscoveryRESTMapper(legacyGroupResources());

  test('plural, singular and kind all resolve to the plural resource', () => {
    const pods = { group: '', version: 'v1', resource: 'pods' };
    assert.deepEqual(mapper.resourceFor({ resource: 'pods' }), pods);
    assert.deepEqual(mapper.resourceFor({ resource: 'pod' }), pods);
    assert.deepEqual(mapper.resourceFor({ resource: 'Pod' }), pods);
    assert.deepEqual(mapper.kindFor({ resource: 'pods' }), { group: '', version: 'v1', kind: 'Pod' });
  });

  test('kubectl TYPE arguments: short names, group suffixes, fully qualified, kinds', () => {
    const deployment = {
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      groupVersionKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      scope: 'namespace',
    };
    for (const arg of [
      'deploy',
      'deployment',
      'deployments',
      'Deployment',
      'deployments.apps',
      'deployments.v1.apps',
      'deploy.apps',
      'Deployment.v1.apps',
    ]) {
      assert.deepEqual(mapper.mappingFor(arg), deployment, arg);
    }
    assert.equal(mapper.mappingFor('cj').resource.resource, 'cronjobs');
    assert.equal(mapper.mappingFor('no').scope, 'root');
    assert.equal(mapper.mappingFor('ns').resource.resource, 'namespaces');
    assert.equal(mapper.mappingFor('cm').groupVersionKind.kind, 'ConfigMap');
  });

  test('an unknown type is a no-match error naming the resource', () => {
    assert.throws(
      () => mapper.mappingFor('flurbs'),
      (err: unknown) => err instanceof NoResourceMatchError && err.partial.resource === 'flurbs',
    );
    assert.throws(() => mapper.mappingFor('deployments.batch'), NoResourceMatchError);
    assert.throws(() => mapper.restMapping({ group: 'apps', kind: 'Deployment' }, 'v1beta9'), NoKindMatchError);
  });

  test('subresources are not mapped', () => {
    assert.deepEqual(mapper.resourcesFor({ resource: 'pods/status' }), []);
    assert.deepEqual(mapper.resourcesFor({ resource: 'deployments/scale' }), []);
  });

  test('groups listed by /apis without a fetched resource list map nothing but keep their place', () => {
    assert.deepEqual(mapper.resourcesFor({ resource: 'ingresses' }), []);
  });

  test('category "all" is every resource that declares it, in discovery order', () => {
    const expected: string[] = [];
    for (const [file, group] of [
      ['api__v1.json', ''],
      ['apis__apps__v1.json', 'apps'],
      ['apis__batch__v1.json', 'batch'],
    ] as const) {
      const list = readDiscovery<{ resources: Array<{ name: string; categories?: string[] }> }>(file);
      for (const r of list.resources)
        if (r.categories?.includes('all')) expected.push(group ? `${r.name}.${group}` : r.name);
    }
    const got = mapper.expandCategory('all')!.map((gr) => (gr.group ? `${gr.resource}.${gr.group}` : gr.resource));
    assert.deepEqual(got, expected);
    assert.ok(got.includes('pods') && got.includes('deployments.apps') && got.includes('cronjobs.batch'));
    assert.equal(mapper.expandCategory('no-such-category'), undefined);
  });

  test('singularizer uses discovery singular names', () => {
    assert.equal(mapper.resourceSingularizer('endpoints'), 'endpoints');
    assert.equal(mapper.resourceSingularizer('statefulsets'), 'statefulset');
  });

  test('mappingForObject reads apiVersion + kind as found in manifests', () => {
    assert.deepEqual(mapper.mappingForObject('batch/v1', 'Job').resource, {
      group: 'batch',
      version: 'v1',
      resource: 'jobs',
    });
    assert.deepEqual(mapper.mappingForObject('v1', 'Service').resource, {
      group: '',
      version: 'v1',
      resource: 'services',
    });
  });
});

describe('DiscoveryRESTMapper from aggregated discovery (apidiscovery.k8s.io/v2)', () => {
  const mapper = new DiscoveryRESTMapper(aggregatedGroupResources());

  test('the preferred (first listed) version wins, others remain reachable', () => {
    assert.deepEqual(mapper.resourceFor({ resource: 'horizontalpodautoscalers' }), {
      group: 'autoscaling',
      version: 'v2',
      resource: 'horizontalpodautoscalers',
    });
    assert.equal(mapper.mappingFor('hpa').resource.version, 'v2');
    assert.equal(mapper.mappingFor('horizontalpodautoscalers.v1.autoscaling').resource.version, 'v1');
    assert.deepEqual(
      mapper.restMappings({ group: 'autoscaling', kind: 'HorizontalPodAutoscaler' }).map((m) => m.resource.version),
      ['v2', 'v1'],
    );
    assert.equal(mapper.mappingFor('resourceclaims').resource.version, 'v1beta2');
  });

  test('a resource in several groups resolves to the earlier group (core events before events.k8s.io)', () => {
    assert.deepEqual(mapper.resourceFor({ resource: 'events' }), { group: '', version: 'v1', resource: 'events' });
    assert.equal(mapper.resourcesFor({ resource: 'events' }).length, 2);
    assert.deepEqual(mapper.resourceFor({ group: 'events.k8s.io', resource: 'events' }).group, 'events.k8s.io');
    assert.equal(mapper.mappingFor('ev').resource.group, '');
    assert.equal(mapper.mappingFor('events.events.k8s.io').resource.group, 'events.k8s.io');
  });

  test('an ambiguous short name resolves to the earlier group and warns like kubectl', () => {
    const warnings: string[] = [];
    assert.equal(mapper.mappingFor('ev', (w) => warnings.push(w)).resource.group, '');
    assert.deepEqual(warnings, ['short name "ev" could also match lower priority resource events.events.k8s.io']);
    // Several versions of one resource declaring the same short name are not ambiguous.
    warnings.length = 0;
    assert.equal(mapper.mappingFor('vac', (w) => warnings.push(w)).resource.resource, 'volumeattributesclasses');
    assert.deepEqual(warnings, []);
  });

  test('a group suffix may be a prefix of the group; full names are never expanded', () => {
    assert.equal(mapper.mappingFor('hpa.autoscal').resource.group, 'autoscaling');
    assert.deepEqual(mapper.expandShortName({ resource: 'pods' }), { resource: 'pods' });
    assert.deepEqual(mapper.expandShortName({ resource: 'pod' }), { resource: 'pod' });
  });

  test('short names and categories come from aggregated documents too', () => {
    assert.equal(mapper.mappingFor('crd').resource.resource, 'customresourcedefinitions');
    assert.equal(mapper.mappingFor('crds').scope, 'root');
    assert.equal(mapper.mappingFor('netpol').resource.group, 'networking.k8s.io');
    const ext = mapper.expandCategory('api-extensions')!.map((gr) => gr.resource);
    assert.ok(
      ext.includes('apiservices') &&
        ext.includes('customresourcedefinitions') &&
        ext.includes('mutatingwebhookconfigurations'),
    );
  });

  test('aggregated subresources are kept for callers but not mapped', () => {
    const groups = groupResourcesFromAggregated(readDiscovery<APIGroupDiscoveryList>('aggregated_v2.json'));
    const apps = groups.find((g) => g.group.name === 'apps')!;
    const scale = apps.versionedResources.v1.find((r) => r.name === 'deployments/scale')!;
    assert.equal(scale.kind, 'Scale');
    assert.equal(scale.group, 'autoscaling');
    assert.deepEqual(mapper.resourcesFor({ resource: 'deployments/scale' }), []);
    assert.equal(apps.group.preferredVersion?.groupVersion, 'apps/v1');
  });
});

test('parseResourceArg reads kubectl TYPE forms like apimachinery', () => {
  assert.deepEqual(parseResourceArg('pods'), { gvr: undefined, gr: { group: '', resource: 'pods' } });
  assert.deepEqual(parseResourceArg('deployments.apps'), {
    gvr: undefined,
    gr: { group: 'apps', resource: 'deployments' },
  });
  assert.deepEqual(parseResourceArg('deployments.v1.apps'), {
    gvr: { group: 'apps', version: 'v1', resource: 'deployments' },
    gr: { group: 'v1.apps', resource: 'deployments' },
  });
});
