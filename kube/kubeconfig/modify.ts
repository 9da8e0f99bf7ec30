// Writing kubeconfig changes the way kubectl decides where they go (client-go clientcmd/config.go ModifyConfig):
// the current-context goes to the explicit file, else the default file (the only $KUBECONFIG file, or the first
// that exists, or the last listed), else ~/.kube/config; a changed context goes back to the file that defined it.
// Every file of the precedence list is locked with client-go's `<file>.lock` (sorted, so two writers cannot
// deadlock; a held lock is waited for, a stale one reported). Unlike kubectl, which re-serializes the whole file, only the changed bytes are edited in place
// (yamlEdit.ts), so comments, key order, spacing and unknown fields survive; the write is atomic with mode 0600.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as YAML from 'yaml';
import { KubeconfigLoadError, LoadOptions, LoadedConfig, loadKubeconfig, loadingPrecedence } from './loader';
import { newConfig } from './types';
import { printConfig } from './view';
import { SourceEditor, yamlScalar } from './yamlEdit';

/** Where to write: the options used to load, or a LoadedConfig (its options are reused). */
export type ConfigSource = LoadOptions | LoadedConfig;

function optionsOf(src: ConfigSource): LoadOptions {
  return 'config' in src && 'options' in src ? src.options : (src as LoadOptions);
}

/** kubectl's GetStartingConfig: paths unresolved, and a missing --kubeconfig file reads as an empty config. */
export function startingConfig(opts: LoadOptions): LoadedConfig {
  try {
    return loadKubeconfig({ ...opts, resolvePaths: false });
  } catch (e) {
    if (e instanceof KubeconfigLoadError && e.notExist) {
      const cwd = opts.cwd ?? process.cwd();
      const p = loadingPrecedence(opts);
      return {
        config: newConfig(),
        explicitPath: p.explicitPath,
        precedence: p.precedence,
        watchPaths: p.precedence.map((f) => path.resolve(cwd, f)),
        loadedFiles: [],
        missingFiles: p.precedence,
        defaultFilename: p.explicitPath,
        cwd,
        options: opts,
      };
    }
    throw e;
  }
}

/** How long a writer waits for another one's lock: writers hold it for milliseconds, so this is generous. */
export const LOCK_WAIT_MS = 10_000;
/** A lock older than this was left behind: no writer holds one for so long. */
export const LOCK_STALE_MS = 60_000;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Why a lock file was left behind by a writer that is gone, or undefined while it may still be held. */
function staleLockReason(lock: string): string | undefined {
  let owner: { pid: number; host: string } | undefined;
  try {
    const m = /^(\d+) (\S+)/.exec(fs.readFileSync(lock, 'utf8'));
    if (m) owner = { pid: Number(m[1]), host: m[2] };
  } catch {
    // kubectl's lock files are empty (and mode 0); only their age tells.
  }
  if (owner && owner.host === os.hostname()) {
    try {
      process.kill(owner.pid, 0);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ESRCH') return `its owner, process ${owner.pid}, is no longer running`;
    }
  }
  try {
    const age = Date.now() - fs.statSync(lock).mtimeMs;
    if (age > LOCK_STALE_MS) return `it was created ${Math.round(age / 1000)}s ago`;
  } catch {
    // Gone meanwhile: not stale, the next attempt takes it.
  }
  return undefined;
}

/** Which lock file this is (a new holder makes a new file: another inode, time or owner line). */
function lockHolder(lock: string): string {
  try {
    const st = fs.statSync(lock);
    let owner = '';
    try {
      owner = fs.readFileSync(lock, 'utf8');
    } catch {
      // kubectl's locks are mode 0: their inode and time tell them apart.
    }
    return `${st.ino}:${st.mtimeMs}:${owner}`;
  } catch {
    return '';
  }
}

/**
 * Takes client-go's `<file>.lock` (O_EXCL create). Unlike client-go, which fails at once with "file exists", a
 * held lock is waited for (bounded, with jittered backoff) so concurrent writers take turns, and a lock left by a
 * killed writer is reported as stale with the command that clears it. The lock records "pid host" so a dead
 * owner is recognised at once; kubectl's empty locks are judged by age.
 */
