import { GLOBAL_OPTIONS } from './args';
import type { Command, OptionSpec } from './command';

function optionLines(options: Readonly<Record<string, OptionSpec>>): string[] {
  const rows = Object.entries(options).map(([name, o]) => [`${o.short ? `-${o.short}, ` : '    '}--${name}${o.value ? ` ${o.value}` : ''}`, o.description] as const);
  const width = Math.max(...rows.map(([l]) => l.length));
  return rows.map(([l, d]) => `  ${l.padEnd(width)}  ${d}`);
}

export function commandUsage(cmd: Command): string {
  const lines = [`usage: switchyard ${[...cmd.path, ...(cmd.args ?? [])].join(' ')}${cmd.options ? ' [options]' : ''}`, '', `${cmd.summary}.`];
  if (cmd.options) lines.push('', 'options:', ...optionLines(cmd.options));
  if (cmd.details) lines.push('', cmd.details);
  lines.push('', 'global options:', ...optionLines(GLOBAL_OPTIONS));
  return lines.join('\n');
}

export function mainUsage(commands: readonly Command[], group?: string): string {
  const shown = commands.filter((c) => group === undefined || c.path[0] === group);
  const names = shown.map((c) => [...c.path, ...(c.args ?? [])].join(' '));
  const width = Math.max(...names.map((n) => n.length));
  return [
    `usage: switchyard ${group ?? '<command>'} … [options]`,
    '',
    'commands:',
    ...shown.map((c, i) => `  ${names[i]!.padEnd(width)}  ${c.summary}`),
    '',
    'global options:',
    ...optionLines(GLOBAL_OPTIONS),
    '',
    'Exit codes: 0 done, 1 the server refused (or a check failed), 2 usage error, 3 server unreachable.',
    'Run `switchyard <command> --help` for a command\'s options. docs/cli.md has the details.',
  ].join('\n');
}
