// Third batch of disagreements with kube-apiserver 1.35 found by the differential fuzzer on real manifests
// (KUBESENSE_FUZZ_EXTRA with k8s.io/kubernetes' folders), each pinned as a minimal object with the server's
// messages (probed with a dry-run create, fieldValidation=Strict).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { storeFor } from './sharedData';

const store = storeFor('1.35');

async function errors(o: unknown): Promise<string[]> {
  const ds = await validate(parseManifestFile(JSON.stringify(o, null, 2), 'case.json'), store);
  return ds
    .filter((d) => d.severity === 'error')
    .map((d) => d.message)
    .sort();
}

const podTemplate = (spec: Record<string, unknown>) => ({
  metadata: { labels: { a: 'b' } },
  spec: { containers: [{ name: 'c', image: 'i' }], ...spec },
});

test("a Deployment's progress deadline (600 when left out) is longer than minReadySeconds", async () => {
  const deployment = (spec: Record<string, unknown>) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'default' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: podTemplate({}), ...spec },
  });
  const p = 'spec.progressDeadlineSeconds';
  assert.deepEqual(await errors(deployment({ minReadySeconds: 600 })), [
    `${p}: Invalid value: 600: must be greater than minReadySeconds`,
  ]);
  assert.deepEqual(await errors(deployment({ minReadySeconds: 10, progressDeadlineSeconds: 5 })), [
    `${p}: Invalid value: 5: must be greater than minReadySeconds`,
  ]);
  assert.deepEqual(await errors(deployment({ progressDeadlineSeconds: 0 })), [
    `${p}: Invalid value: 0: must be greater than minReadySeconds`,
  ]);
  assert.deepEqual(await errors(deployment({ minReadySeconds: 599 })), []);
});

test("a Service port's defaulted targetPort is the port: a port out of range is reported at both", async () => {
  const service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 's', namespace: 'default' },
    spec: {
      ports: [
        { name: 'a', port: 70000 },
        { name: 'b', port: -1, targetPort: '' },
        { name: 'c', port: 80, targetPort: 8080 },
      ],
    },
  };
  const range = 'must be between 1 and 65535, inclusive';
  assert.deepEqual(await errors(service), [
    `spec.ports[0].port: Invalid value: 70000: ${range}`,
    `spec.ports[0].targetPort: Invalid value: 70000: ${range}`,
    `spec.ports[1].port: Invalid value: -1: ${range}`,
    `spec.ports[1].targetPort: Invalid value: -1: ${range}`,
  ]);
});
