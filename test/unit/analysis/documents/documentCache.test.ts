// The server's document cache (server/src/workspace/documentCache.ts) on a cold start: a just-opened file is read
// with the fast reader (values now, ASTs later) and must validate exactly as a full parse does; a settings change
// that does not touch the parse keeps it; completeAsts leaves ASTs the next edit reuses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentCache } from '../../../../analysis/documents/documentCache';
import { parseManifestFile, ManifestFile } from '../../../../analysis/documents';
import { DirectorySchemaSource, SchemaStore } from '../../../../analysis/schema';
import { validate } from '../../../../analysis/validation';
import { toLspDiagnostic } from '../../../../analysis/features/diagnostics';
import { sharedK8s } from '../../client/model/paths';

function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/.test(e.name)) out.push(full);
  }
  return out;
}

/** A cache over editor buffers the test sets, with the session's parse options. */
function cacheOver(options: { assumeManifest: boolean } = { assumeManifest: false }) {
  const docs = new Map<string, TextDocument>();
  const cache = new DocumentCache(
    (uri) => docs.get(uri),
    () => ({ ...options }),
    () => 10 * 1024 * 1024,
  );
  return { docs, cache, options };
}

const store = new SchemaStore([new DirectorySchemaSource(path.join(sharedK8s, 'openapi-v3', '1.35'), '1.35')]);

async function diagnosticsOf(file: ManifestFile): Promise<unknown[]> {
  return (await validate(file, store, {})).map((d) => toLspDiagnostic(d));
}

test('documentCache: a just-opened file (fast reader) has the diagnostics of a full parse, on the real corpus', async () => {
  const files = [...yamlFiles(path.join(sharedK8s, 'manifests')), ...yamlFiles(path.join(sharedK8s, 'corpus'))];
  assert.ok(files.length > 200, `corpus files: ${files.length}`);
  let lazy = 0;
  let diagnostics = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    const uri = pathToFileURL(file).href;
    const { docs, cache } = cacheOver();
    docs.set(uri, TextDocument.create(uri, 'yaml', 1, text));
    const opened = cache.get(uri)!;
    assert.equal(opened.astsPending, true);
    if (opened.file.documents.some((d) => d.isManifest)) lazy++;
    const expected = await diagnosticsOf(parseManifestFile(text, uri));
    diagnostics += expected.length;
    assert.deepEqual(await diagnosticsOf(opened.file), expected, file);
    // The next version (here: the same text again) is built from the completed ASTs, with the same result.
    await cache.completeAsts(uri);
    docs.set(uri, TextDocument.create(uri, 'yaml', 2, text));
    const edited = cache.get(uri)!;
    assert.equal(edited.astsPending, undefined);
    assert.deepEqual(await diagnosticsOf(edited.file), expected, `${file} (version 2)`);
  }
  assert.ok(lazy > 150 && diagnostics > 50, `files with manifests ${lazy}, diagnostics ${diagnostics}`);
});

const TWO_OBJECTS = [
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: { name: a }',
  'data: { k: v }',
  '---',
  'apiVersion: v1',
  'kind: ConfigMap',
  'metadata: { name: b }',
  '---',
  'just: values',
  '',
].join('\n');

test('documentCache: a settings change that does not touch the parse keeps it; one that does rebuilds it', () => {
  const { docs, cache, options } = cacheOver();
  const uri = 'file:///ws/app.yaml';
  docs.set(uri, TextDocument.create(uri, 'yaml', 1, TWO_OBJECTS));
  const first = cache.get(uri)!;
  assert.equal(cache.get(uri), first);

  // The session invalidates on every engine rebuild (the client's settings arrive right after the file opened).
  cache.invalidate();
  assert.equal(cache.get(uri), first, 'same options: the first parse stands');

  // A `kubesense.manifests` glob now matches a file of plain values: what counts as a manifest changes, the YAML
  // does not.
  const values = 'file:///ws/values.yaml';
  docs.set(values, TextDocument.create(values, 'yaml', 1, 'name: web\nreplicas: 2\n'));
  const before = cache.get(values)!;
  assert.equal(before.file.documents[0].isManifest, false);
  options.assumeManifest = true;
  cache.invalidate();
  const rebuilt = cache.get(values)!;
  assert.notEqual(rebuilt, before);
  assert.equal(rebuilt.file.documents[0].role, 'incomplete');
  assert.equal(rebuilt.file.exclusion, undefined);
});

test('documentCache: after completeAsts the next version reuses every unchanged AST; an edit during it is parsed right', async () => {
  const { docs, cache } = cacheOver();
  const uri = 'file:///ws/app.yaml';
  docs.set(uri, TextDocument.create(uri, 'yaml', 1, TWO_OBJECTS));
  const opened = cache.get(uri)!;
  await cache.completeAsts(uri);
  const asts = opened.file.documents.map((d) => d.ast);
  const edited = TWO_OBJECTS.replace('k: v', 'k: w');
  docs.set(uri, TextDocument.create(uri, 'yaml', 2, edited));
  const next = cache.get(uri)!;
  assert.equal(next.astsPending, undefined, 'an edit is parsed in full, reusing what did not change');
  assert.notEqual(next.file.documents[0].ast, asts[0], 'the edited document is parsed again');
  assert.equal(next.file.documents[1].ast, asts[1]);
  assert.equal(next.file.documents[2].ast, asts[2]);
  assert.equal(next.file.documents[0].value && (next.file.documents[0].value as { data: { k: string } }).data.k, 'w');

  // Opened, then edited while completeAsts runs: the new version is read from its own text.
  const other = 'file:///ws/other.yaml';
  docs.set(other, TextDocument.create(other, 'yaml', 1, TWO_OBJECTS));
  const early = cache.get(other)!;
  const completing = cache.completeAsts(other);
  docs.set(other, TextDocument.create(other, 'yaml', 2, edited));
  const later = cache.get(other)!;
  await completing;
  assert.notEqual(later, early);
  assert.equal(later.file.documents[0].value && (later.file.documents[0].value as { data: { k: string } }).data.k, 'w');
});
