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
  noteCodeCacheWork?(file: string, units: number): void;
}

const loaderFile = path.join(__dirname, '..', '..', 'bin', 'code-cache.js');

function codeCacheLoader(): CodeCacheLoader | undefined {
  return require.cache[loaderFile]?.exports as CodeCacheLoader | undefined;
}

export function loadedBundle(): LoadedBundle | undefined {
  const found = codeCacheLoader()?.codeCacheOf(__filename);
  return found && { loader: loaderFile, file: __filename, ...found };
}

/**
 * Tells the code cache how much work this run did (e.g. objects checked): a run that did clearly more than the one
 * that wrote the cache rewrites it at exit, so the cache holds the functions a big run compiles.
 */
export function noteBundleWork(units: number): void {
  codeCacheLoader()?.noteCodeCacheWork?.(__filename, units);
}
