// Builds the LanguageEngine for the current settings, for the language server and for `kubesense check` alike:
// schema sources in priority order behind validation's SchemaStore, and validation's `validate`. With the cluster readable: its OpenAPI v3, the schema folder, CRD files.
// Without (unreachable, slow, 403, no OpenAPI v3): the cluster's cached documents, the schema folder, the cached
// upstream documents of kubernetesVersion, CRD files — so built-in kinds are never "unknown" offline.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ManifestFile } from '../documents';
import { CrdSchemaSource, DirectorySchemaSource, SchemaSource, SchemaStore } from '../schema';
import { schemaFolderProblem } from '../schema/sources/directory';
import { defaultKubesenseCache, hasUpstreamSchemas, upstreamSchemaDir } from '../schema/sources/upstream';
import type { KubeDiagnostic } from '../validation/types';
import { validateFile } from './validateAdapter';
import type { ClusterSchemas, KindEntry, LanguageEngine, Logger } from './engine';
import type { SchemaSourceKind, SchemaSourceStatus } from '../../protocol';
import type { ServerSettings } from '../../protocol';
import { errorMessage } from '../../kube/util/errors';
import { matchesGlob } from '../files/glob';

const MAX_WORKSPACE_FILES = 20_000;
const SUSPECT_INTERVAL_MS = 60_000;
const SKIP_DIRS = new Set(['node_modules', '.git', 'out', 'dist', '.cache']);

/** The candidate sources of one configuration; which of them are used depends on whether the cluster answers. */
export interface SchemaTiers {
  /** The connected cluster's OpenAPI v3, live. */
  cluster?: SchemaSource;
  /** The same cluster's documents from the disk cache (its last known schemas), once there are any. */
  clusterCache?: () => SchemaSource | undefined;
  folder?: SchemaSource;
  /** The cached upstream documents of kubernetesVersion. */
  upstream?: SchemaSource;
}

export class SchemaEngine implements LanguageEngine {
  readonly store: SchemaStore;
  readonly crds: CrdSchemaSource;
  description: string;
  readonly validatesSubsets = true;
  /** Last text given per CRD origin: re-sending the same text (opening a file already read) changes nothing. */
  readonly crdTexts = new Map<string, string>();
  private sources: SchemaSource[];
  private clusterLive = true;
  /** A live cluster's fetch failed: until a probe says, what it lacks is not an error. */
  private clusterSuspect = false;
  private suspectSince = -Infinity;

  constructor(
    private readonly tiers: SchemaTiers,
    crds: CrdSchemaSource,
    /** Why the cluster is not used (set while it cannot be read). */
    private clusterProblem?: string,
    /** How validation's notes name an unreadable cluster (`kubesense check` words it its own way). */
    private readonly describeFallback: (cluster: string, problem: string) => string = (c, p) => `${c}: ${p}`,
  ) {
    this.crds = crds;
    this.sources = this.activeTiers().map(([, s]) => s);
    // The CRD source joins only when it holds CRDs: an empty store means "no schema" (said once), not
    // "every apiVersion is unknown".
    this.store = new SchemaStore(this.withCrds());
    this.store.fallbackFor = this.fallbackReason();
    this.description = this.describe();
  }

  /** The tiers in use, in priority order: the live cluster (and the folder), else the fallbacks in order. */
  private activeTiers(): [SchemaSourceKind, SchemaSource][] {
    const t = this.tiers;
    const pick = (pairs: [SchemaSourceKind, SchemaSource | undefined][]) =>
      pairs.filter((p): p is [SchemaSourceKind, SchemaSource] => !!p[1]);
    if (t.cluster && this.clusterLive)
      return pick([
        ['cluster', t.cluster],
        ['schema-folder', t.folder],
      ]);
    // The upstream cache stands in only where nothing closer to the target cluster is configured.
    const upstream = t.cluster || !t.folder ? t.upstream : undefined;
    return pick([
      ['cluster-cache', t.clusterCache?.()],
      ['schema-folder', t.folder],
      ['upstream', upstream],
    ]);
  }

  private withCrds(): SchemaSource[] {
    return this.crds.all().length > 0 ? [...this.sources, this.crds] : this.sources;
  }

  private fallbackReason(): string | undefined {
    return this.tiers.cluster && !this.clusterLive
      ? this.describeFallback(this.tiers.cluster.name, this.clusterProblem ?? 'not reachable')
      : undefined;
  }

  private describe(): string {
    const used = this.store.describeSources();
    const reason = this.fallbackReason();
    if (!reason) return this.store.isEmpty ? 'no schema source configured' : used;
    return `${this.store.isEmpty ? 'no other schema source' : used} (${reason})`;
  }

  /**
   * The cluster answered (live) or not (problem says why): switch the sources. True when that changed what
   * validates, so open documents must be checked again.
   */
  setClusterState(live: boolean, problem?: string): boolean {
    if (!this.tiers.cluster) return false;
    // After a failed fetch the store remembers the cluster as serving nothing there: start afresh either way.
    const changed = live !== this.clusterLive || this.clusterSuspect;
    this.clusterSuspect = false;
    this.clusterProblem = live ? undefined : problem;
    this.clusterLive = live;
    if (changed) {
      this.sources = this.activeTiers().map(([, s]) => s);
      this.store.setSources(this.withCrds());
    }
    this.store.fallbackFor = this.fallbackReason();
    this.description = this.describe();
    return changed;
  }

