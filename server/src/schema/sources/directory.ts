// A schema folder in the layout the API server serves at /openapi/v3: `api/v1.json`, `apis/<group>/<version>.json`
// (the layout of kubectl-validate's builtins and of ../shared/k8s/openapi-v3/<version>/).
import * as fs from 'node:fs';
import * as path from 'node:path';
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

  private async list(): Promise<string[]> {
    const out: string[] = [];
    const core = path.join(this.dir, 'api');
    for (const f of await readdirSafe(core)) if (f.endsWith('.json')) out.push(f.slice(0, -5));
    const apis = path.join(this.dir, 'apis');
    for (const group of await readdirSafe(apis)) {
      for (const f of await readdirSafe(path.join(apis, group)))
        if (f.endsWith('.json')) out.push(`${group}/${f.slice(0, -5)}`);
    }
    if (out.length === 0) {
      const st = await fs.promises.stat(this.dir).catch(() => undefined);
      if (!st?.isDirectory()) throw new Error(`schema folder ${this.dir}: not a directory`);
      throw new Error(`schema folder ${this.dir}: no api/<version>.json or apis/<group>/<version>.json files`);
    }
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
    const text = await fs.promises.readFile(file, 'utf8');
    try {
      return JSON.parse(text) as GroupVersionDocument;
    } catch (e) {
      throw new Error(`${file}: invalid JSON: ${(e as Error).message}`);
    }
  }
}

async function readdirSafe(dir: string): Promise<string[]> {
  try {
    return await fs.promises.readdir(dir);
  } catch {
    return [];
  }
}
