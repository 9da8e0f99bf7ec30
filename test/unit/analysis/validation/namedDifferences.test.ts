// Differences with kube-apiserver 1.35 the README named as still open, closed: each case is the server's answer to
// a dry-run create (kubectl.1.33 --dry-run=server, 2026-12-06), message for message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseManifestFile } from '../../../../analysis/documents';
import { DirectorySchemaSource, SchemaStore } from '../../../../analysis/schema';
import { validate } from '../../../../analysis/validation';
import { matchesFormat } from '../../../../analysis/validation/formats';
import { openapiDir, storeFor } from './sharedData';

const store = storeFor('1.35');

async function errors(o: unknown, schemas: SchemaStore = store): Promise<string[]> {
  const ds = await validate(parseManifestFile(JSON.stringify(o, null, 2), 'case.json'), schemas);
  return ds
    .filter((d) => d.severity === 'error')
    .map((d) => d.message)
    .sort();
}

function hpa(spec: Record<string, unknown>, apiVersion = 'autoscaling/v2'): unknown {
  return {
    apiVersion,
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'h', namespace: 'default' },
    spec: { maxReplicas: 3, ...spec },
  };
}

test("an HPA's scale target names an API group (except a ReplicationController's), as ParseGroupVersion reads it", async () => {
  const p = 'spec.scaleTargetRef';
  const target = (apiVersion?: string, kind = 'Deployment', name = 'web') => ({
    scaleTargetRef: { ...(apiVersion === undefined ? {} : { apiVersion }), kind, name },
  });
  for (const v of ['', 'v1', '/', '/v1'])
    assert.deepEqual(await errors(hpa(target(v))), [
      `${p}.apiVersion: Invalid value: ${JSON.stringify(v)}: apiVersion must specify API group`,
    ]);
  assert.deepEqual(await errors(hpa(target(''), 'autoscaling/v1')), [
    `${p}.apiVersion: Invalid value: "": apiVersion must specify API group`,
  ]);
  assert.deepEqual(await errors(hpa(target())), [
    `${p}.apiVersion: Invalid value: "": apiVersion must specify API group`,
  ]);
  assert.deepEqual(await errors(hpa(target('a/b/c'))), [
    `${p}.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c`,
  ]);
  assert.deepEqual(await errors(hpa(target('/', 'a/b', '..'))), [
    `${p}.apiVersion: Invalid value: "/": apiVersion must specify API group`,
    `${p}.kind: Invalid value: "a/b": may not contain '/'`,
    `${p}.name: Invalid value: "..": may not be '..'`,
  ]);
  assert.deepEqual(await errors(hpa(target(undefined, 'ReplicationController'))), []);
  assert.deepEqual(await errors(hpa(target('apps/v1'))), []);
  // An HPA without scaleTargetRef: the empty struct's errors, apiVersion's included.
  assert.deepEqual(await errors(hpa({})), [
    `${p}.apiVersion: Invalid value: "": apiVersion must specify API group`,
    `${p}.kind: Required value`,
    `${p}.name: Required value`,
  ]);
});

test("an HPA's Object metric may describe a core object, but its apiVersion must parse", async () => {
  const metric = (describedObject: unknown) => ({
    type: 'Object',
    object: { describedObject, metric: { name: 'm' }, target: { type: 'Value', value: '1' } },
  });
  const spec = (...described: unknown[]) => ({
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
    metrics: described.map(metric),
  });
  assert.deepEqual(await errors(hpa(spec({ kind: 'Service', name: 's' }))), []);
  const p = 'spec.metrics[1].object.describedObject';
  assert.deepEqual(
    await errors(hpa(spec({ kind: 'Service', name: 's' }, { apiVersion: 'a/b/c', kind: '%', name: '.' }))),
    [
      `${p}.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c`,
      `${p}.kind: Invalid value: "%": may not contain '%'`,
      `${p}.name: Invalid value: ".": may not be '.'`,
    ],
  );
});

