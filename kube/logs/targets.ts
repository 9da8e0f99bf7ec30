// Which pod and container a log request is for, as kubectl decides (polymorphichelpers.LogsForObject): a pod's
// default container, or all of them; for a workload or Service, the pod its selector finds first in kubectl's
// "best for logging" order (scheduled, running, ready longest, most restarts, oldest).
import { selectorString, type LabelSelector } from '../describe/writer';
import type { Pod } from '../typed/generated/types/api/core/v1';
import {
  afterOrZero,
  allContainerNames,
  DEFAULT_CONTAINER_ANNOTATION,
  isPodReady,
  maxRestarts,
  readyTime,
} from '../util/attachablePod';

export { allContainerNames, DEFAULT_CONTAINER_ANNOTATION };
import type { RESTClient } from '../rest/client';

/** A pod as the API returns it (the typed core/v1 Pod). */
export type PodLike = Pod;

export interface WorkloadLike {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: { selector?: unknown };
}

/** One log request: a container of a pod. */
export interface LogTarget {
  namespace: string;
  pod: string;
  container: string;
  /** kubectl's object reference field path, e.g. `spec.containers{web}`. */
  fieldPath: string;
}

/** podcmd.FindContainerByName: the field path of a container (regular, init or ephemeral), if the pod has it. */
export function containerFieldPath(pod: PodLike, name: string): string | undefined {
  if (pod.spec?.containers?.some((c) => c.name === name)) return `spec.containers{${name}}`;
  if (pod.spec?.initContainers?.some((c) => c.name === name)) return `spec.initContainers{${name}}`;
  if (pod.spec?.ephemeralContainers?.some((c) => c.name === name)) return `spec.ephemeralContainers{${name}}`;
  return undefined;
}

/**
 * The containers of one pod a log request covers. `notice` gets kubectl's stderr remarks ("Defaulted container
 * …"); an unknown container is kubectl's error.
 */
export function containerTargets(
  pod: PodLike,
  options: { container?: string; allContainers?: boolean },
  notice: (message: string) => void = () => undefined,
): LogTarget[] {
  const namespace = pod.metadata?.namespace ?? '';
  const podName = pod.metadata?.name ?? '';
  const target = (container: string): LogTarget => {
    const fieldPath = containerFieldPath(pod, container);
    if (!fieldPath) throw new Error(`container ${container} is not valid for pod ${podName}`);
    return { namespace, pod: podName, container, fieldPath };
  };
  if (options.allContainers) {
    return [
      ...(pod.spec?.initContainers ?? []),
      ...(pod.spec?.containers ?? []),
      ...(pod.spec?.ephemeralContainers ?? []),
    ].map((c) => target(c.name));
  }
  let container = options.container ?? '';
  const preferred = pod.metadata?.annotations?.[DEFAULT_CONTAINER_ANNOTATION];
  if (!container && preferred) {
    if (containerFieldPath(pod, preferred)) container = preferred;
    else notice(`Default container name "${preferred}" not found in pod ${podName}`);
  }
  if (!container) {
    container = pod.spec?.containers?.[0]?.name ?? '';
    const others =
      (pod.spec?.containers?.length ?? 0) > 1 ||
      (pod.spec?.initContainers?.length ?? 0) > 0 ||
      (pod.spec?.ephemeralContainers?.length ?? 0) > 0;
    if (others) notice(`Defaulted container "${container}" out of: ${allContainerNames(pod)}`);
  }
  return [target(container)];
}

/** The Go type name kubectl's errors print for an object (`*v1.ConfigMap`; custom resources stay unstructured). */
function goTypeName(obj: WorkloadLike): string {
  const [group, version] = (obj.apiVersion ?? '').includes('/')
    ? (obj.apiVersion ?? '').split('/')
    : ['', obj.apiVersion ?? ''];
  const builtIn = group === '' || !group.includes('.') || group.endsWith('.k8s.io');
  return builtIn ? `*${version}.${obj.kind}` : '*unstructured.Unstructured';
}

const SELECTOR_KINDS = new Set([
  'ReplicaSet',
  'ReplicationController',
  'StatefulSet',
  'DaemonSet',
  'Deployment',
  'Job',
]);

