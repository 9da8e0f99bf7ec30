// One exec or attach connection over WebSocket (client-go's wsStreamExecutor): the upgrade with the rest
// transport's credentials, TLS and proxy, the channel demultiplexing, stdin/resize/close, heartbeats, and the
// outcome read from the error channel when the server closes.
import type { IncomingMessage } from 'http';
import WebSocket from 'ws';
import {
  RequestAbortedError,
  StatusError,
  TransportError,
  isStatusObject,
  newGenericServerResponse,
} from '../rest/errors';
import type { Transport } from '../rest/transport';
import { redactURL } from '../util/redact';
import {
  Channel,
  DEFAULT_PROTOCOLS,
  decodeErrorChannel,
  decodeFrame,
  encodeClose,
  encodeFrame,
  encodeResize,
  supportsClose,
  supportsResize,
  type TerminalSize,
} from './protocol';

export interface SessionHandlers {
  /** Data on the stdout channel (with a TTY: the terminal's whole output). */
  onStdout?(data: Buffer): void;
  onStderr?(data: Buffer): void;
}

export interface OpenOptions {
  /** Subprotocols in order of preference; DEFAULT_PROTOCOLS when omitted. */
  protocols?: string[];
  signal?: AbortSignal;
  /** How long the upgrade may take (ms); client-go waits 30 s for stream creation. */
  handshakeTimeout?: number;
  /** Ping period and how long without any answer counts as a dead connection (client-go: 5 s and 61 s). */
  pingPeriod?: number;
  pingDeadline?: number;
}

export interface RemoteCommandResult {
  /** 0 on success; the command's exit code when the server reported NonZeroExitCode. */
  exitCode: number;
}

/** What the resource in an upgrade error is called (for client-go's generic error texts). */
export interface UpgradeTarget {
  resource: string;
  name: string;
}

/** A running exec or attach. `done` settles once the server closes the connection. */
export class RemoteCommandSession {
  /** The subprotocol the server chose. */
  readonly protocol: string;
  /** The outcome: resolves with the exit code; rejects with a StatusError, transport or abort error. */
  readonly done: Promise<RemoteCommandResult>;
  private stdinClosed = false;
  private readonly errorChannel: Buffer[] = [];

  constructor(
    private readonly ws: WebSocket,
    handlers: SessionHandlers,
    options: OpenOptions,
  ) {
    this.protocol = ws.protocol;
    this.done = new Promise<RemoteCommandResult>((resolve, reject) => {
      let settled = false;
      const finish = (err: unknown, result?: RemoteCommandResult) => {
        if (settled) return;
        settled = true;
        clearInterval(heartbeat);
        options.signal?.removeEventListener('abort', onAbort);
        if (err !== undefined) reject(err);
        else resolve(result!);
      };
      const onAbort = () => {
        ws.terminate();
        finish(options.signal?.reason ?? new RequestAbortedError(redactURL(ws.url), false));
      };
      if (options.signal?.aborted) onAbort();
      options.signal?.addEventListener('abort', onAbort, { once: true });

      // Heartbeat: any message or pong proves the connection alive; none for pingDeadline means it is dead.
      let lastSign = Date.now();
      const deadline = options.pingDeadline ?? 61_000;
      const heartbeat = setInterval(() => {
        if (Date.now() - lastSign > deadline) {
          ws.terminate();
          finish(new Error(`remote command: no answer from the server for ${Math.round(deadline / 1000)}s`));
          return;
        }
        if (ws.readyState === WebSocket.OPEN) ws.ping();
      }, options.pingPeriod ?? 5_000);
      heartbeat.unref();
      ws.on('pong', () => (lastSign = Date.now()));

      ws.on('message', (raw: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
        lastSign = Date.now();
        const message = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer);
        if (!isBinary) {
          ws.terminate();
          finish(new Error('remote command: unexpected text message (base64 protocols are not offered)'));
          return;
        }
        // The kubelet announces readiness with an empty message on its first writable channel.
        if (message.length <= 1) return;
        const { channel, data } = decodeFrame(message);
        if (channel === Channel.Stdout) handlers.onStdout?.(data);
        else if (channel === Channel.Stderr) handlers.onStderr?.(data);
        else if (channel === Channel.Error) this.errorChannel.push(data);
      });
      ws.on('error', (e: Error) => {
        finish(
          new TransportError(`remote command: ${e.message}`, redactURL(ws.url), (e as NodeJS.ErrnoException).code),
        );
      });
      ws.on('close', (code: number, reason: Buffer) => {
        const status = Buffer.concat(this.errorChannel);
        // The status is the server's verdict even when the close itself was not clean.
        if (status.length > 0 || code === 1000 || code === 1005) {
          try {
            finish(undefined, decodeErrorChannel(this.protocol, status));
          } catch (e) {
            finish(e);
          }
          return;
        }
        const why = reason.length > 0 ? `: ${reason.toString('utf8')}` : '';
        finish(new TransportError(`remote command: connection closed (code ${code}${why})`, redactURL(ws.url)));
      });
    });
    // Nobody may be listening yet; the rejection is still delivered to whoever awaits `done`.
    this.done.catch(() => undefined);
  }

  /** Send bytes to the process's stdin. Ignored after closeStdin(). */
  write(data: Uint8Array | string): void {
    if (this.stdinClosed || this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(encodeFrame(Channel.Stdin, data));
  }

  /** stdin EOF. Only v5 can say it; with older protocols the stream just stays open until the process ends. */
  closeStdin(): void {
    if (this.stdinClosed) return;
    this.stdinClosed = true;
    if (supportsClose(this.protocol) && this.ws.readyState === WebSocket.OPEN) this.ws.send(encodeClose(Channel.Stdin));
  }

  /** Tell the terminal its new size (v3+; TTY sessions only). */
  resize(size: TerminalSize): void {
    if (!supportsResize(this.protocol) || this.ws.readyState !== WebSocket.OPEN) return;
    this.ws.send(encodeResize(size));
  }

  /** True when the server understands resize messages. */
  get canResize(): boolean {
    return supportsResize(this.protocol);
  }

  /** End the session from this side (the server ends the process's streams). */
  close(): void {
    if (this.ws.readyState === WebSocket.CONNECTING || this.ws.readyState === WebSocket.OPEN) this.ws.close(1000);
  }
}

