// Which files a kustomization names as patches: partial objects that must never be checked as whole ones.
// Pure (the caller reads the kustomization file): the editor and `kubesense check` share it.
import * as path from 'node:path';
import { parseManifestFile } from './manifest';

/** File names kustomize looks for in a folder. */
export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Absolute paths of the patch files a kustomization (text, in folder dir) refers to. */
export function kustomizePatchPaths(kustomizationText: string, dir: string): string[] {
  const doc = parseManifestFile(kustomizationText, path.join(dir, 'kustomization.yaml')).documents[0]?.value as
    Record<string, unknown> | undefined;
  const out: string[] = [];
  for (const key of ['patchesStrategicMerge', 'patchesJson6902', 'patches']) {
    const list = doc?.[key];
    if (!Array.isArray(list)) continue;
    for (const item of list) {
      // Entries are file paths, or objects with `path:` (inline `patch:` bodies are not files).
      const p = typeof item === 'string' ? item : (item as { path?: unknown } | null)?.path;
      if (typeof p === 'string' && p !== '' && !p.includes('\n')) out.push(path.resolve(dir, p));
    }
  }
  return out;
}
