// How `kubesense get` prints what getFetch.ts fetched: server-side tables (aligned per type, sorted by
// --sort-by) or objects through -o json|yaml|name|jsonpath|custom-columns, in kubectl's order of errors.
import * as fs from 'node:fs';
import type { Unstructured } from '../kube/dynamic/unstructured';
import type { RESTMapping } from '../kube/mapper';
import type { KubeList } from '../kube/rest/pager';
import { humanDuration } from '../kube/util/duration';
import { CommandError, type CommandContext } from './command';
import { asList, printJSON, printName, printYAML } from './printers/object';
import { isTable, TablePrinter, type Table } from './printers/table';
import { columnsFromSpec, columnsFromTemplate, CustomColumnsPrinter } from './printers/customColumns';
import { JSONPathPrinter } from './printers/jsonpathPrinter';
import { sortObjects, sortTableRows } from './printers/sort';
import type { FetchedTable } from './getFetch';
import type { GetOptions } from './getOptions';
import type { Target } from './resourceArgs';

/** The formats kubesense get prints, in kubectl's wording (kubectl also lists its go-template family). */
const ALLOWED_FORMATS =
  'custom-columns,custom-columns-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,wide,yaml';

const TEMPLATE_FORMATS = ['jsonpath', 'jsonpath-file', 'jsonpath-as-json', 'custom-columns', 'custom-columns-file'];

const GO_TEMPLATE_FORMATS = ['go-template', 'go-template-file', 'template', 'templatefile'];

export type ObjectPrinter = (obj: unknown, isList: boolean) => { text: string; error?: unknown };

/**
 * kubectl's PrintFlags.ToPrinter for everything but tables; like kubectl it runs after the objects were fetched,
 * so its errors (unknown format, bad template, unreadable file) come after "not found" and the like.
 */
export function objectPrinter(opts: GetOptions): ObjectPrinter {
  let format = opts.output;
  let template = opts.template;
  if (template === '') {
    const eq = format.indexOf('=');
    if (eq >= 0 && [...TEMPLATE_FORMATS, ...GO_TEMPLATE_FORMATS].includes(format.slice(0, eq))) {
      template = format.slice(eq + 1);
      format = format.slice(0, eq);
    }
  }
  const ok = (text: string) => ({ text });
  switch (format) {
    case 'json':
      return (obj) => ok(printJSON(obj));
    case 'yaml':
      return (obj) => ok(printYAML(obj));
    case 'name':
      return (obj, isList) =>
        ok(
          (isList ? ((obj as { items: Unstructured[] }).items ?? []) : [obj as Unstructured])
            .map((o) => printName(o))
            .join(''),
        );
    case 'jsonpath':
    case 'jsonpath-file':
    case 'jsonpath-as-json': {
      if (template === '') throw new CommandError('template format specified but no template given');
      const text = format === 'jsonpath-file' ? readFile(template, '--template') : template;
      let printer: JSONPathPrinter;
      try {
        printer = new JSONPathPrinter(text, opts.allowMissingKeys, format === 'jsonpath-as-json');
      } catch (e) {
        throw new CommandError((e as Error).message);
      }
      return (obj) => {
        try {
          return ok(printer.print(obj));
        } catch (e) {
          return { text: '', error: e };
        }
      };
    }
    case 'custom-columns':
    case 'custom-columns-file': {
      if (template === '') throw new CommandError('custom-columns format specified but no custom columns given');
      let printer: CustomColumnsPrinter;
      try {
        // As kubectl, a columns file always prints its headers (--no-headers applies to the inline spec only).
        printer =
          format === 'custom-columns-file'
            ? new CustomColumnsPrinter(columnsFromTemplate(readFile(template, 'template')), false)
            : new CustomColumnsPrinter(columnsFromSpec(template), opts.noHeaders);
      } catch (e) {
        throw e instanceof CommandError ? e : new CommandError((e as Error).message);
      }
      return (obj, isList) => printer.print(obj, isList);
    }
  }
  if (GO_TEMPLATE_FORMATS.includes(format))
    throw new CommandError(`--output ${format} is not supported by kubesense get (use jsonpath or custom-columns)`);
  throw new CommandError(
    `unable to match a printer suitable for the output format ${JSON.stringify(opts.output)}, allowed formats are: ${ALLOWED_FORMATS}`,
  );
}

/** A template file, with Go's os.ReadFile error wording. */
function readFile(file: string, what: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason =
      err.code === 'ENOENT'
        ? `open ${file}: no such file or directory`
        : err.code === 'EACCES'
          ? `open ${file}: permission denied`
          : err.code === 'EISDIR'
            ? `read ${file}: is a directory`
            : err.message;
    throw new CommandError(`error reading ${what} ${file}, ${reason}\n`);
  }
}

function kindString(m: RESTMapping): string {
  const { group, kind } = m.groupVersionKind;
  return (group ? `${kind}.${group}` : kind).toLowerCase();
}

/**
 * Human-readable output: one server-side table per resource type, aligned per type, blank line between.
 * With --sort-by kubectl asks for whole objects in the rows and no chunks, sorts several tables as objects
 * (by the field of the Table itself, so usually with an error), then each table's rows by the field of their
 * objects; a table whose rows cannot be sorted is silently not printed.
 */
