// A cluster that is not there: a kubeconfig whose server is a port nothing listens on (connection refused at
// once), for tests of what clients do when the chosen context's server is down.
import { readFileSync, writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** The first port of the kernel's ephemeral range (what port-0 listeners and outgoing connections get). */
export function ephemeralPortsStart(): number {
  try {
    return Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || 49152;
  } catch {
    return 49152; // IANA's dynamic range: macOS and others
  }
}

/** True when a connection to 127.0.0.1:port is refused now. */
function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code === 'ECONNREFUSED'));
  });
}

/**
 * A loopback port nothing listens on, and nothing will by chance: one below the kernel's ephemeral range, which the
 * kernel never hands to a port-0 listener or an outgoing connection, checked to refuse a connection now. (A port
 * bound and closed again is an ephemeral one: on a busy machine another process could get it before the test uses
 * it, and answer.)
 */
export async function closedPort(): Promise<number> {
  const end = ephemeralPortsStart();
  const start = Math.min(10_000, end - 1000); // above the well-known and the usual fixed development ports
  for (let attempt = 0; attempt < 100; attempt++) {
    const port = start + Math.floor(Math.random() * (end - start));
    if (await refuses(port)) return port;
  }
  throw new Error(`no port in ${start}-${end - 1} refuses connections`);
}

/** Writes `<dir>/kubeconfig` with one context, `down`, whose server is a closed port; returns its path. */
export async function kubeconfigForClosedPort(dir: string): Promise<string> {
  const file = path.join(dir, 'kubeconfig');
  const port = await closedPort();
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- name: down\n  cluster: {server: "https://127.0.0.1:${port}", insecure-skip-tls-verify: true}`,
      'users:',
      '- name: u\n  user: {token: not-a-secret}',
      'contexts:',
      '- name: down\n  context: {cluster: down, user: u}',
      'current-context: down',
      '',
    ].join('\n'),
    { mode: 0o600 },
  );
  return file;
}
