// V8's code cache of the cached validators (analysis/validation/validatorCodeCache.ts): written after use, privately
// and atomically beside the entries, named for the entry, its code and the V8 that made it; used by the next load,
// and a cache that is spoiled, made for other code, or writable by others is ignored (and written again), the
// validator judging exactly as before.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { Worker } from 'node:worker_threads';
import { parseManifestFile } from '../../../../analysis/documents';
import { validatorFor } from '../../../../analysis/validation/schemaValidator';
import { setValidatorCacheDir } from '../../../../analysis/validation/validatorCache';
import { saveValidatorCodeCaches, validatorCodeCacheFile } from '../../../../analysis/validation/validatorCodeCache';
import { listFiles, sharedK8s, storeFor } from './sharedData';

function deploymentOfCorpus(): Record<string, unknown> {
  for (const f of listFiles(path.join(sharedK8s, 'corpus'), (x) => /\.ya?ml$/.test(x))) {
    const text = fs.readFileSync(f, 'utf8');
    if (!/^kind: Deployment$/m.test(text)) continue;
    const d = parseManifestFile(text, f).manifests.find((m) => m.kind === 'Deployment');
    if (d) return d.value as Record<string, unknown>;
  }
  throw new Error('the corpus holds a Deployment');
}

/** A validator cache folder holding the Deployment's entry (compiled now), and that entry's key. */
async function cacheWithDeployment(): Promise<{ dir: string; key: string; deployment: Record<string, unknown> }> {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-codecache-')), 'compiled-validators');
  const deployment = deploymentOfCorpus();
  setValidatorCacheDir(dir);
  const schema = (await storeFor('1.35').schemaFor('apps/v1', 'Deployment'))!;
  validatorFor(schema);
  // The compile wrote the entry, and (not loaded from an entry) no code cache is pending for it.
  assert.deepEqual(saveValidatorCodeCaches(), []);
  setValidatorCacheDir(undefined);
  const entries = fs.readdirSync(dir).filter((f) => f.endsWith('.js'));
  assert.equal(entries.length, 1);
  return { dir, key: entries[0].slice(0, -3), deployment };
}

function codeHashOf(dir: string, key: string): string {
  return /^\/\/ \S+ [0-9a-f]{64} ([0-9a-f]{64})\n/.exec(fs.readFileSync(path.join(dir, `${key}.js`), 'utf8'))![1];
}

test('the code cache file is named for the entry, its code and the running V8', () => {
  const dir = '/cache';
  const a = validatorCodeCacheFile(dir, 'k'.repeat(64), 'a'.repeat(64));
  assert.equal(path.dirname(a), dir);
  assert.ok(path.basename(a).startsWith('k'.repeat(64)), a);
  assert.ok(path.basename(a).includes(process.versions.v8.replace(/[^\w.-]/g, '_')), `${a}: V8 version`);
  assert.ok(path.basename(a).includes(process.arch), `${a}: architecture`);
  assert.notEqual(a, validatorCodeCacheFile(dir, 'k'.repeat(64), 'b'.repeat(64)), 'other code, other cache');
  assert.notEqual(a, validatorCodeCacheFile(dir, 'j'.repeat(64), 'a'.repeat(64)), 'other entry, other cache');
});

/** What loading the entry in a fresh thread (a new V8 isolate, as a new process has) did. */
interface Load {
  loaded: boolean;
  verdicts: boolean[];
  errors: unknown;
  /** The code caches that thread wrote after use (its validator had none, or V8 rejected it). */
  written: string[];
}

/**
 * Load the entry key from dir in a new worker thread, validate objects, save code caches. A thread, because V8
 * keeps compiled scripts per isolate: in this one, the same source again would not even look at a code cache.
 */
function loadInFreshThread(dir: string, key: string, objects: unknown[]): Promise<Load> {
  const modules = {
    cache: require.resolve('../../../../analysis/validation/validatorCache'),
    codeCache: require.resolve('../../../../analysis/validation/validatorCodeCache'),
    formats: require.resolve('../../../../analysis/validation/formats'),
  };
  const script = `
    const { workerData, parentPort } = require('node:worker_threads');
    const { modules, dir, key, objects } = workerData;
    const cache = require(modules.cache);
    cache.setValidatorCacheDir(dir);
    const v = cache.readCachedValidator(dir, key, require(modules.formats).KUBERNETES_FORMATS);
    const verdicts = v ? objects.map((o) => v(o)) : [];
    const written = require(modules.codeCache).saveValidatorCodeCaches();
    parentPort.postMessage({ loaded: !!v, verdicts, errors: v ? v.errors : null, written });`;
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { eval: true, workerData: { modules, dir, key, objects } });
    w.once('message', resolve);
    w.once('error', reject);
  });
}

