import type { EvaluationContext, EvaluationTrace } from '@switchyard/core';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { required, str } from '../args';
import type { Command } from '../command';
import { UsageError } from '../errors';
import { describeTrace } from '../format/trace';
import { seg } from '../http/api-client';

interface ExplainView {
  flag: string;
  environment: string;
  version: number;
  context: EvaluationContext;
  trace: EvaluationTrace;
}

/** The context from `--context JSON`, `--context-file FILE` and `--key KEY` (which sets `key`). */
function contextOf(input: Parameters<Command['run']>[1], cwd: string): EvaluationContext {
  const inline = str(input, 'context');
  const file = str(input, 'context-file');
  if (inline !== undefined && file !== undefined) throw new UsageError('give --context or --context-file, not both');
  let context: unknown = {};
  const text = inline ?? (file !== undefined ? readText(resolve(cwd, file), file) : undefined);
  if (text !== undefined) {
    try {
      context = JSON.parse(text);
    } catch (e) {
      throw new UsageError(`${inline !== undefined ? '--context' : file} is not JSON: ${(e as Error).message}`);
    }
    if (typeof context !== 'object' || context === null || Array.isArray(context)) throw new UsageError(`${inline !== undefined ? '--context' : file} must be a JSON object, e.g. {"key": "user-1", "country": "NO"}`);
  }
  const key = str(input, 'key');
  return key !== undefined ? { ...(context as EvaluationContext), key } : (context as EvaluationContext);
}

function readText(path: string, shown: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(`cannot read ${shown}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export const explainCommand: Command = {
  path: ['explain'],
  args: ['KEY'],
  summary: 'why a context gets the value it gets: every step of the evaluation, as the SDKs run it',
  options: {
    env: { type: 'string', value: 'ENV', description: 'environment key, e.g. production' },
    context: { type: 'string', value: 'JSON', description: 'the evaluation context as JSON, e.g. \'{"key":"user-1","country":"NO"}\'' },
    'context-file': { type: 'string', value: 'FILE', description: 'read the context from a JSON file' },
    key: { type: 'string', value: 'KEY', description: "the context's key (added to --context)" },
  },
  details: 'Prints the value served, the step that decided it, and each step: kill switch, on/off, prerequisites, targets, every rule with each clause and the attribute value it saw, segment decisions and the rollout bucket. --json prints the trace.',
  async run(ctx, input) {
    const env = required(input, 'env');
    const key = input.args.KEY!;
    const context = contextOf(input, ctx.io.cwd);
    const view = await ctx.api().post<ExplainView>(`/api/v1/flags/${seg(key)}/environments/${seg(env)}/explain`, { context });
    if (ctx.json) return ctx.outJson(view);
    ctx.out([`${view.flag} in ${view.environment} (environment version ${view.version}) for ${JSON.stringify(view.context)}`, ...describeTrace(view.trace)].join('\n'));
  },
};
