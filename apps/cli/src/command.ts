import type { ExitCode } from './errors';
import type { ApiClient } from './http/api-client';
import type { CliIo } from './io';

export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** Shown in help: `--env ENV`. */
  value?: string;
  description: string;
}

/** The parsed command line of one command: its positional arguments by name and its options. */
export interface CommandInput {
  args: Record<string, string>;
  opts: Record<string, string | boolean | undefined>;
}

/** What a command runs with. `api` is created on first use, so usage errors never need a server. */
export interface CommandContext {
  io: CliIo;
  json: boolean;
  api(): ApiClient;
  /** Writes a line (or lines) to stdout. */
  out(text: string): void;
  /** Writes a line (or lines) to stderr: notes and progress, never results. */
  note(text: string): void;
  /** Writes the JSON result of a command, one document, to stdout. */
  outJson(value: unknown): void;
}

export interface Command {
  /** The words that name it: `['flags', 'list']`, `['apply']`. */
  path: readonly string[];
  /** Positional arguments, in order: `['KEY']`. All required. */
  args?: readonly string[];
  summary: string;
  options?: Readonly<Record<string, OptionSpec>>;
  /** Extra help text after the options. */
  details?: string;
  // biome-ignore lint/suspicious/noConfusingVoidType: a command that prints and ends normally returns nothing (exit 0)
  run(ctx: CommandContext, input: CommandInput): Promise<ExitCode | void>;
}
