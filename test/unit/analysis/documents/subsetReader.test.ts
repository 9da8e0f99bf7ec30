// The subset reader must answer exactly what fastValues' js-yaml path answers wherever it answers at all: the value
// (with its key order), the null words, the null properties — and never answer where that path gives up. Compared on
// every `---` piece of every YAML file of ../shared/k8s and on seeded mutations of them (characters, lines,
// indentation, quoting, escapes, scalars YAML 1.1 reads differently).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import {
  fastDocumentReading,
  FastReading,
  hasDocumentEndLine,
  subsetDocumentReading,
  UNUSUAL,
  unusualBesidesDocumentEnds,
} from '../../../../analysis/documents/fastValues';
import { parseManifestFile } from '../../../../analysis/documents/manifest';
import { splitAtDocumentMarkers } from '../../../../analysis/documents/incremental';
import { readManifestSubset, readManifestSubsetIn, type ReadPlaces } from '../../../../analysis/documents/subsetReader';
import { listFiles, sharedK8s } from '../validation/sharedData';

function pieces(): string[] {
  const out: string[] = [];
  for (const file of listFiles(sharedK8s, (f) => /\.ya?ml$/.test(f))) {
    const text = fs.readFileSync(file, 'utf8');
    for (const c of splitAtDocumentMarkers(text) ?? [{ start: 0, end: text.length }])
      out.push(text.slice(c.start, c.end));
  }
  return out;
}

/**
 * Compares the readers on one text; true when the subset reader answered. With `places`, also the offsets it found on
 * the way against the `yaml` AST's (the general code behind ManifestDocument.contentStart and rangeOf).
 */
function agree(source: string, places = false): boolean {
  const found = subsetDocumentReading(source);
  if (found === undefined) return false;
  const { places: offsets, ...subset } = found;
  const reference: FastReading | undefined = fastDocumentReading(source, 'js-yaml');
  const where = JSON.stringify(source.length > 2000 ? source.slice(0, 2000) : source);
  assert.notEqual(reference, undefined, `the subset reader answered where js-yaml's path gives up: ${where}`);
  // Which reader answered is said apart (goParity.ts asks go-yaml about js-yaml's readings): the answers must agree.
  const answer = { ...reference! };
  delete answer.byJsYaml;
  assert.deepEqual(subset, answer, where);
  assert.equal(JSON.stringify(subset.value), JSON.stringify(reference!.value), `key order: ${where}`);
  if (places) placesAgree(source, offsets, where);
  return true;
}

/** The subset reader's root start and `metadata.name` range are the AST's wherever it gives them. */
function placesAgree(source: string, offsets: ReadPlaces | undefined, where: string): void {
  assert.ok(offsets, `no places: ${where}`);
  const doc = parseManifestFile(source, 'piece.yaml').documents[0];
  if (offsets.rootStart >= 0) assert.equal(offsets.rootStart, doc.contentStart(), `root start: ${where}`);
  if (offsets.nameStart >= 0) {
    assert.deepEqual(
      { start: offsets.nameStart, end: offsets.nameEnd },
      doc.rangeOf(['metadata', 'name']),
      `metadata.name: ${where}`,
    );
    placesFound++;
  }
}
let placesFound = 0;

function random(seed: number): (n: number) => number {
  return (n) => {
    seed = (seed * 48271) % 2147483647;
    return seed % n;
  };
}

