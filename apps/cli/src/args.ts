import { parseArgs } from 'node:util';
import type { Command, CommandInput, OptionSpec } from './command';
import { UsageError } from './errors';

/** Options every command takes. */
export const GLOBAL_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  url: { type: 'string', value: 'URL', description: 'server URL (default $SWITCHYARD_URL or http://127.0.0.1:4000)' },
  token: { type: 'string', value: 'TOKEN', description: 'admin token (default $SWITCHYARD_TOKEN; prefer the variable: arguments show in process lists)' },
  json: { type: 'boolean', description: 'print JSON for scripts instead of tables' },
  help: { type: 'boolean', short: 'h', description: 'show help' },
};

/**
 * The command words at the start of the command line, skipping options (and the value of a global
 * option given before the command, as in `switchyard --url http://… flags list`).
 */
export function leadingWords(argv: readonly string[], max: number): string[] {
  const words: string[] = [];
  for (let i = 0; i < argv.length && words.length < max; i++) {
    const a = argv[i] as string;
    if (a === '--') break;
    if (a.startsWith('-')) {
      const name = a.replace(/^--?/, '');
      if (!a.includes('=') && GLOBAL_OPTIONS[name]?.type === 'string') i++;
      continue;
    }
    words.push(a);
  }
  return words;
}

/** Parses a command's arguments strictly: an unknown option or a missing argument is a usage error. */
export function parseCommandLine(cmd: Command, argv: readonly string[], usage: string): CommandInput & { global: { url?: string; token?: string; json: boolean; help: boolean } } {
  const specs = { ...GLOBAL_OPTIONS, ...(cmd.options ?? {}) };
  const options: Record<string, { type: 'string' | 'boolean'; short?: string }> = {};
  for (const [name, s] of Object.entries(specs)) options[name] = s.short ? { type: s.type, short: s.short } : { type: s.type };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message.replace(/\. To specify a positional argument.*$/s, '') : String(e), [], usage);
  }
  const { values, positionals } = parsed;
  const global = {
    url: values.url as string | undefined,
    token: values.token as string | undefined,
    json: values.json === true,
    help: values.help === true,
  };
  const rest = positionals.slice(cmd.path.length);
  const names = cmd.args ?? [];
  if (!global.help) {
    if (rest.length < names.length) throw new UsageError(`missing ${names.slice(rest.length).join(' ')}`, [], usage);
    if (rest.length > names.length) throw new UsageError(`unexpected argument "${rest[names.length]}"`, [], usage);
  }
  const args: Record<string, string> = {};
  names.forEach((n, i) => (args[n] = rest[i] ?? ''));
  const opts: CommandInput['opts'] = {};
  for (const name of Object.keys(cmd.options ?? {})) opts[name] = values[name];
  return { args, opts, global };
}

/** The value of a string option, or undefined. */
export function str(input: CommandInput, name: string): string | undefined {
  const v = input.opts[name];
  return typeof v === 'string' ? v : undefined;
}

/** The value of a string option that must be given. */
export function required(input: CommandInput, name: string, why = ''): string {
  const v = str(input, name);
  if (v === undefined || v.trim() === '') throw new UsageError(`--${name} is required${why ? `: ${why}` : ''}`);
  return v;
}

export function bool(input: CommandInput, name: string): boolean {
  return input.opts[name] === true;
}

/** A positive integer option. */
export function positiveInt(input: CommandInput, name: string, max: number): number | undefined {
  const v = str(input, name);
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`--${name} must be a whole number from 1 to ${max}, got "${v}"`);
  return n;
}

/** A choice among fixed values. */
export function choice<T extends string>(input: CommandInput, name: string, allowed: readonly T[]): T | undefined {
  const v = str(input, name);
  if (v === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(v)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}; got "${v}"`);
  return v as T;
}
