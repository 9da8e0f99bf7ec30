// `kubesense check` end to end through main(): output lines, exit codes, sources, JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { run } from './run';
import { openapiDir, sharedK8s } from '../../analysis/validation/sharedData';
import { kubeconfigForClosedPort } from '../../../cluster/faults/down';

function tmpdir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-check-'));
}

test('kubectl-validate cases: one `file:line:col: message [field]` line per problem, exit 1', async () => {
  const dir = path.join(sharedK8s, 'manifests/kubectl-validate');
  const r = await run([
    'check',
    dir,
    '--schema-dir',
    openapiDir('1.35'),
    '--crd',
    path.join(sharedK8s, 'crds/kubectl-validate/crds'),
  ]);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  assert.ok(
    lines.includes(
      `${dir}/error_enum_invalid.yaml:38:21: spec.containers[0].ports[0].protocol: Unsupported value: "udp": supported values: "SCTP", "TCP", "UDP" [spec.containers[0].ports[0].protocol]`,
    ),
    r.stdout,
  );
  assert.ok(
    lines.includes(`${dir}/error_cel_basic.yaml:31:8: value: Invalid value: -3: Must be positive non-zero [value]`),
    r.stdout,
  );
  for (const line of lines) assert.match(line, /^\/.+\.yaml:\d+:\d+: .+/);
  assert.match(r.stderr, /20 files, \d+ objects: 1\d errors, 0 warnings/);
});

test('clean files exit 0 with nothing on stdout; relative paths print as given', async () => {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, 'ok.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ok}\ndata: {a: b}\n');
  const r = await run(['check', 'ok.yaml', '--schema-dir', openapiDir('1.35')], {}, dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /1 file, 1 object: 0 errors, 0 warnings/);
  fs.writeFileSync(path.join(dir, 'bad.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad}\n');
  const bad = await run(['check', 'bad.yaml', '--schema-dir', openapiDir('1.35')], {}, dir);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /^bad\.yaml:3:18: metadata\.name: Invalid value: "Bad": a lowercase RFC 1123 subdomain/);
});

test('--kube-version sets the target for deprecations; -o json carries fixes', async () => {
  const dir = tmpdir();
  fs.writeFileSync(
    path.join(dir, 'cj.yaml'),
    'apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\n',
  );
  const r = await run([
    'check',
    path.join(dir, 'cj.yaml'),
    '--schema-dir',
    openapiDir('1.27'),
    '--kube-version',
    '1.25',
    '-o',
    'json',
  ]);
  const out = JSON.parse(r.stdout);
  const [p] = out.files[0].problems;
  assert.equal(p.severity, 'warning');
  assert.equal(p.code, 'deprecated-api');
  assert.equal(p.fix.edits[0].newText, 'autoscaling/v2');
  assert.equal(out.summary.errors, 0);
  assert.equal(r.code, 0);
});

test('CRDs among the checked files and from --crd validate custom resources', async () => {
  const setup = path.join(sharedK8s, 'corpus/kube-prometheus/manifests');
  const r = await run(['check', setup, '--schema-dir', openapiDir('1.35')]);
  assert.equal(r.code, 0, r.stdout);
  assert.doesNotMatch(r.stderr, /no schema for kind "ServiceMonitor"/);
  const dir = tmpdir();
  fs.writeFileSync(
    path.join(dir, 'sm.yaml'),
    'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: s}\nspec:\n  endpoints: [{port: web, interval: 30}]\n  selector: {}\n',
  );
  const bad = await run([
    'check',
    path.join(dir, 'sm.yaml'),
    '--schema-dir',
    openapiDir('1.35'),
    '--crd',
    path.join(sharedK8s, 'crds/prometheus-operator'),
  ]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /spec\.endpoints\[0\]\.interval: Invalid value: "integer"/);
});

