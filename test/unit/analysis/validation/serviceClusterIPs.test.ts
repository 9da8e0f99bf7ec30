// A Service's clusterIPs and ipFamilies, as the real kube-apiserver 1.35 answered each case (dry-run create through
// kubectl.1.33, strict field validation).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { storeFor } from './sharedData';

const store = storeFor('1.35', []);

async function errors(spec: Record<string, unknown>): Promise<string[]> {
  const service = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'default' }, spec };
  const ds = await validate(parseManifestFile(JSON.stringify(service), 's.json'), store);
  return ds.filter((d) => d.severity === 'error').map((d) => d.message);
}

const ports = [{ port: 80 }];

const cases: [Record<string, unknown>, string[]][] = [
  [
    { ports, clusterIPs: ['10.0.0.10'] },
    ['spec.clusterIPs: Invalid value: ["10.0.0.10"]: must be empty when `clusterIP` is not specified'],
  ],
  [
    { ports, clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.11'] },
    ['spec.clusterIPs: Invalid value: ["10.0.0.11"]: first value must match `clusterIP`'],
  ],
  [
    { ports, clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10', 'nope'] },
    ['spec.clusterIPs[1]: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
  ],
  [
    { ports, clusterIP: 'None', clusterIPs: ['None', '10.0.0.11'] },
    ['spec.clusterIPs: Invalid value: ["None","10.0.0.11"]: \'None\' must be the first and only value'],
  ],
  [
    { ports, clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10', 'None'] },
    ['spec.clusterIPs[1]: Invalid value: "None": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
  ],
  [
    { ports, clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10', 'fd00::1', '10.0.0.12'] },
    ['spec.clusterIPs: Invalid value: ["10.0.0.10","fd00::1","10.0.0.12"]: may only hold up to 2 values'],
  ],
  [
    { ports, clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10', '10.0.0.11'] },
    ['spec.clusterIPs: Invalid value: ["10.0.0.10","10.0.0.11"]: may specify no more than one IP for each IP family'],
  ],
  [
    { ports, clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10'], ipFamilies: ['IPv6'] },
    ['spec.clusterIPs[0]: Invalid value: "10.0.0.10": expected an IPv6 value as indicated by `ipFamilies[0]`'],
  ],
  [
    { ports, clusterIP: 'fd00::10', clusterIPs: ['fd00::10'], ipFamilies: ['IPv4'] },
    ['spec.clusterIPs[0]: Invalid value: "fd00::10": expected an IPv4 value as indicated by `ipFamilies[0]`'],
  ],
  [{ ports, ipFamilies: ['IPv4', 'IPv4'] }, ['spec.ipFamilies[1]: Duplicate value: "IPv4"']],
  // A lone clusterIP is copied into clusterIPs before the check.
  [
    { ports, clusterIP: 'nope' },
    ['spec.clusterIPs[0]: Invalid value: "nope": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
  ],
  [
    { type: 'ExternalName', externalName: 'a.b', clusterIPs: ['10.0.0.10'] },
    ['spec.clusterIPs: Forbidden: may not be set for ExternalName services'],
  ],
  [
    { ports, type: 'NodePort', clusterIP: 'None' },
    ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for NodePort services'],
  ],
  [
    { ports, clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10', ''] },
    ['spec.clusterIPs[1]: Invalid value: "": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
  ],
  [
    { ports, clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10', null] },
    ['spec.clusterIPs[1]: Invalid value: "": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'],
  ],
  [
    { ports, clusterIP: '10.0.0.10', clusterIPs: ['10.0.0.10', '10.0.0.11', '10.0.0.12'] },
    [
      'spec.clusterIPs: Invalid value: ["10.0.0.10","10.0.0.11","10.0.0.12"]: may only hold up to 2 values',
      'spec.clusterIPs: Invalid value: ["10.0.0.10","10.0.0.11","10.0.0.12"]: may specify no more than one IP for each IP family',
    ],
  ],
  [
    { type: 'ExternalName', externalName: 'a.b', clusterIP: '10.0.0.10' },
    ['spec.clusterIPs: Forbidden: may not be set for ExternalName services'],
  ],
  [
    { type: 'ExternalName', externalName: 'a.b', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack' },
    [
      'spec.ipFamilies: Forbidden: may not be set for ExternalName services',
      'spec.ipFamilyPolicy: Forbidden: may not be set for ExternalName services',
    ],
  ],
  [
    { ports, type: 'LoadBalancer', clusterIP: 'None', clusterIPs: ['None'] },
    ['spec.clusterIPs[0]: Invalid value: "None": may not be set to \'None\' for LoadBalancer services'],
  ],
  // Accepted (created, dry run); a leading zero is only a warning while StrictIPCIDRValidation is off.
  [{ ports, clusterIP: '10.96.0.50', clusterIPs: ['10.96.0.50'] }, []],
  [{ ports, clusterIP: '010.096.0.50' }, []],
  [{ ports, clusterIP: 'None', clusterIPs: ['None'], ipFamilies: ['IPv6'] }, []],
];
for (const [spec, expected] of cases)
  test(`a Service's ${JSON.stringify(spec)}: ${expected.length ? expected.join('; ') : 'accepted'}`, async () => {
    assert.deepEqual(await errors(spec), expected);
  });
