// The column alignment kubectl gets from text/tabwriter as configured by printers.GetNewTabWriter
// (github.com/liggitt/tabwriter: minwidth 6, tabwidth 4, padding 3, pad with spaces, RememberWidths),
// ported algorithm and all. Rows are written as Go's printers write them: cells joined by tabs, a
// newline after each row. A tab- or newline-terminated piece of text is a cell; the last cell of a
// line (before its newline) is not part of a column and is never padded. A column is aligned over a
// block of consecutive lines that all have a cell in it, so a cell holding a newline (a certificate
// in a ConfigMap) ends the block there, exactly as in kubectl. Widths only grow across calls
// (RememberWidths), so rows printed later under a watch stay aligned with the first table.

const MIN_WIDTH = 6;
const PADDING = 3;

type Line = string[];

export class TabWriter {
  /** RememberWidths: the widest each column has been, over every flush. */
  private maxWidths: number[] = [];

  /** Formats rows into aligned lines, each ending in "\n". */
  format(rows: string[][]): string {
    const text = rows.map((r) => r.join('\t') + '\n').join('');
    let out = '';
    let lines: Line[] = [];
    for (const raw of text.slice(0, -1).split('\n')) {
      const line = raw.split('\t');
      lines.push(line);
      // As Go's Write: a line of one cell cannot affect the lines after it, so the buffer is flushed.
      if (line.length === 1) {
        out += this.flush(lines);
        lines = [];
      }
    }
    return out + this.flush(lines);
  }

  private flush(lines: Line[]): string {
    if (lines.length === 0) return '';
    const widths: number[] = [];
    let out = '';
    const writeLines = (line0: number, line1: number) => {
      for (let i = line0; i < line1; i++) {
        const line = lines[i];
        for (let j = 0; j < line.length; j++) {
          out += line[j];
          if (j < widths.length) out += ' '.repeat(Math.max(0, widths[j] - width(line[j])));
        }
        out += '\n';
      }
    };
    const format = (line0: number, line1: number) => {
      const column = widths.length;
      for (let current = line0; current < line1; current++) {
        if (column >= lines[current].length - 1) continue;
        // A cell in this column: print the lines above the block, then find the block's extent.
        writeLines(line0, current);
        line0 = current;
        let w = MIN_WIDTH;
        for (; current < line1; current++) {
          const line = lines[current];
          if (column >= line.length - 1) break;
          w = Math.max(w, width(line[column]) + PADDING);
        }
        if (this.maxWidths.length < widths.length) this.maxWidths.push(...widths.slice(this.maxWidths.length));
        if (this.maxWidths.length === widths.length) this.maxWidths.push(w);
        else if (this.maxWidths[widths.length] > w) w = this.maxWidths[widths.length];
        else this.maxWidths[widths.length] = w;
        widths.push(w);
        format(line0, current);
        widths.pop();
        line0 = current;
      }
      writeLines(line0, line1);
    };
    format(0, lines.length);
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
