// Reading a cache file we run or trust (compiled validators, V8 code caches, schema document indexes): only a
// regular file of ours (or, shipped with the package, root's) that nobody else may write.
import * as fs from 'node:fs';

/** A hit refreshes an entry's mtime at most this often (one syscall a day per entry keeps pruning right). */
const TOUCH_AFTER_MS = 24 * 3600 * 1000;

/**
 * A file's bytes when it is a regular file of ours (or, shipped, root's) that nobody else may write: what we run
 * (validator code, V8 code caches) must be. touch: refresh its mtime (at most daily) so pruning keeps it.
 */
export function readTrustedFile(file: string, shipped: boolean, touch: boolean): Buffer | undefined {
  return readTrustedFileWithStat(file, shipped, touch)?.bytes;
}

/**
 * readTrustedFile, with the file's fstat when it was the same before and after the read (for fileHash.ts, which
 * remembers hashes under it); undefined stat when it changed.
 */
export function readTrustedFileWithStat(
  file: string,
  shipped: boolean,
  touch: boolean,
): { bytes: Buffer; stat?: fs.BigIntStats } | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
    const st = fs.fstatSync(fd, { bigint: true });
    const uid = process.getuid?.();
    const owned = uid === undefined || st.uid === BigInt(uid) || (shipped && st.uid === 0n);
    if (!st.isFile() || !owned || (st.mode & 0o022n) !== 0n) return undefined;
    const bytes = fs.readFileSync(fd);
    const after = fs.fstatSync(fd, { bigint: true });
    const same = (['dev', 'ino', 'size', 'mtimeNs', 'ctimeNs'] as const).every((k) => st[k] === after[k]);
    if (touch && Date.now() - Number(st.mtimeMs) > TOUCH_AFTER_MS) fs.futimesSync(fd, new Date(), new Date());
    return { bytes, stat: same ? after : undefined };
  } catch {
    return undefined; // no file (the common miss) or an unreadable one
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