/** polymorphichelpers.SelectorsForObject: the label selector of the pods an object runs. */
export function podSelectorForLogs(obj: WorkloadLike): { namespace: string; selector: string } {
  const namespace = obj.metadata?.namespace ?? '';
  const group = (obj.apiVersion ?? '').includes('/') ? (obj.apiVersion ?? '').split('/')[0] : '';
  const known = ['', 'apps', 'extensions', 'batch'].includes(group ?? '');
  if (known && obj.kind === 'Service') {
    const sel = obj.spec?.selector as Record<string, string> | undefined;
    if (!sel || Object.keys(sel).length === 0)
      throw new Error(
        `cannot get the logs from ${goTypeName(obj)}: invalid service '${obj.metadata?.name}': Service is defined without a selector`,
      );
    return { namespace, selector: selectorString({ matchLabels: sel }) };
  }
  if (known && obj.kind === 'ReplicationController')
    return { namespace, selector: selectorString({ matchLabels: obj.spec?.selector as Record<string, string> }) };
  if (known && SELECTOR_KINDS.has(obj.kind ?? ''))
    return { namespace, selector: selectorString(obj.spec?.selector as LabelSelector) };
  const t = goTypeName(obj);
  throw new Error(`cannot get the logs from ${t}: selector for ${t} not implemented`);
}

const PHASE_ORDER: Record<string, number> = { Running: 0, Unknown: 1, Pending: 2 };

/** podutils.ByLogging's Less: the pod that is the best source of logs first. */
export function betterForLogs(a: PodLike, b: PodLike): boolean {
  const an = a.spec?.nodeName ?? '';
  const bn = b.spec?.nodeName ?? '';
  if (an !== bn && (!an || !bn)) return an.length > 0;
  const ap = PHASE_ORDER[a.status?.phase ?? ''] ?? 0;
  const bp = PHASE_ORDER[b.status?.phase ?? ''] ?? 0;
  if (ap !== bp) return ap < bp;
  if (isPodReady(a) !== isPodReady(b)) return isPodReady(a);
  if (isPodReady(a) && isPodReady(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(b), readyTime(a));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  const ac = Date.parse(a.metadata?.creationTimestamp ?? '') || 0;
  const bc = Date.parse(b.metadata?.creationTimestamp ?? '') || 0;
  if (ac !== bc) return afterOrZero(bc, ac);
  return false;
}

/**
 * Pods in kubectl's logging order. Go's sort.Sort leaves equal pods in list order for the up to 12 pods it sorts
 * by insertion, which a stable sort reproduces (a workload's pods are usually fewer).
 */
export function sortForLogs<P extends PodLike>(pods: P[]): P[] {
  return [...pods].sort((a, b) => (betterForLogs(a, b) ? -1 : betterForLogs(b, a) ? 1 : 0));
}

export interface PodsForObjectOptions {
  /** Every matching pod (kubectl --all-pods), not just the best one. */
  allPods?: boolean;
  /** How long to wait for a first pod when none matches yet (kubectl --pod-running-timeout, default 20 s). */
  podTimeoutMs?: number;
  signal?: AbortSignal;
}

/**
 * The pods whose logs a workload or Service means (polymorphichelpers.GetFirstPod / GetPodList). `notice` gets
 * "Found N pods, using pod/NAME" when one of several was picked.
 */
export async function podsForObject(
  client: RESTClient,
  obj: WorkloadLike,
  options: PodsForObjectOptions = {},
  notice: (message: string) => void = () => undefined,
): Promise<PodLike[]> {
  const { namespace, selector } = podSelectorForLogs(obj);
  const core = client.forGroupVersion({ group: '', version: 'v1' });
  const deadline = Date.now() + (options.podTimeoutMs ?? 20_000);
  for (;;) {
    const list = await core
      .get()
      .namespace(namespace)
      .resource('pods')
      .params({ labelSelector: selector || undefined })
      .signal(options.signal)
      .do<{ items?: PodLike[] }>();
    const pods = sortForLogs(list.items ?? []);
    if (pods.length > 0) {
      if (options.allPods) return pods;
      if (pods.length > 1) notice(`Found ${pods.length} pods, using pod/${pods[0]!.metadata?.name}`);
      return [pods[0]!];
    }
    if (Date.now() >= deadline) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, Math.min(1000, Math.max(0, deadline - Date.now()))));
  }
}
