// Cold starts only, interleaved, for comparing builds on a loaded machine: each round starts, one after the other,
// every kubesense build given (first start: an empty KUBESENSE_CACHE; then a start with what that one left) and
// yaml-language-server, on the LSP bench's file and settings (lsp.ts). Medians per row, and each build's ratio to
// yaml-language-server within the same run.
//   node out/test/bench/lspColdStart.js [--rounds N] [--cluster] [--build NAME=REPO_ROOT]...
// A build is a checkout built with `npm run build`; this checkout is always measured, as "this". --cluster: kubesense
// reads its schemas from the test cluster (KUBESENSE_TEST_KUBECONFIG, else a private one) instead of the folder.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { kubesenseServerCommand, repoRoot, ServerCommand } from '../unit/server/harness';
import { assembleBigFile, coldStart, ColdStart, kubesenseBenchSetup, ServerSetup, yamllsBenchServer } from './lsp';
import { benchCluster, type BenchCluster } from './support';

interface Row {
  name: string;
  server: ServerCommand;
  setup: ServerSetup;
  /** A KUBESENSE_CACHE of its own per round: empty for the first start, kept for the second. */
  cached: boolean;
}

async function main(argv: string[]): Promise<void> {
  let rounds = 3;
  let cluster: BenchCluster | undefined;
  const builds = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--rounds') rounds = Number(argv[++i]);
    else if (argv[i] === '--cluster') cluster ??= await benchCluster({ log: (line) => console.log(`# ${line}`) });
    else if (argv[i] === '--build') {
      const [name, root] = argv[++i].split('=');
      builds.set(name, path.resolve(root));
    } else throw new Error(`unknown argument ${argv[i]}`);
  }
  builds.set('this', repoRoot);
  const workspace = mkdtempSync(path.join(os.tmpdir(), 'kubesense-coldstart-'));
  const big = assembleBigFile();
  writeFileSync(path.join(workspace, 'bench-2000.yaml'), big.text);
  const yamlls = yamllsBenchServer();
  const rows: Row[] = [];
  for (const [name, root] of builds) {
    const own = kubesenseServerCommand();
    const server = { ...own, args: [path.join(root, 'bin/kubesense.js'), ...own.args.slice(1)] };
    rows.push({ name: `${name} first start`, server, setup: setupFor(cluster), cached: false });
    rows.push({ name: `${name} cache used`, server, setup: setupFor(cluster), cached: true });
  }
  rows.push({ name: 'yaml-language-server', server: yamlls.server, setup: yamlls.setup, cached: false });
  const results = new Map<string, ColdStart[]>(rows.map((r) => [r.name, []]));
  console.log(
    `# cold starts, ${rounds} rounds, ${big.documents} documents; load average ${os.loadavg()[0].toFixed(1)}`,
  );
  try {
    for (let round = 0; round < rounds; round++) {
      let cache = '';
      for (const row of rows) {
        if (!row.cached) {
          if (cache) rmSync(cache, { recursive: true, force: true });
          cache = mkdtempSync(path.join(os.tmpdir(), 'kubesense-coldstart-cache-'));
        }
        const server = { ...row.server, env: { ...row.server.env, KUBESENSE_CACHE: cache } };
        const { client, cold } = await coldStart(server, row.setup, workspace, big.text);
        await client.stop();
        results.get(row.name)!.push(cold);
        console.log(
          `round ${round + 1}  ${row.name}: open→diagnostics ${cold.openToDiagnosticsMs.toFixed(0)} ms, start→diagnostics ${cold.startToDiagnosticsMs.toFixed(0)} ms`,
        );
      }
      rmSync(cache, { recursive: true, force: true });
    }
  } finally {
    rmSync(workspace, { recursive: true, force: true });
    await cluster?.stop();
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const theirs = results.get('yaml-language-server')!;
  const theirOpen = median(theirs.map((c) => c.openToDiagnosticsMs));
  const theirStart = median(theirs.map((c) => c.startToDiagnosticsMs));
  console.log(`# medians; load average ${os.loadavg()[0].toFixed(1)}`);
  console.log('row | open→diagnostics (ms) | ratio | start→diagnostics (ms) | ratio');
  for (const [name, cs] of results) {
    const open = median(cs.map((c) => c.openToDiagnosticsMs));
    const start = median(cs.map((c) => c.startToDiagnosticsMs));
    console.log(
      `${name} | ${open.toFixed(0)} | ${(open / theirOpen).toFixed(3)} | ${start.toFixed(0)} | ${(start / theirStart).toFixed(3)}`,
    );
  }
}

/** The bench's settings; with a cluster, its kubeconfig's admin context is the schema source, not the folder. */
function setupFor(cluster: BenchCluster | undefined): ServerSetup {
  const setup = kubesenseBenchSetup();
  if (!cluster) return setup;
  const { schemaDirectory: _folder, ...rest } = setup.settings.kubesense as Record<string, unknown>;
  return { ...setup, settings: { kubesense: { ...rest, kubeconfig: [cluster.kubeconfig], context: 'admin' } } };
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
