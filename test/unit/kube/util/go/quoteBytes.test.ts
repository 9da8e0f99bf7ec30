// strconv.Quote of a Go string that need not be valid UTF-8 (a name the API server cut at a byte count): each
// expectation is what Go 1.26's strconv.Quote printed for those bytes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { quoteBytes } from '../../../../../kube/util/go';

test('quoteBytes prints valid runes as Quote does and every byte outside valid UTF-8 as \\xNN', () => {
  const cases: Array<[string, string]> = [
    ['61c3', String.raw`"a\xc3"`],
    ['c3a9', '"é"'],
    ['ff', String.raw`"\xff"`],
    ['c080', String.raw`"\xc0\x80"`], // overlong
    ['eda080', String.raw`"\xed\xa0\x80"`], // a surrogate
    ['f4908080', String.raw`"\xf4\x90\x80\x80"`], // above U+10FFFF
    ['e282', String.raw`"\xe2\x82"`],
    ['f09f9880', '"😀"'],
    ['e280a8', String.raw`"\u2028"`],
    ['7f01', String.raw`"\x7f\x01"`],
    ['c3c3a9', String.raw`"\xc3é"`],
    ['225c', String.raw`"\"\\"`],
  ];
  for (const [hex, go] of cases) assert.equal(quoteBytes(Buffer.from(hex, 'hex')), go, hex);
});
