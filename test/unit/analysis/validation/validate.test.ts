// Validation behaviours beyond the kubectl-validate cases: YAML 1.1 quick fixes, deprecations per target
// version, missing schemas, CRD rules, hand checks, cancellation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { SchemaStore } from '../../../../analysis/schema';
import { KubeDiagnostic, validate } from '../../../../analysis/validation';
import { toLspDiagnostic } from '../../../../analysis/features/diagnostics';
import { DiagnosticSeverity, DiagnosticTag } from 'vscode-languageserver/node';
import { storeFor } from './sharedData';

const v135 = storeFor('1.35', ['crds/kubectl-validate/crds']);
const v127 = storeFor('1.27');

async function check(text: string, store: SchemaStore = v135): Promise<KubeDiagnostic[]> {
  return validate(parseManifestFile(text, 'file:///t.yaml'), store);
}

/** Apply a fix's edits to the text (single-line edits in these tests). */
function applyFix(text: string, d: KubeDiagnostic): string {
  const file = parseManifestFile(text, 'x');
  const edits = [...(d.fix?.edits ?? [])].sort((a, b) => file.offsetAt(b.range.start) - file.offsetAt(a.range.start));
  let out = text;
  for (const e of edits)
    out = out.slice(0, file.offsetAt(e.range.start)) + e.newText + out.slice(file.offsetAt(e.range.end));
  return out;
}

