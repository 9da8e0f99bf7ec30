// Port-forward: `kubesense port-forward` beside `kubectl.1.33 port-forward`, same run, same pod, same echo
// server behind it (the test cluster's kubelets forward every container port to one). Throughput: a payload
// written and read back over one connection (each byte crosses the forward twice); setup latency: from
// connect() to the first echoed byte on a new connection (what a browser's new connection waits for).
//
//   node out/test/bench/portforward.js [--mb 100] [--runs 3] [--connections 20]   (starts a private cluster
//   unless KUBESENSE_TEST_KUBECONFIG names a running one)
import { spawn, type ChildProcess } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { repoRoot } from '../cluster/cluster';
import { benchCluster, median } from './support';
import { eventually, findKubectl, runKubectl } from '../cluster/kubectl';
import { seedCluster } from '../cluster/seed/seed';
import { echoThrough } from '../cluster/echo';
import { errorStack } from '../../kube/util/errors';

/** `kubesense` tunnels SPDY as kubectl does; `kubesense-ws` is the same with KUBESENSE_PORT_FORWARD_TUNNEL=false. */
const TOOLS = ['kubesense', 'kubesense-ws', 'kubectl'] as const;
type Tool = (typeof TOOLS)[number];

export interface PortForwardBenchResult {
  mb: number;
  /** MB/s of payload (each byte goes there and back), median of the runs; ratio: kubesense / kubectl. */
  throughput: Record<Tool, number> & { ratio: number };
  /** ms from connect() to the first echoed byte, median. */
  setup: Record<Tool, number> & { ratio: number };
  /** CPU time (user + system) of the port-forward process per MB echoed, over the throughput runs. */
  cpuMsPerMB: Record<Tool, number>;
}

/** utime + stime of a process in ms (Linux /proc; 0 elsewhere). */
function cpuMs(pid: number | undefined): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    // After "pid (comm) ": state is field 3, utime 14 and stime 15 (1-based), in clock ticks of 10 ms.
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return 0;
  }
}