// Characters and scalars where YAML readers part ways.
const CHARACTERS = [
  ' ',
  '  ',
  '\n',
  ':',
  ': ',
  ' #',
  '#',
  '-',
  '- ',
  '"',
  "'",
  '\\',
  '|',
  '>',
  '[',
  ']',
  '{',
  '}',
  ',',
  '\t',
  '\r',
  '~',
  '&',
  '*',
  '!',
  '?',
  '.',
  '%',
  '@',
  '`',
  'é',
  '\u00a0',
  '\u2028',
  '\ufeff',
  '0',
  'y',
  'x',
];
const SCALARS = [
  'yes',
  'on',
  'Off',
  'y',
  'N',
  '0777',
  '0x1F',
  '1e3',
  '1.0',
  '1_000',
  '.5',
  '-.inf',
  '.NaN',
  'null',
  'Null',
  '~',
  '',
  '-',
  '- a',
  'a: b',
  'a:b',
  'a #b',
  'a#b',
  '|',
  '|-',
  '|+',
  '>',
  '>-',
  '|2',
  '>1-',
  '|\n  x\n y',
  '|\n\n   x\n  y\n',
  '>\n  a\n  b\n\n   c\n  d\n',
  '[a, b]',
  '[a,b,]',
  '[]',
  '{}',
  '{ }',
  '[ 1, "x", \'y\', null ]',
  '{a: b}',
  '"a\\tb"',
  '"\\x41\\u00e9\\U0001F600"',
  '"\\q"',
  '"a\\"b"',
  "'it''s'",
  '"a',
  "'a",
  '"a"b',
  '"a" #c',
  '"a"#c',
  '2026-12-06',
  '12:30',
  '+1',
  '-0',
  '9007199254740993',
  'true',
  'False',
  '"true"',
  '"1"',
  '<<',
  '__proto__',
  '&a x',
  '*a',
  '!!str x',
  'a  ',
  'NaN',
  'Infinity',
  '"80"',
  '80',
];

