// Port forwards started from the editor: what can be forwarded, the ports to offer, and the list of active
// forwards. A forward to a pod stays on that pod (as kubectl's does); a forward to a Service or workload
// picks its pod again for new connections, so it survives the pod being replaced (kubectl's would end).
import { DynamicClient } from '../../../kube/dynamic/client';
import type { Unstructured } from '../../../kube/dynamic/unstructured';
import type { GroupVersionResource } from '../../../kube/apimachinery/schema';
import type { RESTClient } from '../../../kube/rest/client';
import {
  PortForwarder,
  containerPortForServicePort,
  notRunningError,
  type ConnectionError,
  type ResolvedPod,
} from '../../../kube/portforward';
import { mostActivePod, podSelectorFor } from '../../../kube/util/attachablePod';
import type { Pod } from '../../../kube/typed/generated/types/api/core/v1';

const PODS: GroupVersionResource = { group: '', version: 'v1', resource: 'pods' };
/** How long a Service's or workload's pod choice is reused before new connections look again. */
const RESOLVE_REUSE_MS = 2_000;

/** Kinds the explorer offers "Port Forward…" on (kubectl accepts the same ones). */
const FORWARDABLE = new Set([
  '/pods',
  '/services',
  'apps/deployments',
  'apps/replicasets',
  'apps/statefulsets',
  'apps/daemonsets',
  '/replicationcontrollers',
]);

export function isForwardable(resource: { group: string; resource: string }): boolean {
  return FORWARDABLE.has(`${resource.group}/${resource.resource}`);
}

export interface PortChoice {
  /** What to forward to: a Service port or a container port (number), as kubectl's REMOTE_PORT. */
  port: number;
  label: string;
  description: string;
}

interface PodSpecLike {
  containers?: { name: string; ports?: { name?: string; containerPort: number; protocol?: string }[] }[];
}

/** The ports a user may pick for an object: a Service's ports, else the (template's) containers' TCP ports. */
export function portChoices(obj: Unstructured): PortChoice[] {
  if (obj.kind === 'Service') {
    const ports = ((obj.spec as { ports?: unknown[] } | undefined)?.ports ?? []) as {
      name?: string;
      port: number;
      targetPort?: number | string;
      protocol?: string;
    }[];
    return ports
      .filter((p) => (p.protocol ?? 'TCP') === 'TCP')
      .map((p) => ({
        port: p.port,
        label: String(p.port),
        description: `${p.name ? `${p.name} · ` : ''}targetPort ${p.targetPort ?? p.port}`,
      }));
  }
  const spec = (
    obj.kind === 'Pod' ? obj.spec : (obj.spec as { template?: { spec?: unknown } } | undefined)?.template?.spec
  ) as PodSpecLike | undefined;
  return (spec?.containers ?? []).flatMap((c) =>
    (c.ports ?? [])
      .filter((p) => (p.protocol ?? 'TCP') === 'TCP')
      .map((p) => ({
        port: p.containerPort,
        label: String(p.containerPort),
        description: `${p.name ? `${p.name} · ` : ''}container ${c.name}`,
      })),
  );
}

export interface ForwardTargetRef {
  context: string;
  namespace: string;
  resource: GroupVersionResource;
  kind: string;
  name: string;
}

export interface ActiveForward {
  id: number;
  target: ForwardTargetRef;
  /** The local port (bound). */
  localPort: number;
  /** The port asked for: a Service port for a Service, else the container port. */
  remotePort: number;
  /** The pod the last connection went to. */
  pod?: string;
  connections: number;
  /** The most recent connection failure. */
  lastError?: string;
  /** e.g. `svc/frontend 80 → localhost:54321`. */
  readonly label: string;
  stop(): Promise<void>;
}

export interface StartForwardOptions {
  client: RESTClient;
  target: ForwardTargetRef;
  remotePort: number;
  /** 0 or undefined: any free port. */
  localPort?: number;
  /** Default ['localhost'] (127.0.0.1 and ::1, as kubectl). */
  addresses?: string[];
}

const SHORT: Record<string, string> = {
  Pod: 'pod',
  Service: 'svc',
  Deployment: 'deploy',
  ReplicaSet: 'rs',
  StatefulSet: 'sts',
  DaemonSet: 'ds',
  ReplicationController: 'rc',
};

