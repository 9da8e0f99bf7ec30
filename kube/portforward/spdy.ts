// Port-forward the way kubectl 1.31+ does it: SPDY/3.1 tunneled through one WebSocket to the API server
// (subprotocol `SPDY/3.1+portforward.k8s.io`; the API server passes the SPDY bytes on to the kubelet's
// port-forward handler). One tunnel per pod carries every forwarded connection as a pair of SPDY streams
// (error and data, client-go's tools/portforward), so a new connection costs one round trip for its streams
// instead of a TLS handshake and an upgrade through the API server to the kubelet.
//
// The framing is SPDY/3 (moby/spdystream on the kubelet's side): 8-byte frame headers, SYN_STREAM/SYN_REPLY
// with a zlib-compressed header block, DATA frames with a FIN flag (a half-close, which the plain WebSocket
// protocol lacks), RST_STREAM, PING, GOAWAY. spdystream does no flow control, so WINDOW_UPDATE is not needed.
import type * as net from 'net';
import WebSocket from 'ws';
import type { Transport } from '../rest/transport';
import { dialPortForward, type PodRef } from './stream';

export const PORT_FORWARD_TUNNEL_PROTOCOL = 'SPDY/3.1+portforward.k8s.io';
/** client-go's tunneling dialer pings every 10 s (keeps idle tunnels alive through proxies and load balancers). */
const PING_PERIOD_MS = 10_000;
/** Pause local sockets while this much is queued for the server (bytes). */
const HIGH_WATER = 1 << 20;
/** Larger local reads are sent as several DATA frames (spdystream's own frames are at most 32 KiB). */
const MAX_DATA_FRAME = 64 * 1024;

const SPDY_VERSION = 3;
const TYPE_SYN_STREAM = 1;
const TYPE_SYN_REPLY = 2;
const TYPE_RST_STREAM = 3;
const TYPE_PING = 6;
const TYPE_GOAWAY = 7;
const FLAG_FIN = 0x01;
const RST_CANCEL = 5;

/**
 * Header blocks as zlib data made of stored (uncompressed) deflate blocks. SPDY/3 names a zlib stream with a
 * preset dictionary, but a zlib stream without one is just as valid to every inflater (the dictionary is used
 * only when the stream's header asks for it), and the few short headers of a port-forward stream gain nothing
 * from compression. Each block is whole and byte-aligned.
 */
class HeaderBlockWriter {
  private started = false;

  encode(headers: [string, string][]): Buffer {
    const parts: Buffer[] = [u32(headers.length)];
    for (const [name, value] of headers) {
      const n = Buffer.from(name.toLowerCase(), 'utf8');
      const v = Buffer.from(value, 'utf8');
      parts.push(u32(n.length), n, u32(v.length), v);
    }
    const raw = Buffer.concat(parts);
    if (raw.length > 0xffff) throw new Error('port-forward: header block too large');
    const stored = Buffer.alloc(5);
    stored[0] = 0; // BFINAL 0, BTYPE 00 (stored)
    stored.writeUInt16LE(raw.length, 1);
    stored.writeUInt16LE(~raw.length & 0xffff, 3);
    const head = this.started ? [] : [Buffer.from([0x78, 0x01])]; // zlib header: deflate, 32 KiB window, no dictionary
    this.started = true;
    // Then an empty stored block, as a sync flush ends: an inflater hands out a stored block's bytes only when it
    // reaches the next block (Go's compress/flate does), which must be inside this frame.
    return Buffer.concat([...head, stored, raw, SYNC_FLUSH]);
  }
}

const SYNC_FLUSH = Buffer.from([0x00, 0x00, 0x00, 0xff, 0xff]);

function u32(n: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n >>> 0);
  return b;
}

function controlFrame(type: number, flags: number, payload: Buffer): Buffer {
  const frame = Buffer.allocUnsafe(8 + payload.length);
  frame.writeUInt16BE(0x8000 | SPDY_VERSION, 0);
  frame.writeUInt16BE(type, 2);
  frame.writeUInt32BE(((flags & 0xff) << 24) | payload.length, 4);
  payload.copy(frame, 8);
  return frame;
}

