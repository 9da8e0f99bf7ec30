// Go's text/tabwriter as kubectl's describers configure it (tabbedString: minwidth 0, tabwidth 8, padding 2,
// pad with spaces, no flags). Unlike `kubesense get`'s table writer, widths are per column *block*: a run of
// consecutive lines that all have a cell in that column. A line with fewer cells ends the block, so
// "Name:\tx" lines separated by a section header align independently, exactly as kubectl prints them.

const PADDING = 2;

interface Cell {
  text: string;
  width: number;
}

/** Formats text whose cells are tab-terminated; returns it with columns aligned. */
export function tabbed(text: string): string {
  const rawLines = text.split('\n');
  // The text after the last newline is an unterminated line (Go's Flush still prints it).
  const lines: Cell[][] = rawLines.map((l) => l.split('\t').map((t) => ({ text: t, width: runeCount(t) })));
  const out: string[] = [];
  format(lines, 0, lines.length, [], out);
  return out.join('');
}

function format(lines: Cell[][], line0: number, line1: number, widths: number[], out: string[]): void {
  const column = widths.length;
  for (let row = line0; row < line1; row++) {
    if (column >= lines[row]!.length - 1) continue;
    // A cell in this column starts a block: print the lines before it with the widths known so far.
    writeLines(lines, line0, row, widths, out);
    line0 = row;
    let width = 0;
    for (; row < line1; row++) {
      const line = lines[row]!;
      if (column >= line.length - 1) break;
      width = Math.max(width, line[column]!.width + PADDING);
    }
    format(lines, line0, row, [...widths, width], out);
    line0 = row;
    row--; // the loop's increment revisits the line that ended the block
  }
  writeLines(lines, line0, line1, widths, out);
}

function writeLines(lines: Cell[][], from: number, to: number, widths: number[], out: string[]): void {
  for (let i = from; i < to; i++) {
    const line = lines[i]!;
    let s = '';
    line.forEach((cell, j) => {
      s += cell.text;
      if (j < widths.length && j < line.length - 1) s += ' '.repeat(Math.max(0, widths[j]! - cell.width));
    });
    out.push(i + 1 === lines.length ? s : s + '\n');
  }
}

function runeCount(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}
