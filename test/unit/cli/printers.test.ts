// The pieces behind `get -o jsonpath|custom-columns` and `--sort-by` that need no cluster. Expected values were
// printed by Go 1.26 (fmt, strconv.Quote, sort.Sort) from the same inputs; the differential tests against
// kubectl are in test/integration/cli/get.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFloat, quote as goQuote, sharpV as goSharpV, sprint as goSprint } from '../../../kube/util/go';

const goFloat = (n: number) => formatFloat(n, 'g');
import { columnsFromSpec, columnsFromTemplate, CustomColumnsPrinter } from '../../../cli/printers/customColumns';
import { goSort, isLess, sortObjects } from '../../../cli/printers/sort';
import { parseQuantity } from '../../../kube/util/quantity';
import { executeJSONPath, parseJSONPath, relaxedJSONPathExpression } from '../../../cli/jsonpath';
import { printYAML } from '../../../cli/printers/object';

test('goFloat is fmt %v of a float64', () => {
  const cases: Array<[number, string]> = [
    [1.5, '1.5'],
    [0.1, '0.1'],
    [1e-5, '1e-05'],
    [0.0001, '0.0001'],
    [123456.5, '123456.5'],
    [1234567.5, '1.2345675e+06'],
    [1e21, '1e+21'],
    [1.25e22, '1.25e+22'],
    [-2.5, '-2.5'],
    [3e-7, '3e-07'],
    [100.25, '100.25'],
  ];
  for (const [n, want] of cases) assert.equal(goFloat(n), want, String(n));
});

test('goQuote is strconv.Quote', () => {
  const cases: Array<[string, string]> = [
    ['plain', '"plain"'],
    ['tab\there', '"tab\\there"'],
    ['quote"back\\', '"quote\\"back\\\\"'],
    ['bell\x07 nul\x00 del\x7f', '"bell\\a nul\\x00 del\\x7f"'],
    ['é ü 日本', '"é ü 日本"'],
    ['\u00a0nbsp', '"\\u00a0nbsp"'],
    ['\u200bzw', '"\\u200bzw"'],
    ['emoji 😀', '"emoji 😀"'],
    ['esc\x1b', '"esc\\x1b"'],
  ];
  for (const [s, want] of cases) assert.equal(goQuote(s), want);
});

test('goSharpV and goSprint print decoded JSON as %#v and %v', () => {
  const v = JSON.parse('{"b":[1,"x",null,true,{"z":1.5}],"a":{},"c":[],"d":"q\\""}') as unknown;
  assert.equal(
    goSharpV(v),
    'map[string]interface {}{"a":map[string]interface {}{}, "b":[]interface {}{1, "x", interface {}(nil), true, map[string]interface {}{"z":1.5}}, "c":[]interface {}{}, "d":"q\\""}',
  );
  assert.equal(goSprint(v), 'map[a:map[] b:[1 x <nil> true map[z:1.5]] c:[] d:q"]');
});

test('goSort is sort.Sort: the same permutation for ties and "missing is less"', () => {
  const expected: Record<number, number[]> = {
    5: [0, 1, 3, 4, 2],
    13: [0, 10, 5, 8, 6, 3, 1, 11, 4, 9, 7, 2, 12],
    40: [
      5, 15, 0, 30, 35, 10, 20, 18, 8, 38, 36, 33, 28, 13, 23, 31, 26, 1, 6, 11, 3, 21, 16, 19, 24, 9, 14, 4, 39, 29,
      34, 22, 32, 7, 2, 12, 27, 37, 25, 17,
    ],
    130: [
      120, 40, 45, 75, 90, 60, 100, 55, 20, 10, 110, 35, 115, 15, 105, 0, 125, 95, 30, 85, 50, 65, 5, 70, 23, 73, 93,
      83, 28, 80, 98, 18, 78, 33, 103, 13, 36, 88, 38, 108, 8, 68, 118, 43, 63, 123, 124, 128, 48, 53, 31, 81, 1, 126,
      3, 47, 56, 121, 6, 116, 46, 61, 111, 11, 106, 16, 66, 101, 41, 96, 21, 71, 91, 51, 86, 26, 76, 24, 104, 79, 29,
      129, 49, 54, 84, 34, 74, 4, 58, 89, 119, 59, 9, 114, 94, 39, 44, 109, 19, 99, 64, 14, 102, 72, 32, 67, 17, 107,
      12, 97, 69, 62, 112, 113, 22, 92, 42, 117, 7, 37, 25, 57, 122, 87, 27, 2, 82, 127, 52, 77,
    ],
  };
  for (const [n, want] of Object.entries(expected)) {
    const keys = Array.from({ length: Number(n) }, (_, i) => (i % 11 === 3 ? (i * 3) % 4 : ((i * 7) % 5) - 1));
    const ids = keys.map((_, i) => i);
    goSort(
      keys.length,
      (i, j) => (keys[i] < 0 ? true : keys[j] < 0 ? false : keys[i] < keys[j]),
      (i, j) => {
        [keys[i], keys[j]] = [keys[j], keys[i]];
        [ids[i], ids[j]] = [ids[j], ids[i]];
      },
    );
    assert.deepEqual(ids, want, `n=${n}`);
  }
});

