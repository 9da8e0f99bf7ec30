// `kubesense diff -f FILE|DIR|- | -k DIR`: kubectl diff --server-side. Each object's live version and the server's
// dry-run apply result are written as YAML into two temporary folders (LIVE-*, MERGED-*; files named
// [group.]version.Kind.namespace.name) and the system's `diff -u -N` compares them, as kubectl does; so the
// output is kubectl's byte for byte apart from the folder names and timestamps. Exit 0: no differences,
// 1: differences, 2: an error (kubectl's convention; KUBECTL_EXTERNAL_DIFF is honoured the same way).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_FIELD_MANAGER, diffFileName, diffTexts, dryRunDiff } from '../kube/apply';
import type { Command, CommandContext } from './command';
import { CommandError, UsageError } from './command';
import {
  FIELD_MANAGER_FLAG,
  FORCE_CONFLICTS_FLAG,
  kubectlErrorLine,
  SERVER_SIDE_FLAG,
  targetsFromFlags,
} from './apply';
import { clientFactory } from './factory';
import { filenameFlags } from './manifestFiles';

/** kubectl diff's exit code for its own errors (diff's 0 and 1 mean "same" and "different"). */
const DIFF_ERROR_EXIT = 2;

export const command: Command = {
  name: 'diff',
  short: 'Diff the live version against the would-be applied version (server-side apply)',
  long: `Diff configurations specified by file name or stdin between the current online configuration, and the
configuration as it would be if applied with server-side apply (a server dry-run).

-k DIRECTORY builds a kustomization with the kustomize on PATH ("kustomize build"), else with "kubectl kustomize".

Output is always YAML; metadata.managedFields is left out unless --show-managed-fields, Secret values are masked.

KUBECTL_EXTERNAL_DIFF environment variable can be used to select your own diff command. By default, the "diff"
command available in your path will be run with "-u" (unified diff) and "-N" (treat absent files as empty) options.

kubesense always diffs with server-side apply; --server-side is accepted for kubectl compatibility.

Exit status:
 0
No differences were found.
 1
Differences were found.
 >1
Kubesense or diff failed with an error.`,
  examples: `  # Diff resources included in deploy.yaml
  kubesense diff --server-side -f deploy.yaml

  # Diff file read from stdin
  cat service.yaml | kubesense diff -f -

  # Diff what a kustomization builds (with kustomize, or kubectl kustomize, on PATH)
  kubesense diff -k overlays/prod`,
  usage: '(-f FILENAME | -k DIRECTORY) [flags]',
  flags: [
    ...filenameFlags('diff'),
    SERVER_SIDE_FLAG,
    FORCE_CONFLICTS_FLAG,
    FIELD_MANAGER_FLAG(DEFAULT_FIELD_MANAGER),
    {
      name: 'show-managed-fields',
      kind: 'bool',
      default: false,
      description: 'If true, include managed fields in the diff.',
    },
  ],
  run: async (ctx) => {
    try {
      return await run(ctx);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      // kubectl's CheckDiffErr: every error of its own exits 2, since 1 means "differences found"; an aggregate
      // prints one error per line, unprefixed.
      if (e instanceof CommandError && e.errors.length > 1) ctx.io.stderr.write(e.errors.map((m) => `${m}\n`).join(''));
      else ctx.io.stderr.write(`${kubectlErrorLine(e instanceof CommandError ? new Error(e.message) : e)}\n`);
      return DIFF_ERROR_EXIT;
    }
  },
};

async function run(ctx: CommandContext): Promise<number> {
  if (ctx.args.length > 0) throw new UsageError(`Unexpected args: [${ctx.args.join(' ')}]`);
  const factory = await clientFactory(ctx);
  const { targets, errors } = await targetsFromFlags(ctx, factory);
  // kubectl's builder stops at the first object it cannot read or map; nothing is diffed then.
  if (errors.length > 0) throw errors[0];
  const options = {
    fieldManager: String(ctx.flags.values.get('field-manager') || DEFAULT_FIELD_MANAGER),
    force: ctx.flags.values.get('force-conflicts') === true,
  };
  const showManagedFields = ctx.flags.values.get('show-managed-fields') === true;
  const liveDir = fs.mkdtempSync(path.join(os.tmpdir(), 'LIVE-'));
  const mergedDir = fs.mkdtempSync(path.join(os.tmpdir(), 'MERGED-'));
  try {
    for (const target of targets) {
      // A conflict is a StatusError: printed as kubectl prints the server's 409.
      const texts = diffTexts(await dryRunDiff(factory.restClient(), target, options), { showManagedFields });
      const file = diffFileName(target);
      fs.writeFileSync(path.join(liveDir, file), texts.live, { mode: 0o700 });
      fs.writeFileSync(path.join(mergedDir, file), texts.merged, { mode: 0o700 });
    }
    return await runDiffProgram(ctx, liveDir, mergedDir);
  } finally {
    fs.rmSync(liveDir, { recursive: true, force: true });
    fs.rmSync(mergedDir, { recursive: true, force: true });
  }
}

/** `diff -u -N from to`, or KUBECTL_EXTERNAL_DIFF (a command and its arguments), output passed through. */
function runDiffProgram(ctx: CommandContext, from: string, to: string): Promise<number> {
  const external = (ctx.io.env.KUBECTL_EXTERNAL_DIFF ?? '').trim();
  const [program, ...args] = external ? external.split(/\s+/) : ['diff', '-u', '-N'];
  return new Promise((resolve, reject) => {
    const child = spawn(program!, [...args, from, to], { stdio: ['ignore', 'pipe', 'pipe'], env: ctx.io.env });
    child.stdout.setEncoding('utf8').on('data', (d: string) => ctx.io.stdout.write(d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => ctx.io.stderr.write(d));
    child.on('error', (e) => reject(new CommandError(`failed to run ${JSON.stringify(program)}: ${e.message}`)));
    child.on('close', (code, signal) => {
      if (code === 0 || code === 1) resolve(code);
      else
        reject(
          new CommandError(
            `failed to run ${JSON.stringify(program)}: ${signal ? `signal: ${signal}` : `exit status ${code}`}`,
          ),
        );
    });
  });
}
