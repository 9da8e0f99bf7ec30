// CustomResourceDefinitions judged as the real API server judges them: every real CRD in ../shared (all must be
// accepted) and mutations of them breaking one rule each (crdMutations.ts) are sent to the test cluster's
// kube-apiserver (server-side dry-run create, strict field validation) and to kubesense's validate() with the
// cluster's own schemas. Verdicts must agree; fields and messages are compared cause by cause and reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { clusterEnv } from '../../../cluster/env';
import { restConfigFromFile } from '../../../../kube/kubeconfig';
import { RESTClient } from '../../../../kube/rest/client';
import { OpenAPIV3Client } from '../../../../kube/openapi';
import { parseManifestFile } from '../../../../analysis/documents';
import { clusterSchemaSource, SchemaStore } from '../../../../analysis/schema';
import { validate } from '../../../../analysis/validation';
import { CRD_MUTATIONS } from './crdMutations';
import { crdServerCauses, mapLimit, tiedCostSwaps } from './verdicts';
import { CEL_COST_MUTATIONS } from './celCostMutations';
import { DEFAULT_MUTATIONS } from './defaultMutations';
import { sharedCrds } from '../../../unit/analysis/validation/sharedData';

type Obj = Record<string, unknown>;
const repoRoot = path.resolve(__dirname, '../../../../..');
/** Each mutation is tried on this many different CRDs (the first ones it applies to). */
const CRDS_PER_MUTATION = 3;
/** Cases judged at once (server requests in flight). */
const CASES_AT_ONCE = 4;

async function ourErrors(store: SchemaStore, crd: Obj): Promise<{ field: string; message: string }[]> {
  const file = parseManifestFile(JSON.stringify(crd, null, 2), 'crd.json');
  return (await validate(file, store))
    .filter((d) => d.severity === 'error')
    .map((d) => ({ field: d.field ?? '', message: d.message }));
}

test(
  'CustomResourceDefinitions: the same verdicts, fields and messages as the real API server',
  { timeout: 900_000 },
  async (t) => {
    const env = clusterEnv(t);
    if (!env) return;
    const config = restConfigFromFile(env.kubeconfig, 'admin');
    config.qps = -1;
    const rest = new RESTClient(config);
    const store = new SchemaStore([
      clusterSchemaSource(new OpenAPIV3Client(config, { disk: false }), `cluster ${config.host}`, '1.35'),
    ]);

    const real = sharedCrds();
    assert.ok(real.length >= 30, `expected the shared CRDs, found ${real.length}`);
    const cases: { label: string; crd: Obj; mutated: boolean }[] = real.map((r) => ({ ...r, mutated: false }));
    const unused: string[] = [];
    for (const m of [
      ...CRD_MUTATIONS,
      ...DEFAULT_MUTATIONS,
      ...CEL_COST_MUTATIONS,
    ] as (typeof CEL_COST_MUTATIONS)[number][]) {
      let applied = 0;
      for (const r of real) {
        if (applied >= (m.crds ?? CRDS_PER_MUTATION)) break;
        const copy = structuredClone(r.crd);
        if (!m.apply(copy)) continue;
        applied++;
        cases.push({ label: `${m.name}: ${r.label}`, crd: copy, mutated: true });
      }
      if (applied === 0) unused.push(m.name);
    }

    let verdicts = 0;
    let causes = 0;
    let fieldsMatched = 0;
    let messagesMatched = 0;
    let realAccepted = 0;
    const disagreements: string[] = [];
    const fieldDifferences: string[] = [];
    const start = performance.now();
    const timing = { total: 0, cpuMs: 0, server: 0, ours: 0, cases: cases.length };
    // Independent cases, a few at once: the server judges one CRD while kubesense validates another.
    const judged = await mapLimit(cases, CASES_AT_ONCE, async (c) => {
      let t0 = performance.now();
      const server = await crdServerCauses(rest, c.crd);
      timing.server += performance.now() - t0;
      t0 = performance.now();
      const ours = await ourErrors(store, c.crd);
      timing.ours += performance.now() - t0;
      return { c, server, ours };
    });
    let ties = 0;
    for (const { c, server, ours } of judged) {
      if (!c.mutated && !server.rejected && ours.length === 0) realAccepted++;
      const swapped = tiedCostSwaps(c.crd, server.causes, ours);
      ties += swapped.size;
      if (server.rejected === ours.length > 0) verdicts++;
      else
        disagreements.push(
          `${c.label}\n    server: ${server.rejected ? server.message : 'accepted'}\n    ours:   ${ours.map((o) => o.message).join('; ') || 'accepted'}`,
        );
      for (const cause of server.causes) {
        causes++;
        const sameField = ours.filter((o) => o.field === cause.field);
        const tied = swapped.has(cause.field);
        if (sameField.length > 0 || tied) fieldsMatched++;
        if (tied || sameField.some((o) => o.message === `${cause.field}: ${cause.message}`)) messagesMatched++;
        else
          fieldDifferences.push(
            `${c.label}\n    server: ${cause.field}: ${cause.message}\n    ours:   ${ours.map((o) => o.message).join('; ') || '-'}`,
          );
      }
    }
    const summary =
      `CRD agreement: ${verdicts}/${cases.length} verdicts (${real.length} real CRDs, ${realAccepted} accepted by both; ` +
      `${cases.length - real.length} mutations), fields ${fieldsMatched}/${causes}, messages ${messagesMatched}/${causes} ` +
      `(${ties} of them rules the server named among ones tied in cost with ours)`;
    t.diagnostic(summary);
    for (const d of [...disagreements, ...fieldDifferences]) t.diagnostic(d);
    const resultsDir = path.join(repoRoot, 'test-results');
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(
      path.join(resultsDir, 'crd-agreement.txt'),
      `${summary}\n\nverdicts:\n${disagreements.join('\n')}\n\nfields/messages:\n${fieldDifferences.join('\n')}\n`,
    );
    process.stdout.write(`# ${summary}\n`);
    timing.total = performance.now() - start;
    const cpu = process.cpuUsage();
    timing.cpuMs = (cpu.user + cpu.system) / 1000;
    process.stdout.write(
      `# time: ${JSON.stringify(timing, (_, v: unknown) => (typeof v === 'number' ? Math.round(v) : v))}\n`,
    );
    assert.deepEqual(unused, [], 'every mutation applies to at least one real CRD');
    assert.equal(realAccepted, real.length, 'every real CRD is accepted by the server and by kubesense');
    assert.equal(verdicts, cases.length, `${summary}\n${disagreements.join('\n')}`);
    assert.ok(fieldsMatched / causes >= 0.95, `${summary}\n${fieldDifferences.join('\n')}`);
  },
);
