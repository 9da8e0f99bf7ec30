// The resource builder `kubectl scale` and `kubectl rollout …` share: TYPE NAME… / TYPE/NAME… / TYPE -l sel,
// each object fetched (a missing one is kubectl's "Error from server (NotFound)"), named like kubectl's name
// printer (`deployment.apps/web`).
import { quote } from '../kube/util/go';
import type { Unstructured } from '../kube/dynamic/unstructured';
import type { RESTMapping } from '../kube/mapper';
import type { CommandContext } from './command';
import { CommandError } from './command';
import type { FlagSpec } from './flags';
import { describeError, writeErrors } from './errorOutput';
import { commandTargets } from './resourceArgs';
import { StatusError } from '../kube/rest/errors';
import type { ClientFactory } from '../kube/factory';

export interface WorkloadInfo {
  mapping: RESTMapping;
  namespace: string;
  name: string;
  object: Unstructured;
}

export const SELECTOR_FLAG: FlagSpec = {
  name: 'selector',
  short: 'l',
  kind: 'string',
  default: '',
  description:
    "Selector (label query) to filter on, supports '=', '==', and '!='.(e.g. -l key1=value1,key2=value2). Matching objects must satisfy all of the specified label constraints.",
};

/**
 * Every object the arguments name, in argument order, and the lookups that failed: kubectl's builder continues on
 * errors, so the commands act on what was found and report the rest at the end (`finish`).
 */
export async function workloadInfos(
  ctx: CommandContext,
  factory: ClientFactory,
  options: { missing?: string; requireNames?: boolean } = {},
): Promise<{ infos: WorkloadInfo[]; errors: unknown[] }> {
  if (ctx.args.length === 0) throw new CommandError(options.missing ?? 'required resource not specified');
  const selector = String(ctx.flags.values.get('selector') ?? '');
  const all = ctx.flags.values.get('all') === true;
  if ((selector || all) && ctx.args.some((a) => a.includes('/')))
    throw new CommandError('selectors and the all flag cannot be used when passing resource/name arguments');
  const targets = await commandTargets(factory, ctx.args, false, selector);
  if (options.requireNames && !selector && !all && targets.some((t) => t.names.length === 0))
    throw new CommandError('resource(s) were provided, but no name was specified');
  const infos: WorkloadInfo[] = [];
  const errors: unknown[] = [];
  for (const t of targets) {
    const ns = t.mapping.scope === 'namespace' ? factory.namespace() : '';
    const client = factory.dynamicClient().resource(t.mapping.resource).namespace(ns);
    let objects: Unstructured[] = [];
    if (t.names.length) {
      const got = await Promise.allSettled(t.names.map((n) => client.get(n)));
      for (const r of got) {
        if (r.status === 'fulfilled') objects.push(r.value);
        else if (r.reason instanceof StatusError) errors.push(r.reason);
        else throw r.reason;
      }
    } else {
      objects = (await client.listAll({ labelSelector: selector || undefined })).items as Unstructured[];
    }
    for (const object of objects)
      infos.push({ mapping: t.mapping, namespace: ns, name: object.metadata?.name ?? '', object });
  }
  return { infos, errors };
}

/** Prints the collected errors as kubectl's CheckErr prints an aggregate; the exit code. */
export function finish(ctx: CommandContext, errors: unknown[]): number {
  if (errors.length === 0) return 0;
  writeErrors(ctx, errors);
  return 1;
}

/** kubectl's name printer: `deployment.apps/web` (kind lower-cased, then the group, if any). */
export function printedName(info: { mapping: RESTMapping; name: string }): string {
  const { kind, group } = info.mapping.groupVersionKind;
  return `${kind.toLowerCase()}${group ? `.${group}` : ''}/${info.name}`;
}

/** kubectl's `resource.group "name"` in per-object errors. */
export function resourceString(info: { mapping: RESTMapping; name: string }): string {
  const { resource, group } = info.mapping.resource;
  return `${resource}${group ? `.${group}` : ''} ${quote(info.name)}`;
}

/** Server errors as kubectl's CheckErr prints them ("Error from server (NotFound): …"). */
export async function withKubectlErrors(ctx: CommandContext, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (err) {
    if (!(err instanceof StatusError)) throw err;
    ctx.io.stderr.write(`${describeError(err)}\n`);
    return 1;
  }
}
