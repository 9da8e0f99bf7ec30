// One forwarded connection over a WebSocket, in the protocol the kubelet's port-forward handler speaks
// (k8s.io/kubelet/pkg/cri/streaming/portforward/websocket.go, reached through the API server, which
// passes a plain WebSocket upgrade through to the node): subprotocol `v4.channel.k8s.io`, the pod's port
// in the `ports` query, and per port two channels, data (0) and error (1). Every frame starts with its
// channel byte; the server opens each channel with the port as 2 bytes little-endian.
//
// The kubelet serves exactly one connection per port per WebSocket and closes the WebSocket when that
// connection ends, so a WebSocket is one TCP connection in the pod (client-go's SPDY path opens a stream
// pair per connection over one shared connection; the effect is the same).
import type * as net from 'net';
import WebSocket from 'ws';
import type { Transport } from '../rest/transport';
import { StatusError, isStatusObject, newGenericServerResponse } from '../rest/errors';
import { redactURL } from '../util/redact';

export const PORT_FORWARD_PROTOCOL = 'v4.channel.k8s.io';
const DATA_CHANNEL = 0;
const ERROR_CHANNEL = 1;
/** Pause the local socket while this much is queued for the server (bytes). */
const HIGH_WATER = 1 << 20;

export interface PodRef {
  namespace: string;
  name: string;
}

/** The pod's side of one connection: its data and the text of its error channel. */
export class PortStream {
  /** What the pod's side reported on the error channel (empty when none). */
  errorText = '';
  private readonly seen = [0, 0];
  private readonly prefix = [Buffer.alloc(0), Buffer.alloc(0)];

  constructor(
    readonly ws: WebSocket,
    readonly port: number,
  ) {}

  /** Data for one channel with the leading port bytes removed (they may arrive split across frames). */
  unwrap(channel: number, data: Buffer): Buffer {
    if (this.seen[channel] >= 2) return data;
    const need = 2 - this.seen[channel];
    const head = data.subarray(0, need);
    this.prefix[channel] = Buffer.concat([this.prefix[channel], head]);
    this.seen[channel] += head.length;
    if (this.seen[channel] === 2) {
      const port = this.prefix[channel].readUInt16LE(0);
      if (port !== this.port) throw new Error(`port-forward: server opened port ${port}, expected ${this.port}`);
    }
    return data.subarray(need);
  }
}

/** Opens the WebSocket for one connection to `port` of the pod; rejects with the server's Status on refusal. */
export async function openPortStream(
  transport: Transport,
  pod: PodRef,
  port: number,
  signal?: AbortSignal,
): Promise<PortStream> {
  const ws = await dialPortForward(transport, pod, PORT_FORWARD_PROTOCOL, `ports=${port}`, signal);
  return new PortStream(ws, port);
}

/**
 * The WebSocket upgrade of `pods/NAME/portforward` with one subprotocol, resolved once the server accepted
 * exactly that subprotocol; rejects with the server's Status when it answers the upgrade with an error.
 */
