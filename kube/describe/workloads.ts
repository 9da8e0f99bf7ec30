// Describers for workloads: Deployment, ReplicaSet, ReplicationController, StatefulSet, DaemonSet, Job, CronJob,
// and the PodDisruptionBudget that guards their pods.
import type * as apps from '../typed/generated/types/api/apps/v1';
import type * as batch from '../typed/generated/types/api/batch/v1';
import type * as core from '../typed/generated/types/api/core/v1';
import type * as policy from '../typed/generated/types/api/policy/v1';
import { humanDuration } from '../util/duration';
import type { DescribeContext, Describer } from './types';
import { eventsFor, getObject, gvr, listObjects, writeEvents } from './core';
import { describePodTemplate } from './pod';
import { controlledReplicaSets, splitReplicaSets } from '../rollout/deploymentutil';
import {
  LEVEL_0,
  LEVEL_1,
  LEVEL_2,
  formatLabelSelector,
  formatLabels,
  printAnnotationsMultiline,
  printBoolPtr,
  printController,
  printLabelsMultiline,
  printLabelsMultilineWithIndent,
  rfc1123z,
  selectorString,
  tabbedString,
  type PrefixWriter,
} from './writer';

const PODS = gvr('', 'v1', 'pods');

interface PodCounts {
  running: number;
  waiting: number;
  succeeded: number;
  failed: number;
}

/** getPodStatusForController: phases of the selected pods that this controller owns. */
async function podStatusForController(
  ctx: DescribeContext,
  namespace: string,
  selector: string,
  uid: string | undefined,
): Promise<PodCounts> {
  const pods = await listObjects<core.Pod>(ctx, PODS, namespace, selector);
  const counts = { running: 0, waiting: 0, succeeded: 0, failed: 0 };
  for (const pod of pods) {
    const ref = pod.metadata?.ownerReferences?.find((o) => o.controller);
    if (!ref || ref.uid !== uid) continue;
    if (pod.status?.phase === 'Running') counts.running++;
    else if (pod.status?.phase === 'Pending') counts.waiting++;
    else if (pod.status?.phase === 'Succeeded') counts.succeeded++;
    else if (pod.status?.phase === 'Failed') counts.failed++;
  }
  return counts;
}

function podsStatus(c: PodCounts): string {
  return `${c.running} Running / ${c.waiting} Waiting / ${c.succeeded} Succeeded / ${c.failed} Failed`;
}

function conditionsTable(
  w: PrefixWriter,
  conditions: { type: string; status: string; reason?: string }[] | undefined,
): void {
  if (!conditions?.length) return;
  w.write(LEVEL_0, 'Conditions:\n  Type\tStatus\tReason\n');
  w.write(LEVEL_1, '----\t------\t------\n');
  for (const c of conditions) w.write(LEVEL_1, `${c.type} \t${c.status}\t${c.reason ?? ''}\n`);
}

export const describeDeployment: Describer = async (ctx, namespace, name) => {
  const d = await getObject<apps.Deployment>(ctx, gvr('apps', 'v1', 'deployments'), namespace, name);
  const events = await eventsFor(ctx, { ...d, kind: 'Deployment' });
  const { oldRSs, newRS } = await replicaSetsOf(ctx, d).catch(() => ({ oldRSs: [], newRS: undefined }));
  const spec = d.spec ?? ({} as apps.DeploymentSpec);
  const status = d.status ?? {};
  return tabbedString((w) => {
    const md = d.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(md.creationTimestamp)}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    w.write(
      LEVEL_0,
      `Replicas:\t${spec.replicas ?? 0} desired | ${status.updatedReplicas ?? 0} updated | ${status.replicas ?? 0} total | ${status.availableReplicas ?? 0} available | ${status.unavailableReplicas ?? 0} unavailable\n`,
    );
    w.write(LEVEL_0, `StrategyType:\t${spec.strategy?.type ?? ''}\n`);
    w.write(LEVEL_0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
    const ru = spec.strategy?.rollingUpdate;
    if (ru)
      w.write(
        LEVEL_0,
        `RollingUpdateStrategy:\t${intOrString(ru.maxUnavailable)} max unavailable, ${intOrString(ru.maxSurge)} max surge\n`,
      );
    describePodTemplate(spec.template, w);
    conditionsTable(w, status.conditions);
    if (oldRSs.length || newRS) {
      w.write(LEVEL_0, `OldReplicaSets:\t${replicaSetsText(oldRSs)}\n`);
      w.write(LEVEL_0, `NewReplicaSet:\t${replicaSetsText(newRS ? [newRS] : [])}\n`);
    }
    writeEvents(w, events, ctx);
  });
};

