// The shortcuts `kubesense check` takes per document must answer exactly what the general code answers: the control
// character scan (a regular expression finds the candidates), short decimals (no BigInt), the fast reader's
// "no null in this value" (validation then skips withoutNulls' scan), and the search for directive lines.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseAllDocuments } from 'yaml';
import {
  firstControlCharacter,
  invalidUtf8,
  isPlainAscii,
  isPrintable,
  ReaderProblem,
} from '../../../../kube/util/yamlGuards';
import { resolvePlain } from '../../../../kube/util/go';
import { fastDocumentReading } from '../../../../analysis/documents/fastValues';
import { readManifestSubset } from '../../../../analysis/documents/subsetReader';
import { splitAtDocumentMarkers } from '../../../../analysis/documents/incremental';
import { listFiles, sharedK8s } from '../validation/sharedData';
import { prng } from '../../seeded';

/** The scan as it was: every character looked at in turn (libyaml's reader's printable set). */
function referenceScan(text: string, start: number, end: number): ReaderProblem | undefined {
  for (let i = start; i < end; i++) {
    const cp = text.codePointAt(i)!;
    if (cp > 0xffff) {
      i++;
      continue;
    }
    if (cp >= 0xd800 && cp <= 0xdfff) return { offset: i, message: 'invalid Unicode character' };
    if (!isPrintable(cp))
      return {
        offset: i,
        message: `control characters are not allowed (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`,
      };
  }
  return undefined;
}

// Characters of every kind the reader treats differently, astral pairs and lone surrogates among them.
const READER_CHARACTERS = [
  'a',
  ' ',
  '\n',
  '\t',
  '\r',
  '\x00',
  '\x1f',
  '\x7f',
  '\x85',
  '\xa0',
  'é',
  '\ud83d\ude00',
  '\ud800',
  '\udc00',
  '\ufffe',
  '\ufeff',
];

test('firstControlCharacter: the same answer as a scan of every character, on any part of a text', () => {
  const alphabet = READER_CHARACTERS;
  let seed = 12345;
  const random = (n: number): number => {
    seed = (seed * 48271) % 2147483647;
    return seed % n;
  };
  let found = 0;
  for (let round = 0; round < 3000; round++) {
    let text = '';
    const length = random(40);
    // Mostly plain text, as real files are: one unusual character in ten.
    for (let i = 0; i < length; i++) text += random(10) === 0 ? alphabet[random(alphabet.length)] : 'k';
    const start = random(text.length + 1);
    const end = start + random(text.length - start + 1);
    const expected = referenceScan(text, start, end);
    if (expected) found++;
    assert.deepEqual(firstControlCharacter(text, start, end), expected, JSON.stringify([text, start, end]));
  }
  assert.ok(found > 300, `${found} texts with a character to report`);
});

