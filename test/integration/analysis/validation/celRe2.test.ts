// Regular expressions as the real API server runs them (Go's regexp, RE2 syntax) against kubesense: CEL's
// matches/find/findAll on a probe CRD whose rules always fail and print what the call returned, OpenAPI `pattern`
// on a CRD with one property per pattern, and CRDs whose patterns RE2 rejects (constant CEL patterns, patterns
// computed at run time, OpenAPI patterns). The server's answers are the expectations.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RESTClient } from '../../../../kube/rest/client';
import { StatusError } from '../../../../kube/rest/errors';
import { parseManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import type { SchemaStore } from '../../../../analysis/schema';
import { adminClient, clusterStore, dryRunCreate, groupVersionPaths, installCrds, namespacedCrd } from './celCrd';

type Obj = Record<string, unknown>;
const GROUP = 'celre2.kubesense.test';

/** Patterns where RE2 and JavaScript's RegExp read the same text differently. */
export const RE2_PATTERNS = [
  '^[[:alpha:]]+$',
  '^[[:^alpha:]]+$',
  '^[^[:digit:]a]+$',
  '^[[:punct:][:space:]]+$',
  '^.$',
  '^..$',
  '^[^a]$',
  'a\\z',
  'a$',
  '(?i)^abc$',
  '^a(?i)bc$',
  '^(?i:a)b$',
  '(?s)^a.b$',
  '^a.b$',
  '(?m)^b$',
  '(?m)a$',
  '^\\pL+$',
  '^\\PL+$',
  '^\\p{Greek}+$',
  '^\\p{Lu}',
  '^\\Q.*\\E$',
  '^\\s$',
  '^\\S+$',
  '^\\w+$',
  '\\bb',
  '^\\x{61}+$',
  '^\\x61+$',
  '^[\\x{1F600}-\\x{1F64F}]$',
  '^\\d+$',
  '^a{,2}$',
  '^\\Aab',
  '(?P<x>b)',
  '(?<x>b)',
  '^[a-z&&[b]]+$',
  '^\\v$',
  '^\\f$',
] as const;

/** Patterns for find/findAll, where the matches themselves count (empty matches, greediness, code points). */
const FIND_PATTERNS = ['a*', '(?U)a+', 'a+?', '.', '\\b', '[[:^alpha:]]', '(?i)b', 'x*'] as const;

export const RE2_INPUTS = [
  'abc', 'ABC', 'aBC', 'Abc', '123', 'a1', '😀', '😀😀', 'a', 'é', 'αβγ', 'a\nb', 'a\rb', 'a\n', 'b\na', '.*', 'a.*',
  'aaa', 'baaa', '\u000b', '\u00a0', '\u2028', ' ', 'x😀y', 'a b', '!?', '', 'ab', 'x\fy', '\f', 'ŁÓDŹ', 'ǅ', 'a_1',
]; // prettier-ignore

/** A CEL string literal holding the text as it is (a raw string, with either quote). */
const raw = (s: string) => (s.includes("'") ? `r"${s}"` : `r'${s}'`);
const b = (e: string) => `${e} ? 'true' : 'false'`;
/** A count up to 6 spelled out (a messageExpression cannot convert numbers to strings within its cost bound). */
const count = (e: string) => [0, 1, 2, 3, 4, 5].map((n) => `${e} == ${n} ? '${n}' : `).join('') + "'more'";

function probeRules(): { name: string; rule: Obj }[] {
  return [
    ...RE2_PATTERNS.map((p) => ({ name: `matches ${p}`, expr: b(`self.matches(${raw(p)})`) })),
    ...FIND_PATTERNS.map((p) => ({ name: `find ${p}`, expr: `self.find(${raw(p)})` })),
    ...FIND_PATTERNS.map((p) => ({ name: `findAll ${p}`, expr: `self.findAll(${raw(p)}).last().orValue('none')` })),
    ...FIND_PATTERNS.map((p) => ({ name: `findAll size ${p}`, expr: count(`self.findAll(${raw(p)}).size()`) })),
    ...FIND_PATTERNS.map((p) => ({ name: `findAll2 ${p}`, expr: `self.findAll(${raw(p)}, 2).last().orValue('none')` })),
  ].map(({ name, expr }) => ({
    name,
    rule: {
      rule: 'false',
      message: `${name}: error`,
      // a constant prefix keeps the estimate bounded only over the conditionals' constant results
      messageExpression: expr.includes(' ? ') ? `${JSON.stringify(name + ' = ')} + (${expr})` : expr,
    },
  }));
}

/** A CRD of GROUP whose only property is `spec`. */
const crdOf = (kind: string, spec: Obj) => namespacedCrd(GROUP, kind, { type: 'object', properties: { spec } });

const probeCrd = () =>
  crdOf('Re2Probe', {
    type: 'object',
    properties: {
      s: { type: 'string', maxLength: 16, 'x-kubernetes-validations': probeRules().map((r) => r.rule) },
      // patterns computed at run time: the server compiles them then, and reports what RE2 says
      dyn: {
        type: 'object',
        properties: { s: { type: 'string', maxLength: 16 }, p: { type: 'string', maxLength: 16 } },
        'x-kubernetes-validations': [
          { rule: 'self.s.matches(self.p)' },
          { rule: "self.s.find(self.p) != 'zzz'" },
          { rule: 'self.s.findAll(self.p).size() < 100' },
        ],
      },
    },
  });

const patternCrd = () =>
  crdOf('Re2Pattern', {
    type: 'object',
    properties: Object.fromEntries(RE2_PATTERNS.map((p, i) => [`p${i}`, { type: 'string', pattern: p }])),
  });

/** Patterns RE2 rejects (JavaScript accepts most of them). */
export const RE2_INVALID = [
  '(a)\\1',
  'a(?=b)',
  'a(?!b)',
  '(?<=a)b',
  '(?<!a)b',
  'a{1001}',
  '\\C',
  '[[:foo:]]',
  'a**',
  '(?x)a',
  '\\8',
  '[z-a]',
  '(?P<n>a)(?P<n>b)',
  'x{2}{3}',
  '\\pX',
  '(',
];

interface Cause {
  field: string;
  message: string;
}

/** The server's causes for a dry-run create (its message alone when it gives none). */
async function dryRun(rest: RESTClient, segs: string[], body: Obj): Promise<Cause[]> {
  try {
    await dryRunCreate(rest, segs, body);
    return [];
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    if (e.causes.length === 0) return [{ field: '', message: e.message }];
    return e.causes.map((c) => ({ field: c.field ?? '', message: c.message ?? '' }));
  }
}

async function ours(store: SchemaStore, body: Obj): Promise<Cause[]> {
  const file = parseManifestFile(JSON.stringify(body, null, 2), 'x.json');
  return (await validate(file, store))
    .filter((d) => d.severity === 'error')
    .map((d) => ({
      field: d.field ?? '',
      message: d.message.slice(d.field && d.message.startsWith(`${d.field}: `) ? d.field.length + 2 : 0),
    }));
}

const line = (cs: Cause[]) =>
  cs
    .map((c) => `${c.field} | ${c.message}`)
    .sort()
    .join('\n            ');

/** The causes of `a` that `b` lacks, as a multiset difference. */
function without(a: Cause[], b: Cause[]): Cause[] {
  const left = b.map((c) => `${c.field} | ${c.message}`);
  return a.filter((c) => {
    const i = left.indexOf(`${c.field} | ${c.message}`);
    if (i < 0) return true;
    left.splice(i, 1);
    return false;
  });
}

const objectOf = (kind: string, spec: Obj) => ({
  apiVersion: `${GROUP}/v1`,
  kind,
  metadata: { name: 'r', namespace: 'default' },
  spec,
});

test(
  'RE2 regular expressions agree with the real API server: CEL, OpenAPI pattern, rejected patterns',
  {
    timeout: 600_000,
  },
  async (t) => {
    const client = adminClient(t);
    if (!client) return;
    const { rest, config } = client;
    const crds = [probeCrd(), patternCrd()];
    await installCrds(rest, crds);
    const store = await clusterStore(config, groupVersionPaths(crds));
    const mismatches: string[] = [];
    let compared = 0;
    let differing = 0;
    const compare = async (label: string, segs: string[], body: Obj, count: (c: Cause[]) => number) => {
      const server = await dryRun(rest, segs, body);
      const mine = await ours(store, body);
      compared += Math.max(1, count(server));
      // only the causes one side lacks: a probe object's causes are many and mostly equal
      const onlyServer = without(server, mine);
      const onlyOurs = without(mine, server);
      differing += Math.max(onlyServer.length, onlyOurs.length);
      if (onlyServer.length || onlyOurs.length)
        mismatches.push(`${label}\n    server: ${line(onlyServer)}\n    ours:   ${line(onlyOurs)}`);
    };
    const objects = ['apis', GROUP, 'v1', 'namespaces', 'default'];
    const all = (c: Cause[]) => c.length;
    for (const s of RE2_INPUTS) {
      await compare(`CEL ${JSON.stringify(s)}`, [...objects, 're2probes'], objectOf('Re2Probe', { s }), all);
      await compare(
        `pattern ${JSON.stringify(s)}`,
        [...objects, 're2patterns'],
        objectOf('Re2Pattern', Object.fromEntries(RE2_PATTERNS.map((_, i) => [`p${i}`, s]))),
        () => RE2_PATTERNS.length,
      );
    }
    for (const p of [...RE2_INVALID, 'a+', '(?i)A']) {
      await compare(
        `run-time pattern ${p}`,
        [...objects, 're2probes'],
        objectOf('Re2Probe', { dyn: { s: 'aa', p } }),
        () => 3,
      );
    }
    const crdPath = ['apis', 'apiextensions.k8s.io', 'v1', 'customresourcedefinitions'];
    for (const p of RE2_INVALID) {
      const inRule = crdOf('Bad', {
        type: 'object',
        properties: {
          s: { type: 'string', maxLength: 8, 'x-kubernetes-validations': [{ rule: `self.matches(${raw(p)})` }] },
        },
      });
      await compare(`CRD rule ${p}`, crdPath, inRule, () => 1);
      const inFind = crdOf('Bad', {
        type: 'object',
        properties: {
          s: { type: 'string', maxLength: 8, 'x-kubernetes-validations': [{ rule: `self.find(${raw(p)}) == ''` }] },
        },
      });
      await compare(`CRD find ${p}`, crdPath, inFind, () => 1);
      const inPattern = crdOf('Bad', { type: 'object', properties: { s: { type: 'string', pattern: p } } });
      await compare(`CRD pattern ${p}`, crdPath, inPattern, () => 1);
    }
    t.diagnostic(`${compared - differing}/${compared} results agree (${mismatches.length} objects or CRDs differ)`);
    assert.deepEqual(mismatches, []);
  },
);
