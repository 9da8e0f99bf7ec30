// Server rules of the scheduling, RBAC and networking groups the README named as still open, closed: each case is
// kube-apiserver 1.35's answer to a dry-run create (kubectl.1.33 create --dry-run=server --validate=strict,
// 2026-12-07), message for message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorMessages, storeFor, SUBDOMAIN_MESSAGE } from './sharedData';

const store = storeFor('1.35');
const errors = (o: unknown): Promise<string[]> => errorMessages(store, o);

test('preemptionPolicy "" is a Required value (ValidatePreemptionPolicy), in a PriorityClass and a pod template', async () => {
  const pc = (preemptionPolicy: string) => ({
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'pc' },
    value: 10,
    preemptionPolicy,
  });
  assert.deepEqual(await errors(pc('')), ['preemptionPolicy: Required value']);
  assert.deepEqual(await errors(pc('Never')), []);
  assert.deepEqual(await errors(pc('Sometimes')), [
    'preemptionPolicy: Unsupported value: "Sometimes": supported values: "PreemptLowerPriority", "Never"',
  ]);
  const template = (preemptionPolicy: string) => ({
    metadata: { labels: { a: 'b' } },
    spec: { preemptionPolicy, containers: [{ name: 'c', image: 'nginx' }] },
  });
  const deployment = (preemptionPolicy: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'd', namespace: 'default' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: template(preemptionPolicy) },
  });
  assert.deepEqual(await errors(deployment('')), ['spec.template.spec.preemptionPolicy: Required value']);
  assert.deepEqual(await errors(deployment('PreemptLowerPriority')), []);
});

test("a binding's roleRef.name is a path segment (ValidateRBACName)", async () => {
  const binding = (kind: string, roleKind: string, name: string) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: 'b', ...(kind === 'RoleBinding' ? { namespace: 'default' } : {}) },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name },
  });
  assert.deepEqual(await errors(binding('RoleBinding', 'Role', 'a/b')), [
    `roleRef.name: Invalid value: "a/b": may not contain '/'`,
  ]);
  assert.deepEqual(await errors(binding('ClusterRoleBinding', 'ClusterRole', '..')), [
    `roleRef.name: Invalid value: "..": may not be '..'`,
  ]);
  assert.deepEqual(await errors(binding('ClusterRoleBinding', 'ClusterRole', 'a%b')), [
    `roleRef.name: Invalid value: "a%b": may not contain '%'`,
  ]);
  // Not a DNS name: any other text is a path segment.
  assert.deepEqual(await errors(binding('RoleBinding', 'ClusterRole', 'system:Weird Name')), []);
});

function networkPolicy(direction: 'ingress' | 'egress', peers: unknown[]): unknown {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'np', namespace: 'default' },
    spec: { podSelector: {}, [direction]: [{ [direction === 'ingress' ? 'from' : 'to']: peers }] },
  };
}

test("an ipBlock's except is a strict subset of its cidr, of the same family (ValidateIPBlock)", async () => {
  const p = 'spec.ingress[0].from[0].ipBlock.except';
  const except = ['10.1.0.0/24', '10.0.0.0/16', '10.0.1.0/24', '10.0.0.0/8', '::/64', '10.0.0.5/32'];
  assert.deepEqual(await errors(networkPolicy('ingress', [{ ipBlock: { cidr: '10.0.0.0/16', except } }])), [
    `${p}[0]: Invalid value: "10.1.0.0/24": must be a strict subset of \`cidr\``,
    `${p}[1]: Invalid value: "10.0.0.0/16": must be a strict subset of \`cidr\``,
    `${p}[3]: Invalid value: "10.0.0.0/8": must be a strict subset of \`cidr\``,
    `${p}[4]: Invalid value: "::/64": must be a strict subset of \`cidr\``,
  ]);
});

