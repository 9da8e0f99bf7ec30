// The first diagnostics of every YAML file of ../shared/k8s through the language server, then again after an edit that
// leaves the text as it was, written as JSON: to check that a change to how the server starts (caches, shipped
// validators, lazy work) never changes what it reports. Run it per build and per cache state, then compare the files.
//   node out/test/bench/lspCorpusDiagnostics.js OUT.json [--build REPO_ROOT] [--cache DIR] [--schemas DIR]
// --cache is the KUBESENSE_CACHE to use (an empty folder for a first start; run twice for a used cache); --schemas a
// schema folder instead of the upstream 1.35 documents (e.g. a cluster's, saved with `kubectl get --raw`).
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileUri, kubesenseServerCommand, LspClient, repoRoot, sharedK8s } from '../unit/server/harness';
import { kubesenseBenchSetup } from './lsp';
import { listFiles } from '../unit/analysis/validation/sharedData';

async function main(argv: string[]): Promise<void> {
  const out = argv[0];
  if (!out) throw new Error('usage: lspCorpusDiagnostics.js OUT.json [--build REPO_ROOT] [--cache DIR]');
  let root = repoRoot;
  let cache: string | undefined;
  let schemas: string | undefined;
  for (let i = 1; i < argv.length; i++) {
    if (argv[i] === '--build') root = path.resolve(argv[++i]);
    else if (argv[i] === '--cache') cache = path.resolve(argv[++i]);
    else if (argv[i] === '--schemas') schemas = path.resolve(argv[++i]);
    else throw new Error(`unknown argument ${argv[i]}`);
  }
  const own = kubesenseServerCommand();
  const server = {
    ...own,
    args: [path.join(root, 'bin/kubesense.js'), ...own.args.slice(1)],
    env: cache ? { ...own.env, KUBESENSE_CACHE: cache } : own.env,
  };
  const settings = kubesenseBenchSetup().settings as { kubesense: Record<string, unknown> };
  if (schemas) settings.kubesense.schemaDirectory = schemas;
  const client = new LspClient(server, { settings, workspaceFolder: sharedK8s });
  const result: Record<string, { first: string[]; afterEdit: string[] }> = {};
  const files = listFiles(sharedK8s, (f) => /\.ya?ml$/.test(f));
  const show = (d: {
    range: { start: { line: number; character: number } };
    severity?: number;
    code?: unknown;
    message: string;
  }) => `${d.range.start.line}:${d.range.start.character} ${d.severity ?? ''} ${String(d.code ?? '')} ${d.message}`;
  try {
    await client.initialize();
    for (const file of files) {
      const uri = fileUri(file);
      const text = readFileSync(file, 'utf8');
      let t = performance.now();
      await client.open(uri, text, 1);
      const first = await client.waitForDiagnostics(uri, t, 1, 120_000);
      t = performance.now();
      await client.change(uri, 2, [{ text }]);
      const second = await client.waitForDiagnostics(uri, t, 2, 120_000);
      result[path.relative(sharedK8s, file)] = {
        first: first.params.diagnostics.map(show),
        afterEdit: second.params.diagnostics.map(show),
      };
      await client.close(uri);
    }
  } finally {
    await client.stop();
  }
  writeFileSync(out, JSON.stringify(result, null, 1));
  const counted = Object.values(result).reduce((n, r) => n + r.first.length, 0);
  console.log(`${files.length} files, ${counted} first diagnostics -> ${out}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
