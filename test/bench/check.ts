// `kubesense check` throughput (resources/s) beside kubeconform and kubectl-validate, same files, same run.
// Workload: every built-in object of ../shared/k8s/corpus (valid real-world manifests), repeated to a few
// thousand resources in multi-document files under a temp folder. Each tool runs as its users run it, as a
// fresh process (start-up included), best of ROUNDS, the tools' rounds interleaved:
// - kubesense check DIR --schema-dir ../shared/k8s/openapi-v3/1.35
// - kubeconform -strict -summary with the same 1.35 schemas converted to its standalone-strict JSON schema
//   layout (offline; built by test/bench/yamlls/k8sJsonSchema.ts, as yannh/kubernetes-json-schema does)
// - kubectl-validate DIR --local-schemas ../shared/k8s/openapi-v3/1.35
// The peers are installed by test/bench/install-validators.sh (go install, cached in $KUBESENSE_CACHE).
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { buildKubernetesJsonSchema } from './yamlls/k8sJsonSchema';

const repoRoot = path.resolve(__dirname, '../../..');
const shared = path.resolve(repoRoot, '../shared/k8s');
const openapi = path.join(shared, 'openapi-v3/1.35');
const ROUNDS = 3;

export interface CheckBenchRow {
  tool: string;
  resources: number;
  bestMs: number;
  resourcesPerSecond: number;
  /** Problems the tool reported on these valid files (0 expected). */
  exitCode: number;
  note?: string;
}

export interface CheckBenchResult {
  resources: number;
  files: number;
  rows: CheckBenchRow[];
}

/** Built-in objects of the corpus as YAML documents (CRs and CRDs left out: not every tool has their schemas). */
function corpusDocuments(builtinApiVersions: Set<string>): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!['cache', 'registry', 'kubeconform', 'kubeval'].includes(e.name)) walk(full);
      } else if (/\.ya?ml$/.test(e.name)) {
        for (const doc of parseAllDocuments(fs.readFileSync(full, 'utf8'))) {
          const v = doc.toJS() as { apiVersion?: string; kind?: string } | null;
          if (!v || doc.errors.length || !v.kind || !v.apiVersion || !builtinApiVersions.has(v.apiVersion)) continue;
          if (v.kind.endsWith('List') || v.kind === 'CustomResourceDefinition') continue;
          out.push(doc.toString());
        }
      }
    }
  };
  walk(path.join(shared, 'corpus'));
  return out;
}

function servedApiVersions(): Set<string> {
  const out = new Set<string>();
  for (const f of fs.readdirSync(path.join(openapi, 'api'))) out.add(f.replace(/\.json$/, ''));
  for (const g of fs.readdirSync(path.join(openapi, 'apis'))) {
    for (const f of fs.readdirSync(path.join(openapi, 'apis', g))) out.add(`${g}/${f.replace(/\.json$/, '')}`);
  }
  return out;
}

function writeWorkload(dir: string, docs: string[], target: number): { files: number; resources: number } {
  let resources = 0;
  let files = 0;
  const perFile = 50;
  let batch: string[] = [];
  for (let i = 0; resources < target; i++) {
    batch.push(docs[i % docs.length]);
    resources++;
    if (batch.length === perFile || resources === target) {
      fs.writeFileSync(
        path.join(dir, `workload-${String(files++).padStart(4, '0')}.yaml`),
        batch.map((d) => d.replace(/\n*$/, '\n')).join('---\n'),
      );
      batch = [];
    }
  }
  return { files, resources };
}

/** kubeconform's schema layout for -schema-location '<dir>/{{ .ResourceKind }}{{ .KindSuffix }}.json'. */
function writeKubeconformSchemas(dir: string): void {
  const { definitions } = buildKubernetesJsonSchema(openapi);
  const defs = (definitions as { definitions: Record<string, Record<string, unknown>> }).definitions;
  const reachable = (name: string, into: Record<string, unknown>): void => {
    if (into[name] || !defs[name]) return;
    into[name] = defs[name];
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object') {
        for (const [k, x] of Object.entries(v)) {
          if (k === '$ref' && typeof x === 'string' && x.startsWith('#/definitions/'))
            reachable(x.slice('#/definitions/'.length), into);
          else visit(x);
        }
      }
    };
    visit(defs[name]);
  };
  for (const [name, schema] of Object.entries(defs)) {
    const gvks = (schema['x-kubernetes-group-version-kind'] ?? []) as {
      group: string;
      version: string;
      kind: string;
    }[];
    for (const g of gvks) {
      // kubeconform: KindSuffix is -<first label of the group>-<version>, or -<version> for the core group.
      const suffix = g.group
        ? `-${g.group.split('.')[0].toLowerCase()}-${g.version.toLowerCase()}`
        : `-${g.version.toLowerCase()}`;
      const file = path.join(dir, `${g.kind.toLowerCase()}${suffix}.json`);
      if (fs.existsSync(file)) continue;
      const own: Record<string, unknown> = {};
      reachable(name, own);
      fs.writeFileSync(
        file,
        JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', ...schema, definitions: own }),
      );
    }
  }
}