function acquireLock(file: string, lock: string, waitMs: number): void {
  // The wait is per holder: while writers keep taking turns the queue is moving, however long it is.
  let deadline = Date.now() + waitMs;
  let holder = '';
  let delay = 4;
  for (;;) {
    try {
      const fd = fs.openSync(lock, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600);
      try {
        fs.writeSync(fd, `${process.pid} ${os.hostname()}\n`);
      } finally {
        fs.closeSync(fd);
      }
      return;
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      if (err.code !== 'EEXIST') throw new Error(`open ${file}.lock: ${err.message}`);
    }
    const seen = lockHolder(lock);
    if (seen !== holder) {
      holder = seen;
      deadline = Date.now() + waitMs;
    }
    const stale = staleLockReason(lock);
    if (stale)
      throw new Error(
        `open ${file}.lock: file exists: the lock is stale (${stale}); if no kubectl or kubesense is changing this kubeconfig, delete it: rm ${JSON.stringify(lock)}`,
      );
    if (Date.now() >= deadline)
      throw new Error(
        `open ${file}.lock: file exists: another writer has held it for over ${Math.round(waitMs / 1000)}s; if none is running, delete it: rm ${JSON.stringify(lock)}`,
      );
    sleepSync(Math.min(delay * (0.5 + Math.random()), Math.max(1, deadline - Date.now())));
    delay = Math.min(delay * 2, 100);
  }
}

/** Holds client-go's `<file>.lock` files for the duration of `fn` (waiting up to `waitMs` for each). */
export function withConfigLocks<T>(files: string[], cwd: string, fn: () => T, waitMs = LOCK_WAIT_MS): T {
  const sorted = [...files].filter((f) => f).sort();
  const held: string[] = [];
  try {
    for (const f of sorted) {
      const abs = path.resolve(cwd, f);
      fs.mkdirSync(path.dirname(abs), { recursive: true, mode: 0o755 });
      acquireLock(f, abs + '.lock', waitMs);
      held.push(abs + '.lock');
    }
    return fn();
  } finally {
    for (const l of held) fs.rmSync(l, { force: true });
  }
}

/** Writes `content` to `file` atomically (temp file + rename in the same directory), mode 0600; follows symlinks. */
export function writeFileAtomic(file: string, content: string): void {
  let target = file;
  try {
    target = fs.realpathSync(file);
  } catch {
    // New file: write where asked.
  }
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.renameSync(tmp, target);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
}

/**
 * Applies a change to one kubeconfig file: surgically on the source text when the shapes allow it (every other
 * byte kept), else through the Document API (comments and order kept, spacing normalized).
 */
