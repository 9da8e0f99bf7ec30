import { test } from 'node:test';
import assert from 'node:assert/strict';
import { objectPath, parseObjectPath } from '../../../../client/src/model/uris';

test('virtual document paths round-trip any context, group and name', () => {
  const a = {
    context: 'arn:aws:eks:eu-west-1:123:cluster/prod',
    group: 'cert-manager.io',
    version: 'v1',
    resource: 'certificates',
    namespace: 'web',
    name: 'site.example.com',
  };
  const p = objectPath(a, 'describe');
  assert.ok(p.endsWith('/site.example.com.kdescribe'));
  assert.equal(p.split('/').length, 7, 'slashes inside the context name are escaped');
  assert.deepEqual(parseObjectPath(p), { address: a, view: 'describe' });
  const core = { context: 'admin', group: '', version: 'v1', resource: 'nodes', name: 'node-1' };
  assert.deepEqual(parseObjectPath(objectPath(core, 'yaml')), {
    address: { ...core, namespace: undefined },
    view: 'yaml',
  });
  assert.throws(() => parseObjectPath('/too/short.yaml'), /not a kubesense object path/);
});
