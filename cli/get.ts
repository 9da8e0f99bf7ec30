// `kubesense get`: kubectl get's arguments, output formats and messages. Tables come from the server
// (Accept: as=Table), so custom resources show their printer columns exactly as kubectl shows them.
// This file is the command (flags, help, the order of steps); options, fetching, printing and --watch
// are in get-*.ts, resource arguments in resourceArgs.ts.
import type { Command, CommandContext } from './command';
import { CommandError, UsageError } from './command';
import type { ClientFactory } from '../kube/factory';
import { clientFactory } from './factory';
import { Aggregate, describeError, writeErrors } from './errorOutput';
import { ALL_NAMESPACES_FLAG, CHUNK_SIZE_FLAG, CONTENT_TYPE_FLAG, isHumanReadable, options } from './getOptions';
import { fetchObjects, fetchTables } from './getFetch';
import { printObjects, printTables } from './getPrint';
import { watchTarget } from './getWatch';
import { commandTargets, type Target } from './resourceArgs';
import { targetsFromFlags } from './apply';
import { filenameFlags, impliesSingleItem } from './manifestFiles';
import { KustomizeError } from './kustomize';

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

  # List the objects a manifest file (or a kustomization, with -k) names, as they are on the server
  kubesense get -f deploy.yaml -o wide

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
    ...filenameFlags('get').map((f) =>
      f.name === 'filename'
        ? { ...f, description: 'Filename, directory, or URL to files identifying the resource to get from a server.' }
        : f,
    ),
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
    CONTENT_TYPE_FLAG,
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

async function runGet(ctx: CommandContext): Promise<number> {
  const opts = options(ctx);
  const raw = String(ctx.flags.values.get('raw') ?? '');
  if (ctx.flags.changed.has('raw')) {
    if (ctx.args.length) throw new UsageError('arguments may not be passed when --raw is specified');
    const factory = await clientFactory(ctx);
    return getRaw(ctx, factory, raw);
  }
  const filenames = (ctx.flags.values.get('filename') as string[] | undefined) ?? [];
  const kustomize = String(ctx.flags.values.get('kustomize') ?? '');
  const fromFiles = filenames.length > 0 || kustomize !== '';
  if (ctx.args.length === 0 && !fromFiles) {
    ctx.io.stderr.write(
      'You must specify the type of resource to get. Use "kubesense api-resources" for a complete list of supported resources.\n\n',
    );
    throw new UsageError('Required resource not specified.');
  }
  if (fromFiles && ctx.args.length > 0)
    throw new CommandError(
      'when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well',
    );
  // kubectl filters the objects of files by their labels on the server; kubesense has no label-selector parser.
  if (fromFiles && opts.selector) throw new CommandError('-l/--selector cannot be used with -f or -k in kubesense get');
  const factory = await clientFactory(ctx, { contentType: opts.contentType });
  const errors: unknown[] = [];
  let targets: Target[];
  let singleItem: boolean;
  if (fromFiles) {
    let fromFlags: Awaited<ReturnType<typeof targetsFromFlags>>;
    try {
      fromFlags = await targetsFromFlags(ctx, factory);
    } catch (e) {
      if (!(e instanceof KustomizeError)) throw e;
      throw new CommandError(e.message);
    }
    // Each object of the files is fetched by name from its own namespace, in the files' order.
    targets = fromFlags.targets.map((t) => ({
      mapping: t.mapping,
      names: [t.name],
      namespace: t.mapping.scope === 'namespace' ? t.namespace : '',
    }));
    errors.push(...fromFlags.errors);
    const recursive = Boolean(ctx.flags.values.get('recursive'));
    singleItem = impliesSingleItem(filenames, kustomize, recursive, ctx.io.cwd);
  } else {
    targets = await commandTargets(factory, ctx.args, opts.allNamespaces, opts.selector);
    singleItem = targets.length === 1 && targets[0].names.length === 1;
  }
  const watched = new Set(targets.map((t) => t.mapping.resource.resource + '.' + t.mapping.resource.group));
  if ((opts.watch || opts.watchOnly) && watched.size > 1)
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
  // What kubectl's builder met visiting the files (an unknown kind, a NotFound) is one aggregate, printed
  // one error per line without "error: "; what the printers meet comes after it.
  const visitErrors = fromFiles ? errors.splice(0) : errors;
  const visited = () => {
    if (fromFiles && visitErrors.length) errors.push(new Aggregate(visitErrors));
  };
  let listRV: string;
  if (isHumanReadable(opts)) {
    const fetched = await fetchTables(factory, targets, namespace, opts, visitErrors);
    visited();
    printTables(ctx, targets, fetched.items, namespace, opts, errors);
    listRV = fetched.listRV;
  } else {
    const fetched = await fetchObjects(factory, targets, namespace, opts, visitErrors);
    visited();
    printObjects(ctx, singleItem, fetched.items, opts, errors);
    listRV = fetched.listRV;
  }
  writeErrors(ctx, errors);
  if (errors.length) return 1;
  if ((opts.watch || opts.watchOnly) && targets.length === 1) {
    await watchTarget(ctx, factory, targets[0], namespace, opts, listRV);
  }
  return 0;
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
