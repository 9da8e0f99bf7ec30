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

const job = (spec: Record<string, unknown>, podSpec: Record<string, unknown> = {}) => ({
  apiVersion: 'batch/v1',
  kind: 'Job',
  metadata: { name: 'j' },
  spec: {
    template: {
      spec: {
        containers: CONTAINERS,
        initContainers: [{ name: 'init', image: 'i' }],
        restartPolicy: 'Never',
        ...podSpec,
      },
    },
    ...spec,
  },
});
const rules = (...r: unknown[]) => ({ podFailurePolicy: { rules: r } });
const exitCodes = (operator: string, values: number[], extra: Record<string, unknown> = {}) => ({
  onExitCodes: { operator, values, ...extra },
});
const RULE = 'spec.podFailurePolicy.rules[0]';
const NAME_PART =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

test("a Job's podFailurePolicy rules as validatePodFailurePolicy checks them", async () => {
  // Server, each: The Job "j" is invalid: <these>. Before: accepted (or, for the absent fields, a bare Required).
  assert.deepEqual(await errors(job(rules({ action: 'FailJob', ...exitCodes('In', [0, 3, 3, 2]) }))), [
    `${RULE}.onExitCodes.values: Invalid value: [0,3,3,2]: must be ordered`,
    `${RULE}.onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator`,
    `${RULE}.onExitCodes.values[2]: Duplicate value: 3`,
  ]);
  assert.deepEqual(await errors(job(rules({ action: 'Ignore' }))), [
    `${RULE}: Invalid value: specifying one of OnExitCodes and OnPodConditions is required`,
  ]);
  const both = { action: 'Count', ...exitCodes('NotIn', [1]), onPodConditions: [{ type: 'DisruptionTarget' }] };
  assert.deepEqual(await errors(job(rules(both))), [
    `${RULE}: Invalid value: specifying both OnExitCodes and OnPodConditions is not supported`,
  ]);
  assert.deepEqual(
    await errors(job(rules({ action: 'FailIndex', ...exitCodes('In', [1], { containerName: 'nope' }) }))),
    [
      `${RULE}.action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set`,
      `${RULE}.onExitCodes.containerName: Invalid value: "nope": must be one of the container or initContainer names in the pod template`,
    ],
  );
  assert.deepEqual(await errors(job(rules({ action: 'FailJob', ...exitCodes('In', []) }))), [
    `${RULE}.onExitCodes.values: Invalid value: []: at least one value is required`,
  ]);
  assert.deepEqual(await errors(job(rules({ action: 'Ignore', onExitCodes: {} }))), [
    `${RULE}.onExitCodes.operator: Required value: valid values: ["In" "NotIn"]`,
    `${RULE}.onExitCodes.values: Invalid value: null: at least one value is required`,
  ]);
  // An empty or absent status is defaulted to True; an absent type is "".
  const conditions = [{ type: 'bad type!', status: 'Maybe' }, { type: 'X' }, { type: 'Y', status: '' }];
  assert.deepEqual(await errors(job(rules({ action: 'FailJob', onPodConditions: conditions }))), [
    `${RULE}.onPodConditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"`,
    `${RULE}.onPodConditions[0].type: Invalid value: "bad type!": ${NAME_PART}`,
  ]);
  assert.deepEqual(await errors(job(rules({ onPodConditions: [{ status: 'True' }] }))), [
    `${RULE}.action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]`,
    `${RULE}.onPodConditions[0].type: Invalid value: "": name part must be non-empty`,
    `${RULE}.onPodConditions[0].type: Invalid value: "": ${NAME_PART}`,
  ]);
  assert.deepEqual(await errors(job(rules({ action: '', ...exitCodes('', [1]) }))), [
    `${RULE}.action: Required value: valid values: ["Count" "FailIndex" "FailJob" "Ignore"]`,
    `${RULE}.onExitCodes.operator: Required value: valid values: ["In" "NotIn"]`,
  ]);
  const ignore = { action: 'Ignore', ...exitCodes('In', [1]) };
  assert.deepEqual(await errors(job(rules(...Array<unknown>(21).fill(ignore)))), [
    'spec.podFailurePolicy.rules: Too many: 21: must have at most 20 items',
  ]);
  const many = [
    { action: 'Ignore', ...exitCodes('NotIn', [...Array(256).keys()]) },
    { action: 'Ignore', onPodConditions: Array(21).fill({ type: 'A', status: 'True' }) },
  ];
  assert.deepEqual(await errors(job(rules(...many))), [
    `${RULE}.onExitCodes.values: Too many: 256: must have at most 255 items`,
    'spec.podFailurePolicy.rules[1].onPodConditions: Too many: 21: must have at most 20 items',
  ]);
  // Server: created (FailIndex with backoffLimitPerIndex; no rules at all; an init container's name).
  const indexed = { completionMode: 'Indexed', completions: 2, backoffLimitPerIndex: 1 };
  assert.deepEqual(await errors(job({ ...rules({ action: 'FailIndex', ...exitCodes('In', [1]) }), ...indexed })), []);
  assert.deepEqual(await errors(job({ podFailurePolicy: {} })), []);
  assert.deepEqual(
    await errors(job(rules({ action: 'Count', ...exitCodes('In', [1], { containerName: 'init' }) }))),
    [],
  );
});

