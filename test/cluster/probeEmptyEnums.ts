/**
 * node out/test/cluster/withCluster.js -- node out/test/cluster/probeEmptyEnums.js [--write]
 *
 * Regenerates analysis/validation/builtin/emptyEnumTable.ts (issue 12): probes "" at every enum field of every
 * built-in kind against the real API server (server-side dry-run, strict field validation; probes:
 * test/integration/analysis/validation/emptyEnumProbes.ts) and prints each (kind, field) verdict. With --write it
 * writes the table (then `npx prettier --write` it); review its diff like code. The drift test (emptyEnum.test.ts)
 * fails when server and table part.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { restConfigFromFile } from '../../kube/kubeconfig';
import { RESTClient } from '../../kube/rest/client';
import {
  creatableKinds,
  enumProbes,
  inBatches,
  probeName,
  runProbe,
  type EnumProbe,
  type ProbeResult,
} from '../integration/analysis/validation/emptyEnumProbes';
import { tableOf, renderTable } from '../integration/analysis/validation/emptyEnumTableOf';

async function main(argv: string[]): Promise<number> {
  const kubeconfig = process.env.KUBESENSE_TEST_KUBECONFIG;
  if (!kubeconfig) {
    process.stderr.write('probeEmptyEnums: run it through withCluster (KUBESENSE_TEST_KUBECONFIG is not set)\n');
    return 2;
  }
  const config = restConfigFromFile(kubeconfig, 'admin');
  config.qps = -1;
  const rest = new RESTClient(config);
  const version = (await rest.get().absPath('version').do<Record<string, string>>()).gitVersion;
  const started = Date.now();
  const kinds = await creatableKinds(config);
  const probes: EnumProbe[] = kinds.flatMap(enumProbes);
  const results: ProbeResult[] = await inBatches(probes, 8, (p) => runProbe(rest, p));
  probes.forEach((p, i) => {
    const r = results[i];
    const why = r.verdict === 'unprobeable' ? r.reason : r.error;
    process.stdout.write(`${r.verdict.padEnd(11)} ${p.key}  (${probeName(p)})${why ? `: ${why}` : ''}\n`);
  });
  const table = tableOf(probes, results);
  const count = (v: string) => results.filter((r) => r.verdict === v).length;
  process.stderr.write(
    `${kinds.length} kinds, ${probes.length} probes (${count('accepted')} accepted, ${count('refused')} refused, ` +
      `${count('unprobeable')} unprobeable) in ${Date.now() - started} ms; ${Object.keys(table).length} fields\n`,
  );
  if (argv.includes('--write')) {
    const out = path.resolve(__dirname, '../../..', 'analysis/validation/builtin/emptyEnumTable.ts');
    fs.writeFileSync(out, renderTable(table, version, kinds.length));
    process.stderr.write(`wrote ${out}\n`);
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`probeEmptyEnums: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
