// kubesense's own LSP methods are named only in protocol/messages.ts: server, extension and CLI refer to its
// definitions, so a renamed method cannot leave one side speaking the old name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { repoRoot } from '../client/model/paths';
import { sourceFiles, stringLiterals } from '../client/contributions/sourceText';
import { DRY_RUN_REQUEST, PROBE_CLUSTER_NOTIFICATION, SCHEMA_SOURCE_NOTIFICATION } from '../../../protocol/messages';

/** A whole string literal that is an LSP method of ours (`kubesense/dryRun`), not a user agent or field manager. */
const METHOD = /^kubesense\/[a-z][A-Za-z]*$/;

test('custom LSP methods are spelled only in protocol/', () => {
  const methods = new Set<string>();
  for (const file of sourceFiles(path.join(repoRoot, 'protocol')))
    for (const l of stringLiterals(file, fs.readFileSync(file, 'utf8'))) if (METHOD.test(l.text)) methods.add(l.text);
  assert.deepEqual(
    [...methods].sort(),
    [DRY_RUN_REQUEST.method, PROBE_CLUSTER_NOTIFICATION.method, SCHEMA_SOURCE_NOTIFICATION.method].sort(),
  );
  const elsewhere: string[] = [];
  for (const dir of ['analysis', 'server/src', 'client/src', 'cli'])
    for (const file of sourceFiles(path.join(repoRoot, dir)))
      for (const l of stringLiterals(file, fs.readFileSync(file, 'utf8')))
        if (METHOD.test(l.text)) elsewhere.push(`${path.relative(repoRoot, file)}:${l.line}: ${l.text}`);
  assert.deepEqual(elsewhere, [], 'use the definitions of protocol/messages.ts');
});
