import { leadingWords, parseCommandLine } from './args';
import type { Command, CommandContext } from './command';
import { applyCommand } from './commands/apply';
import { auditCommands } from './commands/audit';
import { explainCommand } from './commands/explain';
import { exportCommand } from './commands/export';
import { flagCommands } from './commands/flags';
import { keyCommands } from './commands/keys';
import { migrationCommands } from './commands/migration';
import { releaseCommands } from './commands/releases';
import { triggerCommands } from './commands/triggers';
import { webhookCommands } from './commands/webhooks';
import { resolveConnection } from './config';
import { EXIT, isCliError, UsageError, type ExitCode } from './errors';
import { errorJson, formatError } from './format/errors';
import { commandUsage, mainUsage } from './help';
import { createApiClient, type ApiClient } from './http/api-client';
import { redactingIo, type CliIo } from './io';

/** Every command, in the order help lists them. */
export const COMMANDS: readonly Command[] = [...flagCommands, ...auditCommands, ...migrationCommands, ...releaseCommands, ...keyCommands, ...triggerCommands, ...webhookCommands, explainCommand, exportCommand, applyCommand];

function findCommand(words: readonly string[]): Command | undefined {
  return COMMANDS.find((c) => c.path.every((w, i) => words[i] === w));
}

/**
 * Runs one command line and returns its exit code. Never throws and never calls process.exit:
 * `main.ts` binds it to the process, tests call it directly.
 */
export async function runCli(argv: readonly string[], rawIo: CliIo): Promise<ExitCode> {
  // The token must never be printed, whatever prints it: scrub both candidates from all output.
  const tokenArg = argv.find((_a, i) => argv[i - 1] === '--token') ?? argv.find((a) => a.startsWith('--token='))?.slice('--token='.length);
  const io = redactingIo(redactingIo(rawIo, rawIo.env.SWITCHYARD_TOKEN), tokenArg);
  const json = argv.includes('--json');
  const words = leadingWords(argv, 2);
  const cmd = findCommand(words);
  try {
    if (!cmd) {
      const asked = words[0] === 'help';
      const topic = asked ? leadingWords(argv, 3).slice(1) : words;
      const group = COMMANDS.some((c) => c.path[0] === topic[0]) ? topic[0] : undefined;
      const sub = asked ? findCommand(topic) : undefined;
      if (asked || (argv.some((a) => a === '--help' || a === '-h') && (words.length === 0 || (words.length === 1 && group !== undefined))) || argv.length === 0) {
        io.stdout(`${sub ? commandUsage(sub) : mainUsage(COMMANDS, group)}\n`);
        return EXIT.ok;
      }
      const what = group ? (words.length === 1 ? `"${group}" needs a command` : `unknown command "${words.slice(0, 2).join(' ')}"`) : words.length === 0 ? 'missing command' : `unknown command "${words[0]}"`;
      throw new UsageError(what, [], mainUsage(COMMANDS, group));
    }
    const usage = commandUsage(cmd);
    const input = parseCommandLine(cmd, argv, usage);
    if (input.global.help) {
      io.stdout(`${usage}\n`);
      return EXIT.ok;
    }
    const conn = resolveConnection(input.global, io.env);
    let api: ApiClient | undefined;
    const ctx: CommandContext = {
      io,
      json: input.global.json,
      api: () => (api ??= createApiClient(conn, { signal: io.signal })),
      out: (text) => io.stdout(`${text}\n`),
      note: (text) => io.stderr(`${text}\n`),
      outJson: (value) => io.stdout(`${JSON.stringify(value, null, 2)}\n`),
    };
    try {
      return (await cmd.run(ctx, input)) ?? EXIT.ok;
    } catch (e) {
      if (e instanceof UsageError && e.usage === undefined && e.issues.length === 0)
        throw new UsageError(e.message, [], `Run \`switchyard ${cmd.path.join(' ')} --help\` for its options.`);
      throw e;
    }
  } catch (e) {
    if (isCliError(e)) {
      io.stderr(`${json ? JSON.stringify(errorJson(e), null, 2) : formatError(e)}\n`);
      return e.exitCode;
    }
    // A bug or an answer the CLI cannot read: say so plainly, without a stack.
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(json ? `${JSON.stringify({ error: { code: 'INTERNAL', message } })}\n` : `error: unexpected failure: ${message}\n`);
    return EXIT.refused;
  }
}
