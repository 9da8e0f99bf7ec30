// `kubesense check PATH...`: validate manifests in CI with the language server's own validation.
// Schema sources, first match wins per apiVersion+kind (chosen by the language server's engine factory,
// analysis/engine/engineFactory.ts, from the flags):
//   1. the cluster's OpenAPI v3 when --context or --kubeconfig is given (disk-cached by kube/openapi); when it
//      cannot be read (unreachable, slow, 403, no OpenAPI v3), its last cached documents instead, and the
//      summary line says so;
//   2. --schema-dir D (the /openapi/v3 layout: api/v1.json, apis/<group>/<version>.json);
//   3. with neither, the upstream OpenAPI v3 of --kube-version (default 1.35), downloaded once into
//      ${KUBESENSE_CACHE:-~/.cache/kubesense}/openapi-v3/<version> (--offline: only use what is cached); when the
//      cluster cannot be read, that cache as the last fallback (never a download);
//   4. CRDs: --crd files/folders, and every CustomResourceDefinition found among the checked files.
// With no schema at all it says so once and still checks YAML and object structure.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command, CommandContext } from './command';
import { CommandError, UsageError } from './command';
import type { ManifestFile } from '../analysis/documents';
import { referenceDiagnostics } from './checkReferences';
import {
  clusterSchemaSource,
  CrdSchemaSource,
  defaultKubesenseCache,
  DirectorySchemaSource,
  downloadUpstreamSchemas,
  hasUpstreamSchemas,
  minorVersionOf,
  SchemaStore,
  setDocumentIndexDir,
  upstreamSchemaDir,
} from '../analysis/schema';
import { createEngine } from '../analysis/engine/engineFactory';
import type { ClusterSchemas } from '../analysis/engine/engine';
import {
  packageValidatorsDir,
  saveValidatorCodeCaches,
  setShippedValidatorsDir,
  setValidatorCacheDir,
} from '../analysis/validation';
import { checkFile, CheckInput, FileReport, LocalSchemaSources } from './checkFiles';
import { checkInParallel, startCheckWorkers, workerThreadsFor } from './checkParallel';
import { noteBundleWork } from './loadedBundle';
import { redactURL } from '../kube/util/redact';
import { FileReadError, readRegularFile } from '../kube/util/boundedRead';
import { kustomizePatchesNear, walkManifestFiles } from '../analysis/files/manifestFiles';

/** Files each folder's kustomization names as patches (read once per folder and run). */
const patchCache = new Map<string, Set<string>>();
import { invalidUtf8 } from '../kube/util/yamlGuards';

const DEFAULT_KUBE_VERSION = '1.35';
/** A cluster whose OpenAPI root takes longer than this is treated as away (unless --request-timeout says otherwise). */
const CLUSTER_PROBE_TIMEOUT_MS = 10_000;

export const command: Command = {
  name: 'check',
  short: 'Validate Kubernetes manifests the way the API server would (for CI)',
  long:
    'Validate Kubernetes manifests: YAML as the API server reads it, schemas (built-in and CRDs), the\n' +
    "API server's own checks (names, labels, quantities, ports...), CEL rules of CRDs, and deprecated or\n" +
    'removed apiVersions. Prints one line per problem, `file:line:col: message [field]`, and exits 1 on errors.\n\n' +
    'Schemas come from the cluster (--context/--kubeconfig), else --schema-dir, else the upstream OpenAPI of\n' +
    '--kube-version downloaded once into $KUBESENSE_CACHE (default ~/.cache/kubesense). CRDs come from --crd\n' +
    'and from CustomResourceDefinitions among the checked files. Folders are searched for *.yaml, *.yml and\n' +
    '*.json; Helm templates and kustomize files are skipped.',
  usage:
    'PATH... [--schema-dir DIR] [--kube-version 1.35] [--context NAME] [--crd FILE]... [--references] [-o text|json]',
  examples:
    '  # Check a folder against Kubernetes 1.35 schemas in a folder, with extra CRDs\n' +
    '  kubesense check manifests/ --schema-dir openapi-v3/1.35 --crd crds/\n\n' +
    '  # Check against what the current cluster serves\n' +
    '  kubesense check deploy.yaml --context prod',
  flags: [
    {
      name: 'schema-dir',
      kind: 'string',
      description: 'Folder of OpenAPI v3 documents (api/v1.json, apis/<group>/<version>.json)',
      valueName: 'DIR',
    },
    {
      name: 'kube-version',
      kind: 'string',
      description: 'Target Kubernetes version for deprecations and the schema download',
      valueName: 'VERSION',
    },
    {
      name: 'crd',
      kind: 'stringArray',
      description: 'CustomResourceDefinition file or folder (repeatable)',
      valueName: 'PATH',
    },
    { name: 'output', short: 'o', kind: 'string', description: 'Output format: text or json', default: 'text' },
    { name: 'offline', kind: 'bool', description: 'Never download schemas; use only the cache' },
    {
      name: 'ignore-missing-schemas',
      kind: 'bool',
      description: 'Pass even when no schema source is available (only YAML and object structure are checked then)',
    },
    {
      name: 'references',
      kind: 'bool',
      description: 'Also check references between the files (ConfigMaps, Secrets, Services, selectors, ports...)',
    },
  ],
  run,
};