/** intstr.IntOrString.String(): a nil pointer prints as "nil" in kubectl (%s of nil *IntOrString). */
function intOrString(v: number | string | undefined): string {
  return v === undefined ? '%!s(<nil>)' : String(v);
}

function replicaSetsText(rss: apps.ReplicaSet[]): string {
  return (
    rss
      .map((rs) => `${rs.metadata?.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`)
      .join(', ') || '<none>'
  );
}

/**
 * deploymentutil.GetAllReplicaSetsInChunks: the ReplicaSets the deployment controls; the new one is the
 * newest whose pod template equals the deployment's (ignoring the pod-template-hash label).
 */
async function replicaSetsOf(
  ctx: DescribeContext,
  d: apps.Deployment,
): Promise<{ oldRSs: apps.ReplicaSet[]; newRS: apps.ReplicaSet | undefined }> {
  const all = await listObjects<apps.ReplicaSet>(
    ctx,
    gvr('apps', 'v1', 'replicasets'),
    d.metadata?.namespace ?? '',
    selectorString(d.spec?.selector),
  );
  return splitReplicaSets(d, controlledReplicaSets(d, all));
}

export const describeReplicaSet: Describer = async (ctx, namespace, name) => {
  const rs = await getObject<apps.ReplicaSet>(ctx, gvr('apps', 'v1', 'replicasets'), namespace, name);
  let pods: PodCounts | undefined;
  let podErr: unknown;
  try {
    pods = await podStatusForController(ctx, namespace, selectorString(rs.spec?.selector), rs.metadata?.uid);
  } catch (err) {
    podErr = err;
  }
  const events = await eventsFor(ctx, { ...rs, kind: 'ReplicaSet' });
  return tabbedString((w) => {
    const md = rs.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabelSelector(rs.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    const controlledBy = printController(md);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    w.write(LEVEL_0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, 'Pods Status:\t');
    if (pods) w.write(LEVEL_0, `${podsStatus(pods)}\n`);
    else w.write(LEVEL_0, `error in fetching pods: ${(podErr as Error).message}\n`);
    describePodTemplate(rs.spec?.template, w);
    conditionsTable(w, rs.status?.conditions);
    writeEvents(w, events, ctx);
  });
};

export const describeReplicationController: Describer = async (ctx, namespace, name) => {
  const rc = await getObject<core.ReplicationController>(ctx, gvr('', 'v1', 'replicationcontrollers'), namespace, name);
  const pods = await podStatusForController(ctx, namespace, formatSelectorSet(rc.spec?.selector), rc.metadata?.uid);
  const events = await eventsFor(ctx, { ...rc, kind: 'ReplicationController' });
  return tabbedString((w) => {
    const md = rc.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${formatLabels(rc.spec?.selector)}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 0} desired\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatus(pods)}\n`);
    describePodTemplate(rc.spec?.template, w);
    conditionsTable(w, rc.status?.conditions);
    writeEvents(w, events, ctx);
  });
};

/** labels.SelectorFromSet(...).String(): sorted key=value pairs, "" for none (everything). */
function formatSelectorSet(set: Record<string, string> | undefined): string {
  return selectorString({ matchLabels: set });
}

export const describePodDisruptionBudget: Describer = async (ctx, namespace, name) => {
  const pdb = await getObject<policy.PodDisruptionBudget>(
    ctx,
    gvr('policy', 'v1', 'poddisruptionbudgets'),
    namespace,
    name,
  );
  const events = await eventsFor(ctx, { ...pdb, kind: 'PodDisruptionBudget' });
  const spec = pdb.spec ?? {};
  const status = pdb.status;
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${pdb.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${pdb.metadata?.namespace ?? ''}\n`);
    if (spec.minAvailable !== undefined) w.write(LEVEL_0, `Min available:\t${spec.minAvailable}\n`);
    else if (spec.maxUnavailable !== undefined) w.write(LEVEL_0, `Max unavailable:\t${spec.maxUnavailable}\n`);
    w.write(LEVEL_0, `Selector:\t${spec.selector ? formatLabelSelector(spec.selector) : '<unset>'}\n`);
    w.write(LEVEL_0, 'Status:\n');
    w.write(LEVEL_2, `Allowed disruptions:\t${status?.disruptionsAllowed ?? 0}\n`);
    w.write(LEVEL_2, `Current:\t${status?.currentHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Desired:\t${status?.desiredHealthy ?? 0}\n`);
    w.write(LEVEL_2, `Total:\t${status?.expectedPods ?? 0}\n`);
    writeEvents(w, events, ctx);
  });
};

