/**
 * One connection to a forwarded port of the test cluster's echo server: writes `payload`, reads until as many
 * bytes came back (or the forward ends the connection) and reports them with the elapsed time.
 */
import * as net from 'node:net';

export interface EchoOptions {
  host?: string;
  /** Half-close after the payload (the local side "finishes sending"). Default false. */
  halfClose?: boolean;
  /** Keep what came back (false: count only, for benchmarks). Default true. */
  collect?: boolean;
  timeoutMs?: number;
}

export function echoThrough(
  port: number,
  payload: Buffer,
  opts: EchoOptions = {},
): Promise<{ echoed: Buffer; received: number; ms: number }> {
  const { host = '127.0.0.1', halfClose = false, collect = true, timeoutMs = 120_000 } = opts;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    let received = 0;
    const done = () =>
      resolve({ echoed: Buffer.concat(chunks, collect ? received : 0), received, ms: performance.now() - started });
    const sock = net.connect({ port, host, allowHalfOpen: true }, () =>
      halfClose ? sock.end(payload) : sock.write(payload),
    );
    sock.on('data', (d: Buffer) => {
      if (collect) chunks.push(d);
      received += d.length;
      if (received >= payload.length) {
        sock.destroy();
        done();
      }
    });
    sock.on('end', () => {
      sock.destroy();
      done();
    });
    sock.on('error', reject);
    sock.setTimeout(timeoutMs, () => sock.destroy(new Error(`stalled after ${received} of ${payload.length} bytes`)));
  });
}
