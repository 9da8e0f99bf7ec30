// `kubesense` run in-process with captured output, for the differential tests against kubectl.
import { main } from '../../../cli/main';

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * main() with stdout and stderr captured; `env` is added to the process environment. `observe` sees each write as
 * it happens (for a test that acts once the command has reached some point, e.g. a watch has started).
 */
export async function runKubesense(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  cwd = process.cwd(),
  observe?: (run: Run) => void,
): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const seen = () => observe?.({ code: NaN, stdout, stderr });
  const code = await main(args, {
    stdout: { write: (s: string) => ((stdout += s), seen()) },
    stderr: { write: (s: string) => ((stderr += s), seen()) },
    env: { ...process.env, ...env },
    cwd,
  });
  return { code, stdout, stderr };
}
