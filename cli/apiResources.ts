// `kubesense api-resources` and `kubesense api-versions`, as kubectl 1.33 prints them.
import { serverPreferredResources, type APIResource } from '../kube/discovery';
import { parseGroupVersion } from '../kube/apimachinery/schema';
import { compareStrings } from '../kube/util/go';
import type { Command, CommandContext } from './command';
import { CommandError, UsageError } from './command';
import { clientFactory } from './factory';
import { printDiscoveryErrors } from './errorOutput';
import { formatTable } from './printers/tabwriter';

interface Row {
  group: string;
  groupVersion: string;
  resource: APIResource;
}

export const command: Command = {
  name: 'api-resources',
  short: 'Print the supported API resources on the server',
  long: 'Print the supported API resources on the server.',
  examples: `  # Print the supported API resources
  kubesense api-resources

  # Print the supported API resources with more information
  kubesense api-resources -o wide

  # Print the supported namespaced resources
  kubesense api-resources --namespaced=true

  # Print the supported API resources with a specific APIGroup
  kubesense api-resources --api-group=rbac.authorization.k8s.io`,
  usage: '[flags]',
  flags: [
    {
      name: 'no-headers',
      kind: 'bool',
      default: false,
      description:
        "When using the default or custom-column output format, don't print headers (default print headers).",
    },
    { name: 'output', short: 'o', kind: 'string', default: '', description: 'Output format. One of: (wide, name).' },
    { name: 'api-group', kind: 'string', default: '', description: 'Limit to resources in the specified API group.' },
    {
      name: 'namespaced',
      kind: 'bool',
      default: true,
      description:
        'If false, non-namespaced resources will be returned, otherwise returning namespaced resources by default.',
    },
    {
      name: 'verbs',
      kind: 'stringArray',
      default: [],
      description: 'Limit to resources that support the specified verbs.',
    },
    {
      name: 'sort-by',
      kind: 'string',
      default: '',
      description:
        "If non-empty, sort list of resources using specified field. The field can be either 'name' or 'kind'.",
    },
    { name: 'cached', kind: 'bool', default: false, description: 'Use the cached list of resources if available.' },
    {
      name: 'categories',
      kind: 'stringArray',
      default: [],
      description: 'Limit to resources that belong to the specified categories.',
    },
  ],
  run: runAPIResources,
};

export const apiVersionsCommand: Command = {
  name: 'api-versions',
  short: 'Print the supported API versions on the server, in the form of "group/version"',
  long: 'Print the supported API versions on the server, in the form of "group/version".',
  examples: '  # Print the supported API versions\n  kubesense api-versions',
  usage: '',
  run: runAPIVersions,
};

/** pflag StringSlice semantics: each occurrence may hold comma-separated values. */
function sliceFlag(ctx: CommandContext, name: string): string[] {
  const v = ctx.flags.values.get(name);
  const list = Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : [];
  return list.flatMap((s) => s.split(',')).filter((s) => s !== '');
}

async function runAPIResources(ctx: CommandContext): Promise<number> {
  if (ctx.args.length) throw new UsageError(`unexpected arguments: [${ctx.args.join(' ')}]`);
  const output = String(ctx.flags.values.get('output') ?? '');
  if (!['', 'wide', 'name'].includes(output)) throw new CommandError(`--output ${output} is not available`);
  const sortBy = String(ctx.flags.values.get('sort-by') ?? '');
  if (!['', 'name', 'kind'].includes(sortBy)) throw new CommandError('--sort-by accepts only name or kind');

  const factory = await clientFactory(ctx);
  // kubectl asks for fresh data unless --cached.
  if (!ctx.flags.values.get('cached')) factory.discovery().invalidate();
  const { resources: lists, error } = await serverPreferredResources(factory.discovery());

  const groupChanged = ctx.flags.changed.has('api-group');
  const apiGroup = String(ctx.flags.values.get('api-group') ?? '');
  const nsChanged = ctx.flags.changed.has('namespaced');
  const namespaced = Boolean(ctx.flags.values.get('namespaced'));
  const verbs = sliceFlag(ctx, 'verbs');
  const categories = sliceFlag(ctx, 'categories');

  const rows: Row[] = [];
  for (const list of lists) {
    const gv = parseGroupVersion(list.groupVersion);
    for (const r of list.resources ?? []) {
      if (!r.verbs || r.verbs.length === 0) continue;
      if (groupChanged && apiGroup !== gv.group) continue;
      if (nsChanged && namespaced !== r.namespaced) continue;
      if (verbs.length && !verbs.every((v) => r.verbs!.includes(v))) continue;
      if (categories.length && !categories.every((c) => (r.categories ?? []).includes(c))) continue;
      rows.push({ group: gv.group, groupVersion: list.groupVersion, resource: r });
    }
  }
  // sort.Stable by group (or name/kind), ties by resource name — kubectl's sortableResource.
  const key = (r: Row) => (sortBy === 'name' ? r.resource.name : sortBy === 'kind' ? r.resource.kind : r.group);
  rows.sort((a, b) => compareStrings(key(a), key(b)) || compareStrings(a.resource.name, b.resource.name));

  if (output === 'name') {
    for (const r of rows) ctx.io.stdout.write(`${r.resource.name}${r.group ? '.' + r.group : ''}\n`);
  } else {
    const table: string[][] = [];
    if (!ctx.flags.values.get('no-headers')) {
      const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND'];
      if (output === 'wide') header.push('VERBS', 'CATEGORIES');
      table.push(header);
    }
    for (const { groupVersion, resource: r } of rows) {
      const row = [r.name, (r.shortNames ?? []).join(','), groupVersion, String(r.namespaced), r.kind];
      if (output === 'wide') row.push((r.verbs ?? []).join(','), (r.categories ?? []).join(','));
      table.push(row);
    }
    ctx.io.stdout.write(formatTable(table));
  }
  if (error) {
    printDiscoveryErrors(ctx, error);
    return 1;
  }
  return 0;
}

async function runAPIVersions(ctx: CommandContext): Promise<number> {
  if (ctx.args.length) throw new UsageError(`unexpected arguments: [${ctx.args.join(' ')}]`);
  const factory = await clientFactory(ctx);
  factory.discovery().invalidate();
  // kubectl: metav1.ExtractGroupVersions over ServerGroups, sorted.
  const { groups } = await factory.discovery().serverGroups();
  const versions = groups.flatMap((g) => g.versions.map((v) => v.groupVersion)).sort(compareStrings);
  for (const v of versions) ctx.io.stdout.write(`${v}\n`);
  return 0;
}
