// Validators keyed by the definitions reachable from their kind, with enums factored out (enumSplit.ts): with the
// upstream 1.35 documents as the schema source and the validators the build ships from them, every built-in object
// of ../shared/k8s (and a copy with its enum values spoiled) gets the verdict, errors and diagnostics of a fresh
// compile, and nothing is compiled. The same with a live cluster's documents: test/integration/analysis/validation/
// enumSplitCluster.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { shipValidators } from '../../../../analysis/validation/shipValidators';
import { compareWithFreshCompile } from './freshCompileAgreement';
import { openapiDir } from './sharedData';
import { FILE_HASH_SUFFIX } from '../../../../analysis/schema/fileHash';

test('upstream documents: shipped validators judge every shared object as a fresh compile, nothing compiled', async () => {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-enum-split-'));
  const shipped = path.join(scratch, 'shipped');
  const cache = path.join(scratch, 'cache');
  await shipValidators(openapiDir('1.35'), shipped, '1.35');
  const r = await compareWithFreshCompile(openapiDir('1.35'), shipped, cache);
  assert.ok(r.compared > 800, `compared ${r.compared}`);
  assert.ok(r.invalid > 10, `${r.invalid} invalid (errors compared)`);
  assert.ok(r.kinds.size > 20, `${r.kinds.size} kinds`);
  assert.deepEqual(
    [...r.kinds].filter((k) => !r.shippedKinds.has(k)),
    [],
    'every kind from the shipped folder',
  );
  // Refused enums need the validator with enums: shipped too, so nothing was compiled into the cache.
  // Only the remembered hashes of the shipped entries' code (fileHash.ts) are written.
  const written = fs.existsSync(cache) ? fs.readdirSync(cache).filter((f) => !f.endsWith(FILE_HASH_SUFFIX)) : [];
  assert.deepEqual(written, [], 'nothing compiled');
});
