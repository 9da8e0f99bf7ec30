// Which pod and container a command means (kubectl's podcmd and polymorphichelpers): `deploy/web` picks one of
// its pods the way `kubectl exec`/`attach` do, and a missing `-c` falls back to the default container.
import type { Container, Pod } from '../typed/generated/types/api/core/v1';
import { selectorString, type LabelSelector } from '../describe/writer';

export const DEFAULT_CONTAINER_ANNOTATION = 'kubectl.kubernetes.io/default-container';

/** kubectl's AllContainerNames: `a, b, dbg (ephem), init (init)`. */
export function allContainerNames(pod: Pod): string {
  return [
    ...(pod.spec?.containers ?? []).map((c) => c.name),
    ...(pod.spec?.ephemeralContainers ?? []).map((c) => `${c.name} (ephem)`),
    ...(pod.spec?.initContainers ?? []).map((c) => `${c.name} (init)`),
  ].join(', ');
}

/** kubectl's FindContainerByName: regular, then init, then ephemeral containers. */
export function findContainer(pod: Pod, name: string): Container | undefined {
  return (
    pod.spec?.containers?.find((c) => c.name === name) ??
    pod.spec?.initContainers?.find((c) => c.name === name) ??
    (pod.spec?.ephemeralContainers?.find((c) => c.name === name) as Container | undefined)
  );
}

/**
 * kubectl's FindOrDefaultContainerByName. Without a name: the annotated default container if it exists, else the
 * first container, with kubectl's `Defaulted container …` notice when there was a choice (print it on stderr).
 */
export function containerOrDefault(pod: Pod, name?: string): { container: Container; notice?: string } {
  if (name) {
    const c = findContainer(pod, name);
    if (!c) throw new Error(`container ${name} not found in pod ${pod.metadata?.name ?? ''}`);
    return { container: c };
  }
  const containers = pod.spec?.containers ?? [];
  if (containers.length === 0) {
    throw new Error(`pod ${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''} does not have any containers`);
  }
  const annotated = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  const byAnnotation = annotated ? findContainer(pod, annotated) : undefined;
  if (byAnnotation) return { container: byAnnotation };
  const first = containers[0];
  const choice =
    containers.length > 1 ||
    (pod.spec?.initContainers?.length ?? 0) > 0 ||
    (pod.spec?.ephemeralContainers?.length ?? 0) > 0;
  return {
    container: first,
    notice: choice ? `Defaulted container ${JSON.stringify(first.name)} out of: ${allContainerNames(pod)}` : undefined,
  };
}

export function isPodReady(pod: Pod): boolean {
  return pod.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

export function readyTime(pod: Pod): number {
  const t = pod.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime;
  return t ? Date.parse(t) : 0;
}

export function maxRestarts(pod: Pod): number {
  return Math.max(0, ...(pod.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
}

/** `t1` after `t2`, where a zero (missing) time counts as after any other (kubectl's afterOrZero). */
export function afterOrZero(t1: number, t2: number): boolean {
  if (!t1 || !t2) return !t1;
  return t1 > t2;
}

/**
 * kubectl's podutils.ActivePods Less: the "least active" pod first (unassigned, pending, not ready, deleting,
 * most recently ready, most restarts, newest). `kubectl exec deploy/x` takes the last one in this order.
 */
export function lessActive(a: Pod, b: Pod): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (!na || !nb)) return !na;
  const phase: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };
  const pa = phase[a.status?.phase ?? ''] ?? 0;
  const pb = phase[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  if (isPodReady(a) !== isPodReady(b)) return !isPodReady(a);
  const da = a.metadata?.deletionTimestamp ? Date.parse(a.metadata.deletionTimestamp) : 0;
  const db = b.metadata?.deletionTimestamp ? Date.parse(b.metadata.deletionTimestamp) : 0;
  if (!!da !== !!db) return !!da;
  if (da && db && da !== db) return da < db;
  if (isPodReady(a) && isPodReady(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(a), readyTime(b));
  const ra = maxRestarts(a);
  const rb = maxRestarts(b);
  if (ra !== rb) return ra > rb;
  const ca = a.metadata?.creationTimestamp ? Date.parse(a.metadata.creationTimestamp) : 0;
  const cb = b.metadata?.creationTimestamp ? Date.parse(b.metadata.creationTimestamp) : 0;
  if (ca !== cb) return afterOrZero(ca, cb);
  return false;
}

/** The pod `kubectl exec`/`attach` pick among a workload's pods: the most active one. */
export function mostActivePod(pods: Pod[]): Pod | undefined {
  let best: Pod | undefined;
  for (const p of pods) if (!best || lessActive(best, p)) best = p;
  return best;
}

interface WorkloadLike {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: { selector?: LabelSelector | Record<string, string> | null };
}

/**
 * kubectl's SelectorsForObject: the label selector of the pods an object runs or routes to. Services and
 * ReplicationControllers have a plain map; the workload kinds a LabelSelector. Other kinds cannot be attached to.
 */
export function podSelectorFor(obj: WorkloadLike): string {
  const sel = obj.spec?.selector;
  switch (obj.kind) {
    case 'Service':
    case 'ReplicationController': {
      const map = (sel ?? {}) as Record<string, string>;
      if (obj.kind === 'Service' && Object.keys(map).length === 0) {
        throw new Error(`invalid service '${obj.metadata?.name ?? ''}': Service is defined without a selector`);
      }
      return selectorString({ matchLabels: map });
    }
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Deployment':
    case 'Job':
      return selectorString(sel as LabelSelector);
    default:
      throw new Error(`selector for ${obj.kind ?? 'object'} not implemented`);
  }
}
