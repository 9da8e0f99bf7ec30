// Compiled validators cached on disk (analysis/validation/validatorCache.ts): a validator loaded from the cache
// must judge exactly as one ajv compiles now, and an entry that is corrupted, stale or not private must be ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseManifestFile } from '../../../../analysis/documents';
import type { ResolvedSchema } from '../../../../analysis/schema/resolved';
import { compileUncached, validatorFor } from '../../../../analysis/validation/schemaValidator';
import { setValidatorCacheDir } from '../../../../analysis/validation/validatorCache';
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
