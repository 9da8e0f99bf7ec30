/**
 * The reference kubectl (kubectl.1.33) against the test cluster: proves the server is the
 * real kube-apiserver and pins the server's own answers later issues compare against.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clusterEnv } from '../../../cluster/env';
import { runKubectl, waitForCrdsEstablished } from '../../../cluster/kubectl';
import { repoRoot } from '../../../cluster/cluster';

const sharedK8s = () => path.resolve(repoRoot(), '../shared/k8s');

test('kubectl get ns lists the namespaces the server creates and ours', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const res = await runKubectl(['get', 'ns'], { kubeconfig: env.kubeconfig });
  assert.equal(res.code, 0, res.stderr);
  const lines = res.stdout.trim().split('\n');
  assert.match(lines[0], /^NAME\s+STATUS\s+AGE$/);
  const names = lines.slice(1).map((l) => l.split(/\s+/)[0]);
  for (const ns of ['default', 'kube-system', 'kube-public', 'kube-node-lease', 'team-a']) {
    assert.ok(names.includes(ns), `namespace ${ns} missing from:\n${res.stdout}`);
  }
});

test('kubectl version reports a 1.35 server', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const res = await runKubectl(['version', '-o', 'json'], { kubeconfig: env.kubeconfig });
  assert.equal(res.code, 0, res.stderr);
  const version = JSON.parse(res.stdout) as { serverVersion: { major: string; minor: string; gitVersion: string } };
  assert.equal(version.serverVersion.major, '1');
  assert.equal(version.serverVersion.minor, '35');
  assert.match(version.serverVersion.gitVersion, /^v1\.35\.\d+$/);
});

test('kubectl api-resources shows built-in and apiextensions resources', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const res = await runKubectl(['api-resources', '--no-headers', '-o', 'name'], { kubeconfig: env.kubeconfig });
  assert.equal(res.code, 0, res.stderr);
  const resources = new Set(res.stdout.trim().split('\n'));
  for (const r of [
    'pods',
    'namespaces',
    'nodes',
    'deployments.apps',
    'cronjobs.batch',
    'ingresses.networking.k8s.io',
    'customresourcedefinitions.apiextensions.k8s.io',
    'roles.rbac.authorization.k8s.io',
  ]) {
    assert.ok(resources.has(r), `${r} missing from api-resources`);
  }
});

test('kubectl applies a real CRD and a custom resource, and shows its printer columns', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const kubeconfig = env.kubeconfig;
  const crds = path.join(sharedK8s(), 'crds/kubectl-validate/crds/cert-manager.crds.yaml');
  let res = await runKubectl(
    ['apply', '--server-side', '--force-conflicts', '--field-manager=kubesense-test', '-f', crds],
    {
      kubeconfig,
    },
  );
  assert.equal(res.code, 0, res.stderr);
  assert.match(
    res.stdout,
    /customresourcedefinition.apiextensions.k8s.io\/certificates.cert-manager.io serverside-applied/,
  );
  await waitForCrdsEstablished(kubeconfig, ['certificates.cert-manager.io']);

  const ns = `kubectl-test-${process.pid}`;
  res = await runKubectl(['create', 'namespace', ns], { kubeconfig });
  assert.equal(res.code, 0, res.stderr);
  t.after(() => runKubectl(['delete', 'namespace', ns, '--wait=false'], { kubeconfig }));

  const certificate = {
    apiVersion: 'cert-manager.io/v1',
    kind: 'Certificate',
    metadata: { name: 'web', namespace: ns },
    spec: {
      secretName: 'web-tls',
      dnsNames: ['web.example.com'],
      issuerRef: { name: 'letsencrypt', kind: 'ClusterIssuer' },
    },
  };
  res = await runKubectl(['apply', '-f', '-'], { kubeconfig, input: JSON.stringify(certificate) });
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout, /certificate.cert-manager.io\/web created/);

  // The table comes from the server (as=Table) with the CRD's additionalPrinterColumns.
  res = await runKubectl(['get', 'certificates', '-n', ns], { kubeconfig });
  assert.equal(res.code, 0, res.stderr);
  assert.match(res.stdout.split('\n')[0], /^NAME\s+READY\s+SECRET\s+AGE$/);
  assert.match(res.stdout, /^web\s+web-tls\s+/m);
});

test('a server-side dry run rejects an invalid Pod with the server’s own error', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  // A manifest with no container image, from kubectl-validate's test cases.
  const manifest = path.join(sharedK8s(), 'manifests/kubectl-validate/error_missing_image.yaml');
  assert.ok(fs.existsSync(manifest), manifest);
  const res = await runKubectl(['create', '--dry-run=server', '-n', 'default', '-f', manifest], {
    kubeconfig: env.kubeconfig,
  });
  assert.notEqual(res.code, 0, `dry run unexpectedly accepted:\n${res.stdout}`);
  assert.match(res.stderr, /The Pod "nginx-pod" is invalid: spec\.containers\[0\]\.image: Required value/);

  // Nothing was created.
  const get = await runKubectl(['get', 'pod', 'nginx-pod', '-n', 'default'], { kubeconfig: env.kubeconfig });
  assert.notEqual(get.code, 0);
  assert.match(get.stderr, /pods "nginx-pod" not found/);
});

test('a server-side dry run reports an unsupported enum value', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const manifest = path.join(sharedK8s(), 'manifests/kubectl-validate/error_enum_invalid.yaml');
  const res = await runKubectl(['create', '--dry-run=server', '-n', 'default', '-f', manifest], {
    kubeconfig: env.kubeconfig,
  });
  assert.notEqual(res.code, 0);
  assert.match(
    res.stderr,
    /spec\.containers\[0\]\.ports\[0\]\.protocol: Unsupported value: "udp": supported values: "SCTP", "TCP", "UDP"/,
  );
});

test('identities: the cert user is an admin, the restricted user reads team-a only', async (t) => {
  const env = clusterEnv(t);
  if (!env) return;
  const kubeconfig = env.kubeconfig;

  let res = await runKubectl(['--context=cert-user', 'auth', 'whoami', '-o', 'json'], { kubeconfig });
  assert.equal(res.code, 0, res.stderr);
  const review = JSON.parse(res.stdout) as { status: { userInfo: { username: string; groups: string[] } } };
  assert.equal(review.status.userInfo.username, 'kubesense-cert-user');
  assert.ok(review.status.userInfo.groups.includes('system:masters'));

  res = await runKubectl(['--context=admin', 'auth', 'can-i', '*', '*'], { kubeconfig });
  assert.equal(res.stdout.trim(), 'yes');

  res = await runKubectl(['--context=restricted', 'get', 'configmaps'], { kubeconfig });
  assert.equal(res.code, 0, `restricted user cannot list in its namespace: ${res.stderr}`);

  res = await runKubectl(['--context=restricted', 'get', 'pods', '-n', 'kube-system'], { kubeconfig });
  assert.notEqual(res.code, 0);
  assert.match(
    res.stderr,
    /pods is forbidden: User "kubesense-restricted" cannot list resource "pods" in API group "" in the namespace "kube-system"/,
  );

  res = await runKubectl(['--context=restricted', 'create', 'configmap', 'nope'], { kubeconfig });
  assert.notEqual(res.code, 0);
  assert.match(res.stderr, /cannot create resource "configmaps" in API group "" in the namespace "team-a"/);
});