test('a podFailurePolicy needs restartPolicy Never and podReplacementPolicy Failed, in a Job and a CronJob', async () => {
  const onFailure = 'Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified';
  const failJob = { action: 'FailJob', ...exitCodes('In', [1]) };
  // Server, each: … is invalid: <these>. Before: accepted.
  assert.deepEqual(await errors(job(rules(failJob), { restartPolicy: 'OnFailure' })), [
    `spec.template.spec.restartPolicy: ${onFailure}`,
  ]);
  assert.deepEqual(await errors(job({ podFailurePolicy: { rules: [] } }, { restartPolicy: 'OnFailure' })), [
    `spec.template.spec.restartPolicy: ${onFailure}`,
  ]);
  assert.deepEqual(await errors(job({ ...rules(failJob), podReplacementPolicy: 'TerminatingOrFailed' })), [
    'spec.podReplacementPolicy: Unsupported value: "TerminatingOrFailed": supported values: "Failed"',
  ]);
  const cron = cronJob({ restartPolicy: 'OnFailure' });
  Object.assign(cron.spec.jobTemplate.spec, rules({ action: 'FailJob', ...exitCodes('In', [0, 2, 1]) }));
  assert.deepEqual(await errors(cron), [
    'spec.jobTemplate.spec.podFailurePolicy.rules[0].onExitCodes.values: Invalid value: [0,2,1]: must be ordered',
    'spec.jobTemplate.spec.podFailurePolicy.rules[0].onExitCodes.values[0]: Invalid value: 0: must not be 0 for the In operator',
    `spec.jobTemplate.spec.template.spec.restartPolicy: ${onFailure}`,
  ]);
  // Server: created (OnFailure without a policy; Failed with one).
  assert.deepEqual(await errors(job({}, { restartPolicy: 'OnFailure' })), []);
  assert.deepEqual(await errors(job({ ...rules(failJob), podReplacementPolicy: 'Failed' })), []);
});

const endpointSlice = (addressType: string, endpoints: unknown[], ports?: unknown[]) => ({
  apiVersion: 'discovery.k8s.io/v1',
  kind: 'EndpointSlice',
  metadata: { name: 'e' },
  addressType,
  endpoints,
  ...(ports ? { ports } : {}),
});
const LOOPBACK = 'may not be in the loopback range (127.0.0.0/8, ::1/128)';
const LINK_LOCAL = 'may not be in the link-local range (169.254.0.0/16, fe80::/10)';
const SUBDOMAIN =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