/** One SPDY stream of the tunnel, as the forwarding code sees it. */
export class SpdyStream {
  /** The server's SYN_REPLY arrived. */
  replied = false;
  /** The server finished sending (FIN), reset the stream, or the tunnel closed. */
  remoteDone = false;
  /** FIN sent. */
  localDone = false;
  /** What arrived before a reader was attached (the server may send right after its reply, before `listen`). */
  private early: Buffer[] = [];
  onData: (data: Buffer) => void = (data) => this.early.push(data);
  /** The server finished sending (FIN), reset the stream (`reset` true) or the tunnel ended. */
  onEnd: (reset: boolean) => void = () => undefined;

  constructor(
    readonly tunnel: SpdyTunnel,
    readonly id: number,
  ) {}

  /** Attaches the reader; data that came before it is passed on first. */
  listen(onData: (data: Buffer) => void, onEnd: (reset: boolean) => void): void {
    const early = this.early;
    this.early = [];
    this.onData = onData;
    this.onEnd = onEnd;
    for (const d of early) onData(d);
    if (this.remoteDone) onEnd(false);
  }

  /** Sends data; `cb` runs once it was handed to the connection. */
  write(data: Buffer, cb?: () => void): void {
    this.tunnel.sendData(this, data, false, cb);
  }

  /** Half-closes: nothing more from this side. */
  end(): void {
    if (this.localDone) return;
    this.localDone = true;
    this.tunnel.sendData(this, Buffer.alloc(0), true);
  }

  /** Abandons the stream (RST_STREAM CANCEL). */
  reset(): void {
    if (this.remoteDone && this.localDone) return;
    this.localDone = true;
    this.tunnel.resetStream(this);
  }
}

