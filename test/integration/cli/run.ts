// `kubesense` run in-process with captured output, for the differential tests against kubectl.
import { main } from '../../../cli/main';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** main() with stdout and stderr captured; `env` is added to the process environment. */
export async function runKubesense(args: string[], env: NodeJS.ProcessEnv = {}, cwd = process.cwd()): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, {
    stdout: { write: (s: string) => (stdout += s) },
    stderr: { write: (s: string) => (stderr += s) },
    env: { ...process.env, ...env },
    cwd,
  });
  return { code, stdout, stderr };
}
