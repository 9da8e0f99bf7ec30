// The Kubernetes CEL libraries, function group by function group, against the real API server: a test CRD whose
// rules always fail and whose messageExpression prints what a library call returns for the object's input
// (`quantity=...`, `url=...`). The server's messages are the expectations; ours must be the same, input by input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { clusterEnv } from '../../cluster/env';
import { restConfigFromFile } from '../../../kube/kubeconfig';
import { RESTClient } from '../../../kube/rest/client';
import { StatusError } from '../../../kube/rest/errors';
import { OpenAPIV3Client } from '../../../kube/openapi';
import { parseManifestFile } from '../../../server/src/documents';
import { clusterSchemaSource, SchemaStore } from '../../../server/src/schema';
import { validate } from '../../../server/src/validation';

type Obj = Record<string, unknown>;
const GROUP = 'celprobes.kubesense.test';

/** name -> CEL string expression over `self.s` (a string of at most 64 characters). */
const PROBES: Record<string, Record<string, string>> = {
  quantity: {
    isQuantity: 'string(isQuantity(self.s))',
    compareTo: "string(quantity(self.s).compareTo(quantity('1Gi')))",
    isInteger: 'string(quantity(self.s).isInteger())',
    sign: 'string(quantity(self.s).sign())',
    addSub: "string(quantity(self.s).add(quantity('1k')).sub(1).isGreaterThan(quantity('1k')))",
  },
  url: {
    isURL: 'string(isURL(self.s))',
    scheme: 'url(self.s).getScheme()',
    host: 'url(self.s).getHost()',
    hostname: 'url(self.s).getHostname()',
    port: 'url(self.s).getPort()',
    path: 'url(self.s).getEscapedPath()',
  },
  ip: {
    isIP: 'string(isIP(self.s))',
    family: 'string(ip(self.s).family())',
    canonical: 'string(ip.isCanonical(self.s))',
    string: 'string(ip(self.s))',
    loopback: 'string(ip(self.s).isLoopback())',
    global: 'string(ip(self.s).isGlobalUnicast())',
    linkLocal: 'string(ip(self.s).isLinkLocalUnicast())',
  },
  cidr: {
    isCIDR: 'string(isCIDR(self.s))',
    prefix: 'string(cidr(self.s).prefixLength())',
    masked: 'string(cidr(self.s).masked())',
    containsIP: "string(cidr(self.s).containsIP('10.0.0.1'))",
    containsCIDR: "string(cidr(self.s).containsCIDR('10.1.0.0/16'))",
    ip: 'string(cidr(self.s).ip())',
  },
  format: {
    dns1123Label: "format.dns1123Label().validate(self.s).orValue(['ok']).join('|')",
    qualifiedName: "format.named('qualifiedName').value().validate(self.s).orValue(['ok']).join('|')",
    labelValue: "format.labelValue().validate(self.s).orValue(['ok']).join('|')",
    dns1035Prefix: "format.dns1035LabelPrefix().validate(self.s).orValue(['ok']).join('|')",
    unknown: "string(format.named('nope').hasValue())",
  },
  semver: {
    isSemver: 'string(isSemver(self.s))',
    normalized: 'string(isSemver(self.s, true))',
    parts:
      "string(semver(self.s, true).major()) + '.' + string(semver(self.s, true).minor()) + '.' + string(semver(self.s, true).patch())",
    compare: "string(semver(self.s, true).compareTo(semver('1.2.3')))",
  },
  regex: {
    find: "self.s.find('[0-9]+')",
    findAll: "self.s.findAll('[a-z]+').join(',')",
    findAllN: "self.s.findAll('[a-z]', 2).join(',')",
    matches: "string(self.s.matches('^[a-z]'))",
  },
  strings: {
    charAt: 'self.s.charAt(1)',
    indexOf: "string(self.s.indexOf('a'))",
    lastIndexOf: "string(self.s.lastIndexOf('a'))",
    case: "self.s.lowerAscii() + '/' + self.s.upperAscii()",
    replace: "self.s.replace('a', 'X') + '/' + self.s.replace('a', 'X', 1)",
    split: "self.s.split(',').join('|') + '/' + self.s.split(',', 2).join('|')",
    substring: 'self.s.substring(1)',
    trim: 'self.s.trim()',
    quote: 'strings.quote(self.s)',
  },
  lists: {
    isSorted: "string(self.s.split(',').isSorted())",
    minMax: "self.s.split(',').min() + '/' + self.s.split(',').max()",
    indexOf: "string(self.s.split(',').indexOf('a')) + '/' + string(self.s.split(',').lastIndexOf('a'))",
    sum: "string(self.s.split(',').map(x, x.size()).sum())",
    sort: "self.s.split(',').sort().join(',')",
    distinct: "self.s.split(',').distinct().join(',')",
    reverse: "self.s.split(',').reverse().join(',')",
    slice: "self.s.split(',').slice(0, 1).join(',')",
    range: 'string(lists.range(3).size())',
  },
  sets: {
    contains: "string(sets.contains(self.s.split(','), ['a']))",
    equivalent: "string(sets.equivalent(self.s.split(','), ['a', 'b']))",
    intersects: "string(sets.intersects(self.s.split(','), ['c', 'z']))",
  },
  optionals: {
    orValue: "self.?s.orValue('none') + '/' + self.?missing.orValue('none')",
    first: "self.s.split(',').first().orValue('none')",
    of: 'string(optional.of(self.s).hasValue())',
  },
  comprehensions: {
    all: "string(self.s.split(',').all(i, v, v.size() > i))",
    exists: "string(self.s.split(',').exists(i, v, i == 1 && v == 'b'))",
    existsOne: "string(self.s.split(',').existsOne(i, v, v == 'a'))",
    transformList: "self.s.split(',').transformList(i, v, v + string(i)).join(',')",
    existsOneMacro: "string(self.s.split(',').exists_one(v, v == 'a'))",
  },
};

