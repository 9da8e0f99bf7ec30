// Differential tests for the describers of RBAC roles, network policies, disruption budgets, endpoints, endpoint
// slices, replication controllers, CSI nodes, service CIDRs, IP addresses and certificate signing requests: `kubesense describe` against
// `kubectl.1.33 describe` on the real cluster, byte for byte (compareDescribe). Each kind is described full and
// empty. The test makes every object itself (its own namespace; cluster-scoped names carry the namespace) and
// waits for the controllers that own part of them (role aggregation, disruption, replication, service CIDR) to
// settle first.
import { describe, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runKubectl } from '../../cluster/kubectl';
import { runKubesense, type Run } from './run';
import { describeSuite } from './describeCompare';
import { certificateRequest, selfSigned } from '../../unit/kube/kubeconfig/pki';

function manifests(ns: string): object[] {
  const aggregateLabel = `example.com/aggregate-${ns}`;
  return [
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: `agg-${ns}`, labels: { app: 'web' }, annotations: { owner: 'team-a' } },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [aggregateLabel]: 'true' } }] },
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: `part-${ns}`, labels: { [aggregateLabel]: 'true' } },
      rules: [
        { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] },
        { nonResourceURLs: ['/healthz', '/metrics'], verbs: ['get'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: `full-${ns}` },
      rules: [
        { apiGroups: ['', 'apps'], resources: ['pods', 'deployments/scale'], verbs: ['get', 'list'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['watch'] },
        { apiGroups: [''], resources: ['configmaps'], resourceNames: ['b', 'a'], verbs: ['get', 'update'] },
        { nonResourceURLs: ['/healthz', '/readyz/*'], verbs: ['get', 'post'] },
        { apiGroups: ['*'], resources: ['*'], verbs: ['*'] },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: `crb-${ns}`, labels: { app: 'web' } },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `full-${ns}` },
      subjects: [
        { kind: 'ServiceAccount', name: 'builder', namespace: ns },
        { kind: 'User', name: 'alice', apiGroup: 'rbac.authorization.k8s.io' },
      ],
    },
    {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'secrets', namespace: ns, annotations: { note: 'one secret' } },
      rules: [
        { apiGroups: [''], resources: ['secrets'], resourceNames: ['creds'], verbs: ['get', 'update'] },
        { apiGroups: ['batch'], resources: ['jobs', 'cronjobs/status'], verbs: ['create'] },
      ],
    },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'empty', namespace: ns } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'web', namespace: ns, labels: { app: 'web' } },
      spec: {
        podSelector: {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['z', 'a'] }],
        },
        policyTypes: ['Ingress', 'Egress'],
        ingress: [
          {
            from: [
              { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16', '10.2.0.0/16'] } },
              { namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { role: 'client' } } },
              { podSelector: {} },
              { namespaceSelector: { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] } },
            ],
            ports: [{ protocol: 'TCP', port: 80 }, { port: 'http' }, { protocol: 'UDP', port: 30000, endPort: 32767 }],
          },
          {},
        ],
        egress: [
          { to: [{ ipBlock: { cidr: '0.0.0.0/0' } }], ports: [{ protocol: 'SCTP' }] },
          { ports: [{ port: 53, protocol: 'UDP' }] },
        ],
      },
    },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny-all', namespace: ns },
      spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] },
    },
    // No policy types: the server defaults them from the rules (Ingress only).
    { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'bare', namespace: ns }, spec: {} },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'half', namespace: ns },
      spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'one', namespace: ns },
      spec: { maxUnavailable: 1, selector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } },
    },
    {
      apiVersion: 'policy/v1',
      kind: 'PodDisruptionBudget',
      metadata: { name: 'unselected', namespace: ns },
      spec: { maxUnavailable: '25%' },
    },
    {
      apiVersion: 'v1',
      kind: 'Endpoints',
      metadata: { name: 'legacy', namespace: ns, labels: { app: 'web' } },
      subsets: [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2', hostname: 'h2' }],
          notReadyAddresses: [{ ip: '10.0.0.9' }],
          ports: [
            { name: 'http', port: 80, protocol: 'TCP' },
            { name: 'dns', port: 53, protocol: 'UDP' },
          ],
        },
        { notReadyAddresses: [{ ip: '10.0.1.1' }] },
        { addresses: [{ ip: '10.0.2.1' }], ports: [{ port: 9090 }] },
      ],
    },
    { apiVersion: 'v1', kind: 'Endpoints', metadata: { name: 'none', namespace: ns } },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'web-abc', namespace: ns, labels: { 'kubernetes.io/service-name': 'web' } },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { port: 53, protocol: 'UDP' }, { name: 'any' }],
      endpoints: [
        {
          addresses: ['10.0.0.1', '10.0.0.2'],
          conditions: { ready: true, serving: true, terminating: false },
          hostname: 'web-0',
          nodeName: 'node-1',
          zone: 'zone-a',
          targetRef: { kind: 'Pod', name: 'web-0', namespace: ns },
          hints: { forZones: [{ name: 'zone-a' }] },
        },
        { addresses: ['10.0.0.3'], conditions: { ready: false, serving: true, terminating: true } },
        { addresses: ['10.0.0.4'] },
      ],
    },
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: { name: 'empty', namespace: ns },
      addressType: 'IPv6',
      endpoints: [],
    },
    {
      apiVersion: 'v1',
      kind: 'ReplicationController',
      metadata: { name: 'legacy', namespace: ns, labels: { app: 'legacy' }, annotations: { note: 'old' } },
      spec: {
        replicas: 2,
        selector: { app: 'legacy', tier: 'b' },
        template: {
          metadata: { labels: { app: 'legacy', tier: 'b' } },
          // No scheduler has this name: the pods stay Pending and never change.
          spec: { schedulerName: 'kubesense-none', containers: [{ name: 'app', image: 'registry.k8s.io/pause:3.10' }] },
        },
      },
    },
    {
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSINode',
      metadata: { name: `csi-${ns}`, labels: { app: 'web' } },
      spec: {
        drivers: [
          {
            name: 'csi.example.com',
            nodeID: 'node-1',
            allocatable: { count: 5 },
            topologyKeys: ['topology.kubernetes.io/zone', 'kubernetes.io/hostname'],
          },
          { name: 'other.example.com', nodeID: 'n2' },
        ],
      },
    },
    { apiVersion: 'storage.k8s.io/v1', kind: 'CSINode', metadata: { name: `csi-empty-${ns}` }, spec: { drivers: [] } },
    {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'ServiceCIDR',
      metadata: { name: `cidr-${ns}`, annotations: { owner: 'team-a' } },
      spec: { cidrs: ['10.250.0.0/24', 'fd00:250::/112'] },
    },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns }, spec: { ports: [{ port: 80 }] } },
  ];
}

