import { choice, required, str } from '../args';
import type { Command } from '../command';
import { readServerState } from '../declarative/server-state';
import { formatFlagFile, toFlagFile, type FileFormat } from '../declarative/write-flag-file';
import { writeOutputFile } from './files';

export const exportCommand: Command = {
  path: ['export'],
  summary: "write an environment's flags and segments as a flag file (desired state, for Git)",
  options: {
    env: { type: 'string', value: 'ENV', description: 'required: the environment to export' },
    format: { type: 'string', value: 'FORMAT', description: 'yaml (default) or json (the default when --out ends in .json, or with --json)' },
    out: { type: 'string', short: 'o', value: 'FILE', description: 'write to FILE instead of stdout' },
  },
  details: [
    'The file holds each live flag (definition and this environment\'s config: enabled, targets, rules,',
    'fallthrough, prerequisites) and the environment\'s segments, sorted by key, fields in a fixed order.',
    'No versions, timestamps or kill state: a kill is an incident action, and apply never restores one.',
  ].join('\n'),
  async run(ctx, input) {
    const env = required(input, 'env', 'the environment whose flags to write');
    const out = str(input, 'out');
    const format: FileFormat = choice(input, 'format', ['yaml', 'json'] as const) ?? (out?.toLowerCase().endsWith('.json') || (ctx.json && out === undefined) ? 'json' : 'yaml');
    const text = formatFlagFile(toFlagFile(await readServerState(ctx.api(), env)), format);
    if (out === undefined) return ctx.io.stdout(text);
    const path = await writeOutputFile(ctx.io, out, text);
    if (ctx.json) ctx.outJson({ file: path, environment: env, format });
    else ctx.note(`Wrote environment "${env}" to ${path}.`);
  },
};
