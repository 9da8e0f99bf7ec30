// withGoZeroSpec fills in the by-value structs Go decodes as empty when absent (openapi-gen's `default: {}`), walking
// only the fields whose schema may hold one (remembered per schema node): the same answer on the first object of a
// kind and on later ones, filled at any depth (list items included), and what holds nothing to fill is not copied.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withGoZeroSpec } from '../../../../analysis/validation/goZeroItems';
import { storeFor } from './sharedData';

const store = storeFor('1.35');

function deployment(): Record<string, unknown> {
  const labels = { app: 'a' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'x', labels },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name: 'c', image: 'i', ports: [{ containerPort: 80 }] },
            { name: 'd', image: 'i', resources: { limits: { cpu: '1' } } },
          ],
        },
      },
    },
  };
}

test('absent by-value structs are filled in at every depth, the same on the first and later objects', async () => {
  const schema = await store.schemaFor('apps/v1', 'Deployment');
  assert.ok(schema);
  for (let round = 0; round < 3; round++) {
    const input = deployment();
    const out = withGoZeroSpec(schema, input) as Record<string, any>;
    assert.deepEqual(out.spec.strategy, {}, 'DeploymentSpec.strategy');
    assert.deepEqual(out.spec.template.spec.containers[0].resources, {}, 'the first container’s resources');
    assert.deepEqual(out.spec.template.spec.containers[1].resources, { limits: { cpu: '1' } }, 'kept as written');
    assert.equal(out.spec.template.spec.containers[0].ports, (input.spec as any).template.spec.containers[0].ports);
    // Copied on write only: what holds nothing to fill in is the input's own object.
    assert.equal(out.metadata, input.metadata);
    assert.equal(out.spec.selector, (input.spec as any).selector);
    assert.equal(out.spec.template.spec.containers[1], (input.spec as any).template.spec.containers[1]);
    assert.equal((input.spec as any).strategy, undefined, 'the input is left alone');
  }
});

test('a kind whose top-level struct is absent gets it; an object with nothing to fill in comes back as it is', async () => {
  const rb = await store.schemaFor('rbac.authorization.k8s.io/v1', 'RoleBinding');
  const cm = await store.schemaFor('v1', 'ConfigMap');
  assert.ok(rb && cm);
  for (let round = 0; round < 2; round++) {
    const binding = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'x' } };
    assert.deepEqual((withGoZeroSpec(rb, binding) as Record<string, unknown>).roleRef, {});
    const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } };
    assert.equal(withGoZeroSpec(cm, configMap), configMap);
  }
});
