// `kubesense check --context` against the real test cluster: schemas (built-ins and the cluster's CRDs) come
// from its OpenAPI v3 through kube/openapi.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { clusterEnv } from '../../../cluster/env';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { RESTClient } from '../../../../kube/rest/client';
import { main } from '../../../../cli/main';
import { installCelBasicCrd } from './celCrd';
import { FaultProxy } from '../../../cluster/faults/proxy';
import { openapiDir } from '../../../unit/analysis/validation/sharedData';

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
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
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

test(
  'check --context with the cluster’s OpenAPI forbidden or not served: its cached documents, then the schema folder; one root request when it answers',
  { timeout: 120_000 },
  async (t) => {
    const env = clusterEnv(t);
    if (!env) return;
    const proxy = await FaultProxy.start({ kubeconfig: env.kubeconfig });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-check-offline-'));
    try {
      const file = path.join(dir, 'app.yaml');
      fs.writeFileSync(
        file,
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx, imagePullPolicy: Sometimes}]}\n',
      );
      const check = async (...extra: string[]) => {
        let stdout = '';
        let stderr = '';
        const code = await main(
          ['check', file, '--kubeconfig', proxy.kubeconfig('admin'), '--cache-dir', path.join(dir, 'cache'), ...extra],
          {
            stdout: { write: (s: string) => (stdout += s) },
            stderr: { write: (s: string) => (stderr += s) },
            env: { HOME: dir, PATH: process.env.PATH, KUBESENSE_CACHE: path.join(dir, 'kubesense-cache') },
            cwd: dir,
          },
        );
        return { code, stdout, stderr };
      };
      const unsupported = /app\.yaml:4:\d+: spec\.containers\[0\]\.imagePullPolicy: Unsupported value: "Sometimes"/;

      // Reachable: the cluster's schemas, and no request beyond the one root request a run makes anyway.
      const live = await check();
      assert.equal(live.code, 1, live.stdout + live.stderr);
      assert.match(live.stdout, unsupported);
      assert.match(live.stderr, /\(schemas: cluster https:\/\/127\.0\.0\.1:\d+\)\n$/);
      assert.equal(proxy.count({ method: 'GET', path: '/openapi/v3' }), 1);

      // 403 on /openapi: the documents the last run cached, named as such.
      proxy.addRule({ path: /^\/openapi\//, times: Infinity, fault: { type: 'anonymous' } });
      const forbidden = await check();
      assert.equal(forbidden.code, 1, forbidden.stdout + forbidden.stderr);
      assert.match(forbidden.stdout, unsupported);
      assert.match(
        forbidden.stderr,
        /^warning: reading \/openapi\/v3 is not allowed: .*system:anonymous.*; using its OpenAPI schemas cached by an earlier run in /m,
      );
      assert.match(
        forbidden.stderr,
        /\(schemas: cluster https:\/\/127\.0\.0\.1:\d+ \(cached copy: reading its OpenAPI is forbidden\)\)\n$/,
      );

      // No OpenAPI v3 and an empty cache: the schema folder.
      proxy.clearRules();
      proxy.addRule({ path: /^\/openapi\/v3/, times: Infinity, fault: { type: 'not-served' } });
      fs.rmSync(path.join(dir, 'cache'), { recursive: true, force: true });
      const notServed = await check('--schema-dir', openapiDir('1.35'));
      assert.equal(notServed.code, 1, notServed.stdout + notServed.stderr);
      assert.match(notServed.stdout, unsupported);
      assert.match(
        notServed.stderr,
        new RegExp(
          `\\(schemas: schema folder ${openapiDir('1.35')}; cluster https://127\\.0\\.0\\.1:\\d+ not used: no-openapi-v3: .* does not serve OpenAPI v3 .*\\)\n$`,
        ),
      );
    } finally {
      await proxy.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
