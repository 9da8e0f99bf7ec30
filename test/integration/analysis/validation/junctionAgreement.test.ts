// Which errors the API server lists for a value that fails anyOf/oneOf (the branch with kube-openapi's highest
// MatchCount, not the one with the fewest errors) and for a string failing several checks (only the first of
// maxLength, minLength, pattern): custom resources of a test CRD, dry-run created on the real server and validated
// by kubesense; the causes must be identical.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { StatusError } from '../../../../kube/rest/errors';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { adminClient, clusterStore, groupVersionPaths, installCrds } from './celCrd';

type Obj = Record<string, unknown>;
const GROUP = 'junctions.kubesense.test';

const PROPERTIES: Obj = {
  s: { type: 'string', maxLength: 2, pattern: '^a' },
  t: { type: 'string', minLength: 3, pattern: '^a' },
  // the first branch fails with fewer checks passed than the second: the server lists the second's error
  h: {
    type: 'object',
    properties: { k: { type: 'string' } },
    anyOf: [{ minProperties: 2 }, { properties: { k: { maxLength: 2 } } }],
  },
  o: {
    type: 'object',
    properties: { k: { type: 'string' }, j: { type: 'integer' } },
    oneOf: [{ required: ['j'] }, { properties: { k: { pattern: '^b' } } }],
  },
  // a list of such objects, and a branch that fails deeper inside
  l: {
    type: 'array',
    items: {
      type: 'object',
      properties: { k: { type: 'string' }, n: { type: 'object', properties: { x: { type: 'integer' } } } },
      anyOf: [{ required: ['n'] }, { properties: { n: { properties: { x: { maximum: 1 } } } } }],
    },
  },
};

const SPECS: Obj[] = [
  { s: 'zzzz' },
  { t: 'z' },
  { s: 'ab', t: 'abc' },
  { h: { k: 'zzzz' } },
  { h: { k: 'zz' } },
  { o: { k: 'zzzz' } },
  { o: { k: 'b', j: 1 } },
  { l: [{ k: 'a' }, { k: 'b', n: { x: 5 } }] },
];

const CRD: Obj = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `junctions.${GROUP}` },
  spec: {
    group: GROUP,
    scope: 'Namespaced',
    names: { plural: 'junctions', singular: 'junction', kind: 'Junction', listKind: 'JunctionList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: PROPERTIES } } },
        },
      },
    ],
  },
};

test('anyOf/oneOf best branch and first string failure: the same causes as the real API server', async (t) => {
  const client = adminClient(t);
  if (!client) return;
  await installCrds(client.rest, [CRD]);
  const store = await clusterStore(client.config, groupVersionPaths([CRD]));
  const differences: string[] = [];
  let refused = 0;
  for (const spec of SPECS) {
    const object = { apiVersion: `${GROUP}/v1`, kind: 'Junction', metadata: { name: 'x', namespace: 'default' }, spec };
    let server: string[] = [];
    try {
      await client.rest
        .post()
        .absPath('apis', GROUP, 'v1', 'namespaces', 'default', 'junctions')
        .param('dryRun', 'All')
        .body(object)
        .do();
    } catch (e) {
      if (!(e instanceof StatusError)) throw e;
      server = e.causes.map((c) => `${c.field}: ${c.message}`);
    }
    if (server.length) refused++;
    const file = parseManifestFile(JSON.stringify(object), 'junction.json');
    const ours = (await validate(file, store)).filter((d) => d.severity === 'error').map((d) => d.message);
    if (JSON.stringify([...server].sort()) !== JSON.stringify([...ours].sort()))
      differences.push(`${JSON.stringify(spec)}\n    server: ${server.join(' | ')}\n    ours:   ${ours.join(' | ')}`);
  }
  for (const d of differences) t.diagnostic(d);
  assert.ok(refused >= 5, 'the cases reach the server-side checks');
  assert.deepEqual(differences, []);
});
