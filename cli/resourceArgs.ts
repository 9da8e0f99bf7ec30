// kubectl's resource arguments ("TYPE[,TYPE] [NAME...]", "TYPE/NAME...", categories such as "all") resolved
// to REST mappings, with kubectl's errors; shared by get, describe and the workload commands.
import { isNoMatchError, type RESTMapping } from '../kube/mapper';
import { CommandError } from './command';
import type { ClientFactory } from '../kube/factory';

export interface Target {
  mapping: RESTMapping;
  names: string[];
  /** The namespace a manifest (-f/-k) gives its object; unset: the command's namespace. */
  namespace?: string;
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
