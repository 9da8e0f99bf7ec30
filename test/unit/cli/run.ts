// Runs the CLI in-process with captured output, as a test needs it.
import { main } from '../../../cli/main';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** `kubesense ARGS` in `cwd` with only `env` (HOME defaults to `cwd`, so no user config leaks in). */
export async function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await main(args, {
    stdout: { write: (s: string) => ((out += s), true) },
    stderr: { write: (s: string) => ((err += s), true) },
    env: { HOME: cwd, ...env },
    cwd,
  });
  return { code, out, err };
}
