// kubectl reads a stream that starts with `{` as JSON (apimachinery's YAMLOrJSONDecoder): kube/apply's reader must make
// of each stream exactly what Go makes of it — the same values, the same error text — on hand-picked streams and
// seeded mutations of JSON manifests, judged by Go itself (vectors/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readManifests, readStreamDocuments, splitYamlDocuments } from '../../../../kube/apply';
import { GoYAMLError, yamlToJSON } from '../../../../kube/kubeconfig/goyaml';
import { marshalJSON, type GoJSONValue } from '../../../../kube/util/go';
import { readYAMLOrJSONStream } from '../../../../kube/util/yamlOrJson';
import { goStreamReadings, HANDPICKED, mutatedStreams } from './jsonStreams';

function kubesenseReading(text: string): { values: string[]; error: string } {
  const r = readStreamDocuments(text);
  return { values: r.documents.map((d) => marshalJSON(d.value as GoJSONValue)), error: r.error ?? '' };
}

test('hand-picked JSON streams read as kubectl reads them (values and errors, word for word)', () => {
  const go = goStreamReadings(HANDPICKED.map((s) => Buffer.from(s))).streams;
  const differ = HANDPICKED.map((s, i) => ({ s, go: go[i], mine: kubesenseReading(s) })).filter(
    (c) => JSON.stringify(c.go) !== JSON.stringify(c.mine),
  );
  assert.deepEqual(differ, []);
  // The cases the decoder exists for: YAML readers refuse these characters, Go's JSON does not.
  assert.equal(go[0].error, '');
  assert.match(go[0].values[0], /"x":"a\u007fb"/);
});

/** kubesense's YAML reader on one document, as the Go program prints sigs.k8s.io/yaml's reading. */
function yamlReading(doc: string): { values: string[]; error: string } {
  try {
    return { values: [marshalJSON(yamlToJSON(doc) as GoJSONValue)], error: '' };
  } catch (e) {
    return { values: [], error: (e as GoYAMLError).message };
  }
}

test('seeded mutations of JSON manifests read as kubectl reads them', () => {
  const streams = mutatedStreams(1500, 20261207);
  // The YAML each stream goes on with, judged on its own: where kubesense's YAML reader (not this stream reading)
  // differs from go-yaml, the stream cannot agree and is counted apart.
  const yamlParts = streams.map((s) => {
    const start = readYAMLOrJSONStream(s, { maxDepth: 10_000 }).yamlStart;
    return start === undefined ? [] : splitYamlDocuments(s.slice(start)).map((d) => d.text);
  });
  const go = goStreamReadings(
    streams.map((s) => Buffer.from(s)),
    yamlParts.flat().map((d) => Buffer.from(d)),
  );
  let next = 0;
  const differ: unknown[] = [];
  let errors = 0;
  let yamlReaderDiffers = 0;
  streams.forEach((s, i) => {
    const parts = yamlParts[i].map((d) => ({ go: go.yamlDocuments[next++], mine: yamlReading(d) }));
    if (parts.some((p) => JSON.stringify(p.go) !== JSON.stringify(p.mine))) {
      yamlReaderDiffers++;
      return;
    }
    const mine = kubesenseReading(s);
    if (go.streams[i].error) errors++;
    if (JSON.stringify(go.streams[i]) !== JSON.stringify(mine)) differ.push({ stream: s, go: go.streams[i], mine });
  });
  assert.deepEqual(differ.slice(0, 5), []);
  // Both outcomes are well represented, so the comparison says something about each; few streams are left out.
  assert.ok(
    errors > 50 && errors < streams.length - 50,
    `${errors} of ${streams.length} streams fail in Go (${yamlReaderDiffers} left out)`,
  );
  // Left out: 9 (44 before go-yaml's first-node-only reading, goYAMLFirstDocument), multi-line flow mappings whose
  // keys the `yaml` package reads with their leading whitespace.
  assert.ok(yamlReaderDiffers <= 9, `${yamlReaderDiffers} streams left out`);
});

test('readManifests: a JSON stream of objects, then YAML after a JSON object, with their lines', () => {
  const text =
    '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"},"data":{"x":"\x7f"}}\n' +
    '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}\n' +
    '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"},"data":{"big":9007199254740993}}\n';
  const objects = readManifests(text, 'f.json');
  assert.deepEqual(
    objects.map((o) => [o.object.metadata?.name, o.documentIndex, o.line]),
    [
      ['a', 0, 0],
      ['b', 1, 1],
      ['c', 2, 2],
    ],
  );
  const mixed = readManifests(
    '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a"}}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: b\n',
    'm.json',
  );
  assert.deepEqual(
    mixed.map((o) => [o.object.metadata?.name, o.line]),
    [
      ['a', 0],
      ['b', 2],
    ],
  );
  assert.throws(
    () => readManifests('{"kind":"A"}\n{"kind":"B"}\n{"kind":"C",}\n', 'bad.json'),
    /error parsing bad\.json: invalid character '}' looking for beginning of object key string/,
  );
});
