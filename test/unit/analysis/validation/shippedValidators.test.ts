// Validators shipped in the package (shipValidators.ts, `npm run build` -> dist/compiled-validators): ajv's standalone
// code of the fallback version's built-in kinds, keyed and verified as entries of the compiled-validator cache. A
// start with an empty cache uses them; they judge exactly as a fresh compile; one that is altered, made for other
// definitions or writable by others is never run; schemas that hash otherwise compile as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseManifestFile } from '../../../../analysis/documents';
import {
  compileUncached,
  splitParts,
  validatorFor,
  validatorKeys,
} from '../../../../analysis/validation/schemaValidator';
import { SHIPPED_INDEX, ShippedIndex, shipValidators } from '../../../../analysis/validation/shipValidators';
import {
  packageValidatorsDir,
  setShippedValidatorsDir,
  setValidatorCacheDir,
} from '../../../../analysis/validation/validatorCache';
import { withoutNulls } from '../../../../analysis/validation/prepare';
import { FILE_HASH_SUFFIX } from '../../../../analysis/schema/fileHash';
import { listFiles, openapiDir, repoRoot, sharedK8s, storeFor } from './sharedData';

/**
 * ajv's own compiled functions carry their schema environment; ones loaded from standalone code do not. Of a split
 * pair (enums checked apart), the validator without enums is the one a first start needs.
 */
function loaded(v: ReturnType<typeof validatorFor>): boolean {
  const f = splitParts(v)?.withoutEnums ?? v;
  return typeof f === 'function' && !('schemaEnv' in f);
}

let shipped: Promise<{ dir: string; index: ShippedIndex }> | undefined;
/** The fallback version's validators shipped once into a scratch folder, as the build does into dist/. */
function shippedFolder(): Promise<{ dir: string; index: ShippedIndex }> {
  shipped ??= (async () => {
    const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-shipped-')), 'compiled-validators');
    const { index, written } = await shipValidators(openapiDir('1.35'), dir, '1.35');
    assert.equal(written, true);
    return { dir, index };
  })();
  return shipped;
}

function builtInObjects(): Record<string, unknown>[] {
  const objects: Record<string, unknown>[] = [];
  for (const dir of ['corpus', 'manifests/kubectl-validate']) {
    for (const file of listFiles(path.join(sharedK8s, dir), (f) => /\.ya?ml$/.test(f))) {
      for (const d of parseManifestFile(fs.readFileSync(file, 'utf8'), file).manifests)
        if (d.value && typeof d.value === 'object') objects.push(withoutNulls(d.value) as Record<string, unknown>);
    }
  }
  return objects;
}

/** Run with an empty user cache (returned to fn) and `shipped` as the package's folder, as a first start does. */
async function firstStart(shipped: string, fn: (cache: string) => Promise<void>): Promise<void> {
  const cache = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-validators-')), 'compiled-validators');
  setValidatorCacheDir(cache);
  setShippedValidatorsDir(shipped);
  try {
    await fn(cache);
  } finally {
    setValidatorCacheDir(undefined);
    setShippedValidatorsDir(undefined);
  }
}

test('the build ships one public, read-only entry per built-in kind, and leaves an unchanged folder alone', async () => {
  const { dir, index } = await shippedFolder();
  assert.ok(index.entries.length >= 80, `${index.entries.length} kinds`);
  for (const kind of ['Pod', 'Deployment', 'Service', 'CronJob', 'Ingress', 'ClusterRole', 'CustomResourceDefinition'])
    assert.ok(
      index.entries.some((e) => e.kind === kind),
      `${kind} is shipped`,
    );
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.js'));
  const keys = new Set(index.entries.flatMap((e) => [e.key, e.withoutEnums]));
  assert.deepEqual(files.sort(), [...keys].map((k) => `${k}.js`).sort());
  for (const f of files) assert.equal(fs.statSync(path.join(dir, f)).mode & 0o022, 0, `${f}: nobody else may write`);
  const before = fs.statSync(path.join(dir, SHIPPED_INDEX)).mtimeMs;
  const again = await shipValidators(openapiDir('1.35'), dir, '1.35');
  assert.equal(again.written, false);
  assert.equal(fs.statSync(path.join(dir, SHIPPED_INDEX)).mtimeMs, before);
});

