import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RESTClient } from '../../../../kube/rest/client';
import { classifyFailure, deniedAction, expiredCertificate } from '../../../../client/src/model/errors';
import { selfSigned } from '../../kube/kubeconfig/pki';
import { closedPort } from '../../../cluster/faults/down';

test('a refused connection (real socket) is "Unreachable" naming the server, retryable', async () => {
  const port = await closedPort();
  const host = `https://127.0.0.1:${port}`;
  const client = new RESTClient(
    { host, tls: { insecure: true }, bearerToken: 'secret-token-value' },
    { groupVersion: { group: '', version: 'v1' } },
  );
  const err = await client
    .get()
    .resource('namespaces')
    .maxRetries(0)
    .do()
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  const f = classifyFailure(err, { server: host });
  assert.equal(f.kind, 'unreachable');
  assert.equal(f.label, `Unreachable: ${host} (connection refused)`);
  assert.ok(f.retryable);
  assert.ok(!f.detail.includes('secret-token-value'));
});

test('the apiserver RBAC message says what was denied', () => {
  // Messages as kube-apiserver's RBAC authorizer words them (also asserted live in the integration tests).
  assert.equal(
    deniedAction('pods is forbidden: User "jane" cannot list resource "pods" in API group "" in the namespace "dev"'),
    'cannot list pods in namespace "dev"',
  );
  assert.equal(
    deniedAction('nodes is forbidden: User "jane" cannot watch resource "nodes" in API group "" at the cluster scope'),
    'cannot watch nodes at cluster scope',
  );
  assert.equal(
    deniedAction(
      'certificates.cert-manager.io is forbidden: User "x" cannot get resource "certificates" in API group "cert-manager.io" in the namespace "a"',
    ),
    'cannot get certificates.cert-manager.io in namespace "a"',
  );
  assert.equal(deniedAction('something else'), undefined);
});

test('an expired client certificate is recognised from the certificate itself', () => {
  const pem = selfSigned().cert;
  assert.equal(expiredCertificate(pem), undefined, 'valid today');
  const later = Date.now() + 3 * 24 * 3600 * 1000;
  assert.ok(expiredCertificate(pem, later) instanceof Date, 'expired three days from now');
  assert.equal(expiredCertificate('not a certificate'), undefined);
});