test('a YAML 1.1 boolean in a string field is the server type error, with a quote fix that resolves it', async () => {
  const text =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: flags\n  labels:\n    enabled: yes\ndata:\n  mode: 0644\n';
  const ds = await check(text);
  assert.deepEqual(ds.map((d) => d.field).sort(), ['data[mode]', 'metadata.labels[enabled]']);
  const label = ds.find((d) => d.field === 'metadata.labels[enabled]')!;
  assert.match(
    label.message,
    /Invalid value: "boolean": metadata\.labels\[enabled\] in body must be of type string: "boolean" \("yes" is read as boolean true \(YAML 1\.1\); quote it/,
  );
  assert.equal(label.fix?.kind, 'quote-scalar');
  const fixed = applyFix(
    applyFix(text, label),
    ds.find((d) => d.field === 'data[mode]')!,
  );
  assert.match(fixed, /enabled: "yes"/);
  assert.match(fixed, /mode: "0644"/);
  assert.deepEqual(await check(fixed), []);
});

test('a YAML 1.1 surprise where any value is accepted is a warning with the same fix', async () => {
  const text =
    'apiVersion: stable.example.com/v1\nkind: CELBasic\nmetadata:\n  name: x\n  annotations:\n    note: "ok"\nvalue: 3\n';
  assert.deepEqual(await check(text), []);
  const withPreserved =
    'apiVersion: apps/v1\nkind: ControllerRevision\nmetadata: {name: r}\nrevision: 1\ndata:\n  answer: no\n';
  const ds = await check(withPreserved);
  assert.equal(ds.length, 1);
  assert.equal(ds[0].code, 'yaml11-scalar');
  assert.equal(ds[0].severity, 'warning');
  assert.match(ds[0].message, /data\.answer: "no" is read as boolean false/);
});

test('removed APIs are errors for 1.35 with a fix to the served version; deprecated-but-served are warnings', async () => {
  const cronjob =
    'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "* * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: c, image: busybox}]\n';
  const [removed] = await check(cronjob, v135);
  assert.equal(removed.code, 'removed-api');
  assert.equal(removed.severity, 'error');
  assert.match(
    removed.message,
    /batch\/v1beta1 CronJob is deprecated in v1\.21\+, unavailable in v1\.25\+; use batch\/v1 CronJob/,
  );
  assert.equal(removed.fix?.preferred, true);
  assert.deepEqual(await check(applyFix(cronjob, removed), v135), []);

  // Kubernetes 1.27 still serves flowcontrol v1beta2 (deprecated in 1.26).
  const fs =
    'apiVersion: flowcontrol.apiserver.k8s.io/v1beta2\nkind: FlowSchema\nmetadata: {name: f}\nspec:\n  priorityLevelConfiguration: {name: global-default}\n';
  const ds127 = await check(fs, v127);
  assert.deepEqual(
    ds127.map((d) => [d.code, d.severity]),
    [['deprecated-api', 'warning']],
  );
  assert.match(
    ds127[0].message,
    /flowcontrol\.apiserver\.k8s\.io\/v1beta2 FlowSchema is deprecated in v1\.26\+, unavailable in v1\.29\+/,
  );
  const ds135 = await check(fs, v135);
  assert.equal(ds135[0].code, 'removed-api');
  // extensions/v1beta1 Deployment -> apps/v1 is not mechanical (selector became required): offered, not preferred.
  const ext = await check('apiVersion: extensions/v1beta1\nkind: Deployment\nmetadata: {name: d}\n', v135);
  assert.equal(ext[0].fix?.preferred, false);
  assert.match(ext[0].fix?.title ?? '', /review/);
});

test('without any schema: said once, and structure and names are still checked', async () => {
  const text =
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ok\n  name: twice\n';
  const ds = await validate(parseManifestFile(text, 'x'), new SchemaStore([]));
  assert.equal(ds.filter((d) => d.code === 'no-schema').length, 1);
  assert.ok(ds.some((d) => d.code === 'invalid' && d.field === 'metadata.name'));
  assert.ok(ds.some((d) => d.code === 'duplicate-key'));
});

test('a kind whose CRD we do not have is information, never an error', async () => {
  const ds = await check('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {anything: true}\n');
  assert.deepEqual(
    ds.map((d) => [d.code, d.severity]),
    [['unknown-api-version', 'information']],
  );
});

test('hand checks of the API server: names per kind, image, ports, quantities, selectors', async () => {
  const svc = await check('apiVersion: v1\nkind: Service\nmetadata: {name: 1abc}\nspec:\n  ports: [{port: 80}]\n');
  assert.match(svc[0].message, /metadata\.name: Invalid value: "1abc": a DNS-1035 label must consist/);
  const role = await check(
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: "system:Controller"}\n',
  );
  assert.deepEqual(role, [], 'RBAC names are path segments: colons and capitals are fine');
  const pod = await check(
    [
      'apiVersion: v1',
      'kind: Pod',
      'metadata: {name: p}',
      'spec:',
      '  containers:',
      '  - name: a',
      '    image: nginx',
      '    ports: [{containerPort: 0}]',
      '    resources:',
      '      limits: {cpu: 1, memory: 1Gi}',
      '      requests: {cpu: 2, memory: lots}',
      '    volumeMounts: [{name: data, mountPath: /d}]',
      '  - name: a',
      '    image: nginx',
      '',
    ].join('\n'),
  );
  const msgs = pod.map((d) => d.message);
  assert.ok(
    msgs.includes(
      'spec.containers[0].ports[0].containerPort: Invalid value: 0: must be between 1 and 65535, inclusive',
    ),
    msgs.join('\n'),
  );
  assert.ok(
    msgs.includes(
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 1',
    ),
    msgs.join('\n'),
  );
  assert.ok(
    msgs.some((m) =>
      m.startsWith(
        'spec.containers[0].resources.requests[memory]: Invalid value: "lots": quantities must match the regular expression',
      ),
    ),
    msgs.join('\n'),
  );
  assert.ok(msgs.includes('spec.containers[0].volumeMounts[0].name: Not found: "data"'), msgs.join('\n'));
  assert.ok(msgs.includes('spec.containers[1].name: Duplicate value: "a"'), msgs.join('\n'));
});

test('CRD rules: CEL runs on the defaulted object, list-map keys use defaults, unknown fields are errors', async () => {
  const ok = await check(
    'apiVersion: stable.example.com/v1\nkind: CELBasic\nmetadata: {name: c}\nvalue: 2\nother_value: 4\n',
  );
  assert.deepEqual(ok, []);
  const bad = await check(
    'apiVersion: stable.example.com/v1\nkind: CELBasic\nmetadata: {name: c}\nvalue: 3\nother_value: 4\nextra: 1\n',
  );
  assert.deepEqual(bad.map((d) => d.code).sort(), ['unknown-field']);
  const cel = await check(
    'apiVersion: stable.example.com/v1\nkind: CELBasic\nmetadata: {name: c}\nvalue: 3\nother_value: 4\n',
  );
  assert.deepEqual(
    cel.map((d) => d.message),
    ['<nil>: Invalid value: Other must be a multiple of value'],
  );
});

