// `kubesense describe`: kubectl describe's arguments, describers (kube/describe) and messages. A NAME that
// matches nothing is tried as a name prefix, as kubectl does ("describe pods web" shows web-1, web-2…); -f
// describes the objects its manifests name, as they are on the server.
import { describerFor, DEFAULT_SETTINGS, type DescribeContext } from '../kube/describe';
import type { RESTMapping } from '../kube/mapper';
import { isNotFound } from '../kube/rest/errors';
import type { Unstructured } from '../kube/dynamic/unstructured';
import type { Command, CommandContext } from './command';
import { CommandError } from './command';
import type { ClientFactory } from '../kube/factory';
import { clientFactory } from './factory';
import { writeErrors } from './errorOutput';
import { ALL_NAMESPACES_FLAG, CHUNK_SIZE_FLAG } from './getOptions';
import { targetsFromFlags } from './apply';
import { filenameFlags } from './manifestFiles';
import { KustomizeError } from './kustomize';
import { commandTargets, type Target } from './resourceArgs';
import { errorMessage } from '../kube/util/errors';

export const command: Command = {
  name: 'describe',
  short: 'Show details of a specific resource or group of resources',
  long: `Show details of a specific resource or group of resources.

Print a detailed description of the selected resources, including related resources such as events or
controllers. You may select a single object by name, all objects of that type, provide a name prefix, or
label selector. For example:

    $ kubesense describe TYPE NAME_PREFIX

will first check for an exact match on TYPE and NAME_PREFIX. If no such resource exists, it will output
details for every resource that has a name prefixed with NAME_PREFIX.

Use "kubesense api-resources" for a complete list of supported resources.`,
  examples: `  # Describe a node
  kubesense describe nodes kubernetes-node-emt8.c.myproject.internal

  # Describe a pod
  kubesense describe pods/nginx

  # Describe the objects a kustomization builds (with kustomize, or kubectl kustomize, on PATH)
  kubesense describe -k overlays/prod

  # Describe pods by label name=myLabel
  kubesense describe pods -l name=myLabel

  # Describe all pods whose name starts with 'frontend'
  kubesense describe pods frontend`,
  usage: '(-f FILENAME | -k DIRECTORY | TYPE [NAME_PREFIX | -l label] | TYPE/NAME) [flags]',
  flags: [
    ALL_NAMESPACES_FLAG,
    ...filenameFlags('describe').map((f) =>
      f.name === 'filename'
        ? { ...f, description: 'Filename, directory, or URL to files containing the resource to describe' }
        : f,
    ),
    {
      name: 'selector',
      short: 'l',
      kind: 'string',
      default: '',
      description:
        "Selector (label query) to filter on, supports '=', '==', '!=', 'in', 'notin'.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
    },
    {
      name: 'show-events',
      kind: 'bool',
      default: true,
      description: 'If true, display events related to the described object.',
    },
    CHUNK_SIZE_FLAG,
  ],
  run: runDescribe,
};

interface Info {
  mapping: RESTMapping;
  namespace: string;
  name: string;
}

