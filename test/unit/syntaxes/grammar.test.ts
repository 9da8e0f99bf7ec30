// Runs the TextMate grammar tests (test/unit/syntaxes/grammar/*.test.*) with vscode-tmgrammar-test, the
// same tokenizer engine VS Code uses, and checks real describe output against the grammar's fixtures.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../client/model/paths';

test('describe and events grammars tokenize as their test files assert', () => {
  const bin = path.join(repoRoot, 'node_modules/vscode-tmgrammar-test/dist/unit.js');
  assert.ok(fs.existsSync(bin), 'vscode-tmgrammar-test is installed');
  const r = spawnSync(process.execPath, [bin, '--config', 'package.json', 'test/unit/syntaxes/grammar/*.test.*'], {
    cwd: repoRoot,
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stdout, /describe\.test\.kdescribe run successfuly/);
  assert.match(r.stdout, /events\.test\.kevents run successfuly/);
});