test('a binding\'s roleRef.kind left out is Go\'s "", an Unsupported value as the server says (not Required)', async () => {
  const binding = (kind: string, roleRef?: Record<string, unknown>) => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind,
    metadata: { name: 'b', ...(kind === 'RoleBinding' ? { namespace: 'default' } : {}) },
    ...(roleRef ? { roleRef } : {}),
  });
  const both = 'supported values: "Role", "ClusterRole"';
  assert.deepEqual(await errors(binding('RoleBinding', { apiGroup: 'rbac.authorization.k8s.io', name: 'x' })), [
    `roleRef.kind: Unsupported value: "": ${both}`,
  ]);
  assert.deepEqual(await errors(binding('ClusterRoleBinding', { kind: null, name: 'x' })), [
    'roleRef.kind: Unsupported value: "": supported values: "ClusterRole"',
  ]);
  assert.deepEqual(await errors(binding('ClusterRoleBinding', {})), [
    'roleRef.kind: Unsupported value: "": supported values: "ClusterRole"',
    'roleRef.name: Required value',
  ]);
  assert.deepEqual(await errors(binding('RoleBinding')), [
    `roleRef.kind: Unsupported value: "": ${both}`,
    'roleRef.name: Required value',
  ]);
  assert.deepEqual(await errors(binding('RoleBinding', { kind: 'Role', name: 'x' })), []);
});

/** The 1.35 core/v1 and apps/v1 documents with the item enums a real 1.35 server publishes for access modes. */
function publishedAccessModesStore(): SchemaStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-access-modes-'));
  const modes = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
  for (const file of ['api/v1.json', 'apis/apps/v1.json']) {
    const doc = JSON.parse(fs.readFileSync(path.join(openapiDir('1.35'), file), 'utf8'));
    for (const t of ['PersistentVolumeClaimSpec', 'PersistentVolumeSpec']) {
      const schema = doc.components.schemas[`io.k8s.api.core.v1.${t}`];
      if (schema) schema.properties.accessModes.items.enum = modes;
    }
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), JSON.stringify(doc));
  }
  return new SchemaStore([new DirectorySchemaSource(dir)]);
}

test('access modes: an unsupported one is reported at the list, ReadWriteOncePod stands alone (claims and volumes)', async () => {
  const supported = 'supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"';
  const pvc = (accessModes: unknown[]) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolumeClaim',
    metadata: { name: 'p', namespace: 'default' },
    spec: { accessModes, resources: { requests: { storage: '1Gi' } } },
  });
  const pv = (accessModes: unknown[]) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: 'p' },
    spec: { accessModes, capacity: { storage: '1Gi' }, hostPath: { path: '/tmp' } },
  });
  const sts = (accessModes: unknown[]) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: 's', namespace: 'default' },
    spec: {
      serviceName: 's',
      selector: { matchLabels: { a: 'b' } },
      template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
      volumeClaimTemplates: [
        { metadata: { name: 'd' }, spec: { accessModes, resources: { requests: { storage: '1Gi' } } } },
      ],
    },
  });
  for (const schemas of [store, publishedAccessModesStore()]) {
    assert.deepEqual(await errors(pvc([null]), schemas), [`spec.accessModes: Unsupported value: "": ${supported}`]);
    assert.deepEqual(await errors(pvc(['ReadWriteOnce', 'Bogus']), schemas), [
      `spec.accessModes: Unsupported value: "Bogus": ${supported}`,
    ]);
    assert.deepEqual(await errors(pv(['Bogus']), schemas), [
      `spec.accessModes: Unsupported value: "Bogus": ${supported}`,
    ]);
    assert.deepEqual(await errors(sts(['Bogus']), schemas), [
      `spec.volumeClaimTemplates[0].spec.accessModes: Unsupported value: "Bogus": ${supported}`,
    ]);
    for (const o of [pvc(['ReadWriteOncePod', 'ReadWriteOnce']), pv(['ReadOnlyMany', 'ReadWriteOncePod'])])
      assert.deepEqual(await errors(o, schemas), [
        'spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes',
      ]);
    assert.deepEqual(await errors(pvc(['ReadWriteOncePod']), schemas), []);
  }
});

test('a DeviceSelector needs `cel` (its union has no other member): in a DeviceClass and in claim requests', async () => {
  const deviceClass = (selectors: unknown[], apiVersion = 'resource.k8s.io/v1') => ({
    apiVersion,
    kind: 'DeviceClass',
    metadata: { name: 'd' },
    spec: { selectors },
  });
  assert.deepEqual(await errors(deviceClass([{}])), ['spec.selectors[0].cel: Required value']);
  assert.deepEqual(await errors(deviceClass([null])), ['spec.selectors[0].cel: Required value']);
  assert.deepEqual(
    await errors(deviceClass([{ cel: { expression: 'true' } }, { cel: null }], 'resource.k8s.io/v1beta2')),
    ['spec.selectors[1].cel: Required value'],
  );
  assert.deepEqual(await errors(deviceClass([{ cel: { expression: 'true' } }])), []);
  const claim = {
    apiVersion: 'resource.k8s.io/v1',
    kind: 'ResourceClaimTemplate',
    metadata: { name: 'rc', namespace: 'default' },
    spec: {
      spec: {
        devices: {
          requests: [
            { name: 'a', exactly: { deviceClassName: 'd', selectors: [{}] } },
            { name: 'b', firstAvailable: [{ name: 's', deviceClassName: 'd', selectors: [null] }] },
          ],
        },
      },
    },
  };
  assert.deepEqual(await errors(claim), [
    'spec.spec.devices.requests[0].exactly.selectors[0].cel: Required value',
    'spec.spec.devices.requests[1].firstAvailable[0].selectors[0].cel: Required value',
  ]);
});

