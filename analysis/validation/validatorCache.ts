// Compiled validators cached on disk, so a fresh process (`kubesense check`, a language server's cold start) loads
// a kind's validator instead of compiling its schema again (ajv's compile was a quarter of a `check` run and most
// of a cold open). An entry is ajv's standalone code of one kind's validator, keyed by a hash of everything that
// code is generated from: the translated definitions reachable from the kind, the kind, ajv's version and options
// and the shape of each format. Entries are written atomically (temp file + rename) with private permissions, and
// checked on every read (key, hash of the code, owner, mode); anything else is ignored and compiled again.
// The package also ships entries, read-only (shipValidators.ts makes them at build time for the built-in kinds of
// the fallback Kubernetes version): a first start, or the first after an upgrade, loads those instead of compiling.
// Finding a key translates and hashes the definitions a kind reaches (20–40 ms for the bench's 17 kinds), so a kind's key
// is also remembered under a document key: the hash of the schema document's bytes, the kind and the code's own
// hash (the CLI bundle's); a later run of the same build on the same bytes reads it and translates nothing.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Format, ValidateFunction } from 'ajv';
import * as equal from 'ajv/dist/runtime/equal';
import * as ucs2length from 'ajv/dist/runtime/ucs2length';
import { version as ajvVersion } from 'ajv/package.json';
import { writeFileAtomic } from '../../kube/discovery/disk';
import { kubesensePackageRoot } from '../../kube/rest/version';
import { CODE_CACHE_SUFFIX, compileWithCodeCache, validatorCodeCacheFile } from './validatorCodeCache';
import * as re2 from './re2';
import { DOCUMENT_INDEX_SUFFIX } from '../schema/documentIndex';
import { FILE_HASH_SUFFIX, rememberedSha256 } from '../schema/fileHash';
import { readTrustedFile, readTrustedFileWithStat } from '../schema/trustedFile';

export { readTrustedFile };

/**
 * Bump when the way entries are made or read changes (3: `$ref` calls rewritten, standalonePaths.ts; 4: unused
 * schema constants dropped, standaloneSchemas.ts).
 */
const ENTRY_FORMAT = 'kubesense-validator-4';
const HEADER = /^\/\/ (\S+) ([0-9a-f]{64}) ([0-9a-f]{64})\n/;
/** Entries unused this long are removed (a schema that changed leaves its old entries behind). */
const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/** The ajv runtime helpers standalone code may `require`; code needing any other one is not cached. */
const RUNTIME: Record<string, unknown> = {
  'ajv/dist/runtime/equal': equal,
  'ajv/dist/runtime/ucs2length': ucs2length,
  'kubesense/re2': re2,
};

let cacheDir: string | undefined;
let shippedDir: string | undefined;

// The command line's bundle carries the SHA-256 of its own code (cli/bundle.mjs): what a kind's key is computed
// from a schema document by. Elsewhere (tsc output, tests) it is undefined until set, and no document keys are used.
declare const KUBESENSE_BUNDLE_ID: string | undefined;
let codeIdentity: string | undefined = typeof KUBESENSE_BUNDLE_ID === 'string' ? KUBESENSE_BUNDLE_ID : undefined;

/** Where validators are cached (`<KUBESENSE_CACHE>/validators`); undefined (the default) compiles every time. */
export function setValidatorCacheDir(dir: string | undefined): void {
  cacheDir = dir;
}

export function validatorCacheDir(): string | undefined {
  return cacheDir;
}

/**
 * The identity of the code that turns a schema document into a kind's entry key (translation, reachability, the
 * enum tables): document keys are made only with one, so another build never trusts this build's document keys.
 */
export function setValidatorCodeIdentity(id: string | undefined): void {
  codeIdentity = id;
}

/** Where the package's read-only entries are (`dist/compiled-validators`); undefined (the default) uses none. */
export function setShippedValidatorsDir(dir: string | undefined): void {
  shippedDir = dir;
}

export function shippedValidatorsDir(): string | undefined {
  return shippedDir;
}

/** Where the package keeps its shipped entries: `<package>/dist/compiled-validators` (`npm run build` makes them). */
export function packageValidatorsDir(): string | undefined {
  const root = kubesensePackageRoot();
  return root && path.join(root, 'dist', 'compiled-validators');
}

/**
 * Hash of what every entry's code depends on besides its definitions and kind: the entry format, ajv's version and
 * options, the shape of each format. Part of every key.
 */
