// Bundles the `kubesense` command line into dist/cli/kubesense.js with esbuild. A fresh CLI process spends most
// of its start-up resolving and reading ~150 CommonJS files from out/ and node_modules; one file cuts that.
// Run after `tsc -b` (which type-checks); esbuild reads the TypeScript sources. bin/kubesense.js prefers the
// bundle and falls back to out/cli/main.js.
import * as esbuild from 'esbuild';
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outfile = 'dist/cli/kubesense.js';
// KUBESENSE_BUNDLE_ID (analysis/validation/validatorCache.ts): the SHA-256 of the bundle's own code, written over
// this placeholder of the same length once the bundle is built (so the source map still fits).
const ID_PLACEHOLDER = 'kubesense-bundle-id-'.padEnd(64, '0');

const result = await esbuild.build({
  absWorkingDir: root,
  entryPoints: ['cli/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // The subcommands stay lazy: with format cjs esbuild turns `import('./get')` into a call that first runs the
  // module's wrapped body, so `kubesense get` never evaluates `check`'s ajv/CEL or `lsp`'s server code.
  // Minified source is cheaper for V8 to scan; names are kept so errors and stack traces stay readable.
  minify: true,
  keepNames: true,
  sourcemap: 'linked',
  legalComments: 'linked',
  logLevel: 'warning',
  metafile: true,
  define: { KUBESENSE_BUNDLE_ID: JSON.stringify(ID_PLACEHOLDER) },
  plugins: [asciiDependencies()],
});

const file = path.join(root, outfile);
const code = fs.readFileSync(file, 'utf8');
if (!code.includes(ID_PLACEHOLDER)) throw new Error(`${outfile}: KUBESENSE_BUNDLE_ID is not used`);
const id = createHash('sha256').update(code).digest('hex');
fs.writeFileSync(file, code.split(ID_PLACEHOLDER).join(id));

// esbuild escapes non-ASCII text in strings but not in regular expression literals; one such character makes V8
// hold the whole 2.4 MB source as two-byte text (decoding it cost ~5 % of a one-object `check`, and scanning it more).
if (!isAscii(fs.readFileSync(file)))
  console.warn(`${outfile}: not ASCII (a regular expression literal?): V8 decodes it as two-byte text`);

const [, info] = Object.entries(result.metafile.outputs).find(([file]) => file.endsWith('.js'));
console.log(`${outfile}  ${(info.bytes / 1024).toFixed(0)} KiB  (cli/main.ts)`);

/**
 * Dependencies' non-ASCII characters as \uXXXX escapes, for the regular expression literals esbuild leaves alone
 * (cel-js's duration units). Only in a file whose non-ASCII characters are all on lines without a backtick (an
 * escape in a template literal would change its raw text) and none follows a backslash.
 */
function asciiDependencies() {
  return {
    name: 'ascii-dependencies',
    setup(build) {
      build.onLoad({ filter: /[\\/]node_modules[\\/].*\.[cm]?js$/ }, async (args) => {
        const text = await fs.promises.readFile(args.path, 'utf8');
        if (!/[^\x00-\x7f]/.test(text)) return undefined;
        if (/\\[^\x00-\x7f]/.test(text)) return undefined; // an escaped one: `\\u…` would escape the backslash
        if (text.split('\n').some((line) => /[^\x00-\x7f]/.test(line) && line.includes('`'))) return undefined;
        const contents = text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
        return { contents, loader: 'js' };
      });
    },
  };
}
