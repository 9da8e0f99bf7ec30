// The language server writes V8's code cache of the validators it loaded (codeCacheSaver.ts), as `kubesense check`
// does, so the next editor start skips compiling them: once it is idle after publishing diagnostics (no shutdown
// needed) and privately. A later start uses those caches (it writes none again); a spoiled one is read, refused and
// replaced. Real `kubesense lsp --stdio` sessions; the validators are the ones the package ships for 1.35.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, kubesenseServerCommand, repoRoot, sharedK8s } from '../harness';
import { BAD_DEPLOYMENT } from '../offlineFixtures';
import { CODE_CACHE_IDLE_MS } from '../../../../server/src/workspace/codeCacheSaver';

const V8_SUFFIX = '.v8';

/** A code cache file as validatorCodeCache.ts writes it: the SHA-256 of the data, then the data. */
function sealedIntact(bytes: Buffer): boolean {
  const data = bytes.subarray(32);
  return data.length > 0 && crypto.createHash('sha256').update(data).digest().equals(bytes.subarray(0, 32));
}

function codeCaches(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith(V8_SUFFIX))
    .map((n) => path.join(dir, n))
    .sort();
}

async function until<T>(what: string, timeoutMs: number, probe: () => T | undefined): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A server with `cache` as KUBESENSE_CACHE publishes BROKEN's diagnostics; `whileRunning` runs before the session
 * ends. Returns the diagnostics.
 */
async function session(cache: string, whileRunning: () => Promise<void> = async () => undefined): Promise<string[]> {
  const base = kubesenseServerCommand();
  const client = new LspClient(
    { ...base, env: { ...base.env, KUBESENSE_CACHE: cache } },
    { settings: { kubesense: { schemaDirectory: path.join(sharedK8s, 'openapi-v3', '1.35') } } },
  );
  try {
    await client.initialize();
    const uri = 'file:///work/web.yaml';
    const t = performance.now();
    await client.open(uri, `${BAD_DEPLOYMENT}        portz: []\n`, 1);
    const d = await client.waitForDiagnostics(uri, t, 1);
    await whileRunning();
    return d.params.diagnostics.map((x) => `${x.range.start.line}:${x.range.start.character} ${x.message}`);
  } finally {
    await client.stop();
  }
}

test('lsp: V8 code caches of the loaded validators are saved when idle, and the next start uses them', async () => {
  assert.ok(
    fs.existsSync(path.join(repoRoot, 'dist', 'compiled-validators', 'index.json')),
    'dist/compiled-validators: made by `npm run build`',
  );
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-lsp-codecache-'));
  const dir = path.join(cache, 'compiled-validators');
  try {
    // First start: the shipped Deployment validator is loaded without a code cache; while the server still runs
    // (no shutdown), its cache appears once the server has been idle.
    let saved: string[] = [];
    const first = await session(cache, async () => {
      saved = await until('the idle save', CODE_CACHE_IDLE_MS + 20_000, () => {
        const files = codeCaches(dir);
        return files.length > 0 ? files : undefined;
      });
    });
    assert.ok(first.some((m) => /spec\.replicas/.test(m)) && first.some((m) => /portz/.test(m)), first.join('\n'));
    assert.deepEqual(codeCaches(dir), saved, 'nothing else written at shutdown');
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    for (const f of saved) assert.equal(fs.statSync(f).mode & 0o777, 0o600, f);
    assert.equal(
      fs.readdirSync(dir).filter((n) => n.endsWith('.tmp')).length,
      0,
      'written atomically: no temp file left',
    );

    // Second start: the caches are accepted, so nothing is written again (a refused one would be replaced).
    const bytes = saved.map((f) => fs.readFileSync(f));
    const mtimes = saved.map((f) => fs.statSync(f).mtimeMs);
    assert.deepEqual(await session(cache), first);
    assert.deepEqual(codeCaches(dir), saved);
    assert.deepEqual(
      saved.map((f) => fs.statSync(f).mtimeMs),
      mtimes,
    );

    // The server does read them: a spoiled cache (its checksum no longer matches) is refused and written anew.
    const spoiled = bytes.map((b) => {
      const copy = Buffer.from(b);
      copy[copy.length - 1] ^= 0xff;
      return copy;
    });
    saved.forEach((f, i) => fs.writeFileSync(f, spoiled[i], { mode: 0o600 }));
    assert.deepEqual(await session(cache), first);
    assert.deepEqual(codeCaches(dir), saved);
    saved.forEach((f, i) => {
      const now = fs.readFileSync(f);
      assert.ok(!now.equals(spoiled[i]), `${f} was replaced`);
      assert.ok(sealedIntact(now), `${f} holds a cache with a matching checksum`);
    });
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
});
