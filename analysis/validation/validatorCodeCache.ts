// V8's code cache for the cached validators (validatorCache.ts): ajv's standalone code of a kind is ~0.1–0.5 MB of
// JavaScript, and a fresh process (or a `check` worker thread) spent ~10–30 ms per kind parsing it and as much again
// compiling its functions lazily on the first objects. With the code cache V8 skips both. A cache file sits beside
// the validator entries in the user's cache folder, named by the entry's key, the SHA-256 of its code and the
// V8 version and architecture (V8 also rejects a cache made with other flags or of another source itself); it is
// written after use (so it holds the functions that ran), atomically with private permissions. A rejected or
// unreadable cache only costs the speed-up: the validator is compiled from its code as before. V8 itself does not
// checksum a code cache in release builds: a spoiled one aborts the process ("unreachable code"), so the file holds
// the SHA-256 of the data before it, and data that does not match is never handed to V8.
import * as crypto from 'node:crypto';
import type * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { writeFileAtomic } from '../../kube/discovery/disk';
import { rememberedSha256 } from '../schema/fileHash';

export const CODE_CACHE_SUFFIX = '.v8';

/** Scripts compiled without an accepted cache this run: their cache file → script (saved by saveValidatorCodeCaches). */
const unsaved = new Map<string, vm.Script>();

/** The code cache file of a validator entry: its key, its code's hash, and the V8 that made it. */
export function validatorCodeCacheFile(dir: string, key: string, codeHash: string): string {
  const runtime = `${process.versions.v8}-${process.arch}`.replace(/[^\w.-]/g, '_');
  return path.join(dir, `${key}.${codeHash.slice(0, 16)}.${runtime}${CODE_CACHE_SUFFIX}`);
}

/**
 * Compile a validator's script with the code cache file's bytes (undefined when there is none); without a usable
 * cache (none, a checksum that does not match, or rejected by V8) the script is remembered so that
 * saveValidatorCodeCaches writes a new one.
 */
export function compileWithCodeCache(
  source: string,
  filename: string,
  cacheFile: string | undefined,
  cacheBytes: Buffer | undefined,
  cacheStat?: fs.BigIntStats,
): vm.Script {
  const cachedData =
    cacheFile !== undefined && cacheBytes ? unsealed(cacheBytes, cacheStat, path.dirname(cacheFile)) : undefined;
  const script = new vm.Script(source, { filename, cachedData });
  if (cacheFile && (!cachedData || script.cachedDataRejected)) unsaved.set(cacheFile, script);
  return script;
}

const DIGEST_BYTES = 32;

/** The cache's data behind its SHA-256, as written by saveValidatorCodeCaches. */
function sealed(data: Buffer): Buffer {
  return Buffer.concat([crypto.createHash('sha256').update(data).digest(), data]);
}

/**
 * The data of a cache file when its checksum matches, else undefined. The checksum of a large one is remembered
 * under the file's identity (fileHash.ts), in its own folder.
 */
function unsealed(bytes: Buffer, stat: fs.BigIntStats | undefined, dir: string): Buffer | undefined {
  if (bytes.length <= DIGEST_BYTES) return undefined;
  const digest = rememberedSha256(bytes, stat, dir, DIGEST_BYTES);
  return digest === bytes.toString('hex', 0, DIGEST_BYTES) ? bytes.subarray(DIGEST_BYTES) : undefined;
}

/**
 * Write the code cache of every validator this thread compiled without one (call after the validators ran, so the
 * cache holds the functions they compiled). Trouble writing (read-only cache, full disk) only costs the speed-up.
 * Returns the files written.
 */
export function saveValidatorCodeCaches(): string[] {
  const written: string[] = [];
  for (const [file, script] of unsaved) {
    try {
      writeFileAtomic(file, sealed(script.createCachedData()), 0o600, 0o700);
      written.push(file);
    } catch {
      // no cache this time
    }
  }
  unsaved.clear();
  return written;
}
