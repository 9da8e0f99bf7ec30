// fileHash.ts: a file's SHA-256 is remembered under its identity on disk, and used only while the identity and the
// bytes' CRC-32 both match; fresh files, changed bytes, copied or shared-writable records are never trusted.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileSha256, rememberedSha256 } from '../../../../analysis/schema/fileHash';

const sha256 = (b: Buffer): string => crypto.createHash('sha256').update(b).digest('hex');
const hasCrc32 = typeof (zlib as { crc32?: unknown }).crc32 === 'function';

test('a remembered hash is used only for the same file, bytes and a trusted record', { skip: !hasCrc32 }, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-filehash-'));
  const dir = path.join(root, 'cache');
  try {
    const file = path.join(root, 'v1.json');
    fs.writeFileSync(file, '{"components":{"schemas":{"a":{}}}}');
    const bytes = fs.readFileSync(file);
    const stat = fs.statSync(file, { bigint: true });
    const later = Date.now() + 60_000;

    assert.equal(fileSha256(bytes, stat, dir), sha256(bytes));
    assert.ok(!fs.existsSync(dir), 'a file changed just now is not remembered');
    assert.equal(fileSha256(bytes, undefined, dir, later), sha256(bytes));
    assert.ok(!fs.existsSync(dir), 'nor one whose stat changed during the read');

    assert.equal(fileSha256(bytes, stat, dir, later), sha256(bytes));
    const [name] = fs.readdirSync(dir);
    const record = path.join(dir, name);
    assert.equal(fs.statSync(record).mode & 0o777, 0o600, 'a private record');
    const good = fs.readFileSync(record, 'latin1');
    // A record whose hash is not the bytes' shows whether the record or the bytes answered.
    const marked = good.replace(/ [0-9a-f]{64} /, ` ${'e'.repeat(64)} `);
    fs.writeFileSync(record, marked);
    assert.equal(fileSha256(bytes, stat, dir, later), 'e'.repeat(64), 'the record answers for the same file');

    const sameLength = Buffer.from(bytes.toString('latin1').replace('"a"', '"b"'), 'latin1');
    assert.equal(fileSha256(sameLength, stat, dir, later), sha256(sameLength), 'other bytes under the same stat');
    fs.writeFileSync(record, marked);
    const other = { ...stat, ctimeNs: stat.ctimeNs + 1n } as fs.BigIntStats;
    assert.equal(fileSha256(bytes, other, dir, later), sha256(bytes), 'another ctime is another file');

    const spoiled: [string, () => void][] = [
      [
        "another file's record under this name",
        () =>
          fs.writeFileSync(
            record,
            marked.replace(/^./, (c) => (c === '0' ? '1' : '0')),
          ),
      ],
      ['a truncated record', () => fs.writeFileSync(record, marked.slice(0, 100))],
      ['a record others may write', () => (fs.writeFileSync(record, marked), fs.chmodSync(record, 0o666))],
    ];
    for (const [why, spoil] of spoiled) {
      spoil();
      assert.equal(fileSha256(bytes, stat, dir, later), sha256(bytes), `${why}: ignored`);
      fs.chmodSync(record, 0o600);
      assert.equal(fs.readFileSync(record, 'latin1'), good, `${why}: rewritten`);
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test("a body's hash (after a header) is remembered apart from the whole file's", { skip: !hasCrc32 }, () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-filehash-'));
  const dir = path.join(root, 'cache');
  try {
    const file = path.join(root, 'entry.js');
    fs.writeFileSync(file, '// header\nmodule.exports = 1;\n');
    const bytes = fs.readFileSync(file);
    const stat = fs.statSync(file, { bigint: true });
    const later = Date.now() + 60_000;
    const from = '// header\n'.length;
    const body = bytes.subarray(from);
    assert.equal(fileSha256(bytes, stat, dir, later, from), sha256(body));
    assert.equal(fileSha256(bytes, stat, dir, later), sha256(bytes), 'the whole file: its own record');
    assert.equal(fs.readdirSync(dir).length, 2);
    assert.equal(fileSha256(bytes, stat, dir, later, from), sha256(body), 'remembered');
    const changed = Buffer.from(bytes.toString('latin1').replace('= 1', '= 2'), 'latin1');
    assert.equal(fileSha256(changed, stat, dir, later, from), sha256(changed.subarray(from)), 'a changed body');
    assert.equal(rememberedSha256(bytes, stat, undefined, from), sha256(body), 'nowhere to remember: hashed');
    assert.equal(rememberedSha256(bytes, stat, path.join(root, 'other'), from), sha256(body), 'small: hashed');
    assert.ok(!fs.existsSync(path.join(root, 'other')), 'a small file is not worth a record');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
