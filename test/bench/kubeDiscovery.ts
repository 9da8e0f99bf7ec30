// Discovery bench: kubesense beside kubectl 1.33, same run, same real API server, both through the fault
// proxy (which counts every HTTP request). Cold = empty cache directory; warm = the cache the cold run wrote.
// Each side runs the same command line as its own process (`kubesense api-resources --cached` through bin/kubesense.js,
// i.e. the esbuild bundle dist/cli/kubesense.js after `npm run build`, and `kubectl api-resources --cached`) so both
// pay their start-up cost; the in-process library time is reported separately.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startCluster, repoRoot, type TestCluster } from '../cluster/cluster';
import { FaultProxy } from '../cluster/faults/proxy';
import { findKubectl } from '../cluster/kubectl';

export interface DiscoverySample {
  wallMs: number;
  requests: number;
}

export interface DiscoveryBenchSide {
  cold: DiscoverySample;
  warm: DiscoverySample;
  /** Discovery inside a running process (no start-up), median ms; ours only. */
  inProcessColdMs?: number;
  inProcessWarmMs?: number;
}

export interface DiscoveryBenchResult {
  runs: number;
  kubesense: DiscoveryBenchSide;
  kubectl: DiscoveryBenchSide;
  ratios: { coldWall: number; warmWall: number; coldRequests: number; warmRequests: number };
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function run(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr, ms: performance.now() - started }));
  });
}

/** The node program we time: the same work as `kubectl api-resources` (preferred resources through the disk cache). */
function ourScript(): string {
  const out = path.join(repoRoot(), 'out');
  return `
const { restConfigFromFile } = require(${JSON.stringify(path.join(out, 'kube/kubeconfig'))});
const { newCachedDiscovery } = require(${JSON.stringify(path.join(out, 'kube/discovery'))});
const { closeIdleConnections } = require(${JSON.stringify(path.join(out, 'kube/rest/transport'))});
(async () => {
  const config = restConfigFromFile(process.env.BENCH_KUBECONFIG);
  const t0 = performance.now();
  const d = newCachedDiscovery(config, { cacheDir: process.env.BENCH_CACHE_DIR, memory: false });
  const r = await d.serverPreferredResources();
  const ms = performance.now() - t0;
  if (r.error) throw r.error;
  let n = 0; for (const l of r.resources) n += (l.resources || []).length;
  process.stdout.write(JSON.stringify({ ms, resources: n }) + '\\n');
  closeIdleConnections();
})().catch((e) => { console.error(e); process.exit(1); });
`;
}

