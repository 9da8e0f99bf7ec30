// The SHA-256 of a schema file's bytes without hashing them every run (~2.3 ms of CPU per 2 MB; the bench's 8
// documents are 5 MB), as git's index does: remembered under the file's identity on disk — device, inode, size,
// mtime and ctime in nanoseconds, as fstat gave them around the read — with the CRC-32 of the bytes (~0.5 ms per
// 2 MB). Used only when the bytes' CRC-32 still matches, so even a change the timestamps miss (a write within
// the same clock tick) is caught; and remembered only for files whose times are at least a few seconds old when
// read, so a later change cannot keep them (ctime cannot be set back, short of moving the clock). Records are
// private files of ours, written atomically; any other file is ignored.
import * as crypto from 'node:crypto';
import type * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { writeFileAtomic } from '../../kube/discovery/disk';
import { readTrustedFile } from './trustedFile';

const RECORD_FORMAT = 'kubesense-file-hash-1';
export const FILE_HASH_SUFFIX = '.sha';
/** A record file: its own key, the SHA-256 and the CRC-32 of the bytes. */
const RECORD = /^([0-9a-f]{64}) ([0-9a-f]{64}) ([0-9a-f]{8})\n$/;
/** Times closer to now than this are too fresh to remember (a coarse file-system clock ticks in up to 2 s). */
const SETTLED_NS = 3_000_000_000n;

/** crc32 exists from Node 20.15; before it every run hashes. */
const crc32 = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;

function sha256(data: Uint8Array | string): string {
  return crypto.createHash('sha256').update(data).digest('hex');
}

/**
 * The SHA-256 of bytes (from offset `from` on: a file's body after its header), read from a file whose fstat was
 * stat both before and after the read (undefined when the two differed), remembered in dir.
 */
export function fileSha256(
  bytes: Buffer,
  stat: fs.BigIntStats | undefined,
  dir: string,
  now = Date.now(),
  from = 0,
): string {
  const data = from ? bytes.subarray(from) : bytes;
  if (!stat || !crc32 || stat.size !== BigInt(bytes.length)) return sha256(data);
  const part = from ? `\0${from}` : '';
  const key = sha256(
    `${RECORD_FORMAT}\0${stat.dev}\0${stat.ino}\0${stat.size}\0${stat.mtimeNs}\0${stat.ctimeNs}${part}`,
  );
  const file = path.join(dir, `${key}${FILE_HASH_SUFFIX}`);
  const crc = crc32(data).toString(16).padStart(8, '0');
  const record = RECORD.exec(readTrustedFile(file, false, true)?.toString('latin1') ?? '');
  if (record && record[1] === key && record[3] === crc) return record[2];
  const hash = sha256(data);
  const newest = stat.mtimeNs > stat.ctimeNs ? stat.mtimeNs : stat.ctimeNs;
  if (BigInt(now) * 1_000_000n - newest >= SETTLED_NS) {
    try {
      writeFileAtomic(file, `${key} ${hash} ${crc}\n`, 0o600, 0o700);
    } catch {
      // not remembered this time
    }
  }
  return hash;
}

/** Below this, reading a remembered hash (one more file) costs about what hashing the bytes does. */
const REMEMBERED_MIN_BYTES = 64 * 1024;

/**
 * The SHA-256 of a cache file's body (from offset `from`), remembered as fileSha256 does when the file is large and
 * there is a folder to remember it in (dir), else hashed now.
 */
export function rememberedSha256(
  bytes: Buffer,
  stat: fs.BigIntStats | undefined,
  dir: string | undefined,
  from: number,
): string {
  if (dir !== undefined && bytes.length >= REMEMBERED_MIN_BYTES) return fileSha256(bytes, stat, dir, Date.now(), from);
  return sha256(bytes.subarray(from));
}
