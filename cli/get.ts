// `kubesense get`: kubectl get's arguments, output formats and messages. Tables come from the server
// (Accept: as=Table), so custom resources show their printer columns exactly as kubectl shows them.
import type { ErrGroupDiscoveryFailed } from '../kube/discovery';
import { getGroupVersionKind, type Unstructured } from '../kube/dynamic/unstructured';
import { isNoMatchError, type RESTMapping } from '../kube/mapper';
import { formatGroupVersion } from '../kube/apimachinery/schema';
import type { Request } from '../kube/rest/request';
import { isNotFound, StatusError } from '../kube/rest/errors';
import type { KubeList } from '../kube/rest/pager';
import type { Command, CommandContext } from './command';
import type { FlagSpec } from './flags';
import { CommandError, UsageError } from './command';
import type { ClientFactory } from '../kube/factory';
import { clientFactory } from './factory';
import { asList, printJSON, printName, printYAML } from './printers/object';
import { humanDuration } from '../kube/util/duration';
import { isTable, TablePrinter, type Table } from './printers/table';
import { columnsFromSpec, columnsFromTemplate, CustomColumnsPrinter } from './printers/custom-columns';
import { JSONPathPrinter } from './printers/jsonpath-printer';
import { sortObjects, sortTableRows } from './printers/sort';
import * as fs from 'node:fs';
import { errorMessage } from '../kube/util/errors';

import { TABLE_ACCEPT } from '../kube/apimachinery/meta';

/** The formats kubesense get prints, in kubectl's wording (kubectl also lists its go-template family). */
const ALLOWED_FORMATS =
  'custom-columns,custom-columns-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,wide,yaml';
const TEMPLATE_FORMATS = ['jsonpath', 'jsonpath-file', 'jsonpath-as-json', 'custom-columns', 'custom-columns-file'];
const GO_TEMPLATE_FORMATS = ['go-template', 'go-template-file', 'template', 'templatefile'];

export const ALL_NAMESPACES_FLAG: FlagSpec = {
  name: 'all-namespaces',
  short: 'A',
  kind: 'bool',
  default: false,
  description:
    'If present, list the requested object(s) across all namespaces. Namespace in current context is ignored even if specified with --namespace.',
};

export const CHUNK_SIZE_FLAG: FlagSpec = {
  name: 'chunk-size',
  kind: 'int',
  default: 500,
  description: 'Return large lists in chunks rather than all at once. Pass 0 to disable.',
};

export const command: Command = {
  name: 'get',
  short: 'Display one or many resources',
  long: `Display one or many resources.

Prints a table of the most important information about the specified resources. Tables come from the server,
so custom resources show the columns their definition declares.`,
  examples: `  # List all pods in ps output format
  kubesense get pods

  # List a single config map with specified NAME in YAML output format
  kubesense get configmap web -o yaml

  # List deployments in all namespaces, watching for changes
  kubesense get deployments -A --watch

  # Read a path on the API server
  kubesense get --raw /api/v1/namespaces`,
  usage:
    '[(-o|--output=)json|yaml|name|wide|custom-columns=...|custom-columns-file=...|jsonpath=...|jsonpath-file=...] (TYPE[.VERSION][.GROUP] [NAME | -l label] | TYPE[.VERSION][.GROUP]/NAME ...) [flags]',
  flags: [
    {
      name: 'output',
      short: 'o',
      kind: 'string',
      default: '',
      description:
        'Output format. One of: (json, yaml, name, jsonpath, jsonpath-as-json, jsonpath-file, custom-columns, custom-columns-file, wide). See custom columns [https://kubernetes.io/docs/reference/kubectl/#custom-columns] and jsonpath template [https://kubernetes.io/docs/reference/kubectl/jsonpath/].',
    },
    {
      name: 'template',
      kind: 'string',
      default: '',
      description:
        'Template string or path to template file to use when -o=jsonpath, -o=jsonpath-file, -o=custom-columns or -o=custom-columns-file.',
    },
    {
      name: 'allow-missing-template-keys',
      kind: 'bool',
      default: true,
      description:
        'If true, ignore any errors in templates when a field or map key is missing in the template. Only applies to golang and jsonpath output formats.',
    },
    {
      name: 'sort-by',
      kind: 'string',
      default: '',
      description:
        "If non-empty, sort list types using this field specification.  The field specification is expressed as a JSONPath expression (e.g. '{.metadata.name}'). The field in the API resource specified by this JSONPath expression must be an integer or a string.",
    },
    ALL_NAMESPACES_FLAG,
    {
      name: 'selector',
      short: 'l',
      kind: 'string',
      default: '',
      description: "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.",
    },
    {
      name: 'field-selector',
      kind: 'string',
      default: '',
      description: "Selector (field query) to filter on, supports '=', '==', and '!='.",
    },
    CHUNK_SIZE_FLAG,
    {
      name: 'watch',
      short: 'w',
      kind: 'bool',
      default: false,
      description: 'After listing/getting the requested object, watch for changes.',
    },
    {
      name: 'watch-only',
      kind: 'bool',
      default: false,
      description: 'Watch for changes to the requested object(s), without listing/getting first.',
    },
    {
      name: 'raw',
      kind: 'string',
      default: '',
      description: 'Raw URI to request from the server.  Uses the transport specified by the kubeconfig file.',
    },
    {
      name: 'no-headers',
      kind: 'bool',
      default: false,
      description:
        "When using the default or custom-column output format, don't print headers (default print headers).",
    },
    {
      name: 'show-kind',
      kind: 'bool',
      default: false,
      description: 'If present, list the resource type for the requested object(s).',
    },
    {
      name: 'show-labels',
      kind: 'bool',
      default: false,
      description: 'When printing, show all labels as the last column (default hide labels column)',
    },
    {
      name: 'show-managed-fields',
      kind: 'bool',
      default: false,
      description: 'If true, keep the managedFields when printing objects in JSON or YAML format.',
    },
    {
      name: 'ignore-not-found',
      kind: 'bool',
      default: false,
      description: 'If the requested object does not exist the command will return exit code 0.',
    },
  ],
  run: runGet,
};