test('no schema anywhere (offline, empty cache): said once, YAML and structure still checked', async () => {
  const dir = tmpdir();
  fs.writeFileSync(path.join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n');
  const r = await run(['check', path.join(dir, 'a.yaml'), '--offline']);
  assert.equal(r.code, 1);
  assert.match(r.stdout, /a\.yaml:5:3: line 5: key "name" already set in map/);
  assert.equal(r.stderr.match(/No Kubernetes schemas available/g)?.length, 1);
});

test('the schema cache of --kube-version is used when present', async () => {
  const cache = tmpdir();
  fs.mkdirSync(path.join(cache, 'openapi-v3'), { recursive: true });
  fs.symlinkSync(openapiDir('1.27'), path.join(cache, 'openapi-v3', '1.27'));
  const dir = tmpdir();
  fs.writeFileSync(
    path.join(dir, 'a.yaml'),
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c}]}\n',
  );
  const r = await run(['check', path.join(dir, 'a.yaml'), '--kube-version', '1.27', '--offline'], {
    KUBESENSE_CACHE: cache,
  });
  assert.equal(r.code, 1);
  assert.match(r.stdout, /spec\.containers\[0\]\.image: Required value/);
  assert.match(r.stderr, new RegExp(`schemas: schema folder ${cache}/openapi-v3/1.27`));
});