const INPUTS = [
  '1Gi', '500m', '1.5k', '-3', '2e3', 'abc', 'https://u@example.com:8080/p/a%20th?q=1', '/path', 'mailto:a@b',
  'foo bar', 'http://[::1]:80/x', '10.0.0.1', '127.0.0.1', '::1', '2001:db8::1', '2001:DB8:0::1', '01.2.3.4',
  '::ffff:1.2.3.4', 'fe80::1', '10.0.0.0/8', '10.1.2.3/16', 'fe80::/10', '1.2.3', 'v1.2', '1.2.3-alpha.1', '01.2.3',
  'My_Name', 'my-name', 'my-', 'example.com/x', 'a,b,c,a', 'c,b,a', ' padded ', 'aAbB.c', 'b,a', 'x'.repeat(64),
]; // prettier-ignore

function probeCrd(): Obj {
  const rules = Object.entries(PROBES).flatMap(([group, probes]) =>
    Object.entries(probes).map(([name, expr]) => ({
      rule: 'false',
      message: `${group}.${name}=error`,
      messageExpression: `'${group}.${name}=' + ${expr}`,
    })),
  );
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `probes.${GROUP}` },
    spec: {
      group: GROUP,
      scope: 'Namespaced',
      names: { plural: 'probes', singular: 'probe', kind: 'Probe', listKind: 'ProbeList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: {
                  type: 'object',
                  properties: { s: { type: 'string', maxLength: 64 } },
                  required: ['s'],
                  'x-kubernetes-validations': rules,
                },
              },
            },
          },
        },
      ],
    },
  };
}

async function install(rest: RESTClient): Promise<void> {
  try {
    await rest.post().absPath('apis', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions').body(probeCrd()).do();
  } catch (e) {
    if (!(e instanceof StatusError && e.reason === 'AlreadyExists')) throw e;
  }
  for (let i = 0; i < 200; i++) {
    const got = await rest
      .get()
      .absPath('apis', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions', `probes.${GROUP}`)
      .do<Obj>();
    const conditions = ((got.status as Obj | undefined)?.conditions ?? []) as Obj[];
    if (conditions.some((c) => c.type === 'Established' && c.status === 'True')) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the probe CRD never became Established');
}

/** `spec: Invalid value: "object": quantity.sign=1` -> `quantity.sign=1` */
const detail = (m: string) => m.replace(/^.*?Invalid value: ("object": )?/, '');

test(
  'Kubernetes CEL libraries agree with the real API server, function by function',
  { timeout: 300_000 },
  async (t) => {
    const env = clusterEnv(t);
    if (!env) return;
    const config = restConfigFromFile(env.kubeconfig, 'admin');
    config.qps = -1;
    const rest = new RESTClient(config);
    await install(rest);
    const openapi = new OpenAPIV3Client(config, { disk: false });
    for (let i = 0; i < 150 && !(await openapi.paths()).has(`apis/${GROUP}/v1`); i++) {
      openapi.refresh();
      await new Promise((r) => setTimeout(r, 200));
    }
    const store = new SchemaStore([clusterSchemaSource(openapi, `cluster ${config.host}`, '1.35')]);

    const mismatches: string[] = [];
    let compared = 0;
    await Promise.all(
      INPUTS.map(async (s) => {
        const object = {
          apiVersion: `${GROUP}/v1`,
          kind: 'Probe',
          metadata: { name: 'p', namespace: 'default' },
          spec: { s },
        };
        let server: string[] = [];
        try {
          await rest
            .post()
            .absPath('apis', GROUP, 'v1', 'namespaces', 'default', 'probes')
            .param('dryRun', 'All')
            .body(object)
            .do();
        } catch (e) {
          if (!(e instanceof StatusError)) throw e;
          server = e.causes.map((c) => detail(c.message ?? ''));
        }
        const file = parseManifestFile(JSON.stringify(object), 'probe.json');
        const ours = (await validate(file, store)).filter((d) => d.code === 'cel').map((d) => detail(d.message));
        const byName = (list: string[]) => new Map(list.map((m) => [m.slice(0, m.indexOf('=')), m]));
        const want = byName(server);
        const got = byName(ours);
        assert.ok(want.size > 50, `the server reported every probe for ${JSON.stringify(s)}: ${server.join('; ')}`);
        for (const [name, m] of want) {
          compared++;
          if (got.get(name) !== m)
            mismatches.push(`${JSON.stringify(s)} ${name}\n    server: ${m}\n    ours:   ${got.get(name)}`);
        }
      }),
    );
    t.diagnostic(`${compared - mismatches.length}/${compared} library results agree`);
    assert.deepEqual(mismatches, []);
  },
);
