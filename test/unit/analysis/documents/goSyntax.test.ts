// YAML syntax diagnostics of the language server and `kubesense check` against go-yaml v2 itself: for every
// document the `yaml` package refuses in seeded mutations of real multi-document YAML (../shared/k8s), the problem
// shown is go-yaml's (yaml.Unmarshal of the document as kubectl sends it: from the line after its `---`), in its
// words and on the line it names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseManifestFile } from '../../../../analysis/documents';
import { prng } from '../../seeded';
import { goErrors, isGoSyntaxError, mutate, realYAML } from '../../kube/util/go/goyamlVectors';

test('YAML syntax diagnostics are go-yaml words on go-yaml lines, per document', (t) => {
  const sources = realYAML().filter((s) => /^---/m.test(s));
  assert.ok(sources.length > 20, 'multi-document YAML found');
  const rand = prng(6122026);
  const cases: Array<{ text: string; first: { message: string; line: number } }> = [];
  // Lines as go-yaml counts them: a lone CR ends one too.
  const goLines = (t: string) => t.split(/\r\n?|[\n\u0085\u2028\u2029]/).length;
  for (let i = 0; i < 600; i++) {
    const text = mutate(sources[Math.floor(rand() * sources.length)], rand);
    const file = parseManifestFile(text, 'f.yaml');
    for (const d of file.documents) {
      const p = d.problems.find((x) => x.code === 'yaml-syntax');
      if (!p) continue;
      const marker = /^---[ \t]*(?:#[^\n]*)?\n/.exec(text.slice(d.range.start, d.range.end));
      const chunkStart = d.range.start + (marker ? marker[0].length : 0);
      // kubectl refuses a `---` line with more than a comment after it before go-yaml reads the document.
      if (p.message.startsWith('invalid Yaml document separator: ')) continue;
      const piece = text.slice(chunkStart, d.range.end);
      cases.push({
        text: piece,
        first: {
          message: p.message,
          line: Math.min(
            goLines(text.slice(chunkStart, p.range.start)),
            goLines(piece.replace(/(?:\r\n?|[\n\u0085\u2028\u2029])$/, '')),
          ),
        },
      });
    }
  }
  const want = goErrors(cases.map((c) => c.text));
  let compared = 0;
  const mismatches: string[] = [];
  cases.forEach((c, i) => {
    // Documents go-yaml reads (the `yaml` package alone refuses them) keep the `yaml` package's words; characters
    // libyaml's reader refuses are reported at the character with its code point (limits.test.ts).
    if (!isGoSyntaxError(want[i]) || want[i] === 'yaml: control characters are not allowed') return;
    compared++;
    const m = /^yaml: (?:line (\d+): )?([^]*)$/.exec(want[i])!;
    if (c.first.message !== m[2]) mismatches.push(`#${i}: go ${JSON.stringify(want[i])} ours ${c.first.message}`);
    // go-yaml may name the line after the last (an error at the end): that is shown on the last line.
    else if (
      m[1] !== undefined &&
      c.first.line !== Math.min(Number(m[1]), goLines(c.text.replace(/(?:\r\n?|[\n\u0085\u2028\u2029])$/, '')))
    )
      mismatches.push(`#${i}: go ${JSON.stringify(want[i])} ours on line ${c.first.line}`);
  });
  t.diagnostic(`${compared} documents with go-yaml syntax errors compared, ${mismatches.length} differ`);
  assert.ok(compared > 100, `enough broken documents (${compared})`);
  assert.deepEqual(mismatches.slice(0, 10), []);
});