export async function runDiscoveryBench(
  opts: { kubeconfig?: string; runs?: number; log?: (line: string) => void } = {},
): Promise<DiscoveryBenchResult> {
  const log = opts.log ?? ((l: string) => console.log(l));
  const runs = opts.runs ?? 5;
  let cluster: TestCluster | undefined;
  let kubeconfig = opts.kubeconfig ?? process.env.KUBESENSE_TEST_KUBECONFIG;
  if (!kubeconfig) {
    cluster = await startCluster();
    kubeconfig = cluster.kubeconfig;
  }
  const proxy = await FaultProxy.start({ kubeconfig });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-bench-disc-'));
  const scriptFile = path.join(tmp, 'discover.js');
  fs.writeFileSync(scriptFile, ourScript());
  const kc = proxy.kubeconfig('admin');
  const ourCli = path.join(repoRoot(), 'bin', 'kubesense.js');
  if (!fs.existsSync(path.join(repoRoot(), 'dist', 'cli', 'kubesense.js'))) {
    log('note: dist/cli/kubesense.js missing (run `npm run build`): timing the unbundled CLI from out/cli');
  }
  const kubectl = findKubectl('1.33');
  const home = path.join(tmp, 'home');
  fs.mkdirSync(home);
  const samples = {
    kubesense: {
      cold: [] as DiscoverySample[],
      warm: [] as DiscoverySample[],
      inCold: [] as number[],
      inWarm: [] as number[],
    },
    kubectl: { cold: [] as DiscoverySample[], warm: [] as DiscoverySample[] },
  };
  try {
    for (let i = 0; i < runs; i++) {
      for (const phase of ['cold', 'warm'] as const) {
        // ours: the CLI as a user runs it
        proxy.clearRequests();
        const c = await run(
          process.execPath,
          [ourCli, `--kubeconfig=${kc}`, `--cache-dir=${path.join(tmp, `ours-cli-${i}`)}`, 'api-resources', '--cached'],
          { HOME: home },
        );
        if (c.code !== 0) throw new Error(`kubesense api-resources failed: ${c.stderr}`);
        samples.kubesense[phase].push({ wallMs: c.ms, requests: proxy.requests.length });
        // ours in-process: the library's own time, start-up excluded (its own cache dir, so cold stays cold)
        const r = await run(process.execPath, [scriptFile], {
          BENCH_KUBECONFIG: kc,
          BENCH_CACHE_DIR: path.join(tmp, `ours-${i}`),
          HOME: home,
        });
        if (r.code !== 0) throw new Error(`kubesense discovery failed: ${r.stderr}`);
        const inner = JSON.parse(r.stdout.trim().split('\n').pop()!) as { ms: number };
        (phase === 'cold' ? samples.kubesense.inCold : samples.kubesense.inWarm).push(inner.ms);
        // kubectl: --cached so the warm run may use the cache (without it api-resources always refetches)
        const theirCache = path.join(tmp, `kubectl-${i}`);
        proxy.clearRequests();
        const k = await run(kubectl, [`--kubeconfig=${kc}`, `--cache-dir=${theirCache}`, 'api-resources', '--cached'], {
          HOME: home,
        });
        if (k.code !== 0) throw new Error(`kubectl api-resources failed: ${k.stderr}`);
        samples.kubectl[phase].push({ wallMs: k.ms, requests: proxy.requests.length });
      }
    }
  } finally {
    await proxy.close();
    fs.rmSync(tmp, { recursive: true, force: true });
    await cluster?.stop();
  }
  const pick = (s: DiscoverySample[]): DiscoverySample => ({
    wallMs: median(s.map((x) => x.wallMs)),
    requests: median(s.map((x) => x.requests)),
  });
  const result: DiscoveryBenchResult = {
    runs,
    kubesense: {
      cold: pick(samples.kubesense.cold),
      warm: pick(samples.kubesense.warm),
      inProcessColdMs: median(samples.kubesense.inCold),
      inProcessWarmMs: median(samples.kubesense.inWarm),
    },
    kubectl: { cold: pick(samples.kubectl.cold), warm: pick(samples.kubectl.warm) },
    ratios: { coldWall: 0, warmWall: 0, coldRequests: 0, warmRequests: 0 },
  };
  const ratio = (a: number, b: number) => (b === 0 ? (a === 0 ? 1 : Infinity) : a / b);
  result.ratios = {
    coldWall: ratio(result.kubesense.cold.wallMs, result.kubectl.cold.wallMs),
    warmWall: ratio(result.kubesense.warm.wallMs, result.kubectl.warm.wallMs),
    coldRequests: ratio(result.kubesense.cold.requests, result.kubectl.cold.requests),
    warmRequests: ratio(result.kubesense.warm.requests, result.kubectl.warm.requests),
  };
  const f = (n: number) => n.toFixed(1);
  log(
    `Discovery: api-resources --cached (median of ${runs}, each side its own process, via the fault proxy's request log)`,
  );
  log(`                      kubesense            kubectl 1.33         ratio (kubesense/kubectl)`);
  log(
    `  cold wall ms        ${f(result.kubesense.cold.wallMs).padEnd(20)} ${f(result.kubectl.cold.wallMs).padEnd(20)} ${result.ratios.coldWall.toFixed(2)}`,
  );
  log(
    `  cold HTTP requests  ${String(result.kubesense.cold.requests).padEnd(20)} ${String(result.kubectl.cold.requests).padEnd(20)} ${result.ratios.coldRequests.toFixed(2)}`,
  );
  log(
    `  warm wall ms        ${f(result.kubesense.warm.wallMs).padEnd(20)} ${f(result.kubectl.warm.wallMs).padEnd(20)} ${result.ratios.warmWall.toFixed(2)}`,
  );
  log(
    `  warm HTTP requests  ${String(result.kubesense.warm.requests).padEnd(20)} ${String(result.kubectl.warm.requests).padEnd(20)} ${result.ratios.warmRequests.toFixed(2)}`,
  );
  log(
    `  kubesense in-process (long-lived extension/LSP, no start-up): cold ${f(result.kubesense.inProcessColdMs!)} ms ` +
      `(ratio to kubectl's whole run ${(result.kubesense.inProcessColdMs! / result.kubectl.cold.wallMs).toFixed(2)}), ` +
      `warm ${f(result.kubesense.inProcessWarmMs!)} ms (ratio ${(result.kubesense.inProcessWarmMs! / result.kubectl.warm.wallMs).toFixed(2)})`,
  );
  return result;
}

if (require.main === module) {
  runDiscoveryBench().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