function crd(metadata: Record<string, unknown>, version: Record<string, unknown>): unknown {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata,
    spec: {
      group: 'ex.com',
      names: { plural: 'foos', kind: 'Foo' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', schema: { openAPIV3Schema: { type: 'object' } }, ...version }],
    },
  };
}

test("a CRD version's served and storage left out are false: served is no error, storage the versions' one", async () => {
  assert.deepEqual(await errors(crd({ name: 'foos.ex.com' }, { storage: true })), []);
  const fields = async (o: unknown) =>
    (await validate(parseManifestFile(JSON.stringify(o), 'case.json'), store))
      .filter((d) => d.severity === 'error')
      .map((d) => d.field)
      .sort();
  // Server: spec.versions: Invalid value: [{"Name":"v1",…,"Storage":false,…}]: must have exactly one version marked as
  // storage version, and status.storedVersions: Invalid value: null: must have at least one stored version.
  assert.deepEqual(await fields(crd({ name: 'foos.ex.com' }, { served: true })), [
    'spec.versions',
    'status.storedVersions',
  ]);
});

test('a CRD\'s generateName, and the name generated from it, must be spec.names.plural+"."+spec.group', async () => {
  const plural = 'must be spec.names.plural+"."+spec.group';
  const version = { served: true, storage: true };
  assert.deepEqual(await errors(crd({ generateName: 'foo' }, version)), [
    `metadata.generateName: Invalid value: "foo": ${plural}`,
    `metadata.name: Invalid value: "foo" + 5 random characters (the generated name): ${plural}`,
  ]);
  // Even the right name as a prefix: the generated one is longer.
  assert.deepEqual(await errors(crd({ generateName: 'foos.ex.com' }, version)), [
    `metadata.name: Invalid value: "foos.ex.com" + 5 random characters (the generated name): ${plural}`,
  ]);
  // Beside a name, generateName is still checked (and the name is not generated).
  assert.deepEqual(await errors(crd({ name: 'foos.ex.com', generateName: 'bad' }, version)), [
    `metadata.generateName: Invalid value: "bad": ${plural}`,
  ]);
});

test('a name generated from an invalid generateName is invalid too, for every kind (ReplicationController included)', async () => {
  const subdomain =
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  const generated = (prefix: string) =>
    `metadata.name: Invalid value: "${prefix}" + 5 random characters (the generated name)`;
  assert.deepEqual(
    await errors({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { generateName: 'Bad_', namespace: 'default' } }),
    [`metadata.generateName: Invalid value: "Bad_": ${subdomain}`, `${generated('Bad_')}: ${subdomain}`],
  );
  const rc = {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { generateName: 'Bad_', namespace: 'default' },
    spec: {
      selector: { a: 'b' },
      template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } },
    },
  };
  assert.deepEqual(await errors(rc), [`${generated('Bad_')}: ${subdomain}`]);
  const role = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { generateName: 'a%', namespace: 'default' },
  };
  assert.deepEqual(await errors(role), [
    `metadata.generateName: Invalid value: "a%": may not contain '%'`,
    `${generated('a%')}: may not contain '%'`,
  ]);
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName: 'web-', namespace: 'default' },
    spec: { containers: [{ name: 'c', image: 'i' }] },
  };
  assert.deepEqual(await errors(pod), []);
});