export interface Target {
  mapping: RESTMapping;
  names: string[];
}

interface GetOptions {
  output: string;
  template: string;
  allowMissingKeys: boolean;
  sortBy: string;
  allNamespaces: boolean;
  selector: string;
  fieldSelector: string;
  chunkSize: number;
  watch: boolean;
  watchOnly: boolean;
  noHeaders: boolean;
  showKind: boolean;
  showLabels: boolean;
  ignoreNotFound: boolean;
  showManagedFields: boolean;
}

function options(ctx: CommandContext): GetOptions {
  const v = ctx.flags.values;
  return {
    output: String(v.get('output') ?? ''),
    template: String(v.get('template') ?? ''),
    allowMissingKeys: v.get('allow-missing-template-keys') !== false,
    sortBy: String(v.get('sort-by') ?? ''),
    allNamespaces: Boolean(v.get('all-namespaces')),
    selector: String(v.get('selector') ?? ''),
    fieldSelector: String(v.get('field-selector') ?? ''),
    chunkSize: Number(v.get('chunk-size') ?? 500),
    watch: Boolean(v.get('watch')),
    watchOnly: Boolean(v.get('watch-only')),
    noHeaders: Boolean(v.get('no-headers')),
    showKind: Boolean(v.get('show-kind')),
    showLabels: Boolean(v.get('show-labels')),
    ignoreNotFound: Boolean(v.get('ignore-not-found')),
    showManagedFields: Boolean(v.get('show-managed-fields')),
  };
}