test('a validator loaded from its entry writes its code cache after use, privately, and the next load uses it', async () => {
  const { dir, key, deployment } = await cacheWithDeployment();
  const broken = { ...deployment, spec: { ...(deployment.spec as object), replicas: 'three' } };
  const cacheFile = validatorCodeCacheFile(dir, key, codeHashOf(dir, key));
  const first = await loadInFreshThread(dir, key, [deployment, broken]);
  assert.deepEqual(first.verdicts, [true, false]);
  assert.deepEqual(first.written, [cacheFile], 'written after use');
  assert.equal(fs.statSync(cacheFile).mode & 0o777, 0o600, 'private cache file');
  const others = fs.readdirSync(dir).filter((f) => !f.endsWith('.js') && !f.endsWith('.v8'));
  assert.deepEqual(others, [], 'no temp file left');

  const second = await loadInFreshThread(dir, key, [deployment, broken]);
  assert.deepEqual(second.written, [], 'the cache was accepted: nothing to write again');
  assert.deepEqual(second.verdicts, [true, false]);
  assert.deepEqual(second.errors, first.errors, 'the same errors');
});

test('a spoiled, foreign or shared-writable code cache is ignored, the validator judges as before, and it is written again', async () => {
  const { dir, key, deployment } = await cacheWithDeployment();
  const broken = { ...deployment, spec: { ...(deployment.spec as object), replicas: 'three' } };
  const cacheFile = validatorCodeCacheFile(dir, key, codeHashOf(dir, key));
  const reference = await loadInFreshThread(dir, key, [deployment, broken]);
  const good = fs.readFileSync(cacheFile);
  const foreign = new vm.Script('(function () { return 42; })').createCachedData();
  const spoiled: [string, () => void][] = [
    ['garbage', () => fs.writeFileSync(cacheFile, Buffer.from('not a V8 code cache at all'))],
    ['a truncated cache', () => fs.writeFileSync(cacheFile, good.subarray(0, good.length >> 1))],
    // V8 aborts the process on these (it checks no checksum of its own in release builds): never handed to it.
    ['flipped bytes', () => fs.writeFileSync(cacheFile, Buffer.from(good.map((b, i) => (i > 64 ? b ^ 0x5a : b))))],
    [
      'flipped bytes, checksum kept',
      () => fs.writeFileSync(cacheFile, Buffer.from(good.map((b, i) => (i > 32 ? b ^ 0x5a : b)))),
    ],
    ["another script's cache, as it is", () => fs.writeFileSync(cacheFile, foreign)],
    [
      "another script's cache, with its checksum",
      () => fs.writeFileSync(cacheFile, Buffer.concat([crypto.createHash('sha256').update(foreign).digest(), foreign])),
    ],
    ['a cache others may write', () => (fs.writeFileSync(cacheFile, good), fs.chmodSync(cacheFile, 0o666))],
  ];
  for (const [why, spoil] of spoiled) {
    spoil();
    const load = await loadInFreshThread(dir, key, [deployment, broken]);
    assert.ok(load.loaded, `${why}: the validator still loads`);
    assert.deepEqual(load.verdicts, [true, false], `${why}: same verdicts`);
    assert.deepEqual(load.errors, reference.errors, `${why}: same errors`);
    assert.deepEqual(load.written, [cacheFile], `${why}: ignored, so written again`);
    assert.equal(fs.statSync(cacheFile).mode & 0o777, 0o600, `${why}: private again`);
    assert.deepEqual((await loadInFreshThread(dir, key, [])).written, [], `${why}: the rewritten cache is used`);
  }
});

test("an entry whose code changed (same length) never runs the old code's cache: V8 would accept it", async () => {
  const { dir, key, deployment } = await cacheWithDeployment();
  const [oldCache] = (await loadInFreshThread(dir, key, [deployment])).written;
  assert.ok(oldCache);
  const entry = path.join(dir, `${key}.js`);
  const text = fs.readFileSync(entry, 'utf8');
  const header = text.slice(0, text.indexOf('\n') + 1);
  // The exported validator's last line inverted: the same length, another verdict. V8 checks only a source's
  // length, so under the old name it would accept the old cache and run the old code.
  const body = text.slice(header.length);
  const at = body.lastIndexOf('return errors === 0;');
  const code = `${body.slice(0, at)}return errors !== 0;${body.slice(at + 'return errors === 0;'.length)}`;
  assert.equal(code.length, body.length);
  const hash = crypto.createHash('sha256').update(code).digest('hex');
  fs.writeFileSync(entry, header.replace(/[0-9a-f]{64}\n$/, `${hash}\n`) + code, { mode: 0o600 });
  const load = await loadInFreshThread(dir, key, [deployment]);
  assert.deepEqual(load.verdicts, [false], 'the changed code runs (its inverted verdict)');
  assert.equal(load.written.length, 1);
  assert.notEqual(load.written[0], oldCache, 'its cache has a name of its own');
});

test('without a user cache folder no code cache is read or written', async () => {
  setValidatorCacheDir(undefined);
  const schema = (await storeFor('1.35').schemaFor('apps/v1', 'Deployment'))!;
  assert.equal(typeof validatorFor(schema), 'function');
  assert.deepEqual(saveValidatorCodeCaches(), []);
});
