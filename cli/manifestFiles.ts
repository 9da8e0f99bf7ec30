// kubectl's -f/--filename, -R/--recursive and -k/--kustomize for apply, diff, describe and get: files, folders (their
// .json, .yaml and .yml files, lexical order, subfolders only with -R), "-" for standard input, or a kustomization
// folder built by the user's kustomize (cli/kustomize), read into manifest objects.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readManifests, type ManifestObject } from '../kube/apply';
import { readRegularFile } from '../kube/util/boundedRead';
import { CommandError } from './command';
import type { FlagSpec } from './flags';
import { checkFilenameSources, readKustomization } from './kustomize';

const EXTENSIONS = ['.json', '.yaml', '.yml'];

/** `kustomizeArticle`: kubectl's -k help says "a kustomization directory" for apply, "the" for the others. */
export function filenameFlags(what: string, kustomizeArticle: 'a' | 'the' = 'the'): FlagSpec[] {
  return [
    {
      name: 'filename',
      short: 'f',
      kind: 'stringArray',
      default: [],
      description: `The files that contain the configurations to ${what}.`,
    },
    {
      name: 'recursive',
      short: 'R',
      kind: 'bool',
      default: false,
      description:
        'Process the directory used in -f, --filename recursively. Useful when you want to manage related manifests organized within the same directory.',
    },
    {
      name: 'kustomize',
      short: 'k',
      kind: 'string',
      default: '',
      description: `Process ${kustomizeArticle} kustomization directory. This flag can't be used together with -f or -R.`,
    },
  ];
}

/** The objects -f or -k name, after kubectl's checks of the two flags together. */
export async function readManifestArgs(
  filenames: string[],
  kustomize: string,
  recursive: boolean,
  cwd: string,
  env: NodeJS.ProcessEnv,
  readStdin: () => string,
): Promise<ManifestObject[]> {
  checkFilenameSources(filenames, kustomize, recursive);
  return kustomize ? readKustomization(kustomize, cwd, env) : readFilenameArgs(filenames, recursive, cwd, readStdin);
}

/**
 * kubectl's builder "implies a single item" for one -f file (or a folder holding one manifest file) or one -k
 * folder, not for standard input or several files: `get -o yaml` then prints the object itself, not a List, when
 * it names exactly one.
 */
export function impliesSingleItem(filenames: string[], kustomize: string, recursive: boolean, cwd: string): boolean {
  if (kustomize) return true;
  let visitors = 0;
  for (const name of filenames) {
    if (name === '-') return false;
    const full = path.resolve(cwd, name);
    const st = fs.statSync(full, { throwIfNoEntry: false });
    const files = st?.isDirectory() ? walk(full, name, recursive).length : 1;
    if (files > 1) return false;
    visitors += files;
  }
  return visitors === 1;
}

/** Every object named by -f, in the order kubectl visits them. `readStdin` is called at most once. */
function readFilenameArgs(
  filenames: string[],
  recursive: boolean,
  cwd: string,
  readStdin: () => string,
): ManifestObject[] {
  const out: ManifestObject[] = [];
  for (const name of filenames) {
    if (name === '-') {
      out.push(...readManifests(readStdin(), 'STDIN'));
      continue;
    }
    if (/^https?:\/\//.test(name)) throw new CommandError(`reading manifests from URLs is not supported: ${name}`);
    const full = path.resolve(cwd, name);
    let st: fs.Stats;
    try {
      st = fs.statSync(full);
    } catch {
      throw new CommandError(`the path ${JSON.stringify(name)} does not exist`);
    }
    const files = st.isDirectory() ? walk(full, name, recursive) : [{ full, shown: name }];
    for (const f of files) {
      let text: string;
      try {
        text = readRegularFile(f.full).toString('utf8');
      } catch (e) {
        throw new CommandError(`error reading ${JSON.stringify(f.shown)}: ${(e as Error).message}`);
      }
      out.push(...readManifests(text, f.shown));
    }
  }
  return out;
}

function walk(dir: string, shown: string, recursive: boolean): { full: string; shown: string }[] {
  const out: { full: string; shown: string }[] = [];
  // Go's filepath.Walk: lexical byte order.
  const names = fs.readdirSync(dir).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const n of names) {
    const full = path.join(dir, n);
    const st = fs.statSync(full, { throwIfNoEntry: false });
    if (!st) continue;
    if (st.isDirectory()) {
      if (recursive) out.push(...walk(full, path.join(shown, n), recursive));
    } else if (EXTENSIONS.includes(path.extname(n))) out.push({ full, shown: path.join(shown, n) });
  }
  return out;
}
