// kubectl's rollout status viewers (k8s.io/kubectl/pkg/polymorphichelpers/rollout_status.go): for one
// object, the line `kubectl rollout status` prints and whether the rollout is done. Pure functions of the
// object, so every branch is testable with a table of objects.
import type * as apps from '../typed/generated/types/api/apps/v1';
import { quote as goQ } from '../util/go';

export interface RolloutStatus {
  /** The line kubectl prints, ending in "\n". */
  message: string;
  done: boolean;
}

/** A status the rollout can never reach from here (kubectl returns these as errors and stops watching). */
export class RolloutStatusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RolloutStatusError';
  }
}

/** Returns the status, or throws RolloutStatusError. `revision` > 0 pins a Deployment to that revision. */
export type StatusViewer = (obj: unknown, revision: number) => RolloutStatus;

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
/** deploymentutil.TimedOutReason: the Progressing condition's reason once progressDeadlineSeconds passed. */
const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';

export function deploymentStatus(obj: unknown, revision: number): RolloutStatus {
  const d = obj as apps.Deployment;
  const name = d.metadata?.name ?? '';
  if (revision > 0) {
    const running = revisionOf(d.metadata?.annotations);
    if (revision !== running)
      throw new RolloutStatusError(
        `desired revision (${revision}) is different from the running revision (${running})`,
      );
  }
  const st = d.status ?? {};
  if ((d.metadata?.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const progressing = st.conditions?.find((c) => c.type === 'Progressing');
    if (progressing?.reason === TIMED_OUT_REASON)
      throw new RolloutStatusError(`deployment ${goQ(name)} exceeded its progress deadline`);
    const updated = st.updatedReplicas ?? 0;
    const replicas = d.spec?.replicas;
    if (replicas !== undefined && updated < replicas)
      return waiting(
        `Waiting for deployment ${goQ(name)} rollout to finish: ${updated} out of ${replicas} new replicas have been updated...\n`,
      );
    if ((st.replicas ?? 0) > updated)
      return waiting(
        `Waiting for deployment ${goQ(name)} rollout to finish: ${(st.replicas ?? 0) - updated} old replicas are pending termination...\n`,
      );
    if ((st.availableReplicas ?? 0) < updated)
      return waiting(
        `Waiting for deployment ${goQ(name)} rollout to finish: ${st.availableReplicas ?? 0} of ${updated} updated replicas are available...\n`,
      );
    return { message: `deployment ${goQ(name)} successfully rolled out\n`, done: true };
  }
  return waiting('Waiting for deployment spec update to be observed...\n');
}

export function daemonSetStatus(obj: unknown): RolloutStatus {
  const ds = obj as apps.DaemonSet;
  const name = ds.metadata?.name ?? '';
  // kubectl names the StatefulSet constant here; both are "RollingUpdate".
  if ((ds.spec?.updateStrategy?.type ?? 'RollingUpdate') !== 'RollingUpdate')
    throw new RolloutStatusError('rollout status is only available for RollingUpdate strategy type');
  const st = ds.status ?? ({} as apps.DaemonSetStatus);
  if ((ds.metadata?.generation ?? 0) <= (st.observedGeneration ?? 0)) {
    const desired = st.desiredNumberScheduled ?? 0;
    const updated = st.updatedNumberScheduled ?? 0;
    if (updated < desired)
      return waiting(
        `Waiting for daemon set ${goQ(name)} rollout to finish: ${updated} out of ${desired} new pods have been updated...\n`,
      );
    const available = st.numberAvailable ?? 0;
    if (available < desired)
      return waiting(
        `Waiting for daemon set ${goQ(name)} rollout to finish: ${available} of ${desired} updated pods are available...\n`,
      );
    return { message: `daemon set ${goQ(name)} successfully rolled out\n`, done: true };
  }
  return waiting('Waiting for daemon set spec update to be observed...\n');
}

export function statefulSetStatus(obj: unknown): RolloutStatus {
  const sts = obj as apps.StatefulSet;
  const strategy = sts.spec?.updateStrategy;
  if ((strategy?.type ?? 'RollingUpdate') !== 'RollingUpdate')
    throw new RolloutStatusError('rollout status is only available for RollingUpdate strategy type');
  const st = sts.status ?? ({} as apps.StatefulSetStatus);
  const observed = st.observedGeneration ?? 0;
  if (observed === 0 || (sts.metadata?.generation ?? 0) > observed)
    return waiting('Waiting for statefulset spec update to be observed...\n');
  const replicas = sts.spec?.replicas;
  const ready = st.readyReplicas ?? 0;
  if (replicas !== undefined && ready < replicas)
    return waiting(`Waiting for ${replicas - ready} pods to be ready...\n`);
  const updated = st.updatedReplicas ?? 0;
  if (strategy?.rollingUpdate) {
    const partition = strategy.rollingUpdate.partition;
    if (replicas !== undefined && partition !== undefined && updated < replicas - partition)
      return waiting(
        `Waiting for partitioned roll out to finish: ${updated} out of ${replicas - partition} new pods have been updated...\n`,
      );
    return { message: `partitioned roll out complete: ${updated} new pods have been updated...\n`, done: true };
  }
  if (st.updateRevision !== st.currentRevision)
    return waiting(
      `waiting for statefulset rolling update to complete ${updated} pods at revision ${st.updateRevision ?? ''}...\n`,
    );
  return {
    message: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision ?? ''}...\n`,
    done: true,
  };
}

/** polymorphichelpers.StatusViewerFor: by group and kind; other kinds have no viewer. */
export function statusViewerFor(group: string, kind: string): StatusViewer {
  if (group === 'apps' || group === 'extensions') {
    if (kind === 'Deployment') return deploymentStatus;
    if (kind === 'DaemonSet') return daemonSetStatus;
    if (kind === 'StatefulSet' && group === 'apps') return statefulSetStatus;
  }
  throw new RolloutStatusError(`no status viewer has been implemented for ${kind}${group ? `.${group}` : ''}`);
}

/** deploymentutil.Revision: the revision annotation as a number (0 when absent or not a number). */
export function revisionOf(annotations: Record<string, string> | undefined): number {
  const v = annotations?.[REVISION_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  return Number(v);
}

function waiting(message: string): RolloutStatus {
  return { message, done: false };
}
