// Go's text/tabwriter as kubectl configures it (minwidth 6, tabwidth 4, padding 3, pad with spaces):
// every cell but a line's last is padded to its column's width; the last cell is written as is.
export function goTabWriter(rows: string[][], opts = { minWidth: 6, padding: 3 }): string {
  const columns = Math.max(0, ...rows.map((r) => r.length - 1));
  const widths: number[] = [];
  for (let j = 0; j < columns; j++) {
    let w = opts.minWidth;
    for (const r of rows) if (j < r.length - 1) w = Math.max(w, [...r[j]].length + opts.padding);
    widths.push(w);
  }
  return rows
    .map(
      (r) =>
        r.map((cell, j) => (j < r.length - 1 ? cell + ' '.repeat(widths[j] - [...cell].length) : cell)).join('') + '\n',
    )
    .join('');
}
