// The layering rules of eslint.config.mjs fire: the same import is an error inside a guarded folder and
// allowed outside it (linted as virtual files, so nothing is written into the source tree).
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { ESLint } from 'eslint';

const repoRoot = path.resolve(__dirname, '../../../..');

async function restrictedImports(file: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: repoRoot });
  const [result] = await eslint.lintText(code, { filePath: path.join(repoRoot, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const VSCODE_IMPORT = "import * as vscode from 'vscode';\nexport const x = vscode.version;\n";

test('client/src/model/ may not import vscode, even as a type or from a subfolder', async () => {
  for (const [file, code] of [
    ['client/src/model/lintFixture.ts', VSCODE_IMPORT],
    ['client/src/model/nested/lintFixture.ts', VSCODE_IMPORT],
    ['client/src/model/lintFixture.ts', "import type { Uri } from 'vscode';\nexport type U = Uri;\n"],
    [
      'client/src/model/lintFixture.ts',
      "import { LanguageClient } from 'vscode-languageclient/node';\nexport const c = LanguageClient;\n",
    ],
  ]) {
    const messages = await restrictedImports(file, code);
    assert.equal(messages.length, 1, `${file}: ${code}`);
    assert.match(messages[0], /client\/src\/model\/ holds editor-free logic/);
  }
});

test('client/src/ outside model/ may import vscode', async () => {
  assert.deepEqual(await restrictedImports('client/src/lintFixture.ts', VSCODE_IMPORT), []);
});

test('kube/, server/ and cli/ may not import vscode', async () => {
  for (const file of ['kube/lintFixture.ts', 'server/src/lintFixture.ts', 'cli/lintFixture.ts']) {
    assert.equal((await restrictedImports(file, VSCODE_IMPORT)).length, 1, file);
  }
});

test('protocol/ imports only its own files and node: built-ins', async () => {
  for (const code of [
    VSCODE_IMPORT,
    "import { RESTClient } from '../kube/rest';\nexport const c = RESTClient;\n",
    "import type { KubeDiagnostic } from '../server/src/validation/types';\nexport type D = KubeDiagnostic;\n",
    "import { RequestType } from 'vscode-languageserver-protocol';\nexport const r = RequestType;\n",
  ]) {
    const messages = await restrictedImports('protocol/lintFixture.ts', code);
    assert.equal(messages.length, 1, code);
    assert.match(messages[0], /protocol\/ imports nothing but its own files/);
  }
  const allowed =
    "import { SETTINGS } from './settings';\nimport * as fs from 'node:fs';\nexport const x = [SETTINGS, fs];\n";
  assert.deepEqual(await restrictedImports('protocol/lintFixture.ts', allowed), []);
});

test('analysis/ imports neither server/, cli/ nor the LSP connection; LSP data types are allowed', async () => {
  for (const code of [
    "import type { Connection } from 'vscode-languageserver/node';\nexport type C = Connection;\n",
    "import { createConnection } from 'vscode-languageserver';\nexport const c = createConnection;\n",
    "import { KubesenseSession } from '../../server/src/workspace/session';\nexport const s = KubesenseSession;\n",
    "import type { Command } from '../../cli/command';\nexport type C = Command;\n",
    VSCODE_IMPORT,
  ]) {
    const messages = await restrictedImports('analysis/features/lintFixture.ts', code);
    assert.equal(messages.length, 1, code);
    assert.match(
      messages[0],
      /analysis\/ (has no LSP connection|is called by server\/ and cli\/|knows nothing of editors)/,
    );
  }
  const allowed =
    "import { Hover } from 'vscode-languageserver-types';\nimport { TextDocument } from 'vscode-languageserver-textdocument';\n" +
    "import { SchemaStore } from '../schema';\nimport type { LanguageEngine } from '../engine/engine';\n" +
    'export const x = [Hover, TextDocument, SchemaStore];\nexport type E = LanguageEngine;\n';
  assert.deepEqual(await restrictedImports('analysis/features/lintFixture.ts', allowed), []);
});

test("analysis/'s folders import one way: none imports a folder after it", async () => {
  for (const [file, code] of [
    [
      'analysis/engine/lintFixture.ts',
      "import { provideHover } from '../features/hover';\nexport const h = provideHover;\n",
    ],
    ['analysis/documents/lintFixture.ts', "import { SchemaStore } from '../schema';\nexport const s = SchemaStore;\n"],
    [
      'analysis/validation/crd/lintFixture.ts',
      "import type { LanguageEngine } from '../../engine/engine';\nexport type E = LanguageEngine;\n",
    ],
  ]) {
    const messages = await restrictedImports(file, code);
    assert.equal(messages.length, 1, `${file}: ${code}`);
    assert.match(messages[0], /analysis\/\w+\/ may import only/);
  }
  const allowed = "import { SchemaStore } from '../schema';\nexport const s = SchemaStore;\n";
  assert.deepEqual(await restrictedImports('analysis/validation/lintFixture.ts', allowed), []);
});

test('server/ and cli/ may import analysis/', async () => {
  const code = "import { validate } from '../../../analysis/validation';\nexport const v = validate;\n";
  assert.deepEqual(await restrictedImports('server/src/workspace/lintFixture.ts', code), []);
});
