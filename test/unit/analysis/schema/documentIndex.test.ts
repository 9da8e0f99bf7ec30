// documentIndex.ts: a schema document built from an index of its bytes must be the document JSON.parse makes of
// them (every value, every key order), on the real schema folders and on JSON that is awkward to split; spoiled,
// copied or shared-writable index files are ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as v8 from 'node:v8';
import {
  kindsOfIndexedDocument,
  parseSchemaDocument,
  setDocumentIndexDir,
} from '../../../../analysis/schema/documentIndex';
import { documentIdentity } from '../../../../analysis/schema/documentIdentity';
import { DirectorySchemaSource, type GroupVersionDocument, SchemaStore } from '../../../../analysis/schema';
import { openapiDir } from '../validation/sharedData';

function withIndexDir<T>(run: (dir: string) => T): T {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-docindex-')), 'cache');
  setDocumentIndexDir(dir);
  try {
    return run(dir);
  } finally {
    setDocumentIndexDir(undefined);
    fs.rmSync(path.dirname(dir), { recursive: true, force: true });
  }
}

function jsonFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.json'))
    .map((f) => path.join(dir, f))
    .sort();
}

/** Same values and the same key order everywhere (JSON.stringify walks keys in order), same identity. */
function assertSameDocument(built: unknown, bytes: Buffer, why: string): void {
  assert.equal(JSON.stringify(built), JSON.stringify(JSON.parse(bytes.toString('utf8'))), why);
  const sha = crypto.createHash('sha256').update(bytes).digest('hex');
  assert.equal(documentIdentity(built as GroupVersionDocument), sha, `${why}: identity is the bytes' SHA-256`);
}

test('every document of the 1.35 and 1.27 schema folders is the same built from its index', () => {
  withIndexDir((dir) => {
    const files = [...jsonFiles(openapiDir('1.35')), ...jsonFiles(openapiDir('1.27'))];
    assert.ok(files.length > 60);
    for (const file of files) {
      const bytes = fs.readFileSync(file);
      const first = parseSchemaDocument(bytes);
      assert.equal(kindsOfIndexedDocument(first), undefined, `${file}: the first parse is a full one`);
      assertSameDocument(first, bytes, file);
      const later = parseSchemaDocument(bytes);
      assert.ok(kindsOfIndexedDocument(later), `${file}: a later parse uses the index`);
      // Read a definition before the whole: what is read first must not change what the rest reads.
      const schemas = later.components?.schemas ?? {};
      const some = Object.keys(schemas).reverse()[0];
      assert.deepEqual(schemas[some], JSON.parse(bytes.toString('utf8')).components.schemas[some]);
      assertSameDocument(later, bytes, `${file} (indexed)`);
    }
    for (const name of fs.readdirSync(dir)) {
      assert.equal(fs.statSync(path.join(dir, name)).mode & 0o777, 0o600, 'private index files');
    }
    assert.equal(fs.statSync(dir).mode & 0o777, 0o700, 'a private folder');
  });
});

test('a store over indexed documents serves the same kinds', async () => {
  const kindsOf = async () =>
    JSON.stringify(await new SchemaStore([new DirectorySchemaSource(openapiDir('1.35'))]).kinds(undefined, true));
  const plain = await kindsOf();
  await withIndexDir(async () => {
    assert.equal(await kindsOf(), plain, 'while the indexes are made');
    assert.equal(await kindsOf(), plain, 'from the indexes');
  });
});

test('JSON that is awkward to split is built the same, or parsed whole', () => {
  const documents: [string, string, boolean][] = [
    [
      'escapes, quotes and brackets in keys and strings, non-ASCII text',
      `{"openapi":"3.0.0","components":{"schemas":{"a\\"}{[":{"description":"x\\\\\\"]}\\\\","x-kubernetes-group-version-kind":[{"group":"","version":"v1","kind":"A"}]},"\\u0042":{"description":"žluťoučký kůň \\ud83d\\ude00 😀","enum":["}",  "{", 1e3, -0, true, null]}}},"paths":{"/x":{"get":{}}}}`,
      true,
    ],
    [
      'white space everywhere',
      ' \n{ "components" : { "schemas" : { "A" : { } , "B" : [ ] } } , "info" : 3 }\r\n\t',
      true,
    ],
    [
      'empty schemas and components of other kinds',
      '{"components":{"schemas":{},"securitySchemes":{"k":{"type":"x"}}},"paths":[]}',
      true,
    ],
    ['schemas not an object', '{"components":{"schemas":[{"a":1}]}}', true],
    ['a __proto__ definition', '{"components":{"schemas":{"__proto__":{"type":"object"},"b":{}}}}', true],
    ['integer-like names (JSON.parse puts them first)', '{"components":{"schemas":{"b":{},"1":{},"0":{}}}}', false],
    [
      'a duplicate definition (the last one wins)',
      '{"components":{"schemas":{"a":{"x":1},"b":{},"a":{"x":2}}}}',
      false,
    ],
    ['a duplicate top-level key', '{"info":1,"components":{"schemas":{}},"info":2}', false],
    ['a definition that is not an object', '{"components":{"schemas":{"a":null,"b":{}}}}', false],
    ['not an object at all', '[{"components":{}}]', false],
  ];
  withIndexDir(() => {
    for (const [why, text, indexed] of documents) {
      const bytes = Buffer.from(text, 'utf8');
      assertSameDocument(parseSchemaDocument(bytes), bytes, why);
      const later = parseSchemaDocument(bytes);
      assert.equal(!!kindsOfIndexedDocument(later), indexed, `${why}: indexed`);
      assertSameDocument(later, bytes, `${why} (again)`);
      const parsed = JSON.parse(text) as GroupVersionDocument;
      const prototype = (doc: GroupVersionDocument) => doc?.components && Object.getPrototypeOf(doc.components.schemas);
      assert.equal(prototype(later), prototype(parsed), `${why}: the same prototype`);
    }
    for (const invalid of ['{"components":', '{"a":1,}', '']) {
      const bytes = Buffer.from(invalid);
      assert.throws(() => JSON.parse(invalid));
      assert.throws(() => parseSchemaDocument(bytes), { message: errorOf(() => JSON.parse(invalid)) });
    }
  });
});

