// The block-YAML reader (analysis/documents/blockYaml.ts) stands in for js-yaml in the fast reader: wherever it
// reads a document, the reading (value, null words, and every decision to give way to the full reader) must be
// js-yaml's. Compared on every document of ../shared/k8s, on mutated copies of them (indentation, quotes, block
// scalars, comments, markers...), and on the layouts where the two could plausibly part.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { readBlockDocument } from '../../../../analysis/documents/blockYaml';
import { fastDocumentReading } from '../../../../analysis/documents/fastValues';
import { splitAtDocumentMarkers } from '../../../../analysis/documents/incremental';
import { listFiles, sharedK8s } from '../validation/sharedData';

const asText = { plain: (t: string): unknown => t };

function corpusPieces(): string[] {
  const files = listFiles(sharedK8s, (f) => /\.ya?ml$/.test(f) && !/\/(openapi-v3|discovery)\//.test(f));
  assert.ok(files.length > 300, `expected the whole of ../shared/k8s, found ${files.length} files`);
  const pieces: string[] = [];
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    for (const c of splitAtDocumentMarkers(text) ?? [{ start: 0, end: text.length }])
      pieces.push(text.slice(c.start, c.end));
  }
  return pieces;
}

function sameReading(source: string, what: string): void {
  assert.deepStrictEqual(fastDocumentReading(source), fastDocumentReading(source, { jsYamlOnly: true }), what);
}

test('block reader: js-yaml’s reading of every document of ../shared/k8s, and reads most of them itself', () => {
  let own = 0;
  let fast = 0;
  const pieces = corpusPieces();
  pieces.forEach((piece, i) => {
    sameReading(piece, `piece ${i}: ${piece.slice(0, 80)}`);
    if (fastDocumentReading(piece, { jsYamlOnly: true })) {
      fast++;
      if (readBlockDocument(piece, asText)) own++;
    }
  });
  assert.ok(fast > 2000, `${fast} documents for the fast reader`);
  assert.ok(own > fast * 0.85, `the block reader read ${own} of ${fast}`);
});

test('block reader: js-yaml’s reading of mutated corpus documents', () => {
  const pieces = corpusPieces().filter((p) => p.length < 20000);
  const inserts = [
    ' ',
    '  ',
    ':',
    ': ',
    '-',
    '- ',
    '#',
    ' #',
    "'",
    '"',
    '|',
    '>',
    '|-',
    '>+',
    '|2',
    '[]',
    '{}',
    '\n',
    '\n\n',
    '\\',
    '\\n',
    '\\x4',
    '\\u00e9',
    '\\q',
    '---',
    '...',
    '0',
    'yes',
    'null',
    '~',
    '- a',
    'key: ',
    '\n  ',
    '\n- ',
    '"x"',
    "'y''z'",
    '[a]',
    '{a: b}',
    '1e3',
    '\n    \n',
    '\n#c\n',
    '\n   # c\n',
    'ü',
    '\uFEFF',
  ];
  // A fixed sequence (a small LCG), so that a failure can be replayed.
  let seed = 12345;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  let readable = 0;
  for (let k = 0; k < 6000; k++) {
    let s = pieces[next(pieces.length)];
    for (let m = 1 + next(3); m > 0; m--) {
      const at = next(s.length + 1);
      const kind = next(4);
      if (kind === 0) s = s.slice(0, at) + inserts[next(inserts.length)] + s.slice(at);
      else if (kind === 1) s = s.slice(0, at) + s.slice(at + 1 + next(3));
      else {
        const lines = s.split('\n');
        const l = next(lines.length);
        if (kind === 2) lines[l] = next(2) ? ` ${lines[l]}` : lines[l].replace(/^ /, '');
        else lines.splice(l, 0, lines[next(lines.length)]);
        s = lines.join('\n');
      }
    }
    sameReading(s, `mutation ${k}:\n${s}`);
    if (fastDocumentReading(s, { jsYamlOnly: true })) readable++;
  }
  assert.ok(readable > 1500, `${readable} mutated documents still fast-readable`);
});

test('block reader: layouts where a reader could go wrong', () => {
  const cases = [
    'a: 1\nb:\n- x\n- y\nc: z\n',
    'a:\n  - name: x\n    v:\n    - 1\n    w: 2\n  - y\n',
    'a: |\n  line 1\n\n  line 3\n\n\nb: x\n',
    'a: |-\n    deeper\n  less\n',
    'a: |+\n  keep\n\n\nb: 1\n',
    'a: >\n  folded\n  text\n\n  para\n    more indented\n  back\n',
    'a: >-\n\n  leading blank\n',
    'a: |\n      \n    first\n',
    'a: |2\n    two extra\n',
    'a: |\nb: 1\n',
    'a: "esc \\" \\\\ \\n \\t \\/ \\x41 \\u00e9"\n',
    "a: 'it''s'\n",
    '\'q k\': v\n"d k": w\n',
    'a: x # comment\nb: "y" # c\nc: [] # c\nd: {}\n',
    'a: x#not a comment\n',
    'a: b: c\n',
    'a: b:\n',
    'a: x\n  continued\n',
    'a: x\n\n  continued after a blank\n',
    'a: "x\n  y"\n',
    'a:\n  b: 1\n c: 2\n',
    'a:\n  - 1\n - 2\n',
    '- a\n',
    'a: 1\na: 2\n',
    '__proto__: x\n',
    'a: [1, 2]\n',
    'a: {b: c}\n',
    'a: -1\nb: - 1\n',
    'a: @x\n',
    '---\na: 1\n',
    '--- # c\na: 1\n',
    '--- a: 1\n',
    'a: 1\n---\n',
    'a: |\n  x\n---\n',
    'a: 1',
    'a: |\n  no final newline',
    '# only\n\na: 1\n# end',
    '  a: 1\n',
    'a:\n-\n- b\n',
    'a:    \n  b: 1\n',
    'k: 0777\n',
    'k: 1e3\n',
    'on: x\n',
    '1: x\n',
    'n: null\n',
    'n: ~\n',
    `${'a:\n '.repeat(1)}${'x: '.repeat(1)}y\n`,
    `k${'x'.repeat(1030)}: v\n`,
    'a:\n  - - x\n',
    'a: \u0085\n',
  ];
  for (const c of cases) sameReading(c, JSON.stringify(c));
  // Deep nesting: the block reader gives way, as js-yaml's caller does.
  let deep = '';
  for (let i = 0; i < 120; i++) deep += `${' '.repeat(i)}k:\n`;
  sameReading(`${deep}${' '.repeat(120)}v: 1\n`, 'deep nesting');
});