export function generatorHash(ajvOptions: unknown, formats: Record<string, Format>): string {
  const shapes = Object.entries(formats).map(([name, f]) => `${name}:${formatShape(f)}`);
  return crypto
    .createHash('sha256')
    .update(`${ENTRY_FORMAT}\0${ajvVersion}\0${JSON.stringify(ajvOptions)}\0${shapes.join(',')}\0`)
    .digest('hex');
}

/** Hash of one translated definition (its JSON text, key order included: it decides the order of the errors). */
export function definitionHash(definition: unknown): string {
  return crypto.createHash('sha256').update(JSON.stringify(definition)).digest('hex');
}

/** What of a format the generated code depends on: its kind, and the type a {type, validate} format applies to. */
function formatShape(f: Format): string {
  if (f instanceof RegExp) return `regexp:${String(f)}`;
  if (typeof f !== 'object') return typeof f === 'string' ? `string:${f}` : typeof f;
  return `definition:${f.type ?? ''}:${f.async ? 'async' : 'sync'}:${f.validate instanceof RegExp ? String(f.validate) : typeof f.validate}`;
}

/**
 * The key of one kind's validator: the generator, the kind, and the definitions its code is generated from — the
 * ones reachable from the kind (ajv compiles only those), each by name and hash. A change in a definition the kind
 * does not reach leaves its key alone.
 */
export function entryKey(generator: string, schemaName: string, reachable: [name: string, hash: string][]): string {
  const h = crypto.createHash('sha256').update(`${generator}\0${schemaName}\0`);
  for (const [name, hash] of reachable) h.update(`${name}\0${hash}\0`);
  return h.digest('hex');
}

function entryFile(dir: string, key: string): string {
  return path.join(dir, `${key}.js`);
}

const DOCUMENT_KEY_SUFFIX = '.doc';
/** A document key's file: its own key (a file renamed or copied from another kind's is ignored), then the entry's. */
const DOCUMENT_KEY_TEXT = /^([0-9a-f]{64}) ([0-9a-f]{64})\n$/;

/**
 * The key by which a kind's entry key is remembered for a schema document (documentIdentity.ts: the hash of its
 * bytes), so a later run finds the entry without translating and hashing the definitions the kind reaches. It
 * holds everything the entry key is computed from besides those bytes: this code (validatorCodeIdentity), the
 * generator, the kind and whether it is a custom resource. Undefined without a code identity.
 */
export function documentKey(
  generator: string,
  document: string,
  schemaName: string,
  customResource: boolean,
): string | undefined {
  if (codeIdentity === undefined) return undefined;
  return crypto
    .createHash('sha256')
    .update(`${DOCUMENT_KEY_SUFFIX}\0${codeIdentity}\0${generator}\0${document}\0${schemaName}\0${customResource}\0`)
    .digest('hex');
}

/** The entry key remembered under a document key (a private file of ours, like the entries), if any. */
export function readDocumentKey(dir: string, documentKey: string): string | undefined {
  const bytes = readTrustedFile(path.join(dir, `${documentKey}${DOCUMENT_KEY_SUFFIX}`), false, true);
  const text = bytes ? DOCUMENT_KEY_TEXT.exec(bytes.toString('latin1')) : null;
  return text?.[1] === documentKey ? text[2] : undefined;
}

/** Remember an entry key under a document key (atomically, privately; trouble only costs the speed-up). */
export function writeDocumentKey(dir: string, documentKey: string, entryKey: string): void {
  try {
    writeFileAtomic(
      path.join(dir, `${documentKey}${DOCUMENT_KEY_SUFFIX}`),
      `${documentKey} ${entryKey}\n`,
      0o600,
      0o700,
    );
  } catch {
    // no document key this time
  }
}

/**
 * The cached validator of key, or undefined when there is none or it cannot be trusted. A shipped entry is the
 * package's own (installed by root, or by the user): it may belong to either, and is never touched. With a user
 * cache folder, V8's code cache of the entry is read from (and later saved into) it (validatorCodeCache.ts).
 */
