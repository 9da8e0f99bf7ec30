// The language server keeps ajv's compiled validators in the kubesense cache (<KUBESENSE_CACHE>/compiled-validators),
// as `kubesense check` does: a later cold start loads them instead of compiling. Entries are private, and an entry
// that is altered or writable by others is never run: the diagnostics stay those of a fresh compile. Before its cache
// has any, a start uses the validators the package ships (dist/compiled-validators, made by `npm run build`) for the
// built-in kinds of the fallback version (1.35); other schemas (here 1.27's) are compiled and cached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LspClient, kubesenseServerCommand, repoRoot, sharedK8s } from './harness';
import { BAD_DEPLOYMENT } from './offlineFixtures';

// Three schema errors (a type, an enum value, an unknown field) the compiled Deployment validator reports.
const BROKEN = `${BAD_DEPLOYMENT}        imagePullPolicy: Sometimes\n        portz: []\n`;

/** Diagnostics of BROKEN from a fresh server process using `cache` as KUBESENSE_CACHE. */
async function firstDiagnostics(cache: string, version = '1.27'): Promise<string[]> {
  const base = kubesenseServerCommand();
  const client = new LspClient(
    { ...base, env: { ...base.env, KUBESENSE_CACHE: cache } },
    { settings: { kubesense: { schemaDirectory: path.join(sharedK8s, 'openapi-v3', version) } } },
  );
  try {
    await client.initialize();
    const uri = 'file:///work/web.yaml';
    const t = performance.now();
    await client.open(uri, BROKEN, 1);
    const d = await client.waitForDiagnostics(uri, t, 1);
    return d.params.diagnostics.map((x) => `${x.range.start.line}:${x.range.start.character} ${x.message}`);
  } finally {
    await client.stop();
  }
}

function entries(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => n.endsWith('.js'))
    .map((n) => path.join(dir, n));
}

/** An entry whose validator accepts everything, with a header that matches it (only owner and mode can tell). */
function acceptAll(file: string): void {
  const header = /^\/\/ (\S+) ([0-9a-f]{64}) [0-9a-f]{64}\n/.exec(fs.readFileSync(file, 'utf8'))!;
  const code = 'module.exports = function validate() { return true; };';
  const hash = crypto.createHash('sha256').update(code).digest('hex');
  fs.writeFileSync(file, `// ${header[1]} ${header[2]} ${hash}\n${code}`);
}

test('lsp: compiled validators are cached privately and used by the next start; altered entries are not', async () => {
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-lsp-validators-'));
  try {
    const dir = path.join(cache, 'compiled-validators');
    const compiled = await firstDiagnostics(cache);
    assert.ok(
      compiled.some((m) => /spec\.replicas/.test(m)) && compiled.some((m) => /portz/.test(m)),
      compiled.join('\n'),
    );
    const written = entries(dir);
    assert.ok(written.length >= 1, 'the server wrote its compiled validators');
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
    for (const f of written) assert.equal(fs.statSync(f).mode & 0o777, 0o600, f);

    // A normal later start: the entries are read, not compiled and written again, with the same diagnostics.
    const mtimes = written.map((f) => fs.statSync(f).mtimeMs);
    assert.deepEqual(await firstDiagnostics(cache), compiled);
    assert.deepEqual(
      written.map((f) => fs.statSync(f).mtimeMs),
      mtimes,
    );

    // Altered code (its checksum no longer matches): ignored, compiled again.
    for (const f of written) fs.appendFileSync(f, '\nmodule.exports = function validate() { return true; };');
    assert.deepEqual(await firstDiagnostics(cache), compiled);

    // Consistent but writable by others: not ours alone, so never run.
    for (const f of entries(dir)) {
      acceptAll(f);
      fs.chmodSync(f, 0o666);
    }
    assert.deepEqual(await firstDiagnostics(cache), compiled);
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
  }
});

test('lsp: a first start (empty cache) uses the shipped validators of 1.35, with the diagnostics of a compile', async () => {
  const shipped = path.join(repoRoot, 'dist', 'compiled-validators', 'index.json');
  assert.ok(fs.existsSync(shipped), `${shipped}: made by \`npm run build\``);
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-lsp-validators-'));
  const other = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-lsp-validators-'));
  try {
    const first = await firstDiagnostics(cache, '1.35');
    // Nothing compiled, so no validator cached (only V8's code cache of the shipped ones, codeCacheSaver.test.ts).
    const dir = path.join(cache, 'compiled-validators');
    assert.deepEqual(fs.existsSync(dir) ? entries(dir) : [], [], 'nothing compiled, nothing cached');
    // 1.27's Deployment hashes otherwise: compiled now, and its messages for these three errors are the same.
    assert.deepEqual(first, await firstDiagnostics(other, '1.27'));
    assert.ok(entries(path.join(other, 'compiled-validators')).length >= 1, '1.27 was compiled and cached');
    assert.equal(first.length, 3, first.join('\n'));
  } finally {
    fs.rmSync(cache, { recursive: true, force: true });
    fs.rmSync(other, { recursive: true, force: true });
  }
});