test("isPlainAscii: printable ASCII and line feeds only; such a text has no control character, and its pieces read the same without the subset reader's character scan", () => {
  const alphabet = [...READER_CHARACTERS, '~'];
  const next = prng(777);
  const random = (n: number): number => Math.floor(next() * n);
  let plain = 0;
  for (let round = 0; round < 3000; round++) {
    let text = '';
    for (let i = random(30); i > 0; i--) text += random(8) === 0 ? alphabet[random(alphabet.length)] : 'k';
    const expected = [...text].every((c) => c === '\n' || (c >= ' ' && c <= '~'));
    assert.equal(isPlainAscii(text), expected, JSON.stringify(text));
    if (!expected) continue;
    plain++;
    assert.equal(firstControlCharacter(text), undefined);
  }
  assert.ok(plain > 300 && plain < 2700, `${plain} plain texts`);
  const files = listFiles(sharedK8s, (f) => /\.ya?ml$/.test(f) && !/\/(cache|registry|openapi-v3)\//.test(f));
  let pieces = 0;
  for (const file of files) {
    const text = fs.readFileSync(file, 'utf8');
    if (!isPlainAscii(text)) continue;
    for (const { start, end } of splitAtDocumentMarkers(text) ?? [{ start: 0, end: text.length }]) {
      const piece = text.slice(start, end);
      const expected = readManifestSubset(piece);
      if (expected) pieces++;
      assert.deepEqual(readManifestSubset(piece, true), expected, `${file}: ${piece.slice(0, 80)}`);
    }
  }
  assert.ok(pieces > 1000, `${pieces} pieces read`);
});

test('invalidUtf8: nothing for valid UTF-8, every bad sequence otherwise', () => {
  assert.deepEqual(invalidUtf8(Buffer.from('apiVersion: v1\nkind: ConfigMap # é 😀\n', 'utf8')), []);
  assert.deepEqual(
    invalidUtf8(Buffer.from([0x61, 0xff, 0x62, 0xed, 0xa0, 0x80])).map((p) => p.message),
    // The encoded surrogate, then its two trailing bytes (one U+FFFD each in the decoded text, as WHATWG decodes).
    [
      'invalid leading UTF-8 octet',
      'invalid Unicode character',
      'invalid leading UTF-8 octet',
      'invalid leading UTF-8 octet',
    ],
  );
});

test('resolvePlain: short decimals read as ParseInt reads them, the rest as before', () => {
  for (const s of ['0', '1', '7', '80', '443', '65535', '123456789012345'])
    assert.deepEqual(resolvePlain(s), { tag: 'int', value: Number(s) }, s);
  // Octal, underscores, signs, beyond 2^53, floats: not the shortcut's.
  assert.deepEqual(resolvePlain('0777'), { tag: 'int', value: 511 });
  assert.deepEqual(resolvePlain('1_000'), { tag: 'int', value: 1000 });
  assert.deepEqual(resolvePlain('-12'), { tag: 'int', value: -12 });
  assert.deepEqual(resolvePlain('+12'), { tag: 'int', value: 12 });
  assert.deepEqual(resolvePlain('1.5'), { tag: 'float', value: 1.5 });
  assert.deepEqual(resolvePlain('08'), { tag: 'float', value: 8 });
  assert.equal(resolvePlain('9007199254740993').tag, 'int');
  assert.equal((resolvePlain('9007199254740993').value as { text: string }).text, '9007199254740993');
  assert.deepEqual(resolvePlain('2026-12-06'), { tag: 'timestamp', value: '2026-12-06' });
});

/** A mapping somewhere in v holds a null value (what validation's withoutNulls drops). */
/** A null a mapping or a list holds (a list's null item gets Go's zero value in validation: goZeroItems.ts). */
function holdsNull(v: unknown): boolean {
  if (Array.isArray(v)) return v.some((x) => x === null || holdsNull(x));
  if (v && typeof v === 'object') return Object.values(v).some((x) => x === null || holdsNull(x));
  return false;
}

test('fast reader: says whether a value holds a null (property or list item), on every corpus document it reads', () => {
  const files = listFiles(sharedK8s, (f) => /\.ya?ml$/.test(f) && !/\/(cache|registry|openapi-v3)\//.test(f));
  let withNulls = 0;
  let read = 0;
  for (const file of files) {
    for (const doc of parseAllDocuments(fs.readFileSync(file, 'utf8'))) {
      if (doc.errors.length > 0) continue;
      const source = doc.toString();
      const r = fastDocumentReading(source);
      if (!r) continue;
      read++;
      assert.equal(r.nullProperties, holdsNull(r.value), `${file}: ${source.slice(0, 80)}`);
      if (r.nullProperties) withNulls++;
    }
  }
  assert.ok(read > 1000, `${read} documents read`);
  assert.ok(withNulls > 20, `${withNulls} documents with a null`);
  assert.equal(fastDocumentReading('a:\n  b:\n  c: [1, null]\n')?.nullProperties, true);
  assert.equal(fastDocumentReading('a:\n  c: [1, null]\n')?.nullProperties, true);
  assert.equal(fastDocumentReading('a:\n  c: [1, 2]\n')?.nullProperties, false);
});

test('document markers: a file with a directive line is parsed whole, as `/^%/m` decides it', () => {
  // `%` where it starts a line (after each kind of line break JavaScript's `^` knows) and where it does not.
  const alphabet = ['a', ' ', '%', '\n', '\r', '\u2028', '\u2029', '---\n', '25%'];
  let seed = 987;
  const random = (n: number): number => {
    seed = (seed * 48271) % 2147483647;
    return seed % n;
  };
  let directives = 0;
  for (let round = 0; round < 3000; round++) {
    let text = '';
    const length = random(20);
    for (let i = 0; i < length; i++) text += alphabet[random(alphabet.length)];
    const expected = /^%/m.test(text);
    if (expected) directives++;
    assert.equal(splitAtDocumentMarkers(text) === undefined, expected, JSON.stringify(text));
  }
  assert.ok(directives > 300 && directives < 2700, `${directives} texts with a directive line`);
});
