// kubectl's HumanReadablePrinter for server-side tables (meta.k8s.io/v1 Table): priority-0 columns unless
// wide, upper-cased headers, optional NAMESPACE column and kind-qualified names, cells as Go's fmt.Sprint.
import { TabWriter } from './tabwriter';
import type { Table, TableColumnDefinition } from '../../kube/apimachinery/meta';

export type { Table, TableColumnDefinition, TableRow } from '../../kube/apimachinery/meta';

export interface TablePrintOptions {
  wide?: boolean;
  noHeaders?: boolean;
  withNamespace?: boolean;
  /** "pod", "deployment.apps": prefixes the name column ("pod/x") when several types are printed. */
  kindPrefix?: string;
  showLabels?: boolean;
}

export function isTable(obj: unknown): obj is Table {
  const o = obj as Table | undefined;
  return !!o && o.kind === 'Table' && /^meta\.k8s\.io\//.test(o.apiVersion ?? '');
}

/** Go's fmt.Sprint of a decoded JSON cell. */
export function formatCell(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    // kubectl truncates at the first line break and marks it.
    const brk = cell.search(/[\f\n\r]/);
    return brk >= 0 ? cell.slice(0, brk) + '...' : cell;
  }
  if (typeof cell === 'number' || typeof cell === 'boolean') return String(cell);
  if (Array.isArray(cell)) return `[${cell.map(formatCell).join(' ')}]`;
  return `map[${Object.keys(cell as object)
    .sort()
    .map((k) => `${k}:${formatCell((cell as Record<string, unknown>)[k])}`)
    .join(' ')}]`;
}

function formatLabels(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  if (keys.length === 0) return '<none>';
  return keys.map((k) => `${k}=${labels![k]}`).join(',');
}

/**
 * Prints tables one after another into the same aligned output (one TablePrinter per `get` invocation, as
 * kubectl keeps one tabwriter). Headers are printed once per distinct column set; an empty table prints nothing.
 */
export class TablePrinter {
  private readonly writer = new TabWriter();
  private lastColumns: string | undefined;
  private printedHeaders = false;

  constructor(private readonly options: TablePrintOptions) {}

  /** Rows to print for this table (header first when due). Call render() on the result. */
  rows(table: Table): string[][] {
    const columns = table.columnDefinitions ?? [];
    const key = JSON.stringify(columns);
    let noHeaders = !!this.options.noHeaders;
    if (columns.length === 0 || (this.printedHeaders && key === this.lastColumns)) noHeaders = true;
    if (columns.length > 0 && key !== this.lastColumns) {
      this.lastColumns = key;
      this.printedHeaders = false;
    }
    const allColumns = columns.length ? columns : (JSON.parse(this.lastColumns ?? '[]') as TableColumnDefinition[]);
    const rows = table.rows ?? [];
    if (rows.length === 0) return [];
    this.printedHeaders = true;
    const visible = allColumns.map((c, i) => ({ c, i })).filter(({ c }) => this.options.wide || !c.priority);
    const nameIndex = this.options.kindPrefix
      ? allColumns.findIndex((c) => c.format === 'name' && c.type === 'string')
      : -1;
    const out: string[][] = [];
    if (!noHeaders) {
      const header = visible.map(({ c }) => c.name.toUpperCase());
      if (this.options.withNamespace) header.unshift('NAMESPACE');
      if (this.options.showLabels) header.push('LABELS');
      out.push(header);
    }
    for (const row of rows) {
      const cells = visible.map(({ i }) => {
        const text = formatCell(row.cells[i]);
        return i === nameIndex ? `${this.options.kindPrefix}/${text}` : text;
      });
      if (this.options.withNamespace) cells.unshift(row.object?.metadata?.namespace ?? '');
      if (this.options.showLabels) cells.push(formatLabels(row.object?.metadata?.labels));
      out.push(cells);
    }
    return out;
  }

  render(rows: string[][]): string {
    return rows.length ? this.writer.format(rows) : '';
  }

  print(table: Table): string {
    return this.render(this.rows(table));
  }
}