export const describeStatefulSet: Describer = async (ctx, namespace, name) => {
  const ss = await getObject<apps.StatefulSet>(ctx, gvr('apps', 'v1', 'statefulsets'), namespace, name);
  const selector = selectorString(ss.spec?.selector);
  const pods = await podStatusForController(ctx, namespace, selector, ss.metadata?.uid);
  const events = await eventsFor(ctx, { ...ss, kind: 'StatefulSet' });
  const spec = ss.spec ?? ({} as apps.StatefulSetSpec);
  return tabbedString((w) => {
    const md = ss.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    w.write(LEVEL_0, `CreationTimestamp:\t${rfc1123z(md.creationTimestamp)}\n`);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, `Replicas:\t${spec.replicas ?? 0} desired | ${ss.status?.replicas ?? 0} total\n`);
    w.write(LEVEL_0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}\n`);
    const ru = spec.updateStrategy?.rollingUpdate;
    if (ru && ru.partition !== undefined && ru.partition !== null) {
      w.write(LEVEL_1, `Partition:\t${ru.partition}\n`);
      if (ru.maxUnavailable !== undefined) w.write(LEVEL_1, `MaxUnavailable:\t${String(ru.maxUnavailable)}\n`);
    }
    w.write(LEVEL_0, `Pods Status:\t${podsStatus(pods)}\n`);
    describePodTemplate(spec.template, w);
    describeVolumeClaimTemplates(spec.volumeClaimTemplates, w);
    writeEvents(w, events, ctx);
  });
};

function describeVolumeClaimTemplates(templates: core.PersistentVolumeClaim[] | undefined, w: PrefixWriter): void {
  if (!templates?.length) {
    w.write(LEVEL_0, 'Volume Claims:\t<none>\n');
    return;
  }
  w.write(LEVEL_0, 'Volume Claims:\n');
  for (const pvc of templates) {
    const md = pvc.metadata ?? {};
    w.write(LEVEL_1, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_1, `StorageClass:\t${persistentVolumeClaimClass(pvc)}\n`);
    printLabelsMultilineWithIndent(w, '  ', 'Labels', '\t', md.labels);
    printLabelsMultilineWithIndent(w, '  ', 'Annotations', '\t', md.annotations);
    const storage = pvc.spec?.resources?.requests?.storage;
    w.write(LEVEL_1, `Capacity:\t${storage !== undefined ? String(storage) : '<default>'}\n`);
    w.write(LEVEL_1, `Access Modes:\t[${(pvc.spec?.accessModes ?? []).join(' ')}]\n`);
  }
}

/** storageutil.GetPersistentVolumeClaimClass: the beta annotation wins over spec.storageClassName. */
export function persistentVolumeClaimClass(pvc: core.PersistentVolumeClaim): string {
  const beta = pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (beta !== undefined) return beta;
  return pvc.spec?.storageClassName ?? '';
}

export const describeDaemonSet: Describer = async (ctx, namespace, name) => {
  const ds = await getObject<apps.DaemonSet>(ctx, gvr('apps', 'v1', 'daemonsets'), namespace, name);
  const selector = selectorString(ds.spec?.selector);
  const pods = await podStatusForController(ctx, namespace, selector, ds.metadata?.uid);
  const events = await eventsFor(ctx, { ...ds, kind: 'DaemonSet' });
  const status = ds.status ?? ({} as apps.DaemonSetStatus);
  return tabbedString((w) => {
    const md = ds.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selector}\n`);
    w.write(LEVEL_0, `Node-Selector:\t${formatLabels(ds.spec?.template?.spec?.nodeSelector)}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, `Desired Number of Nodes Scheduled: ${status.desiredNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Current Number of Nodes Scheduled: ${status.currentNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Up-to-date Pods: ${status.updatedNumberScheduled ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Scheduled with Available Pods: ${status.numberAvailable ?? 0}\n`);
    w.write(LEVEL_0, `Number of Nodes Misscheduled: ${status.numberMisscheduled ?? 0}\n`);
    w.write(LEVEL_0, `Pods Status:\t${podsStatus(pods)}\n`);
    describePodTemplate(ds.spec?.template, w);
    writeEvents(w, events, ctx);
  });
};

export const describeJob: Describer = async (ctx, namespace, name) => {
  const job = await getObject<batch.Job>(ctx, gvr('batch', 'v1', 'jobs'), namespace, name);
  const events = await eventsFor(ctx, { ...job, kind: 'Job' });
  const spec = job.spec ?? ({} as batch.JobSpec);
  const status = job.status ?? {};
  const opt = (v: unknown) => v !== undefined && v !== null;
  return tabbedString((w) => {
    const md = job.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    w.write(LEVEL_0, `Selector:\t${selectorString(spec.selector)}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    const controlledBy = printController(md);
    if (controlledBy) w.write(LEVEL_0, `Controlled By:\t${controlledBy}\n`);
    if (opt(spec.parallelism)) w.write(LEVEL_0, `Parallelism:\t${spec.parallelism}\n`);
    w.write(LEVEL_0, `Completions:\t${opt(spec.completions) ? spec.completions : '<unset>'}\n`);
    if (opt(spec.completionMode)) w.write(LEVEL_0, `Completion Mode:\t${spec.completionMode}\n`);
    if (opt(spec.suspend)) w.write(LEVEL_0, `Suspend:\t${spec.suspend}\n`);
    if (opt(spec.backoffLimit)) w.write(LEVEL_0, `Backoff Limit:\t${spec.backoffLimit}\n`);
    if (opt(spec.ttlSecondsAfterFinished))
      w.write(LEVEL_0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
    if (status.startTime) w.write(LEVEL_0, `Start Time:\t${rfc1123z(status.startTime)}\n`);
    if (status.completionTime) w.write(LEVEL_0, `Completed At:\t${rfc1123z(status.completionTime)}\n`);
    if (status.startTime && status.completionTime)
      w.write(
        LEVEL_0,
        `Duration:\t${humanDuration(Date.parse(status.completionTime) - Date.parse(status.startTime))}\n`,
      );
    if (opt(spec.activeDeadlineSeconds)) w.write(LEVEL_0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
    const counts = `${status.succeeded ?? 0} Succeeded / ${status.failed ?? 0} Failed`;
    if (!opt(status.ready)) w.write(LEVEL_0, `Pods Statuses:\t${status.active ?? 0} Active / ${counts}\n`);
    else w.write(LEVEL_0, `Pods Statuses:\t${status.active ?? 0} Active (${status.ready} Ready) / ${counts}\n`);
    if (spec.completionMode === 'Indexed')
      w.write(LEVEL_0, `Completed Indexes:\t${capIndexesListOrNone(status.completedIndexes ?? '', 50)}\n`);
    describePodTemplate(spec.template, w);
    writeEvents(w, events, ctx);
  });
};

function capIndexesListOrNone(indexes: string, softLimit: number): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  while (ix < indexes.length && indexes[ix] !== ',') ix++;
  return ix >= indexes.length ? indexes : `${indexes.slice(0, ix + 1)}...`;
}

export const describeCronJob: Describer = async (ctx, namespace, name) => {
  const cj = await getObject<batch.CronJob>(ctx, gvr('batch', 'v1', 'cronjobs'), namespace, name);
  const events = await eventsFor(ctx, { ...cj, kind: 'CronJob' });
  const spec = cj.spec ?? ({} as batch.CronJobSpec);
  const unset = (v: unknown, suffix = '') => (v === undefined || v === null ? '<unset>' : `${v}${suffix}`);
  return tabbedString((w) => {
    const md = cj.metadata ?? {};
    w.write(LEVEL_0, `Name:\t${md.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${md.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', md.labels);
    printAnnotationsMultiline(w, 'Annotations', md.annotations);
    w.write(LEVEL_0, `Schedule:\t${spec.schedule ?? ''}\n`);
    w.write(LEVEL_0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
    w.write(LEVEL_0, `Suspend:\t${printBoolPtr(spec.suspend)}\n`);
    w.write(LEVEL_0, `Successful Job History Limit:\t${unset(spec.successfulJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Failed Job History Limit:\t${unset(spec.failedJobsHistoryLimit)}\n`);
    w.write(LEVEL_0, `Starting Deadline Seconds:\t${unset(spec.startingDeadlineSeconds, 's')}\n`);
    const jt = spec.jobTemplate?.spec ?? ({} as batch.JobSpec);
    w.write(LEVEL_0, `Selector:\t${jt.selector ? selectorString(jt.selector) : '<unset>'}\n`);
    w.write(LEVEL_0, `Parallelism:\t${unset(jt.parallelism)}\n`);
    w.write(LEVEL_0, `Completions:\t${unset(jt.completions)}\n`);
    if (jt.activeDeadlineSeconds !== undefined && jt.activeDeadlineSeconds !== null)
      w.write(LEVEL_0, `Active Deadline Seconds:\t${jt.activeDeadlineSeconds}s\n`);
    describePodTemplate(jt.template, w);
    w.write(
      LEVEL_0,
      `Last Schedule Time:\t${cj.status?.lastScheduleTime ? rfc1123z(cj.status.lastScheduleTime) : '<unset>'}\n`,
    );
    w.write(LEVEL_0, 'Active Jobs:\t');
    const active = cj.status?.active ?? [];
    w.writeLine(active.length ? active.map((j) => j.name ?? '').join(', ') : '<none>');
    writeEvents(w, events, ctx);
  });
};
