// How bin/code-cache.js loaded the code this module is part of, when it did (the one-file CLI bundle): where the
// bundle's V8 code cache is (check's worker threads read it too) and which build it is (checksum and length of the
// bundle: what keys caches that hold only for the same code). Undefined for the tsc output in out/.
import * as path from 'node:path';

export interface LoadedBundle {
  /** bin/code-cache.js, for a worker thread to load the bundle the same way. */
  loader: string;
  /** The bundle (this file). */
  file: string;
  dir: string;
  command: string;
  build: string;
}

interface CodeCacheLoader {
  codeCacheOf(file: string): { dir: string; command: string; build: string } | undefined;
}

export function loadedBundle(): LoadedBundle | undefined {
  const loader = path.join(__dirname, '..', '..', 'bin', 'code-cache.js');
  const found = (require.cache[loader]?.exports as CodeCacheLoader | undefined)?.codeCacheOf(__filename);
  return found && { loader, file: __filename, ...found };
}