interface Timed {
  ms: number;
  code: number;
  stderr: string;
}

/** One fresh run of a command: wall time, exit code and the tail of its output. */
function timeOnce(cmd: string, args: string[]): Timed {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.error) throw r.error;
  return { ms, code: r.status ?? 1, stderr: `${r.stdout ?? ''}${r.stderr ?? ''}`.slice(-2000) };
}

/**
 * Best of ROUNDS per tool, the tools' rounds interleaved (A B C, A B C, ...): on a shared machine the load drifts
 * over a run, and interleaving spreads the drift over every tool instead of charging it to whichever ran last.
 */
function timeInterleaved(commands: [string, string[]][]): Timed[] {
  const best: Timed[] = commands.map(() => ({ ms: Infinity, code: 0, stderr: '' }));
  for (let round = 0; round < ROUNDS; round++) {
    commands.forEach(([cmd, args], i) => {
      const r = timeOnce(cmd, args);
      best[i] = { ms: Math.min(best[i].ms, r.ms), code: r.code, stderr: r.stderr };
    });
  }
  return best;
}

/** Writes the bench workload into dir (for profiling by hand); returns its size. */
export function prepareCheckWorkload(dir: string, resources = 5000): { files: number; resources: number } {
  return writeWorkload(dir, corpusDocuments(servedApiVersions()), resources);
}

export async function runCheckBench(
  options: { resources?: number; log?: (line: string) => void } = {},
): Promise<CheckBenchResult> {
  const log = options.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-check-bench-'));
  try {
    const docs = corpusDocuments(servedApiVersions());
    const manifests = path.join(work, 'manifests');
    fs.mkdirSync(manifests);
    const { files, resources } = writeWorkload(manifests, docs, options.resources ?? 5000);
    log(
      `check bench: ${resources} resources in ${files} files (${docs.length} distinct built-in objects from ../shared/k8s/corpus), best of ${ROUNDS}`,
    );

    const rows: CheckBenchRow[] = [];
    const row = (tool: string, r: Timed, note?: string): void => {
      rows.push({
        tool,
        resources,
        bestMs: r.ms,
        resourcesPerSecond: (resources / r.ms) * 1000,
        exitCode: r.code,
        note:
          r.code === 0
            ? note
            : `${note ?? ''} exit ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`.trim(),
      });
    };
    const tools: [string, string, string[]][] = [
      [
        'kubesense check',
        process.execPath,
        [path.join(repoRoot, 'bin/kubesense.js'), 'check', manifests, '--schema-dir', openapi, '--offline'],
      ],
    ];

    let bin: string | undefined;
    try {
      bin = execFileSync('bash', [path.join(repoRoot, 'test/bench/install-validators.sh')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      })
        .trim()
        .split('\n')
        .pop();
    } catch (e) {
      log(`check bench: peers not installed (${(e as Error).message.split('\n')[0]}); kubesense only`);
    }
    if (bin) {
      const schemas = path.join(work, 'kubeconform-schemas');
      fs.mkdirSync(schemas);
      writeKubeconformSchemas(schemas);
      tools.push([
        'kubeconform -strict',
        path.join(bin, 'kubeconform'),
        ['-strict', '-summary', '-schema-location', `${schemas}/{{ .ResourceKind }}{{ .KindSuffix }}.json`, manifests],
      ]);
      // v0.0.4 (the newest on the Go module proxy) has no embedded 1.35 schemas: hand it the same folder.
      tools.push(['kubectl-validate', path.join(bin, 'kubectl-validate'), [manifests, '--local-schemas', openapi]]);
    }
    timeInterleaved(tools.map(([, cmd, args]) => [cmd, args])).forEach((r, i) => row(tools[i][0], r));

    const ours = rows[0];
    log('');
    log(
      `${'tool'.padEnd(22)} ${'best ms'.padStart(10)} ${'resources/s'.padStart(12)} ${'kubesense ×'.padStart(12)}  exit`,
    );
    for (const r of rows) {
      const ratio = r === ours ? '1.00' : (ours.resourcesPerSecond / r.resourcesPerSecond).toFixed(2);
      log(
        `${r.tool.padEnd(22)} ${r.bestMs.toFixed(0).padStart(10)} ${r.resourcesPerSecond.toFixed(0).padStart(12)} ${ratio.padStart(12)}  ${r.exitCode}${r.note ? `  ${r.note}` : ''}`,
      );
    }
    log('(kubesense × = how many times faster kubesense check is than that tool on the same files)');
    const kubeconform = rows.find((r) => r.tool.startsWith('kubeconform'));
    if (kubeconform)
      log(
        `kubesense ÷ kubeconform: ${(ours.resourcesPerSecond / kubeconform.resourcesPerSecond).toFixed(2)} (target ≥ 1.00)`,
      );
    return { resources, files, rows };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runCheckBench().catch((e) => {
    process.stderr.write(`${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  });
}
