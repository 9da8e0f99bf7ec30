/**
 * node out/test/cluster/withCluster.js [--seed] [-- <command...>]
 *
 * Starts ONE real test cluster, runs the command with KUBESENSE_TEST_KUBECONFIG and
 * KUBESENSE_TEST_SERVER (and KUBESENSE_TEST_CA_FILE; KUBESENSE_TEST_SEEDED=1 with --seed) in its environment, stops the cluster and
 * exits with the command's exit code. Without a command it runs in the foreground until
 * Ctrl-C (`npm run cluster`), with the kubeconfig also at `defaultKubeconfigPath()`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { startCluster, type TestCluster } from './cluster';
import { seedCluster } from './seed/seed';

/** Where the foreground cluster publishes its kubeconfig (read by `npm run cluster:seed`). */
export function defaultKubeconfigPath(): string {
  const cache = process.env.KUBESENSE_CACHE ?? path.join(os.homedir(), '.cache', 'kubesense');
  return path.join(cache, 'cluster', 'kubeconfig');
}

function parseArgs(argv: string[]): { seed: boolean; command: string[] } {
  const dashes = argv.indexOf('--');
  const own = dashes === -1 ? argv : argv.slice(0, dashes);
  const command = dashes === -1 ? [] : argv.slice(dashes + 1);
  const unknown = own.filter((a) => a !== '--seed');
  if (unknown.length)
    throw new Error(`unknown option(s) ${unknown.join(' ')}; usage: with-cluster [--seed] [-- command...]`);
  return { seed: own.includes('--seed'), command };
}

async function main(argv: string[]): Promise<number> {
  const { seed, command } = parseArgs(argv);
  const foreground = command.length === 0;
  const log = (line: string) => process.stderr.write(`[cluster] ${line}\n`);
  const started = Date.now();
  if (foreground) fs.mkdirSync(path.dirname(defaultKubeconfigPath()), { recursive: true, mode: 0o700 });
  let cluster: TestCluster;
  try {
    cluster = await startCluster({
      log: foreground ? log : (line) => line.startsWith('build.sh:') && log(line),
      kubeconfigOut: foreground ? defaultKubeconfigPath() : undefined,
    });
  } catch (err) {
    process.stderr.write(`with-cluster: ${(err as Error).message}\n`);
    return 1;
  }
  log(`ready in ${Date.now() - started} ms (server ${cluster.readyMs} ms): ${cluster.server}`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await cluster.stop();
  };

  try {
    if (seed) {
      const t = Date.now();
      await seedCluster(cluster.kubeconfig, { log });
      log(`seeded in ${Date.now() - t} ms`);
    }
    if (foreground) {
      // For scripts: one JSON line (the only line on stdout that starts with '{').
      process.stdout.write(`${JSON.stringify({ kubeconfig: defaultKubeconfigPath(), server: cluster.server })}\n`);
      process.stdout.write(
        `\nkubesense test cluster is running at ${cluster.server}\n` +
          `  export KUBECONFIG=${defaultKubeconfigPath()}\n` +
          `  contexts: admin (current), cert-user, restricted (read-only in namespace team-a)\n` +
          `  controllers, scheduler and kwok run: seeded nodes run pods; logs, exec and port-forward work\n` +
          `  seed it:  npm run cluster:seed\n` +
          `Press Ctrl-C to stop.\n`,
      );
      await new Promise<void>((resolve) => {
        process.once('SIGINT', resolve);
        process.once('SIGTERM', resolve);
      });
      return 0;
    }
    return await runCommand(command, {
      ...process.env,
      KUBESENSE_TEST_KUBECONFIG: cluster.kubeconfig,
      KUBESENSE_TEST_SERVER: cluster.server,
      KUBESENSE_TEST_CA_FILE: cluster.caFile,
      ...(seed ? { KUBESENSE_TEST_SEEDED: '1' } : {}),
    });
  } catch (err) {
    process.stderr.write(`with-cluster: ${(err as Error).message}\n`);
    return 1;
  } finally {
    await stop();
  }
}

function runCommand(command: string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'inherit', env });
    // Let the command see Ctrl-C first; the cluster is stopped once it has exited.
    const forward = (signal: NodeJS.Signals) => child.kill(signal);
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', (err) => {
      process.stderr.write(`with-cluster: cannot run ${command[0]}: ${err.message}\n`);
      resolve(127);
    });
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1));
    });
  });
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: Error) => {
      process.stderr.write(`with-cluster: ${err.message}\n`);
      process.exit(1);
    },
  );
}