test('diagnostics convert to LSP diagnostics with the fix in data', async () => {
  const d = (await check('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels: {on: off}\n')).find(
    (x) => x.code === 'type',
  )!;
  const lsp = toLspDiagnostic(d);
  assert.equal(lsp.source, 'kubesense');
  assert.equal(lsp.severity, DiagnosticSeverity.Error);
  assert.equal(lsp.code, 'type');
  assert.equal(lsp.message, d.message);
  assert.deepEqual(lsp.range, d.range);
  assert.equal(lsp.tags, undefined);
  assert.ok(d.fix, 'the type diagnostic carries a quick fix');
  assert.deepEqual(lsp.data, { field: d.field, fix: d.fix });

  // A deprecated-but-served API is a warning tagged Deprecated (the editor strikes it through).
  const flowSchema =
    'apiVersion: flowcontrol.apiserver.k8s.io/v1beta2\nkind: FlowSchema\nmetadata: {name: f}\nspec:\n  priorityLevelConfiguration: {name: global-default}\n';
  const [deprecated] = await check(flowSchema, v127);
  const lspDeprecated = toLspDiagnostic(deprecated);
  assert.equal(lspDeprecated.severity, DiagnosticSeverity.Warning);
  assert.deepEqual(lspDeprecated.tags, [DiagnosticTag.Deprecated]);
});

test('validation can be cancelled', async () => {
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(
    validate(parseManifestFile('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n', 'x'), v135, { signal: ac.signal }),
    { name: 'AbortError' },
  );
});

test('Helm templates produce no diagnostics at all', async () => {
  assert.deepEqual(
    await check(
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}\ndata:\n  {{- toYaml .Values.data | nindent 2 }}\n',
    ),
    [],
  );
});

test('documentIndexes limits per-document checks to those documents', async () => {
  const text =
    'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: A}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: B}\n';
  const file = parseManifestFile(text, 'x');
  assert.deepEqual(
    (await validate(file, v135)).map((d) => d.documentIndex),
    [0, 1],
  );
  assert.deepEqual(
    (await validate(file, v135, { documentIndexes: [1] })).map((d) => d.documentIndex),
    [1],
  );
});

test('random edits of real manifests never make validation throw', async () => {
  const base = [
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {app: web}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx\n        ports: [{containerPort: 80}]\n        resources: {limits: {cpu: 100m}}\n',
    'apiVersion: stable.example.com/v1\nkind: CELBasic\nmetadata: {name: c}\nvalue: 2\nmap_list: [{containerPort: 1}]\n',
  ].join('---\n');
  let seed = 11;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
  const pieces = [
    '',
    ' ',
    '\n',
    ':',
    '- ',
    '[',
    ']',
    '{',
    '}',
    '"',
    "'",
    '&a ',
    '*a',
    '!!str ',
    '0777',
    'yes',
    '---\n',
    '\t',
    '\u0000',
    'null',
    '~',
    '1e999',
  ];
  let text = base;
  for (let i = 0; i < 300; i++) {
    const at = rand(text.length + 1);
    text = text.slice(0, at) + pieces[rand(pieces.length)] + text.slice(at + rand(4));
    if (i % 50 === 0) text = base;
    const ds = await validate(parseManifestFile(text, 'fuzz.yaml'), v135);
    for (const d of ds) {
      assert.ok(
        d.range.start.line >= 0 && d.offsets.start <= text.length && d.offsets.end <= text.length,
        JSON.stringify(d),
      );
      assert.equal(typeof d.message, 'string');
    }
  }
});

test('a plain key YAML 1.1 reads differently (on:) gets a warning and a quote fix', async () => {
  const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  labels:\n    on: "x"\n';
  const ds = await check(text);
  const d = ds.find((x) => x.code === 'yaml11-scalar')!;
  assert.match(d.message, /the key "on" is read as "true"/);
  assert.match(applyFix(text, d), /"on": "x"/);
  assert.deepEqual(await check(applyFix(text, d)), []);
});
