// Issue 12: "" at every enum field of every built-in kind (emptyEnumProbes.ts), probed against the real API server
// (server-side dry-run, strict field validation): the checked-in table (builtin/emptyEnumTable.ts) must be what the
// server says today (drift), our verdict must be the server's — with the cluster's own schemas (published `enum`:
// ajv's check) and offline with the upstream 1.35 folder (no `enum`: the built-in check) — and our "Unsupported
// value" message must be the server's, never listing a "" the server does not list.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatPath } from '../../../../analysis/documents/path';
import { parseManifestFile } from '../../../../analysis/documents';
import type { SchemaStore } from '../../../../analysis/schema';
import { validate } from '../../../../analysis/validation';
import {
  EMPTY_ENUM_ACCEPTED,
  EMPTY_ENUM_REFUSED,
  EMPTY_ENUM_UNPROBEABLE,
  ENUM_VALUES_WHEN_REFUSED,
} from '../../../../analysis/validation/builtin/emptyEnumTable';
import { adminClient, clusterStore, dryRunCreate, installCrds, namespacedCrd } from './celCrd';
import { storeFor } from '../../../unit/analysis/validation/sharedData';
import {
  creatableKinds,
  enumProbes,
  inBatches,
  probeName,
  probeObject,
  runProbe,
  UNLISTED,
  type EnumProbe,
} from './emptyEnumProbes';
import { serverSupportedValues, tableOf } from './emptyEnumTableOf';
import { StatusError } from '../../../../kube/rest/errors';

type Obj = Record<string, unknown>;

async function ourErrors(store: SchemaStore, o: Obj): Promise<{ field?: string; message: string }[]> {
  const file = parseManifestFile(JSON.stringify(o, null, 2), 'probe.json');
  return (await validate(file, store)).filter((d) => d.severity === 'error');
}

/** Whether we report an error for the "" object that the control object (a listed value) does not have. */
async function weRefuse(store: SchemaStore, p: EnumProbe, control: string): Promise<string> {
  const seen = new Set((await ourErrors(store, probeObject(p, control))).map((d) => d.message));
  return (await ourErrors(store, probeObject(p, '')))
    .filter((d) => !seen.has(d.message))
    .map((d) => d.message)
    .join('; ');
}

