// The scale subresource (autoscaling/v1 Scale) as kubectl's scale package uses it: a merge patch of
// spec.replicas when there is no precondition, else get → check `--current-replicas`/resourceVersion →
// update, retried on a conflict (another writer changed the object between the get and the update).
import type { DynamicClient } from '../dynamic/client';
import type { GroupVersionResource } from '../apimachinery/schema';
import { isConflict } from '../rest/errors';

export interface Scale {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; uid?: string };
  spec?: { replicas?: number };
  status?: { replicas: number; selector?: string };
}

export interface ScalePrecondition {
  /** Expected current spec.replicas; -1 or undefined = any (kubectl --current-replicas). */
  currentReplicas?: number;
  /** Expected resourceVersion of the Scale ('' or undefined = any; kubectl --resource-version). */
  resourceVersion?: string;
}

/** kubectl's scale.PreconditionError: "Expected replicas to be 3, was 5". */
export class ScalePreconditionError extends Error {
  constructor(precondition: string, expected: string, actual: string) {
    super(`Expected ${precondition} to be ${expected}, was ${actual}`);
    this.name = 'ScalePreconditionError';
  }
}

export async function getScale(
  client: DynamicClient,
  resource: GroupVersionResource,
  namespace: string,
  name: string,
  signal?: AbortSignal,
): Promise<Scale> {
  return (await client.resource(resource).namespace(namespace).get(name, { signal }, 'scale')) as Scale;
}

/** Sets spec.replicas through the scale subresource; returns the updated Scale. */
export async function scale(
  client: DynamicClient,
  resource: GroupVersionResource,
  namespace: string,
  name: string,
  replicas: number,
  options: { precondition?: ScalePrecondition; dryRun?: boolean; signal?: AbortSignal } = {},
): Promise<Scale> {
  const rc = client.resource(resource).namespace(namespace);
  const write = { dryRun: options.dryRun, signal: options.signal };
  const pre = options.precondition;
  const hasPrecondition = (pre?.currentReplicas ?? -1) !== -1 || Boolean(pre?.resourceVersion);
  if (!hasPrecondition)
    return (await rc.patch(name, 'merge', `{"spec":{"replicas":${replicas}}}`, write, 'scale')) as Scale;
  // kubectl retries conflicts every second for up to a minute (scale.NewRetryParams(1s, 1m)).
  const deadline = Date.now() + 60_000;
  for (;;) {
    const current = (await rc.get(name, { signal: options.signal }, 'scale')) as Scale;
    validate(current, pre!);
    try {
      return (await rc.update({ ...current, spec: { ...current.spec, replicas } } as never, write, 'scale')) as Scale;
    } catch (err) {
      if (!isConflict(err) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
}

function validate(s: Scale, pre: ScalePrecondition): void {
  const want = pre.currentReplicas ?? -1;
  const have = s.spec?.replicas ?? 0;
  if (want !== -1 && have !== want) throw new ScalePreconditionError('replicas', String(want), String(have));
  const rv = s.metadata?.resourceVersion ?? '';
  if (pre.resourceVersion && rv !== pre.resourceVersion)
    throw new ScalePreconditionError('resource version', pre.resourceVersion, rv);
}
