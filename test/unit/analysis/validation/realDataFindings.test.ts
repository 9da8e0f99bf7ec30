// Disagreements with kube-apiserver 1.35 found on real projects' manifests and CRDs (test/cluster/realManifests.ts,
// test/cluster/widerCrdCorpus.ts), each pinned as a minimal hand-written object with the server's messages
// (probed with a dry-run create, fieldValidation=Strict).
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

const apiService = (metadata: unknown, spec?: unknown) => ({
  apiVersion: 'apiregistration.k8s.io/v1',
  kind: 'APIService',
  metadata,
  ...(spec === undefined ? {} : { spec }),
});
const mustBe = (name: string) => `must be \`spec.version+"."+spec.group\`: "${name}"`;
const DNS1035 = `a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`;

test('an APIService is validated as kube-aggregator does (ValidateAPIService)', async () => {
  // A kustomize patch without spec (kueue's apiservice_cainjection_patch.yaml): Go's zero spec, priorities 0.
  assert.deepEqual(await errors(apiService({ name: 'v1beta1.x.example.com' })), [
    `metadata.name: Invalid value: "v1beta1.x.example.com": ${mustBe('.')}`,
    'spec.group: Required value: only v1 may have an empty group and it better be legacy kube',
    'spec.groupPriorityMinimum: Invalid value: 0: must be positive and less than 20000',
    `spec.version: Invalid value: "": ${DNS1035}`,
    'spec.versionPriority: Invalid value: 0: must be positive and less than 1000',
  ]);
  const spec = { group: 'g.example.com', version: 'v1', groupPriorityMinimum: 20000, versionPriority: 1000 };
  // The upper bounds are accepted ("less than" is not what Go checks).
  assert.deepEqual(await errors(apiService({ name: 'v1.g.example.com' }, spec)), []);
  assert.deepEqual(await errors(apiService({ name: 'v1.h.example.com' }, spec)), [
    `metadata.name: Invalid value: "v1.h.example.com": ${mustBe('v1.g.example.com')}`,
  ]);
  // A generated name ends in random characters: never version.group.
  assert.deepEqual(await errors(apiService({ generateName: 'x-' }, spec)), [
    `metadata.generateName: Invalid value: "x-": ${mustBe('v1.g.example.com')}`,
    `metadata.name: Invalid value: "x-<random>": ${mustBe('v1.g.example.com')}`,
  ]);
  const local = { ...spec, caBundle: 'aGVsbG8=', insecureSkipTLSVerify: true };
  assert.deepEqual(await errors(apiService({ name: 'v1.g.example.com' }, local)), [
    'spec.caBundle: Invalid value: "5 bytes": local APIServices may not have a caBundle',
    'spec.insecureSkipTLSVerify: Invalid value: true: local APIServices may not have insecureSkipTLSVerify',
  ]);
  assert.deepEqual(await errors(apiService({ name: 'v1.g.example.com' }, { ...local, service: { port: 0 } })), [
    'spec.insecureSkipTLSVerify: Invalid value: true: may not be true if caBundle is present',
    'spec.service.name: Required value',
    'spec.service.namespace: Required value',
    'spec.service.port: Invalid value: 0: port is not valid: must be between 1 and 65535, inclusive',
  ]);
  // An absent port is 443.
  assert.deepEqual(
    await errors(apiService({ name: 'v1.g.example.com' }, { ...spec, service: { name: 'a', namespace: 'b' } })),
    [],
  );
});

test('an unknown field whose value is null is refused by strict decoding (a key left empty in YAML too)', async () => {
  assert.deepEqual(
    await errors({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'd', bogus: null } }),
    ['unknown field "metadata.bogus"'],
  );
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'd' } };
  assert.deepEqual(await errors({ ...service, spec: { ports: [{ port: 80, bogus: null }] } }), [
    'unknown field "spec.ports[0].bogus"',
  ]);
  // Known fields and map keys may be null (Go's zero value).
  assert.deepEqual(
    await errors({
      ...service,
      metadata: { ...service.metadata, labels: { a: null } },
      spec: { ports: [{ port: 80, name: null }] },
    }),
    [],
  );
});
