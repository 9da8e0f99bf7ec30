// Which pod and which of its ports a port-forward reaches (kubectl's port-forward Complete step and
// polymorphichelpers.AttachablePodForObject): a pod itself, or the most active pod selected by a Service or
// workload; a Service's port becomes the container port (its targetPort, by number or by the name of a
// port in the chosen pod); a pod's named port becomes its number.
import type { DynamicClient } from '../dynamic/client';
import type { Unstructured } from '../dynamic/unstructured';
import type { GroupVersionResource } from '../apimachinery/schema';
// kubectl's pod choice (ActivePods order, selectors per kind), shared with exec and attach.
import { mostActivePod, podSelectorFor } from '../util/attachablePod';

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

const ATTACHABLE = new Set([
  'Service',
  'ReplicationController',
  'ReplicaSet',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'Job',
]);

/** polymorphichelpers.SelectorsForObject, with the error kubectl's port-forward prints for other kinds. */
function selectorFor(obj: Unstructured): string {
  const kind = String(obj.kind ?? '');
  if (!ATTACHABLE.has(kind)) throw new Error(`cannot attach to *v1.${kind}: selector for *v1.${kind} not implemented`);
  return podSelectorFor(obj as never);
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
    const pod = mostActivePod(list.items as never) as PodLike | undefined;
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
      : await firstPod(dynamic, namespace, selectorFor(obj), podTimeoutMs, signal);
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