test('a value set before it is read stays set', () => {
  withIndexDir(() => {
    const bytes = Buffer.from('{"components":{"schemas":{"a":{"x":1},"b":{"y":2}}}}');
    parseSchemaDocument(bytes);
    const doc = parseSchemaDocument(bytes);
    assert.ok(kindsOfIndexedDocument(doc));
    doc.components!.schemas!.a = { type: 'string' };
    assert.deepEqual(doc.components!.schemas, { a: { type: 'string' }, b: { y: 2 } });
  });
});

test('spoiled, copied and shared-writable indexes are ignored (and rewritten)', () => {
  withIndexDir((dir) => {
    const core = fs.readFileSync(path.join(openapiDir('1.35'), 'api', 'v1.json'));
    const apps = fs.readFileSync(path.join(openapiDir('1.35'), 'apis', 'apps', 'v1.json'));
    parseSchemaDocument(core);
    const coreIndex = path.join(dir, fs.readdirSync(dir)[0]);
    parseSchemaDocument(apps);
    const appsIndex = path.join(
      dir,
      fs.readdirSync(dir).find((f) => path.join(dir, f) !== coreIndex)!,
    );
    const good = fs.readFileSync(coreIndex);
    const text = good.toString('utf8');
    const header = text.slice(0, text.indexOf('\n') + 1);
    const spoiled: [string, () => void][] = [
      [
        'a body that does not match its checksum',
        () => fs.writeFileSync(coreIndex, header + text.slice(header.length).replace(/\d+,/, '7,')),
      ],
      ['a truncated index', () => fs.writeFileSync(coreIndex, good.subarray(0, good.length >> 1))],
      ["another document's index under this name", () => fs.copyFileSync(appsIndex, coreIndex)],
      ['no header', () => fs.writeFileSync(coreIndex, text.slice(header.length))],
      ['an index others may write', () => (fs.writeFileSync(coreIndex, good), fs.chmodSync(coreIndex, 0o666))],
      [
        'a symbolic link to an index',
        () => {
          fs.writeFileSync(`${coreIndex}.real`, good, { mode: 0o600 });
          fs.rmSync(coreIndex);
          fs.symlinkSync(`${coreIndex}.real`, coreIndex);
        },
      ],
    ];
    for (const [why, spoil] of spoiled) {
      spoil();
      const doc = parseSchemaDocument(core);
      assert.equal(kindsOfIndexedDocument(doc), undefined, `${why}: ignored`);
      assertSameDocument(doc, core, why);
      assert.ok(fs.lstatSync(coreIndex).isFile(), `${why}: rewritten`);
      assert.equal(fs.statSync(coreIndex).mode & 0o777, 0o600, `${why}: rewritten privately`);
      assert.deepEqual(fs.readFileSync(coreIndex), good, `${why}: rewritten whole`);
      assert.ok(kindsOfIndexedDocument(parseSchemaDocument(core)), `${why}: the rewritten index is used`);
    }
  });
});

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

test('an indexed document keeps its definitions in a hash table, so reading one leaves its shape alone', () => {
  // A first read replaces an accessor by a value: on an object of V8's fast mode that is a new hidden class each time,
  // and the optimized code that looked definitions up is thrown away (apps/v1: ~35 ms instead of ~3).
  v8.setFlagsFromString('--allow-natives-syntax');
  const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
  withIndexDir(() => {
    for (const file of ['apis/apps/v1.json', 'apis/rbac.authorization.k8s.io/v1.json', 'api/v1.json']) {
      const bytes = fs.readFileSync(path.join(openapiDir('1.35'), file));
      parseSchemaDocument(bytes);
      const schemas = parseSchemaDocument(bytes).components?.schemas ?? {};
      assert.ok(Object.keys(schemas).length > 20, file);
      assert.equal(hasFastProperties(schemas), false, `${file}: a dictionary before any read`);
      for (const name of Object.keys(schemas).slice(0, 10)) assert.ok(schemas[name], `${file}: ${name}`);
      assert.equal(hasFastProperties(schemas), false, `${file}: and after reads`);
    }
  });
});
