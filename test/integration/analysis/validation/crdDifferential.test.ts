// Differential fuzzing of CustomResourceDefinitions themselves: real CRDs of ../shared (crds/, cel-corpus/*/crds/)
// get random, seeded edits (test/fuzz/crdMutator.ts: keywords added, removed, misspelt or given values of another
// type at random schema nodes; names, group, scope, versions, conversion, subresources, printer columns; any value
// replaced by one of another type). Each mutant is sent to the test cluster's kube-apiserver (server-side dry-run
// create, strict field validation) and to kubesense's validate(), with the cluster's schemas and offline (the
// 1.35 schema folder). kubesense must never throw; verdicts must agree and every field the server names must be
// one of ours, except for the differences named in KNOWN_DIFFERENCES (each with its reason): a new one fails.
//   KUBESENSE_CRDFUZZ_MUTATIONS (default 400) and KUBESENSE_CRDFUZZ_SEED (default 1) choose a larger or another run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { OpenAPIV3Client } from '../../../../kube/openapi';
import { parseManifestFile } from '../../../../analysis/documents';
import { clusterSchemaSource, SchemaStore } from '../../../../analysis/schema';
import { validate } from '../../../../analysis/validation';
import { mutateCrd } from '../../../fuzz/crdMutator';
import { prng } from '../../../unit/seeded';
import { repoRoot, sharedCrds, storeFor } from '../../../unit/analysis/validation/sharedData';
import { adminClient } from './celCrd';
import { crdServerCauses, mapLimit, tiedCostSwaps, type Cause } from './verdicts';

type Obj = Record<string, unknown>;
const MUTATIONS = Number(process.env.KUBESENSE_CRDFUZZ_MUTATIONS ?? 400);
const SEED = Number(process.env.KUBESENSE_CRDFUZZ_SEED ?? 1);
const CONCURRENCY = 4;

/**
 * Differences we know and have not closed. A finding is known when the mutant's edits match `edit` and the
 * server's answer matches `server` (both when given).
 */
const KNOWN_DIFFERENCES: { id: string; edit?: RegExp; server?: RegExp; reason: string }[] = [];

interface Ours {
  threw?: string;
  errors: { field: string; message: string }[];
}

async function ours(store: SchemaStore, crd: Obj): Promise<Ours> {
  try {
    const file = parseManifestFile(JSON.stringify(crd, null, 2), 'crd.json');
    const errors = (await validate(file, store))
      .filter((d) => d.severity === 'error')
      .map((d) => ({ field: d.field ?? '', message: d.message }));
    return { errors };
  } catch (e) {
    return { threw: (e as Error).stack ?? String(e), errors: [] };
  }
}

/**
 * The server's verdict; a request the server drops (seen once in 400 on the loaded machine: `socket hang up`) is
 * tried again, then reported apart rather than compared.
 */
async function serverAnswer(
  rest: Parameters<typeof crdServerCauses>[0],
  crd: Obj,
): Promise<Awaited<ReturnType<typeof crdServerCauses>> | { failed: string }> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await crdServerCauses(rest, crd);
    } catch (e) {
      if (attempt >= 2) return { failed: (e as Error).message };
    }
  }
}

