// `kubesense check --context` against the real test cluster: schemas (built-ins and the cluster's CRDs) come
// from its OpenAPI v3 through kube/openapi.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clusterEnv } from '../../cluster/env';
import { restConfigFromFile } from '../../../kube/kubeconfig';
import { RESTClient } from '../../../kube/rest/client';
import { main } from '../../../cli/main';
import { installCelBasicCrd } from './cel-crd';

test('kubesense check --context validates against the cluster, CRDs included', { timeout: 120_000 }, async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const config = restConfigFromFile(env.kubeconfig, 'admin');
  config.qps = -1;
  await installCelBasicCrd(new RESTClient(config));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-check-cluster-'));
  const file = path.join(dir, 'app.yaml');
  fs.writeFileSync(
    file,
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: web}',
      'spec:',
      '  selector: {matchLabels: {app: web}}',
      '  template:',
      '    metadata: {labels: {app: web}}',
      '    spec:',
      '      containers:',
      '      - name: web',
      '        imagePullPolicy: Sometimes',
      '---',
      'apiVersion: stable.example.com/v1',
      'kind: CELBasic',
      'metadata: {name: c}',
      'value: -1',
      '',
    ].join('\n'),
  );
  let stdout = '';
  let stderr = '';
  // The OpenAPI of a just-created CRD is published asynchronously: retry a little while it is missing.
  let code = 1;
  for (let attempt = 0; attempt < 20; attempt++) {
    stdout = '';
    stderr = '';
    code = await main(
      ['check', file, '--kubeconfig', env.kubeconfig, '--context', 'admin', '--cache-dir', path.join(dir, 'cache')],
      {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        env: { HOME: dir, PATH: process.env.PATH },
        cwd: dir,
      },
    );
    if (!/no schema for kind "CELBasic"/.test(stderr)) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  assert.equal(code, 1, stdout + stderr);
  assert.match(stdout, /app\.yaml:10:9: spec\.template\.spec\.containers\[0\]\.image: Required value/);
  assert.match(stdout, /spec\.template\.spec\.containers\[0\]\.imagePullPolicy: Unsupported value: "Sometimes"/);
  assert.match(stdout, /app\.yaml:16:8: value: Invalid value: -1: Must be positive non-zero \[value\]/);
  assert.match(stderr, /schemas: cluster https:\/\/127\.0\.0\.1:\d+/);
});