async function runDescribe(ctx: CommandContext): Promise<number> {
  const v = ctx.flags.values;
  const allNamespaces = Boolean(v.get('all-namespaces'));
  const selector = String(v.get('selector') ?? '');
  const settings = {
    ...DEFAULT_SETTINGS,
    showEvents: v.get('show-events') !== false,
    chunkSize: Number(v.get('chunk-size') ?? 500),
  };
  const filenames = (v.get('filename') as string[] | undefined) ?? [];
  const kustomize = String(v.get('kustomize') ?? '');
  const fromFiles = filenames.length > 0 || kustomize !== '';
  if (fromFiles && ctx.args.length > 0)
    throw new CommandError(
      'when paths, URLs, or stdin is provided as input, you may not specify resource arguments as well',
    );
  if (ctx.args.length === 0 && !fromFiles)
    throw new CommandError(
      'You must specify the type of resource to describe. Use "kubesense api-resources" for a complete list of supported resources.',
    );
  const factory = await clientFactory(ctx);
  const targets = fromFiles ? [] : await commandTargets(factory, ctx.args, allNamespaces, selector);
  const namespace = allNamespaces ? '' : factory.namespace();
  const describeCtx: DescribeContext = { client: factory.dynamicClient(), settings, now: Date.now };

  // The builder's pass: every named object fetched, every type listed; errors collected, not fatal.
  const infos: Info[] = [];
  const errors: unknown[] = [];
  if (fromFiles) {
    // The objects as the files name them (namespace defaulted, or checked against -n); each is read from the server
    // by its describer, so a missing one is that describer's NotFound.
    let fromFlags: Awaited<ReturnType<typeof targetsFromFlags>>;
    try {
      fromFlags = await targetsFromFlags(ctx, factory);
    } catch (e) {
      // kubectl describe nests the builder's aggregate in its own, so these print without "error: ".
      if (!(e instanceof KustomizeError)) throw e;
      ctx.io.stderr.write(`${e.message}\n`);
      return 1;
    }
    infos.push(...fromFlags.targets.map((t) => ({ mapping: t.mapping, namespace: t.namespace, name: t.name })));
    errors.push(...fromFlags.errors);
  }
  for (const t of targets) {
    const ns = t.mapping.scope === 'namespace' ? namespace : '';
    const client = factory.dynamicClient().resource(t.mapping.resource).namespace(ns);
    if (t.names.length) {
      for (const name of t.names) {
        try {
          const obj = await client.get(name);
          infos.push({ mapping: t.mapping, namespace: obj.metadata?.namespace ?? '', name });
        } catch (err) {
          errors.push(err);
        }
      }
    } else {
      try {
        const list = await client.listAll({
          labelSelector: selector || undefined,
          limit: settings.chunkSize || undefined,
        });
        for (const obj of list.items as Unstructured[])
          infos.push({ mapping: t.mapping, namespace: obj.metadata?.namespace ?? '', name: obj.metadata?.name ?? '' });
      } catch (err) {
        errors.push(err);
      }
    }
  }
  if (errors.length === 1 && isNotFound(errors[0]) && ctx.args.length === 2)
    return describeMatching(ctx, factory, describeCtx, targets[0]!, ctx.args[1]!, errors[0]);

  const seen = new Set<string>();
  let first = true;
  for (const info of infos) {
    try {
      const text = await describerFor({ ...info.mapping.resource, kind: info.mapping.groupVersionKind.kind })(
        describeCtx,
        info.namespace,
        info.name,
      );
      ctx.io.stdout.write(first ? text : `\n\n${text}`);
      first = false;
    } catch (err) {
      // kubectl reports each distinct describer error once.
      const key = errorMessage(err);
      if (!seen.has(key)) errors.push(err);
      seen.add(key);
    }
  }
  if (infos.length === 0 && errors.length === 0)
    ctx.io.stderr.write(allNamespaces ? 'No resources found\n' : `No resources found in ${namespace} namespace.\n`);
  writeErrors(ctx, errors);
  return errors.length ? 1 : 0;
}

/** kubectl's DescribeMatchingResources: every object of the type in the namespace whose name has the prefix. */
async function describeMatching(
  ctx: CommandContext,
  factory: ClientFactory,
  describeCtx: DescribeContext,
  target: Target,
  prefix: string,
  original: unknown,
): Promise<number> {
  const m = target.mapping;
  const ns = m.scope === 'namespace' ? factory.namespace() : '';
  const list = await factory
    .dynamicClient()
    .resource(m.resource)
    .namespace(ns)
    .listAll({ limit: describeCtx.settings.chunkSize || undefined });
  const describer = describerFor({ ...m.resource, kind: m.groupVersionKind.kind });
  let found = false;
  for (const obj of list.items as Unstructured[]) {
    const name = obj.metadata?.name ?? '';
    if (!name.startsWith(prefix)) continue;
    found = true;
    ctx.io.stdout.write(`${await describer(describeCtx, obj.metadata?.namespace ?? '', name)}\n`);
  }
  if (!found) {
    writeErrors(ctx, [original]);
    return 1;
  }
  return 0;
}
