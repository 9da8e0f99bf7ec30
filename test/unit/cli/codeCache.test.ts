// V8's code cache of the command line's bundle (bin/code-cache.js): one cache per build and subcommand, written
// privately and atomically. V8 checks only the source's length before using a cache, so a cache of another build
// of the same length must never be offered to it.
import { test } from 'node:test';
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
