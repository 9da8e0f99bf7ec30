// Differential fuzzing against the real API server: valid real-world objects (the built-in kinds of
// ../shared/k8s/corpus, the custom resources of the CEL corpus and of the CRDs in ../shared/k8s/crds) get one or two
// schema-guided mutations each (test/fuzz/schemaMutations.ts, plus the CEL-field mutations of celMutations.ts),
// seeded and deterministic. Each mutant is judged by the test cluster's kube-apiserver (server-side dry-run,
// strict field validation) and by kubesense twice: with the cluster's schemas and offline (the schema folder and
// the CRD files). Verdicts and fields must agree, except for the differences named in KNOWN_DIFFERENCES below
// (each also in the README): a new disagreement fails the test.
//   KUBESENSE_FUZZ_MUTATIONS (default 500) and KUBESENSE_FUZZ_SEED (default 1) choose a larger or another run;
//   KUBESENSE_FUZZ_EXTRA (folders, separated like PATH) adds the built-in objects of other real manifests;
//   KUBESENSE_FUZZ_RESULTS names the results file under test-results/ (runs side by side each keep their own).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseManifestFile } from '../../../../analysis/documents';
import { storeFor, listFiles, sharedK8s, repoRoot, openapiDir } from '../../../unit/analysis/validation/sharedData';
import { type FuzzSchema, mutate, openapiResolver, render, seededRandom } from '../../../fuzz/schemaMutations';
import { adminClient, clusterStore, groupVersionPaths, installCrds } from './celCrd';
import { corpusCrds, corpusObjects, installCorpus } from './celCorpus';
import { celMutations, crdSchemaFor } from './celMutations';
import { collectRealObjects } from './realObjects';
import {
  fieldCovered,
  listItems,
  mapLimit,
  ourVerdict,
  servedKinds,
  serverVerdict,
  withNamespace,
  type Verdict,
} from './verdicts';

type Obj = Record<string, unknown>;
const MUTATIONS = Number(process.env.KUBESENSE_FUZZ_MUTATIONS ?? 500);
const SEED = Number(process.env.KUBESENSE_FUZZ_SEED ?? 1);
const CONCURRENCY = 6;

/**
 * Differences we know and have not closed, each with its reason (also in the README's validation-agreement
 * section). A finding is known when one of the mutant's edits matches `edit` (and `object`, `ours`, `server` when
 * given; a difference of the real object itself, no edit, has `server` only); `side` is which of our two readings
 * differs. Anything else is new and fails the test.
 */
const KNOWN_DIFFERENCES: {
  id: string;
  edit?: RegExp;
  server?: RegExp;
  object?: RegExp;
  ours?: RegExp;
  side: 'cluster' | 'offline' | 'both';
  reason: string;
}[] = [
  {
    id: 'json-number-literal',
    edit: /^(large-number: number|int-or-string: value) (1\.0|1e2|0\.5e1) at /,
    side: 'both',
    reason:
      "a JSON document's integer written 1.0, 1e2 or 0.5e1: the server decodes the raw text to a float64 (refused at a " +
      "built-in integer field, a CR's scale replicas, a CEL rule's int); kubesense judges what kubectl sends, the " +
      'integer (1, 100, 5), and warns at a built-in field; in metadata kubectl refuses it (an error here too)',
  },
  {
    id: 'kubectl-decodes-numbers-first',
    edit: /^large-number: number 1e309 at /,
    ours: /json: cannot unmarshal number \S+ into Go value of type float64/,
    side: 'both',
    reason:
      'a number beyond float64 (1e309) where the server never reads it (a field unknown to a built-in kind, which its ' +
      'strict decoder skips unread): kubectl decodes the whole document into Go values before sending and refuses it ' +
      '(json: cannot unmarshal number 1e309 into Go value of type float64), which kubesense reports; the fuzzer sends ' +
      'the raw text, so the server answers only the unknown field',
  },
  {
    id: 'crd-metadata-name-over-the-wire',
    edit: /at metadata\.(name|generateName)$|^metadata: (name|generateName) /,
    object: /clustercsidrivers/,
    side: 'cluster',
    reason:
      "with the cluster's schemas: its published OpenAPI replaces a CRD's metadata schema by ObjectMeta, so the CRD's " +
      'metadata.name enum/pattern is not there (it is in the CRD object, which kubesense does not read from the cluster)',
  },
  {
    id: 'scale-subresource-replicas',
    edit: / at spec\.replicas$/,
    object: /ingresscontrollers/,
    side: 'cluster',
    reason:
      "a CR with a scale subresource, with the cluster's schemas: the server requires an int64 from 0 to 2^31-1 at specReplicasPath, " +
      'which its published OpenAPI does not say (offline, the CRD file does: checked)',
  },
  {
    id: 'crd-metadata-name-generated',
    edit: /^metadata: generateName /,
    object: /clustercsidrivers/,
    side: 'offline',
    reason:
      'a custom resource made with generateName whose CRD restricts metadata.name (an enum, a pattern): the server ' +
      'checks the generated name (prefix and 5 random characters) against it; kubesense checks only a given name',
  },
  {
    id: 'kind-in-no-source',
    edit: /^api-version: /,
    server: /^no matches for kind /,
    ours: /^$/,
    side: 'both',
    reason:
      'a kind no schema source serves at any version of its group (a group with a dot: a CRD may define it): it may ' +
      'be a CRD not passed or not installed yet, so kubesense says so as information (a kind served at other ' +
      'versions of its group, or a group without a dot, is the error "no matches for kind")',
  },
  {
    id: 'service-ip-outside-cluster-range',
    server: /: failed to allocate IP [^:]*: the provided IP \([^)]*\) is not in the valid range\./,
    side: 'both',
    reason:
      "a Service's clusterIP outside the cluster's service range (kube-apiserver's --service-cluster-ip-range, here " +
      '10.96.0.0/16): the allocator refuses it after validation; the range is a setting of each cluster that neither ' +
      'the schema folder nor the published OpenAPI says',
  },
];