function editFile(
  file: string,
  cwd: string,
  surgical: (ed: SourceEditor) => boolean,
  fallback: (doc: YAML.Document) => void,
): void {
  const abs = path.resolve(cwd, file);
  let text: string | undefined;
  try {
    text = fs.readFileSync(abs, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text === undefined || text.trim() === '' || /^(\s*(#.*)?\n)*\s*(---\s*)?(#.*)?\s*$/.test(text)) {
    // kubectl creates files in its canonical form; do the same.
    const doc = new YAML.Document(YAML.parse(printConfig(newConfig(), 'yaml')), { version: '1.1' });
    fallback(doc);
    writeFileAtomic(abs, doc.toString({ lineWidth: 0 }));
    return;
  }
  if (/^\s*\{/.test(text)) {
    // JSON kubeconfig: keep it JSON.
    const doc = new YAML.Document(JSON.parse(text), { version: '1.1' });
    fallback(doc);
    writeFileAtomic(abs, JSON.stringify(doc.toJS(), null, 2) + '\n');
    return;
  }
  const ed = new SourceEditor(text);
  if (!ed.ok)
    throw new Error(`error loading config file "${file}": ${ed.doc.errors[0].code.toLowerCase().replace(/_/g, ' ')}`);
  if (ed.root() && surgical(ed)) {
    writeFileAtomic(abs, ed.apply());
    return;
  }
  const doc = YAML.parseDocument(text, { version: '1.1' });
  fallback(doc);
  writeFileAtomic(abs, doc.toString({ lineWidth: 0 }));
}

function seqItems(doc: YAML.Document, key: string): YAML.YAMLSeq {
  let seq = doc.get(key, true);
  if (!YAML.isSeq(seq)) {
    seq = doc.createNode([]) as YAML.YAMLSeq;
    doc.set(key, seq);
  }
  return seq as YAML.YAMLSeq;
}

/** The `context:` map of the first `contexts` entry named `name` (first wins, as the loader's merge does). */
function findContextMap(doc: YAML.Document, name: string, create = true): YAML.YAMLMap | undefined {
  const seq = doc.get('contexts', true);
  if (!YAML.isSeq(seq)) return undefined;
  for (const item of seq.items) {
    if (YAML.isMap(item) && String(item.get('name')) === name) {
      const ctx: unknown = item.get('context', true);
      if (YAML.isMap(ctx)) return ctx;
      if (!create) return undefined;
      const created = doc.createNode({}) as YAML.YAMLMap;
      item.set('context', created);
      return created;
    }
  }
  return undefined;
}

export interface WriteResult {
  /** The file written ('' if nothing needed writing). */
  file: string;
}

/** `kubectl config use-context NAME`. */
export function useContext(src: ConfigSource, name: string): WriteResult {
  const opts = optionsOf(src);
  const start = startingConfig(opts);
  if (!name) throw new Error('empty context names are not allowed');
  if (!start.config.contexts.has(name)) throw new Error(`no context exists with the name: ${JSON.stringify(name)}`);
  const cwd = start.cwd;
  return withConfigLocks(start.precedence, cwd, () => {
    const now = startingConfig(opts);
    if (now.config.currentContext === name) return { file: '' };
    const file = now.explicitPath || now.defaultFilename;
    editFile(
      file,
      cwd,
      (ed) => ed.setScalar(ed.root()!, 'current-context', name),
      (doc) => doc.set('current-context', name),
    );
    return { file };
  });
}

export interface SetContextChange {
  /** Context name, or undefined with `current: true`. */
  name?: string;
  current?: boolean;
  namespace?: string;
  cluster?: string;
  user?: string;
}

/** `kubectl config set-context [NAME | --current] [--namespace=…] [--cluster=…] [--user=…]`. */
export function setContext(
  src: ConfigSource,
  change: SetContextChange,
): { name: string; existed: boolean; file: string } {
  const opts = optionsOf(src);
  if (!change.name && !change.current) throw new Error('you must specify a non-empty context name or --current');
  if (change.name && change.current) throw new Error('you cannot specify both a context name and --current');
  const start = startingConfig(opts);
  let name = change.name ?? '';
  if (change.current) {
    if (!start.config.currentContext) throw new Error('no current context is set');
    name = start.config.currentContext;
  }
  const existing = start.config.contexts.get(name);
  const cwd = start.cwd;
  return withConfigLocks(start.precedence, cwd, () => {
    const now = startingConfig(opts).config.contexts.get(name);
    const same =
      now !== undefined &&
      (change.namespace === undefined || change.namespace === now.namespace) &&
      (change.cluster === undefined || change.cluster === now.cluster) &&
      (change.user === undefined || change.user === now.authInfo);
    if (same) return { name, existed: true, file: '' };
    const file = now?.locationOfOrigin || start.defaultFilename;
    const fields: [string, string | undefined][] = [
      ['cluster', change.cluster],
      ['user', change.user],
      ['namespace', change.namespace],
    ];
    editFile(
      file,
      cwd,
      (ed) => {
        const ctx = findContextMap(ed.doc, name, false);
        if (ctx) {
          return fields.every(
            ([k, v]) =>
              v === undefined || (v === '' && k === 'namespace' ? ed.deleteKey(ctx, k) : ed.setScalar(ctx, k, v)),
          );
        }
        if (
          findContextMap(ed.doc, name, false) === undefined &&
          ed.doc.get('contexts', true) &&
          YAML.isSeq(ed.doc.get('contexts', true))
        ) {
          const values: Record<string, string> = { cluster: change.cluster ?? '', user: change.user ?? '' };
          if (change.namespace) values.namespace = change.namespace;
          const entries = Object.entries(values);
          const block = [
            `name: ${yamlScalar(name)}`,
            'context:',
            ...entries.map(([k, v]) => `  ${k}: ${v === '' ? '""' : yamlScalar(v)}`),
          ];
          const flow = `{name: ${yamlScalar(name)}, context: {${entries.map(([k, v]) => `${k}: ${v === '' ? '""' : yamlScalar(v)}`).join(', ')}}}`;
          return ed.appendToSeq(ed.doc.get('contexts', true) as YAML.YAMLSeq, block, flow);
        }
        return false;
      },
      (doc) => {
        let ctx = findContextMap(doc, name);
        if (!ctx) {
          const item = doc.createNode({ name, context: { cluster: '', user: '' } }) as YAML.YAMLMap;
          seqItems(doc, 'contexts').items.push(item);
          ctx = item.get('context', true) as unknown as YAML.YAMLMap;
        }
        for (const [k, v] of fields) {
          if (v === undefined) continue;
          if (v === '' && k === 'namespace') ctx.delete(k);
          else ctx.set(k, v);
        }
      },
    );
    return { name, existed: existing !== undefined, file };
  });
}

/** Convenience for editors: `set-context --current --namespace ns`. */
export function setContextNamespace(src: ConfigSource, contextName: string | undefined, namespace: string) {
  return setContext(src, contextName ? { name: contextName, namespace } : { current: true, namespace });
}
