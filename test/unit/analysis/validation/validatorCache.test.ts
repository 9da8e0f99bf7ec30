// Compiled validators cached on disk (analysis/validation/validatorCache.ts): a validator loaded from the cache
// must judge exactly as one ajv compiles now, and an entry that is corrupted, stale or not private must be ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseManifestFile } from '../../../../analysis/documents';
import type { ResolvedSchema } from '../../../../analysis/schema/resolved';
import { DirectorySchemaSource, SchemaStore } from '../../../../analysis/schema';
import { compileUncached, validatorFor } from '../../../../analysis/validation/schemaValidator';
import * as translation from '../../../../analysis/validation/openapiToJsonSchema';
import { setValidatorCacheDir, setValidatorCodeIdentity } from '../../../../analysis/validation/validatorCache';
import { withoutNulls } from '../../../../analysis/validation/prepare';
import { listFiles, sharedK8s, storeFor } from './sharedData';

const CRDS = ['crds', 'cel-corpus'];

/** Every object of the corpus and the kubectl-validate cases (valid and invalid), with its kind's schema. */
async function corpusObjects(): Promise<{
  schemaOf: (o: Record<string, unknown>) => Promise<ResolvedSchema | undefined>;
  objects: Record<string, unknown>[];
}> {
  const store = storeFor('1.35', CRDS);
  const objects: Record<string, unknown>[] = [];
  for (const dir of ['corpus', 'manifests/kubectl-validate', 'cel-corpus']) {
    for (const file of listFiles(path.join(sharedK8s, dir), (f) => /\.ya?ml$/.test(f))) {
      const parsed = parseManifestFile(fs.readFileSync(file, 'utf8'), file);
      for (const d of parsed.manifests)
        if (d.value && typeof d.value === 'object') objects.push(withoutNulls(d.value) as Record<string, unknown>);
    }
  }
  return {
    objects,
    schemaOf: async (o) => {
      if (typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') return undefined;
      return store.schemaFor(o.apiVersion, o.kind);
    },
  };
}

/** A fresh store over the same documents: its validators come from the disk cache, not from memory. */
function freshSchemaFor(): (o: Record<string, unknown>) => Promise<ResolvedSchema | undefined> {
  const store = storeFor('1.35', CRDS);
  return (o) => store.schemaFor(String(o.apiVersion), String(o.kind));
}

function cacheDir(): string {
  return path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-validators-')), 'compiled-validators');
}

/** ajv's own compiled functions carry their schema environment; ones loaded from standalone code do not. */
function fromCache(v: unknown): boolean {
  return typeof v === 'function' && !('schemaEnv' in v);
}

test('a cached validator gives the verdicts and errors of a freshly compiled one, on every corpus object', async () => {
  const dir = cacheDir();
  setValidatorCacheDir(dir);
  try {
    const { objects, schemaOf } = await corpusObjects();
    // First use compiles and writes the cache.
    for (const o of objects) {
      const s = await schemaOf(o);
      if (s) validatorFor(s);
    }
    assert.ok(fs.readdirSync(dir).length > 20, 'one entry per kind was written');
    const later = freshSchemaFor();
    let compared = 0;
    let invalid = 0;
    const compiled = new Map<string, ReturnType<typeof compileUncached>>();
    for (const o of objects) {
      const s = await later(o);
      if (!s) continue;
      const cached = validatorFor(s);
      assert.ok(fromCache(cached), `${o.kind}: loaded from the cache`);
      const id = `${s.source}|${s.apiVersion}|${s.schemaName}`;
      const fresh = compiled.get(id) ?? compileUncached(s);
      compiled.set(id, fresh);
      const verdict = cached(o);
      assert.equal(verdict, fresh(o), `${o.apiVersion} ${o.kind}: verdict`);
      assert.deepEqual(cached.errors ?? null, fresh.errors ?? null, `${o.apiVersion} ${o.kind}: errors`);
      compared++;
      if (!verdict) invalid++;
    }
    assert.ok(compared > 500, `compared ${compared} objects`);
    assert.ok(invalid > 5, `${invalid} of them invalid (errors compared too)`);
  } finally {
    setValidatorCacheDir(undefined);
  }
});

test('a corrupted, stale, truncated or shared-writable cache entry is ignored and compiled again', async () => {
  const dir = cacheDir();
  setValidatorCacheDir(dir);
  try {
    const text = fs.readFileSync(path.join(sharedK8s, 'corpus', firstDeploymentFile()), 'utf8');
    const deployment = parseManifestFile(text, 'd.yaml').manifests.find((d) => d.kind === 'Deployment')!
      .value as Record<string, unknown>;
    const broken = { ...deployment, spec: { ...(deployment.spec as object), replicas: 'three' } };
    const first = freshSchemaFor();
    const schema = (await first(deployment))!;
    validatorFor(schema);
    const entries = fs.readdirSync(dir).filter((f) => f.endsWith('.js'));
    assert.equal(entries.length, 1);
    const entry = path.join(dir, entries[0]);
    assert.equal(fs.statSync(entry).mode & 0o777, 0o600, 'private entry');
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700, 'private folder');
    const good = fs.readFileSync(entry, 'utf8');
    assert.ok(fromCache(validatorFor((await freshSchemaFor()(deployment))!)), 'an intact entry is used');

    const header = good.slice(0, good.indexOf('\n') + 1);
    const body = good.slice(header.length);
    const otherKey = header.replace(
      / ([0-9a-f]{64}) /,
      (_, k: string) => ` ${k.replace(/^./, k[0] === '0' ? '1' : '0')} `,
    );
    const spoiled: [string, () => void][] = [
      [
        'a body that does not match its hash',
        () => fs.writeFileSync(entry, header + body.replace('errors === 0', 'true')),
      ],
      ['a truncated entry', () => fs.writeFileSync(entry, good.slice(0, good.length >> 1))],
      ['an entry made for another key (stale)', () => fs.writeFileSync(entry, otherKey + body)],
      ['no header at all', () => fs.writeFileSync(entry, body)],
      ['an entry others may write', () => (fs.writeFileSync(entry, good), fs.chmodSync(entry, 0o666))],
    ];
    for (const [why, spoil] of spoiled) {
      spoil();
      const v = validatorFor((await freshSchemaFor()(deployment))!);
      assert.ok(!fromCache(v), `${why}: compiled again`);
      assert.equal(v(deployment), true, `${why}: a valid Deployment passes`);
      assert.equal(v(broken), false, `${why}: a broken one fails`);
      // The entry was rewritten whole and private: the next process uses it again.
      fs.chmodSync(entry, 0o600);
      assert.equal(fs.readFileSync(entry, 'utf8'), good, `${why}: rewritten`);
      assert.ok(fromCache(validatorFor((await freshSchemaFor()(deployment))!)), `${why}: the rewritten entry is used`);
    }
  } finally {
    setValidatorCacheDir(undefined);
  }
});