interface Base {
  label: string;
  object: Obj;
  schema: FuzzSchema | undefined;
  resolve: (s: FuzzSchema | undefined) => FuzzSchema | undefined;
  /** CEL corpus objects name their own namespaces (installCorpus creates them). */
  keepNamespace: boolean;
}

function sharedCrdFiles(): string[] {
  return listFiles(path.join(sharedK8s, 'crds'), (f) => /\.ya?ml$/.test(f));
}

function crdsOf(files: string[]): Obj[] {
  return files.flatMap((f) =>
    parseManifestFile(fs.readFileSync(f, 'utf8'), f)
      .manifests.filter((m) => m.kind === 'CustomResourceDefinition' && m.apiVersion === 'apiextensions.k8s.io/v1')
      .map((m) => {
        const crd = structuredClone(m.value) as Obj;
        delete crd.status;
        return crd;
      }),
  );
}

/** The OpenAPI v3 schema of a built-in kind, from the schema folder (what the server publishes for it). */
function builtinSchemas(): (apiVersion: string, kind: string) => Pick<Base, 'schema' | 'resolve'> | undefined {
  const docs = new Map<string, Record<string, FuzzSchema> | undefined>();
  return (apiVersion, kind) => {
    const file = apiVersion.includes('/') ? `apis/${apiVersion}.json` : `api/${apiVersion}.json`;
    if (!docs.has(file)) {
      const full = path.join(openapiDir('1.35'), file);
      docs.set(
        file,
        fs.existsSync(full)
          ? (JSON.parse(fs.readFileSync(full, 'utf8')) as { components: { schemas: Record<string, FuzzSchema> } })
              .components.schemas
          : undefined,
      );
    }
    const components = docs.get(file);
    if (!components) return undefined;
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    for (const s of Object.values(components)) {
      const gvks = (s as { 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[] })[
        'x-kubernetes-group-version-kind'
      ];
      if (gvks?.some((g) => g.group === group && g.version === version && g.kind === kind))
        return { schema: s, resolve: openapiResolver(components) };
    }
    return undefined;
  };
}