export function readCachedValidator(
  dir: string,
  key: string,
  formats: Record<string, Format>,
  shipped = false,
): ValidateFunction | undefined {
  const file = entryFile(dir, key);
  const read = readTrustedFileWithStat(file, shipped, !shipped);
  if (!read) return undefined;
  const { bytes, stat } = read;
  const header = HEADER.exec(bytes.toString('latin1', 0, HEADER_MAX_BYTES));
  if (!header || header[1] !== ENTRY_FORMAT || header[2] !== key) return undefined;
  // The header is ASCII: its length in characters is its length in bytes. The code's hash is remembered under the
  // file's identity (fileHash.ts) in the user's cache: a kind's code is up to ~0.5 MB, ~1 ms of SHA-256 each run.
  const from = header[0].length;
  const hash = rememberedSha256(bytes, stat, cacheDir, from);
  if (hash !== header[3]) return undefined; // truncated or altered
  const code = bytes.toString('utf8', from);
  const codeCache = cacheDir ? validatorCodeCacheFile(cacheDir, key, header[3]) : undefined;
  try {
    return evaluateStandalone(code, formats, file, codeCache);
  } catch {
    return undefined;
  }
}

/**
 * Run ajv's standalone (CommonJS) code and return its validator. Throws when the code is not usable. With
 * codeCache (a file of validatorCodeCache.ts), V8's cached compilation is used when it is there and accepted.
 */
export function evaluateStandalone(
  code: string,
  formats: Record<string, Format>,
  filename: string,
  codeCache?: string,
): ValidateFunction {
  const cache = codeCache ? readTrustedFileWithStat(codeCache, false, true) : undefined;
  const wrapper = compileWithCodeCache(
    `(function (module, exports, require, formats) {${code}\n})`,
    filename,
    codeCache,
    cache?.bytes,
    cache?.stat,
  );
  const load = wrapper.runInThisContext() as (
    module: { exports: unknown },
    exports: unknown,
    require: (id: string) => unknown,
    formats: Record<string, Format>,
  ) => void;
  const mod: { exports: unknown } = { exports: {} };
  load(mod, mod.exports, runtimeRequire, formats);
  if (typeof mod.exports !== 'function') throw new Error('standalone code exports no validator');
  return mod.exports as ValidateFunction;
}

/** An entry's header is one short line; its bytes are read as text only this far. */
const HEADER_MAX_BYTES = 256;

function runtimeRequire(id: string): unknown {
  const m = RUNTIME[id];
  if (m === undefined) throw new Error(`standalone code requires ${id}`);
  return m;
}

/** True when evaluateStandalone can run this code (it needs no runtime helper beyond RUNTIME). */
export function isCacheable(code: string): boolean {
  for (const m of code.matchAll(/\brequire\("([^"]*)"\)/g)) if (!(m[1] in RUNTIME)) return false;
  return true;
}

/** Write an entry atomically with private permissions; trouble (read-only cache, full disk) only costs the speed-up. */
export function writeCachedValidator(dir: string, key: string, code: string): void {
  if (writeEntry(dir, key, code, 0o600)) pruneNow(dir);
}

/** Write one entry atomically (temp file + rename); false when the code is not cacheable or writing failed. */
export function writeEntry(dir: string, key: string, code: string, mode: number): boolean {
  if (!isCacheable(code)) return false;
  const hash = crypto.createHash('sha256').update(code).digest('hex');
  const file = entryFile(dir, key);
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(tmp, `// ${ENTRY_FORMAT} ${key} ${hash}\n${code}`, { mode, flag: 'wx' });
    fs.renameSync(tmp, file);
    return true;
  } catch {
    fs.rmSync(tmp, { force: true });
    return false;
  }
}

let pruned = false;

/** Once per process, after a write: remove entries nobody has used for MAX_AGE_MS (and stale temp files). */
function pruneNow(dir: string): void {
  if (pruned) return;
  pruned = true;
  try {
    const now = Date.now();
    for (const name of fs.readdirSync(dir)) {
      const ours = ['.js', '.tmp', CODE_CACHE_SUFFIX, DOCUMENT_KEY_SUFFIX, DOCUMENT_INDEX_SUFFIX, FILE_HASH_SUFFIX];
      if (!ours.some((suffix) => name.endsWith(suffix))) continue;
      const file = path.join(dir, name);
      const st = fs.lstatSync(file, { throwIfNoEntry: false });
      const maxAge = name.endsWith('.tmp') ? 3600 * 1000 : MAX_AGE_MS;
      if (st && now - st.mtimeMs > maxAge) fs.rmSync(file, { force: true });
    }
  } catch {
    // pruning is housekeeping only
  }
}
