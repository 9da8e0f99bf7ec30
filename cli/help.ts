// `--help` text in kubectl's layout (not byte-identical: kubectl's help is long prose we do not copy).
import type { Command } from './command';
import type { FlagSpec } from './flags';
import { GLOBAL_FLAGS } from './flags';

export function renderHelp(cmd: Command, path: string, specs: FlagSpec[]): string {
  const out: string[] = [];
  out.push(`${cmd.long ?? cmd.short}\n`);
  if (cmd.aliases?.length) out.push(`\nAliases:\n${[cmd.name, ...cmd.aliases].join(', ')}\n`);
  if (cmd.examples) out.push(`\nExamples:\n${cmd.examples.replace(/\n*$/, '\n')}`);
  if (cmd.subcommands?.length) {
    const subs = [...cmd.subcommands].sort((a, b) => a.name.localeCompare(b.name));
    const width = Math.max(...subs.map((s) => s.name.length)) + 3;
    out.push(`\nAvailable Commands:\n${subs.map((s) => `  ${s.name.padEnd(width)}${s.short}\n`).join('')}`);
  }
  const local = specs.filter((s) => !GLOBAL_FLAGS.includes(s) && !s.hidden);
  const globals = specs.filter((s) => GLOBAL_FLAGS.includes(s));
  if (local.length) out.push(`\nOptions:\n${local.map(flagLine).join('')}`);
  const usage = cmd.subcommands?.length && !cmd.run ? 'SUBCOMMAND [options]' : (cmd.usage ?? '[options]');
  out.push(`${local.length ? '' : '\n'}Usage:\n  ${path} ${usage}\n`);
  out.push(`\nGlobal options:\n${globals.map(flagLine).join('')}`);
  return out.join('');
}

/** kubectl's flag lines: `    -o, --output='yaml':` / `    --raw=false:`, then the description on a tab-indented line. */
function flagLine(s: FlagSpec): string {
  const names = s.short ? `-${s.short}, --${s.name}` : `--${s.name}`;
  let value: string;
  if (s.kind === 'bool') value = String(s.default ?? false);
  else if (s.kind === 'int') value = String(s.default ?? 0);
  else if (Array.isArray(s.default)) value = `[${s.default.join(',')}]`;
  else value = `'${String(s.default ?? '')}'`;
  return `    ${names}=${value}:\n\t${s.description}\n\n`;
}
