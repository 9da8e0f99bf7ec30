/**
 * Locates the versioned kubectl binaries used as a reference oracle.
 *
 * The `kubectl` on PATH (Google Cloud SDK) is a dispatcher that picks a version at run
 * time; the real binaries `kubectl.1.27` … `kubectl.1.33` sit beside the file it resolves to.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawn } from 'node:child_process';

function whichOnPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** Absolute path of `kubectl.<version>`; throws with the places looked at when it is missing. */
export function findKubectl(version = '1.33'): string {
  const explicit = process.env.KUBESENSE_KUBECTL_DIR;
  const onPath = whichOnPath('kubectl');
  const dirs: string[] = [];
  if (explicit) dirs.push(explicit);
  if (onPath) dirs.push(path.dirname(fs.realpathSync(onPath)));
  for (const dir of dirs) {
    const candidate = path.join(dir, `kubectl.${version}`);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(
    `kubectl.${version} not found; looked beside the real path of 'kubectl' on PATH` +
      (dirs.length ? ` (${dirs.join(', ')})` : ' (no kubectl on PATH)') +
      '. Set KUBESENSE_KUBECTL_DIR to the directory holding kubectl.<version> binaries.',
  );
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs kubectl with the given kubeconfig; never throws on a non-zero exit. Its discovery
 * cache lives beside the kubeconfig unless `args` name a `--cache-dir`.
 */
export function runKubectl(
  args: string[],
  opts: { kubeconfig: string; version?: string; input?: string; timeoutMs?: number; cwd?: string },
): Promise<KubectlResult> {
  const bin = findKubectl(opts.version);
  return new Promise((resolve, reject) => {
    // kubectl's discovery cache would otherwise pile up in ~/.kube/cache, one directory per
    // ephemeral port; beside the kubeconfig it goes away with the cluster.
    const cacheDir = args.some((a) => a.startsWith('--cache-dir'))
      ? []
      : [`--cache-dir=${path.join(path.dirname(opts.kubeconfig), 'kubectl-cache')}`];
    const child = spawn(bin, [`--kubeconfig=${opts.kubeconfig}`, ...cacheDir, ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, KUBECONFIG: opts.kubeconfig },
      cwd: opts.cwd,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 60_000);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr });
    });
    // kubectl may exit (a flag error, nothing to read) before taking its stdin: the pipe closing is not a failure.
    child.stdin.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') reject(err);
    });
    child.stdin.end(opts.input ?? '');
  });
}

/**
 * Waits until every named CRD is Established. `kubectl wait --for=condition=Established` right after an apply
 * fails at once while the CRD has no status.conditions yet ("accessor error: <nil>"), so poll instead.
 */
export async function waitForCrdsEstablished(kubeconfig: string, names: string[], timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const res = await runKubectl(['get', 'crd', ...names, '-o', 'json'], { kubeconfig });
    if (res.code === 0) {
      const doc = JSON.parse(res.stdout) as { items?: unknown[] };
      const items = (doc.items ?? [doc]) as Array<{
        status?: { conditions?: Array<{ type: string; status: string }> };
      }>;
      const established = items.filter((i) =>
        (i.status?.conditions ?? []).some((c) => c.type === 'Established' && c.status === 'True'),
      ).length;
      if (established === names.length) return;
      last = `${established}/${names.length} established`;
    } else {
      last = res.stderr.trim();
    }
    if (Date.now() > deadline)
      throw new Error(`CRDs ${names.join(', ')} not Established after ${timeoutMs} ms: ${last}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * Polls `probe` until it returns a value other than undefined and returns that value; on
 * timeout throws with `what` and the last thing probe reported through `note`. For state a
 * controller or kwok brings about a moment later.
 */
export async function eventually<T>(
  what: string,
  probe: (note: (s: string) => void) => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const value = await probe((s) => (last = s));
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not after ${timeoutMs} ms${last ? `; last: ${last}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
