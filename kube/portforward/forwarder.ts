// Local listeners that forward every accepted connection to a pod (client-go's tools/portforward
// PortForwarder): kubectl's port and address syntax, its listen rules (`localhost` is 127.0.0.1 and ::1 and
// succeeds when either does; an explicit address must succeed) and its messages.
import { EventEmitter } from 'events';
import * as net from 'net';
import type { Transport } from '../rest/transport';
import { quote } from '../util/go';
import { openTunnel, type SpdyTunnel } from './spdy';
import { openPortStream, pipeSocket, type PodRef } from './stream';

/** A pod chosen for one connection; `port` overrides the forwarded remote port (a Service's targetPort by name). */
export interface ResolvedPod extends PodRef {
  port?: number;
}

export interface ForwardedPort {
  /** 0: any free port (set once the first listener is bound). */
  local: number;
  remote: number;
}

interface ListenAddress {
  address: string;
  family: 4 | 6;
  /** 'all': an error only when every address of the group fails (localhost); 'any': any failure is an error. */
  failureMode: 'all' | 'any';
}

/** Go's strconv.ParseUint(s, 10, 16) error text, as kubectl prints it. */
function parseUint16(s: string): number | string {
  if (!/^\d+$/.test(s)) return `strconv.ParseUint: parsing ${quote(s)}: invalid syntax`;
  const n = Number(s);
  if (n > 65535) return `strconv.ParseUint: parsing ${quote(s)}: value out of range`;
  return n;
}

/** client-go's parsePorts: `[LOCAL:]REMOTE`, an empty LOCAL meaning a free port. */
export function parsePorts(specs: string[]): ForwardedPort[] {
  return specs.map((spec) => {
    const parts = spec.split(':');
    if (parts.length > 2) throw new Error(`invalid port format '${spec}'`);
    const localString = parts.length === 2 ? parts[0] || '0' : parts[0];
    const remoteString = parts.length === 2 ? parts[1] : parts[0];
    const local = parseUint16(localString);
    if (typeof local === 'string') throw new Error(`error parsing local port '${localString}': ${local}`);
    const remote = parseUint16(remoteString);
    if (typeof remote === 'string') throw new Error(`error parsing remote port '${remoteString}': ${remote}`);
    if (remote === 0) throw new Error('remote port must be > 0');
    return { local, remote };
  });
}

/** client-go's parseAddresses: `localhost` expands to both loopbacks; sorted as strings for a stable order. */
export function parseAddresses(addresses: string[]): ListenAddress[] {
  const parsed = new Map<string, ListenAddress>();
  for (const address of addresses) {
    if (address === 'localhost') {
      if (!parsed.has('127.0.0.1')) parsed.set('127.0.0.1', { address: '127.0.0.1', family: 4, failureMode: 'all' });
      if (!parsed.has('::1')) parsed.set('::1', { address: '::1', family: 6, failureMode: 'all' });
    } else if (net.isIPv4(address)) {
      parsed.set(address, { address, family: 4, failureMode: 'any' });
    } else if (net.isIPv6(address)) {
      parsed.set(address, { address, family: 6, failureMode: 'any' });
    } else {
      throw new Error(`${address} is not a valid IP`);
    }
  }
  return [...parsed.values()].sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0));
}

/** Go's net.JoinHostPort. */
export function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** Go's `%v` of []ForwardedPort, e.g. `[{8080 80}]`, used in kubectl's "unable to listen" error. */
function formatPorts(ports: ForwardedPort[]): string {
  return `[${ports.map((p) => `{${p.local} ${p.remote}}`).join(' ')}]`;
}

