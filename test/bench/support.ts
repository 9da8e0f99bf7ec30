// What the cluster benchmarks share: the API server they run against, process measurements (wall time and peak
// memory), and a TCP relay that counts the bytes the server sends (what crosses the wire: TLS, gzip and all).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseYAML, stringify as stringifyYAML } from 'yaml';
import { startCluster } from '../cluster/cluster';

export interface BenchCluster {
  kubeconfig: string;
  /** Started for this bench (not npm run bench's shared one): nothing is seeded in it yet. */
  private: boolean;
  stop(): Promise<void>;
}

/** `kubeconfig`, else KUBESENSE_TEST_KUBECONFIG (npm run bench's shared cluster), else a private cluster. */
export async function benchCluster(opts: { kubeconfig?: string; log: (line: string) => void }): Promise<BenchCluster> {
  const kubeconfig = opts.kubeconfig ?? process.env.KUBESENSE_TEST_KUBECONFIG;
  if (kubeconfig) return { kubeconfig, private: false, stop: async () => undefined };
  opts.log('starting a private test cluster');
  const cluster = await startCluster({ log: () => undefined });
  return { kubeconfig: cluster.kubeconfig, private: true, stop: () => cluster.stop() };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export interface ProcessSample {
  wallMs: number;
  /** Peak resident memory of the process (GNU time's %M). */
  maxRssMB: number;
}

/** Runs cmd under /usr/bin/time for max RSS; stdout is drained (not kept) so big lists cost the parent nothing. */
export function timedProcess(
  cmd: string,
  args: string[],
): Promise<ProcessSample & { code: number; lines: number; stderr: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', 'MAXRSS_KB=%M', cmd, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lines = 0;
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      for (const b of d) if (b === 10) lines++;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = performance.now() - started;
      const kb = Number(/MAXRSS_KB=(\d+)/.exec(stderr)?.[1] ?? 0);
      resolve({ code: code ?? -1, wallMs, maxRssMB: kb / 1024, lines, stderr });
    });
  });
}

/** Peak resident memory of a running process so far (Linux VmHWM, what GNU time reports at exit), in MB. */
export function peakRssMB(pid: number | undefined): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb ?? 0) / 1024;
  } catch {
    return 0;
  }
}

export interface CountingRelay {
  /** A copy of the kubeconfig whose server is the relay (TLS stays end to end: the certificate is for 127.0.0.1). */
  kubeconfig: string;
  /** Bytes the server sent since the last reset. */
  received(): number;
  reset(): void;
  close(): Promise<void>;
}

/** A plain TCP relay to the kubeconfig's server that counts what the server sends back. */
export async function countingRelay(kubeconfig: string): Promise<CountingRelay> {
  const config = parseYAML(fs.readFileSync(kubeconfig, 'utf8')) as {
    clusters: { cluster: { server: string } }[];
  };
  const upstream = new URL(config.clusters[0].cluster.server);
  let received = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const up = net.connect(Number(upstream.port || 443), upstream.hostname);
    for (const s of [client, up]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    up.on('data', (d: Buffer) => (received += d.length));
    client.pipe(up);
    up.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubesense-bench-relay-'));
  for (const c of config.clusters) c.cluster.server = `https://127.0.0.1:${port}`;
  const file = path.join(dir, 'kubeconfig');
  fs.writeFileSync(file, stringifyYAML(config), { mode: 0o600 });
  return {
    kubeconfig: file,
    received: () => received,
    reset: () => (received = 0),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