export async function dialPortForward(
  transport: Transport,
  pod: PodRef,
  protocol: string,
  search: string,
  signal?: AbortSignal,
): Promise<WebSocket> {
  const url = new URL(transport.base.toString());
  const prefix = url.pathname.replace(/\/+$/, '');
  url.pathname = `${prefix}/api/v1/namespaces/${encodeURIComponent(pod.namespace)}/pods/${encodeURIComponent(pod.name)}/portforward`;
  url.search = search;
  const wsURL = new URL(url.toString());
  wsURL.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const { headers, agent, tls } = await transport.upgradeOptions(wsURL, signal);
  // The subprotocol is offered and checked here, not by ws: ws accepts only RFC 6455 tokens, and the tunneling
  // protocol (`SPDY/3.1+portforward.k8s.io`) has a '/', which the API server and client-go's gorilla accept.
  const ws = new WebSocket(wsURL, {
    headers: { ...headers, 'Sec-WebSocket-Protocol': protocol },
    agent,
    ...tls,
    // The kubelet does not negotiate compression (nor does kubectl offer it); offering it would only cost a header.
    perMessageDeflate: false,
    handshakeTimeout: 30_000,
  });
  return new Promise<WebSocket>((resolve, reject) => {
    const onAbort = () => {
      ws.terminate();
      reject(signal?.reason ?? new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    const settle = () => signal?.removeEventListener('abort', onAbort);
    ws.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        settle();
        ws.terminate();
        reject(statusFromBody(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), pod.name));
      });
      res.on('error', (e) => {
        settle();
        reject(e);
      });
    });
    let chosen: string | undefined;
    ws.once('upgrade', (res) => {
      chosen = res.headers['sec-websocket-protocol'];
      delete res.headers['sec-websocket-protocol'];
    });
    ws.once('open', () => {
      settle();
      if (chosen !== protocol) {
        ws.terminate();
        reject(new Error(`port-forward: the server chose subprotocol ${JSON.stringify(chosen ?? '')}`));
        return;
      }
      resolve(ws);
    });
    ws.once('error', (e) => {
      settle();
      reject(new Error(`error upgrading connection: ${e.message} (${redactURL(wsURL.toString())})`, { cause: e }));
    });
  });
}

function statusFromBody(code: number, body: string, name: string): StatusError {
  try {
    const obj: unknown = JSON.parse(body);
    if (isStatusObject(obj)) return new StatusError(obj);
  } catch {
    // not JSON: fall through to the generic error, as client-go does
  }
  return newGenericServerResponse(code, 'POST', { group: '', resource: 'pods' }, name, body.trim(), 0, true);
}

/**
 * Copies a local connection to and from the pod until either side is done. Resolves with the text the pod's
 * side wrote on the error channel ('' when none). The protocol has no half-close: when the local side
 * finishes sending, the pod's side stays open until it closes (what kubectl does, and what the kubelet's
 * forwarders see as well); when the pod's side closes, the local socket is ended after its data is flushed.
 */
export function pipeSocket(stream: PortStream, socket: net.Socket): Promise<string> {
  const { ws } = stream;
  return new Promise<string>((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve(stream.errorText);
    };
    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      if (!isBinary || raw.length === 0) return;
      const channel = raw[0];
      let payload: Buffer;
      try {
        payload = stream.unwrap(channel === ERROR_CHANNEL ? 1 : 0, raw.subarray(1));
      } catch (e) {
        stream.errorText = (e as Error).message;
        ws.terminate();
        return;
      }
      if (payload.length === 0) return;
      if (channel === DATA_CHANNEL) {
        if (!socket.destroyed && !socket.write(payload)) {
          ws.pause();
          socket.once('drain', () => ws.resume());
        }
      } else if (channel === ERROR_CHANNEL) {
        stream.errorText += payload.toString('utf8');
      }
    });
    ws.on('close', () => {
      // End (FIN after the queued data), then close: kubectl closes the local connection when the pod's side ends.
      if (!socket.destroyed) socket.end(() => socket.destroy());
      finish();
    });
    ws.on('error', (e) => {
      if (!stream.errorText) stream.errorText = e.message;
      socket.destroy();
      finish();
    });
    socket.on('data', (chunk: Buffer) => {
      if (ws.readyState !== WebSocket.OPEN) return;
      const frame = Buffer.allocUnsafe(chunk.length + 1);
      frame[0] = DATA_CHANNEL;
      chunk.copy(frame, 1);
      ws.send(frame, { binary: true }, () => {
        if (socket.isPaused() && ws.bufferedAmount < HIGH_WATER) socket.resume();
      });
      if (ws.bufferedAmount >= HIGH_WATER) socket.pause();
    });
    socket.on('close', () => {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000);
    });
    socket.on('error', () => socket.destroy());
  });
}
