/**
 * Starts the real test cluster (kube-apiserver on an embedded etcd, kube-controller-manager,
 * kube-scheduler and kwok's simulated kubelets; see apiserver/ and kwok/) as a child process
 * and hands back its kubeconfig. Builds the binaries first if needed (build.sh caches them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import * as readline from 'node:readline';

export interface ClusterOptions {
  /** Binary to run; default: the one build.sh builds or reuses. */
  binary?: string;
  /** Also write the kubeconfig here (removed when the cluster stops). */
  kubeconfigOut?: string;
  /** Receives the cluster's stderr and build progress; default: discarded unless startup fails. */
  log?: (line: string) => void;
  /** Extra kube-apiserver flags, e.g. ['--feature-gates=…']. */
  apiserverArgs?: string[];
  /** Give up if not ready within this time (default 180 s). */
  startTimeoutMs?: number;
  /** kwok Stage manifests; default test/cluster/kwok/stages.yaml. */
  kwokStages?: string;
  /** Hold the first port picked for kwok, as another process may on a busy machine (the cluster's own test). */
  takeFirstKwokPort?: boolean;
}

/** Fields of the ready line the Go program prints. */
export interface ClusterInfo {
  kubeconfig: string;
  server: string;
  caFile: string;
  dir: string;
  logFile: string;
  pid: number;
  readyMs: number;
  proxyCertFile: string;
  proxyKeyFile: string;
  /** kwok's kubelet API on 127.0.0.1, every simulated Node's daemon endpoint. */
  kubeletPort: number;
  /** What `port-forward` reaches: an echo server for any container port … */
  echoPort: number;
  /** … and an HTTP server for ports 80, 8080, 8000 and 3000. */
  httpPort: number;
  /** … and what port 9 reaches: a loopback port the cluster keeps bound without listening, so it refuses. */
  closedPort: number;
}

export interface TestCluster extends ClusterInfo {
  /** SIGTERM, then wait for a clean exit (the process deletes its data). Idempotent. */
  stop(): Promise<void>;
}

export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && fs.existsSync(path.join(dir, 'test', 'cluster', 'build.sh'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the kubesense repository root above ${__dirname}`);
    dir = parent;
  }
}

/** Runs build.sh (a no-op when the cached binary matches the sources) and returns the binary path. */
export function buildCluster(log?: (line: string) => void): Promise<string> {
  const script = path.join(repoRoot(), 'test', 'cluster', 'build.sh');
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const stderrTail: string[] = [];
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      log?.(line);
      stderrTail.push(line);
      if (stderrTail.length > 40) stderrTail.shift();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const bin = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && bin && fs.existsSync(bin)) resolve(bin);
      else reject(new Error(`test cluster build failed (exit ${code}):\n${stderrTail.join('\n')}`));
    });
  });
}

export async function startCluster(opts: ClusterOptions = {}): Promise<TestCluster> {
  const binary = opts.binary ?? (await buildCluster(opts.log));
  const args = [
    '--exit-with-parent',
    `--kwok-stages=${opts.kwokStages ?? path.join(repoRoot(), 'test', 'cluster', 'kwok', 'stages.yaml')}`,
  ];
  if (opts.kubeconfigOut) args.push(`--kubeconfig-out=${opts.kubeconfigOut}`);
  if (opts.takeFirstKwokPort) args.push('--take-first-kwok-port');
  for (const flag of opts.apiserverArgs ?? []) args.push(`--apiserver-arg=${flag}`);
  // Its own process group: a Ctrl-C in the terminal reaches us, and we stop the cluster in
  // order (after the command using it); --exit-with-parent covers our sudden death.
  const child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });

  const stderrLines: string[] = [];
  readline.createInterface({ input: child.stderr! }).on('line', (line) => {
    stderrLines.push(line);
    opts.log?.(line);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

  const info = await new Promise<ClusterInfo>((resolve, reject) => {
    const timeoutMs = opts.startTimeoutMs ?? 180_000;
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`test cluster not ready after ${timeoutMs} ms:\n${stderrLines.join('\n')}`));
    }, timeoutMs);
    const lines = readline.createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as ClusterInfo;
        if (parsed.kubeconfig && parsed.server) {
          clearTimeout(timer);
          resolve(parsed);
        }
      } catch {
        opts.log?.(line);
      }
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    void exited.then((code) => {
      clearTimeout(timer);
      // Give readline a tick to deliver the last stderr lines (the error and the log tail).
      setImmediate(() =>
        reject(new Error(`test cluster exited during startup (code ${code}):\n${stderrLines.join('\n')}`)),
      );
    });
  });

  const onParentExit = () => child.kill('SIGTERM');
  process.on('exit', onParentExit);
  let stopping: Promise<void> | undefined;
  return {
    ...info,
    stop() {
      stopping ??= stopChild(child, exited).finally(() => process.off('exit', onParentExit));
      return stopping;
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const killed = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve();
    }, 40_000);
  });
  await Promise.race([exited.then(() => undefined), killed]);
  clearTimeout(timer);
}
