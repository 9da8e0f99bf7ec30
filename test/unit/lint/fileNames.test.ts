// The repository's layout rules that no compiler checks: file names are camelCase (VS Code's and
// vscode-languageserver-node's convention), and test/unit and test/integration mirror the source tree, so a
// module's tests are one hop away (kube/rest → test/unit/kube/rest, server/src/workspace →
// test/unit/server/workspace, client/src/model → test/unit/client/model).
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const repoRoot = path.resolve(__dirname, '../../../..');

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: repoRoot, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && fs.existsSync(path.join(repoRoot, f)));
}

test('hand-written TypeScript files have camelCase names', () => {
  const wrong = trackedFiles().filter((f) => {
    if (!/\.(ts|mjs)$/.test(f) || f.includes('/generated/') || f.startsWith('node_modules/')) return false;
    const stem = path.basename(f).split('.')[0];
    return !/^[a-z][a-zA-Z0-9]*$/.test(stem);
  });
  assert.deepEqual(wrong, [], 'rename these to camelCase');
});

/** Where the sources of a test folder's layer live (server/ and client/ keep theirs under src/). */
function sourceOf(layer: string, rest: string[]): string {
  const base = layer === 'server' || layer === 'client' ? path.join(layer, 'src') : layer;
  return path.join(base, ...rest);
}

// Test folders with no source folder of their own name, and why.
const NOT_MIRRORED = new Map([
  ['test/unit/lint', 'repository-wide rules (eslint layering, these names)'],
  ['test/unit/client/contributions', "package.json's contributes (commands, menus, settings)"],
  ['test/unit/cli/check', 'cli/check.ts with checkFiles.ts and checkParallel.ts'],
  ['test/unit/cli/get', 'cli/get.ts with its get*.ts files'],
  ['test/unit/syntaxes/grammar', 'the TextMate grammar test files of syntaxes/'],
]);

test('test/unit and test/integration mirror the source tree', () => {
  const dirs = new Set<string>();
  for (const f of trackedFiles()) {
    const m = /^test\/(unit|integration)\/(.+)\/[^/]+$/.exec(f);
    if (m) dirs.add(`test/${m[1]}/${m[2]}`);
  }
  const unmatched: string[] = [];
  for (const dir of dirs) {
    const [, , layer, ...rest] = dir.split('/');
    if ([...NOT_MIRRORED.keys()].some((d) => dir === d || dir.startsWith(d + '/'))) continue;
    // Fixture folders inside a test folder (testdata, Go vector programs) belong to that test folder.
    const fixture = rest.findIndex((p) => p === 'testdata' || p === 'vectors' || p === 'fixtures');
    const parts = fixture >= 0 ? rest.slice(0, fixture) : rest;
    const source = sourceOf(layer!, parts);
    if (!fs.existsSync(path.join(repoRoot, source)) && !fs.existsSync(path.join(repoRoot, source + '.ts')))
      unmatched.push(`${dir} (no ${source})`);
  }
  assert.deepEqual(unmatched, [], 'a test folder must be named after the source folder or module it tests');
});
