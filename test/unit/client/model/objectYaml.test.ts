import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import {
  editableCopy,
  editedCopyPath,
  parseEditedCopy,
  toYaml,
  type KubeObjectJson,
} from '../../../../client/src/model/objectYaml';
import { sharedK8s } from './paths';

const manifest = () =>
  parse(fs.readFileSync(path.join(sharedK8s, 'manifests/kubectl-validate/configmap.yaml'), 'utf8')) as KubeObjectJson;

test('the editable copy drops what the server owns and keeps what the user owns', () => {
  const live: KubeObjectJson = {
    ...manifest(),
    metadata: {
      ...manifest().metadata,
      uid: 'u',
      resourceVersion: '42',
      generation: 3,
      creationTimestamp: '2026-01-01T00:00:00Z',
      managedFields: [{ manager: 'kubectl' }],
      annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}', team: 'web' },
    },
    status: { phase: 'x' },
  };
  const copy = editableCopy(live);
  assert.deepEqual(
    Object.keys(copy.metadata!).sort(),
    [...new Set([...Object.keys(manifest().metadata!), 'annotations'])].sort(),
  );
  assert.deepEqual(copy.metadata!.annotations, { team: 'web' });
  assert.equal(copy.status, undefined);
  assert.equal(live.metadata!.uid, 'u', 'the live object is not modified');
});

test('YAML is kubectl-style: sorted keys, no folding', () => {
  const text = toYaml({
    kind: 'ConfigMap',
    apiVersion: 'v1',
    metadata: { name: 'x' },
    data: { long: 'a'.repeat(200) },
  });
  assert.ok(text.startsWith('apiVersion: v1\ndata:\n  long: aaaa'));
  assert.equal(text.split('\n').length, 7);
});

test('an edited copy must still name the same object, and be one valid document', () => {
  const id = { apiVersion: 'v1', kind: 'ConfigMap', name: 'settings', namespace: 'web' };
  const ok = parseEditedCopy(
    '# comment\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: web\ndata: {a: "1"}\n',
    id,
  );
  assert.deepEqual(ok.data, { a: '1' });
  assert.throws(
    () => parseEditedCopy('apiVersion: v1\nkind: Secret\nmetadata: {name: settings}\n', id),
    /kind changed from "ConfigMap" to "Secret"/,
  );
  assert.throws(
    () => parseEditedCopy('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings, namespace: prod}\n', id),
    /metadata\.namespace changed/,
  );
  assert.throws(() => parseEditedCopy('a: 1\n---\nb: 2\n', id), /exactly one YAML document \(found 2\)/);
  assert.throws(() => parseEditedCopy('apiVersion: v1\nkind: [\n', id), /YAML error at line/);
});

test('an edited copy is named by kind and name, in folders of its context and namespace', () => {
  assert.equal(
    editedCopyPath({ context: 'admin', namespace: 'shop', name: 'web' }, 'Deployment'),
    '/admin/shop/deployment-web (edit).yaml',
  );
  assert.equal(
    editedCopyPath({ context: 'arn:aws:eks:eu-west-1:1:cluster/prod', name: 'ops' }, 'Namespace'),
    '/arn:aws:eks:eu-west-1:1:cluster%2Fprod/_/namespace-ops (edit).yaml',
  );
});