test(
  `CRD differential fuzzing: random mutants of real CRDs judged alike by the API server and kubesense (seed ${SEED}, ${MUTATIONS} mutants)`,
  { timeout: 1_800_000 },
  async (t) => {
    const client = adminClient(t);
    if (!client) return;
    const { config, rest } = client;
    const stores: [string, SchemaStore][] = [
      [
        'cluster',
        new SchemaStore([
          clusterSchemaSource(new OpenAPIV3Client(config, { disk: false }), `cluster ${config.host}`, '1.35'),
        ]),
      ],
      ['offline', storeFor('1.35')],
    ];
    const real = sharedCrds();
    assert.ok(real.length >= 30, `expected the shared CRDs, found ${real.length}`);
    const random = prng(SEED);
    const cases = Array.from({ length: MUTATIONS }, (_, i) => {
      const base = real[Math.floor(random() * real.length)];
      const m = mutateCrd(base.crd, random, 1);
      return { label: `#${i} ${base.label}: ${m.edits.join('; ')}`, edits: m.edits, crd: m.crd };
    });

    const known = (edits: string[], server: string) =>
      KNOWN_DIFFERENCES.find(
        (k) => (!k.edit || edits.some((e) => k.edit!.test(e))) && (!k.server || k.server.test(server)),
      );
    const crashes: string[] = [];
    const newDifferences: string[] = [];
    const knownDifferences: string[] = [];
    let rejected = 0;
    let verdicts = 0;
    let causes = 0;
    let fieldsMatched = 0;
    let messagesMatched = 0;
    const serverFailures: string[] = [];
    await mapLimit(cases, CONCURRENCY, async (c) => {
      const server = await serverAnswer(rest, c.crd);
      if ('failed' in server) {
        serverFailures.push(`${c.label}\n    ${server.failed}`);
        return;
      }
      if (server.rejected) rejected++;
      const serverText = server.rejected
        ? server.causes.length
          ? server.causes.map((x: Cause) => `${x.field}: ${x.message}`).join('\n             ')
          : server.message
        : 'accepted';
      let agreed = true;
      for (const [side, store] of stores) {
        const o = await ours(store, c.crd);
        if (o.threw) {
          crashes.push(`${c.label}\n    ${side} threw: ${o.threw}`);
          continue;
        }
        const problems: string[] = [];
        if (server.rejected !== o.errors.length > 0) problems.push('verdict');
        const swapped = tiedCostSwaps(c.crd, server.causes, o.errors);
        for (const cause of server.causes) {
          const same = swapped.has(cause.field)
            ? [{ field: cause.field, message: `${cause.field}: ${cause.message}` }]
            : o.errors.filter((e) => e.field === cause.field);
          if (side === 'cluster') {
            causes++;
            if (same.length > 0) fieldsMatched++;
            if (same.some((e) => e.message === `${cause.field}: ${cause.message}`)) messagesMatched++;
          }
          if (same.length === 0) problems.push(`field ${cause.field}`);
        }
        if (problems.length === 0) continue;
        agreed = false;
        const line =
          `${c.label} [${side}: ${problems.join(', ')}]\n    server: ${serverText}\n` +
          `    ours:   ${o.errors.map((e) => e.message).join('\n             ') || 'accepted'}`;
        const k = known(c.edits, serverText);
        (k ? knownDifferences : newDifferences).push(k ? `(${k.id}) ${line}` : line);
      }
      if (agreed) verdicts++;
    });

    const summary =
      `CRD differential (seed ${SEED}): ${cases.length} mutants of ${real.length} real CRDs, ${rejected} rejected by the ` +
      `server; ${verdicts}/${cases.length} agree on verdict and fields (cluster and offline schemas); cause fields ` +
      `${fieldsMatched}/${causes}, messages ${messagesMatched}/${causes}; ${knownDifferences.length} known differences, ` +
      `${newDifferences.length} new, ${crashes.length} crashes, ${serverFailures.length} not answered by the server`;
    const resultsDir = path.join(repoRoot, 'test-results');
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(
      path.join(resultsDir, 'crd-differential.txt'),
      `${summary}\n\ncrashes:\n${crashes.join('\n')}\n\nnew differences:\n${newDifferences.join('\n')}\n\n` +
        `not answered by the server:\n${serverFailures.join('\n')}\n\n` +
        `known differences:\n${knownDifferences.join('\n')}\n`,
    );
    process.stdout.write(`# ${summary}\n`);
    t.diagnostic(summary);
    assert.deepEqual(crashes, [], 'kubesense never throws');
    assert.deepEqual(newDifferences, [], summary);
    // The mutator must break things the server refuses: a run where almost nothing is rejected tests little.
    assert.ok(rejected >= cases.length / 4, summary);
    assert.ok(serverFailures.length <= cases.length / 100, `${summary}\n${serverFailures.join('\n')}`);
  },
);
