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
  out.push(`\nUsage:\n  ${path} ${usage}\n`);
  out.push(`\nGlobal options:\n${globals.map(flagLine).join('')}`);
  return out.join('');
}

function flagLine(s: FlagSpec): string {
  const names = s.short ? `-${s.short}, --${s.name}` : `    --${s.name}`;
  const value =
    s.kind === 'bool'
      ? ''
      : `=${s.default !== undefined && !Array.isArray(s.default) ? JSON.stringify(s.default) : "''"}`;
  return `    ${names}${value}:\n\t${s.description}\n\n`;
}
