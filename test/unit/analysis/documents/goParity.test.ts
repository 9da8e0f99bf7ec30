// The document model against go-yaml itself (what kubectl and the API server read manifests with): for every
// `---` piece of the real YAML in ../shared/k8s and of thousands of seeded syntax mutations of it, sigs.k8s.io/yaml
// (apimachinery v0.35.4's, test/unit/kube/apply/vectors) says whether it reads the piece, in what words it refuses
// it and what values it reads; `parseManifestFile` must say the same, on the fast path of `kubesense check` and on
// the language server's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prng } from '../../seeded';
import { realYAML } from '../../kube/util/go/goyamlVectors';
import { goStreamReadings } from '../../kube/apply/jsonStreams';
import { difference, pieces } from './goParityCheck';
import { parityMutation } from './goParityMutations';
import { mayDifferFromGoYAML } from '../../../../analysis/documents/goParity';

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