/** One WebSocket to a pod's portforward subresource carrying SPDY streams. */
export class SpdyTunnel {
  private nextStreamId = 1;
  private nextPingId = 1;
  private nextRequestId = 0;
  private readonly streams = new Map<number, SpdyStream>();
  private readonly headers = new HeaderBlockWriter();
  private closed = false;
  /** GOAWAY received: no new streams. */
  private goingAway = false;
  private readonly pinger: NodeJS.Timeout;
  /** Sockets whose writes are backed up: the tunnel stops reading until they drain (spdystream blocks alike). */
  private readonly congested = new Set<net.Socket>();
  // Frame parsing state: a frame header is collected whole, a DATA payload is passed on as it arrives.
  private head: Buffer = Buffer.alloc(0);
  private dataLeft = 0;
  private dataStream?: SpdyStream;
  private dataFin = false;
  private control?: { type: number; flags: number; body: Buffer; filled: number };
  /** Called once when the tunnel ends (closed by either side or failed). */
  onClose: () => void = () => undefined;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      if (!isBinary) return this.fail();
      try {
        this.parse(raw);
      } catch {
        this.fail();
      }
    });
    ws.on('close', () => this.shutdown());
    ws.on('error', () => this.shutdown());
    this.pinger = setInterval(() => this.ping(), PING_PERIOD_MS);
    this.pinger.unref();
  }

  get open(): boolean {
    return !this.closed && !this.goingAway && this.ws.readyState === WebSocket.OPEN;
  }

  get activeStreams(): number {
    return this.streams.size;
  }

  /**
   * Opens a stream with these headers. It can be written at once (SPDY allows data right after SYN_STREAM; the
   * kubelet queues it until it has both streams of the pair), so a connection waits for no round trip of its own.
   */
  createStream(headers: [string, string][]): SpdyStream {
    if (!this.open) throw new Error('port-forward: the tunnel is closed');
    const id = this.nextStreamId;
    this.nextStreamId += 2;
    const stream = new SpdyStream(this, id);
    this.streams.set(id, stream);
    const block = this.headers.encode(headers);
    const payload = Buffer.alloc(10 + block.length);
    payload.writeUInt32BE(id, 0); // stream id; associated-to 0, priority 0, slot 0
    block.copy(payload, 10);
    this.ws.send(controlFrame(TYPE_SYN_STREAM, 0, payload));
    return stream;
  }

  /**
   * Copies a local connection to and from `port` of the pod over a new stream pair, as kubectl does (error stream,
   * then data stream, same requestID). Resolves with the text the pod's side wrote on the error stream ('' when
   * none). The local side finishing is passed on as a half-close; when the pod's side finishes, the local socket
   * is ended after its data is flushed.
   */
  forward(port: number, socket: net.Socket): Promise<string> {
    const requestId = String(this.nextRequestId++);
    const headers = (type: string): [string, string][] => [
      ['streamtype', type],
      ['port', String(port)],
      ['requestid', requestId],
    ];
    const errorStream = this.createStream(headers('error'));
    const data = this.createStream(headers('data'));
    errorStream.end(); // nothing is ever written to it
    return pipeStreams(data, errorStream, socket);
  }

  /** Ends the tunnel and every stream on it. */
  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.close(1000);
    this.shutdown();
  }

  sendData(stream: SpdyStream, data: Buffer, fin: boolean, cb?: () => void): void {
    if (this.closed || this.ws.readyState !== WebSocket.OPEN) return;
    for (let offset = 0; offset < data.length || (fin && offset === 0);) {
      const size = Math.min(MAX_DATA_FRAME, data.length - offset);
      const last = offset + size >= data.length;
      const head = Buffer.allocUnsafe(8);
      head.writeUInt32BE(stream.id & 0x7fffffff, 0);
      head.writeUInt32BE((((fin && last ? FLAG_FIN : 0) << 24) | size) >>> 0, 4);
      // The tunnel is a byte stream: header and payload go as two messages, sparing a copy of the payload (ws
      // copies it once anyway, to mask it).
      if (size === 0) this.ws.send(head, { binary: true }, last ? cb : undefined);
      else {
        this.ws.send(head, { binary: true });
        this.ws.send(data.subarray(offset, offset + size), { binary: true }, last ? cb : undefined);
      }
      offset += size;
      if (size === 0) break;
    }
    if (fin) this.forgetIfDone(stream);
  }

  resetStream(stream: SpdyStream): void {
    if (!this.closed && this.ws.readyState === WebSocket.OPEN) {
      const body = Buffer.alloc(8);
      body.writeUInt32BE(stream.id, 0);
      body.writeUInt32BE(RST_CANCEL, 4);
      this.ws.send(controlFrame(TYPE_RST_STREAM, 0, body));
    }
    this.streams.delete(stream.id);
  }

  /** Backpressure from a local socket: stop reading the tunnel until it drains. */
  congestedBy(socket: net.Socket): void {
    if (this.congested.has(socket)) return;
    this.congested.add(socket);
    this.ws.pause();
    const release = () => {
      socket.off('drain', release);
      socket.off('close', release);
      this.congested.delete(socket);
      if (this.congested.size === 0) this.ws.resume();
    };
    socket.on('drain', release);
    socket.on('close', release);
  }

  private forgetIfDone(stream: SpdyStream): void {
    if (stream.localDone && stream.remoteDone) this.streams.delete(stream.id);
  }

  private ping(): void {
    if (!this.open) return;
    this.ws.send(controlFrame(TYPE_PING, 0, u32(this.nextPingId)));
    this.nextPingId += 2;
  }

  private fail(): void {
    this.ws.terminate();
    this.shutdown();
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pinger);
    for (const stream of this.streams.values()) {
      stream.remoteDone = true;
      stream.onEnd(false);
    }
    this.streams.clear();
    this.onClose();
  }

  private parse(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.dataLeft > 0) {
        const n = Math.min(this.dataLeft, chunk.length - at);
        const piece = chunk.subarray(at, at + n);
        at += n;
        this.dataLeft -= n;
        if (this.dataStream && !this.dataStream.remoteDone) this.dataStream.onData(piece);
        if (this.dataLeft === 0) this.endDataFrame();
        continue;
      }
      if (this.control) {
        const c = this.control;
        const n = Math.min(c.body.length - c.filled, chunk.length - at);
        chunk.copy(c.body, c.filled, at, at + n);
        c.filled += n;
        at += n;
        if (c.filled === c.body.length) {
          this.control = undefined;
          this.handleControl(c.type, c.flags, c.body);
        }
        continue;
      }
      const need = 8 - this.head.length;
      const take = chunk.subarray(at, at + need);
      at += take.length;
      this.head = this.head.length ? Buffer.concat([this.head, take]) : take;
      if (this.head.length < 8) continue;
      const head = this.head;
      this.head = Buffer.alloc(0);
      this.startFrame(head);
    }
  }

  private startFrame(head: Buffer): void {
    const first = head.readUInt32BE(0);
    const flags = head[4]!;
    const length = head.readUInt32BE(4) & 0xffffff;
    if (first & 0x80000000) {
      const type = first & 0xffff;
      if (length === 0) this.handleControl(type, flags, Buffer.alloc(0));
      else this.control = { type, flags, body: Buffer.allocUnsafe(length), filled: 0 };
      return;
    }
    this.dataStream = this.streams.get(first & 0x7fffffff);
    this.dataFin = (flags & FLAG_FIN) !== 0;
    this.dataLeft = length;
    if (length === 0) this.endDataFrame();
  }

  private endDataFrame(): void {
    const stream = this.dataStream;
    this.dataStream = undefined;
    if (stream && this.dataFin && !stream.remoteDone) this.remoteEnded(stream, false);
  }

  private remoteEnded(stream: SpdyStream, reset: boolean): void {
    stream.remoteDone = true;
    if (reset) stream.localDone = true;
    this.forgetIfDone(stream);
    stream.onEnd(reset);
  }

  private handleControl(type: number, flags: number, body: Buffer): void {
    switch (type) {
      case TYPE_SYN_REPLY: {
        // The reply's header block is not needed (and is never decompressed): the reply itself is the answer.
        const stream = this.streams.get(body.readUInt32BE(0) & 0x7fffffff);
        if (!stream || stream.replied) return;
        stream.replied = true;
        if (flags & FLAG_FIN && !stream.remoteDone) this.remoteEnded(stream, false);
        return;
      }
      case TYPE_RST_STREAM: {
        const stream = this.streams.get(body.readUInt32BE(0) & 0x7fffffff);
        if (stream && !stream.remoteDone) this.remoteEnded(stream, true);
        return;
      }
      case TYPE_PING: {
        // The server's pings (even ids) are answered; ours come back and need nothing.
        if ((body.readUInt32BE(0) & 1) === 0) this.ws.send(controlFrame(TYPE_PING, 0, body));
        return;
      }
      case TYPE_GOAWAY:
        this.goingAway = true;
        return;
      default:
        // SETTINGS, HEADERS, WINDOW_UPDATE: nothing to do for a port-forward client.
        return;
    }
  }
}

