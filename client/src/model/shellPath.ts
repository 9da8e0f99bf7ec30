// The environment of the user's login shell. VS Code started from a desktop launcher inherits a minimal
// environment, so exec credential plugins installed by shell profiles (gcloud, aws, kubelogin…) would not
// be found, and a KUBECONFIG exported in ~/.profile would be ignored.
import { spawn } from 'node:child_process';

const START = '__KUBESENSE_ENV_START__';
const END = '__KUBESENSE_ENV_END__';

export interface LoginShellOptions {
  shell?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs `$SHELL -l -c` once and reads the named variables between markers (profiles may print banners).
 * Resolves undefined on Windows, when no shell is set, or when the shell fails or takes too long; a
 * variable the shell does not set is absent from the result.
 */
export function loginShellEnv(
  names: readonly string[],
  options: LoginShellOptions = {},
): Promise<Record<string, string> | undefined> {
  const env = options.env ?? process.env;
  const shell = options.shell ?? env.SHELL;
  if (process.platform === 'win32' || !shell) return Promise.resolve(undefined);
  const safe = names.filter((n) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(n));
  // `${X+set}` tells an empty variable from an unset one.
  const script = safe.map((n) => `printf '%s%s=%s=%s%s' '${START}' '${n}' "\${${n}+set}" "$${n}" '${END}'`).join('; ');
  return new Promise((resolve) => {
    let out = '';
    let settled = false;
    const finish = (value: Record<string, string> | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(value);
    };
    const child = spawn(shell, ['-l', '-c', script], { env, stdio: ['ignore', 'pipe', 'ignore'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish(undefined);
    }, options.timeoutMs ?? 5000);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (out += d));
    child.on('error', () => finish(undefined));
    child.on('close', (code) => {
      if (code !== 0) return finish(undefined);
      const result: Record<string, string> = {};
      for (const m of out.matchAll(new RegExp(`${START}([A-Za-z0-9_]+)=(set)?=(.*?)${END}`, 'gs'))) {
        if (m[2] === 'set') result[m[1]!] = m[3]!;
      }
      finish(result);
    });
  });
}

/** The login shell's PATH, or undefined when it cannot be read. */
export async function loginShellPath(options: LoginShellOptions = {}): Promise<string | undefined> {
  return (await loginShellEnv(['PATH'], options))?.PATH || undefined;
}

/** Login-shell entries first, then the process's own, without duplicates. */
export function mergePaths(
  loginPath: string | undefined,
  processPath: string | undefined,
  sep = process.platform === 'win32' ? ';' : ':',
): string {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const p of [...(loginPath ?? '').split(sep), ...(processPath ?? '').split(sep)]) {
    if (!p || seen.has(p)) continue;
    seen.add(p);
    out.push(p);
  }
  return out.join(sep);
}