// A CR's string formats as kube-openapi checks them: ipv4 is ParseIPSloppy of a string with a dot, ipv6 today's
// net.ParseIP of one with a colon, cidr ParseCIDRSloppy. The values a CRD with the three formats was sent; the
// server accepted exactly these (dry-run create, 2026-12-06).
const IP_VALUES = [
  '010.0.0.1',
  '1.2.3.04',
  '00.0.0.0',
  '255.255.255.255',
  '256.1.1.1',
  '1.2.3',
  '::ffff:1.2.3.4',
  '1.2.3.4%x',
  '0x1.2.3.4',
  ' 1.2.3.4',
  '01.02.03.004',
  '1.2.3.4.',
  '1.2.3.4 ',
  '0001.2.3.4',
  '1.2.3.4/8',
  '::1',
  '::',
  '1:2:3:4:5:6:7:8',
  '1:2:3:4:5:6:7:8:9',
  'fe80::1%eth0',
  '::ffff:010.0.0.1',
  '::0.0.0.1',
  '00000::1',
  '0000::1',
  '1::2::3',
  '::FFFF:1.2.3.4',
  '1:2:3:4:5:6:1.2.3.4',
  '1:2:3:4:5:6:7::',
  '[::1]',
  '::1 ',
  '1.2.3.4::',
  '010.0.0.0/8',
  '10.0.0.0/08',
  '10.0.0.0/33',
  '10.0.0.0/32',
  '::ffff:10.0.0.0/104',
  '::ffff:10.0.0.0/129',
  '1.2.3.4/ 8',
  '1.2.3.4/+8',
  '10.0.0.0/0000000032',
  '::/0',
  'fe80::/10',
  'fe80::1%eth0/64',
  '1.2.3.4/',
  '/8',
  '1.2.3/8',
  '::1/128',
  '::1/0129',
];
const SERVER_ACCEPTS: Record<string, string[]> = {
  ipv4: [
    '010.0.0.1',
    '1.2.3.04',
    '00.0.0.0',
    '255.255.255.255',
    '::ffff:1.2.3.4',
    '01.02.03.004',
    '0001.2.3.4',
    '::ffff:010.0.0.1',
    '::0.0.0.1',
    '::FFFF:1.2.3.4',
    '1:2:3:4:5:6:1.2.3.4',
  ],
  ipv6: [
    '::ffff:1.2.3.4',
    '::1',
    '::',
    '1:2:3:4:5:6:7:8',
    '::0.0.0.1',
    '0000::1',
    '::FFFF:1.2.3.4',
    '1:2:3:4:5:6:1.2.3.4',
    '1:2:3:4:5:6:7::',
  ],
  cidr: [
    '1.2.3.4/8',
    '010.0.0.0/8',
    '10.0.0.0/08',
    '10.0.0.0/32',
    '::ffff:10.0.0.0/104',
    '10.0.0.0/0000000032',
    '::/0',
    'fe80::/10',
    '::1/128',
  ],
};

test("a CR's ipv4, ipv6 and cidr formats accept what the server accepts (leading zeros, IPv4-mapped, no zone)", () => {
  for (const [format, accepted] of Object.entries(SERVER_ACCEPTS)) {
    const ours = IP_VALUES.filter((v) => matchesFormat(format, v));
    assert.deepEqual(ours, accepted, format);
  }
});

test('a seccomp or AppArmor profile\'s type "" or left out is a Required value with Go\'s detail', async () => {
  const pod = (profile: Record<string, unknown>, containerProfile: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      securityContext: { seccompProfile: profile, appArmorProfile: profile },
      containers: [
        {
          name: 'c',
          image: 'nginx',
          securityContext: { seccompProfile: containerProfile, appArmorProfile: containerProfile },
        },
      ],
    },
  });
  const c = 'spec.containers[0].securityContext';
  assert.deepEqual(await errors(pod({ type: '' }, { type: '', localhostProfile: 'x' })), [
    `${c}.appArmorProfile.type: Required value: type is required when appArmorProfile is set`,
    `${c}.seccompProfile.localhostProfile: Invalid value: {"Type":"","LocalhostProfile":"x"}: can only be set when seccomp type is Localhost`,
    `${c}.seccompProfile.type: Required value: type is required when seccompProfile is set`,
    'spec.securityContext.appArmorProfile.type: Required value: type is required when appArmorProfile is set',
    'spec.securityContext.seccompProfile.type: Required value: type is required when seccompProfile is set',
  ]);
  // Left out (AppArmor with a localhostProfile: only the type's error), and any other value: NotSupported.
  assert.deepEqual(await errors(pod({ localhostProfile: 'x' }, { type: 'Bad' })), [
    `${c}.appArmorProfile.type: Unsupported value: "Bad": supported values: "Localhost", "RuntimeDefault", "Unconfined"`,
    `${c}.seccompProfile.type: Unsupported value: "Bad": supported values: "Localhost", "RuntimeDefault", "Unconfined"`,
    'spec.securityContext.appArmorProfile.type: Required value: type is required when appArmorProfile is set',
    `spec.securityContext.seccompProfile.localhostProfile: Invalid value: {"Type":"","LocalhostProfile":"x"}: can only be set when seccomp type is Localhost`,
    'spec.securityContext.seccompProfile.type: Required value: type is required when seccompProfile is set',
  ]);
});

