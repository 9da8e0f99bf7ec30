// The shape every `kubesense` subcommand implements, and the errors main() knows how to print.
import type { FlagSpec, GlobalOptions, ParsedFlags } from './flags';

export interface Output {
  write(chunk: string): unknown;
}

/** Where a command reads its environment and writes its output; tests pass their own. */
export interface CommandIO {
  stdout: Output;
  stderr: Output;
  env: NodeJS.ProcessEnv;
  /** Relative paths in flags and $KUBECONFIG resolve against this. */
  cwd: string;
}

export interface CommandContext {
  /** e.g. `kubesense config view` (used in usage errors). */
  path: string;
  /** Positional arguments (flags removed). */
  args: string[];
  /** The command's own flags and the global flags, by long name. */
  flags: ParsedFlags;
  global: GlobalOptions;
  io: CommandIO;
  /** The command's help text (for commands that print it on bad arguments, as kubectl does). */
  help(): string;
}

export interface Command {
  name: string;
  aliases?: string[];
  /** One line for command lists. */
  short: string;
  /** Paragraphs for `--help`; defaults to `short`. */
  long?: string;
  examples?: string;
  /** Usage after the command path, e.g. `CONTEXT_NAME [options]`. */
  usage?: string;
  flags?: FlagSpec[];
  subcommands?: Command[];
  /** Exit code. Absent for pure command groups. */
  run?(ctx: CommandContext): Promise<number>;
}

/** Printed as `error: <message>` with exit code 1 (kubectl's cmdutil.CheckErr). */
export class CommandError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
    /** Several errors: printed one per line without the `error: ` prefix, as kubectl prints an aggregate. */
    readonly errors: string[] = [message],
  ) {
    super(message);
    this.name = 'CommandError';
  }
}

/** Printed as `error: <message>\nSee '<path> -h' for help and examples` (kubectl's UsageErrorf). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
