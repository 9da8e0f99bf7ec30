// `kubesense scale`: kubectl scale over the scale subresource (kube/rollout/scale.ts), with its preconditions,
// messages and exit codes.
import { scale } from '../kube/rollout';
import type { Command, CommandContext } from './command';
import { CommandError } from './command';
import { clientFactory } from './factory';
import { finish, printedName, SELECTOR_FLAG, withKubectlErrors, workloadInfos } from './workloadTargets';

export const command: Command = {
  name: 'scale',
  short: 'Set a new size for a deployment, replica set, replication controller, or stateful set',
  long: `Set a new size for a deployment, replica set, replication controller, or stateful set.

Scale also allows users to specify one or more preconditions for the scale action.

If --current-replicas or --resource-version is specified, it is validated before the scale is attempted, and it is
guaranteed that the precondition holds true when the scale is sent to the server.`,
  examples: `  # Scale a deployment named 'web' to 3
  kubesense scale --replicas=3 deployment/web

  # If the deployment named web's current size is 2, scale web to 3
  kubesense scale --current-replicas=2 --replicas=3 deployment/web`,
  usage: '[--resource-version=version] [--current-replicas=count] --replicas=COUNT (TYPE NAME | TYPE/NAME)',
  flags: [
    { name: 'replicas', kind: 'int', default: 0, description: 'The new desired number of replicas. Required.' },
    {
      name: 'current-replicas',
      kind: 'int',
      default: -1,
      description:
        'Precondition for current size. Requires that the current size of the resource match this value in order to scale. -1 (default) for no condition.',
    },
    {
      name: 'resource-version',
      kind: 'string',
      default: '',
      description:
        'Precondition for resource version. Requires that the current resource version match this value in order to scale.',
    },
    SELECTOR_FLAG,
    {
      name: 'all',
      kind: 'bool',
      default: false,
      description: 'Select all resources in the namespace of the specified resource types',
    },
  ],
  run: (ctx) => withKubectlErrors(ctx, () => runScale(ctx)),
};

const NO_RESOURCES = `You must provide one or more resources by argument or filename.
Example resource specifications include:
   '-f rsrc.yaml'
   '--filename=rsrc.json'
   '<resource> <name>'
   '<resource>'`;

async function runScale(ctx: CommandContext): Promise<number> {
  const v = ctx.flags.values;
  if (!ctx.flags.changed.has('replicas')) throw new CommandError('required flag(s) "replicas" not set');
  const replicas = Number(v.get('replicas'));
  if (replicas < 0)
    throw new CommandError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
  const currentReplicas = Number(v.get('current-replicas'));
  const resourceVersion = String(v.get('resource-version') ?? '');
  const factory = await clientFactory(ctx);
  const { infos, errors } = await workloadInfos(ctx, factory, { missing: NO_RESOURCES, requireNames: true });
  if (infos.length === 0 && errors.length === 0) throw new CommandError('no objects passed to scale');
  if (resourceVersion && infos.length > 1)
    throw new CommandError('cannot use --resource-version with multiple resources');
  for (const info of infos) {
    await scale(factory.dynamicClient(), info.mapping.resource, info.namespace, info.name, replicas, {
      precondition: { currentReplicas, resourceVersion },
    });
    ctx.io.stdout.write(`${printedName(info)} scaled\n`);
  }
  return finish(ctx, errors);
}