export function printTables(
  ctx: CommandContext,
  targets: Target[],
  fetched: FetchedTable[],
  namespace: string,
  opts: GetOptions,
  errors: unknown[],
): void {
  // kubectl's multipleGVKsRequested: kinds are shown when what came back is of more than one kind.
  const withKind = opts.showKind || new Set(fetched.map(({ target }) => gvkString(target.mapping))).size > 1;
  const tables = fetched.map(({ target, table }) => ({ target, table: isTable(table) ? table : fallbackTable(table) }));
  let printable = tables;
  if (opts.sortBy) {
    if (tables.length > 1) {
      try {
        sortObjects(tables, opts.sortBy, (t) => t.table);
      } catch (err) {
        errors.splice(0, errors.length, err);
        return;
      }
    }
    printable = tables.filter(({ table }) => {
      if ((table.rows?.length ?? 0) <= 1) return true;
      try {
        sortTableRows(table.rows!, opts.sortBy);
        return true;
      } catch {
        return false;
      }
    });
  }
  // A printer (header, alignment) per run of tables of one resource: kubectl starts a new one wherever the resource
  // changes, so objects of -f (a target each) share it while their files keep to one kind.
  const newPrinter = (m: RESTMapping) =>
    new TablePrinter({
      wide: opts.output === 'wide',
      noHeaders: opts.noHeaders,
      withNamespace: opts.allNamespaces && m.scope === 'namespace',
      kindPrefix: withKind ? kindString(m) : undefined,
      showLabels: opts.showLabels,
    });
  for (const target of targets) watchPrinters.set(target, newPrinter(target.mapping));
  let printedAny = false;
  for (let i = 0; i < printable.length;) {
    const m = printable[i].target.mapping;
    const printer = watchPrinters.get(printable[i].target) ?? newPrinter(m);
    const rows: string[][] = [];
    for (; i < printable.length && resourceString(printable[i].target.mapping) === resourceString(m); i++)
      rows.push(...printer.rows(printable[i].table));
    if (rows.length) {
      if (printedAny) ctx.io.stdout.write('\n');
      ctx.io.stdout.write(printer.render(rows));
      printedAny = true;
    }
  }
  if (!printedAny && errors.length === 0 && !opts.watchOnly && targets.every((t) => t.names.length === 0)) {
    const allNamespaced = targets.every((t) => t.mapping.scope === 'namespace');
    ctx.io.stderr.write(
      allNamespaced && namespace ? `No resources found in ${namespace} namespace.\n` : 'No resources found\n',
    );
  }
}

function gvkString(m: RESTMapping): string {
  const { group, version, kind } = m.groupVersionKind;
  return `${group}/${version}/${kind}`;
}

function resourceString(m: RESTMapping): string {
  const { group, version, resource } = m.resource;
  return `${group}/${version}/${resource}`;
}

/** The printers used for the initial table, reused by --watch so rows stay aligned (RememberWidths). */
export const watchPrinters = new WeakMap<Target, TablePrinter>();

/** Objects the server cannot print as a table get kubectl's default NAME/AGE columns. */
export function fallbackTable(obj: unknown): Table {
  const items: Unstructured[] = Array.isArray((obj as KubeList).items)
    ? ((obj as KubeList).items as Unstructured[])
    : [obj as Unstructured];
  const now = Date.now();
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    columnDefinitions: [
      { name: 'Name', type: 'string', format: 'name', priority: 0 },
      { name: 'Age', type: 'string', priority: 0 },
    ],
    rows: items.map((o) => {
      const created = o.metadata?.creationTimestamp;
      const age = created ? humanDuration(now - Date.parse(created)) : '<unknown>';
      return { cells: [o.metadata?.name ?? '', age], object: { metadata: o.metadata } };
    }),
    metadata: (obj as KubeList).metadata,
  };
}

/**
 * Every format but tables (kubectl's printGeneric): one object when a single one was implied (one name, or one
 * file naming one object) and found, else all of them in a v1 List, sorted by --sort-by; -o json/yaml leave
 * managedFields out unless asked, templates see them.
 */
export function printObjects(
  ctx: CommandContext,
  singleItem: boolean,
  objects: Unstructured[],
  opts: GetOptions,
  errors: unknown[],
): void {
  if (!opts.showManagedFields && ['json', 'yaml'].includes(opts.output))
    for (const o of objects) delete o.metadata?.managedFields;
  if (opts.watchOnly) return;
  // As kubectl: a single object asked for by name reports only its own error; nothing found is quiet when allowed.
  if (singleItem && errors.length) return;
  if (objects.length === 0 && opts.ignoreNotFound) return;
  let print: ObjectPrinter;
  try {
    print = objectPrinter(opts);
  } catch (err) {
    errors.splice(0, errors.length, err);
    return;
  }
  const isList = !(singleItem && objects.length === 1);
  if (isList && opts.sortBy) {
    try {
      sortObjects(objects, opts.sortBy);
    } catch (err) {
      errors.push(err);
      return;
    }
  }
  const { text, error } = print(isList ? asList(objects) : objects[0], isList);
  ctx.io.stdout.write(text);
  if (error) errors.push(error);
}
