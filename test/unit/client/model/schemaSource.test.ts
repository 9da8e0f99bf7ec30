// The schema status bar item's text and tooltip for each kubesense/schemaSource the server sends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schemaSourceView } from '../../../../client/src/model/schemaSource';

test('the live cluster: a plain item naming it', () => {
  const view = schemaSourceView({
    kind: 'cluster',
    source: 'cluster (context "dev")',
    sources: ['cluster (context "dev")'],
    cluster: 'cluster (context "dev")',
  });
  assert.deepEqual(view, {
    text: '$(database) schemas: cluster',
    tooltip: '**kubesense** validates with: cluster (context "dev")',
    degraded: false,
  });
});

test('a fallback while the cluster is away: the source, the reason, a warning', () => {
  const view = schemaSourceView({
    kind: 'upstream',
    source: 'schema folder /c/openapi-v3/1.35',
    sources: ['schema folder /c/openapi-v3/1.35'],
    cluster: 'cluster (context "dev")',
    clusterProblem: 'cluster (context "dev"): connect ECONNREFUSED 127.0.0.1:6443',
  });
  assert.equal(view.text, '$(warning) schemas: upstream cache (cluster away)');
  assert.equal(view.degraded, true);
  assert.match(view.tooltip, /validates with: schema folder \/c\/openapi-v3\/1\.35/);
  assert.match(view.tooltip, /Not using the cluster.s own schemas: cluster \(context "dev"\): connect ECONNREFUSED/);
});

test('no schema at all: said, with what is still checked', () => {
  const view = schemaSourceView({ kind: 'none', source: 'no schema source', sources: [] });
  assert.equal(view.text, '$(warning) schemas: none');
  assert.match(view.tooltip, /no schema/);
  assert.match(view.tooltip, /Only YAML and object structure are checked/);
});
