// Go's sort.Slice (kube/util/go/sort.ts) as cel-go's sortBy uses it: the orders of equal keys the real API server gave for
// `self.sortBy(x, x.i).map(x, x.n)` (kube-apiserver 1.35, 2026-12-06; celFolds.test.ts checks many more there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goSort } from '../../../../../kube/util/go';

/** The names n0…n(count-1) ordered by their keys as sort.Slice orders them. */
function sortedNames(keys: number[]): string {
  const order = keys.map((_k, i) => i);
  goSort(
    keys.length,
    (i, j) => keys[order[i]] < keys[order[j]],
    (i, j) => ([order[i], order[j]] = [order[j], order[i]]),
  );
  return order.map((i) => `n${i}`).join(' ');
}
const keysOf = (n: number, key: (i: number) => number) => Array.from({ length: n }, (_, i) => key(i));

test('sort.Slice keeps equal keys in input order up to 12 items (an insertion sort)', () => {
  assert.equal(sortedNames(keysOf(12, (i) => i % 3)), 'n0 n3 n6 n9 n1 n4 n7 n10 n2 n5 n8 n11');
});

test("sort.Slice moves equal keys from 13 items on, as the server's order shows", () => {
  assert.equal(sortedNames(keysOf(13, (i) => i % 3)), 'n6 n3 n0 n9 n12 n1 n4 n7 n10 n2 n5 n8 n11');
  assert.equal(
    sortedNames(keysOf(20, (i) => i % 3)),
    'n9 n18 n15 n3 n12 n0 n6 n10 n7 n4 n13 n16 n1 n19 n8 n5 n11 n14 n2 n17',
  );
  assert.equal(
    sortedNames(keysOf(40, (i) => i % 3)),
    'n15 n39 n36 n3 n33 n30 n6 n27 n24 n9 n0 n21 n12 n18 n10 n4 n16 n1 n13 n19 n37 n34 n22 n31 n28 n25 n7 n14 n8 ' +
      'n29 n5 n23 n32 n26 n11 n35 n2 n20 n38 n17',
  );
  assert.equal(
    sortedNames(keysOf(40, (i) => (i * 7) % 5)),
    'n20 n10 n35 n30 n0 n5 n25 n15 n28 n3 n8 n38 n33 n13 n18 n23 n26 n11 n1 n36 n6 n21 n16 n31 n34 n14 n24 n39 ' +
      'n19 n29 n9 n4 n7 n12 n22 n2 n32 n37 n17 n27',
  );
});

test('sort.Slice sorts: long inputs of every pattern end ordered', () => {
  for (const n of [50, 64, 200, 1000])
    for (const key of [(i: number) => (i * 7919) % 13, (i: number) => n - i, (i: number) => Math.min(i, n - i)]) {
      const keys = keysOf(n, key);
      const order = keys.map((_k, i) => i);
      goSort(
        n,
        (i, j) => keys[order[i]] < keys[order[j]],
        (i, j) => ([order[i], order[j]] = [order[j], order[i]]),
      );
      assert.deepEqual(
        order.map((i) => keys[i]),
        [...keys].sort((a, b) => a - b),
      );
    }
});
