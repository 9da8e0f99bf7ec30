// V8's code cache of the command line's bundle (bin/code-cache.js): one cache per build and subcommand, written
// privately and atomically. V8 checks only the source's length before using a cache, so a cache of another build
// of the same length must never be offered to it.
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repoRoot } from '../client/model/paths';

interface Loaded {
  exports: { value: () => string };
  saveCodeCache(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { loadWithCodeCache } = require(path.join(repoRoot, 'bin/code-cache.js')) as {
  loadWithCodeCache(file: string, dir: string, command: string, parent: NodeModule): Loaded;
};

/** A module whose source differs from the other builds' only in one letter: same length. */
function build(dir: string, letter: string): string {
  const file = path.join(dir, `bundle-${letter}`, 'kubesense.js');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `function value() { return 'build ${letter}'; }\nexports.value = value;\n`);
  return file;
}

test('code cache: another build of the same length runs its own code, not the cached one', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-code-cache-'));
  try {
    const cache = path.join(dir, 'cli');
    const a = build(dir, 'A');
    const b = build(dir, 'B');
    assert.equal(fs.statSync(a).size, fs.statSync(b).size);

    const first = loadWithCodeCache(a, cache, 'lsp', module);
    assert.equal(first.exports.value(), 'build A');
    first.saveCodeCache();
    const written = fs.readdirSync(cache);
    assert.equal(written.length, 1);
    assert.match(written[0], /^code-cache-v\d+\.\d+\.\d+-\w+-[0-9a-f]{8,16}-\d+-lsp\.bin$/);
    assert.equal(fs.statSync(path.join(cache, written[0])).mode & 0o777, 0o600);
    assert.equal(fs.statSync(cache).mode & 0o777, 0o700);

    // Build A again: its cache is used (and not rewritten).
    const again = loadWithCodeCache(a, cache, 'lsp', module);
    assert.equal(again.exports.value(), 'build A');
    const before = fs.statSync(path.join(cache, written[0])).mtimeMs;
    again.saveCodeCache();
    assert.equal(fs.statSync(path.join(cache, written[0])).mtimeMs, before);

    // Build B, same length: V8 would accept A's cache and run A's function.
    const other = loadWithCodeCache(b, cache, 'lsp', module);
    assert.equal(other.exports.value(), 'build B');
    other.saveCodeCache();
    assert.equal(fs.readdirSync(cache).length, 2, 'each build keeps its own cache');

    // Another subcommand of build A has a cache of its own (it runs other parts of the bundle).
    loadWithCodeCache(a, cache, 'get', module).saveCodeCache();
    assert.equal(fs.readdirSync(cache).filter((n) => n.endsWith('-get.bin')).length, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('code cache: caches of other builds written over a week ago are removed when a new one is written', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-code-cache-'));
  try {
    const cache = path.join(dir, 'cli');
    fs.mkdirSync(cache, { mode: 0o700 });
    const old = path.join(cache, `code-cache-${process.version}-${process.arch}.bin`); // the former name
    const recent = path.join(cache, `code-cache-${process.version}-${process.arch}-0badcafe-10-lsp.bin`);
    const unrelated = path.join(cache, 'notes.txt');
    for (const f of [old, recent, unrelated]) fs.writeFileSync(f, 'x', { mode: 0o600 });
    const eightDaysAgo = new Date(Date.now() - 8 * 24 * 3600 * 1000);
    fs.utimesSync(old, eightDaysAgo, eightDaysAgo);
    fs.utimesSync(unrelated, eightDaysAgo, eightDaysAgo);

    loadWithCodeCache(build(dir, 'A'), cache, 'lsp', module).saveCodeCache();
    assert.equal(fs.existsSync(old), false);
    assert.equal(fs.existsSync(recent), true, 'another build in use this week keeps its cache');
    assert.equal(fs.existsSync(unrelated), true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/**
 * One run in a fresh V8 isolate (a worker thread: V8 keeps compiled scripts per isolate), as bin/kubesense.js does
 * it: load `file` through the cache, call `calls` of its functions, report `work` units, write the cache at the end.
 */
function run(file: string, cache: string, calls: number, work: number): Promise<{ rejected?: boolean }> {
  const script = `
    const vm = require('node:vm');
    const original = vm.Script;
    let rejected;
    vm.Script = class extends original {
      constructor(code, options) { super(code, options); if (options && options.cachedData) rejected = this.cachedDataRejected; }
    };
    const loader = require(${JSON.stringify(path.join(repoRoot, 'bin/code-cache.js'))});
    const m = loader.loadWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cache)}, 'check');
    m.exports.run(${calls});
    loader.noteCodeCacheWork(${JSON.stringify(file)}, ${work});
    m.saveCodeCache();
    require('node:worker_threads').parentPort.postMessage({ rejected });`;
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { eval: true });
    w.once('message', (m: { rejected?: boolean }) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

/** A module of many functions, compiled lazily: a run's cache holds those it called. */
function manyFunctions(dir: string): string {
  const file = path.join(dir, 'many', 'kubesense.js');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const fns = Array.from(
    { length: 200 },
    (_, i) =>
      `function f${i}(x) { let s = ${i}; for (const c of String(x)) s = (s * 31 + c.charCodeAt(0)) | 0; return s; }`,
  );
  const table = `const fns = [${fns.map((_, i) => `f${i}`).join(', ')}];`;
  fs.writeFileSync(file, `${fns.join('\n')}\n${table}\nexports.run = (n) => fns.slice(0, n).map((f) => f('x'));\n`);
  return file;
}

test('code cache: a run that did clearly more work than the one that wrote the cache rewrites it, a bounded number of times', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-code-cache-'));
  try {
    const cache = path.join(dir, 'cli');
    const file = manyFunctions(dir);
    const cacheFile = (): string => path.join(cache, fs.readdirSync(cache)[0]);

    await run(file, cache, 1, 1); // a tiny first run (one object, `--help`) writes the cache
    const tiny = fs.statSync(cacheFile());
    const big = await run(file, cache, 200, 5000); // a big run: most functions compiled lazily again
    assert.equal(big.rejected, false);
    const refreshed = fs.statSync(cacheFile());
    assert.ok(
      refreshed.size > tiny.size + 200 * 20,
      `the big run's functions are cached: ${tiny.size} → ${refreshed.size}`,
    );
    assert.equal(refreshed.mode & 0o777, 0o600);
    assert.equal(fs.readdirSync(cache).length, 1, 'no temporary file left');

    // Runs that did no clearly more work than the writer leave it alone (and read it).
    for (const work of [1, 5000, 19_999]) {
      const again = await run(file, cache, 200, work);
      assert.equal(again.rejected, false);
      assert.equal(fs.statSync(cacheFile()).mtimeMs, refreshed.mtimeMs, `a run of ${work} units rewrites nothing`);
    }

    // Ever bigger runs rewrite it a few times, then no more.
    let rewrites = 0;
    let lastRewrote = false;
    for (let work = 20_000; work < 1e12; work *= 4) {
      const before = fs.statSync(cacheFile()).mtimeMs;
      fs.utimesSync(cacheFile(), new Date(before - 1000), new Date(before - 1000));
      const marked = fs.statSync(cacheFile()).mtimeMs;
      await run(file, cache, 200, work);
      lastRewrote = fs.statSync(cacheFile()).mtimeMs !== marked;
      if (lastRewrote) rewrites++;
    }
    assert.ok(rewrites >= 1 && !lastRewrote, `rewritten ${rewrites} times, then no more`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
