// A schema folder in the layout the API server serves at /openapi/v3: `api/v1.json`, `apis/<group>/<version>.json`
// (the layout of kubectl-validate's builtins and of ../shared/k8s/openapi-v3/<version>/).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseSchemaDocument } from '../documentIndex';
import { GroupVersionDocument, SchemaSource } from '../types';

export class DirectorySchemaSource implements SchemaSource {
  readonly name: string;
  readonly kubernetesVersion?: string;
  private readonly cache = new Map<string, Promise<GroupVersionDocument | undefined>>();
  private listed?: Promise<string[]>;

  constructor(
    readonly dir: string,
    kubernetesVersion?: string,
  ) {
    this.name = `schema folder ${dir}`;
    // The folder is usually named for its version (…/openapi-v3/1.35); an explicit version wins.
    this.kubernetesVersion = kubernetesVersion ?? /(?:^|[^\d])(1\.\d+)$/.exec(path.basename(path.resolve(dir)))?.[1];
  }

  apiVersions(): Promise<string[]> {
    this.listed ??= this.list();
    return this.listed;
  }

  // Synchronous: ~25 small folders, ~2 ms CPU; through fs.promises twice that, and a thread-pool round trip each.
  private async list(): Promise<string[]> {
    const out: string[] = [];
    const core = path.join(this.dir, 'api');
    for (const f of readdirSync(core)) if (f.endsWith('.json')) out.push(f.slice(0, -5));
    const apis = path.join(this.dir, 'apis');
    for (const group of readdirSync(apis)) {
      for (const f of readdirSync(path.join(apis, group)))
        if (f.endsWith('.json')) out.push(`${group}/${f.slice(0, -5)}`);
    }
    if (out.length === 0) throw new Error(schemaFolderProblem(this.dir) ?? `schema folder ${this.dir}: unreadable`);
    return out.sort();
  }

  load(apiVersion: string): Promise<GroupVersionDocument | undefined> {
    let p = this.cache.get(apiVersion);
    if (!p) {
      p = this.read(apiVersion);
      this.cache.set(apiVersion, p);
    }
    return p;
  }

  private async read(apiVersion: string): Promise<GroupVersionDocument | undefined> {
    if (!(await this.apiVersions()).includes(apiVersion)) return undefined;
    const file = apiVersion.includes('/')
      ? path.join(this.dir, 'apis', `${apiVersion}.json`)
      : path.join(this.dir, 'api', `${apiVersion}.json`);
    const { bytes, stat } = await readWithStat(file);
    try {
      return parseSchemaDocument(bytes, stat);
    } catch (e) {
      throw new Error(`${file}: invalid JSON: ${(e as Error).message}`);
    }
  }
}

const LAYOUT = 'api/v1.json and apis/<group>/<version>.json, the layout served at /openapi/v3';
const MAX_SUGGESTION_DEPTH = 2;

/**
 * Why a folder is not a schema folder, naming the expected layout and, when a subfolder has it (the setting points
 * at the parent of `1.35/`), that subfolder; undefined when the layout is there.
 */
export function schemaFolderProblem(dir: string): string | undefined {
  let st: fs.Stats | undefined;
  try {
    st = fs.statSync(dir);
  } catch {
    st = undefined;
  }
  if (!st?.isDirectory())
    return `schema folder ${dir}: not a directory (expected a folder holding ${LAYOUT}, e.g. openapi-v3/1.35)`;
  if (hasLayout(dir)) return undefined;
  const candidates = layoutFoldersUnder(dir, MAX_SUGGESTION_DEPTH).sort(newestVersionFirst);
  const hint = candidates.length ? `; did you mean ${candidates[0]}?` : '';
  return `schema folder ${dir}: no api/<version>.json or apis/<group>/<version>.json files (expected ${LAYOUT}, one folder per Kubernetes version)${hint}`;
}

function hasLayout(dir: string): boolean {
  return fs.existsSync(path.join(dir, 'api', 'v1.json')) || readdirSync(path.join(dir, 'apis')).length > 0;
}

function layoutFoldersUnder(dir: string, depth: number): string[] {
  if (depth === 0) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const sub = path.join(dir, name);
    if (name.startsWith('.') || !isDirectory(sub)) continue;
    if (hasLayout(sub)) out.push(sub);
    else out.push(...layoutFoldersUnder(sub, depth - 1));
  }
  return out;
}

/** `…/1.35` before `…/1.27` (numeric minor), then by name. */
function newestVersionFirst(a: string, b: string): number {
  const minor = (p: string) => Number(/(?:^|[^\d])1\.(\d+)$/.exec(path.basename(p))?.[1] ?? -1);
  return minor(b) - minor(a) || a.localeCompare(b);
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function readdirSync(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** A file's bytes and its fstat, when fstat saw the same file before and after the read (fileHash.ts). */
async function readWithStat(file: string): Promise<{ bytes: Buffer; stat?: fs.BigIntStats }> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const before = await handle.stat({ bigint: true });
    const bytes = await handle.readFile();
    const after = await handle.stat({ bigint: true });
    const same = (['dev', 'ino', 'size', 'mtimeNs', 'ctimeNs'] as const).every((k) => before[k] === after[k]);
    return { bytes, stat: same ? after : undefined };
  } finally {
    await handle.close();
  }
}