test('isLess: quantities by size, other strings by bytes, numbers, null first', () => {
  assert.equal(parseQuantity('100m'), 0.1);
  assert.equal(parseQuantity('2Ki'), 2048);
  assert.equal(parseQuantity('1e3'), 1000);
  assert.equal(parseQuantity('10.244.1.7'), undefined);
  assert.ok(isLess('900m', '1'));
  assert.ok(isLess('10k', '2Ki') === false);
  assert.ok(isLess('10.244.1.20', '10.244.1.7'), 'not natural order');
  assert.ok(isLess('item10', 'item2'));
  assert.ok(isLess(2, 10));
  assert.ok(isLess(null, 'a'));
  assert.throws(() => isLess({}, {}, '{.x}'), /unsortable type: map\[string\]interface \{\}/);
  const objs = [{ n: 'b' }, { m: 1 }, { n: 'a' }];
  sortObjects(objs, 'n');
  assert.deepEqual(objs, [{ m: 1 }, { n: 'a' }, { n: 'b' }]);
  assert.throws(() => sortObjects(objs, '.nope'), /couldn't find any field with path "\{\.nope\}"/);
});

test('relaxed paths and custom-columns specs', () => {
  for (const p of ['a.b', '.a.b', '{a.b}', '{.a.b}']) assert.equal(relaxedJSONPathExpression(p), '{.a.b}');
  assert.throws(() => relaxedJSONPathExpression('{.a}{.b}'), /unexpected path string/);
  assert.deepEqual(columnsFromSpec('A:B:C'), [{ header: 'A', fieldSpec: '{.B:C}' }]);
  assert.throws(
    () => columnsFromSpec('A:.a,B'),
    /unexpected custom-columns spec: B, expected <header>:<json-path-expr>/,
  );
  assert.deepEqual(columnsFromTemplate('X  Y\r\n.a   b\n'), [
    { header: 'X', fieldSpec: '{.a}' },
    { header: 'Y', fieldSpec: '{.b}' },
  ]);
  assert.throws(() => columnsFromTemplate('X\n'), /missing spec line/);
  const printer = new CustomColumnsPrinter(columnsFromSpec('NAME:.n,V:.v[*]'), false);
  const printed = printer.print({ items: [{ n: 'a', v: [1, 'x\x1b'] }, { n: 'bb' }] }, true);
  assert.equal(printed.text, 'NAME   V\na      1,x^[\nbb     <none>\n');
  assert.equal(printed.error, undefined);
});

test('jsonpath: client-go array bounds, filters on nil, as-json output', () => {
  const run = (t: string, data: unknown, asJSON = false) =>
    executeJSONPath(parseJSONPath(t), data, { allowMissing: true, asJSON, showValues: true });
  assert.throws(() => run('{.a[3]}', { a: [1] }), /array index out of bounds: index 3, length 1/);
  assert.equal(run('{.a[-1]} {.a[0:0]}', { a: [1, 2] }), '2 ');
  assert.throws(() => run('{.a[?(@.x)]}', { a: null }), /<nil> is not array or slice and cannot be filtered/);
  assert.throws(() => run('{.a[0]}', { a: { b: 1 } }), /map\[string\]interface \{\} is not array or slice/);
  assert.equal(run('{.a}{"x"}', { a: 1.5 }, true), '[\n    1.5\n]\n[\n    "x"\n]\n');
  assert.throws(() => executeJSONPath(parseJSONPath('{.a.b}'), { a: {} }, { allowMissing: false }), /b is not found/);
  assert.equal(executeJSONPath(parseJSONPath('{.a[*].b}'), { a: [{}, { b: 1 }] }, { allowMissing: false }), '1');
});

test('numbers inside maps and lists print as kubectl prints them: json.Marshal in jsonpath, yaml.v2 in -o yaml', () => {
  const data = { spec: { ratio: 0.00001, big: 1234567.5, tiny: 1e-7, count: 3 } };
  // jsonpath prints a map as Go's json.Marshal: 'f' format down to 1e-6 (not %v's 1e-05).
  assert.equal(
    executeJSONPath(parseJSONPath('{.spec}'), data, {}),
    '{"big":1234567.5,"count":3,"ratio":0.00001,"tiny":1e-7}',
  );
  // A scalar result is fmt.Sprint: %v's 'g'.
  assert.equal(executeJSONPath(parseJSONPath('{.spec.big}'), data, {}), '1.2345675e+06');
  // -o yaml goes JSON -> yaml.v2, which prints floats with strconv 'g'.
  assert.equal(printYAML(data), 'spec:\n  big: 1.2345675e+06\n  count: 3\n  ratio: 1e-05\n  tiny: 1e-07\n');
});
