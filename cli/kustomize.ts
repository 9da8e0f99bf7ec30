// kubectl's -k/--kustomize DIR: kubesense has no kustomize engine, so the user's own builds the kustomization
// (`kustomize build DIR` when kustomize is on PATH, else `kubectl kustomize DIR`), run directly, never through a
// shell. Before building, the checks kubectl makes (flag combinations, the folder, its kustomization file) fail
// with kubectl's own words; the built YAML is then read as `-f -` reads its input.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readManifests, type ManifestObject } from '../kube/apply';
import { lookPath } from '../kube/kubeconfig/exec';
import { CommandError } from './command';

/** kustomize's RecognizedKustomizationFileNames, in its order. */
const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** A -k folder that kustomize refuses or whose build fails (kubectl describe prints these without `error: `). */
export class KustomizeError extends CommandError {}

/** kubectl's FilenameOptions.RequireFilenameOrKustomize: one of -f and -k, never both, -R only with -f. */
export function checkFilenameSources(filenames: string[], kustomize: string, recursive: boolean): void {
  if (filenames.length === 0 && !kustomize) throw new CommandError('must specify one of -f and -k');
  const errors: string[] = [];
  if (filenames.length > 0 && kustomize) errors.push('only one of -f or -k can be specified');
  if (kustomize && recursive) errors.push("the -k flag can't be used with -f or -R");
  if (errors.length) throw new CommandError(errors[0]!, 1, errors);
}

/**
 * kustomize's ConfirmDir and kustomization-file lookup, with their messages as kubectl prints them; `dir` as the
 * user typed it. Returns the folder with symlinks resolved.
 */
export function confirmKustomizationDir(dir: string, cwd: string): string {
  const absolute = path.resolve(cwd, dir);
  // Go's filepath.EvalSymlinks: the first missing component is named; a file mid-path is a bare ENOTDIR.
  const evalFailure = (err: string) =>
    new KustomizeError(`must build at directory: not a valid directory: evalsymlink failure on '${dir}' : ${err}`);
  const parts = absolute.split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i++) {
    const prefix = path.sep + parts.slice(0, i).join(path.sep);
    let st: fs.Stats;
    try {
      st = fs.statSync(prefix);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') throw evalFailure('not a directory');
      throw evalFailure(`lstat ${prefix}: ${GO_ERRNO_TEXT[code ?? ''] ?? (e as Error).message}`);
    }
    if (i < parts.length && !st.isDirectory()) throw evalFailure('not a directory');
    if (i === parts.length && !st.isDirectory())
      throw new KustomizeError(`must build at directory: '${dir}': file is not directory`);
  }
  const real = fs.realpathSync(absolute);
  if (!KUSTOMIZATION_FILES.some((f) => fs.existsSync(path.join(real, f))))
    throw new KustomizeError(
      `unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${real}'`,
    );
  return real;
}

/** Go's syscall error texts for the errno codes a lookup can meet. */
const GO_ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
};

export interface KustomizeBuilder {
  /** The executable, found on PATH. */
  program: string;
  /** Its arguments for a folder. */
  args(dir: string): string[];
  /** How the command is shown in messages. */
  shown: string;
}

/** `kustomize build` when kustomize is on PATH, else `kubectl kustomize`; undefined when neither is. */
export function findKustomizeBuilder(envPath: string): KustomizeBuilder | undefined {
  const kustomize = lookPath('kustomize', envPath);
  if (kustomize) return { program: kustomize, args: (dir) => ['build', dir], shown: 'kustomize build' };
  const kubectl = lookPath('kubectl', envPath);
  if (kubectl) return { program: kubectl, args: (dir) => ['kustomize', dir], shown: 'kubectl kustomize' };
  return undefined;
}

export const NO_BUILDER_MESSAGE =
  '-k needs kustomize to build the kustomization, and neither "kustomize" nor "kubectl" is on PATH: install kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/) or kubectl';

/** The kustomization in `dir` (as typed) built by the user's kustomize, read into manifest objects named after `dir`. */
export async function readKustomization(dir: string, cwd: string, env: NodeJS.ProcessEnv): Promise<ManifestObject[]> {
  const folder = confirmKustomizationDir(dir, cwd);
  const builder = findKustomizeBuilder(env.PATH ?? '');
  if (!builder) throw new KustomizeError(NO_BUILDER_MESSAGE);
  // The resolved absolute folder: it cannot be mistaken for a flag, and no shell ever sees it.
  const { stdout, stderr, code, signal } = await runBuilder(builder.program, builder.args(folder), cwd, env);
  if (code !== 0) {
    const status = signal ? `was killed by ${signal}` : `exited with status ${code}`;
    throw new KustomizeError(
      `building the kustomization in '${dir}' failed: \`${builder.shown} ${folder}\` ${status}${stderr.trim() ? `:\n${stderr.trimEnd()}` : ''}`,
    );
  }
  return readManifests(stdout, dir);
}

function runBuilder(
  program: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
): Promise<{ stdout: string; stderr: string; code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd, env, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e) => reject(new KustomizeError(`failed to run ${JSON.stringify(program)}: ${e.message}`)));
    child.on('close', (code, signal) =>
      resolve({
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        code,
        signal,
      }),
    );
  });
}