/**
 * Upgrade `url` (an https/http URL of a pods/exec or pods/attach request) to a WebSocket with the transport's
 * credentials, and return the running session. A refused upgrade becomes the server's StatusError, after one
 * retry with fresh credentials on a 401 from an exec plugin, as the rest client does.
 */
export async function openRemoteCommand(
  transport: Transport,
  url: URL,
  target: UpgradeTarget,
  handlers: SessionHandlers,
  options: OpenOptions = {},
): Promise<RemoteCommandSession> {
  try {
    return await upgrade(transport, url, target, handlers, options);
  } catch (e) {
    if (e instanceof StatusError && e.code === 401 && transport.canRefreshCredentials) {
      transport.invalidateCredentials();
      return upgrade(transport, url, target, handlers, options);
    }
    throw e;
  }
}

async function upgrade(
  transport: Transport,
  url: URL,
  target: UpgradeTarget,
  handlers: SessionHandlers,
  options: OpenOptions,
): Promise<RemoteCommandSession> {
  options.signal?.throwIfAborted();
  const wsURL = new URL(url.toString());
  wsURL.protocol = url.protocol === 'http:' ? 'ws:' : 'wss:';
  const { headers, agent, tls } = await transport.upgradeOptions(wsURL, options.signal);
  const protocols = options.protocols ?? DEFAULT_PROTOCOLS;
  return new Promise<RemoteCommandSession>((resolve, reject) => {
    const ws = new WebSocket(wsURL, protocols, {
      ...tls,
      agent,
      headers,
      perMessageDeflate: false,
      handshakeTimeout: options.handshakeTimeout ?? 30_000,
      maxPayload: 64 * 1024 * 1024,
    });
    const onAbort = () => ws.terminate();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const fail = (e: unknown) => {
      options.signal?.removeEventListener('abort', onAbort);
      reject(options.signal?.aborted ? (options.signal.reason ?? e) : e);
    };
    ws.once('unexpected-response', (_req, res: IncomingMessage) => {
      readBody(res).then((body) => {
        ws.terminate();
        fail(upgradeError(res.statusCode ?? 0, body, target));
      }, fail);
    });
    ws.once('error', (e: Error) => {
      fail(
        new TransportError(
          `GET ${redactURL(url.toString())}: ${e.message}`,
          redactURL(url.toString()),
          (e as NodeJS.ErrnoException).code,
          { cause: e },
        ),
      );
    });
    ws.once('open', () => {
      options.signal?.removeEventListener('abort', onAbort);
      // 'open' comes after ws has read the chosen subprotocol and before any message is parsed.
      ws.removeAllListeners('error');
      resolve(new RemoteCommandSession(ws, handlers, options));
    });
  });
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      // A status is small; anything larger is not worth keeping.
      if (size < 1 << 20) chunks.push(c);
      size += c.length;
    });
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
  });
}

/** The server's Status when it sent one, else client-go's generic error for the HTTP code. */
function upgradeError(code: number, body: string, target: UpgradeTarget): StatusError {
  try {
    const parsed: unknown = JSON.parse(body);
    if (isStatusObject(parsed) && parsed.status === 'Failure') return new StatusError({ code, ...parsed });
  } catch {
    // not JSON: fall through
  }
  return newGenericServerResponse(
    code,
    'GET',
    { group: '', resource: target.resource },
    target.name,
    body.trim(),
    0,
    true,
  );
}
