// V8's code cache for the command line's one-file bundle (see loadWithCodeCache). Plain JavaScript beside
// bin/kubesense.js: it runs before any of the compiled code is loaded. `check`'s worker threads load the same bundle
// again (cli/check-parallel.ts) and read the same cache: compiling the bundle costs a worker ~0.5 s otherwise.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** What this thread loaded through the cache: file → where its cache is (a worker thread asks, to do the same). */
const loaded = new Map();

/**
 * How much work the run did (e.g. objects checked), as the command reports it (noteCodeCacheWork): V8's cached data
 * holds only the functions compiled by the run that wrote it, so a cache written by a run that did little (one
 * object, `--help`) leaves a later big run compiling most of its code again. Asking V8 how much it compiled costs
 * too much to do every run (createCachedData ~20 ms for the bundle, heap code statistics ~45 ms).
 */
const work = new Map();
/** A run rewrites the cache when it did at least this many times the work of the run that wrote it... */
const MORE_WORK = 4;
/** ...at most this many times per cache file (each rewrite at least MORE_WORK times more: few anyway). */
const MAX_REWRITES = 4;

/**
 * Loads a CommonJS file the way require() does, but with V8's code cache (what Node >= 22.1's
 * module.enableCompileCache() does; we support Node 20): compiling the 2 MB bundle costs ~30 ms per run, reading
 * the cache ~3 ms. The cache is written at the exit of the first run, so it also holds the functions that run
 * compiled lazily, and rewritten by a later run that did clearly more work (see `work`); one cache per subcommand,
 * as each runs its own part of the bundle. V8 rejects a cache made by
 * another V8 version or with other flags, but of the source it checks only the length: a cache made from another
 * build of the same length would run that build's code. So the cache's name carries a checksum of the source
 * (as Node's compile cache does). Any file-system trouble only costs the speed-up.
 */
function loadWithCodeCache(file, dir, command, parent) {
  const vm = require('node:vm');
  const zlib = require('node:zlib');
  const crypto = require('node:crypto');
  const Module = require('node:module');
  const bytes = fs.readFileSync(file);
  const source = bytes.toString('utf8');
  // crc32 (Node >= 20.15) of the bytes costs ~0.5 ms for the bundle (of the string ~2 ms), sha1 ~1.5 ms.
  const sum = zlib.crc32
    ? zlib.crc32(bytes).toString(16).padStart(8, '0')
    : crypto.createHash('sha1').update(bytes).digest('hex').slice(0, 16);
  const prefix = `code-cache-${process.version}-${process.arch}-`;
  const cacheFile = path.join(dir, `${prefix}${sum}-${source.length}-${command}.bin`);
  const cache = readCodeCache(cacheFile);
  const cachedData = cache?.data;
  const script = new vm.Script(Module.wrap(source), { filename: file, cachedData });
  const mod = new Module(file, parent);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  const moduleRequire = (id) => mod.require(id);
  moduleRequire.resolve = (id, options) => Module._resolveFilename(id, mod, false, options);
  moduleRequire.main = require.main;
  moduleRequire.cache = Module._cache;
  script.runInThisContext()(mod.exports, moduleRequire, mod, file, path.dirname(file));
  mod.loaded = true;
  loaded.set(file, { dir, command, build: `${sum}-${source.length}` });
  return {
    exports: mod.exports,
    saveCodeCache() {
      const done = work.get(file) ?? 0;
      let rewrites = 0;
      if (cachedData && !script.cachedDataRejected) {
        const didMore = done > 0 && done >= MORE_WORK * Math.max(cache.work, 1);
        if (!didMore || cache.rewrites >= MAX_REWRITES) return;
        rewrites = cache.rewrites + 1;
      }
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        // Atomic: a concurrent run reads the old file or the new one, never half of one.
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        const data = script.createCachedData();
        const body = Buffer.concat([header(done, rewrites), data]);
        fs.writeFileSync(tmp, Buffer.concat([MAGIC, checksum(body), body]), { mode: 0o600 });
        fs.renameSync(tmp, cacheFile);
        removeOldCodeCaches(dir, cacheFile);
      } catch {
        // read-only or missing home: run without the cache
      }
    },
  };
}

/** A cache file: MAGIC, checksum of the rest, header (work of the writing run, rewrites so far), V8's data. */
const MAGIC = Buffer.from('KSC2');
const HEADER = 12;

function header(done, rewrites) {
  const out = Buffer.alloc(HEADER);
  out.writeDoubleBE(done, 0);
  out.writeUInt32BE(rewrites, 8);
  return out;
}

/** Records that this run did `units` more work with file's code (what a cache written at exit then holds). */
function noteCodeCacheWork(file, units) {
  if (Number.isFinite(units) && units > 0) work.set(file, (work.get(file) ?? 0) + units);
}

/**
 * The V8 data of a cache file ({ data, work, rewrites }): only from a regular file of ours that nobody else may write (it is code we run), and
 * only when its checksum matches. V8 checks no checksum of its own in release builds: spoiled data aborts the
 * process ("unreachable code") instead of being rejected.
 */
function readCodeCache(file) {
  let bytes;
  let fd;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    const st = fs.fstatSync(fd);
    const uid = process.getuid ? process.getuid() : undefined;
    if (!st.isFile() || (uid !== undefined && st.uid !== uid) || (st.mode & 0o022) !== 0) return undefined;
    bytes = fs.readFileSync(fd);
  } catch {
    return undefined; // first run, or no readable cache: compile from source
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  const sum = checksum(Buffer.alloc(0)).length;
  const start = MAGIC.length + sum;
  if (bytes.length <= start + HEADER || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const body = bytes.subarray(start);
  if (!checksum(body).equals(bytes.subarray(MAGIC.length, start))) return undefined;
  return { data: body.subarray(HEADER), work: body.readDoubleBE(0), rewrites: body.readUInt32BE(8) };
}

/** crc32 (Node >= 20.15; ~1 ms for the cache of `check`), else the first bytes of sha1: against corruption. */
function checksum(data) {
  const zlib = require('node:zlib');
  if (!zlib.crc32) return require('node:crypto').createHash('sha1').update(data).digest().subarray(0, 8);
  const out = Buffer.alloc(4);
  out.writeUInt32BE(zlib.crc32(data));
  return out;
}

/** Caches of other builds (or Node versions) written over a week ago: the build in use rewrites its own. */
function removeOldCodeCaches(dir, keep) {
  const weekAgo = Date.now() - 7 * 24 * 3600 * 1000;
  for (const name of fs.readdirSync(dir)) {
    const file = path.join(dir, name);
    if (file === keep || !/^code-cache-.*\.(bin|tmp)$/.test(name)) continue;
    const st = fs.lstatSync(file, { throwIfNoEntry: false });
    if (st && st.mtimeMs < weekAgo) fs.rmSync(file, { force: true });
  }
}

/**
 * Where this thread found file's code cache ({ dir, command } for loadWithCodeCache), if it loaded file with one,
 * and the build it loaded (checksum and length of the source: what names its cache).
 */
function codeCacheOf(file) {
  return loaded.get(file);
}

module.exports = { loadWithCodeCache, codeCacheOf, noteCodeCacheWork };
