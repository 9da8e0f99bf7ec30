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

const repoRoot = path.resolve(__dirname, '../../../..');
const loader = path.join(repoRoot, 'bin', 'code-cache.js');
const bundle = path.join(repoRoot, 'dist', 'cli', 'kubesense.js');

interface CodeCache {
  loadWithCodeCache(
    file: string,
    options?: { save?: boolean },
  ): { exports: Record<string, unknown>; saveCodeCache(): void };
  loadedWithCodeCache(file: string): boolean;
}

test('code cache: a worker thread loads the CLI bundle from the cache its main thread wrote', async (t) => {
  if (!fs.existsSync(bundle)) return t.skip('no CLI bundle (npm run build makes it)');
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-code-cache-'));
  const env = { ...process.env, KUBESENSE_CACHE: cache };
  try {
    // The main thread's part, as bin/kubesense.js does it: load, then write the cache.
    const saved = process.env.KUBESENSE_CACHE;
    process.env.KUBESENSE_CACHE = cache;
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const codeCache = require(loader) as CodeCache;
      const loaded = codeCache.loadWithCodeCache(bundle);
      assert.equal(typeof loaded.exports.runCheckWorker, 'function', 'the bundle exports the worker entry');
      assert.ok(codeCache.loadedWithCodeCache(bundle), 'the loader remembers what it loaded (workers ask)');
      loaded.saveCodeCache();
    } finally {
      if (saved === undefined) delete process.env.KUBESENSE_CACHE;
      else process.env.KUBESENSE_CACHE = saved;
    }
    const written = fs.readdirSync(path.join(cache, 'cli'));
    assert.equal(written.length, 1, `one cache file: ${written.join(', ')}`);
    const before = fs.statSync(path.join(cache, 'cli', written[0]));

    // The worker's part: what check-parallel's worker script does, reporting what it found.
    const script = `
      const vm = require('node:vm');
      const original = vm.Script;
      let rejected;
      vm.Script = class extends original {
        constructor(code, options) { super(code, options); if (options && options.cachedData) rejected = this.cachedDataRejected; }
      };
      const m = require(${JSON.stringify(loader)}).loadWithCodeCache(${JSON.stringify(bundle)}, { save: false });
      require('node:worker_threads').parentPort.postMessage({ entry: typeof m.exports.runCheckWorker, rejected });`;
    const found = await new Promise<{ entry: string; rejected?: boolean }>((resolve, reject) => {
      const w = new Worker(script, { eval: true, env });
      w.once('message', (m: { entry: string; rejected?: boolean }) => {
        resolve(m);
        void w.terminate();
      });
      w.once('error', reject);
    });
    assert.deepEqual(found, { entry: 'function', rejected: false }, 'the worker used the cache and found its entry');
    const after = fs.statSync(path.join(cache, 'cli', written[0]));
    assert.equal(after.mtimeMs, before.mtimeMs, 'a worker never rewrites the cache');
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
});
