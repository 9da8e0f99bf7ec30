// The document model against go-yaml itself (what kubectl and the API server read manifests with): for every
// `---` piece of the real YAML in ../shared/k8s and of thousands of seeded syntax mutations of it, sigs.k8s.io/yaml
// (apimachinery v0.35.4's, test/unit/kube/apply/vectors) says whether it reads the piece, in what words it refuses
// it and what values it reads; `parseManifestFile` must say the same, on the fast path of `kubesense check` and on
// the language server's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile, type ManifestDocument } from '../../../../analysis/documents';
import { marshalJSON, type GoJSONValue } from '../../../../kube/util/go';
import { prng } from '../../seeded';
import { isGoSyntaxError, realYAML } from '../../kube/util/go/goyamlVectors';
import { goStreamReadings } from '../../kube/apply/jsonStreams';
import { parityMutation } from './goParityMutations';
import { mayDifferFromGoYAML } from '../../../../analysis/documents/goParity';

interface Piece {
  file: number;
  text: string;
  doc: ManifestDocument;
  /** Where the piece starts in its file. */
  start: number;
}

/** The piece of a document kubectl sends: from the line after its `---` marker. */
function pieces(text: string, fileIndex: number, fastValues: boolean): Piece[] {
  const file = parseManifestFile(text, 'f.yaml', { fastValues });
  return file.documents
    .filter((d) => !d.readAsJSON)
    .map((doc) => {
      const marker = /^---[ \t]*(?:#[^\n]*)?\n/.exec(text.slice(doc.range.start, doc.range.end));
      const start = doc.range.start + (marker ? marker[0].length : 0);
      return {
        file: fileIndex,
        text: text.slice(start, doc.range.end),
        doc,
        start,
      };
    });
}

/** How a document's reading differs from go-yaml's ("" when it does not). */
function difference(p: Piece, go: { values: string[]; error: string }): string {
  const syntax = p.doc.problems.find((x) => x.code === 'yaml-syntax' && x.severity === 'error');
  // kubectl's stream reader refuses a `---` line with more than a comment after it before go-yaml reads anything.
  const separator = /^---(.*)$/m.exec(
    p.doc.source.split('\n').filter((l) => /^---/.test(l) && !/^---\s*(#.*)?$/.test(l))[0] ?? '',
  );
  if (separator) {
    const want = `invalid Yaml document separator: ${separator[1].trim()}`;
    return syntax?.message === want ? '' : `kubectl refuses (${want}), ours ${syntax?.message ?? 'reads'}`;
  }
  const goError = go.error.replace(/^error converting YAML to JSON: /, '');
  if (goError && !isGoSyntaxError(goError)) return ''; // decode-level (JSON of .inf, invalid map keys): not syntax
  if (goError === 'yaml: control characters are not allowed') return syntax ? '' : 'go refuses, ours reads';
  if (goError) {
    if (!syntax) return `go refuses (${goError}), ours reads`;
    const m = /^yaml: (?:line (\d+): )?([^]*)$/.exec(goError)!;
    if (syntax.message !== m[2]) return `words: go ${JSON.stringify(goError)} ours ${JSON.stringify(syntax.message)}`;
    // Lines as go-yaml counts them (a lone CR ends one too), from the piece's start; an error past the end is shown
    // on the last line.
    const goLines = (t: string) => t.split(/\r\n?|[\n\u0085\u2028\u2029]/).length;
    const line = goLines(p.doc.file.text.slice(p.start, syntax.range.start));
    const last = goLines(p.text.replace(/(?:\r\n?|[\n\u0085\u2028\u2029])$/, ''));
    if (m[1] !== undefined && line !== Math.min(Number(m[1]), last))
      return `line: go ${JSON.stringify(goError)} ours on line ${line}`;
    return '';
  }
  if (syntax) return `go reads, ours refuses (${syntax.message})`;
  const ours = p.doc.value === null ? [] : [marshalJSON(p.doc.value as GoJSONValue)];
  const want = go.values.filter((v) => v !== 'null');
  return JSON.stringify(ours) === JSON.stringify(want) ? '' : `values: go ${want[0]} ours ${ours[0]}`;
}

interface Comparison {
  compared: number;
  refused: number;
  /** Pieces the screen passes (the go-yaml port never runs on them): they must agree like the rest. */
  screened: number;
  skipped: number;
  differ: string[];
}

function compare(texts: string[], fastValues: boolean): Comparison {
  const all = texts.flatMap((t, i) => pieces(t, i, fastValues));
  const go = goStreamReadings(
    [],
    all.map((p) => Buffer.from(p.text)),
  ).yamlDocuments;
  const r: Comparison = { compared: 0, refused: 0, screened: 0, skipped: 0, differ: [] };
  all.forEach((p, i) => {
    // Known and left: a byte order mark after the text's start (go-yaml reads it as content, or drops it at the
    // start of a piece, where kubesense does the other).
    if (p.doc.file.text.indexOf('\ufeff', 1) >= 0) {
      r.skipped++;
      return;
    }
    r.compared++;
    if (go[i].error) r.refused++;
    if (!mayDifferFromGoYAML(p.doc.source)) r.screened++;
    const d = difference(p, go[i]);
    if (d) r.differ.push(`${d} in ${JSON.stringify(p.text.length > 400 ? p.text.slice(0, 400) + '…' : p.text)}`);
  });
  return r;
}

const summary = (r: Comparison) =>
  `${r.compared} pieces (${r.screened} passed by the screen, ${r.skipped} left out), ${r.refused} refused by go-yaml, ` +
  `${r.differ.length} differ`;

// Whole lines only: a text cut inside a line is a different class (a block scalar ending without a line break).
const sources = realYAML()
  .map((s) => (s.endsWith('\n') ? s : s.slice(0, s.lastIndexOf('\n') + 1)))
  .filter((s) => !/^\s*\{/.test(s)); // JSON streams: jsonDocuments.test.ts

test('go-yaml parity: the real YAML of ../shared/k8s', (t) => {
  for (const fastValues of [true, false]) {
    const r = compare(sources, fastValues);
    t.diagnostic(`fastValues ${fastValues}: ${summary(r)}`);
    assert.deepEqual(r.differ.slice(0, 10), []);
  }
});

test('go-yaml parity: seeded syntax mutations (verdict, words, line, values)', (t) => {
  const rand = prng(Number(process.env.KUBESENSE_PARITY_SEED ?? 20261207));
  const N = Number(process.env.KUBESENSE_PARITY_MUTATIONS ?? 3000);
  const texts: string[] = [];
  for (let i = 0; i < N; i++) {
    const text = parityMutation(sources[Math.floor(rand() * sources.length)], rand);
    // A mutation that made a JSON stream is read as kubectl reads JSON (jsonDocuments.test.ts).
    if (!/^\s*\{/.test(text)) texts.push(text);
  }
  for (const fastValues of [true, false]) {
    const r = compare(texts, fastValues);
    t.diagnostic(`fastValues ${fastValues}: ${summary(r)}`);
    assert.ok(r.refused > r.compared / 10, 'the mutations do break pieces');
    assert.deepEqual(r.differ.slice(0, 10), []);
  }
});
