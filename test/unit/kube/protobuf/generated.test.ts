import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generate, listFiles } from '../../../../kube/protobuf/codegen/generate';

const repoRoot = path.resolve(__dirname, '../../../../..');
const generatedDir = path.join(repoRoot, 'kube/protobuf/generated');

describe('generated protobuf types', () => {
  test(
    'checked-in files are exactly what protoc-gen-es and gotags make from the Go modules (no hand edits, no drift)',
    { timeout: 15 * 60_000 },
    () => {
      const files = generate();
      assert.deepEqual(listFiles(generatedDir).sort(), [...files.keys()].sort());
      for (const [rel, text] of files) {
        assert.equal(
          fs.readFileSync(path.join(generatedDir, rel), 'utf8'),
          text,
          `${rel} differs: run npm run gen:proto`,
        );
      }
    },
  );
});