function corpusBases(crds: Obj[]): Base[] {
  const builtin = builtinSchemas();
  const out: Base[] = [];
  const seen = new Set<string>();
  const files = listFiles(path.join(sharedK8s, 'corpus'), (f) => /\.(ya?ml|json)$/.test(f));
  for (const f of files) {
    let parsed;
    try {
      parsed = parseManifestFile(fs.readFileSync(f, 'utf8'), f);
    } catch {
      continue;
    }
    for (const doc of parsed.manifests) {
      const items = listItems(doc);
      for (const o of items) {
        if (!o || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') continue;
        if (o.kind === 'Namespace' || o.kind === 'CustomResourceDefinition') continue;
        const id = `${o.apiVersion}|${o.kind}|${(o.metadata as Obj | undefined)?.name}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const crdSchema = crdSchemaFor(crds, o.apiVersion, o.kind) as FuzzSchema | undefined;
        const found = crdSchema
          ? { schema: crdSchema, resolve: (s: FuzzSchema | undefined) => s }
          : builtin(o.apiVersion, o.kind);
        if (!found) continue;
        out.push({
          label: `${path.relative(sharedK8s, f)} ${o.kind}/${(o.metadata as Obj | undefined)?.name}`,
          object: o,
          ...found,
          keepNamespace: false,
        });
      }
    }
  }
  // Real manifests from elsewhere (KUBESENSE_FUZZ_EXTRA, folders separated like PATH): their built-in objects too.
  const extra = (process.env.KUBESENSE_FUZZ_EXTRA ?? '').split(path.delimiter).filter(Boolean);
  for (const r of collectRealObjects(extra, () => true).objects) {
    const found = builtin(String(r.object.apiVersion), String(r.object.kind));
    if (found)
      out.push({ label: `${path.basename(r.source)}/${r.label}`, object: r.object, ...found, keepNamespace: false });
  }
  for (const c of corpusObjects()) {
    if (!c.label.includes('/valid/')) continue;
    const schema = crdSchemaFor(crds, String(c.object.apiVersion), String(c.object.kind)) as FuzzSchema | undefined;
    if (schema) out.push({ label: c.label, object: c.object, schema, resolve: (s) => s, keepNamespace: true });
  }
  return out;
}

interface Judged {
  label: string;
  names: string[];
  categories: string[];
  text: string;
  server: Verdict;
  cluster: Verdict;
  offline: Verdict;
}

interface Finding {
  side: 'cluster' | 'offline';
  what: 'verdict' | 'fields';
  j: Judged;
  ours: Verdict;
}

function findings(j: Judged): Finding[] {
  const out: Finding[] = [];
  for (const side of ['cluster', 'offline'] as const) {
    const ours = j[side];
    if (ours.rejected !== j.server.rejected) out.push({ side, what: 'verdict', j, ours });
    else if (ours.rejected && j.server.fields.some((f) => !fieldCovered(f, ours.fields)))
      out.push({ side, what: 'fields', j, ours });
  }
  return out;
}

function knownReason(f: Finding): string | undefined {
  const k = KNOWN_DIFFERENCES.find(
    (k) =>
      (k.side === 'both' || k.side === f.side) &&
      (!k.edit || f.j.names.some((n) => k.edit!.test(n))) &&
      (!k.server || k.server.test(f.j.server.message)) &&
      (!k.object || k.object.test(f.j.label)) &&
      (!k.ours || k.ours.test(f.ours.message)),
  );
  return k && `${k.id}: ${k.reason}`;
}

function describe(f: Finding): string {
  const v = (x: Verdict) => (x.rejected ? `${x.message} [${x.fields.join(', ')}]` : 'accepted');
  return `${f.what} (${f.side}): ${f.j.names.join(' + ')} — ${f.j.label}\n    server: ${v(f.j.server)}\n    ours:   ${v(f.ours)}`;
}

test(
  `differential fuzzing against the real API server (${MUTATIONS} mutants, seed ${SEED})`,
  { timeout: 1_800_000 },
  async (t) => {
    const client = adminClient(t);
    if (!client) return;
    const { config, rest } = client;
    const shared = crdsOf(sharedCrdFiles());
    const celCrds = corpusCrds();
    const crds = [...celCrds, ...shared];
    await installCorpus(rest);
    await installCrds(rest, shared);
    const installed = crds.flatMap((c) => {
      const spec = c.spec as { group: string; names: { kind: string }; versions: { name: string; served: boolean }[] };
      return spec.versions.filter((v) => v.served).map((v) => `${spec.group}/${v.name}|${spec.names.kind}`);
    });
    const served = await servedKinds(config, installed);
    const cluster = await clusterStore(config, groupVersionPaths(crds));
    const offline = storeFor('1.35', [
      ...sharedCrdFiles().map((f) => path.relative(sharedK8s, f)),
      ...listFiles(path.join(sharedK8s, 'cel-corpus'), (f) => /\/crds\/.*\.ya?ml$/.test(f)).map((f) =>
        path.relative(sharedK8s, f),
      ),
    ]);

    const judge = async (label: string, object: Obj, text: string, names: string[], categories: string[]) => {
      const mapping = served.get(`${object.apiVersion}|${object.kind}`);
      return {
        label,
        names,
        categories,
        text,
        // A kind the server does not serve at that apiVersion never reaches it: kubectl's REST mapping, from the
        // server's discovery, refuses it first.
        server: mapping
          ? await serverVerdict(rest, object, mapping, text)
          : {
              rejected: true,
              fields: [],
              message: `no matches for kind ${JSON.stringify(object.kind)} in version ${JSON.stringify(object.apiVersion)}`,
            },
        cluster: await ourVerdict(cluster, object, text),
        offline: await ourVerdict(offline, object, text),
      } satisfies Judged;
    };

    // Only objects the server accepts as they are get mutated, so each finding is the mutation's.
    const candidates = corpusBases(crds)
      .filter((b) => served.has(`${b.object.apiVersion}|${b.object.kind}`))
      .map((b) => {
        const mapping = served.get(`${b.object.apiVersion}|${b.object.kind}`)!;
        return { ...b, object: withNamespace(b.object, mapping.namespaced, b.keepNamespace) };
      });
    const random = seededRandom(SEED);
    const sampled = candidates.filter(() => random() < Math.min(1, (MUTATIONS * 0.6) / candidates.length));
    const baseResults = await mapLimit(sampled, CONCURRENCY, async (b) => ({
      b,
      j: await judge(`real: ${b.label}`, b.object, render(b.object), [], []),
    }));
    const bases = baseResults.filter((r) => !r.j.server.rejected).map((r) => r.b);
    assert.ok(bases.length > 50, `expected many valid real objects, got ${bases.length} of ${sampled.length}`);

    const mutants: { label: string; object: Obj; text: string; names: string[]; categories: string[] }[] = [];
    for (let i = 0; i < MUTATIONS; i++) {
      const b = bases[Math.floor(random() * bases.length)];
      const hasRules = JSON.stringify(b.schema ?? {}).includes('x-kubernetes-validations');
      if (hasRules && random() < 0.2) {
        const cel = celMutations(b.object, b.schema as never, 40);
        if (cel.length) {
          const m = cel[Math.floor(random() * cel.length)];
          mutants.push({
            label: b.label,
            object: m.object,
            text: render(m.object),
            names: [m.name],
            categories: ['cel'],
          });
          continue;
        }
      }
      const m = mutate(b.object, b.schema, b.resolve, random, random() < 0.3 ? 2 : 1);
      if (m) mutants.push({ label: b.label, ...m });
    }

    const started = Date.now();
    const judged = await mapLimit(mutants, CONCURRENCY, (m) => judge(m.label, m.object, m.text, m.names, m.categories));
    const seconds = (Date.now() - started) / 1000;

    const byCategory = new Map<string, { runs: number; found: number }>();
    const all = [...baseResults.map((r) => r.j), ...judged];
    const known: string[] = [];
    const unknown: string[] = [];
    for (const j of all) {
      const fs_ = findings(j);
      for (const c of j.categories.length ? new Set(j.categories) : ['real']) {
        const row = byCategory.get(c) ?? { runs: 0, found: 0 };
        row.runs++;
        if (fs_.length) row.found++;
        byCategory.set(c, row);
      }
      for (const f of fs_) {
        const reason = knownReason(f);
        if (reason) known.push(`${describe(f)}\n    known: ${reason}`);
        else unknown.push(describe(f));
      }
    }
    const table = [...byCategory.entries()]
      .sort()
      .map(([c, r]) => `  ${c}: ${r.runs} run, ${r.found} with a difference`)
      .join('\n');
    const summary =
      `differential: ${judged.length} mutants of ${bases.length} valid real objects (seed ${SEED}) in ${seconds.toFixed(0)} s; ` +
      `${unknown.length} unknown and ${known.length} known differences`;
    t.diagnostic(summary);
    const resultsDir = path.join(repoRoot, 'test-results');
    fs.mkdirSync(resultsDir, { recursive: true });
    fs.writeFileSync(
      path.join(resultsDir, process.env.KUBESENSE_FUZZ_RESULTS ?? 'validation-differential.txt'),
      `${summary}\n${table}\n\nunknown:\n${unknown.join('\n')}\n\nknown:\n${known.join('\n')}\n`,
    );
    process.stdout.write(`# ${summary}\n${table.replace(/^/gm, '# ')}\n`);
    assert.ok(judged.length >= MUTATIONS * 0.9, `expected about ${MUTATIONS} mutants, got ${judged.length}`);
    assert.deepEqual(unknown, [], `${summary}\n${unknown.join('\n')}`);
  },
);