async function runGet(ctx: CommandContext): Promise<number> {
  const opts = options(ctx);
  const raw = String(ctx.flags.values.get('raw') ?? '');
  if (ctx.flags.changed.has('raw')) {
    if (ctx.args.length) throw new UsageError('arguments may not be passed when --raw is specified');
    const factory = await clientFactory(ctx);
    return getRaw(ctx, factory, raw);
  }
  if (ctx.args.length === 0) {
    ctx.io.stderr.write(
      'You must specify the type of resource to get. Use "kubesense api-resources" for a complete list of supported resources.\n\n',
    );
    throw new UsageError('Required resource not specified.');
  }
  const factory = await clientFactory(ctx);
  const targets = await commandTargets(factory, ctx.args, opts.allNamespaces, opts.selector);
  if ((opts.watch || opts.watchOnly) && targets.length > 1)
    throw new CommandError('you may only specify a single resource type');
  if ((opts.watch || opts.watchOnly) && (targets.length !== 1 || targets[0].names.length > 1)) {
    const n = targets.reduce((s, t) => s + Math.max(1, t.names.length), 0);
    throw new CommandError(
      `watch is only supported on individual resources and resource collections, but ${n} resources were found`,
    );
  }
  // As kubectl: events are printed as they come, unsorted (a --watch still sorts the initial list).
  if (opts.sortBy && opts.watchOnly)
    ctx.io.stderr.write('warning: --watch-only requested, --sort-by will be ignored\n');
  else if (opts.sortBy && opts.watch)
    ctx.io.stderr.write('warning: --watch requested, --sort-by will be ignored for watch events received\n');
  const namespace = opts.allNamespaces ? '' : factory.namespace();
  const errors: unknown[] = [];
  const run = isHumanReadable(opts) ? printTables : printObjects;
  const listRV = await run(ctx, factory, targets, namespace, opts, errors);
  writeErrors(ctx, errors);
  if (errors.length) return 1;
  if ((opts.watch || opts.watchOnly) && targets.length === 1) {
    await watchTarget(ctx, factory, targets[0], namespace, opts, listRV);
  }
  return 0;
}

/** kubectl prints server-side tables unless asked for another format (a --template implies one). */
function isHumanReadable(opts: GetOptions): boolean {
  return (opts.output === '' && opts.template === '') || opts.output === 'wide';
}

/** kubectl's CheckErr: one error with its "error: " prefix, several one per line as an aggregate. */
export function writeErrors(ctx: CommandContext, errors: unknown[]): void {
  if (errors.length === 1) {
    // Some of kubectl's messages (jsonpath's) end in newlines of their own.
    const line = describeError(errors[0]);
    ctx.io.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
    return;
  }
  for (const e of errors) ctx.io.stderr.write(`${e instanceof StatusError ? describeError(e) : errorMessage(e)}\n`);
}

type ObjectPrinter = (obj: unknown, isList: boolean) => { text: string; error?: unknown };

/**
 * kubectl's PrintFlags.ToPrinter for everything but tables; like kubectl it runs after the objects were fetched,
 * so its errors (unknown format, bad template, unreadable file) come after "not found" and the like.
 */