test('Helm chart templates and kustomize patches are skipped, named files without kind are checked', async () => {
  const dir = tmpdir();
  fs.mkdirSync(path.join(dir, 'chart/templates'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'chart/Chart.yaml'), 'apiVersion: v2\nname: c\nversion: 1.0.0\n');
  fs.writeFileSync(
    path.join(dir, 'chart/templates/d.yaml'),
    'kind: Deployment\nmetadata:\n  name: {{ .Release.Name }\n',
  );
  fs.mkdirSync(path.join(dir, 'overlay'));
  fs.writeFileSync(
    path.join(dir, 'overlay/kustomization.yaml'),
    'resources: [../base]\npatches:\n- path: replicas.yaml\n',
  );
  fs.writeFileSync(
    path.join(dir, 'overlay/replicas.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 3}\n',
  );
  const r = await run(['check', dir, '--schema-dir', openapiDir('1.35')]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  fs.writeFileSync(path.join(dir, 'nokind.yaml'), 'metadata:\n  name: x\n');
  const named = await run(['check', path.join(dir, 'nokind.yaml'), '--schema-dir', openapiDir('1.35')]);
  assert.equal(named.code, 1);
  assert.match(named.stdout, /error validating data: \[apiVersion not set, kind not set\]/);
});

test('bad arguments are clear errors', async () => {
  assert.equal((await run(['check'])).code, 1);
  const missing = await run(['check', '/nonexistent/x.yaml', '--offline']);
  assert.equal(missing.code, 1);
  assert.equal(missing.stdout, '/nonexistent/x.yaml: no such file or directory\n');
  // A fresh folder, not os.tmpdir(): other processes (a running test cluster) change files there mid-walk.
  const empty = tmpdir();
  const badDir = await run(['check', empty, '--schema-dir', '/nonexistent/schemas']);
  assert.match(badDir.stderr, /--schema-dir: schema folder \/nonexistent\/schemas: not a directory/);
  const parent = path.join(sharedK8s, 'openapi-v3');
  const wrongLevel = await run(['check', empty, '--schema-dir', parent]);
  assert.equal(wrongLevel.code, 1);
  assert.ok(
    wrongLevel.stderr.includes(
      `--schema-dir: schema folder ${parent}: no api/<version>.json or apis/<group>/<version>.json files (expected api/v1.json and apis/<group>/<version>.json, the layout served at /openapi/v3, one folder per Kubernetes version); did you mean ${path.join(parent, '1.35')}?`,
    ),
    wrongLevel.stderr,
  );
  const badOut = await run(['check', empty, '-o', 'yaml', '--offline']);
  assert.match(badOut.stderr, /allowed formats are: json,text/);
});

test('a hand-written CRD schema without apiVersion/kind/metadata: those fields are still accepted, as the API server does', async () => {
  const dir = tmpdir();
  fs.writeFileSync(
    path.join(dir, 'crd.yaml'),
    [
      'apiVersion: apiextensions.k8s.io/v1',
      'kind: CustomResourceDefinition',
      'metadata: {name: widgets.example.dev}',
      'spec:',
      '  group: example.dev',
      '  scope: Namespaced',
      '  names: {plural: widgets, singular: widget, kind: Widget}',
      '  versions:',
      '  - name: v1',
      '    served: true',
      '    storage: true',
      '    schema:',
      '      openAPIV3Schema:',
      '        type: object',
      '        properties:',
      '          spec: {type: object, properties: {size: {type: integer}}}',
      '',
    ].join('\n'),
  );
  fs.writeFileSync(
    path.join(dir, 'w.yaml'),
    'apiVersion: example.dev/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: "large", colour: red}\n',
  );
  const r = await run([
    'check',
    path.join(dir, 'w.yaml'),
    '--schema-dir',
    openapiDir('1.35'),
    '--crd',
    path.join(dir, 'crd.yaml'),
  ]);
  assert.equal(r.code, 1, r.stdout + r.stderr);
  assert.doesNotMatch(r.stdout, /unknown field "(apiVersion|kind|metadata)"/);
  assert.match(r.stdout, /spec\.size: Invalid value: "string"/);
  assert.match(r.stdout, /unknown field "spec\.colour"/);
});

const VALID_POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}\n';

test('a --context whose server is down: the schema folder stands in, and the summary line says so', async () => {
  const dir = tmpdir();
  const kubeconfig = await kubeconfigForClosedPort(dir);
  fs.writeFileSync(path.join(dir, 'pod.yaml'), VALID_POD);
  fs.writeFileSync(
    path.join(dir, 'bad.yaml'),
    VALID_POD.replace('image: nginx', 'image: nginx, imagePullPolicy: Sometimes'),
  );
  const args = ['--kubeconfig', kubeconfig, '--context', 'down', '--cache-dir', path.join(dir, 'kube-cache')];
  const ok = await run(['check', path.join(dir, 'pod.yaml'), '--schema-dir', openapiDir('1.35'), ...args]);
  // Before: `error: cannot read the OpenAPI v3 schemas of https://127.0.0.1:<port>: … ECONNREFUSED`, exit 1.
  assert.equal(ok.code, 0, ok.stdout + ok.stderr);
  assert.equal(ok.stdout, '');
  assert.match(
    ok.stderr,
    new RegExp(
      `1 file, 1 object: 0 errors, 0 warnings \\(schemas: schema folder ${openapiDir('1.35')}; cluster https://127\\.0\\.0\\.1:\\d+ not used: unreachable: .*ECONNREFUSED.*\\)\n$`,
    ),
  );
  const bad = await run(['check', path.join(dir, 'bad.yaml'), '--schema-dir', openapiDir('1.35'), ...args]);
  assert.equal(bad.code, 1);
  assert.match(bad.stdout, /imagePullPolicy: Unsupported value: "Sometimes"/);
  const json = await run([
    'check',
    path.join(dir, 'pod.yaml'),
    '--schema-dir',
    openapiDir('1.35'),
    '-o',
    'json',
    ...args,
  ]);
  const summary = JSON.parse(json.stdout).summary as { schemas: string; clusterProblem?: string };
  assert.equal(summary.schemas, `schema folder ${openapiDir('1.35')}`);
  assert.match(summary.clusterProblem ?? '', /^cluster https:\/\/127\.0\.0\.1:\d+ not used: unreachable/);
});

test('a --context whose server is down, nothing else given: the cached upstream schemas, never a download', async () => {
  const dir = tmpdir();
  const cache = tmpdir();
  fs.mkdirSync(path.join(cache, 'openapi-v3'), { recursive: true });
  fs.symlinkSync(openapiDir('1.35'), path.join(cache, 'openapi-v3', '1.35'));
  const kubeconfig = await kubeconfigForClosedPort(dir);
  fs.writeFileSync(path.join(dir, 'pod.yaml'), VALID_POD);
  const args = ['--kubeconfig', kubeconfig, '--context', 'down', '--cache-dir', path.join(dir, 'kube-cache')];
  const r = await run(['check', path.join(dir, 'pod.yaml'), ...args], { KUBESENSE_CACHE: cache });
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stderr, new RegExp(`\\(schemas: schema folder ${cache}/openapi-v3/1\\.35; cluster https://127`));
  // Nothing cached at all: the object's kind is not reported unknown; the missing schemas are one note.
  const none = await run(['check', path.join(dir, 'pod.yaml'), ...args]);
  assert.equal(none.stdout, '');
  assert.equal(none.stderr.match(/No Kubernetes schemas available/g)?.length, 1, none.stderr);
  assert.doesNotMatch(none.stderr, /Downloading/);
  // Nothing was validated against a schema: not a pass (as kubeconform), unless the user says it may be.
  assert.equal(none.code, 1, none.stdout + none.stderr);
  assert.match(none.stderr, /error: no Kubernetes schemas were available, .*--ignore-missing-schemas\n$/);
  const allowed = await run(['check', path.join(dir, 'pod.yaml'), ...args, '--ignore-missing-schemas']);
  assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
  assert.doesNotMatch(allowed.stderr, /error:/);
});
