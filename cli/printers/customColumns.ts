// kubectl's CustomColumnsPrinter (-o custom-columns=HEADER:PATH,… and -o custom-columns-file=FILE): one row per
// object (each item of a list), every cell the values a JSONPath finds joined by ",", `<none>` when it finds none.
import { findJSONPathResults, parseJSONPath, relaxedJSONPathExpression } from '../jsonpath';
import { sprint as goSprint } from '../../kube/util/go';
import { TabWriter } from './tabwriter';

export interface Column {
  header: string;
  /** A JSONPath template, `{.metadata.name}`. */
  fieldSpec: string;
}

/** `NAME:.metadata.name,AGE:.metadata.creationTimestamp` (split naively on "," and the first ":", as kubectl). */
export function columnsFromSpec(spec: string): Column[] {
  if (spec === '') throw new Error('custom-columns format specified but no custom columns given');
  return spec.split(',').map((part) => {
    const colon = part.indexOf(':');
    if (colon < 0) throw new Error(`unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>`);
    return { header: part.slice(0, colon), fieldSpec: relaxedJSONPathExpression(part.slice(colon + 1)) };
  });
}

const FORMAT_HINT = 'Expected format is one line of space separated headers, one line of space separated column specs.';

/** A custom-columns file: a line of headers, then a line of paths, both split on white space. */
export function columnsFromTemplate(text: string): Column[] {
  // bufio.Scanner lines: "\n" ends a line, a trailing "\r" is dropped; an empty file has no line at all.
  const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
  const words = (line: string) =>
    line
      .replace(/\r$/, '')
      .split(/[\s\u0085\u00a0]+/u)
      .filter((w) => w !== '');
  if (lines.length < 1) throw new Error(`invalid template, missing header line. ${FORMAT_HINT}`);
  const headers = words(lines[0]);
  if (lines.length < 2) throw new Error(`invalid template, missing spec line. ${FORMAT_HINT}`);
  const specs = words(lines[1]);
  if (headers.length !== specs.length)
    throw new Error(`number of headers (${headers.length}) and field specifications (${specs.length}) don't match`);
  return headers.map((header, i) => ({ header, fieldSpec: relaxedJSONPathExpression(specs[i]) }));
}

/** printers.EscapeTerminal: a value cannot move the cursor or rewrite the terminal. */
function escapeTerminal(s: string): string {
  return s.replace(/\x1b/g, '^[').replace(/\r/g, '\\r');
}

export interface PrintResult {
  text: string;
  /** What kubectl reports after printing the rows before it (headers are printed first). */
  error?: Error;
}

export class CustomColumnsPrinter {
  constructor(
    private readonly columns: Column[],
    private readonly noHeaders: boolean,
  ) {}

  /** One object, or every item of a list; the headers come first even when the list is empty. */
  print(obj: unknown, isList: boolean): PrintResult {
    const rows: string[][] = [];
    if (!this.noHeaders) rows.push(this.columns.map((c) => c.header));
    const done = (error?: Error): PrintResult => ({ text: rows.length ? new TabWriter().format(rows) : '', error });
    let parsers: ReturnType<typeof parseJSONPath>[];
    try {
      parsers = this.columns.map((c) => parseJSONPath(c.fieldSpec));
    } catch (e) {
      return done(e as Error);
    }
    const items = isList ? (((obj as { items?: unknown[] }).items ?? []) as unknown[]) : [obj];
    for (const item of items) {
      try {
        rows.push(parsers.map((p) => this.cell(p, item)));
      } catch (e) {
        return done(e as Error);
      }
    }
    return done();
  }

  private cell(parser: ReturnType<typeof parseJSONPath>, obj: unknown): string {
    const sets = findJSONPathResults(parser, obj, { allowMissing: true, showValues: true });
    const values: string[] = [];
    if (sets.length === 0 || sets[0].length === 0) values.push('<none>');
    for (const set of sets) for (const v of set) values.push(escapeTerminal(goSprint(v)));
    return values.join(',');
  }
}