  /**
   * Fetching from the live cluster failed (it may be going away): until the probe this starts says whether it is,
   * what the cluster did not answer for is reported as a note, not as "no matches for kind".
   */
  clusterFailed(err: unknown): void {
    if (!this.tiers.cluster || !this.clusterLive || this.clusterSuspect) return;
    // A cluster whose root answers but one document keeps failing must not re-validate everything in a loop.
    if (Date.now() - this.suspectSince < SUSPECT_INTERVAL_MS) return;
    this.suspectSince = Date.now();
    this.clusterSuspect = true;
    this.store.fallbackFor = `${this.tiers.cluster.name}: ${errorMessage(err)}`;
  }

  /** Which source answers first and why the cluster is not used, for the client's status bar. */
  sourceStatus(): SchemaSourceStatus {
    const [first] = this.activeTiers();
    const kind: SchemaSourceKind = first?.[0] ?? (this.crds.all().length > 0 ? 'crd-files' : 'none');
    const source = first?.[1].name ?? (kind === 'crd-files' ? this.crds.name : 'no schema source');
    return {
      kind,
      source,
      sources: this.store.getSources().map((s) => s.name),
      ...(this.tiers.cluster ? { cluster: this.tiers.cluster.name, clusterProblem: this.fallbackReason() } : {}),
    };
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
    this.store.setSources(this.withCrds());
    return true;
  }
}

export interface EngineOptions {
  /** Told when the live cluster source fails while in use (the session then probes it again). */
  onClusterFailure?: (err: unknown) => void;
  /** A schema folder setting that is not a schema folder (said once per engine by the session). */
  onFolderProblem?: (message: string) => void;
  /** Where downloaded upstream documents are cached (default: $KUBESENSE_CACHE or ~/.cache/kubesense). */
  cacheRoot?: string;
  /** The CRD source (default: the files `settings.crds` names under the workspace roots). */
  crds?: CrdSchemaSource;
  /** The schema folder's version is read from its name (…/openapi-v3/1.35), not taken from kubernetesVersion. */
  folderVersionFromName?: boolean;
  /**
   * False: a failing source fails the request instead of being logged and skipped (`kubesense check` reports it
   * rather than validating against less than it was asked to).
   */
  isolateFailures?: boolean;
  /** How validation's notes name an unreadable cluster (default `<cluster>: <problem>`). */
  describeFallback?: (cluster: string, problem: string) => string;
}

/** What chooses the schema sources: the server's settings, or the flags of `kubesense check`. */
export type SchemaSettings = Pick<ServerSettings, 'schemaDirectory' | 'kubernetesVersion' | 'crds'>;

export function createEngine(
  settings: SchemaSettings,
  workspaceRoots: string[],
  log: Logger,
  cluster?: ClusterSchemas,
  options: EngineOptions = {},
): SchemaEngine {
  const tiers: SchemaTiers = {};
  const resilient = (source: SchemaSource, onFailure?: (err: unknown) => void): SchemaSource =>
    options.isolateFailures === false ? source : isolated(source, log, onFailure);
  const made: { engine?: SchemaEngine } = {}; // set below; the cluster source reports failures to it
  // The connected cluster first: it knows its own version and its installed CRDs.
  if (cluster) {
    tiers.cluster = resilient(cluster.schemaSource, (err) => {
      made.engine?.clusterFailed(err);
      options.onClusterFailure?.(err);
    });
    let cached: SchemaSource | undefined;
    tiers.clusterCache = () => {
      const source = cluster.cachedSchemaSource();
      cached ??= source && resilient(source);
      return cached;
    };
  }
  if (settings.schemaDirectory) {
    const dir = resolveAgainst(settings.schemaDirectory, workspaceRoots);
    const problem = schemaFolderProblem(dir);
    if (problem) options.onFolderProblem?.(problem);
    else {
      const version = options.folderVersionFromName ? undefined : settings.kubernetesVersion;
      tiers.folder = resilient(new DirectorySchemaSource(dir, version));
    }
  }
  // The upstream documents of the target version, if downloaded before: the last fallback.
  const cache = options.cacheRoot ?? defaultKubesenseCache();
  const version = settings.kubernetesVersion;
  if (hasUpstreamSchemas(cache, version))
    tiers.upstream = resilient(new DirectorySchemaSource(upstreamSchemaDir(cache, version), version));
  const crds = options.crds ?? new CrdSchemaSource('CRD files of the workspace');
  const texts = new Map<string, string>();
  for (const file of options.crds ? [] : findWorkspaceFiles(workspaceRoots, settings.crds, log)) {
    try {
      const text = fs.readFileSync(file, 'utf8');
      crds.setText(file, text);
      texts.set(file, text);
    } catch (err) {
      log.warn(`CRD file ${file}: ${errorMessage(err)}`);
    }
  }
  const engine = new SchemaEngine(tiers, crds, undefined, options.describeFallback);
  made.engine = engine;
  for (const [file, text] of texts) engine.crdTexts.set(file, text);
  return engine;
}

/**
 * A source that fails must not take the other sources down with it: its failures read as "serves nothing"
 * (logged once), so the next sources still answer.
 */
function isolated(source: SchemaSource, log: Logger, onFailure?: (err: unknown) => void): SchemaSource {
  let warned = false;
  const fail = (err: unknown) => {
    onFailure?.(err);
    if (warned) return;
    warned = true;
    log.warn(`${source.name}: ${errorMessage(err)}; using the other schema sources`);
  };
  return {
    name: source.name,
    kubernetesVersion: source.kubernetesVersion,
    apiVersions: () => source.apiVersions().catch((err: unknown) => (fail(err), [] as string[])),
    load: (apiVersion) => source.load(apiVersion).catch((err: unknown) => (fail(err), undefined)),
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
  // A glob, a file, or a folder (everything under it).
  const matches = (candidate: string, g: string): boolean => {
    const folder = g.replace(/[\\/]+$/, '');
    return candidate === folder || candidate.startsWith(folder + path.sep) || matchesGlob(candidate, g);
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
