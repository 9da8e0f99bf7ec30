#!/usr/bin/env node
// The kubesense command line. Prefers the one-file bundle dist/cli/kubesense.js (built by `npm run build`):
// a fresh process then reads one file instead of ~150 modules. Falls back to the tsc output in out/cli.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

// A closed pipe (`kubesense get pods | head`) ends the command quietly, as SIGPIPE ends kubectl: not a crash.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}
const bundle = path.join(root, 'dist', 'cli', 'kubesense.js');
const compiled = bundleIsCurrent() ? loadWithCodeCache(bundle) : undefined;
const cli = compiled ? compiled.exports : require('../out/cli/main.js');
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    compiled?.saveCodeCache();
  },
  (err) => {
    process.stderr.write(`error: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

/**
 * The bundle, unless a later `tsc -b` (without `npm run build`) left newer code in out/: running a stale bundle
 * would test or ship yesterday's behaviour. An installed package has no out/ and always takes the bundle.
 */
function bundleIsCurrent() {
  const mtime = (file) => fs.statSync(file, { throwIfNoEntry: false })?.mtimeMs;
  const built = mtime(bundle);
  if (built === undefined) return false;
  return ['cli', 'kube', 'server'].every((project) => {
    const compiled = mtime(path.join(root, 'out', project, 'tsconfig.tsbuildinfo'));
    return compiled === undefined || compiled <= built;
  });
}

/**
 * Loads a CommonJS file the way require() does, but with V8's code cache (what Node >= 22.1's
 * module.enableCompileCache() does; we support Node 20): compiling the 1 MB bundle costs ~30 ms per run, reading
 * the cache ~3 ms. The cache is written after the first successful run, so it also holds the functions that run
 * compiled lazily. V8 itself rejects a cache made from other source, another V8 version or other flags; then we
 * compile normally and rewrite it. Any file-system trouble only costs the speed-up.
 */
function loadWithCodeCache(file) {
  const vm = require('node:vm');
  const Module = require('node:module');
  const os = require('node:os');
  const dir = path.join(process.env.KUBESENSE_CACHE || path.join(os.homedir(), '.cache', 'kubesense'), 'cli');
  const cacheFile = path.join(dir, `code-cache-${process.version}-${process.arch}.bin`);
  let cachedData;
  try {
    cachedData = fs.readFileSync(cacheFile);
  } catch {
    // first run, or no readable cache: compile from source
  }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf8')), { filename: file, cachedData });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  const moduleRequire = (id) => mod.require(id);
  moduleRequire.resolve = (id, options) => Module._resolveFilename(id, mod, false, options);
  moduleRequire.main = require.main;
  moduleRequire.cache = Module._cache;
  script.runInThisContext()(mod.exports, moduleRequire, mod, file, path.dirname(file));
  mod.loaded = true;
  return {
    exports: mod.exports,
    saveCodeCache() {
      if (cachedData && !script.cachedDataRejected) return;
      try {
        fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
        // Atomic: a concurrent run reads the old file or the new one, never half of one.
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, script.createCachedData(), { mode: 0o600 });
        fs.renameSync(tmp, cacheFile);
      } catch {
        // read-only or missing home: run without the cache
      }
    },
  };
}