function firstDeploymentFile(): string {
  const files = listFiles(path.join(sharedK8s, 'corpus'), (f) => /\.ya?ml$/.test(f));
  const file = files.find((f) => /^kind: Deployment$/m.test(fs.readFileSync(f, 'utf8')));
  assert.ok(file, 'the corpus holds a Deployment');
  return path.relative(path.join(sharedK8s, 'corpus'), file);
}

/** Counts the definitions translated while f runs (schemaValidator.ts calls translateDefinition through exports). */
async function translationsDuring(f: () => Promise<void>): Promise<number> {
  const original = translation.translateDefinition;
  let count = 0;
  (translation as { translateDefinition: typeof original }).translateDefinition = (...args) => {
    count++;
    return original(...args);
  };
  try {
    await f();
  } finally {
    (translation as { translateDefinition: typeof original }).translateDefinition = original;
  }
  return count;
}

test('with document keys, a later run finds every built-in kind by its document and translates nothing', async () => {
  const dir = cacheDir();
  setValidatorCacheDir(dir);
  setValidatorCodeIdentity('test-build-1');
  try {
    const { objects } = await corpusObjects();
    const builtins = () => {
      const store = storeFor('1.35');
      return (o: Record<string, unknown>) => store.schemaFor(String(o.apiVersion), String(o.kind));
    };
    const first = builtins();
    const translatedFirst = await translationsDuring(async () => {
      for (const o of objects) {
        const s = await first(o);
        if (s) validatorFor(s);
      }
    });
    assert.ok(translatedFirst > 100, `the first run translates (${translatedFirst} definitions)`);
    const documentKeys = fs.readdirSync(dir).filter((f) => f.endsWith('.doc'));
    assert.ok(documentKeys.length > 20, `${documentKeys.length} document keys written`);
    for (const f of documentKeys) assert.equal(fs.statSync(path.join(dir, f)).mode & 0o777, 0o600, `${f}: private`);

    const later = builtins();
    const judged: { o: Record<string, unknown>; s: ResolvedSchema; verdict: boolean; errors: unknown }[] = [];
    const translatedLater = await translationsDuring(async () => {
      for (const o of objects) {
        const s = await later(o);
        if (!s) continue;
        const v = validatorFor(s);
        assert.ok(fromCache(v), `${o.kind}: loaded from the cache`);
        judged.push({ o, s, verdict: v(o) as boolean, errors: v.errors ?? null });
      }
    });
    assert.equal(translatedLater, 0, 'nothing translated');
    const compiled = new Map<string, ReturnType<typeof compileUncached>>();
    for (const { o, s, verdict, errors } of judged) {
      const id = `${s.apiVersion}|${s.schemaName}`;
      const fresh = compiled.get(id) ?? compileUncached(s);
      compiled.set(id, fresh);
      assert.equal(verdict, fresh(o), `${o.apiVersion} ${o.kind}: verdict`);
      assert.deepEqual(errors, fresh.errors ?? null, `${o.apiVersion} ${o.kind}: errors`);
    }
    assert.ok(judged.length > 300, `compared ${judged.length} objects`);
    assert.ok(judged.filter((j) => !j.verdict).length > 5, 'some of them invalid (errors compared too)');
  } finally {
    setValidatorCacheDir(undefined);
    setValidatorCodeIdentity(undefined);
  }
});