test('an ipBlock is read as ParseCIDRSloppy reads it: leading zeros, IPv4-mapped IPv6, bits past the prefix', async () => {
  const p = 'spec.ingress[0].from';
  const peers = [
    { ipBlock: { cidr: '' } },
    { ipBlock: { cidr: '010.0.0.0/016', except: ['010.0.1.0/24'] } },
    { ipBlock: { cidr: '10.0.0.0/33', except: ['10.0.1.0/24'] } },
    { ipBlock: { cidr: '::ffff:10.0.0.0/104', except: ['10.0.1.0/24', '::ffff:10.0.2.0/120'] } },
    { ipBlock: { cidr: '10.0.0.7/16', except: ['10.0.1.7/24'] } },
    { ipBlock: { cidr: '2001:db8::/32', except: ['2001:db8:1::/48', '10.0.0.0/8', '2001:db9::/48'] } },
    { ipBlock: { except: ['10.0.0.0/8'] } },
    { ipBlock: { cidr: '0.0.0.0/0', except: ['0.0.0.0/0', '10.0.0.0/8'] } },
  ];
  assert.deepEqual(await errors(networkPolicy('ingress', peers)), [
    `${p}[0].ipBlock.cidr: Required value`,
    `${p}[2].ipBlock.cidr: Invalid value: "10.0.0.0/33": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)`,
    `${p}[3].ipBlock.except[0]: Invalid value: "10.0.1.0/24": must be a strict subset of \`cidr\``,
    `${p}[5].ipBlock.except[1]: Invalid value: "10.0.0.0/8": must be a strict subset of \`cidr\``,
    `${p}[5].ipBlock.except[2]: Invalid value: "2001:db9::/48": must be a strict subset of \`cidr\``,
    `${p}[6].ipBlock.cidr: Required value`,
    `${p}[7].ipBlock.except[0]: Invalid value: "0.0.0.0/0": must be a strict subset of \`cidr\``,
  ]);
});

test('a peer selects something, and an ipBlock stands alone (ValidateNetworkPolicyPeer)', async () => {
  const peers = [
    { ipBlock: { cidr: '10.0.0.0/16' }, podSelector: {} },
    { namespaceSelector: {}, podSelector: {} },
    {},
    { ipBlock: { cidr: '10.0.0.0/16' }, namespaceSelector: null },
    null,
  ];
  assert.deepEqual(await errors(networkPolicy('egress', peers)), [
    'spec.egress[0].to[0]: Forbidden: may not specify both ipBlock and another peer',
    'spec.egress[0].to[2]: Required value: must specify a peer',
    'spec.egress[0].to[4]: Required value: must specify a peer',
  ]);
});

test("an IngressClass' parameters: a namespace exactly when the scope is Namespace, kind and name path segments", async () => {
  const ingressClass = (name: string, parameters: Record<string, unknown>) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'IngressClass',
    metadata: { name },
    spec: { controller: 'example.com/c', parameters },
  });
  const p = 'spec.parameters';
  assert.deepEqual(await errors(ingressClass('a', { kind: 'K', name: 'pn', scope: 'Cluster', namespace: 'ns' })), [
    `${p}.namespace: Forbidden: \`parameters.scope\` is set to 'Cluster'`,
  ]);
  assert.deepEqual(await errors(ingressClass('b', { kind: 'K', name: 'pn', scope: 'Namespace' })), [
    `${p}.namespace: Required value: \`parameters.scope\` is set to 'Namespace'`,
  ]);
  const bad = { kind: '', name: 'a/b', scope: 'Foo', namespace: 'Bad_NS', apiGroup: 'v1/x' };
  assert.deepEqual(await errors(ingressClass('c', bad)), [
    `${p}.apiGroup: Invalid value: "v1/x": ${SUBDOMAIN_MESSAGE}`,
    `${p}.kind: Required value`,
    `${p}.name: Invalid value: "a/b": may not contain '/'`,
    `${p}.scope: Unsupported value: "Foo": supported values: "Cluster", "Namespace"`,
  ]);
  // No scope is Cluster (SetDefaults_IngressClass); "" is no scope the server knows.
  assert.deepEqual(await errors(ingressClass('d', { kind: 'K/x', name: 'pn', namespace: 'ns' })), [
    `${p}.kind: Invalid value: "K/x": may not contain '/'`,
    `${p}.namespace: Forbidden: \`parameters.scope\` is set to 'Cluster'`,
  ]);
  assert.deepEqual(await errors(ingressClass('e', { kind: 'K', name: 'pn', scope: '', apiGroup: 'example.com' })), [
    `${p}.scope: Unsupported value: "": supported values: "Cluster", "Namespace"`,
  ]);
});