/**
 * Picks the pod (and its port) for a new connection. A pod target is checked to be running; a Service or
 * workload target is looked up again (its selector and ports may have changed) and its most active running
 * pod that is not being deleted is chosen.
 */
export async function resolvePodFor(
  dynamic: DynamicClient,
  target: ForwardTargetRef,
  remotePort: number,
  signal?: AbortSignal,
): Promise<ResolvedPod> {
  const { namespace } = target;
  const obj = (await dynamic
    .resource(target.resource)
    .namespace(namespace)
    .get(target.name, { signal })) as Unstructured;
  if (obj.kind === 'Pod') {
    const notRunning = notRunningError(obj as never);
    if (notRunning) throw new Error(notRunning);
    return { namespace, name: target.name, port: remotePort };
  }
  const list = await dynamic
    .resource(PODS)
    .namespace(namespace)
    .list({ labelSelector: podSelectorFor(obj as never), signal });
  const running = (list.items as unknown as Pod[]).filter(
    (p) => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp,
  );
  const pod = mostActivePod(running);
  if (!pod) throw new Error(`no running pod for ${SHORT[target.kind] ?? target.kind}/${target.name}`);
  // A Service port becomes the chosen pod's container port (a named targetPort may differ per pod).
  const port =
    obj.kind === 'Service' ? containerPortForServicePort(obj as never, pod as never, remotePort) : remotePort;
  return { namespace, name: pod.metadata?.name ?? '', port };
}

type Listener = () => void;

/** The active forwards of this window, in start order. */
export class PortForwards {
  private nextId = 1;
  private readonly active = new Map<number, ActiveForward>();
  private readonly listeners = new Set<Listener>();
  /** Connection failures, for the output channel. */
  onError: (forward: ActiveForward, message: string) => void = () => undefined;

  list(): ActiveForward[] {
    return [...this.active.values()];
  }

  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  private changed(): void {
    for (const l of this.listeners) l();
  }

  /** Checks the target now (so a mistake shows at once), then listens. */
  async start(options: StartForwardOptions): Promise<ActiveForward> {
    const { target, remotePort } = options;
    const dynamic = new DynamicClient(options.client);
    let cached: { pod: ResolvedPod; at: number } | undefined;
    const first = await resolvePodFor(dynamic, target, remotePort);
    cached = { pod: first, at: Date.now() };
    const resolve = async (): Promise<ResolvedPod> => {
      if (cached && Date.now() - cached.at < RESOLVE_REUSE_MS) return cached.pod;
      const pod = await resolvePodFor(dynamic, target, remotePort);
      cached = { pod, at: Date.now() };
      forward.pod = pod.name;
      return pod;
    };
    const listenErrors: string[] = [];
    const forwarder = new PortForwarder({
      transport: options.client.transport,
      pod: target.kind === 'Pod' ? first : resolve,
      ports: [{ local: options.localPort ?? 0, remote: first.port ?? remotePort }],
      addresses: options.addresses,
      errOut: (line) => listenErrors.push(line),
    });
    try {
      await forwarder.start();
    } catch (e) {
      // kubectl's "Unable to listen on port …" lines say why (port in use, address not available).
      throw new Error([...listenErrors, (e as Error).message].join('\n'), { cause: e });
    }
    const id = this.nextId++;
    const forward: ActiveForward = {
      id,
      target,
      localPort: forwarder.ports[0].local,
      remotePort,
      pod: first.name,
      connections: 0,
      label: `${SHORT[target.kind] ?? target.kind.toLowerCase()}/${target.name} ${remotePort} → localhost:${forwarder.ports[0].local}`,
      stop: async () => {
        if (!this.active.delete(id)) return;
        await forwarder.close();
        this.changed();
      },
    };
    forwarder.on('connection', () => {
      forward.connections++;
      this.changed();
    });
    forwarder.on('connectionClosed', () => {
      forward.connections = Math.max(0, forward.connections - 1);
      this.changed();
    });
    forwarder.on('connectionError', (e: ConnectionError) => {
      // The next connection looks for the pod again (it may have been replaced).
      cached = undefined;
      forward.lastError = e.message;
      this.onError(forward, e.message);
      this.changed();
    });
    this.active.set(id, forward);
    this.changed();
    return forward;
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.list().map((f) => f.stop()));
  }
}
