// Which kubeconfig files are read and how they merge (client-go clientcmd/loader.go):
// --kubeconfig alone (never merged), else every file in $KUBECONFIG (deduplicated, order kept), else
// ~/.kube/config. Missing files are skipped; unreadable or unparsable ones are reported with the file named.
// The first file to define a cluster, user or context wins the whole entry; the first non-empty
// current-context wins; preferences.colors is set if any file sets it; extensions merge by name, first wins.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeConfig } from './codec';
import { readRegularFile } from '../util/boundedRead';
import type { AuthInfo, Cluster, Config } from './types';
import { newConfig } from './types';

export interface LoadOptions {
  /** `--kubeconfig`: loaded alone; a missing file is an error (`stat …: no such file or directory`). */
  explicitPath?: string;
  /** Environment to read KUBECONFIG and HOME from (default process.env). */
  env?: NodeJS.ProcessEnv;
  /** Home directory (default env.HOME, as client-go's homedir on Unix). */
  home?: string;
  /** Directory relative file names are opened from (default process.cwd()). */
  cwd?: string;
  /**
   * Resolve relative file references against the defining file's directory (default true, as client-go's
   * ClientConfig does). kubectl's `config` commands turn this off so `config view` shows what files say.
   */
  resolvePaths?: boolean;
}

/** Merged kubeconfig plus where it came from (for editors: which files to watch, which file defines what). */
export interface LoadedConfig {
  config: Config;
  /** '' unless --kubeconfig was given. */
  explicitPath: string;
  /** The files considered, in precedence order, spelled as configured (GetLoadingPrecedence). */
  precedence: string[];
  /** Absolute paths of `precedence` — watch these (including ones that do not exist yet). */
  watchPaths: string[];
  /** Files that existed and parsed, in precedence order. */
  loadedFiles: string[];
  /** Files in the precedence list that did not exist. */
  missingFiles: string[];
  /** Where kubectl writes a new stanza or current-context (PathOptions.GetDefaultFilename). */
  defaultFilename: string;
  /** Directory used to open relative names. */
  cwd: string;
  /** The options this was loaded with (writers reload with them). */
  options: LoadOptions;
}

/** A load failure: the message is kubectl's (`error loading config file "…": …`). */
export class KubeconfigLoadError extends Error {
  constructor(
    message: string,
    /** True for a missing --kubeconfig file (kubectl's config commands then act on an empty config). */
    readonly notExist = false,
    /** Each file's error when several failed (kubectl prints them one per line). */
    readonly errors: string[] = [message],
  ) {
    super(message);
    this.name = 'KubeconfigLoadError';
  }
}

/** filepath.SplitList on Unix (':'), Windows (';'). */
export function splitPathList(value: string): string[] {
  if (value === '') return [];
  return value.split(path.delimiter);
}

/** client-go's deduplicate: exact string duplicates collapse, first position kept. */
export function deduplicate(list: string[]): string[] {
  return [...new Set(list)];
}

export interface Precedence {
  explicitPath: string;
  envFiles: string[];
  globalFile: string;
  precedence: string[];
}

export function loadingPrecedence(opts: LoadOptions = {}): Precedence {
  const env = opts.env ?? process.env;
  const home = opts.home ?? env.HOME ?? '';
  const globalFile = path.join(home, '.kube', 'config');
  const explicitPath = opts.explicitPath ?? '';
  const envFiles = deduplicate(splitPathList(env.KUBECONFIG ?? ''));
  const precedence = explicitPath ? [explicitPath] : envFiles.length > 0 ? envFiles : [globalFile];
  return { explicitPath, envFiles, globalFile, precedence };
}

function errnoMessage(e: NodeJS.ErrnoException, op: string, name: string): string {
  switch (e.code) {
    case 'ENOENT':
      return `${op} ${name}: no such file or directory`;
    case 'EACCES':
      return `${op} ${name}: permission denied`;
    case 'EISDIR':
      return `read ${name}: is a directory`;
    case 'ENOTDIR':
      return `${op} ${name}: not a directory`;
    case 'ELOOP':
      return `${op} ${name}: too many levels of symbolic links`;
    case 'ENOTREG': // a FIFO or device: kubectl would wait on it forever
    case 'EFBIG':
      return `read ${name}: ${e.message}`;
    default:
      return `${op} ${name}: ${e.message}`;
  }
}

/** Reads and decodes one kubeconfig file, stamping each entry with its origin. ENOENT → undefined. */
export function loadFromFile(filename: string, cwd: string = process.cwd()): Config | undefined {
  let data: Buffer;
  try {
    data = readRegularFile(path.resolve(cwd, filename));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT' || err.code === 'ENOTDIR') return undefined;
    throw new KubeconfigLoadError(`error loading config file "${filename}": ${errnoMessage(err, 'open', filename)}`);
  }
  let config: Config;
  try {
    config = decodeConfig(data);
  } catch (e) {
    throw new KubeconfigLoadError(`error loading config file "${filename}": ${(e as Error).message}`);
  }
  for (const m of [config.clusters, config.authInfos, config.contexts] as Map<string, { locationOfOrigin: string }>[]) {
    for (const entry of m.values()) entry.locationOfOrigin = filename;
  }
  return config;
}