test('"" at every enum field of every built-in kind: table, verdicts and messages are the API server\'s', async (t) => {
  const admin = adminClient(t);
  if (!admin) return;
  const started = Date.now();
  const kinds = await creatableKinds(admin.config);
  const probes = kinds.flatMap(enumProbes);
  const results = await inBatches(probes, 8, (p) => runProbe(admin.rest, p));
  const table = tableOf(probes, results);
  const keys = (v: string) => Object.keys(table).filter((k) => table[k].verdict === v);
  t.diagnostic(`${kinds.length} kinds, ${probes.length} probes, ${Object.keys(table).length} fields`);

  // Drift: every entry of the checked-in table, re-probed.
  assert.deepEqual(keys('accepted'), [...EMPTY_ENUM_ACCEPTED].sort(), 'accepted: regenerate the table');
  assert.deepEqual(keys('refused'), [...EMPTY_ENUM_REFUSED].sort(), 'refused: regenerate the table');
  assert.deepEqual(keys('unprobeable'), Object.keys(EMPTY_ENUM_UNPROBEABLE).sort(), 'unprobeable: regenerate');
  const whenRefused = Object.fromEntries(
    Object.entries(table).flatMap(([k, e]) => (e.whenRefused ? [[k, e.whenRefused]] : [])),
  );
  assert.deepEqual(whenRefused, ENUM_VALUES_WHEN_REFUSED, 'lists for refused published values: regenerate');
  // Both outcomes are measured: a table that only ever says one thing would test nothing.
  assert.ok(keys('accepted').length > 10 && keys('refused').length > 10);

  const paths = [...new Set(kinds.map((k) => (k.apiVersion.includes('/') ? `apis/${k.apiVersion}` : 'api/v1')))];
  const cluster = await clusterStore(admin.config, paths);
  const offline = storeFor('1.35');
  const disagreements: string[] = [];
  const messages: string[] = [];
  const order: string[] = [];
  const valueSets: string[] = [];
  const refusedMessages: string[] = [];
  let refusedChecked = 0;
  await inBatches(
    probes.map((p, i) => ({ p, r: results[i] })),
    4,
    async ({ p, r }) => {
      if (r.verdict === 'unprobeable') return;
      // Kinds that differ from their type's verdict are named in the table (the validator knows the type only).
      const minority = table[p.key].verdict !== r.verdict;
      for (const [name, store] of [
        ['cluster schemas', cluster],
        ['1.35 offline', offline],
      ] as const) {
        const ours = await weRefuse(store, p, r.control);
        if (minority || !!ours === !!r.error) continue;
        disagreements.push(`${probeName(p)} (${name}): server ${r.error || 'accepts'}; we ${ours || 'accept'}`);
      }
      const field = formatPath(p.path);
      // A published value the server refuses (a toleration's Gt): its message lists the server's values for it.
      if (!minority)
        for (const [value, error] of Object.entries(r.refusedValues)) {
          const clause = `${field}: Unsupported value: ${JSON.stringify(value)}: supported values: `;
          if (!error.includes(clause)) continue;
          const server = error.slice(error.indexOf(clause)).split(/, (?=[a-zA-Z[\]().]+: )|\]$/)[0];
          for (const [name, store] of [
            ['cluster schemas', cluster],
            ['1.35 offline', offline],
          ] as const) {
            const ours = (await ourErrors(store, probeObject(p, value))).find((d) => d.field === field)?.message;
            refusedChecked++;
            if (ours !== server)
              refusedMessages.push(`${probeName(p)} ${value} (${name}): server ${server}; we ${ours}`);
          }
        }
      // The message for a value no enum lists, where the server says "Unsupported value" for it.
      const clause = `${field}: Unsupported value: "${UNLISTED}": supported values: `;
      if (!r.unlisted.includes(clause)) return;
      const server = r.unlisted.slice(r.unlisted.indexOf(clause)).split(/, (?=[a-zA-Z[\]().]+: )|\]$/)[0];
      // Kinds whose list differs from their type's (a Job's restartPolicy) keep the type's, as for verdicts.
      if (
        JSON.stringify(serverSupportedValues(p, r)) !==
        JSON.stringify(table[p.key].values ?? serverSupportedValues(p, r))
      )
        return;
      for (const [name, store] of [
        ['cluster schemas', cluster],
        ['1.35 offline', offline],
      ] as const) {
        const ours = (await ourErrors(store, probeObject(p, UNLISTED))).find((d) => d.field === field)?.message;
        if (ours === server) continue;
        const values = (m: string | undefined) => (m ?? '').slice(clause.length).split(', ').sort().join(', ');
        const emptyListed = (m: string | undefined) => (m ?? '').slice(clause.length).split(', ').includes('""');
        const line = `${probeName(p)} (${name}): server ${server}; we ${ours ?? 'nothing'}`;
        if (!ours || emptyListed(ours) !== emptyListed(server)) messages.push(line);
        else if (values(ours) === values(server)) order.push(line);
        else valueSets.push(line);
      }
    },
  );
  t.diagnostic(`messages: ${order.length} in another order, ${valueSets.length} with other values`);
  t.diagnostic(`refused published values: ${refusedChecked} messages compared, ${refusedMessages.length} differ`);
  assert.ok(refusedChecked > 0, 'no published value the server refuses was compared');
  assert.deepEqual(refusedMessages, [], "a refused published value's message differs");
  assert.deepEqual(disagreements, []);
  // The server lists Go's order (a published enum is sorted), and a few published enums list values its Go
  // validation refuses (Toleration.operator Gt/Lt, webhooks' sideEffects Some/Unknown): the table's measured lists
  // (ENUM_VALUES) make every message the server's.
  assert.deepEqual(order, [], 'value order differs');
  assert.deepEqual(valueSets, [], 'values differ');
  // The "" the table accepts never shows in a message; a "" only the published enum lists neither.
  assert.deepEqual(messages, []);
  t.diagnostic(`probed and compared in ${Date.now() - started} ms`);
});

test('a "" an enum genuinely lists shows in the message, as the API server shows it', async (t) => {
  const admin = adminClient(t);
  if (!admin) return;
  // No built-in 1.35 enum lists "" (the test above would show it); a CRD's enum can.
  const crd = namespacedCrd('ee.kubesense.test', 'EmptyEnum', {
    type: 'object',
    properties: { spec: { type: 'object', properties: { mode: { type: 'string', enum: ['Fast', ''] } } } },
  });
  await installCrds(admin.rest, [crd]);
  const store = await clusterStore(admin.config, ['apis/ee.kubesense.test/v1']);
  const o = {
    apiVersion: 'ee.kubesense.test/v1',
    kind: 'EmptyEnum',
    metadata: { name: 'ee', namespace: 'default' },
    spec: { mode: 'Slow' },
  };
  let server = '';
  try {
    await dryRunCreate(admin.rest, ['apis', 'ee.kubesense.test', 'v1', 'namespaces', 'default', 'emptyenums'], o);
  } catch (e) {
    if (!(e instanceof StatusError)) throw e;
    server = e.message;
  }
  const ours = (await ourErrors(store, o)).map((d) => d.message);
  assert.deepEqual(ours, ['spec.mode: Unsupported value: "Slow": supported values: "Fast", ""']);
  assert.ok(server.includes(ours[0]), `server: ${server}`);
});
