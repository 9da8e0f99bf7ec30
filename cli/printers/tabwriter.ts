// The column alignment kubectl gets from Go's text/tabwriter as configured by printers.GetNewTabWriter
// (minwidth 6, tabwidth 4, padding 3, pad with spaces): each tab-terminated cell is padded to its column's
// widest cell plus 3; the last cell of a line is not a column and is never padded. Widths only grow
// (RememberWidths), so rows printed later under a watch stay aligned with the first table.

const MIN_WIDTH = 6;
const PADDING = 3;

export class TabWriter {
  private widths: number[] = [];

  /** Formats rows (cells without tabs) into aligned lines, each ending in "\n". */
  format(rows: string[][]): string {
    for (const row of rows) {
      for (let i = 0; i < row.length - 1; i++) {
        const w = Math.max(MIN_WIDTH, width(row[i]) + PADDING);
        if (!(this.widths[i] >= w)) this.widths[i] = w;
      }
    }
    let out = '';
    for (const row of rows) {
      let line = '';
      for (let i = 0; i < row.length; i++) {
        const cell = row[i];
        line += i < row.length - 1 ? cell + ' '.repeat(this.widths[i] - width(cell)) : cell;
      }
      out += line + '\n';
    }
    return out;
  }
}

/** Go's tabwriter counts UTF-8 runes. */
function width(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** One-shot helper. */
export function formatTable(rows: string[][]): string {
  return new TabWriter().format(rows);
}
