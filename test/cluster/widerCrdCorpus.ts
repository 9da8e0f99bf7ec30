/**
 * node out/test/cluster/withCluster.js -- node out/test/cluster/widerCrdCorpus.js [--mutations N] [--fetch module@version]... [dir]...
 *
 * Opt-in agreement run on CRDs beyond ../shared (not part of `npm test`: it needs downloads). Each argument is a
 * folder holding real CRDs and objects (a Go module's source), or `--fetch module@version`, downloaded with
 * `go mod download` into $KUBESENSE_CACHE/gomods (never into the repository). For every folder:
 *  1. every apiextensions.k8s.io/v1 CRD is dry-run created on the real kube-apiserver and validated by kubesense;
 *  2. one variant of each CRD (the one with most served versions) is installed, and every object of its kinds found
 *     in the folder (examples, conformance, testdata) is dry-run created (strict field validation) and validated
 *     offline by kubesense from the CRD files (+ the upstream 1.35 schemas);
 *  3. mutations of the CEL-constrained fields of the objects the server accepts (celMutations.ts), likewise.
 * Prints the counts and every disagreement; writes them to test-results/wider-crd-corpus.txt. Exit 1 on any
 * disagreement (a verdict, or a field the server names that ours do not cover); causes not printed word for word
 * (the server's `field: message` not found in ours) are counted and listed, not failed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { findClusterEnv } from './env';
import { restConfigFromFile } from '../../kube/kubeconfig';
import { RESTClient } from '../../kube/rest/client';
import { parseManifestFile } from '../../analysis/documents';
import { CrdSchemaSource, DirectorySchemaSource, SchemaStore } from '../../analysis/schema';
import { ensure, installCrds } from '../integration/analysis/validation/celCrd';
import { celMutations, celScalarMutations, crdSchemaFor } from '../integration/analysis/validation/celMutations';
import {
  causesAgree,
  crdServerCauses,
  fieldCovered,
  listItems,
  mapLimit,
  ourVerdict,
  servedKinds,
  serverFindings,
  serverVerdict,
  withNamespace,
  type Verdict,
} from '../integration/analysis/validation/verdicts';
import { listFiles, openapiDir, repoRoot } from '../unit/analysis/validation/sharedData';

type Obj = Record<string, unknown>;
const CONCURRENCY = 6;
/** Generated CEL mutations per accepted object (`--mutations N`). */
let mutationsPerObject = 3;
/** Files larger than this are generated bundles or data, not manifests worth reading twice. */
const MAX_FILE_BYTES = 4_000_000;

function fetchModule(spec: string): string {
  const cache = process.env.KUBESENSE_CACHE ?? path.join(os.homedir(), '.cache', 'kubesense');
  const scratch = path.join(cache, 'gomods', 'scratch');
  fs.mkdirSync(scratch, { recursive: true });
  if (!fs.existsSync(path.join(scratch, 'go.mod'))) fs.writeFileSync(path.join(scratch, 'go.mod'), 'module scratch\n');
  const out = execFileSync('go', ['mod', 'download', '-json', spec], {
    cwd: scratch,
    env: { ...process.env, GOFLAGS: '-mod=mod', GOPATH: path.join(cache, 'gomods'), GOTOOLCHAIN: 'local' },
    encoding: 'utf8',
  });
  const dir = (JSON.parse(out) as { Dir?: string; Error?: string }).Dir;
  if (!dir) throw new Error(`go mod download ${spec}: ${out}`);
  return dir;
}

interface Doc {
  file: string;
  index: number;
  value: Obj;
}