function objectPrinter(opts: GetOptions): ObjectPrinter {
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

/** The objects a command's arguments name, with kubectl's errors for an unknown type, or a name with -A or -l. */
export async function commandTargets(
  factory: ClientFactory,
  args: string[],
  allNamespaces: boolean,
  selector: string,
): Promise<Target[]> {
  let targets: Target[];
  try {
    targets = await resolveTargets(factory, args);
  } catch (err) {
    if (isNoMatchError(err)) {
      const resource = (err as { partial?: { resource?: string } }).partial?.resource ?? args[0];
      throw new CommandError(`the server doesn't have a resource type "${resource}"`);
    }
    throw err;
  }
  if (allNamespaces && targets.some((t) => t.names.length > 0 && t.mapping.scope === 'namespace'))
    throw new CommandError('a resource cannot be retrieved by name across all namespaces');
  if (selector && targets.some((t) => t.names.length > 0))
    throw new CommandError('name cannot be provided when a selector is specified');
  return targets;
}

/** kubectl's ResourceTypeOrNameArgs: "TYPE[,TYPE] [NAME...]" or "TYPE/NAME [TYPE/NAME...]"; "all" expands. */
async function resolveTargets(factory: ClientFactory, args: string[]): Promise<Target[]> {
  const slashed = args.filter((a) => a.includes('/'));
  const targets: Target[] = [];
  const add = (mapping: RESTMapping, names: string[]) => {
    const same = targets.find((t) => sameResource(t.mapping, mapping));
    if (same) same.names.push(...names.filter((n) => !same.names.includes(n)));
    else targets.push({ mapping, names: [...names] });
  };
  if (slashed.length) {
    if (slashed.length !== args.length) {
      throw new CommandError(
        "there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'kubesense get resource/<resource_name>' instead of 'kubesense get resource resource/<resource_name>'",
      );
    }
    for (const arg of args) {
      const slash = arg.indexOf('/');
      const type = arg.slice(0, slash);
      const name = arg.slice(slash + 1);
      if (!type || !name)
        throw new CommandError(`arguments in resource/name form must have a single resource and name`);
      add(await factory.mappingFor(type), [name]);
    }
    return targets;
  }
  const [types, ...names] = args;
  const mapper = await factory.discoveryRESTMapper();
  for (const type of types.split(',').filter((t) => t !== '')) {
    const category = names.length === 0 ? mapper.expandCategory(type.toLowerCase()) : undefined;
    // A real resource named like a category wins (kubectl checks the category expander only for non-resources).
    if (category && !mapper.resourcesFor({ resource: type.toLowerCase() }).length) {
      for (const gr of category)
        add(await factory.mappingFor(gr.group ? `${gr.resource}.${gr.group}` : gr.resource), []);
      continue;
    }
    add(await factory.mappingFor(type), names);
  }
  return targets;
}

function sameResource(a: RESTMapping, b: RESTMapping): boolean {
  return (
    a.resource.group === b.resource.group &&
    a.resource.version === b.resource.version &&
    a.resource.resource === b.resource.resource
  );
}

function kindString(m: RESTMapping): string {
  const { group, kind } = m.groupVersionKind;
  return (group ? `${kind}.${group}` : kind).toLowerCase();
}

function collectionRequest(factory: ClientFactory, m: RESTMapping, namespace: string): Request {
  const gv = { group: m.resource.group, version: m.resource.version };
  const req = factory.restClient().forGroupVersion(gv).get();
  if (m.scope === 'namespace' && namespace) req.namespace(namespace);
  return req.resource(m.resource.resource);
}

/** "Error from server (NotFound): …" as kubectl's CheckErr prints a StatusError. */
export function describeError(err: unknown): string {
  if (err instanceof StatusError) return `Error from server (${err.reason || 'Unknown'}): ${err.message}`;
  return `error: ${errorMessage(err)}`;
}

export function printDiscoveryErrors(ctx: CommandContext, err: ErrGroupDiscoveryFailed): void {
  ctx.io.stderr.write(`error: ${err.message}\n`);
}

async function fetchPages<T>(
  fetch: (
    continueToken: string | undefined,
  ) => Promise<T & { metadata?: { continue?: string; resourceVersion?: string } }>,
  onPage: (page: T) => void,
): Promise<string> {
  let token: string | undefined;
  let rv = '';
  do {
    const page = await fetch(token);
    onPage(page);
    token = page.metadata?.continue || undefined;
    rv = page.metadata?.resourceVersion ?? rv;
  } while (token);
  return rv;
}

/**
 * Human-readable output: one server-side table per resource type, aligned per type, blank line between.
 * With --sort-by kubectl asks for whole objects in the rows and no chunks, sorts several tables as objects
 * (by the field of the Table itself, so usually with an error), then each table's rows by the field of their
 * objects; a table whose rows cannot be sorted is silently not printed.
 */
async function printTables(
  ctx: CommandContext,
  factory: ClientFactory,
  targets: Target[],
  namespace: string,
  opts: GetOptions,
  errors: unknown[],
): Promise<string> {
  const withKind = opts.showKind || targets.length > 1;
  let listRV = '';
  const tables: Array<{ target: Target; table: Table }> = [];
  const take = (target: Target, obj: unknown) =>
    tables.push({ target, table: isTable(obj) ? obj : fallbackTable(obj) });
  const includeObject = opts.sortBy ? 'Object' : undefined;
  for (const target of targets) {
    const m = target.mapping;
    if (target.names.length) {
      for (const name of target.names) {
        try {
          const obj = await collectionRequest(factory, m, namespace)
            .name(name)
            .setHeader('Accept', TABLE_ACCEPT)
            .params({ includeObject })
            .do<unknown>();
          if (!opts.watchOnly) take(target, obj);
        } catch (err) {
          if (opts.ignoreNotFound && isNotFound(err)) continue;
          errors.push(err);
        }
      }
    } else if (!opts.watchOnly) {
      try {
        listRV = await fetchPages<Table>(
          (token) =>
            collectionRequest(factory, m, namespace)
              .setHeader('Accept', TABLE_ACCEPT)
              .params({ ...listParams(opts, token), includeObject })
              .do<Table>(),
          (page) => take(target, page),
        );
      } catch (err) {
        errors.push(err);
        continue;
      }
    } else {
      listRV = await currentResourceVersion(factory, m, namespace, opts);
    }
  }
  let printable = tables;
  if (opts.sortBy) {
    if (tables.length > 1) {
      try {
        sortObjects(tables, opts.sortBy, (t) => t.table);
      } catch (err) {
        errors.splice(0, errors.length, err);
        return listRV;
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
  const printers = new Map<Target, TablePrinter>();
  for (const target of targets) {
    const m = target.mapping;
    const printer = new TablePrinter({
      wide: opts.output === 'wide',
      noHeaders: opts.noHeaders,
      withNamespace: opts.allNamespaces && m.scope === 'namespace',
      kindPrefix: withKind ? kindString(m) : undefined,
      showLabels: opts.showLabels,
    });
    printers.set(target, printer);
    watchPrinters.set(target, printer);
  }
  // Consecutive tables of one type print as one: one header, one alignment.
  let printedAny = false;
  for (let i = 0; i < printable.length;) {
    const target = printable[i].target;
    const printer = printers.get(target)!;
    const rows: string[][] = [];
    for (; i < printable.length && printable[i].target === target; i++) rows.push(...printer.rows(printable[i].table));
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
  return listRV;
}

/** The printers used for the initial table, reused by --watch so rows stay aligned (RememberWidths). */
const watchPrinters = new WeakMap<Target, TablePrinter>();

function listParams(opts: GetOptions, token: string | undefined): Record<string, string | number | undefined> {
  return {
    labelSelector: opts.selector || undefined,
    fieldSelector: opts.fieldSelector || undefined,
    // kubectl does not chunk when sorting: it sorts what one answer holds.
    limit: opts.chunkSize > 0 && !opts.sortBy ? opts.chunkSize : undefined,
    continue: token,
  };
}

async function currentResourceVersion(
  factory: ClientFactory,
  m: RESTMapping,
  namespace: string,
  opts: GetOptions,
): Promise<string> {
  const list = await collectionRequest(factory, m, namespace)
    .params({ labelSelector: opts.selector || undefined, fieldSelector: opts.fieldSelector || undefined, limit: 1 })
    .do<KubeList>();
  return list.metadata?.resourceVersion ?? '';
}

/** Objects the server cannot print as a table get kubectl's default NAME/AGE columns. */
function fallbackTable(obj: unknown): Table {
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
 * Every format but tables (kubectl's printGeneric): one object when one was asked for by name, else all of
 * them in a v1 List, sorted by --sort-by; -o json/yaml leave managedFields out unless asked, templates see them.
 */
async function printObjects(
  ctx: CommandContext,
  factory: ClientFactory,
  targets: Target[],
  namespace: string,
  opts: GetOptions,
  errors: unknown[],
): Promise<string> {
  const objects: Unstructured[] = [];
  let listRV = '';
  const singleItem = targets.length === 1 && targets[0].names.length === 1;
  const stripManagedFields = !opts.showManagedFields && ['json', 'yaml'].includes(opts.output);
  for (const target of targets) {
    const m = target.mapping;
    const fill = (o: Unstructured): Unstructured => {
      // Items of typed lists come without apiVersion/kind; kubectl's decoder sets them.
      if (!o.kind) o.kind = m.groupVersionKind.kind;
      if (!o.apiVersion) o.apiVersion = formatGroupVersion(m.groupVersionKind);
      if (stripManagedFields) delete o.metadata?.managedFields;
      return o;
    };
    if (target.names.length) {
      for (const name of target.names) {
        try {
          const o = fill(await collectionRequest(factory, m, namespace).name(name).do<Unstructured>());
          if (!opts.watchOnly) objects.push(o);
        } catch (err) {
          if (opts.ignoreNotFound && isNotFound(err)) continue;
          errors.push(err);
        }
      }
    } else if (!opts.watchOnly) {
      try {
        listRV = await fetchPages<KubeList<Unstructured>>(
          (token) =>
            collectionRequest(factory, m, namespace).params(listParams(opts, token)).do<KubeList<Unstructured>>(),
          (page) => {
            for (const item of page.items ?? []) objects.push(fill(item));
          },
        );
      } catch (err) {
        errors.push(err);
      }
    } else {
      listRV = await currentResourceVersion(factory, m, namespace, opts);
    }
  }
  if (opts.watchOnly) return listRV;
  // As kubectl: a single object asked for by name reports only its own error; nothing found is quiet when allowed.
  if (singleItem && errors.length) return listRV;
  if (objects.length === 0 && opts.ignoreNotFound) return listRV;
  let print: ObjectPrinter;
  try {
    print = objectPrinter(opts);
  } catch (err) {
    errors.splice(0, errors.length, err);
    return listRV;
  }
  const isList = !(singleItem && objects.length === 1);
  if (isList && opts.sortBy) {
    try {
      sortObjects(objects, opts.sortBy);
    } catch (err) {
      errors.push(err);
      return listRV;
    }
  }
  const { text, error } = print(isList ? asList(objects) : objects[0], isList);
  ctx.io.stdout.write(text);
  if (error) errors.push(error);
  return listRV;
}

/** --watch / --watch-only: stream changes until interrupted or --request-timeout elapses. */
async function watchTarget(
  ctx: CommandContext,
  factory: ClientFactory,
  target: Target,
  namespace: string,
  opts: GetOptions,
  resourceVersion: string,
): Promise<void> {
  const m = target.mapping;
  const human = isHumanReadable(opts);
  const print = human ? undefined : objectPrinter(opts);
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  const timeoutMs = factory.restConfig().timeout ?? 0;
  const timer = timeoutMs > 0 ? setTimeout(() => controller.abort(), timeoutMs) : undefined;
  const printer =
    watchPrinters.get(target) ??
    new TablePrinter({
      wide: opts.output === 'wide',
      noHeaders: opts.noHeaders,
      withNamespace: opts.allNamespaces && m.scope === 'namespace',
      showLabels: opts.showLabels,
    });
  // As kubectl: a single object is watched from "0" (the object's own version may be older than the watch
  // window) and the synthetic ADDED event that starts such a watch is not printed; a list is watched from
  // the list's resourceVersion, which yields no synthetic events.
  const single = target.names.length === 1;
  let skipNext = single;
  try {
    const fieldSelectors = [
      opts.fieldSelector,
      target.names.length === 1 ? `metadata.name=${target.names[0]}` : '',
    ].filter(Boolean);
    const req = collectionRequest(factory, m, namespace)
      .params({
        labelSelector: opts.selector || undefined,
        fieldSelector: fieldSelectors.join(',') || undefined,
        resourceVersion: single ? '0' : resourceVersion || undefined,
      })
      .signal(controller.signal);
    // A watch has no overall deadline of its own: the timer above ends it.
    req.timeout(0);
    if (human) req.setHeader('Accept', TABLE_ACCEPT);
    const stream = await req.watch<unknown>();
    for await (const event of stream) {
      if (event.type === 'BOOKMARK') continue;
      if (skipNext) {
        skipNext = false;
        continue;
      }
      if (human) {
        const table = isTable(event.object) ? event.object : fallbackTable(event.object);
        ctx.io.stdout.write(printer.print(table));
      } else {
        const o = event.object as Unstructured;
        if (!o.kind) o.kind = m.groupVersionKind.kind;
        if (!o.apiVersion)
          o.apiVersion = formatGroupVersion(getGroupVersionKind(o).kind ? getGroupVersionKind(o) : m.groupVersionKind);
        if (opts.output === 'yaml' || opts.output === 'json') {
          if (!opts.showManagedFields) delete o.metadata?.managedFields;
          ctx.io.stdout.write(opts.output === 'json' ? printJSON(o) : `${printYAML(o)}---\n`);
        } else {
          const { text, error } = print!(o, false);
          ctx.io.stdout.write(text);
          if (error) throw error;
        }
      }
    }
  } catch (err) {
    if (!controller.signal.aborted) throw err;
  } finally {
    if (timer) clearTimeout(timer);
    process.removeListener('SIGINT', onSignal);
  }
}

async function getRaw(ctx: CommandContext, factory: ClientFactory, rawPath: string): Promise<number> {
  let url: URL;
  try {
    url = new URL(rawPath, 'http://placeholder');
  } catch {
    throw new CommandError(`invalid raw path ${JSON.stringify(rawPath)}`);
  }
  const req = factory.restClient().get().absPath(url.pathname);
  for (const [k, v] of url.searchParams) req.param(k, v);
  try {
    const body = await req.raw();
    ctx.io.stdout.write(body.toString('utf8'));
    return 0;
  } catch (err) {
    ctx.io.stderr.write(`${describeError(err)}\n`);
    return 1;
  }
}
