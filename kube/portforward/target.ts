// Which pod and which of its ports a port-forward reaches (kubectl's port-forward Complete step and
// polymorphichelpers.AttachablePodForObject): a pod itself, or the most active pod selected by a Service or
// workload; a Service's port becomes the container port (its targetPort, by number or by the name of a
// port in the chosen pod); a pod's named port becomes its number.
import type { DynamicClient } from '../dynamic/client';
import type { Unstructured } from '../dynamic/unstructured';
import type { GroupVersionResource } from '../mapper/schema';
// metav1.LabelSelectorAsSelector's text, shared with describe.
import { selectorString, type LabelSelector } from '../describe/writer';

interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: string;
}
interface PodLike {
  metadata: { name: string; namespace?: string; creationTimestamp?: string };
  spec?: { nodeName?: string; containers?: { ports?: ContainerPort[] }[] };
  status?: {
    phase?: string;
    conditions?: { type: string; status: string; lastTransitionTime?: string }[];
    containerStatuses?: { restartCount?: number }[];
  };
}
interface ServicePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  protocol?: string;
}
interface ServiceLike {
  metadata: { name: string };
  spec?: { clusterIP?: string; selector?: Record<string, string>; ports?: ServicePort[] };
}

const PODS: GroupVersionResource = { group: '', version: 'v1', resource: 'pods' };

/** kubectl's splitPort: `LOCAL:REMOTE`, else the same string for both. */
function splitPort(spec: string): [string, string] {
  const parts = spec.split(':');
  return parts.length === 2 ? [parts[0], parts[1]] : [parts[0], parts[0]];
}

/** util.LookupContainerPortNumberByName. */
export function containerPortByName(pod: PodLike, name: string): number {
  for (const c of pod.spec?.containers ?? [])
    for (const p of c.ports ?? []) if (p.name === name) return p.containerPort;
  throw new Error(`Pod '${pod.metadata.name}' does not have a named port '${name}'`);
}

/** util.LookupContainerPortNumberByServicePort: the container port behind a Service port. */
export function containerPortForServicePort(svc: ServiceLike, pod: PodLike, port: number): number {
  for (const sp of svc.spec?.ports ?? []) {
    if (sp.port !== port) continue;
    if (svc.spec?.clusterIP === 'None') return port;
    const target = sp.targetPort;
    if (target === undefined || typeof target === 'number') return target ? target : sp.port;
    // An IntOrString given as a numeric string is a number (intstr's JSON is typed, but be lenient).
    if (/^\d+$/.test(target)) return Number(target) || sp.port;
    return containerPortByName(pod, target);
  }
  throw new Error(`Service ${svc.metadata.name} does not have a service port ${port}`);
}

/** kubectl's translateServicePortToTargetPort: `[LOCAL:]SERVICE_PORT` (number or name) → `[LOCAL:]CONTAINER_PORT`. */
export function translateServicePorts(specs: string[], svc: ServiceLike, pod: PodLike): string[] {
  return specs.map((spec) => {
    const [specLocal, remote] = splitPort(spec);
    let local = specLocal;
    let portnum = /^[+-]?\d+$/.test(remote) ? Number(remote) : NaN;
    if (Number.isNaN(portnum)) {
      const named = (svc.spec?.ports ?? []).find((p) => p.name === remote);
      if (!named) throw new Error(`Service '${svc.metadata.name}' does not have a named port '${remote}'`);
      portnum = named.port;
      if (local === remote) local = String(portnum);
    }
    const containerPort = String(containerPortForServicePort(svc, pod, portnum));
    return local !== containerPort ? `${local}:${containerPort}` : containerPort;
  });
}

/** kubectl's convertPodNamedPortToNumber: `[LOCAL:]NAME` → `[LOCAL:]NUMBER`. */
export function convertPodNamedPorts(specs: string[], pod: PodLike): string[] {
  return specs.map((spec) => {
    const [local, remote] = splitPort(spec);
    const number = /^[+-]?\d+$/.test(remote) ? remote : String(containerPortByName(pod, remote));
    return local !== remote ? `${local}:${number}` : number;
  });
}

/** polymorphichelpers.SelectorsForObject for the kinds kubectl knows; the error kubectl prints for the rest. */
export function podSelectorFor(obj: Unstructured): string {
  const kind = String(obj.kind ?? '');
  const spec = (obj.spec ?? {}) as { selector?: unknown };
  const name = String((obj.metadata as { name?: string } | undefined)?.name ?? '');
  switch (kind) {
    case 'Service':
    case 'ReplicationController': {
      const sel = (spec.selector ?? {}) as Record<string, string>;
      if (Object.keys(sel).length === 0) {
        if (kind === 'Service') throw new Error(`invalid service '${name}': Service is defined without a selector`);
        throw new Error(`invalid replication controller '${name}': no selector`);
      }
      return selectorString({ matchLabels: sel });
    }
    case 'ReplicaSet':
    case 'Deployment':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Job':
      return selectorString((spec.selector ?? {}) as LabelSelector);
    default:
      throw new Error(`cannot attach to *v1.${kind}: selector for *v1.${kind} not implemented`);
  }
}

