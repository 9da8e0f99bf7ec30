#!/usr/bin/env node
// The kubesense command line: the compiled TypeScript lives in out/cli (built by `npm run build`).
require('../out/cli/main.js').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`error: ${err && err.message ? err.message : String(err)}\n`); process.exitCode = 1; },
);
