// SchemaStore over the real OpenAPI v3 folders and CRD files of ../shared/k8s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CrdSchemaSource,
  DirectorySchemaSource,
  layoutPathOf,
  SchemaStore,
  ClusterSchemaSource,
} from '../../../../analysis/schema';
import { openapiDir, sharedK8s } from '../validation/sharedData';

const store = new SchemaStore([
  new DirectorySchemaSource(openapiDir('1.35')),
  CrdSchemaSource.fromPaths([path.join(sharedK8s, 'crds')]),
]);

test('a schema folder serves apiVersions, kinds and its Kubernetes version', async () => {
  const versions = await store.apiVersions();
  assert.equal(versions[0], 'v1');
  assert.ok(versions.includes('apps/v1'));
  assert.ok(versions.includes('monitoring.coreos.com/v1'), 'CRD files add their group/versions');
  assert.equal(store.kubernetesVersion, '1.35');
  const apps = (await store.kinds('apps/v1')).map((k) => k.kind).sort();
  assert.deepEqual(apps, ['ControllerRevision', 'DaemonSet', 'Deployment', 'ReplicaSet', 'StatefulSet']);
  const core = (await store.kinds('v1')).map((k) => k.kind);
  assert.ok(core.includes('ConfigMap') && !core.includes('ConfigMapList') && !core.includes('DeleteOptions'));
});

test('schemaFor resolves $refs and describes fields like kubectl explain', async () => {
  const deploy = await store.schemaFor('apps/v1', 'Deployment');
  assert.ok(deploy);
  assert.equal(deploy.isCustomResource, false);
  const replicas = deploy.describe(['spec', 'replicas']);
  assert.equal(replicas?.type, 'integer');
  assert.match(replicas?.description ?? '', /Number of desired pods/);
  const containers = deploy.describe(['spec', 'template', 'spec', 'containers']);
  assert.equal(containers?.type, '[]Container');
  assert.ok(containers?.items?.properties?.image);
  const c = deploy.describe(['spec', 'template', 'spec', 'containers', 0]);
  assert.deepEqual(c?.required, ['name']);
  assert.equal(deploy.describe(['metadata', 'labels'])?.type, 'map[string]string');
  assert.equal(deploy.describe(['spec', 'strategy', 'rollingUpdate', 'maxSurge'])?.type, 'IntOrString');
  assert.equal(deploy.describe(['spec', 'nope']), undefined);
});

test('lookup says why nothing was found', async () => {
  assert.equal((await store.lookup('v1', 'configmap')).status, 'unknown-kind');
  const r = await store.lookup('v1', 'configmap');
  assert.ok(r.status === 'unknown-kind' && r.knownKinds.includes('ConfigMap'));
  assert.equal((await store.lookup('extensions/v1beta1', 'Deployment')).status, 'unknown-api-version');
  assert.equal((await new SchemaStore([]).lookup('v1', 'Pod')).status, 'no-sources');
});

test('CRD schemas get ObjectMeta from the built-in core document, and stay custom resources', async () => {
  const sm = await store.schemaFor('monitoring.coreos.com/v1', 'ServiceMonitor');
  assert.ok(sm?.isCustomResource);
  assert.equal(sm.describe(['metadata', 'name'])?.type, 'string');
  assert.ok(sm.describe(['spec', 'endpoints']));
});

test('CRD sources follow file changes; non-CRD documents are skipped', async () => {
  const crds = new CrdSchemaSource();
  crds.setText(
    'a.yaml',
    fs.readFileSync(path.join(sharedK8s, 'crds/kubectl-validate/crds/not-a-crd-should-be-ignored.yaml'), 'utf8'),
  );
  assert.deepEqual(await crds.apiVersions(), []);
  crds.setText('b.yaml', fs.readFileSync(path.join(sharedK8s, 'crds/kubectl-validate/crds/cel_basic.yaml'), 'utf8'));
  const s = new SchemaStore([crds]);
  assert.ok(await s.schemaFor('stable.example.com/v1', 'CELBasic'));
  crds.remove('b.yaml');
  s.invalidate();
  assert.equal(await s.schemaFor('stable.example.com/v1', 'CELBasic'), undefined);
});

test('a missing schema folder or CRD path is a clear error naming it', async () => {
  await assert.rejects(
    new DirectorySchemaSource('/nonexistent/schemas').apiVersions(),
    /schema folder \/nonexistent\/schemas: not a directory/,
  );
  const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'schemas-'));
  await assert.rejects(new DirectorySchemaSource(empty).apiVersions(), /no api\/<version>\.json/);
  assert.throws(
    () => CrdSchemaSource.fromPaths(['/nonexistent/crd.yaml']),
    /--crd \/nonexistent\/crd\.yaml: no such file or directory/,
  );
});

test('the cluster source maps /openapi/v3 paths to apiVersions and retries failed fetches', async () => {
  const doc = JSON.parse(fs.readFileSync(path.join(openapiDir('1.35'), 'apis/apps/v1.json'), 'utf8'));
  let fails = 1;
  const source = new ClusterSchemaSource(
    'cluster test',
    {
      paths: async () => ['api/v1', 'apis/apps/v1', 'version', '.well-known/openid-configuration'],
      document: async (p) => {
        if (fails-- > 0) throw new Error('connection reset');
        assert.equal(p, 'apis/apps/v1');
        return doc;
      },
    },
    '1.35',
  );
  assert.deepEqual(await source.apiVersions(), ['apps/v1', 'v1']);
  await assert.rejects(source.load('apps/v1'), /connection reset/);
  assert.ok(await source.load('apps/v1'));
  const s = new SchemaStore([source]);
  assert.ok(await s.schemaFor('apps/v1', 'Deployment'));
});

test('upstream file names map onto the schema-folder layout', () => {
  assert.equal(layoutPathOf('api__v1_openapi.json'), path.join('api', 'v1.json'));
  assert.equal(layoutPathOf('apis__apps__v1_openapi.json'), path.join('apis', 'apps', 'v1.json'));
  assert.equal(layoutPathOf('apis_openapi.json'), undefined);
  assert.equal(layoutPathOf('version_openapi.json'), undefined);
});
