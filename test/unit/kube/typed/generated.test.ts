import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generate } from '../../../../kube/typed/codegen/generate';
import { BUILTIN_RESOURCES, ClientSet, type coreV1 } from '../../../../kube/typed';

const repoRoot = path.resolve(__dirname, '../../../../..');
const openapiDir = path.resolve(repoRoot, '../shared/k8s/openapi-v3/1.35');
const generatedDir = path.join(repoRoot, 'kube/typed/generated');

function listFiles(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))],
    );
}

describe('generated typed API', () => {
  test('checked-in files are exactly what the generator makes from the OpenAPI v3 documents (no hand edits, no drift)', () => {
    const header = fs.readFileSync(path.join(generatedDir, 'clientset.ts'), 'utf8').split('\n')[0];
    const label = /from (.*)\. DO NOT EDIT\.$/.exec(header)![1];
    const files = generate(openapiDir, label);
    assert.deepEqual(listFiles(generatedDir).sort(), [...files.keys()].sort());
    for (const [rel, text] of files) {
      assert.equal(
        fs.readFileSync(path.join(generatedDir, rel), 'utf8'),
        text,
        `${rel} differs: run npm run gen:typed`,
      );
    }
  });

  test('every resource in the real /api/v1 discovery document has a typed client with the same kind and scope', () => {
    const list = JSON.parse(
      fs.readFileSync(path.resolve(repoRoot, '../shared/k8s/discovery/api__v1.json'), 'utf8'),
    ) as {
      resources: Array<{ name: string; kind: string; namespaced: boolean }>;
    };
    const core = new Map(
      BUILTIN_RESOURCES.filter((r) => r.group === '' && r.version === 'v1').map((r) => [r.resource, r]),
    );
    for (const r of list.resources) {
      if (r.name.includes('/')) continue;
      const gen = core.get(r.name);
      assert.ok(gen, `no generated client for ${r.name}`);
      assert.equal(gen.kind, r.kind, r.name);
      assert.equal(gen.namespaced, r.namespaced, r.name);
    }
  });

  test('the ClientSet addresses resources like client-go (group, version, plural, namespace)', () => {
    const cs = new ClientSet({ host: 'https://127.0.0.1:1', tls: {} });
    const pods = cs.coreV1().pods('team-a');
    assert.deepEqual(pods.gvr, { group: '', version: 'v1', resource: 'pods' });
    assert.equal(pods.namespaceName, 'team-a');
    assert.deepEqual(cs.appsV1().deployments('').gvr, { group: 'apps', version: 'v1', resource: 'deployments' });
    assert.deepEqual(cs.rbacV1().clusterRoles().gvr, {
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      resource: 'clusterroles',
    });
    assert.deepEqual(cs.networkingV1().networkPolicies('x').gvr.resource, 'networkpolicies');
    assert.deepEqual(cs.apiextensionsV1().customResourceDefinitions().gvr.group, 'apiextensions.k8s.io');
    assert.equal(cs.coreV1(), cs.coreV1(), 'group clients are cached');
    // Types follow the schema: required fields are required, apiVersion/kind are literals.
    const cm: coreV1.ConfigMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' }, data: { a: 'b' } };
    const sel: coreV1.ConfigMapKeySelector = { key: 'a' };
    assert.equal(cm.data?.a, 'b');
    assert.equal(sel.key, 'a');
  });
});