/** Joins a local socket to a data stream; resolves with the error stream's text once the pod's side is done. */
function pipeStreams(data: SpdyStream, errorStream: SpdyStream, socket: net.Socket): Promise<string> {
  const tunnel = data.tunnel;
  return new Promise<string>((resolve) => {
    let errorText = '';
    let dataDone = false;
    let errorDone = false;
    let settled = false;
    const settle = () => {
      if (settled || !dataDone || !errorDone) return;
      settled = true;
      resolve(errorText);
    };
    errorStream.listen(
      (d) => (errorText += d.toString('utf8')),
      (reset) => {
        // A stream refused before its reply (the kubelet resets what it cannot serve) is this connection's error.
        if (reset && !errorStream.replied && !errorText) errorText = 'the server refused the stream';
        errorDone = true;
        settle();
      },
    );
    data.listen(
      (d) => {
        if (!socket.destroyed && !socket.write(d)) tunnel.congestedBy(socket);
      },
      () => {
        // kubectl closes the local connection when the pod's side ends: the queued data first, then a FIN.
        if (!socket.destroyed) socket.end(() => socket.destroy());
        dataDone = true;
        settle();
      },
    );
    socket.on('data', (chunk: Buffer) => {
      if (data.localDone) return;
      data.write(chunk, () => {
        if (socket.isPaused() && tunnel.ws.bufferedAmount < HIGH_WATER) socket.resume();
      });
      if (tunnel.ws.bufferedAmount >= HIGH_WATER) socket.pause();
    });
    socket.on('end', () => data.end());
    socket.on('close', () => {
      if (!data.remoteDone) {
        // The local side is gone: nothing waits for the pod's answer any more.
        data.reset();
        errorStream.reset();
        dataDone = errorDone = true;
        settle();
      }
    });
    socket.on('error', () => socket.destroy());
  });
}

/** Opens the tunnel to a pod; rejects as the plain WebSocket does when the server refuses the upgrade. */
export async function openTunnel(transport: Transport, pod: PodRef, signal?: AbortSignal): Promise<SpdyTunnel> {
  const ws = await dialPortForward(transport, pod, PORT_FORWARD_TUNNEL_PROTOCOL, '', signal);
  return new SpdyTunnel(ws);
}
