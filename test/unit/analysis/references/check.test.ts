// The reference rules on small workspaces: each row is a set of files and exactly the problems expected.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { ReferenceIndex } from '../../../../analysis/references';
import {
  checkReferences,
  DEFAULT_REFERENCE_CHECKS,
  ReferenceCheckSettings,
} from '../../../../analysis/references/check';

function index(files: Record<string, string>): ReferenceIndex {
  const idx = new ReferenceIndex();
  for (const [name, text] of Object.entries(files))
    idx.update(`file:///ws/${name}`, parseManifestFile(text, `file:///ws/${name}`));
  return idx;
}

async function problems(
  files: Record<string, string>,
  settings: Partial<ReferenceCheckSettings> = { filesAreComplete: true },
): Promise<string[]> {
  const idx = index(files);
  const out: string[] = [];
  for (const name of Object.keys(files))
    for (const d of await checkReferences(
      idx,
      `file:///ws/${name}`,
      { ...DEFAULT_REFERENCE_CHECKS, ...settings },
      undefined,
      new AbortController().signal,
      'no cluster is connected',
    ))
      out.push(`${name}:${d.range.start.line + 1} ${d.field} [${d.severity} ${d.code}] ${d.message}`);
  return out;
}

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web, tier: front } }
    spec:
      containers:
        - name: c
          image: nginx
          ports: [{ name: http, containerPort: 8080 }]
          envFrom: [{ configMapRef: { name: web-config } }]
`;
const SERVICE = (targetPort: string, selector = 'app: web') => `apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec:
  selector: { ${selector} }
  ports:
    - { name: http, port: 80, targetPort: ${targetPort} }
`;
const CONFIG = `apiVersion: v1\nkind: ConfigMap\nmetadata: { name: web-config, namespace: shop }\ndata: { a: b }\n`;
const INGRESS = (port: string) => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: { name: web, namespace: shop }
spec:
  rules:
    - http:
        paths:
          - { path: /, pathType: Prefix, backend: { service: { name: web, port: { ${port} } } } }
`;

test('a complete application: no problems', async () => {
  assert.deepEqual(
    await problems({ 'd.yaml': DEPLOY, 's.yaml': SERVICE('http'), 'c.yaml': CONFIG, 'i.yaml': INGRESS('number: 80') }),
    [],
  );
});

test('dangling-reference: warning when the files are everything; information without a cluster in the editor', async () => {
  assert.deepEqual(await problems({ 'd.yaml': DEPLOY }), [
    'd.yaml:13 spec.template.spec.containers[0].envFrom[0].configMapRef.name [warning dangling-reference] ConfigMap "shop/web-config" is not defined in the workspace.',
  ]);
  assert.deepEqual(await problems({ 'd.yaml': DEPLOY }, { filesAreComplete: false }), [
    'd.yaml:13 spec.template.spec.containers[0].envFrom[0].configMapRef.name [information dangling-reference] ConfigMap "shop/web-config" is not defined in the workspace; no cluster is connected, so whether it exists cannot be told.',
  ]);
  assert.deepEqual(
    await problems({ 'd.yaml': DEPLOY }, { filesAreComplete: true, ignore: ['ConfigMap/shop/web-*'] }),
    [],
  );
  assert.deepEqual(
    await problems(
      { 'd.yaml': DEPLOY },
      { filesAreComplete: true, rules: { ...DEFAULT_REFERENCE_CHECKS.rules, 'dangling-reference': false } },
    ),
    [],
  );
});

test('dangling-reference: the same name in another namespace does not count', async () => {
  const elsewhere = CONFIG.replace('namespace: shop', 'namespace: other');
  assert.equal((await problems({ 'd.yaml': DEPLOY, 'c.yaml': elsewhere })).length, 1);
});

test('selector-no-match: a Service selecting no template', async () => {
  assert.deepEqual(await problems({ 'd.yaml': DEPLOY, 'c.yaml': CONFIG, 's.yaml': SERVICE('http', 'app: api') }), [
    's.yaml:5 spec.selector [warning selector-no-match] Service selector app=api matches no Pod template in the workspace in namespace "shop".',
  ]);
});

test('target-port-name: a name no selected container declares; numbers are not checked', async () => {
  assert.deepEqual(await problems({ 'd.yaml': DEPLOY, 'c.yaml': CONFIG, 's.yaml': SERVICE('web') }), [
    's.yaml:7 spec.ports[0].targetPort [warning target-port-name] targetPort "web" is not the name of a container port in any Pod template the selector app=web matches (Deployment "shop/web"; they declare http).',
  ]);
  assert.deepEqual(await problems({ 'd.yaml': DEPLOY, 'c.yaml': CONFIG, 's.yaml': SERVICE('9999') }), []);
});

test('ingress-backend-port: by number and by name', async () => {
  const files = { 'd.yaml': DEPLOY, 'c.yaml': CONFIG, 's.yaml': SERVICE('http') };
  assert.deepEqual(await problems({ ...files, 'i.yaml': INGRESS('number: 8080') }), [
    'i.yaml:8 spec.rules[0].http.paths[0].backend.service.port.number [warning ingress-backend-port] Service "shop/web" has no port 8080 (it exposes 80).',
  ]);
  assert.deepEqual(await problems({ ...files, 'i.yaml': INGRESS('name: https') }), [
    'i.yaml:8 spec.rules[0].http.paths[0].backend.service.port.name [warning ingress-backend-port] Service "shop/web" has no port named "https" (its ports are named http).',
  ]);
  assert.deepEqual(await problems({ ...files, 'i.yaml': INGRESS('name: http') }), []);
});

test("Secrets: information unless opted in; a Certificate's Secret counts as defined", async () => {
  const pod = `apiVersion: v1\nkind: Pod\nmetadata: { name: p, namespace: shop }\nspec:\n  containers: [{ name: c, image: x }]\n  volumes: [{ name: t, secret: { secretName: web-tls } }]\n`;
  assert.match((await problems({ 'p.yaml': pod }))[0]!, /\[information dangling-reference\] Secret "shop\/web-tls"/);
  assert.match(
    (await problems({ 'p.yaml': pod }, { filesAreComplete: true, warnMissingSecrets: true }))[0]!,
    /\[warning dangling-reference\]/,
  );
  const cert = `apiVersion: cert-manager.io/v1\nkind: Certificate\nmetadata: { name: c, namespace: shop }\nspec: { secretName: web-tls }\n`;
  assert.deepEqual(
    await problems({ 'p.yaml': pod, 'c.yaml': cert }, { filesAreComplete: true, warnMissingSecrets: true }),
    [],
  );
});

test('CRD scope: a cluster-scoped custom kind is keyed without namespace, whichever file comes first', async () => {
  const crd = `apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: { name: widgets.example.com }\nspec:\n  group: example.com\n  scope: Cluster\n  names: { kind: Widget, plural: widgets }\n`;
  const widget = `apiVersion: example.com/v1\nkind: Widget\nmetadata: { name: w, namespace: ignored }\n`;
  const idx = index({ 'w.yaml': widget, 'crd.yaml': crd });
  assert.equal(idx.definitionsOf({ group: 'example.com', kind: 'Widget', namespace: '', name: 'w' }).length, 1);
  idx.remove('file:///ws/crd.yaml');
  assert.equal(idx.definitionsOf({ group: 'example.com', kind: 'Widget', namespace: 'ignored', name: 'w' }).length, 1);
});
