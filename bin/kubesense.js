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
const compiled = bundleIsCurrent()
  ? require('./code-cache.js').loadWithCodeCache(bundle, codeCacheDir(), commandName(process.argv[2]), module)
  : undefined;
const cli = compiled ? compiled.exports : require('../out/cli/main.js');
// At exit, so a command that runs until the editor ends it (`lsp`) also leaves the code it ran for the next start.
if (compiled) process.once('exit', () => compiled.saveCodeCache());
cli.main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    if (process.argv[2] === 'check') exitOnceFlushed(code);
  },
  (err) => {
    process.stderr.write(`error: ${err && err.message ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);

/**
 * `check` has nothing left to do once main resolves: end the process as soon as stdout and stderr have taken what
 * was written (a write's callback runs after the writes before it), instead of letting Node drain V8's queued
 * background work and tear the heap down first (~10-25 ms of a run). 'exit' handlers still run.
 */
function exitOnceFlushed(code) {
  let pending = 2;
  const flushed = () => {
    if (--pending === 0) process.exit(code);
  };
  process.stdout.write('', flushed);
  process.stderr.write('', flushed);
}

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

function codeCacheDir() {
  const os = require('node:os');
  return path.join(process.env.KUBESENSE_CACHE || path.join(os.homedir(), '.cache', 'kubesense'), 'cli');
}

/** The subcommand, as part of the code cache's name: `lsp` runs other code than `get` (one word, else "cli"). */
function commandName(arg) {
  return typeof arg === 'string' && /^[a-z][a-z-]{0,30}$/.test(arg) ? arg : 'cli';
}
