// References resolved against the real kube-apiserver: what the workspace lacks is looked up live (a ConfigMap and
// a Pod made here with the reference kubectl), so only truly missing objects warn; Go to Definition opens the live
// object through the extension's read-only `kubesense:` YAML view; `check --references --context` agrees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location } from 'vscode-languageserver/node';
import { clusterEnv } from '../../cluster/env';
import { runKubectl } from '../../cluster/kubectl';
import { LspClient, kubesenseServerCommand, positionOf, sharedK8s } from '../../unit/server/harness';
import { main } from '../../../cli/main';

const NS = 'refs-live';
const LIVE = `apiVersion: v1
kind: Namespace
metadata: { name: ${NS} }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: live-config, namespace: ${NS} }
data: { a: b }
---
apiVersion: v1
kind: Pod
metadata: { name: live-pod, namespace: ${NS}, labels: { app: live } }
spec:
  containers: [{ name: c, image: registry.invalid/none }]
`;
const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${NS}
spec:
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: nginx
          envFrom:
            - configMapRef:
                name: live-config
            - configMapRef:
                name: missing-config
`;
const SERVICES = `apiVersion: v1
kind: Service
metadata: { name: live, namespace: ${NS} }
spec:
  selector: { app: live }
  ports: [{ port: 80 }]
---
apiVersion: v1
kind: Service
metadata: { name: nothing, namespace: ${NS} }
spec:
  selector: { app: nothing }
  ports: [{ port: 80 }]
`;

test('live lookups: only truly missing references warn; definition opens the live object', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const applied = await runKubectl(['apply', '-f', '-'], { kubeconfig: env.kubeconfig, input: LIVE });
  assert.equal(applied.code, 0, applied.stderr);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-refs-live-'));
  fs.writeFileSync(path.join(dir, 'deploy.yaml'), DEPLOY);
  fs.writeFileSync(path.join(dir, 'services.yaml'), SERVICES);
  const client = new LspClient(kubesenseServerCommand(), {
    settings: {
      kubesense: {
        kubeconfig: env.kubeconfig,
        context: 'admin',
        schemaDirectory: path.join(sharedK8s, 'openapi-v3', '1.35'),
      },
    },
    workspaceFolder: dir,
  });
  try {
    await client.initialize();
    const deploy = pathToFileURL(path.join(dir, 'deploy.yaml')).href;
    const services = pathToFileURL(path.join(dir, 'services.yaml')).href;
    await client.open(deploy, DEPLOY);
    await client.open(services, SERVICES);
    const d = await client.waitForDiagnosticsMatching(
      deploy,
      (x) => x.some((y) => y.code === 'dangling-reference'),
      60_000,
    );
    assert.deepEqual(
      d.map((x) => [x.code, x.severity, x.range.start.line, x.message]),
      [
        [
          'dangling-reference',
          2,
          19,
          `ConfigMap "${NS}/missing-config" is not defined in the workspace nor in the cluster (context "admin").`,
        ],
      ],
    );
    const s = await client.waitForDiagnosticsMatching(
      services,
      (x) => x.some((y) => y.code === 'selector-no-match'),
      60_000,
    );
    assert.deepEqual(
      s.map((x) => [x.code, x.severity, x.range.start.line, x.message]),
      [
        [
          'selector-no-match',
          2,
          11,
          `Service selector app=nothing matches no Pod template in the workspace and no Pod in the cluster (context "admin") in namespace "${NS}".`,
        ],
      ],
    );

    const defs = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: deploy },
      position: positionOf(DEPLOY, 'live-config', 2),
    });
    assert.deepEqual(
      defs.map((l) => l.uri),
      [`kubesense:/admin/_core/v1/configmaps/${NS}/live-config.yaml`],
    );
    const none = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: deploy },
      position: positionOf(DEPLOY, 'missing-config', 2),
    });
    assert.deepEqual(none, []);

    // The CLI with the same context: the same two warnings.
    let stdout = '';
    const code = await main(
      [
        'check',
        dir,
        '--references',
        '--kubeconfig',
        env.kubeconfig,
        '--context',
        'admin',
        '--schema-dir',
        path.join(sharedK8s, 'openapi-v3', '1.35'),
      ],
      {
        stdout: { write: (x: string) => (stdout += x) },
        stderr: { write: () => undefined },
        env: { ...process.env, HOME: dir },
        cwd: dir,
      },
    );
    assert.equal(code, 0);
    assert.deepEqual(
      stdout
        .trim()
        .split('\n')
        .map((l) => l.replace(/^.*?\.yaml:(\d+):\d+: /, '$1 ')),
      [
        `20 warning: ConfigMap "${NS}/missing-config" is not defined in the workspace nor in the cluster (context "admin"). [spec.template.spec.containers[0].envFrom[1].configMapRef.name]`,
        `12 warning: Service selector app=nothing matches no Pod template in the workspace and no Pod in the cluster (context "admin") in namespace "${NS}". [spec.selector]`,
      ],
    );
  } finally {
    await client.stop();
    fs.rmSync(dir, { recursive: true, force: true });
    await runKubectl(['delete', 'namespace', NS, '--wait=false'], { kubeconfig: env.kubeconfig });
  }
});
