// Builds the LanguageEngine for the current settings: schema sources in priority order (connected cluster,
// schema folder, CRD files of the workspace) behind validation's SchemaStore, and validation's `validate`.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ManifestFile } from '../documents';
import { CrdSchemaSource, DirectorySchemaSource, SchemaSource, SchemaStore } from '../schema';
import { defaultKubesenseCache, hasUpstreamSchemas, upstreamSchemaDir } from '../schema/sources/upstream';
import type { KubeDiagnostic } from '../validation/types';
import { validateFile } from './validateAdapter';
import type { KindEntry, LanguageEngine } from './engine';
import type { Logger } from './guard';
import type { ServerSettings } from './settings';
import type { ClusterConnection } from './cluster';

const MAX_WORKSPACE_FILES = 20_000;
const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'dist', '.cache']);

export class SchemaEngine implements LanguageEngine {
  readonly store: SchemaStore;
  readonly crds: CrdSchemaSource;
  readonly description: string;
  readonly validatesSubsets = true;
  /** Last text given per CRD origin: re-sending the same text (opening a file already read) changes nothing. */
  readonly crdTexts = new Map<string, string>();

  constructor(
    private readonly sources: SchemaSource[],
    crds: CrdSchemaSource,
  ) {
    this.crds = crds;
    // The CRD source joins only when it holds CRDs: an empty store means "no schema" (said once), not
    // "every apiVersion is unknown".
    this.store = new SchemaStore(crds.all().length > 0 ? [...sources, crds] : sources);
    this.description = sources.length ? this.store.describeSources() : 'no schema source configured';
  }

  schemaVersion(): number {
    return this.store.version;
  }

  async hasSchemas(): Promise<boolean> {
    try {
      return (await this.store.apiVersions()).length > 0;
    } catch {
      return false;
    }
  }

  async kinds(): Promise<KindEntry[]> {
    return (await this.store.kinds()).map((k) => ({ apiVersion: k.apiVersion, kind: k.kind }));
  }

  schemaFor(apiVersion: string, kind: string) {
    return this.store.schemaFor(apiVersion, kind);
  }

  validate(file: ManifestFile, documentIndexes: number[] | undefined, signal: AbortSignal): Promise<KubeDiagnostic[]> {
    return validateFile(file, this.store, documentIndexes, signal);
  }

  async warmUp(report: (message: string) => void, signal: AbortSignal): Promise<void> {
    report('listing API versions');
    const apiVersions = await this.store.apiVersions().catch(() => [] as string[]);
    // Index the common groups now so the first completion/validation does not pay for JSON parsing.
    const common = ['v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1', 'rbac.authorization.k8s.io/v1'];
    for (const apiVersion of common) {
      if (signal.aborted) return;
      if (!apiVersions.includes(apiVersion)) continue;
      report(`loading ${apiVersion}`);
      await this.store.kinds(apiVersion).catch(() => undefined);
    }
  }

  /** A workspace CRD file changed (open editor or disk): keep its schemas current. */
  updateCrdText(origin: string, text: string | undefined): boolean {
    if (this.crdTexts.get(origin) === text) return false;
    if (text === undefined) this.crdTexts.delete(origin);
    else this.crdTexts.set(origin, text);
    const before = this.crds.all().length;
    if (text === undefined) this.crds.remove(origin);
    else this.crds.setText(origin, text);
    const after = this.crds.all().length;
    if (before === 0 && after === 0) return false;
    this.store.setSources(after > 0 ? [...this.sources, this.crds] : this.sources);
    return true;
  }
}