export interface PortForwarderOptions {
  transport: Transport;
  /**
   * The pod for a new connection. kubectl resolves it once; the editor re-resolves a Service's or workload's
   * pod per connection so a forward outlives pod restarts.
   */
  pod: PodRef | (() => Promise<ResolvedPod>);
  ports: ForwardedPort[];
  /** Default ['localhost']. */
  addresses?: string[];
  /** kubectl's stdout lines: `Forwarding from …`, `Handling connection for …`. */
  out?: (line: string) => void;
  /** kubectl's stderr lines: `Unable to listen on port …`. */
  errOut?: (line: string) => void;
  /**
   * After a connection that failed (an error from the pod's side, or the WebSocket refused), stop forwarding
   * and reject `done` with "lost connection to pod" (kubectl). When false, the error is only reported.
   */
  stopOnError?: boolean;
  /**
   * Carry the connections to a pod as SPDY streams in one tunnel, as kubectl 1.31+ does (default true); a server
   * that refuses the tunnel gets one WebSocket per connection (`v4.channel.k8s.io`). False: always the latter.
   */
  tunnel?: boolean;
}

/** After the server refused a tunnel, connections take the plain WebSocket for this long before it is tried again. */
const TUNNEL_RETRY_MS = 30_000;

export interface ConnectionError {
  port: ForwardedPort;
  /** kubectl's wording: `an error occurred forwarding L -> R: <text>` or the upgrade failure. */
  message: string;
}

/**
 * Events: 'connection' (ForwardedPort) when a local connection is accepted, 'connectionError' (ConnectionError),
 * 'connectionClosed' (ForwardedPort).
 */
export class PortForwarder extends EventEmitter {
  /** The ports with their actual local port numbers, once `start()` resolved. */
  readonly ports: ForwardedPort[];
  private readonly addresses: ListenAddress[];
  private readonly servers: net.Server[] = [];
  private readonly sockets = new Set<net.Socket>();
  private stopped = false;
  /** One tunnel per pod (`namespace/name`), opened by the first connection to it. */
  private readonly tunnels = new Map<string, Promise<SpdyTunnel | undefined>>();
  private noTunnelUntil = 0;
  private resolveDone!: () => void;
  private rejectDone!: (e: Error) => void;
  /** Settles when forwarding stops: resolves after close(), rejects with "lost connection to pod". */
  readonly done: Promise<void>;

  constructor(private readonly options: PortForwarderOptions) {
    super();
    this.ports = options.ports.map((p) => ({ ...p }));
    this.addresses = parseAddresses(options.addresses ?? ['localhost']);
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    // Nobody may be awaiting `done` (the editor watches events instead); do not make it an unhandled rejection.
    this.done.catch(() => undefined);
  }

  /** Listens on every port and address; rejects as kubectl does when no port could be listened on. */
  async start(): Promise<void> {
    let listenSuccess = false;
    for (const port of this.ports) {
      const err = await this.listenOnPort(port);
      if (!err) listenSuccess = true;
      else this.options.errOut?.(`Unable to listen on port ${port.local}: ${err}`);
    }
    if (!listenSuccess) {
      await this.close();
      throw new Error(`unable to listen on any of the requested ports: ${formatPorts(this.ports)}`);
    }
  }

  private async listenOnPort(port: ForwardedPort): Promise<string | undefined> {
    const errors: string[] = [];
    const fails = { all: 0, any: 0 };
    const successes = { all: 0, any: 0 };
    for (const addr of this.addresses) {
      try {
        await this.listen(port, addr);
        successes[addr.failureMode]++;
      } catch (e) {
        errors.push((e as Error).message);
        fails[addr.failureMode]++;
      }
    }
    if ((successes.all === 0 && fails.all > 0) || fails.any > 0)
      return `Listeners failed to create with the following errors: [${errors.join(' ')}]`;
    return undefined;
  }