describe('kubesense describe of RBAC, policy, endpoint, storage and networking kinds matches kubectl 1.33', () => {
  const ns = `describe-kinds-${process.pid}`;
  const clusterScoped: [string, string][] = [
    ['clusterrole', `agg-${ns}`],
    ['clusterrole', `part-${ns}`],
    ['clusterrole', `full-${ns}`],
    ['clusterrolebinding', `crb-${ns}`],
    ['csinode', `csi-${ns}`],
    ['csinode', `csi-empty-${ns}`],
    ['servicecidr', `cidr-${ns}`],
    ['volumeattributesclass', `vac-${ns}`],
    ['csr', `issued-${ns}`],
    ['csr', `denied-${ns}`],
    ['csr', `pending-${ns}`],
    ['csr', `odd-${ns}`],
  ];
  // The Service's cluster IP: the name of its IPAddress object.
  const live = { ip: '' };
  const suite = describeSuite(ns, clusterScoped, async ({ must, settled }) => {
    await must(['apply', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests(ns) }));
    // Certificate signing requests: created (no last-applied annotation), then approved or denied; no signer
    // serves example.com/signer, so the issued certificate is written into the status by the test.
    const full = certificateRequest(
      '/CN=alice/serialNumber=42/O=dev/O=ops/OU=web/C=DE/L=Berlin/ST=BE/street=Main 1/postalCode=10115',
      'DNS:a.example.com,DNS:b.example.com,email:a@example.com,IP:10.0.0.1,IP:fd00::1,URI:spiffe://example.com/a',
    );
    const minimal = certificateRequest('/CN=bob');
    // What Go's x509 and net/url make of names before kubectl prints them, and kubectl's format string ('%').
    const odd = certificateRequest(
      '/CN=odd/O=100%d off/OU=50%',
      'DNS:*.example.com,email:a+b@Example.com,email:100%x@example.com,IP:::ffff:10.0.0.1,' +
        'IP:2001:db8:0:0:1:0:0:1,IP:::,IP:::ffff:0:0,IP:2001:DB8::A,URI:HTTPS://Example.COM/a%7Eb?q=1,' +
        'URI:spiffe://example.com/a b,URI:urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6,URI:http://[::1]:8080/x,' +
        'URI:http://user:pw@h.example/%41,URI:file:///etc/x',
    );
    const csr = (name: string, request: string, more: object) => ({
      apiVersion: 'certificates.k8s.io/v1',
      kind: 'CertificateSigningRequest',
      metadata: { name, labels: { app: 'web' } },
      spec: {
        request: Buffer.from(request).toString('base64'),
        signerName: 'example.com/signer',
        usages: ['client auth'],
        ...more,
      },
    });
    await must(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'List',
        items: [
          csr(`issued-${ns}`, full, { expirationSeconds: 86400 }),
          csr(`denied-${ns}`, minimal, {}),
          csr(`pending-${ns}`, minimal, { expirationSeconds: 600 }),
          csr(`odd-${ns}`, odd, {}),
        ],
      }),
    );
    await must(['certificate', 'approve', `issued-${ns}`]);
    await must(['certificate', 'deny', `denied-${ns}`]);
    await must([
      'patch',
      'csr',
      `issued-${ns}`,
      '--subresource=status',
      '--type=merge',
      '-p',
      JSON.stringify({ status: { certificate: Buffer.from(selfSigned('signer').cert).toString('base64') } }),
    ]);
    await settled('aggregated rules', ['get', 'clusterrole', `agg-${ns}`, '-o', 'jsonpath={.rules[*].verbs}'], (v) =>
      v.includes('get'),
    );
    for (const pdb of ['half', 'one', 'unselected'])
      await settled(
        `pdb/${pdb} observed`,
        ['-n', ns, 'get', 'pdb', pdb, '-o', 'jsonpath={.metadata.generation} {.status.observedGeneration}'],
        (v) => /^(\d+) \1$/.test(v),
      );
    await settled(
      'rc/legacy pods made',
      [
        '-n',
        ns,
        'get',
        'rc',
        'legacy',
        '-o',
        'jsonpath={.metadata.generation} {.status.observedGeneration} {.status.replicas}',
      ],
      (v) => /^(\d+) \1 2$/.test(v),
    );
    await settled(
      'servicecidr ready',
      ['get', 'servicecidr', `cidr-${ns}`, '-o', 'jsonpath={.status.conditions[?(@.type=="Ready")].status}'],
      (v) => v === 'True',
    );
    live.ip = await settled('service IP', ['-n', ns, 'get', 'svc', 'web', '-o', 'jsonpath={.spec.clusterIP}'], (v) =>
      /^[\d.:a-f]+$/.test(v),
    );
  });
  const { cacheRoot, connect, compare } = suite;

  const cases: Array<[string, (ns: string) => string[]]> = [
    ['an aggregated ClusterRole', (n) => ['describe', 'clusterrole', `agg-${n}`]],
    [
      'a ClusterRole with groups, subresources, resource names and non-resource URLs',
      (n) => ['describe', 'clusterrole', `full-${n}`],
    ],
    ['a ClusterRoleBinding', (n) => ['describe', 'clusterrolebinding', `crb-${n}`]],
    ['a Role', (n) => ['describe', 'role', 'secrets', '-n', n]],
    ['a Role without rules', (n) => ['describe', 'role', 'empty', '-n', n]],
    [
      'a NetworkPolicy with ingress, egress, ipBlock, selectors, ports and endPort',
      (n) => ['describe', 'networkpolicy', 'web', '-n', n],
    ],
    ['a deny-all NetworkPolicy', (n) => ['describe', 'netpol', 'deny-all', '-n', n]],
    ['a NetworkPolicy with defaulted policy types', (n) => ['describe', 'netpol', 'bare', '-n', n]],
    ['a PodDisruptionBudget with a minAvailable percentage', (n) => ['describe', 'pdb', 'half', '-n', n]],
    ['a PodDisruptionBudget with maxUnavailable and an expression', (n) => ['describe', 'pdb', 'one', '-n', n]],
    ['a PodDisruptionBudget without a selector', (n) => ['describe', 'pdb', 'unselected', '-n', n]],
    ['Endpoints with several subsets and not-ready addresses', (n) => ['describe', 'endpoints', 'legacy', '-n', n]],
    ['Endpoints without subsets', (n) => ['describe', 'ep', 'none', '-n', n]],
    ['an EndpointSlice with conditions, hints and ports', (n) => ['describe', 'endpointslice', 'web-abc', '-n', n]],
    ['an empty EndpointSlice', (n) => ['describe', 'endpointslice', 'empty', '-n', n]],
    ['a ReplicationController with its pods', (n) => ['describe', 'rc', 'legacy', '-n', n]],
    ['a CSINode with drivers', (n) => ['describe', 'csinode', `csi-${n}`]],
    ['a CSINode without drivers', (n) => ['describe', 'csinode', `csi-empty-${n}`]],
    ['a ServiceCIDR with conditions', (n) => ['describe', 'servicecidr', `cidr-${n}`]],
    ["the cluster's default ServiceCIDR", () => ['describe', 'servicecidr', 'kubernetes']],
    ["a Service's IPAddress", () => ['describe', 'ipaddress', live.ip]],
    [
      'an issued CertificateSigningRequest with a full subject and alternative names',
      (n) => ['describe', 'csr', `issued-${n}`],
    ],
    [
      'a CertificateSigningRequest with unusual names: IPv4-mapped and uncompressed IPv6, URIs Go normalizes, %',
      (n) => ['describe', 'csr', `odd-${n}`],
    ],
    ['a denied CertificateSigningRequest', (n) => ['describe', 'csr', `denied-${n}`]],
    ['a pending CertificateSigningRequest', (n) => ['describe', 'certificatesigningrequest', `pending-${n}`]],
    ['every Role of a namespace', (n) => ['describe', 'roles', '-n', n]],
  ];
  for (const [title, args] of cases)
    test(title, async (t) => {
      const run = await compare(t, () => args(ns));
      if (run) {
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stdout, /^Name:/);
      }
    });

  // Times in the local zone as kubectl (Go) prints them: the offset and tzdata's abbreviation (IST, -03, AEDT), not
  // ICU's ("GMT+5:30"); an empty TZ is UTC. kubectl inherits this process's TZ; kubesense runs in it.
  for (const tz of ['Asia/Kolkata', 'America/Sao_Paulo', 'Australia/Sydney', ''])
    test(`times with TZ=${JSON.stringify(tz)}: a NetworkPolicy's "Created on", a CSR's CreationTimestamp`, async (t) => {
      const saved = process.env.TZ;
      process.env.TZ = tz;
      try {
        for (const args of [
          ['describe', 'netpol', 'web', '-n', ns],
          ['describe', 'csr', `issued-${ns}`],
        ]) {
          const run = await compare(t, () => args);
          if (run) assert.equal(run.code, 0, run.stderr);
        }
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });

  // describe -f: the objects the manifests name, read from the server; a file, a folder, errors kept per object.
  describe('-f', () => {
    const dir = path.join(cacheRoot, 'manifests');
    const write = (file: string, objects: object[]) => {
      fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      fs.writeFileSync(path.join(dir, file), objects.map((o) => JSON.stringify(o)).join('\n---\n'));
    };
    const meta = (kind: string, apiVersion: string, metadata: object) => ({ apiVersion, kind, metadata });
    const rbac = 'rbac.authorization.k8s.io/v1';
    async function compareFiles(t: TestContext, args: string[]): Promise<Run | undefined> {
      write('objects.yaml', [
        meta('Role', rbac, { name: 'secrets' }),
        meta('ClusterRole', rbac, { name: `full-${ns}` }),
        meta('NetworkPolicy', 'networking.k8s.io/v1', { name: 'web', namespace: ns }),
      ]);
      write('more/missing.json', [meta('ConfigMap', 'v1', { name: 'missing', namespace: ns })]);
      write('more/policy.yml', [meta('PodDisruptionBudget', 'policy/v1', { name: 'half' })]);
      return compare(t, () => args, dir);
    }
    const fileCases: Array<[string, (ns: string) => string[], number]> = [
      ['a file of namespaced and cluster-scoped objects', (n) => ['describe', '-f', 'objects.yaml', '-n', n], 0],
      ['a folder with a missing object', (n) => ['describe', '-f', 'more', '-n', n], 1],
      ['a folder, recursively', (n) => ['describe', '-f', '.', '-R', '-n', n], 1],
      ['an object from another namespace than -n', () => ['describe', '-f', 'objects.yaml', '-n', 'default'], 1],
      ['a file together with resource arguments', (n) => ['describe', '-f', 'objects.yaml', 'pods', '-n', n], 1],
      ['a file that does not exist', () => ['describe', '-f', 'nothing.yaml'], 1],
    ];
    for (const [title, args, code] of fileCases)
      test(title, async (t) => {
        const run = await compareFiles(t, args(ns));
        if (run) assert.equal(run.code, code, run.stderr);
      });
  });

  // kubectl 1.33 reads VolumeAttributesClass from storage.k8s.io/v1beta1, which a 1.35 server no longer serves
  // (it answers NotFound), so there is no kubectl text to compare: this checks the text of describe.go's format.
  test('a VolumeAttributesClass (storage.k8s.io/v1)', async (t) => {
    const kubeconfig = await connect(t);
    if (!kubeconfig) return;
    const name = `vac-${ns}`;
    const r = await runKubectl(['create', '-f', '-'], {
      kubeconfig,
      input: JSON.stringify({
        apiVersion: 'storage.k8s.io/v1',
        kind: 'VolumeAttributesClass',
        metadata: { name, annotations: { owner: 'team-a', tier: 'gold' } },
        driverName: 'csi.example.com',
        parameters: { iops: '3000', throughput: '125' },
      }),
    });
    assert.equal(r.code, 0, r.stderr);
    const run = await runKubesense([`--kubeconfig=${kubeconfig}`, 'describe', 'vac', name]);
    assert.equal(run.stderr, '');
    assert.equal(
      run.stdout,
      `Name:         ${name}\n` +
        'Annotations:  owner=team-a,tier=gold\n' +
        'DriverName:   csi.example.com\n' +
        'Parameters:   iops=3000,throughput=125\n' +
        'Events:       <none>\n',
    );
  });
});
