// Build step (`npm run build`, `npm run package`): ajv's standalone code of the validator of every built-in kind of
// the fallback Kubernetes version's upstream schemas, shipped read-only in `dist/compiled-validators` as entries of
// the compiled-validator cache (validatorCache.ts: same key, same header, verified the same way). A first start
// (and the first after an upgrade) then loads them instead of compiling; a cluster or schema folder whose
// definitions reachable from a kind hash the same gets them too — enums factored out (enumSplit.ts), so a cluster
// that publishes `+enum` values the upstream documents lack does — any other compiles as before.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { version as ajvVersion } from 'ajv/package.json';
import { DirectorySchemaSource, SchemaStore } from '../schema';
import { defaultKubesenseCache, upstreamSchemaDir } from '../schema/sources/upstream';
import { FALLBACK_KUBERNETES_VERSION } from '../../protocol/settings';
import { kubesensePackageRoot } from '../../kube/rest/version';
import type { ResolvedSchema } from '../schema/resolved';
import { standaloneValidatorCode, validatorKeys } from './schemaValidator';
import { packageValidatorsDir, writeEntry } from './validatorCache';

/** What a shipped folder holds, in its index.json (for people and tests; the server reads entries by key). */
export interface ShippedIndex {
  kubernetesVersion: string;
  ajv: string;
  /** key: compiled with the kind's enums; withoutEnums: with them factored out (the same key when it reaches none). */
  entries: { apiVersion: string; kind: string; key: string; withoutEnums: string }[];
}

export const SHIPPED_INDEX = 'index.json';

/**
 * Compile every kind the schema folder serves (typed lists too: `kubectl get -o yaml` writes them) into outDir,
 * replacing what was there. Kept as it is when its index already lists the same keys (a rebuild costs the hashing).
 */
export async function shipValidators(
  schemaDir: string,
  outDir: string,
  kubernetesVersion: string,
): Promise<{ index: ShippedIndex; written: boolean }> {
  const store = new SchemaStore([new DirectorySchemaSource(schemaDir, kubernetesVersion)]);
  const kinds: { apiVersion: string; kind: string; key: string; withoutEnums: string; schema: ResolvedSchema }[] = [];
  for (const k of await store.kinds(undefined, true)) {
    const schema = await store.schemaFor(k.apiVersion, k.kind);
    if (!schema) continue;
    const keys = validatorKeys(schema);
    kinds.push({
      apiVersion: k.apiVersion,
      kind: k.kind,
      key: keys.withEnums,
      withoutEnums: keys.withoutEnums,
      schema,
    });
  }
  const index: ShippedIndex = {
    kubernetesVersion,
    ajv: ajvVersion,
    entries: kinds.map(({ apiVersion, kind, key, withoutEnums }) => ({ apiVersion, kind, key, withoutEnums })),
  };
  const text = `${JSON.stringify(index, null, 2)}\n`;
  if (readText(path.join(outDir, SHIPPED_INDEX)) === text) return { index, written: false };
  // Built beside the target and renamed into place, so a failed build never leaves half a folder.
  const tmp = `${outDir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true, mode: 0o755 });
  // Both validators of each kind (kinds of one definition hash the same: written once).
  const written = new Set<string>();
  for (const k of kinds)
    for (const [key, withEnums] of [
      [k.withoutEnums, false],
      [k.key, true],
    ] as const) {
      if (written.has(key)) continue;
      if (!writeEntry(tmp, key, standaloneValidatorCode(k.schema, withEnums), 0o644))
        throw new Error(`${k.apiVersion} ${k.kind}: entry not written`);
      written.add(key);
    }
  fs.writeFileSync(path.join(tmp, SHIPPED_INDEX), text, { mode: 0o644 });
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.renameSync(tmp, outDir);
  return { index, written: true };
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * The upstream OpenAPI v3 documents of the fallback version on the building machine: the repository's reference
 * copy (`../shared/k8s/openapi-v3/<version>`, kubectl-validate's copy of kubernetes' api/openapi-spec/v3), else
 * the folder the extension downloads them into.
 */
function upstreamSchemasOnThisMachine(version: string): string | undefined {
  const root = kubesensePackageRoot();
  const candidates = [
    ...(root ? [path.resolve(root, '..', 'shared', 'k8s', 'openapi-v3', version)] : []),
    upstreamSchemaDir(defaultKubesenseCache(), version),
  ];
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'api', 'v1.json')));
}

if (require.main === module) {
  const version = FALLBACK_KUBERNETES_VERSION;
  const schemaDir = process.argv[2] ?? upstreamSchemasOnThisMachine(version);
  const outDir = process.argv[3] ?? packageValidatorsDir();
  if (!outDir) throw new Error('shipValidators: no kubesense package.json above this file');
  if (!schemaDir) {
    console.log(`compiled validators: no upstream schemas of Kubernetes ${version} here; none shipped`);
  } else {
    const started = Date.now();
    void shipValidators(schemaDir, outDir, version).then(({ index, written }) =>
      console.log(
        `${path.relative(process.cwd(), outDir)}  ${index.entries.length} kinds of Kubernetes ${version}` +
          `${written ? '' : ' (unchanged)'}  ${Date.now() - started} ms`,
      ),
    );
  }
}