function mutate(source: string, r: (n: number) => number): string {
  const lines = source.split('\n');
  const at = r(lines.length);
  const line = lines[at];
  switch (r(9)) {
    case 0: {
      const i = r(source.length + 1);
      return source.slice(0, i) + CHARACTERS[r(CHARACTERS.length)] + source.slice(i + r(2));
    }
    case 1: {
      const i = r(source.length + 1);
      return source.slice(0, i) + source.slice(i + 1 + r(3));
    }
    case 2:
      lines[at] = r(2) ? ' '.repeat(1 + r(3)) + line : line.replace(/^ {1,2}/, '');
      return lines.join('\n');
    case 3:
      lines.splice(at, 0, r(2) ? line : lines[r(lines.length)]);
      return lines.join('\n');
    case 4:
      lines.splice(at, 1);
      return lines.join('\n');
    case 5: {
      // A value (after `key: ` or `- `) replaced by a scalar readers treat differently.
      const m = /^(\s*(?:- )?[^:#]*: |\s*- )/.exec(line);
      lines[at] = (m ? m[1] : line + ': ') + SCALARS[r(SCALARS.length)];
      return lines.join('\n');
    }
    case 6: {
      // The value quoted as it is, or with an escape added.
      const m = /^(\s*(?:- )?[^:#"']*: )(.+)$/.exec(line);
      if (!m) return source + SCALARS[r(SCALARS.length)];
      const q = r(2) ? '"' : "'";
      lines[at] = m[1] + q + m[2].replace(/["'\\]/g, q === '"' ? '\\$&' : "''") + (r(3) ? '' : '\\n') + q;
      return lines.join('\n');
    }
    case 7:
      return r(2) ? source.replace(/\n/g, '\r\n') : source.replace(/\n$/, r(2) ? '' : '  \n\n');
    default:
      lines[at] = line + (r(2) ? '   ' : ' # ' + SCALARS[r(SCALARS.length)]);
      return lines.join('\n');
  }
}

const all = pieces();

test('subset reader: the answer of the js-yaml path on every piece of ../shared/k8s, for most of them', () => {
  let answered = 0;
  let read = 0;
  placesFound = 0;
  for (const p of all) {
    if (agree(p, true)) answered++;
    if (fastDocumentReading(p, 'js-yaml')?.value) read++;
  }
  assert.ok(all.length > 2000, `${all.length} pieces`);
  // Nearly every piece js-yaml's path reads is read by the subset reader (the rest: multi-line scalars and the like).
  assert.ok(answered > 0.9 * read, `${answered} of ${read} pieces answered`);
  assert.ok(placesFound > 0.5 * answered, `metadata.name found in ${placesFound} of ${answered}`);
});

test('subset reader: the answer of the js-yaml path on seeded mutations of the corpus pieces', () => {
  const r = random(20261206);
  let answered = 0;
  let tried = 0;
  const small = all.filter((p) => p.length < 6000);
  for (let round = 0; round < 60000; round++) {
    let text = small[r(small.length)];
    for (let k = 1 + r(3); k > 0; k--) text = mutate(text, r);
    tried++;
    // One in ten also against the AST (a full parse each).
    if (agree(text, round % 10 === 0)) answered++;
  }
  console.log(`${answered} of ${tried} mutations answered`);
  // Many mutations stay inside the subset (the comparison means something), many leave it.
  assert.ok(answered > tried * 0.2 && answered < tried * 0.95, `${answered} of ${tried} mutations answered`);
});

test('subset reader: metadata.name and the root start as the AST has them, on mutations of the metadata lines', () => {
  const r = random(20261207);
  const named = all.filter((p) => p.length < 6000 && /^metadata:\n {2}name: /m.test(p));
  assert.ok(named.length > 100, `${named.length} pieces`);
  const VALUES = [...SCALARS, 'a b', 'a  # c', '"a" ', "'a' #c", 'x   ', '"a\\"b"', '[a]', '|\n    x', '', ' # c'];
  placesFound = 0;
  let answered = 0;
  for (let round = 0; round < 6000; round++) {
    let text = named[r(named.length)];
    // The name's value replaced, an indentation or comment changed on the lines around it, or lines before the root.
    text = text.replace(
      /^(metadata:\n(?: {2}\S.*\n)*? {2}name:)( .*)?$/m,
      (_, k: string) => `${k} ${VALUES[r(VALUES.length)]}`,
    );
    if (r(3) === 0) text = (r(2) ? '# c\n\n' : '---\n') + text;
    if (r(3) === 0) text = mutate(text, r);
    if (agree(text, true)) answered++;
  }
  console.log(`${answered} of 6000 metadata mutations answered, metadata.name placed in ${placesFound}`);
  assert.ok(placesFound > 1000, `${placesFound} placed`);
});

test('subset reader: a `...` at a line start is refused by the screen before it, as the reader itself refuses it', () => {
  // fastValues tells the reader not to look for `...` lines (its screen sent them on): that must lose nothing.
  const r = random(7);
  const small = all.filter((p) => p.length < 6000);
  const ends = ['...', '... # c', '...x', '....', '...\n', '... a: 1'];
  for (let round = 0; round < 3000; round++) {
    const lines = small[r(small.length)].split('\n');
    lines.splice(r(lines.length + 1), 0, ends[r(ends.length)]);
    const text = lines.join('\n');
    assert.equal(readManifestSubset(text), undefined, JSON.stringify(text.slice(0, 500)));
    assert.equal(subsetDocumentReading(text), undefined, JSON.stringify(text.slice(0, 500)));
    assert.equal(fastDocumentReading(text)?.places, undefined, JSON.stringify(text.slice(0, 500)));
  }
});

test('subset reader: a piece read where it is in a text answers as the piece alone, whatever surrounds it', () => {
  // ManifestFile has the reader read each piece in the file's text (no copy), its searches shared between pieces.
  const r = random(20261208);
  let files = 0;
  for (const file of listFiles(sharedK8s, (f) => /\.ya?ml$/.test(f))) {
    const text = fs.readFileSync(file, 'utf8');
    const chunks = splitAtDocumentMarkers(text) ?? [{ start: 0, end: text.length }];
    // In order, as ManifestFile reads them, and in a shuffled order (a search asked from before its last start).
    const order = r(2) ? chunks : [...chunks].sort(() => r(3) - 1);
    for (const { start, end } of order) {
      const piece = text.slice(start, end);
      assert.deepEqual(readManifestSubsetIn(text, start, end), readManifestSubset(piece), `${file}@${start}`);
    }
    files++;
  }
  assert.ok(files > 100, `${files} files`);
  // Mutated pieces with anything after them (indented lines that would continue a block scalar, blank lines, none).
  const small = all.filter((p) => p.length < 6000);
  const AFTER = ['', '\n', '  x\n', ' \n  y\n', '---\n', '...\n', '\n\n  z: 1\n', '- a\n', '  # c\n', 'a: 1'];
  for (let round = 0; round < 20000; round++) {
    let piece = small[r(small.length)];
    for (let k = r(3); k > 0; k--) piece = mutate(piece, r);
    const before = r(2) ? '' : small[r(small.length)];
    const text = before + piece + AFTER[r(AFTER.length)];
    const expected = readManifestSubset(piece);
    const where = JSON.stringify(piece.slice(0, 300));
    assert.deepEqual(readManifestSubsetIn(text, before.length, before.length + piece.length), expected, where);
  }
});

test('subset reader: the screen before it finds what UNUSUAL finds, `...` lines apart', () => {
  const r = random(20261209);
  const EXTRA = ['%', '\n%', '\u2028%', '\u2029%', '{', '{{', '{ {', '25%', '\n  %', ' &a', '*', '!x', '? ', '\n...'];
  let unusual = 0;
  for (let round = 0; round < all.length + 30000; round++) {
    let text = all[round % all.length];
    if (round >= all.length) {
      text = text.slice(0, 6000);
      for (let k = 1 + r(3); k > 0; k--) {
        const i = r(text.length + 1);
        const add = r(2) ? EXTRA[r(EXTRA.length)] : CHARACTERS[r(CHARACTERS.length)];
        text = text.slice(0, i) + add + text.slice(i);
      }
    }
    const expected = UNUSUAL.test(text);
    if (expected) unusual++;
    const where = JSON.stringify(text.slice(0, 300));
    assert.equal(unusualBesidesDocumentEnds(text) || hasDocumentEndLine(text), expected, where);
  }
  assert.ok(unusual > 5000, `${unusual} unusual`);
});

test('subset reader: hand-picked corners answer as js-yaml does, or not at all', () => {
  const cases = [
    'a: 1\nb:\n- x\n- z\nc: "q"\n',
    'a:\n  - b: 1\n    c: [1, 2]\n  -\n  - d\n',
    'a: |+\n  x\n\n\nb: >-\n  folded\n  text\n\n   more\n  end\n',
    'a: |2\n    x\n   y\n',
    'a: >\n\n  x\n  z\n\n   w\n  v\n',
    "a: 'it''s'\nb: \"\\u00e9\\\\\"\n",
    'a: x\n  # comment\nb: z\n',
    'a: b\n c\n',
    'a: 1\n"1": x\n',
    'a: yes\n',
    'a: null\nb: ~\n',
    'a: 1\na: 2\n',
    '__proto__: 1\n',
    '"a" : 1\n',
    'a:\n  b: 1\n c: 2\n',
    '- a\n',
    '  a: 1\n  b: 2\n',
    '---\na: 1\n---\nb: 2\n',
  ];
  let answered = 0;
  for (const c of cases) if (agree(c)) answered++;
  assert.ok(answered >= 9, `${answered} answered`);
  assert.deepEqual(subsetDocumentReading('a: null\nb: [1, null]\n'), {
    value: { a: null, b: [1, null] },
    nullWords: true,
    nullProperties: true,
    places: { rootStart: 0, nameStart: -1, nameEnd: -1 },
  });
  assert.equal(subsetDocumentReading('a: 1\na: 2\n'), undefined, 'a duplicate key is js-yaml’s to refuse');
  assert.equal(subsetDocumentReading('a: 1\n"1": x\n'), undefined, 'a key equal to a number read elsewhere');
});