/** Starts a port-forward process and resolves with its local port once it listens. */
async function startForward(
  cmd: string,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd}: not listening after 30 s: ${stderr}`)), 30_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const m = /^Forwarding from 127\.0\.0\.1:(\d+)/.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    child.on('exit', (code) => reject(new Error(`${cmd} exited ${code}: ${stderr}`)));
  });
  return { child, port };
}

/** Writes `payload` and reads it back; resolves with the elapsed ms. */
const echoTime = async (port: number, payload: Buffer) => (await echoThrough(port, payload, { collect: false })).ms;

export async function runPortForwardBench(
  opts: { kubeconfig?: string; mb?: number; runs?: number; connections?: number; log?: (line: string) => void } = {},
): Promise<PortForwardBenchResult> {
  const log = opts.log ?? ((l: string) => process.stdout.write(`${l}\n`));
  const mb = opts.mb ?? 100;
  const runs = opts.runs ?? 3;
  const connections = opts.connections ?? 20;
  const cluster = await benchCluster({ kubeconfig: opts.kubeconfig, log });
  const kubeconfig = cluster.kubeconfig;
  const ns = `bench-pf-${Date.now().toString(36)}`;
  const kc = kubeconfig;
  const kubectl = async (args: string[], input?: string) => {
    const res = await runKubectl(args, { kubeconfig: kc, input });
    if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')}: ${res.stderr}`);
    return res.stdout;
  };
  const procs: ChildProcess[] = [];
  try {
    // The simulated nodes come with the seed (idempotent).
    if (process.env.KUBESENSE_TEST_SEEDED !== '1' || cluster.private) await seedCluster(kc);
    await kubectl(['create', 'namespace', ns]);
    await eventually('default ServiceAccount', async () =>
      (await runKubectl(['get', 'serviceaccount', 'default', '-n', ns], { kubeconfig: kc })).code === 0
        ? true
        : undefined,
    );
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'echo', namespace: ns } };
    await kubectl(
      ['apply', '-f', '-'],
      JSON.stringify({
        ...pod,
        spec: { containers: [{ name: 'app', image: 'nginx:1.27', ports: [{ containerPort: 9000 }] }] },
      }),
    );
    await eventually('the pod running', async () =>
      (await kubectl(['get', 'pod', 'echo', '-n', ns, '-o', 'jsonpath={.status.phase}'])) === 'Running'
        ? true
        : undefined,
    );
    const args = [`--kubeconfig=${kc}`, 'port-forward', '-n', ns, 'pod/echo', ':9000'];
    const kubesense = [path.join(repoRoot(), 'bin', 'kubesense.js'), ...args];
    const tools: Record<Tool, { child: ChildProcess; port: number }> = {
      kubesense: await startForward(process.execPath, kubesense),
      'kubesense-ws': await startForward(process.execPath, kubesense, {
        ...process.env,
        KUBESENSE_PORT_FORWARD_TUNNEL: 'false',
      }),
      kubectl: await startForward(findKubectl('1.33'), args),
    };
    procs.push(...TOOLS.map((t) => tools[t].child));
    const payload = crypto.randomBytes(mb * 1024 * 1024);
    const small = Buffer.from('ping\n');
    const perTool = <T>(make: () => T) => Object.fromEntries(TOOLS.map((t) => [t, make()])) as Record<Tool, T>;
    const rates = perTool<number[]>(() => []);
    const setups = perTool<number[]>(() => []);
    // Warm-up (TLS session, agent, first upgrade or tunnel) outside the figures; then interleave the tools.
    for (const t of TOOLS) await echoTime(tools[t].port, small);
    const cpu = perTool(() => 0);
    for (let r = 0; r < runs; r++) {
      for (const t of TOOLS) {
        const cpu0 = cpuMs(tools[t].child.pid);
        const ms = await echoTime(tools[t].port, payload);
        cpu[t] += cpuMs(tools[t].child.pid) - cpu0;
        rates[t].push(mb / (ms / 1000));
      }
    }
    for (let c = 0; c < connections; c++) {
      for (const t of TOOLS) setups[t].push(await echoTime(tools[t].port, small));
    }
    const medians = (values: Record<Tool, number[]>) =>
      Object.fromEntries(TOOLS.map((t) => [t, median(values[t])])) as Record<Tool, number>;
    const throughput = medians(rates);
    const setup = medians(setups);
    const result: PortForwardBenchResult = {
      mb,
      throughput: { ...throughput, ratio: throughput.kubesense / throughput.kubectl },
      setup: { ...setup, ratio: setup.kubesense / setup.kubectl },
      cpuMsPerMB: perTool(() => 0),
    };
    for (const t of TOOLS) result.cpuMsPerMB[t] = cpu[t] / (mb * runs);
    log(formatPortForwardBench(result, runs, connections));
    return result;
  } finally {
    for (const p of procs) p.kill();
    await runKubectl(['delete', 'namespace', ns, '--wait=false'], { kubeconfig: kc }).catch(() => undefined);
    await cluster.stop();
  }
}

export function formatPortForwardBench(r: PortForwardBenchResult, runs: number, connections: number): string {
  const f = (n: number) => n.toFixed(1);
  const row = (label: string, values: Record<Tool, number>, unit: string) =>
    `  ${label.padEnd(62)} ${TOOLS.map((t) => `${t} ${f(values[t])} ${unit}`).join('  ')}`;
  return [
    `${row(`throughput, ${r.mb} MB echoed over one connection (median of ${runs})`, r.throughput, 'MB/s')}  kubesense/kubectl ${r.throughput.ratio.toFixed(2)}×`,
    row('CPU of the forwarding process per MB echoed', r.cpuMsPerMB, 'ms'),
    `${row(`new connection to first echoed byte (median of ${connections})`, r.setup, 'ms')}  kubesense/kubectl ${r.setup.ratio.toFixed(2)}×`,
  ].join('\n');
}

if (require.main === module) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? Number(process.argv[i + 1]) : undefined;
  };
  runPortForwardBench({ mb: arg('mb'), runs: arg('runs'), connections: arg('connections') }).catch((e) => {
    process.stderr.write(`port-forward bench failed: ${errorStack(e)}\n`);
    process.exitCode = 1;
  });
}