test("a ResourceQuota's scopes and scope selector are Go's checks: the whole list at spec.scopes, no index", async () => {
  const quota = (spec: Record<string, unknown>) => ({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name: 'q', namespace: 'default' },
    spec,
  });
  const scopes = ['Bogus', 'BestEffort', 'NotBestEffort', '', 'Terminating', 'NotTerminating'];
  const listed = `spec.scopes: Invalid value: ${JSON.stringify(scopes)}`;
  // Each message once (the server's aggregate): two unsupported scopes, four not applying to requests.storage.
  assert.deepEqual(await errors(quota({ hard: { pods: '1', 'requests.storage': '1Gi' }, scopes })), [
    `${listed}: conflicting scopes`,
    `${listed}: unsupported scope`,
    `${listed}: unsupported scope applied to resource`,
  ]);
  const volumes = ['VolumeAttributesClass', 'CrossNamespacePodAffinity', 'BestEffort', 'Terminating'];
  assert.deepEqual(await errors(quota({ hard: { pods: '1', persistentvolumeclaims: '2' }, scopes: volumes })), [
    `spec.scopes: Invalid value: ${JSON.stringify(volumes)}: unsupported scope applied to resource`,
  ]);
  const m = 'spec.scopeSelector.matchExpressions';
  const matchExpressions = [
    { scopeName: 'Bogus', operator: 'Exists' },
    { scopeName: 'BestEffort', operator: 'In', values: ['a'] },
    { scopeName: 'NotBestEffort', operator: 'Exists', values: ['a'] },
    { scopeName: 'PriorityClass', operator: 'In' },
    { scopeName: 'PriorityClass', operator: 'Bad' },
    { scopeName: '', operator: '' },
    { scopeName: 'Terminating', operator: 'DoesNotExist' },
    { scopeName: 'NotTerminating', operator: 'Exists' },
  ];
  const printed = JSON.stringify({
    MatchExpressions: matchExpressions.map((e) => ({
      ScopeName: e.scopeName,
      Operator: e.operator,
      Values: e.values ?? null,
    })),
  });
  const mustExist =
    "must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity";
  assert.deepEqual(
    await errors(quota({ hard: { pods: '1', 'requests.storage': '1Gi' }, scopeSelector: { matchExpressions } })),
    [
      `${m}.operator: Invalid value: "": not a valid selector operator`,
      `${m}.operator: Invalid value: "Bad": not a valid selector operator`,
      `${m}.operator: Invalid value: "DoesNotExist": ${mustExist}`,
      `${m}.operator: Invalid value: "In": ${mustExist}`,
      `${m}.scopeName: Invalid value: "": unsupported scope`,
      `${m}.scopeName: Invalid value: "Bogus": unsupported scope`,
      `${m}.values: Invalid value: ["a"]: must be no value when \`operator\` is 'Exist' or 'DoesNotExist' for scope selector`,
      `${m}.values: Required value: must be at least one value when \`operator\` is 'In' or 'NotIn' for scope selector`,
      `${m}: Invalid value: null: conflicting scopes`,
      `${m}: Invalid value: ${printed}: unsupported scope applied to resource`,
    ],
  );
  // Hugepages are standard quota resources, a domain-prefixed one is not; conflicting selector scopes print the
  // spec's scopes; CrossNamespacePodAffinity with `values: []` has no value.
  assert.deepEqual(
    await errors(
      quota({
        hard: { 'hugepages-2Mi': '1', 'foo.com/bar': '1', services: '1' },
        scopes: ['BestEffort', 'NotBestEffort'],
        scopeSelector: {
          matchExpressions: [
            { scopeName: 'Terminating', operator: 'Exists' },
            { scopeName: 'NotTerminating', operator: 'Exists' },
            { scopeName: 'CrossNamespacePodAffinity', operator: 'Exists', values: [] },
          ],
        },
      }),
    ),
    [
      `${m}: Invalid value: ["BestEffort","NotBestEffort"]: conflicting scopes`,
      `${m}: Invalid value: ${JSON.stringify({
        MatchExpressions: [
          { ScopeName: 'Terminating', Operator: 'Exists', Values: null },
          { ScopeName: 'NotTerminating', Operator: 'Exists', Values: null },
          { ScopeName: 'CrossNamespacePodAffinity', Operator: 'Exists', Values: [] },
        ],
      })}: unsupported scope applied to resource`,
      'spec.scopes: Invalid value: ["BestEffort","NotBestEffort"]: conflicting scopes',
      'spec.scopes: Invalid value: ["BestEffort","NotBestEffort"]: unsupported scope applied to resource',
    ],
  );
});
