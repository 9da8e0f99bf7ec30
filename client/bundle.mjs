// Bundles the extension and the language server into dist/ with esbuild, so the .vsix carries two files
// instead of node_modules. Run after `tsc -b` (which type-checks); esbuild reads the TypeScript sources.
import * as esbuild from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  // Keeps stack traces and the output channel readable.
  keepNames: true,
  logLevel: 'warning',
  absWorkingDir: root,
  metafile: true,
};

const builds = [
  // `vscode` is provided by the extension host at runtime.
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client/extension.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server/server.js' },
];

const results = await Promise.all(builds.map((options) => esbuild.build(options)));
for (const [i, result] of results.entries()) {
  const outputs = Object.entries(result.metafile.outputs).filter(([file]) => file.endsWith('.js'));
  for (const [file, info] of outputs) {
    console.log(
      `${path.relative(root, path.resolve(root, file))}  ${(info.bytes / 1024).toFixed(0)} KiB  (${builds[i].entryPoints[0]})`,
    );
  }
}
