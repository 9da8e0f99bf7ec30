// bin/code-cache.js loads the CLI bundle with V8's code cache, in the main thread and in `check`'s worker threads
// (which would otherwise compile the whole bundle again). A worker that failed to load it would only cost speed
// (the main thread checks its files), so the loading itself is tested here: in a worker thread, from a cache the
// main thread wrote, the bundle's runCheckWorker must be there and V8 must accept the cache.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import * as zlib from 'node:zlib';

const repoRoot = path.resolve(__dirname, '../../../../..');
const loader = path.join(repoRoot, 'bin', 'code-cache.js');
const bundle = path.join(repoRoot, 'dist', 'cli', 'kubesense.js');

interface CodeCache {
  loadWithCodeCache(
    file: string,
    dir: string,
    command: string,
  ): { exports: Record<string, unknown>; saveCodeCache(): void };
  codeCacheOf(file: string): { dir: string; command: string; build: string } | undefined;
}

test('code cache: a worker thread loads the CLI bundle from the cache its main thread wrote', async (t) => {
  if (!fs.existsSync(bundle)) return t.skip('no CLI bundle (npm run build makes it)');
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-code-cache-'));
  const dir = path.join(cache, 'cli');
  try {
    // The main thread's part, as bin/kubesense.js does it: load, then write the cache.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const codeCache = require(loader) as CodeCache;
    const loaded = codeCache.loadWithCodeCache(bundle, dir, 'check');
    assert.equal(typeof loaded.exports.runCheckWorker, 'function', 'the bundle exports the worker entry');
    const source = fs.readFileSync(bundle);
    const build = `${zlib.crc32(source).toString(16).padStart(8, '0')}-${source.toString('utf8').length}`;
    assert.deepEqual(
      codeCache.codeCacheOf(bundle),
      { dir, command: 'check', build },
      'workers can ask where the cache is, and which build was loaded',
    );
    loaded.saveCodeCache();
    const written = fs.readdirSync(dir);
    assert.equal(written.length, 1, `one cache file: ${written.join(', ')}`);
    const before = fs.statSync(path.join(dir, written[0]));

    // The worker's part: what check-parallel's worker script does, reporting what it found.
    const script = `
      const vm = require('node:vm');
      const original = vm.Script;
      let rejected;
      vm.Script = class extends original {
        constructor(code, options) { super(code, options); if (options && options.cachedData) rejected = this.cachedDataRejected; }
      };
      const m = require(${JSON.stringify(loader)}).loadWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(dir)}, 'check');
      require('node:worker_threads').parentPort.postMessage({ entry: typeof m.exports.runCheckWorker, rejected });`;
    const found = await new Promise<{ entry: string; rejected?: boolean }>((resolve, reject) => {
      const w = new Worker(script, { eval: true });
      w.once('message', (m: { entry: string; rejected?: boolean }) => {
        resolve(m);
        void w.terminate();
      });
      w.once('error', reject);
    });
    assert.deepEqual(found, { entry: 'function', rejected: false }, 'the worker used the cache and found its entry');
    assert.deepEqual(fs.readdirSync(dir), written, 'a worker writes no cache');
    const after = fs.statSync(path.join(dir, written[0]));
    assert.equal(after.mtimeMs, before.mtimeMs, 'a worker never rewrites the cache');
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
});

test('code cache: a spoiled or shared-writable cache of the bundle is never handed to V8 (which would abort on it)', async (t) => {
  if (!fs.existsSync(bundle)) return t.skip('no CLI bundle (npm run build makes it)');
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-code-cache-'));
  const dir = path.join(cache, 'cli');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const codeCache = require(loader) as CodeCache;
    codeCache.loadWithCodeCache(bundle, dir, 'check').saveCodeCache();
    const [name] = fs.readdirSync(dir);
    const file = path.join(dir, name);
    assert.equal(fs.statSync(file).mode & 0o777, 0o600, 'private cache file');
    const good = fs.readFileSync(file);
    const spoiled: [string, () => void][] = [
      [
        'bytes flipped behind the checksum',
        () =>
          fs.writeFileSync(
            file,
            good.map((b, i) => (i > 64 ? b ^ 0x5a : b)),
          ),
      ],
      ['a truncated cache', () => fs.writeFileSync(file, good.subarray(0, good.length >> 1))],
      ['a cache others may write', () => (fs.writeFileSync(file, good), fs.chmodSync(file, 0o666))],
    ];
    for (const [why, spoil] of spoiled) {
      spoil();
      // In a fresh thread (V8 keeps compiled scripts per isolate); V8 aborting would end this whole test process.
      const script = `
        const vm = require('node:vm');
        const original = vm.Script;
        let handed = false;
        vm.Script = class extends original {
          constructor(code, options) { super(code, options); if (options && options.cachedData) handed = true; }
        };
        const m = require(${JSON.stringify(loader)}).loadWithCodeCache(${JSON.stringify(bundle)}, ${JSON.stringify(dir)}, 'check');
        require('node:worker_threads').parentPort.postMessage({ entry: typeof m.exports.runCheckWorker, handed });`;
      const found = await new Promise<{ entry: string; handed: boolean }>((resolve, reject) => {
        const w = new Worker(script, { eval: true });
        w.once('message', (m: { entry: string; handed: boolean }) => {
          resolve(m);
          void w.terminate();
        });
        w.once('error', reject);
      });
      assert.deepEqual(found, { entry: 'function', handed: false }, `${why}: loaded from source`);
      fs.chmodSync(file, 0o600);
    }
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
});
