// `kubectl rollout history` and `rollout undo` for Deployments (polymorphichelpers history.go and
// rollback.go): revisions are the ReplicaSets the Deployment controls, numbered by their
// deployment.kubernetes.io/revision annotation; undo patches the Deployment back to one's pod template.
import { quote } from '../util/go';
import type { DynamicClient } from '../dynamic/client';
import { PrefixWriter, selectorString } from '../describe/writer';
import { describePodTemplate } from '../describe/pod';
import { tabbed } from '../describe/tabwriter';
import type * as apps from '../typed/generated/types/api/apps/v1';
import type * as core from '../typed/generated/types/api/core/v1';
import { controlledReplicaSets, equalIgnoreHash, POD_TEMPLATE_HASH_LABEL, splitReplicaSets } from './deploymentutil';
import { revisionOf } from './status';

export const CHANGE_CAUSE_ANNOTATION = 'kubernetes.io/change-cause';

const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments' };
const REPLICA_SETS = { group: 'apps', version: 'v1', resource: 'replicasets' };

export interface Revision {
  revision: number;
  /** The kubernetes.io/change-cause annotation, '' when absent. */
  changeCause: string;
  replicaSet: apps.ReplicaSet;
  template: core.PodTemplateSpec;
}

/** kubectl's messages for history and undo failures. */
export class RolloutHistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RolloutHistoryError';
  }
}

/** The Deployment and its revisions, oldest revision first (ReplicaSets without a revision are left out). */
export async function deploymentHistory(
  client: DynamicClient,
  namespace: string,
  name: string,
  signal?: AbortSignal,
): Promise<{ deployment: apps.Deployment; revisions: Revision[] }> {
  const deployment = (await client
    .resource(DEPLOYMENTS)
    .namespace(namespace)
    .get(name, { signal })) as unknown as apps.Deployment;
  const list = await client
    .resource(REPLICA_SETS)
    .namespace(namespace)
    .listAll({ labelSelector: selectorString(deployment.spec?.selector) || undefined, signal });
  const owned = controlledReplicaSets(deployment, list.items as unknown as apps.ReplicaSet[]);
  const { oldRSs, newRS } = splitReplicaSets(deployment, owned);
  const byRevision = new Map<number, Revision>();
  for (const rs of newRS ? [...oldRSs, newRS] : oldRSs) {
    const revision = revisionOf(rs.metadata?.annotations);
    const annotations = rs.metadata?.annotations ?? {};
    byRevision.set(revision, {
      revision,
      changeCause: annotations[CHANGE_CAUSE_ANNOTATION] ?? '',
      replicaSet: rs,
      template: rs.spec?.template ?? {},
    });
  }
  const revisions = [...byRevision.values()].sort((a, b) => a.revision - b.revision);
  return { deployment, revisions };
}

/** The text `kubectl rollout history` prints under the object's name: the table, or one revision's template. */
export function historyText(revisions: Revision[], revision = 0): string {
  if (revision > 0) {
    const r = revisions.find((x) => x.revision === revision);
    if (!r) throw new RolloutHistoryError('unable to find the specified revision');
    return templateText(r.template);
  }
  const rows = revisions.map((r) => `${r.revision}\t${r.changeCause || '<none>'}\n`).join('');
  return tabbed(`REVISION\tCHANGE-CAUSE\n${rows}`);
}

/** kubectl's printTemplate: DescribePodTemplate through a PrefixWriter with no tab alignment. */
export function templateText(template: core.PodTemplateSpec): string {
  const w = new PrefixWriter();
  describePodTemplate(template, w);
  return w.untabbed();
}

/** Annotations the rollback keeps from the Deployment instead of taking them from the ReplicaSet. */
const ANNOTATIONS_TO_SKIP = new Set([
  'kubectl.kubernetes.io/last-applied-configuration',
  'deployment.kubernetes.io/revision',
  'deployment.kubernetes.io/revision-history',
  'deployment.kubernetes.io/desired-replicas',
  'deployment.kubernetes.io/max-replicas',
  'deprecated.deployment.rollback.to',
]);

export type UndoResult =
  | { kind: 'rolled back'; revision: number }
  | { kind: 'skipped'; message: string }
  | { kind: 'dry-run'; template: string };

/**
 * Rolls the Deployment back to `toRevision` (0 = the revision before the latest). Throws RolloutHistoryError
 * with kubectl's texts when there is no such revision or the Deployment is paused.
 */
export async function undoDeployment(
  client: DynamicClient,
  namespace: string,
  name: string,
  options: { toRevision?: number; dryRun?: 'client' | 'server'; fieldManager?: string; signal?: AbortSignal } = {},
): Promise<UndoResult> {
  const toRevision = options.toRevision ?? 0;
  if (toRevision < 0) throw new RolloutHistoryError(`unable to find specified revision ${toRevision} in history`);
  const { deployment, revisions } = await deploymentHistory(client, namespace, name, options.signal);
  const target = pickRevision(deployment, revisions, toRevision);
  if (options.dryRun === 'client') return { kind: 'dry-run', template: templateText(target.template) };
  if (deployment.spec?.paused)
    throw new RolloutHistoryError(
      "you cannot rollback a paused deployment; resume it first with 'kubectl rollout resume' and try again",
    );
  if (equalIgnoreHash(target.template, deployment.spec?.template))
    return { kind: 'skipped', message: `skipped rollback (current template already matches revision ${toRevision})` };
  const template = structuredClone(target.template);
  if (template.metadata?.labels) delete template.metadata.labels[POD_TEMPLATE_HASH_LABEL];
  const annotations: Record<string, string> = {};
  for (const [k, v] of Object.entries(deployment.metadata?.annotations ?? {}))
    if (ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  for (const [k, v] of Object.entries(target.replicaSet.metadata?.annotations ?? {}))
    if (!ANNOTATIONS_TO_SKIP.has(k)) annotations[k] = v;
  const patch = [
    { op: 'replace', path: '/spec/template', value: template },
    { op: 'replace', path: '/metadata/annotations', value: annotations },
  ];
  try {
    await client
      .resource(DEPLOYMENTS)
      .namespace(namespace)
      .patch(name, 'json', patch, {
        dryRun: options.dryRun === 'server',
        fieldManager: options.fieldManager ?? 'kubesense',
        signal: options.signal,
      });
  } catch (err) {
    throw new RolloutHistoryError(`failed restoring revision ${toRevision}: ${(err as Error).message}`);
  }
  return { kind: 'rolled back', revision: target.revision };
}

/** rollback.go's deploymentRevision: the named revision, or the second newest. */
function pickRevision(deployment: apps.Deployment, revisions: Revision[], toRevision: number): Revision {
  if (toRevision > 0) {
    const r = revisions.find((x) => x.revision === toRevision);
    if (!r) throw new RolloutHistoryError(`unable to find specified revision ${toRevision} in history`);
    return r;
  }
  const previous = revisions.slice(-2);
  if (previous.length < 2)
    throw new RolloutHistoryError(`no rollout history found for deployment ${quote(deployment.metadata?.name ?? '')}`);
  return previous[0];
}
