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
  phase: string;
}

export async function listPods(): Promise<PodSummary[]> {
  const list = JSON.parse(await clusterKubectl(['get', 'pods', '--all-namespaces', '-o', 'json'])) as {
    items: Array<{ metadata: { name: string; namespace: string }; status?: { phase?: string } }>;
  };
  return list.items.map((pod) => ({
    namespace: pod.metadata.namespace,
    name: pod.metadata.name,
    phase: pod.status?.phase ?? 'Unknown',
  }));
}

export async function listNamespaces(): Promise<string[]> {
  const out = await clusterKubectl(['get', 'namespaces', '-o', 'jsonpath={.items[*].metadata.name}']);
  return out.split(/\s+/).filter(Boolean);
}