function documents(dir: string): Doc[] {
  const files = listFiles(
    dir,
    (f) =>
      /\.(ya?ml|json)$/.test(f) && !/\/(vendor|node_modules|\.git)\//.test(f) && fs.statSync(f).size < MAX_FILE_BYTES,
  );
  const out: Doc[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (!/apiVersion/.test(text) || /\{\{/.test(text)) continue; // not a manifest, or a template
    let parsed;
    try {
      parsed = parseManifestFile(text, file);
    } catch {
      continue;
    }
    parsed.manifests.forEach((d, index) => {
      if (d.ast.errors.length) return;
      for (const value of listItems(d))
        if (
          value &&
          typeof value === 'object' &&
          typeof value.apiVersion === 'string' &&
          typeof value.kind === 'string'
        )
          out.push({ file, index, value });
    });
  }
  return out;
}

function crdKeys(crd: Obj): string[] {
  const spec = crd.spec as { group: string; names: { kind: string }; versions?: { name: string; served: boolean }[] };
  return (spec.versions ?? []).filter((v) => v.served).map((v) => `${spec.group}/${v.name}|${spec.names.kind}`);
}

async function crdServerVerdict(rest: RESTClient, crd: Obj): Promise<Verdict> {
  const { rejected, causes, message } = await crdServerCauses(rest, crd);
  return { rejected, fields: causes.map((c) => c.field), message };
}

function countRules(v: unknown): number {
  if (Array.isArray(v)) return v.reduce<number>((n, x) => n + countRules(x), 0);
  if (!v || typeof v !== 'object') return 0;
  let n = 0;
  for (const [k, x] of Object.entries(v))
    n += k === 'x-kubernetes-validations' && Array.isArray(x) ? x.length : countRules(x);
  return n;
}

async function main(argv: string[]): Promise<number> {
  const dirs: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--fetch') dirs.push(fetchModule(argv[++i]));
    else if (argv[i] === '--mutations') mutationsPerObject = Number(argv[++i]);
    else dirs.push(path.resolve(argv[i]));
  }
  if (!dirs.length) throw new Error('usage: widerCrdCorpus [--fetch module@version]... [dir]...');
  const env = findClusterEnv();
  if (!env) throw new Error('no test cluster: run through withCluster.js');
  const config = restConfigFromFile(env.kubeconfig, 'admin');
  config.qps = -1;
  const rest = new RESTClient(config);
  const upstream = new DirectorySchemaSource(openapiDir('1.35'));
  const report: string[] = [];
  const installedNames = new Set<string>();
  let disagreements = 0;

  for (const dir of dirs) {
    const docs = documents(dir);
    const crdDocs = docs.filter(
      (d) => d.value.kind === 'CustomResourceDefinition' && d.value.apiVersion === 'apiextensions.k8s.io/v1',
    );
    // Distinct CRD texts (the same CRD is often copied into several folders).
    const distinct = new Map<string, Doc>();
    for (const d of crdDocs) {
      const crd = structuredClone(d.value);
      delete crd.status;
      distinct.set(JSON.stringify(crd), { ...d, value: crd });
    }
    const variants = [...distinct.values()];
    const rules = variants.reduce((n, d) => n + countRules(d.value), 0);

    // 1. The CRDs themselves.
    const crdStore = new SchemaStore([upstream]);
    const crdResults = await mapLimit(variants, CONCURRENCY, async (d) => ({
      d,
      server: await crdServerVerdict(rest, d.value),
      ours: await ourVerdict(crdStore, d.value),
    }));
    const lines: string[] = [];
    let crdAgree = 0;
    for (const { d, server, ours } of crdResults) {
      if (server.rejected === ours.rejected) crdAgree++;
      else
        lines.push(
          `CRD ${path.relative(dir, d.file)}#${d.index} ${(d.value.metadata as Obj).name}\n    server: ${server.rejected ? server.message : 'accepted'}\n    ours:   ${ours.rejected ? ours.message : 'accepted'}`,
        );
    }

    // 2. Install one accepted variant per CRD name: the one serving most versions (experimental channels).
    const byName = new Map<string, Obj>();
    for (const { d, server } of crdResults) {
      if (server.rejected) continue;
      const name = String((d.value.metadata as Obj).name);
      const had = byName.get(name);
      if (
        !had ||
        crdKeys(d.value).length > crdKeys(had).length ||
        JSON.stringify(d.value).length > JSON.stringify(had).length
      )
        byName.set(name, d.value);
    }
    // A name an earlier folder installed is that folder's CRD on the server: its kinds are not judged here.
    const clashes = [...byName.keys()].filter((n) => installedNames.has(n));
    for (const n of clashes) byName.delete(n);
    for (const n of byName.keys()) installedNames.add(n);
    const installed = [...byName.values()];
    await installCrds(rest, installed);
    const served = await servedKinds(config, installed.flatMap(crdKeys));
    const crdSource = new CrdSchemaSource('wider corpus CRDs');
    installed.forEach((c, i) => crdSource.addObject(`crd-${i}`, c));
    const store = new SchemaStore([crdSource as never, upstream]);
    const ownKinds = new Set(installed.flatMap(crdKeys));

    const objects = docs.filter((d) => ownKinds.has(`${d.value.apiVersion}|${d.value.kind}`));
    for (const ns of new Set(objects.map((o) => (o.value.metadata as Obj | undefined)?.namespace)))
      if (typeof ns === 'string' && ns)
        await ensure(rest, ['api', 'v1', 'namespaces'], {
          apiVersion: 'v1',
          kind: 'Namespace',
          metadata: { name: ns },
        });
    const cases = objects.map((d) => {
      const o = structuredClone(d.value);
      const md = (o.metadata ?? (o.metadata = {})) as Obj;
      if (!md.name && !md.generateName) md.generateName = 'test-';
      return {
        label: `${path.relative(dir, d.file)}#${d.index} ${o.kind}/${md.name ?? ''}`,
        object: o,
        mutated: false,
      };
    });
    const judge = (c: (typeof cases)[number]) => {
      const mapping = served.get(`${c.object.apiVersion}|${c.object.kind}`)!;
      const object = withNamespace(c.object, mapping.namespaced, true);
      return Promise.all([serverVerdict(rest, object, mapping), ourVerdict(store, object)]);
    };
    const objectResults = await mapLimit(cases, CONCURRENCY, async (c) => ({ c, verdicts: await judge(c) }));

    // 3. Mutations of the CEL-constrained fields of the objects the server accepts.
    const mutations = objectResults.flatMap(({ c, verdicts: [server] }) => {
      if (server.rejected) return [];
      const schema = crdSchemaFor(installed, String(c.object.apiVersion), String(c.object.kind));
      if (!schema) return [];
      return [
        ...celMutations(c.object, schema as never, mutationsPerObject),
        ...celScalarMutations(c.object, schema as never, mutationsPerObject),
      ].map((m) => ({
        label: `${m.name}: ${c.label}`,
        object: m.object,
        mutated: true,
      }));
    });
    const mutationResults = await mapLimit(mutations, CONCURRENCY, async (c) => ({ c, verdicts: await judge(c) }));

    let objectAgree = 0;
    let mutationAgree = 0;
    let accepted = 0;
    let bothRejected = 0;
    let fieldsCovered = 0;
    let causesFound = 0;
    const causeLines: string[] = [];
    for (const { c, verdicts } of [...objectResults, ...mutationResults]) {
      const [server, ours] = verdicts;
      if (!c.mutated && !server.rejected) accepted++;
      if (server.rejected && ours.rejected) {
        bothRejected++;
        const missing = server.fields.filter((f) => !fieldCovered(f, ours.fields));
        if (missing.length === 0) fieldsCovered++;
        else
          lines.push(
            `${c.label} (fields ${missing.join(', ')})\n    server: ${server.message}\n    ours:   ${ours.message}`,
          );
        // Causes word for word: reported apart, a difference in wording is not a disagreement.
        if (causesAgree(server, ours)) causesFound++;
        else
          causeLines.push(
            `${c.label} (causes)\n    server: ${serverFindings(server).join('; ')}\n    ours:   ${ours.message}`,
          );
      }
      if (server.rejected === ours.rejected) {
        if (c.mutated) mutationAgree++;
        else objectAgree++;
      } else
        lines.push(
          `${c.label}\n    server: ${server.rejected ? server.message : 'accepted'}\n    ours:   ${ours.rejected ? ours.message : 'accepted'}`,
        );
    }
    disagreements += lines.length;
    const summary =
      `${dir}: CRDs ${crdAgree}/${variants.length} (${installed.length} installed, ${clashes.length} installed before, ` +
      `${rules} CEL rules), ` +
      `objects ${objectAgree}/${cases.length} (${accepted} accepted by the server), mutations ${mutationAgree}/${mutations.length}, ` +
      `fields of ${fieldsCovered}/${bothRejected} rejected by both, causes printed word for word ${causesFound}/${bothRejected}`;
    process.stdout.write(`# ${summary}\n`);
    for (const l of [...lines, ...causeLines]) process.stdout.write(`  ${l}\n`);
    report.push(summary, ...lines, ...causeLines, '');
  }
  const resultsDir = path.join(repoRoot, 'test-results');
  fs.mkdirSync(resultsDir, { recursive: true });
  fs.writeFileSync(path.join(resultsDir, 'wider-crd-corpus.txt'), `${report.join('\n')}\n`);
  return disagreements ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    process.stderr.write(`widerCrdCorpus: ${(e as Error).stack ?? e}\n`);
    process.exit(2);
  },
);