/** client-go's migration rule: ~/.kube/.kubeconfig is copied to ~/.kube/config if only the old one exists. */
function migrate(globalFile: string, home: string) {
  const old = path.join(home, '.kube', '.kubeconfig');
  try {
    fs.statSync(globalFile);
    return;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return;
  }
  try {
    const st = fs.statSync(old);
    if (st.isDirectory())
      throw new KubeconfigLoadError(`cannot migrate ${old} to ${globalFile} because it is a directory`);
    fs.writeFileSync(globalFile, fs.readFileSync(old), { mode: 0o600 });
  } catch (e) {
    if (e instanceof KubeconfigLoadError) throw e;
  }
}

function mergeFirstWins<T>(into: Map<string, T>, from: Map<string, T>) {
  for (const [k, v] of from) if (!into.has(k)) into.set(k, v);
}

/** The merge of several files' configs with client-go's rules (first file listed has priority). */
export function mergeConfigs(configs: Config[]): Config {
  const out = newConfig();
  for (const c of configs) {
    mergeFirstWins(out.clusters, c.clusters);
    mergeFirstWins(out.authInfos, c.authInfos);
    mergeFirstWins(out.contexts, c.contexts);
    mergeFirstWins(out.extensions, c.extensions);
    mergeFirstWins(out.preferences.extensions, c.preferences.extensions);
    if (!out.currentContext && c.currentContext) out.currentContext = c.currentContext;
    if (c.preferences.colors) out.preferences.colors = true;
  }
  return out;
}

/** Go's filepath.Join(base, p) unless p is empty or absolute. */
function resolveRef(p: string, base: string): string {
  return p && !path.isAbsolute(p) ? path.join(base, p) : p;
}

export function resolveClusterPaths(c: Cluster, cwd: string) {
  if (!c.locationOfOrigin) return;
  const base = path.resolve(cwd, path.dirname(c.locationOfOrigin));
  c.certificateAuthority = resolveRef(c.certificateAuthority, base);
}

export function resolveAuthInfoPaths(a: AuthInfo, cwd: string) {
  if (!a.locationOfOrigin) return;
  const base = path.resolve(cwd, path.dirname(a.locationOfOrigin));
  a.clientCertificate = resolveRef(a.clientCertificate, base);
  a.clientKey = resolveRef(a.clientKey, base);
  a.tokenFile = resolveRef(a.tokenFile, base);
  // Only an exec command with a path separator is file-relative; a bare name is looked up on PATH.
  if (a.exec && a.exec.command.includes(path.sep)) a.exec.command = resolveRef(a.exec.command, base);
}

/** Where kubectl writes a new stanza or the current-context (client-go PathOptions.GetDefaultFilename). */
function defaultFilename(p: Precedence, cwd: string): string {
  if (p.explicitPath) return p.explicitPath;
  if (p.envFiles.length > 0) {
    if (p.envFiles.length === 1) return p.envFiles[0];
    for (const f of p.envFiles) if (fs.existsSync(path.resolve(cwd, f))) return f;
    return p.envFiles[p.envFiles.length - 1];
  }
  return p.globalFile;
}

/**
 * Loads and merges kubeconfig files exactly as kubectl does. Throws KubeconfigLoadError; when several files fail,
 * the message lists them all as Go's error aggregate does (`[a, b]`).
 */
export function loadKubeconfig(opts: LoadOptions = {}): LoadedConfig {
  const cwd = opts.cwd ?? process.cwd();
  const env = opts.env ?? process.env;
  const home = opts.home ?? env.HOME ?? '';
  const p = loadingPrecedence({ ...opts, env, home });
  if (home) migrate(p.globalFile, home);

  // client-go: os.Stat and IsNotExist. A symlink loop is not "missing": its open fails below with ELOOP, as kubectl's.
  const statError = p.explicitPath ? statErrorCode(path.resolve(cwd, p.explicitPath)) : undefined;
  if (statError !== undefined && statError !== 'ELOOP') {
    throw new KubeconfigLoadError(`stat ${p.explicitPath}: no such file or directory`, true);
  }
  const configs: Config[] = [];
  const loadedFiles: string[] = [];
  const missingFiles: string[] = [];
  const errors: string[] = [];
  for (const filename of p.precedence) {
    if (!filename) continue;
    try {
      const c = loadFromFile(filename, cwd);
      if (!c) {
        missingFiles.push(filename);
        continue;
      }
      configs.push(c);
      loadedFiles.push(filename);
    } catch (e) {
      if (!(e instanceof KubeconfigLoadError)) throw e;
      errors.push(e.message);
    }
  }
  const config = mergeConfigs(configs);
  if (opts.resolvePaths !== false) {
    for (const c of config.clusters.values()) resolveClusterPaths(c, cwd);
    for (const a of config.authInfos.values()) resolveAuthInfoPaths(a, cwd);
  }
  if (errors.length > 0) throw new KubeconfigLoadError(aggregate(errors), false, [...new Set(errors)]);
  return {
    config,
    explicitPath: p.explicitPath,
    precedence: p.precedence,
    watchPaths: p.precedence.filter((f) => f).map((f) => path.resolve(cwd, f)),
    loadedFiles,
    missingFiles,
    defaultFilename: defaultFilename(p, cwd),
    cwd,
    options: { ...opts, env, home, cwd },
  };
}

function statErrorCode(file: string): string | undefined {
  try {
    fs.statSync(file);
    return undefined;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code;
  }
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several deduplicated inside brackets. */
export function aggregate(messages: string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** Absolute paths an editor should watch (every file that could be loaded, existing or not), without loading. */
export function kubeconfigWatchPaths(opts: LoadOptions = {}): string[] {
  const cwd = opts.cwd ?? process.cwd();
  return loadingPrecedence(opts)
    .precedence.filter((f) => f)
    .map((f) => path.resolve(cwd, f));
}
