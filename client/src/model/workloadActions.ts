// Scale…, Restart, Rollout Status and Rollout Undo for workloads in the explorer and the command palette: what
// each action needs from the cluster (through kube/rollout) and what it tells the user, in kubectl's words.
// No vscode import: the glue in client/src/explorer/workloadCommands.ts only shows these results.
import { DynamicClient } from '../../../kube/dynamic/client';
import type { RESTClient } from '../../../kube/rest/client';
import {
  deploymentHistory,
  getScale,
  restart,
  scale,
  undoDeployment,
  waitForRollout,
  type RolloutStatus,
} from '../../../kube/rollout';
import { humanDuration } from '../../../kube/util/duration';
import { escapeThemeIcons } from './themeIcons';

/** One workload object the actions work on. */
export interface WorkloadRef {
  group: string;
  version: string;
  resource: string;
  kind: string;
  namespace: string;
  name: string;
}

interface ResourceLike {
  group: string;
  resource: string;
}

const ROLLOUT_KINDS: Record<string, string> = {
  deployments: 'Deployment',
  daemonsets: 'DaemonSet',
  statefulsets: 'StatefulSet',
};
const SCALABLE = new Set(['deployments', 'statefulsets', 'replicasets']);

/** Suffixes of a tree item's contextValue that turn the actions' menu entries on. */
export function workloadContextTags(r: ResourceLike): string {
  if (r.group !== 'apps') return '';
  return `${SCALABLE.has(r.resource) ? '.scalable' : ''}${ROLLOUT_KINDS[r.resource] ? '.rollout' : ''}${r.resource === 'deployments' ? '.history' : ''}`;
}

export type WorkloadAction = 'scale' | 'restart' | 'status' | 'undo';

/** Whether `action` applies to this resource (for the palette's picker and for menu arguments). */
export function supports(action: WorkloadAction, r: ResourceLike): boolean {
  const tags = workloadContextTags(r);
  if (action === 'scale') return tags.includes('.scalable');
  if (action === 'undo') return tags.includes('.history');
  return tags.includes('.rollout');
}

/** The Scale input box's check: a whole number ≥ 0, as kubectl's --replicas. */
export function replicasInputError(text: string): string | undefined {
  if (!/^\s*\d+\s*$/.test(text)) return 'Enter the number of replicas (a whole number, 0 or more).';
  if (Number(text) > 2 ** 31 - 1) return 'That is more replicas than Kubernetes allows.';
  return undefined;
}

/** kubectl's name printer: `deployment.apps/web`. */
export function printedName(ref: WorkloadRef): string {
  return `${ref.kind.toLowerCase()}${ref.group ? `.${ref.group}` : ''}/${ref.name}`;
}

export interface RevisionPickItem {
  revision: number;
  label: string;
  description: string;
  detail: string;
  current: boolean;
}

export class WorkloadActions {
  private readonly dynamic: DynamicClient;

  constructor(client: RESTClient) {
    this.dynamic = new DynamicClient(client);
  }

  private gvr(ref: WorkloadRef) {
    return { group: ref.group, version: ref.version, resource: ref.resource };
  }

  /** spec.replicas as the scale subresource reports it (the Scale… box starts with it). */
  async currentReplicas(ref: WorkloadRef, signal?: AbortSignal): Promise<number> {
    return (await getScale(this.dynamic, this.gvr(ref), ref.namespace, ref.name, signal)).spec?.replicas ?? 0;
  }

  /**
   * Scales with the replicas the user saw as precondition, so a change made meanwhile by someone else fails
   * ("Expected replicas to be 3, was 5") instead of being overwritten unseen.
   */
  async scale(ref: WorkloadRef, replicas: number, seen: number, signal?: AbortSignal): Promise<string> {
    await scale(this.dynamic, this.gvr(ref), ref.namespace, ref.name, replicas, {
      precondition: { currentReplicas: seen },
      signal,
    });
    return `${printedName(ref)} scaled to ${replicas}`;
  }

  async restart(ref: WorkloadRef, signal?: AbortSignal): Promise<string> {
    await restart(
      this.dynamic,
      { resource: this.gvr(ref), kind: ref.kind, namespace: ref.namespace, name: ref.name },
      {
        signal,
      },
    );
    return `${printedName(ref)} restarted`;
  }

  /** Follows the rollout until done (resolves with the last status), a viewer error, deletion, or abort. */
  followStatus(ref: WorkloadRef, onStatus: (s: RolloutStatus) => void, signal?: AbortSignal): Promise<RolloutStatus> {
    return waitForRollout(
      this.dynamic,
      { resource: this.gvr(ref), kind: ref.kind, namespace: ref.namespace, name: ref.name },
      { onStatus, signal },
    );
  }

  /** The Rollout Undo picker: revisions newest first; the running one is marked and cannot be the target. */
  async revisions(ref: WorkloadRef, now = Date.now(), signal?: AbortSignal): Promise<RevisionPickItem[]> {
    const { deployment, revisions } = await deploymentHistory(this.dynamic, ref.namespace, ref.name, signal);
    const running = Number(deployment.metadata?.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
    return revisions
      .slice()
      .reverse()
      .map((r) => {
        const images = (r.template.spec?.containers ?? []).map((c) => c.image ?? '').join(', ');
        const created = Date.parse(r.replicaSet.metadata?.creationTimestamp ?? '');
        const current = r.revision === running;
        return {
          revision: r.revision,
          label: `Revision ${r.revision}`,
          // Quick pick text: a change-cause is free text (`kubectl … $(date)`), shown as written.
          description: escapeThemeIcons([current ? 'current' : '', r.changeCause].filter(Boolean).join(' · ')),
          detail: escapeThemeIcons(
            `${images}${Number.isFinite(created) ? ` · ${humanDuration(now - created)} ago` : ''} · ${r.replicaSet.metadata?.name ?? ''}`,
          ),
          current,
        };
      });
  }

  /** Rolls back to `revision` (0: the previous one); the message is kubectl's. */
  async undo(ref: WorkloadRef, revision: number, signal?: AbortSignal): Promise<string> {
    const result = await undoDeployment(this.dynamic, ref.namespace, ref.name, { toRevision: revision, signal });
    if (result.kind === 'skipped') return `${printedName(ref)} ${result.message}`;
    return `${printedName(ref)} rolled back to revision ${revision || 'before the latest'}`;
  }

  /** For the command palette without a tree selection: the namespace's workloads that support `action`. */
  async listWorkloads(namespace: string, action: WorkloadAction, signal?: AbortSignal): Promise<WorkloadRef[]> {
    const kinds = Object.entries({ ...ROLLOUT_KINDS, replicasets: 'ReplicaSet' }).filter(([resource]) =>
      supports(action, { group: 'apps', resource }),
    );
    const lists = await Promise.all(
      kinds.map(async ([resource, kind]) => {
        const list = await this.dynamic
          .resource({ group: 'apps', version: 'v1', resource })
          .namespace(namespace)
          .list({ signal });
        return list.items.map((o) => ({
          group: 'apps',
          version: 'v1',
          resource,
          kind,
          namespace,
          name: o.metadata?.name ?? '',
        }));
      }),
    );
    return lists.flat();
  }
}
