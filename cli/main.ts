// The kubesense command line: finds the subcommand the way cobra does, parses flags the way pflag does,
// and prints errors in kubectl's words so scripts see the same stdout, stderr and exit codes.
import type { Command, CommandIO } from './command';
import { CommandError, UsageError } from './command';
import { FlagError, FlagSpec, GLOBAL_FLAGS, HelpRequested, commandWords, globalOptions, parseFlags } from './flags';
import { renderHelp } from './help';
import { errorMessage } from '../kube/util/errors';

/**
 * Top-level commands. To add one, write `cli/<name>.ts` exporting `command: Command` and add ONE line here.
 * Loaded lazily so `kubesense lsp` does not pay for `config`'s imports and vice versa.
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  config: () => import('./config').then((m) => m.command),
  lsp: () => import('./lsp').then((m) => m.command),
  get: () => import('./get').then((m) => m.command),
  'api-resources': () => import('./apiResources').then((m) => m.command),
  'api-versions': () => import('./apiResources').then((m) => m.apiVersionsCommand),
  check: () => import('./check').then((m) => m.command),
  describe: () => import('./describe').then((m) => m.command),
  scale: () => import('./scale').then((m) => m.command),
  rollout: () => import('./rollout').then((m) => m.command),
  exec: () => import('./exec').then((m) => m.command),
  attach: () => import('./exec').then((m) => m.attachCommand),
  apply: () => import('./apply').then((m) => m.command),
  diff: () => import('./diff').then((m) => m.command),
  logs: () => import('./logs').then((m) => m.command),
  'port-forward': () => import('./portForward').then((m) => m.command),
};

export const PROGRAM = 'kubesense';

/** Entry of `kubesense check`'s worker threads, which load this same file (cli/checkParallel.ts). */
export function runCheckWorker(): Promise<void> {
  return import('./checkParallel').then((m) => m.runCheckWorker());
}

export async function loadCommands(): Promise<Command[]> {
  return Promise.all(Object.values(COMMANDS).map((load) => load()));
}

/** A command's own flags shadow global flags of the same name (and their shorthands), as in cobra. */
export function flagSpecsFor(cmd: Command): FlagSpec[] {
  const local = cmd.flags ?? [];
  return [...local, ...GLOBAL_FLAGS.filter((g) => !local.some((l) => l.name === g.name))];
}

function findSub(cmd: Command, word: string): Command | undefined {
  return cmd.subcommands?.find((c) => c.name === word || c.aliases?.includes(word));
}

function defaultIO(): CommandIO {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() };
}

export async function main(argv: string[], io: CommandIO = defaultIO()): Promise<number> {
  const root: Command = {
    name: PROGRAM,
    short: 'kubesense: Kubernetes manifests and clusters from the command line.',
    subcommands: [],
  };
  const topWords = commandWords(argv, GLOBAL_FLAGS);
  if (topWords.length === 0) {
    root.subcommands = await loadCommands();
    if (argv.some((a) => a === '-h' || a === '--help') || argv.length === 0) {
      io.stdout.write(renderHelp(root, PROGRAM, GLOBAL_FLAGS));
      return 0;
    }
  }
  // cobra's `help [command]`: the same text as `<command> --help`.
  if (topWords[0] === 'help') {
    const rest = argv.filter((a) => a !== 'help');
    return main(rest.length > 0 ? [...rest, '--help'] : [], io);
  }
  const load = topWords.length > 0 && Object.hasOwn(COMMANDS, topWords[0]) ? COMMANDS[topWords[0]] : undefined;
  if (!load) {
    if (topWords.length === 0) {
      // Only flags: validate them the way kubectl would, then show help.
      try {
        parseFlags(argv, GLOBAL_FLAGS);
      } catch (e) {
        return printFlagError(io, e, PROGRAM);
      }
      io.stdout.write(renderHelp(root, PROGRAM, GLOBAL_FLAGS));
      return 0;
    }
    io.stderr.write(`error: unknown command ${JSON.stringify(topWords[0])} for ${JSON.stringify(PROGRAM)}\n`);
    const suggestions = suggest(topWords[0], Object.keys(COMMANDS));
    if (suggestions.length > 0) io.stderr.write(`\nDid you mean this?\n${suggestions.map((s) => `\t${s}\n`).join('')}`);
    return 1;
  }

  // Walk down the command tree by the non-flag words, as cobra's Find does.
  let cmd = await load();
  let path = `${PROGRAM} ${cmd.name}`;
  const consumed = [topWords[0]];
  for (;;) {
    const specs = flagSpecsFor(cmd);
    const words = commandWords(removeFirst(argv, consumed), specs);
    const next = words.length > 0 ? findSub(cmd, words[0]) : undefined;
    if (!next) break;
    consumed.push(words[0]);
    cmd = next;
    path = `${path} ${cmd.name}`;
  }

  const specs = flagSpecsFor(cmd);
  const help = () => renderHelp(cmd, path, specs);
  let parsed;
  try {
    parsed = parseFlags(removeFirst(argv, consumed), specs);
  } catch (e) {
    if (e instanceof HelpRequested) {
      io.stdout.write(help());
      return 0;
    }
    return printFlagError(io, e, path);
  }

  if (!cmd.run) {
    // A command group (like `config`): cobra prints its help, or rejects an unknown subcommand.
    if (parsed.args.length > 0) {
      io.stderr.write(
        `error: unknown command ${JSON.stringify(parsed.args[0])}\nSee '${path} -h' for help and examples\n`,
      );
      return 1;
    }
    io.stderr.write(help());
    return 1;
  }

  try {
    return await cmd.run({ path, args: parsed.args, flags: parsed, global: globalOptions(parsed), io, help });
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`error: ${e.message}\nSee '${path} -h' for help and examples\n`);
      return 1;
    }
    // A flag whose value a command reads later (a duration) fails as pflag fails it while parsing.
    if (e instanceof FlagError) return printFlagError(io, e, path);
    // kubectl's CheckErr: an aggregate of several errors prints one per line, unprefixed.
    const several = (e as { errors?: unknown }).errors;
    if (Array.isArray(several) && several.length > 1) {
      io.stderr.write(several.map((m) => `${String(m).replace(/\n$/, '')}\n`).join(''));
      return e instanceof CommandError ? e.exitCode : 1;
    }
    if (e instanceof CommandError) {
      io.stderr.write(`error: ${e.message}\n`);
      return e.exitCode;
    }
    io.stderr.write(`error: ${errorMessage(e)}\n`);
    return 1;
  }
}

function printFlagError(io: CommandIO, e: unknown, path: string): number {
  if (e instanceof FlagError) {
    io.stderr.write(`error: ${e.message}\nSee '${path} --help' for usage.\n`);
    return 1;
  }
  throw e;
}

/** argv without the first occurrence of each command word (cobra's argsMinusFirstX). */
function removeFirst(argv: string[], words: string[]): string[] {
  const out = [...argv];
  for (const w of words) {
    const i = out.indexOf(w);
    if (i >= 0) out.splice(i, 1);
  }
  return out;
}

/** cobra's SuggestionsFor: Levenshtein distance <= 2, or a prefix match. */
function suggest(typed: string, names: string[]): string[] {
  return names.filter(
    (n) => levenshtein(typed.toLowerCase(), n.toLowerCase()) <= 2 || n.startsWith(typed.toLowerCase()),
  );
}

function levenshtein(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0];
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j];
      d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length];
}
