// The channel protocol of exec and attach over WebSocket (k8s.io/apimachinery/pkg/util/remotecommand and
// client-go's tools/remotecommand): every binary message is one channel byte followed by that channel's data.
import type { Status } from '../apimachinery/meta';
import { StatusError } from '../rest/errors';

/** v5 adds the CLOSE signal (half-closing stdin); kubectl offers it since 1.31. */
export const STREAM_PROTOCOL_V5 = 'v5.channel.k8s.io';
/** v4 adds exit codes as a metav1.Status on the error channel. */
export const STREAM_PROTOCOL_V4 = 'v4.channel.k8s.io';
/** v3 adds terminal resize. */
export const STREAM_PROTOCOL_V3 = 'v3.channel.k8s.io';
export const STREAM_PROTOCOL_V2 = 'v2.channel.k8s.io';
export const STREAM_PROTOCOL_V1 = 'channel.k8s.io';

/**
 * Offered in this order: the API server (1.30+) translates v5 itself; older servers pass the upgrade to the
 * kubelet, whose WebSocket server speaks v4 and older.
 */
export const DEFAULT_PROTOCOLS = [
  STREAM_PROTOCOL_V5,
  STREAM_PROTOCOL_V4,
  STREAM_PROTOCOL_V3,
  STREAM_PROTOCOL_V2,
  STREAM_PROTOCOL_V1,
];

export const enum Channel {
  Stdin = 0,
  Stdout = 1,
  Stderr = 2,
  /** Error/status: a metav1.Status (v4+) or plain error text (older), written once before the server closes. */
  Error = 3,
  Resize = 4,
  /** v5: `[255, channel]` closes the client's side of a channel (stdin EOF). */
  Close = 255,
}

export interface TerminalSize {
  width: number;
  height: number;
}

/** One WebSocket message: the channel byte, then the payload. */
export function encodeFrame(channel: number, data: Uint8Array | string): Buffer {
  const payload = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  const out = Buffer.allocUnsafe(payload.length + 1);
  out[0] = channel;
  out.set(payload, 1);
  return out;
}

/** The v5 CLOSE signal for a channel. */
export function encodeClose(channel: number): Buffer {
  return Buffer.from([Channel.Close, channel]);
}

/** The resize message: Go's remotecommand.TerminalSize as JSON (`{"Width":…,"Height":…}`, uint16 each). */
export function encodeResize(size: TerminalSize): Buffer {
  const clamp = (n: number) => Math.max(0, Math.min(0xffff, Math.floor(n)));
  return encodeFrame(Channel.Resize, JSON.stringify({ Width: clamp(size.width), Height: clamp(size.height) }));
}

export interface Frame {
  channel: number;
  data: Buffer;
}

/** Splits a received message; an empty message (no channel byte) is a protocol error. */
export function decodeFrame(message: Buffer): Frame {
  if (message.length === 0) throw new Error('remote command: empty message without a channel byte');
  return { channel: message[0], data: message.subarray(1) };
}

export function supportsResize(protocol: string): boolean {
  return protocol !== STREAM_PROTOCOL_V1 && protocol !== STREAM_PROTOCOL_V2 && protocol !== '';
}

export function supportsClose(protocol: string): boolean {
  return protocol === STREAM_PROTOCOL_V5;
}

/** Thrown when the error channel does not hold what the protocol promises. */
export class RemoteCommandProtocolError extends Error {
  constructor(message: string) {
    super(`error stream protocol error: ${message}`);
    this.name = 'RemoteCommandProtocolError';
  }
}

/**
 * The outcome written on the error channel, as client-go's errorDecoderV4 (v4, v5) and errorDecoderV1 (older)
 * read it. An exit code is an outcome, not a failure: `{ exitCode }`. Any other failure is thrown as a
 * RemoteCommandFailedError (v4+; a StatusError with the server's reason and message) or an Error (older protocols send plain text).
 */
export function decodeErrorChannel(protocol: string, message: Buffer): { exitCode: number } {
  if (message.length === 0) return { exitCode: 0 };
  if (protocol !== STREAM_PROTOCOL_V5 && protocol !== STREAM_PROTOCOL_V4) {
    throw new Error(`error executing remote command: ${message.toString('utf8')}`);
  }
  let status: Status;
  try {
    status = JSON.parse(message.toString('utf8')) as Status;
  } catch (e) {
    throw new RemoteCommandProtocolError(`${(e as Error).message} in ${JSON.stringify(message.toString('utf8'))}`);
  }
  if (status === null || typeof status !== 'object') {
    throw new RemoteCommandProtocolError(`not a status object in ${JSON.stringify(message.toString('utf8'))}`);
  }
  if (status.status === 'Success') return { exitCode: 0 };
  if (status.status !== 'Failure') throw new RemoteCommandProtocolError('unknown error');
  if (status.reason === 'NonZeroExitCode') {
    if (!status.details) throw new RemoteCommandProtocolError('details must be set');
    const cause = (status.details.causes ?? []).find((c) => c.reason === 'ExitCode');
    if (!cause) throw new RemoteCommandProtocolError('no ExitCode cause given');
    // client-go parses it as a uint8.
    const text = cause.message ?? '';
    if (!/^\d+$/.test(text) || Number(text) > 255) {
      throw new RemoteCommandProtocolError(`invalid exit code value ${JSON.stringify(text)}`);
    }
    return { exitCode: Number(text) };
  }
  throw new RemoteCommandFailedError(status);
}

/**
 * The command did not run to an exit code: the status the server wrote on the error channel (a missing
 * executable, a container that is not running…). kubectl prints just its message (`error: …`).
 */
export class RemoteCommandFailedError extends StatusError {
  constructor(status: Status) {
    super(status);
    this.name = 'RemoteCommandFailedError';
  }
}
