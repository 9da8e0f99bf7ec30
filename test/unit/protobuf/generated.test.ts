import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generate } from '../../../kube/protobuf/codegen/generate';

const repoRoot = path.resolve(__dirname, '../../../..');
const generatedDir = path.join(repoRoot, 'kube/protobuf/generated');

function listFiles(dir: string, base = dir): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) =>
      e.isDirectory() ? listFiles(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))],
    );
}

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
