// Which files of a folder tree are candidate manifests, the same for `kubesense check` and the language server's
// workspace index: *.yaml, *.yml and *.json, without VCS folders, node_modules or a Helm chart's templates/, and
// the kustomize patches a kustomization names (partial objects, never whole ones).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegularFile } from '../../kube/util/boundedRead';
import { KUSTOMIZATION_FILE_NAMES, kustomizePatchPaths } from '../documents';

/** True for names the walk picks up. */
export function isManifestFileName(file: string): boolean {
  return /\.(ya?ml|json)$/i.test(file);
}

/** Every candidate file under dir, sorted by name per folder (special files are kept: reading them says why not). */
export function walkManifestFiles(dir: string): string[] {
  const out: string[] = [];
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return out;
  }
  // A Helm chart's templates/ are Go templates, not YAML.
  const isChart = entries.some((e) => e.isFile() && e.name === 'Chart.yaml');
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (skippedFolder(e.name) || (isChart && e.name === 'templates')) continue;
      out.push(...walkManifestFiles(full));
    } else if (isManifestFileName(e.name)) out.push(full);
  }
  return out;
}

/** True when a path lies in a folder the walk never enters (for file events outside a walk). */
export function inSkippedFolder(root: string, file: string): boolean {
  const parts = path.relative(root, file).split(path.sep).slice(0, -1);
  if (parts[0] === '..' || path.isAbsolute(path.relative(root, file))) return true;
  for (let i = 0; i < parts.length; i++) {
    if (skippedFolder(parts[i]!)) return true;
    if (parts[i] === 'templates' && i > 0 && fs.existsSync(path.join(root, ...parts.slice(0, i), 'Chart.yaml')))
      return true;
    if (parts[i] === 'templates' && i === 0 && fs.existsSync(path.join(root, 'Chart.yaml'))) return true;
  }
  return false;
}

function skippedFolder(name: string): boolean {
  return name === 'node_modules' || name.startsWith('.');
}

/** Files a kustomization.yaml in this folder names as patches; memoised per folder in `cache`. */
export function kustomizePatchesNear(dir: string, cache?: Map<string, Set<string>>): Set<string> {
  let set = cache?.get(dir);
  if (set) return set;
  set = new Set();
  for (const name of KUSTOMIZATION_FILE_NAMES) {
    const f = path.join(dir, name);
    let text: string;
    try {
      text = readRegularFile(f).toString('utf8');
    } catch {
      continue; // missing, or not a file to read: no patches named here
    }
    for (const p of kustomizePatchPaths(text, dir)) set.add(p);
  }
  cache?.set(dir, set);
  return set;
}

/** The path of a `file:` URI; undefined for other schemes (untitled, virtual documents) or a malformed one. */
export function safeFsPath(uri: string): string | undefined {
  try {
    return uri.startsWith('file:') ? fileURLToPath(uri) : undefined;
  } catch {
    return undefined;
  }
}