  private listen(port: ForwardedPort, addr: ListenAddress): Promise<void> {
    // allowHalfOpen: the local side finishing its request must not end the reply still coming from the pod.
    const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => this.handle(socket, port));
    return new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) => {
        const syscall = e.syscall === 'bind' || e.code === 'EADDRINUSE' ? 'bind' : (e.syscall ?? 'listen');
        reject(
          new Error(
            `unable to create listener: Error listen tcp${addr.family} ${joinHostPort(addr.address, port.local)}: ${syscall}: ${goErrno(e)}`,
          ),
        );
      });
      server.listen({ host: addr.address, port: port.local, ipv6Only: addr.family === 6 }, () => {
        const bound = (server.address() as net.AddressInfo).port;
        port.local = bound;
        this.servers.push(server);
        server.on('error', () => undefined);
        this.options.out?.(`Forwarding from ${joinHostPort(addr.address, bound)} -> ${port.remote}`);
        resolve();
      });
    });
  }

  private handle(socket: net.Socket, port: ForwardedPort): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    this.options.out?.(`Handling connection for ${port.local}`);
    this.emit('connection', port);
    void this.forward(socket, port);
  }

  private async forward(socket: net.Socket, port: ForwardedPort): Promise<void> {
    let message = '';
    try {
      const pod: ResolvedPod = typeof this.options.pod === 'function' ? await this.options.pod() : this.options.pod;
      const remote = pod.port ?? port.remote;
      const errorText =
        (await this.forwardTunneled(socket, pod, remote)) ?? (await this.forwardPlain(socket, pod, remote));
      if (errorText) message = `an error occurred forwarding ${port.local} -> ${port.remote}: ${errorText}`;
    } catch (e) {
      socket.destroy();
      message = `error creating stream for port ${port.local} -> ${port.remote}: ${(e as Error).message}`;
    }
    this.emit('connectionClosed', port);
    if (!message || this.stopped) return;
    this.emit('connectionError', { port, message } satisfies ConnectionError);
    if (this.options.stopOnError) {
      this.rejectDone(new Error('lost connection to pod'));
      await this.close();
    }
  }

  /** Over the pod's tunnel; undefined when there is none (refused, or closed before the streams opened). */
  private async forwardTunneled(socket: net.Socket, pod: PodRef, remote: number): Promise<string | undefined> {
    if (this.options.tunnel === false || Date.now() < this.noTunnelUntil) return undefined;
    const key = `${pod.namespace}/${pod.name}`;
    this.closeIdleTunnels(key);
    let pending = this.tunnels.get(key);
    if (!pending) {
      pending = openTunnel(this.options.transport, pod).then(
        (tunnel) => {
          tunnel.onClose = () => {
            if (this.tunnels.get(key) === pending) this.tunnels.delete(key);
          };
          if (this.stopped) tunnel.close();
          return tunnel;
        },
        () => {
          // An API server without the tunnel (before 1.30), or a refusal the plain WebSocket reports in kubectl's words.
          this.tunnels.delete(key);
          this.noTunnelUntil = Date.now() + TUNNEL_RETRY_MS;
          return undefined;
        },
      );
      this.tunnels.set(key, pending);
    }
    const tunnel = await pending;
    if (!tunnel?.open) return undefined;
    if (this.stopped || socket.destroyed) {
      socket.destroy();
      return '';
    }
    try {
      return await tunnel.forward(remote, socket);
    } catch {
      return undefined;
    }
  }

  private async forwardPlain(socket: net.Socket, pod: PodRef, remote: number): Promise<string> {
    const stream = await openPortStream(this.options.transport, pod, remote);
    if (this.stopped || socket.destroyed) {
      stream.ws.terminate();
      socket.destroy();
      return '';
    }
    return pipeSocket(stream, socket);
  }

  /** A forward to a Service or workload moves to another pod: tunnels to the others close once unused. */
  private closeIdleTunnels(current: string): void {
    for (const [key, pending] of this.tunnels) {
      if (key === current) continue;
      void pending.then((tunnel) => {
        if (tunnel && tunnel.activeStreams === 0) tunnel.close();
      });
    }
  }

  /** Stops listening and drops open connections. */
  async close(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    for (const s of this.sockets) s.destroy();
    for (const pending of this.tunnels.values()) void pending.then((tunnel) => tunnel?.close());
    await Promise.all(this.servers.map((s) => new Promise<void>((resolve) => s.close(() => resolve()))));
    this.resolveDone();
  }
}

/** Go's text for common listen errors (syscall.Errno strings). */
function goErrno(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'EADDRINUSE':
      return 'address already in use';
    case 'EACCES':
      return 'permission denied';
    case 'EADDRNOTAVAIL':
      return 'cannot assign requested address';
    default:
      return e.message;
  }
}
