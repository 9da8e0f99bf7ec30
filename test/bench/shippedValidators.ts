// Which sources the shipped compiled validators serve (dist/compiled-validators, made by `npm run build`): for each
// kind of a schema source, whether its validator key (enums factored out) is among the shipped entries (a first
// start then compiles nothing for it, unless an enum value fails: then it needs the kind's validator with enums).
// Compared: the upstream documents they were built from, and a real cluster's OpenAPI v3 as the reference kubectl
// reads it (`kubectl get --raw /openapi/v3/<path>`, one document per group version).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DirectorySchemaSource, SchemaStore } from '../../analysis/schema';
import { validatorKeys } from '../../analysis/validation/schemaValidator';
import { SHIPPED_INDEX, type ShippedIndex } from '../../analysis/validation/shipValidators';
import { downloadClusterSchemas } from '../cluster/openapiDocuments';
import { repoRoot } from '../cluster/cluster';
import { benchCluster } from './support';

interface Coverage {
  kinds: number;
  /** Kinds whose validator (enums factored out) is shipped: a first start compiles nothing for their objects. */
  shipped: number;
  /** Of those, kinds whose validator with enums is shipped too (used when an enum value fails). */
  withEnums: number;
  compiled: string[];
}

async function coverage(schemaDir: string, version: string, shipped: Set<string>): Promise<Coverage> {
  const store = new SchemaStore([new DirectorySchemaSource(schemaDir, version)]);
  const result: Coverage = { kinds: 0, shipped: 0, withEnums: 0, compiled: [] };
  for (const k of await store.kinds(undefined, true)) {
    const schema = await store.schemaFor(k.apiVersion, k.kind);
    if (!schema) continue;
    result.kinds++;
    const keys = validatorKeys(schema);
    if (shipped.has(keys.withoutEnums)) result.shipped++;
    else result.compiled.push(`${k.apiVersion} ${k.kind}`);
    if (shipped.has(keys.withoutEnums) && shipped.has(keys.withEnums)) result.withEnums++;
  }
  return result;
}

export async function runShippedValidatorsBench(opts: { log: (line: string) => void }): Promise<void> {
  const { log } = opts;
  const shippedDir = path.join(repoRoot(), 'dist', 'compiled-validators');
  const index = JSON.parse(fs.readFileSync(path.join(shippedDir, SHIPPED_INDEX), 'utf8')) as ShippedIndex;
  const shipped = new Set(index.entries.flatMap((e) => [e.key, e.withoutEnums]));
  const version = index.kubernetesVersion;
  const report = (name: string, c: Coverage) =>
    log(
      `${name}: ${c.shipped} of ${c.kinds} kinds served by shipped validators, ${c.compiled.length} compiled; ` +
        `${c.withEnums} also when an enum value fails`,
    );
  const upstream = path.resolve(repoRoot(), '..', 'shared', 'k8s', 'openapi-v3', version);
  if (fs.existsSync(upstream))
    report(`upstream ${version} documents (${upstream})`, await coverage(upstream, version, shipped));
  const cluster = await benchCluster({ log });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-cluster-openapi-'));
  try {
    downloadClusterSchemas(cluster.kubeconfig, dir);
    const c = await coverage(dir, version, shipped);
    report('the test cluster (kube-apiserver v1.35.4)', c);
    if (c.compiled.length) log(`  compiled, e.g.: ${c.compiled.slice(0, 6).join(', ')}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await cluster.stop();
  }
}

if (require.main === module) {
  runShippedValidatorsBench({ log: (line) => process.stdout.write(`${line}\n`) }).catch((e: Error) => {
    process.stderr.write(`${e.stack ?? e.message}\n`);
    process.exit(1);
  });
}
