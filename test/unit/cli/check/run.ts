// `kubesense check` run in-process through main(), as the check tests drive it.
import * as os from 'node:os';
import * as path from 'node:path';
import { main } from '../../../../cli/main';

/** Runs the CLI with no kubeconfig and an empty cache (nothing may reach a cluster or the network), plus `env`. */
export async function run(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd = process.cwd(),
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    // No kubeconfig and an empty cache: nothing here may reach a cluster or the network.
    env: {
      HOME: os.tmpdir(),
      KUBECONFIG: '/nonexistent',
      KUBESENSE_CACHE: path.join(os.tmpdir(), 'kubesense-check-empty-cache'),
      ...env,
    },
    cwd,
  });
  return { code, stdout, stderr };
}
