// The resource builder `kubectl scale` and `kubectl rollout …` share: TYPE NAME… / TYPE/NAME… / TYPE -l sel,
// each object fetched (a missing one is kubectl's "Error from server (NotFound)"), named like kubectl's name
// printer (`deployment.apps/web`).
import type { Unstructured } from '../kube/dynamic/unstructured';
import type { RESTMapping } from '../kube/mapper';
import type { CommandContext } from './command';
import { CommandError } from './command';
import type { FlagSpec } from './flags';
import { commandTargets, describeError } from './get';
import { StatusError } from '../kube/rest/errors';
import type { KubeSession } from './kube-session';

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

/** Every object the arguments name, in argument order; the first failure is thrown, as kubectl's builder does. */
export async function workloadInfos(
  ctx: CommandContext,
  session: KubeSession,
  missing = 'required resource not specified',
): Promise<WorkloadInfo[]> {
  if (ctx.args.length === 0) throw new CommandError(missing);
  const selector = String(ctx.flags.values.get('selector') ?? '');
  const targets = await commandTargets(session, ctx.args, false, selector);
  const infos: WorkloadInfo[] = [];
  for (const t of targets) {
    const ns = t.mapping.scope === 'namespace' ? session.namespace : '';
    const client = session.dynamic.resource(t.mapping.resource).namespace(ns);
    const objects = t.names.length
      ? await Promise.all(t.names.map((n) => client.get(n)))
      : ((await client.listAll({ labelSelector: selector || undefined })).items as Unstructured[]);
    for (const object of objects)
      infos.push({ mapping: t.mapping, namespace: ns, name: object.metadata?.name ?? '', object });
  }
  return infos;
}

/** kubectl's name printer: `deployment.apps/web` (kind lower-cased, then the group, if any). */
export function printedName(info: { mapping: RESTMapping; name: string }): string {
  const { kind, group } = info.mapping.groupVersionKind;
  return `${kind.toLowerCase()}${group ? `.${group}` : ''}/${info.name}`;
}

/** kubectl's `resource.group "name"` in per-object errors. */
export function resourceString(info: { mapping: RESTMapping; name: string }): string {
  const { resource, group } = info.mapping.resource;
  return `${resource}${group ? `.${group}` : ''} ${JSON.stringify(info.name)}`;
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
