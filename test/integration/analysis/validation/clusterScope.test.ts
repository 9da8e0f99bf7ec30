// A cluster-scoped kind's metadata.namespace is dropped by the server before validation (rest.BeforeCreate), so an
// invalid one is no error. OpenAPI does not say a custom resource's scope: with the cluster as schema source,
// its discovery does. Checked against the real server's answer (dry-run create, strict field validation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../../../analysis/validation';
import { parseManifestFile } from '../../../../analysis/documents';
import { clusterSchemaSource, SchemaStore } from '../../../../analysis/schema';
import { OpenAPIV3Client } from '../../../../kube/openapi';
import { StatusError } from '../../../../kube/rest/errors';
import { adminClient, clusterStore, dryRunCreate, installCrds, namespacedCrd } from './celCrd';

const GROUP = 'scope.kubesense.test';
const BAD_NAMESPACE = 'Not_A_Namespace!!';

test("a cluster-scoped custom resource's invalid namespace: accepted by the server and, through discovery, by us", async (t) => {
  const client = adminClient(t);
  if (!client) return;
  const { config, rest } = client;
  const schema = { type: 'object', properties: { spec: { type: 'object', properties: { a: { type: 'string' } } } } };
  const cluster = namespacedCrd(GROUP, 'Widget', schema);
  (cluster.spec as Record<string, unknown>).scope = 'Cluster';
  const namespaced = namespacedCrd(GROUP, 'Gadget', schema);
  await installCrds(rest, [cluster, namespaced]);
  const object = (kind: string) => ({
    apiVersion: `${GROUP}/v1`,
    kind,
    metadata: { name: 'w', namespace: BAD_NAMESPACE },
    spec: { a: 'x' },
  });

  // The server: the cluster-scoped one is created (dry run); the namespaced one cannot even be addressed.
  await dryRunCreate(rest, ['apis', GROUP, 'v1', 'widgets'], object('Widget'));
  await assert.rejects(
    dryRunCreate(rest, ['apis', GROUP, 'v1', 'namespaces', BAD_NAMESPACE, 'gadgets'], object('Gadget')),
    StatusError,
  );

  const errorsOf = async (store: SchemaStore, o: unknown) =>
    (await validate(parseManifestFile(JSON.stringify(o), 'case.json'), store))
      .filter((d) => d.severity === 'error')
      .map((d) => d.field);
  const store = await clusterStore(config, [`apis/${GROUP}/v1`]);
  assert.deepEqual(await errorsOf(store, object('Widget')), []);
  const notes = (await validate(parseManifestFile(JSON.stringify(object('Widget')), 'case.json'), store)).filter(
    (d) => d.field === 'metadata.namespace',
  );
  assert.deepEqual(
    notes.map((d) => d.severity),
    ['information'],
  );
  assert.deepEqual(await errorsOf(store, object('Gadget')), ['metadata.namespace']);
  // Without discovery the scope is unknown: the CRD default (namespaced) applies and the namespace is checked.
  const blind = new SchemaStore([clusterSchemaSource(new OpenAPIV3Client(config, { disk: false }), 'blind', '1.35')]);
  assert.deepEqual(await errorsOf(blind, object('Widget')), ['metadata.namespace']);
});
