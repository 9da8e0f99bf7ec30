// Server rules on workloads the README named as still open (issue 12), closed from the 1.35 Go source and pinned
// with the server's messages, each probed with `kubectl.1.33 create --dry-run=server --validate=strict` on the test
// cluster (kube-apiserver 1.35).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorMessages, storeFor } from './sharedData';

const store = storeFor('1.35');
const errors = async (o: unknown) => (await errorMessages(store, o)).sort();
const CONTAINERS = [{ name: 'c', image: 'i' }];
const pod = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p' },
  spec: { containers: CONTAINERS, ...spec },
});
const deployment = (spec: Record<string, unknown>) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'd' },
  spec: {
    selector: { matchLabels: { a: 'b' } },
    template: { metadata: { labels: { a: 'b' } }, spec: { containers: CONTAINERS, ...spec } },
  },
});
const cronJob = (spec: Record<string, unknown>) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'c' },
  spec: {
    schedule: '* * * * *',
    jobTemplate: { spec: { template: { spec: { containers: CONTAINERS, restartPolicy: 'Never', ...spec } } } },
  },
});
const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const SHARED_PID =
  'securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled';

test('a pod\'s host alias IPs are addresses Go parses (an absent one is ""), wherever a pod spec is', async () => {
  // Server: The Pod "p" is invalid: these four (a zone, a space, three octets; the absent IP is "", not Required).
  // Before: accepted, and the absent IP was `Required value`.
  const aliases = [
    { ip: '1.2.3', hostnames: ['a'] },
    { hostnames: ['b'] },
    { ip: '::1', hostnames: ['c'] },
    { ip: '010.001.1.1' },
    { ip: 'fe80::1%eth0' },
    { ip: ' 1.2.3.4' },
  ];
  assert.deepEqual(await errors(pod({ hostAliases: aliases })), [
    `spec.hostAliases[0].ip: Invalid value: "1.2.3": ${INVALID_IP}`,
    `spec.hostAliases[1].ip: Invalid value: "": ${INVALID_IP}`,
    `spec.hostAliases[4].ip: Invalid value: "fe80::1%eth0": ${INVALID_IP}`,
    `spec.hostAliases[5].ip: Invalid value: " 1.2.3.4": ${INVALID_IP}`,
  ]);
  // Server: created (a legacy field: IPv4-mapped IPv6 and unspecified only warn or pass).
  assert.deepEqual(await errors(pod({ hostAliases: [{ ip: '::ffff:1.2.3.4' }, { ip: '0.0.0.0' }] })), []);
  assert.deepEqual(await errors(deployment({ hostAliases: [{ ip: 'x' }] })), [
    `spec.template.spec.hostAliases[0].ip: Invalid value: "x": ${INVALID_IP}`,
  ]);
  assert.deepEqual(await errors(cronJob({ hostAliases: [{ ip: '' }] })), [
    `spec.jobTemplate.spec.template.spec.hostAliases[0].ip: Invalid value: "": ${INVALID_IP}`,
  ]);
});

test("shareProcessNamespace with hostPID is refused at the internal security context's path", async () => {
  // Server, each: <kind> "…" is invalid: <this>. Before: accepted.
  assert.deepEqual(await errors(pod({ shareProcessNamespace: true, hostPID: true })), [`spec.${SHARED_PID}`]);
  assert.deepEqual(await errors(deployment({ shareProcessNamespace: true, hostPID: true })), [
    `spec.template.spec.${SHARED_PID}`,
  ]);
  assert.deepEqual(await errors(cronJob({ shareProcessNamespace: true, hostPID: true })), [
    `spec.jobTemplate.spec.template.spec.${SHARED_PID}`,
  ]);
  // Server: created.
  assert.deepEqual(await errors(pod({ shareProcessNamespace: false, hostPID: true })), []);
  assert.deepEqual(await errors(pod({ shareProcessNamespace: true, hostPID: false })), []);
});
