// A cluster that is not there: a kubeconfig whose server is a port nothing listens on (connection refused at
// once), for tests of what clients do when the chosen context's server is down.
import { writeFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

/** A port nothing listens on: bound once by us, then closed. */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
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