test('with an empty cache, shipped validators are used and judge as a fresh compile, on every corpus object', async () => {
  const { dir } = await shippedFolder();
  await firstStart(dir, async (cache) => {
    const store = storeFor('1.35');
    const fresh = new Map<string, ReturnType<typeof compileUncached>>();
    let compared = 0;
    let invalid = 0;
    for (const o of builtInObjects()) {
      if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') continue;
      const s = await store.schemaFor(o.apiVersion, o.kind);
      if (!s) continue;
      const v = validatorFor(s);
      assert.ok(loaded(v), `${o.apiVersion} ${o.kind}: from the shipped folder`);
      const id = `${o.apiVersion}|${o.kind}`;
      const f = fresh.get(id) ?? compileUncached(s);
      fresh.set(id, f);
      const verdict = v(o);
      assert.equal(verdict, f(o), `${id}: verdict`);
      assert.deepEqual(v.errors ?? null, f.errors ?? null, `${id}: errors`);
      compared++;
      if (!verdict) invalid++;
    }
    assert.ok(compared > 300, `compared ${compared} objects`);
    assert.ok(invalid > 5, `${invalid} of them invalid (errors compared too)`);
    assert.ok(fresh.size > 20, `${fresh.size} kinds`);
    // Only the remembered hashes of the shipped entries' code (fileHash.ts) are written.
    const written = fs.existsSync(cache) ? fs.readdirSync(cache).filter((f) => !f.endsWith(FILE_HASH_SUFFIX)) : [];
    assert.deepEqual(written, [], 'nothing compiled, so nothing written to the cache');
  });
});

test('schemas whose definitions differ (another version) are compiled as before, into the cache', async () => {
  const { dir } = await shippedFolder();
  await firstStart(dir, async (cache) => {
    const s = (await storeFor('1.27').schemaFor('apps/v1', 'Deployment'))!;
    const key = validatorKeys(s).withoutEnums;
    assert.ok(!fs.existsSync(path.join(dir, `${key}.js`)), '1.27 hashes otherwise');
    assert.ok(!loaded(validatorFor(s)), 'compiled');
    assert.deepEqual(fs.readdirSync(cache), [`${key}.js`]);
  });
});

test('an altered, mismatched or shared-writable shipped entry is never run: the kind is compiled', async () => {
  const { dir: pristine, index } = await shippedFolder();
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-shipped-copy-')), 'compiled-validators');
  fs.cpSync(pristine, dir, { recursive: true });
  const deploymentKey = index.entries.find((e) => e.apiVersion === 'apps/v1' && e.kind === 'Deployment')!.withoutEnums;
  const podKey = index.entries.find((e) => e.apiVersion === 'v1' && e.kind === 'Pod')!.withoutEnums;
  const entry = path.join(dir, `${deploymentKey}.js`);
  const good = fs.readFileSync(entry, 'utf8');
  const header = /^\/\/ (\S+) ([0-9a-f]{64}) [0-9a-f]{64}\n/.exec(good)!;
  const acceptAll = 'module.exports = function validate() { return true; };';
  const sha = (t: string) => crypto.createHash('sha256').update(t).digest('hex');
  const deployment = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web' },
    spec: { replicas: 'three', selector: { matchLabels: { app: 'web' } }, template: {} },
  };
  const spoiled: [string, () => void][] = [
    ['a body that does not match its hash', () => fs.writeFileSync(entry, good.replace('errors === 0', 'true'))],
    ['a truncated entry', () => fs.writeFileSync(entry, good.slice(0, good.length >> 1))],
    // Consistent in itself, but made for another kind (a Pod's validator under the Deployment's name).
    ['an entry made for another key', () => fs.copyFileSync(path.join(dir, `${podKey}.js`), entry)],
    [
      'an entry others may write',
      () => (fs.writeFileSync(entry, `${header[0]}${good.slice(header[0].length)}`), fs.chmodSync(entry, 0o666)),
    ],
    [
      'a consistent accept-all entry others may write',
      () => (
        fs.writeFileSync(entry, `// ${header[1]} ${header[2]} ${sha(acceptAll)}\n${acceptAll}`),
        fs.chmodSync(entry, 0o664)
      ),
    ],
  ];
  // The package's files belong to the user or to root; another user's (only root can make one here) are not run.
  if (process.getuid?.() === 0)
    spoiled.push([
      "a consistent accept-all entry of another user's",
      () => (
        fs.writeFileSync(entry, `// ${header[1]} ${header[2]} ${sha(acceptAll)}\n${acceptAll}`),
        fs.chownSync(entry, 65534, 65534)
      ),
    ]);
  setShippedValidatorsDir(dir);
  try {
    const intact = validatorFor((await storeFor('1.35').schemaFor('apps/v1', 'Deployment'))!);
    assert.ok(loaded(intact), 'the intact entry is used');
    assert.equal(intact(deployment), false);
    for (const [why, spoil] of spoiled) {
      spoil();
      const v = validatorFor((await storeFor('1.35').schemaFor('apps/v1', 'Deployment'))!);
      assert.ok(!loaded(v), `${why}: compiled instead`);
      assert.equal(v(deployment), false, `${why}: replicas "three" is still an error`);
      assert.ok(
        v.errors?.some((e) => e.instancePath === '/spec/replicas'),
        `${why}: ${JSON.stringify(v.errors)}`,
      );
      fs.chmodSync(entry, 0o644);
    }
  } finally {
    setShippedValidatorsDir(undefined);
  }
});

test('the package finds its shipped folder beside its bundles', () => {
  assert.equal(packageValidatorsDir(), path.join(repoRoot, 'dist', 'compiled-validators'));
});