test('a document key is never trusted across changed bytes, another build, or a spoiled file', async () => {
  const dir = cacheDir();
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-schemas-'));
  fs.mkdirSync(path.join(folder, 'api'));
  const v1 = path.join(folder, 'api', 'v1.json');
  const original = fs.readFileSync(path.join(sharedK8s, 'openapi-v3', '1.35', 'api', 'v1.json'), 'utf8');
  fs.writeFileSync(v1, original);
  const namespace = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a-long-name' } };
  const configMap = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } };
  const schemaOf = (o: { apiVersion: string; kind: string }) =>
    new SchemaStore([new DirectorySchemaSource(folder)]).schemaFor(o.apiVersion, o.kind) as Promise<ResolvedSchema>;
  /** The kind's validator in a fresh store (a later run), and how many definitions finding it translated. */
  const later = async (o: { apiVersion: string; kind: string }) => {
    const s = await schemaOf(o);
    let v: ReturnType<typeof validatorFor> | undefined;
    const translated = await translationsDuring(async () => void (v = validatorFor(s)));
    return { v: v!, translated, s };
  };
  const documentKeys = () => fs.readdirSync(dir).filter((f) => f.endsWith('.doc'));
  setValidatorCacheDir(dir);
  setValidatorCodeIdentity('test-build-1');
  try {
    assert.ok((await later(namespace)).translated > 0, 'the first run translates');
    assert.equal(documentKeys().length, 1);
    const namespaceKey = path.join(dir, documentKeys()[0]);
    assert.ok((await later(configMap)).translated > 0);
    const configMapKey = path.join(
      dir,
      documentKeys().find((f) => path.join(dir, f) !== namespaceKey)!,
    );
    const same = await later(namespace);
    assert.equal(same.translated, 0, 'the same bytes and build: found by the document key');
    assert.equal(same.v(namespace), true);

    // The definitions change (ObjectMeta's name gets a maxLength): the old validator must not run.
    const changed = JSON.parse(original);
    changed.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.name.maxLength = 3;
    fs.writeFileSync(v1, JSON.stringify(changed, null, 2));
    const after = await later(namespace);
    assert.ok(after.translated > 0, 'changed bytes: the key is found by translating again');
    assert.equal(after.v(namespace), false, 'the changed definition is in force');
    assert.equal(compileUncached(after.s)(namespace), false);
    fs.writeFileSync(v1, original);
    assert.equal((await later(namespace)).translated, 0, 'the original bytes find their key again');

    setValidatorCodeIdentity('test-build-2');
    assert.ok((await later(namespace)).translated > 0, 'another build does not use the first build’s keys');
    setValidatorCodeIdentity('test-build-1');

    const good = fs.readFileSync(namespaceKey);
    const spoiled: [string, () => void][] = [
      ["another kind's document key under this name", () => fs.copyFileSync(configMapKey, namespaceKey)],
      ['a truncated document key', () => fs.writeFileSync(namespaceKey, good.subarray(0, 70))],
      [
        'a document key others may write',
        () => (fs.writeFileSync(namespaceKey, good), fs.chmodSync(namespaceKey, 0o666)),
      ],
    ];
    for (const [why, spoil] of spoiled) {
      spoil();
      const r = await later(namespace);
      assert.ok(r.translated > 0, `${why}: ignored, the key is found by translating`);
      assert.equal(r.v(namespace), true, `${why}: the right validator`);
      assert.equal(r.v({ ...namespace, metadata: { name: 3 } }), false, `${why}: the right validator`);
      fs.chmodSync(namespaceKey, 0o600);
      assert.deepEqual(fs.readFileSync(namespaceKey), good, `${why}: rewritten`);
    }
  } finally {
    setValidatorCacheDir(undefined);
    setValidatorCodeIdentity(undefined);
    fs.rmSync(folder, { recursive: true, force: true });
  }
});
