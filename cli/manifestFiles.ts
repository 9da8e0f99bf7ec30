// kubectl's -f/--filename and -R/--recursive for apply and diff: files, folders (their .json, .yaml and .yml
// files, lexical order, subfolders only with -R) and "-" for standard input, read into manifest objects.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readManifests, type ManifestObject } from '../kube/apply';
import { readRegularFile } from '../kube/util/boundedRead';
import { CommandError } from './command';
import type { FlagSpec } from './flags';

const EXTENSIONS = ['.json', '.yaml', '.yml'];

export function filenameFlags(what: string): FlagSpec[] {
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
  ];
}

/** Every object named by -f, in the order kubectl visits them. `readStdin` is called at most once. */
export function readFilenameArgs(
  filenames: string[],
  recursive: boolean,
  cwd: string,
  readStdin: () => string,
): ManifestObject[] {
  if (filenames.length === 0) throw new CommandError('must specify one of -f and -k');
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