function isReady(p: PodLike): boolean {
  return p.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}
function readyTime(p: PodLike): number {
  const t = p.status?.conditions?.find((c) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime;
  return t ? Date.parse(t) : 0;
}
function maxRestarts(p: PodLike): number {
  return Math.max(0, ...(p.status?.containerStatuses ?? []).map((s) => s.restartCount ?? 0));
}
/** Go's afterOrZero: a zero time counts as the latest. */
function afterOrZero(a: number, b: number): boolean {
  return a === 0 || b === 0 ? a === 0 : a > b;
}
const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** controller.ActivePods' Less: true when `a` is less active than `b`. */
export function lessActive(a: PodLike, b: PodLike): boolean {
  const na = a.spec?.nodeName ?? '';
  const nb = b.spec?.nodeName ?? '';
  if (na !== nb && (na === '' || nb === '')) return na === '';
  const pa = PHASE_RANK[a.status?.phase ?? ''] ?? 0;
  const pb = PHASE_RANK[b.status?.phase ?? ''] ?? 0;
  if (pa !== pb) return pa < pb;
  if (isReady(a) !== isReady(b)) return !isReady(a);
  if (isReady(a) && isReady(b) && readyTime(a) !== readyTime(b)) return afterOrZero(readyTime(a), readyTime(b));
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) > maxRestarts(b);
  const ca = a.metadata.creationTimestamp ? Date.parse(a.metadata.creationTimestamp) : 0;
  const cb = b.metadata.creationTimestamp ? Date.parse(b.metadata.creationTimestamp) : 0;
  if (ca !== cb) return afterOrZero(ca, cb);
  return false;
}

/** The most active of the pods (what kubectl's GetFirstPod picks after sorting by reversed ActivePods). */
export function mostActivePod<P extends PodLike>(pods: P[]): P | undefined {
  let best: P | undefined;
  for (const p of pods) if (!best || lessActive(best, p)) best = p;
  return best;
}

/**
 * kubectl's GetFirstPod: the most active pod matching the selector, waiting up to `timeoutMs` for one to
 * exist (kubectl watches; a poll keeps this simple and costs one list per second while nothing matches).
 */
export async function firstPod(
  dynamic: DynamicClient,
  namespace: string,
  selector: string,
  timeoutMs: number,
  signal?: AbortSignal,
): Promise<PodLike> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await dynamic.resource(PODS).namespace(namespace).list({ labelSelector: selector });
    const pod = mostActivePod(list.items as unknown as PodLike[]);
    if (pod) return pod;
    if (Date.now() >= deadline) throw new Error('timed out waiting for the condition');
    await new Promise((r) => setTimeout(r, Math.min(1000, Math.max(0, deadline - Date.now()))));
    signal?.throwIfAborted();
  }
}

export interface ForwardTarget {
  /** The pod chosen now. */
  pod: PodLike;
  /** `[LOCAL:]CONTAINER_PORT` specs, ready for parsePorts. */
  ports: string[];
}

/**
 * Resolves a fetched object (a pod, a Service, a workload) and `[LOCAL:]REMOTE` specs to a pod and numeric
 * container ports, as kubectl port-forward does before it connects.
 */
export async function resolveForwardTarget(
  dynamic: DynamicClient,
  obj: Unstructured,
  namespace: string,
  portSpecs: string[],
  podTimeoutMs = 60_000,
  signal?: AbortSignal,
): Promise<ForwardTarget> {
  const pod =
    obj.kind === 'Pod'
      ? (obj as unknown as PodLike)
      : await firstPod(dynamic, namespace, podSelectorFor(obj), podTimeoutMs, signal);
  const ports =
    obj.kind === 'Service'
      ? translateServicePorts(portSpecs, obj as unknown as ServiceLike, pod)
      : convertPodNamedPorts(portSpecs, pod);
  return { pod, ports };
}

/** kubectl's check before connecting: only a Running pod is forwarded to. */
export function notRunningError(pod: PodLike): string | undefined {
  const phase = pod.status?.phase ?? '';
  return phase === 'Running' ? undefined : `unable to forward port because pod is not running. Current status=${phase}`;
}
