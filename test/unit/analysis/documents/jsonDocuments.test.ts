// A file that starts with `{` is read as kubectl reads it (JSON values, then possibly YAML: kube/util/yamlOrJson.ts),
// by `kubesense check` and the language server alike: its documents hold the values Go decodes, its problems are the
// JSON decoder's, and the YAML 1.1 readings (notes on `null`, control characters refused) do not apply.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile, type ManifestFile } from '../../../../analysis/documents';
import { validate } from '../../../../analysis/validation';
import { marshalJSON, type GoJSONValue } from '../../../../kube/util/go';
import { readYAMLOrJSONStream } from '../../../../kube/util/yamlOrJson';
import { goStreamReadings, HANDPICKED, mutatedStreams } from '../../kube/apply/jsonStreams';
import { storeFor } from '../validation/sharedData';

const v135 = storeFor('1.35');

/**
 * What the file model read: the values of its documents (empty ones and those it could not read left out: their value
 * is a guess), and whether any reading problem is an error.
 */
function modelReading(file: ManifestFile): { values: string[]; failed: boolean } {
  return {
    values: file.documents
      .filter((d) => d.value !== null && !d.yamlRejected)
      .map((d) => marshalJSON(d.value as GoJSONValue)),
    // A duplicate key is no reading failure (Go keeps the last value): it is the API server's verdict, reported apart.
    failed: file.documents.some((d) => d.problems.some((p) => p.severity === 'error' && p.code !== 'duplicate-key')),
  };
}

test('the file model reads JSON streams as kubectl does: hand-picked ones and seeded mutations of JSON-only streams', () => {
  // Streams that go on as YAML after a JSON failure are left to the YAML reader's own tests, but the hand-picked ones.
  const mutated = mutatedStreams(1500, 20261207).filter(
    (s) => readYAMLOrJSONStream(s, { maxDepth: 10_000 }).yamlStart === undefined,
  );
  const streams = [...HANDPICKED, ...mutated];
  const go = goStreamReadings(streams.map((s) => Buffer.from(s))).streams;
  const differ: unknown[] = [];
  streams.forEach((s, i) => {
    const mine = modelReading(parseManifestFile(s, 'file:///s.json', { fastValues: true }));
    // Go prints int64s digit for digit; the model's numbers are doubles.
    const expected = {
      values: go[i].values.map((v) => marshalJSON(JSON.parse(v) as GoJSONValue)),
      failed: !!go[i].error,
    };
    if (JSON.stringify(mine) !== JSON.stringify(expected)) differ.push({ stream: s, go: go[i], mine });
  });
  assert.deepEqual(differ.slice(0, 5), []);
  assert.ok(mutated.length > 100, `${mutated.length} JSON-only mutations`);
});

test('characters YAML readers refuse are fine inside JSON strings; `null` gets no YAML 1.1 note', async () => {
  const json =
    '{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","annotations":{"a":"x\x7fy\u0085z"}},' +
    '"spec":{"containers":[{"name":"c","image":"i","resources":{"limits":{"cpu":null}}}]}}\n';
  assert.deepEqual(await validate(parseManifestFile(json, 'file:///p.json'), v135), []);
  const file = parseManifestFile(json, 'file:///p.json');
  assert.equal(
    (file.documents[0].value as { metadata: { annotations: { a: string } } }).metadata.annotations.a,
    'x\x7fy\u0085z',
  );
  // The same object in YAML: the null word is read by YAML 1.1's rules, and says so.
  const yaml =
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: c, image: i, resources: {limits: {cpu: null}}}\n';
  const notes = await validate(parseManifestFile(yaml, 'file:///p.yaml'), v135);
  assert.deepEqual(
    notes.map((d) => d.code),
    ['yaml11-scalar'],
  );
});

test('a JSON stream: every value a document; errors in Go words at their character; JSON then YAML', async () => {
  const cm = (name: string, rest = '') => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"}${rest}}`;
  const stream = parseManifestFile(`${cm('a')}\n${cm('b')}${cm('c')}\n`, 'file:///s.json');
  assert.deepEqual(
    stream.documents.map((d) => d.name),
    ['a', 'b', 'c'],
  );
  assert.deepEqual(await validate(stream, v135), []);

  // After two values the error is final.
  const bad = `${cm('a')}\n${cm('b')}\n${cm('c', ',"data":{"x":"1",}')}\n`;
  const [d] = await validate(parseManifestFile(bad, 'file:///bad.json'), v135);
  assert.equal(d.message, "json: invalid character '}' looking for beginning of object key string");
  assert.deepEqual(d.range.start, { line: 2, character: bad.split('\n')[2].indexOf(',}') + 1 });

  // A JSON object, then YAML documents.
  const mixed = parseManifestFile(
    `${cm('a')}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n`,
    'file:///m.json',
  );
  assert.deepEqual(
    mixed.documents.filter((x) => x.role === 'object').map((x) => [x.name, x.readAsJSON]),
    [
      ['a', true],
      ['b', false],
    ],
  );
  // JSON fails on the first value and YAML fails too: kubectl reports the JSON error.
  const both = await validate(parseManifestFile(`${cm('a', ',"data":{"x":"a\tb\x7f"}')}\n`, 'file:///t.json'), v135);
  assert.deepEqual(
    both.map((x) => x.message),
    ["json: invalid character '\\t' in string literal"],
  );
  // Duplicate keys: an error, as the API server refuses them (strict field validation) and as in YAML.
  const dup = await validate(parseManifestFile(cm('a', ',"data":{"x":"1","x":"2"}'), 'file:///d.json'), v135);
  assert.deepEqual(
    dup.map((x) => [x.severity, x.message]),
    [['error', 'line 1: key "x" already set in map']],
  );
});