export function createEngine(
  settings: ServerSettings,
  workspaceRoots: string[],
  log: Logger,
  cluster?: ClusterConnection,
): SchemaEngine {
  const sources: SchemaSource[] = [];
  // The connected cluster first: it knows its own version and its installed CRDs.
  if (cluster) sources.push(resilient(cluster.schemaSource, log));
  if (settings.schemaDirectory) {
    const dir = resolveAgainst(settings.schemaDirectory, workspaceRoots);
    sources.push(new DirectorySchemaSource(dir, settings.kubernetesVersion));
  } else if (!cluster) {
    // Neither cluster nor folder: the upstream documents of the target version, if downloaded before.
    const cache = defaultKubesenseCache();
    const version = settings.kubernetesVersion;
    if (hasUpstreamSchemas(cache, version))
      sources.push(new DirectorySchemaSource(upstreamSchemaDir(cache, version), version));
  }
  const crds = new CrdSchemaSource('CRD files of the workspace');
  const texts = new Map<string, string>();
  for (const file of findWorkspaceFiles(workspaceRoots, settings.crdFiles, log)) {
    try {
      const text = fs.readFileSync(file, 'utf8');
      crds.setText(file, text);
      texts.set(file, text);
    } catch (err) {
      log.warn(`CRD file ${file}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const engine = new SchemaEngine(sources, crds);
  for (const [file, text] of texts) engine.crdTexts.set(file, text);
  return engine;
}

/**
 * A cluster that cannot be reached must not take the other sources down with it: its failures read as "serves
 * nothing" (logged once), so the schema folder and CRD files still answer.
 */
function resilient(source: SchemaSource, log: Logger): SchemaSource {
  let warned = false;
  const warn = (err: unknown) => {
    if (warned) return;
    warned = true;
    log.warn(`${source.name}: ${err instanceof Error ? err.message : String(err)}; using the other schema sources`);
  };
  return {
    name: source.name,
    kubernetesVersion: source.kubernetesVersion,
    apiVersions: () => source.apiVersions().catch((err: unknown) => (warn(err), [] as string[])),
    load: (apiVersion) => source.load(apiVersion).catch((err: unknown) => (warn(err), undefined)),
  };
}

function resolveAgainst(p: string, roots: string[]): string {
  const home = process.env.HOME ?? '';
  const expanded = p.startsWith('~/') && home ? path.join(home, p.slice(2)) : p;
  if (path.isAbsolute(expanded) || roots.length === 0) return path.resolve(expanded);
  return path.resolve(roots[0], expanded);
}

/** Files under the workspace roots matching any glob (relative to a root, or absolute); bounded walk. */
export function findWorkspaceFiles(roots: string[], globs: string[], log: Logger): string[] {
  if (globs.length === 0) return [];
  const matchesGlob = (path as unknown as { matchesGlob?: (p: string, g: string) => boolean }).matchesGlob;
  // A glob, a file, or a folder (everything under it).
  const matches = (candidate: string, g: string): boolean => {
    const folder = g.replace(/[\\/]+$/, '');
    return candidate === folder || candidate.startsWith(folder + path.sep) || !!matchesGlob?.(candidate, g);
  };
  const out: string[] = [];
  let seen = 0;
  const walk = (root: string, dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (++seen > MAX_WORKSPACE_FILES) return;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) walk(root, full);
      } else if (/\.(ya?ml|json)$/i.test(entry.name)) {
        const rel = path.relative(root, full);
        if (globs.some((g) => matches(path.isAbsolute(g) ? full : rel, g))) out.push(full);
      }
    }
  };
  for (const root of roots) walk(root, root);
  // Absolute file or folder paths work without a workspace (stdio editors often have none).
  for (const g of globs) {
    if (!path.isAbsolute(g) || /[*?[{]/.test(g)) continue;
    try {
      const st = fs.statSync(g);
      if (st.isFile()) out.push(g);
      else if (st.isDirectory()) walk(g, g);
    } catch {
      log.warn(`kubesense.crds: ${g} does not exist`);
    }
  }
  if (seen > MAX_WORKSPACE_FILES)
    log.warn(`workspace has more than ${MAX_WORKSPACE_FILES} files; CRD search stopped there`);
  return [...new Set(out)];
}