async function run(ctx: CommandContext): Promise<number> {
  const output = String(ctx.flags.values.get('output') ?? 'text');
  if (output !== 'text' && output !== 'json')
    throw new UsageError(
      `unable to match a printer suitable for the output format "${output}", allowed formats are: json,text`,
    );
  if (ctx.args.length === 0) throw new UsageError('at least one PATH is required');
  const resolve = (p: string): string => path.resolve(ctx.io.cwd, p);
  const note = (msg: string): void => void ctx.io.stderr.write(`${msg}\n`);
  // Compiled validators from earlier runs: a fresh process then compiles only kinds it has never seen.
  const validatorCache = path.join(defaultKubesenseCache(ctx.io.env), 'compiled-validators');
  setValidatorCacheDir(validatorCache);
  setDocumentIndexDir(validatorCache);
  setShippedValidatorsDir(packageValidatorsDir());

  const inputs = collectInputs(ctx.args.map(resolve), ctx.args);
  // Read every file once, up front. A file that cannot be read is that file's problem; the others are still checked.
  const texts = new Map<string, string>();
  const unreadable = new Map<string, string>();
  for (const input of inputs) {
    if (input.error) {
      unreadable.set(input.path, input.error);
      continue;
    }
    try {
      const bytes = readRegularFile(input.path);
      const invalid = invalidUtf8(bytes);
      if (invalid.length > 0) input.options = { ...input.options, invalidBytes: invalid };
      texts.set(input.path, bytes.toString('utf8'));
    } catch (e) {
      unreadable.set(input.path, readErrorText(e));
    }
  }
  const jobs = inputs.map((input) => ({ input, text: texts.get(input.path), error: unreadable.get(input.path) }));
  // A large run on a machine with idle cores: worker threads check files too (only local schema sources can be
  // rebuilt in a thread, so not with a cluster; and --references needs every parse here). They start now, loading
  // their code while this thread builds its store. Reports come back in input order: the same output.
  const clusterConfigured = !!(ctx.global.context || ctx.global.kubeconfig);
  const threads = !clusterConfigured && !ctx.flags.values.get('references') ? workerThreadsFor(jobs, ctx.io.env) : 0;
  const started = threads > 0 ? startCheckWorkers(threads, validatorCache) : undefined;
  let built: Awaited<ReturnType<typeof buildStore>>;
  try {
    built = await buildStore(ctx, texts, resolve, note);
  } catch (e) {
    started?.terminate();
    throw e;
  }
  const { store, clusterProblem, unusedCluster, local } = built;
  const schemasInUse = `${store.describeSources()}${unusedCluster ? `; ${unusedCluster}` : ''}`;
  if (started && !local) started.terminate();

  /** The checked files' parses, for --references (keyed by their report's file). */
  const parsed = new Map<string, ManifestFile>();
  const reports: FileReport[] = started && local ? await checkInParallel(jobs, store, local, started) : [];
  // Parses are kept only for --references: kept for the whole run, they would all survive into V8's old generation.
  const keep = !!ctx.flags.values.get('references');
  if (!(started && local))
    for (const j of jobs)
      reports.push(
        await checkFile(j.input, j.text, j.error, store, keep ? (f) => parsed.set(j.input.display, f) : undefined),
      );
  if (ctx.flags.values.get('references')) {
    const found = await referenceDiagnostics(ctx, parsed, !!(ctx.global.context || ctx.global.kubeconfig), note);
    for (const r of reports) r.diagnostics.push(...(found.get(r.file) ?? []));
  }

  const errors = reports.reduce(
    (n, r) => n + (r.error ? 1 : 0) + r.diagnostics.filter((d) => d.severity === 'error').length,
    0,
  );
  const warnings = reports.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === 'warning').length, 0);
  const objects = reports.reduce((n, r) => n + r.objects, 0);
  noteBundleWork(objects);
  if (output === 'json') {
    ctx.io.stdout.write(
      `${JSON.stringify(
        {
          files: reports.map((r) => ({
            file: r.file,
            skipped: r.skipped,
            error: r.error,
            objects: r.objects,
            problems: r.diagnostics.map((d) => ({
              line: d.range.start.line + 1,
              column: d.range.start.character + 1,
              endLine: d.range.end.line + 1,
              endColumn: d.range.end.character + 1,
              severity: d.severity,
              code: d.code,
              field: d.field,
              message: d.message,
              fix: d.fix ? { title: d.fix.title, edits: d.fix.edits } : undefined,
            })),
          })),
          summary: {
            files: reports.length,
            objects,
            errors,
            warnings,
            schemas: store.describeSources(),
            ...(clusterProblem ? { clusterProblem } : {}),
          },
        },
        null,
        2,
      )}\n`,
    );
  } else {
    const infos = new Set<string>();
    for (const r of reports) {
      // No line: the problem is the file itself.
      if (r.error) ctx.io.stdout.write(`${r.file}: ${r.error}\n`);
      for (const d of r.diagnostics) {
        const where = `${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
        if (d.severity === 'information') {
          // Notes (no schema for a CRD, duplicate objects) go to stderr once each; they never fail a build.
          const key = `${d.code}|${d.message}`;
          if (!infos.has(key)) note(`${where}: note: ${d.message}`);
          infos.add(key);
          continue;
        }
        const sev = d.severity === 'warning' ? 'warning: ' : '';
        ctx.io.stdout.write(`${where}: ${sev}${d.message}${d.field ? ` [${d.field}]` : ''}\n`);
      }
    }
    note(
      `${reports.length} file${reports.length === 1 ? '' : 's'}, ${objects} object${objects === 1 ? '' : 's'}: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (schemas: ${schemasInUse})`,
    );
  }
  // After the output: V8's code cache of the validators this run loaded without one, for the next run.
  saveValidatorCodeCaches();
  // As kubeconform: a run that could check nothing against schemas is not a pass in CI, unless asked for.
  const unvalidated = reports.some((r) => r.diagnostics.some((d) => d.code === 'no-schema'));
  if (unvalidated && !ctx.flags.values.get('ignore-missing-schemas')) {
    ctx.io.stderr.write(
      'error: no Kubernetes schemas were available, so no object was validated against one; give --schema-dir, ' +
        '--kube-version (downloaded once, then cached), a reachable cluster (--context), or --ignore-missing-schemas\n',
    );
    return 1;
  }
  return errors > 0 ? 1 : 0;
}

type Input = CheckInput;

/** What `check` says of a file it cannot read, in the system's words (kubectl's for a missing path). */
function readErrorText(e: unknown): string {
  if (e instanceof FileReadError) return e.message;
  switch ((e as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
      return 'not a directory';
    default:
      return (e as Error).message;
  }
}

/** Files to check: named files as given, folders walked (Helm chart templates and VCS folders skipped). */
function collectInputs(paths: string[], shown: string[]): Input[] {
  const out: Input[] = [];
  paths.forEach((p, i) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (e) {
      out.push({ path: p, display: shown[i], explicit: true, options: {}, error: readErrorText(e) });
      return;
    }
    if (!st.isDirectory()) {
      out.push({
        path: p,
        display: shown[i],
        explicit: true,
        options: { kustomizePatch: kustomizePatchesNear(path.dirname(p), patchCache).has(p) },
      });
      return;
    }
    for (const f of walkManifestFiles(p))
      out.push({
        path: f,
        display: path.join(shown[i], path.relative(p, f)),
        explicit: false,
        options: { kustomizePatch: kustomizePatchesNear(path.dirname(f), patchCache).has(f) },
      });
  });
  return out;
}

/**
 * The schema store, built by the language server's engine factory from the flags (the same sources in the same
 * fallback order): the cluster live, else its cached copy, then --schema-dir, then the cached upstream download.
 */
async function buildStore(
  ctx: CommandContext,
  texts: Map<string, string>,
  resolve: (p: string) => string,
  note: (m: string) => void,
): Promise<{ store: SchemaStore; clusterProblem?: string; unusedCluster?: string; local?: LocalSchemaSources }> {
  const kubeVersion = ctx.flags.changed.has('kube-version') ? String(ctx.flags.values.get('kube-version')) : undefined;
  if (kubeVersion !== undefined && !/^v?\d+\.\d+$/.test(kubeVersion))
    throw new UsageError(`invalid --kube-version "${kubeVersion}": expected MAJOR.MINOR such as 1.35`);
  const target = kubeVersion?.replace(/^v/, '');
  const version = target ?? DEFAULT_KUBE_VERSION;

  const clusterConfigured = !!(ctx.global.context || ctx.global.kubeconfig);
  const cluster = clusterConfigured ? await clusterSources(ctx, target, note) : undefined;
  const clusterProblem = cluster?.problem;
  // A cached copy is named in the schema list already; otherwise the summary says why the cluster is absent.
  const unusedCluster = cluster?.problem && !cluster.cached ? cluster.problem : undefined;

  const schemaDir = ctx.flags.values.get('schema-dir');
  const folder = typeof schemaDir === 'string' && schemaDir ? resolve(schemaDir) : '';
  const cache = defaultKubesenseCache(ctx.io.env);
  // Only a run with neither cluster nor folder downloads; a cluster that cannot be read falls back to what is cached.
  if (!clusterConfigured && !folder && !hasUpstreamSchemas(cache, version) && !ctx.flags.values.get('offline')) {
    note(`Downloading the OpenAPI v3 schemas of Kubernetes ${version} into ${upstreamSchemaDir(cache, version)} ...`);
    try {
      await downloadUpstreamSchemas(cache, version);
    } catch (e) {
      const cause = (e as { cause?: { code?: string; message?: string } }).cause;
      const why = `${(e as Error).message}${cause ? `: ${cause.code ?? cause.message}` : ''}`;
      note(`Could not download schemas (${why}); pass --schema-dir or --context.`);
    }
  }

  const crdPaths = ((ctx.flags.values.get('crd') as string[] | undefined) ?? []).map(resolve);
  // CRDs that travel with the manifests (operators' setup folders) validate their custom resources.
  const crdTexts = [...texts].filter(([, text]) => text.includes('CustomResourceDefinition'));
  let crds: CrdSchemaSource;
  try {
    crds = crdPaths.length ? CrdSchemaSource.fromPaths(crdPaths) : new CrdSchemaSource('CRDs among the checked files');
  } catch (e) {
    throw new CommandError((e as Error).message); // a --crd file that cannot be read
  }
  for (const [file, text] of crdTexts) crds.setText(file, text);

  const engine = createEngine(
    { schemaDirectory: folder, kubernetesVersion: version, crds: [] },
    [ctx.io.cwd],
    { info: () => undefined, warn: note, error: note },
    cluster?.schemas,
    {
      cacheRoot: cache,
      crds,
      // Without --kube-version a folder's version comes from its name (…/openapi-v3/1.35).
      folderVersionFromName: target === undefined,
      isolateFailures: false,
      describeFallback: (_cluster, problem) => problem,
      onFolderProblem: (problem) => {
        throw new CommandError(`--schema-dir: ${problem}`);
      },
    },
  );
  if (cluster?.problem) engine.setClusterState(false, cluster.problem);
  const store = engine.store;
  // Worker threads can rebuild only schema folders (and CRDs): not a cluster's source, live or cached.
  const sources = store.getSources().filter((s) => s !== crds);
  const folders = sources.filter((s): s is DirectorySchemaSource => s instanceof DirectorySchemaSource);
  const local: LocalSchemaSources | undefined =
    folders.length === sources.length
      ? {
          folders: folders.map((f) => ({ dir: f.dir, version: f.kubernetesVersion })),
          crdPaths,
          crdTexts,
          fallbackFor: store.fallbackFor,
        }
      : undefined;
  return { store, clusterProblem, unusedCluster, local };
}

/** Why a cached copy stands in, as the summary line's schema list says it. */
const CACHED_BECAUSE: Record<string, string> = {
  unreachable: 'the server could not be reached',
  slow: 'the server did not answer in time',
  forbidden: 'reading its OpenAPI is forbidden',
  'no-openapi-v3': 'it serves no OpenAPI v3',
};

/**
 * The cluster's schemas: live when its OpenAPI root answers (the one request a warm run makes anyway), else its
 * documents cached by an earlier run (when any), with a warning naming the error. Without a cached copy the other
 * sources stand in and `problem` says why the cluster is not used; a certificate failure then stays an error.
 */
async function clusterSources(
  ctx: CommandContext,
  target: string | undefined,
  note: (m: string) => void,
): Promise<{ schemas: ClusterSchemas; problem?: string; cached?: boolean }> {
  const { clientFactory } = await import('./factory');
  const { OpenAPIV3Client } = await import('../kube/openapi');
  const { getDefaultRequestLogger } = await import('../kube/rest/logging');
  const factory = await clientFactory(ctx);
  const config = factory.restConfig();
  const cacheDir = factory.cacheDir();
  const server = redactURL(config.host);
  // The last failure of the root request: said when the client falls back to its disk cache (a TLS error too).
  let rootError: string | undefined;
  const client = new OpenAPIV3Client(config, {
    cacheDir,
    logger: (e) => {
      if (/\/openapi\/v3(\?|$)/.test(e.url)) rootError = e.error;
      getDefaultRequestLogger()?.(e);
    },
  });
  const probe = await client.probe(config.timeout && config.timeout > 0 ? config.timeout : CLUSTER_PROBE_TIMEOUT_MS);
  if (probe.state === 'failed')
    throw new CommandError(`cannot read the OpenAPI v3 schemas of ${server}: ${probe.reason}`);
  // Discovery says the kinds' scopes (a cluster-scoped kind's namespace is dropped, never invalid).
  const scopes = async (signal?: AbortSignal) =>
    (await import('../kube/discovery')).kindScopes(factory.discovery(), signal);
  const live = (version?: string): ClusterSchemas['schemaSource'] =>
    clusterSchemaSource(client, `cluster ${server}`, version, scopes);
  if (probe.state !== 'live') {
    const reason =
      probe.state === 'unreachable' ? `cannot reach ${server}${rootError ? ` (${rootError})` : ''}` : probe.reason;
    const problem = `cluster ${server} not used: ${probe.state}: ${probe.state === 'unreachable' ? (rootError ?? probe.reason) : probe.reason}`;
    const cached = new OpenAPIV3Client(config, { cacheDir, cacheOnly: true });
    if (!cached.hasCachedRoot()) {
      note(`warning: ${reason}; using the other schema sources`);
      return { schemas: { schemaSource: live(target), cachedSchemaSource: () => undefined }, problem };
    }
    note(`warning: ${reason}; using its OpenAPI schemas cached by an earlier run in ${cached.cacheDirectory}`);
    const name = `cluster ${server} (cached copy: ${CACHED_BECAUSE[probe.state] ?? probe.reason})`;
    const copy = clusterSchemaSource(cached, name, target, scopes);
    return { schemas: { schemaSource: live(target), cachedSchemaSource: () => copy }, problem, cached: true };
  }
  let version = target;
  if (!version) {
    try {
      version = minorVersionOf((await factory.discovery().serverVersion()).gitVersion);
    } catch {
      // The version only sharpens deprecation messages; the schemas themselves say what is served.
    }
  }
  return { schemas: { schemaSource: live(version), cachedSchemaSource: () => undefined } };
}
