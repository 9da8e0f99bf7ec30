// Reading a configuration or manifest file without trusting what the path names: a FIFO would block the open and
// the read forever, /dev/zero never ends, and a file of any size would be read whole. The file is opened without
// blocking, checked to be a regular file on the open descriptor (no race with a rename), and read up to a limit.
import * as fs from 'node:fs';

/**
 * The largest YAML file read: parsing keeps every node with its source range (the `yaml` package takes ~140 bytes
 * of memory per byte of input), so 16 MiB is about 2.3 GB. Real kubeconfigs and manifests are far smaller.
 */
export const MAX_YAML_FILE_BYTES = 16 * 1024 * 1024;

/** A file that is not read: an errno-like `code` (ENOENT, EACCES, ELOOP, EISDIR... or ENOTREG, EFBIG) and why. */
export class FileReadError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'FileReadError';
  }
}

function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return 'a named pipe';
  if (st.isCharacterDevice()) return 'a character device';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** "16 MiB" */
export function formatBytes(n: number): string {
  if (n % (1024 * 1024) === 0) return `${n / (1024 * 1024)} MiB`;
  if (n % 1024 === 0) return `${n / 1024} KiB`;
  return `${n} bytes`;
}

/**
 * The bytes of a regular file of at most maxBytes. Errors from the system keep their errno code (the caller words
 * them); a special file is ENOTREG ("is a named pipe, not a regular file"), a larger file EFBIG.
 */
export function readRegularFile(file: string, maxBytes = MAX_YAML_FILE_BYTES): Buffer {
  // O_NONBLOCK: opening a FIFO with no writer would otherwise wait for one.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  try {
    const st = fs.fstatSync(fd);
    if (st.isDirectory())
      throw Object.assign(new Error(`EISDIR: illegal operation on a directory, read`), { code: 'EISDIR' });
    if (!st.isFile()) throw new FileReadError('ENOTREG', `is ${kindOf(st)}, not a regular file`);
    if (st.size > maxBytes) throw tooLarge(maxBytes);
    // The size can change while reading (and /proc files say 0): read until EOF, never past the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    const chunk = Buffer.allocUnsafe(Math.min(Math.max(st.size + 1, 64 * 1024), maxBytes + 1));
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(Buffer.from(chunk.subarray(0, n)));
    }
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
  } finally {
    fs.closeSync(fd);
  }
}

function tooLarge(maxBytes: number): FileReadError {
  return new FileReadError('EFBIG', `is larger than the maximum of ${formatBytes(maxBytes)} that kubesense reads`);
}