test("an EndpointSlice's addresses by its address type", async () => {
  // Server, each: The EndpointSlice "e" is invalid: <these>. Before: accepted.
  const v4 = ['1.2.3', '::1', '127.0.0.1', '010.1.1.1', '0.0.0.0', '169.254.1.1', '1.2.3.4'];
  assert.deepEqual(await errors(endpointSlice('IPv4', [{ addresses: v4 }, { addresses: [] }])), [
    'endpoints[0].addresses: Invalid value: "::1": must be an IPv4 address',
    `endpoints[0].addresses[0]: Invalid value: "1.2.3": ${INVALID_IP}`,
    `endpoints[0].addresses[1]: Invalid value: "::1": ${LOOPBACK}`,
    `endpoints[0].addresses[2]: Invalid value: "127.0.0.1": ${LOOPBACK}`,
    'endpoints[0].addresses[4]: Invalid value: "0.0.0.0": may not be unspecified (0.0.0.0)',
    `endpoints[0].addresses[5]: Invalid value: "169.254.1.1": ${LINK_LOCAL}`,
    'endpoints[1].addresses: Required value: must contain at least 1 address',
  ]);
  const v6 = ['1.2.3.4', '2001:DB8::1', '2001:db8:0:0::1', '::ffff:1.2.3.4', 'fe80::1', '2001:db8::1', '::1', 'x'];
  assert.deepEqual(await errors(endpointSlice('IPv6', [{ addresses: v6 }])), [
    'endpoints[0].addresses: Invalid value: "1.2.3.4": must be an IPv6 address',
    'endpoints[0].addresses[1]: Invalid value: "2001:DB8::1": must be in canonical form ("2001:db8::1")',
    'endpoints[0].addresses[2]: Invalid value: "2001:db8:0:0::1": must be in canonical form ("2001:db8::1")',
    'endpoints[0].addresses[3]: Invalid value: "::ffff:1.2.3.4": must not be an IPv4-mapped IPv6 address',
    `endpoints[0].addresses[4]: Invalid value: "fe80::1": ${LINK_LOCAL}`,
    `endpoints[0].addresses[6]: Invalid value: "::1": ${LOOPBACK}`,
    `endpoints[0].addresses[7]: Invalid value: "x": ${INVALID_IP}`,
  ]);
  // Server: each refused with exactly this (net.IP.String()'s form; netip refuses leading zeros), or created.
  const strict: [string, string | undefined][] = [
    ['2001:db8:0:1:0:0:0:1', 'must be in canonical form ("2001:db8:0:1::1")'],
    ['1:0:0:1:0:0:0:1', 'must be in canonical form ("1:0:0:1::1")'],
    ['::', 'may not be unspecified (::)'],
    ['2001:0db8::1', 'must be in canonical form ("2001:db8::1")'],
    ['0:0:0:0:0:0:0:0', 'must be in canonical form ("::")'],
    ['::1.2.3.4', 'must be in canonical form ("::102:304")'],
    ['::010.1.1.1', 'must not have leading 0s'],
    ['1::1:0:0:0', undefined],
    ['2001:db8::00001', 'must not have leading 0s'],
  ];
  for (const [address, message] of strict)
    assert.deepEqual(
      await errors(endpointSlice('IPv6', [{ addresses: [address] }])),
      message ? [`endpoints[0].addresses[0]: Invalid value: ${JSON.stringify(address)}: ${message}`] : [],
    );
  // A trailing dot is allowed.
  assert.deepEqual(await errors(endpointSlice('FQDN', [{ addresses: ['example.com', 'Bad_Name', 'a..b', 'a.b.'] }])), [
    `endpoints[0].addresses[1]: Invalid value: "Bad_Name": ${SUBDOMAIN}`,
    `endpoints[0].addresses[2]: Invalid value: "a..b": ${SUBDOMAIN}`,
  ]);
});

test("an EndpointSlice's ports, hostname, node name and hints", async () => {
  const endpoint = {
    addresses: ['1.2.3.4'],
    hostname: 'Bad.Host',
    nodeName: 'Bad_Node',
    hints: { forZones: [{ name: 'a' }, { name: 'a' }], forNodes: [{ name: 'n' }, { name: 'n' }] },
  };
  const ports = [
    { name: 'Bad', port: 80 },
    { name: 'Bad', port: 81 },
    { name: '', port: 82 },
    { port: 83 },
    { name: 'x', protocol: 'ICMP' },
    { name: 'y', appProtocol: 'bad proto!' },
  ];
  // Server: The EndpointSlice "e" is invalid: <these>. Before: only the protocol.
  assert.deepEqual(await errors(endpointSlice('IPv4', [endpoint], ports)), [
    'endpoints[0].hints.forNodes[1].name: Duplicate value: "n"',
    'endpoints[0].hints.forZones[1].name: Duplicate value: "a"',
    `endpoints[0].hostname: Invalid value: "Bad.Host": ${LABEL}`,
    `endpoints[0].nodeName: Invalid value: "Bad_Node": ${SUBDOMAIN}`,
    `ports[0].name: Invalid value: "Bad": ${LABEL}`,
    'ports[1].name: Duplicate value: "Bad"',
    `ports[1].name: Invalid value: "Bad": ${LABEL}`,
    'ports[3].name: Duplicate value: ""',
    'ports[4].protocol: Unsupported value: "ICMP": supported values: "SCTP", "TCP", "UDP"',
    `ports[5].appProtocol: Invalid value: "bad proto!": ${NAME_PART}`,
  ]);
});
