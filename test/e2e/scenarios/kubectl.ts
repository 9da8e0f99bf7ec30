// The reference kubectl (1.33) against the test cluster: the oracle for cluster state and kubeconfig writes.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { kubectlPath } from './context';

const run = promisify(execFile);

export async function kubectl(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const { stdout } = await run(kubectlPath, args, { env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

/** kubectl against the test cluster's own kubeconfig (never the copies the workbench edits). */
export function clusterKubectl(args: string[]): Promise<string> {
  const kubeconfig = process.env.KUBESENSE_TEST_KUBECONFIG;
  if (!kubeconfig) throw new Error('KUBESENSE_TEST_KUBECONFIG is not set');
  return kubectl(['--kubeconfig', kubeconfig, ...args]);
}

export interface PodSummary {
  namespace: string;
  name: string;
  /** kubectl's STATUS column: the phase, or the reason a container is waiting or terminated (CrashLoopBackOff, …). */
  status: string;
}

/** Every pod with the status `kubectl get pods` prints for it. */
export async function listPods(): Promise<PodSummary[]> {
  const out = await clusterKubectl(['get', 'pods', '--all-namespaces', '--no-headers']);
  return out
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [namespace, name, , status] = line.split(/\s+/);
      return { namespace, name, status };
    });
}

export async function listNamespaces(): Promise<string[]> {
  const out = await clusterKubectl(['get', 'namespaces', '-o', 'jsonpath={.items[*].metadata.name}']);
  return out.split(/\s+/).filter(Boolean);
}
