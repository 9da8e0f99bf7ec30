import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  getGroupVersionKind,
  getLabels,
  getName,
  getNamespace,
  nestedField,
  nestedInt64,
  nestedMap,
  nestedSlice,
  nestedString,
  removeNestedField,
  setNestedField,
  type Unstructured,
} from '../../../../kube/dynamic';

const repoRoot = path.resolve(__dirname, '../../../../..');
const manifests = path.resolve(repoRoot, '../shared/k8s/manifests/kubectl-validate');

function loadManifests(): Unstructured[] {
  const out: Unstructured[] = [];
  for (const f of fs
    .readdirSync(manifests)
    .filter((f) => f.endsWith('.yaml'))
    .sort()) {
    for (const doc of parseAllDocuments(fs.readFileSync(path.join(manifests, f), 'utf8'))) {
      const v = doc.toJS() as Unstructured | null;
      if (v && typeof v === 'object') out.push(v);
    }
  }
  return out;
}

test('accessors read real manifests', () => {
  const objects = loadManifests();
  assert.ok(objects.length > 5);
  for (const o of objects) {
    const gvk = getGroupVersionKind(o);
    assert.equal(gvk.kind, o.kind ?? '');
    assert.equal(gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version, o.apiVersion ?? '');
    assert.equal(getName(o), o.metadata?.name ?? '');
    assert.equal(getNamespace(o), o.metadata?.namespace ?? '');
    assert.deepEqual(getLabels(o), o.metadata?.labels ?? {});
  }
});

test('nested accessors: missing paths are undefined, wrong types name the path', () => {
  const pod: Unstructured = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p' },
    spec: { containers: [{ name: 'a', image: 'x' }], priority: 5, nodeSelector: { zone: 'a' } },
  };
  assert.equal(nestedString(pod, 'metadata', 'name'), 'p');
  assert.equal(nestedInt64(pod, 'spec', 'priority'), 5);
  assert.equal(nestedSlice(pod, 'spec', 'containers')?.length, 1);
  assert.deepEqual(nestedMap(pod, 'spec', 'nodeSelector'), { zone: 'a' });
  assert.equal(nestedField(pod, 'spec', 'missing', 'deeper'), undefined);
  assert.throws(
    () => nestedString(pod, 'spec', 'priority'),
    /spec\.priority accessor error: 5 is of the type number, expected string/,
  );
  assert.throws(() => nestedField(pod, 'spec', 'containers', 'name'), /spec\.containers accessor error/);
});

test('setNestedField creates intermediate objects; removeNestedField deletes', () => {
  const o: Unstructured = { metadata: { name: 'x' } };
  setNestedField(o, 3, 'spec', 'replicas');
  assert.deepEqual(o.spec, { replicas: 3 });
  setNestedField(o, 'b', 'metadata', 'labels', 'a');
  assert.deepEqual(o.metadata?.labels, { a: 'b' });
  assert.throws(() => setNestedField(o, 1, 'spec', 'replicas', 'x'), /spec\.replicas is not an object/);
  removeNestedField(o, 'spec', 'replicas');
  assert.deepEqual(o.spec, {});
});
