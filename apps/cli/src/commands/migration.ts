import { MIGRATION_STAGES } from '@switchyard/core';
import { bool, choice, required } from '../args';
import type { Command } from '../command';
import { UsageError } from '../errors';
import { table } from '../format/table';
import { seg } from '../http/api-client';
import type { MigrationView } from '../http/api-types';

const envOption = { type: 'string', value: 'ENV', description: 'environment key' } as const;

/** Every field of a record, one per line, values in full JSON (never cut: scripts and people read them). */
function section(title: string, record: Record<string, unknown>): string[] {
  const entries = Object.entries(record ?? {});
  if (entries.length === 0) return [`  ${title}: none`];
  return [`  ${title}:`, ...entries.map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)];
}

const status: Command = {
  path: ['migration', 'status'],
  args: ['KEY'],
  summary: "a migration flag's stage, read/write plan, measured figures and the moves allowed now",
  options: { env: envOption },
  async run(ctx, input) {
    const env = required(input, 'env');
    const key = input.args.KEY!;
    const view = await ctx.api().get<MigrationView>(`/api/v1/flags/${seg(key)}/environments/${seg(env)}/migration`);
    if (ctx.json) return ctx.outJson(view);
    const p = view.plan;
    const lines = [
      `${view.flag} in ${view.environment}: stage ${view.stage.toUpperCase()}`,
      `  reads ${p.reads.join(' + ')}${p.compare ? ' (compared)' : ''}, returns ${p.returned}; writes ${p.writes.join(' then ')}`,
      `  check ratio: ${view.checkRatio}`,
      ...section('figures', view.figures),
      ...section('gates', view.gates),
      ...(view.backfills.length > 0 ? ['  backfills:', ...view.backfills.map((b) => `    ${JSON.stringify(b)}`)] : ['  backfills: none']),
      '',
      table(
        ['MOVE TO', 'ALLOWED', 'WHY NOT'],
        view.moves.filter((m) => m.to !== view.stage).map((m) => [m.to, m.allowed ? 'yes' : 'no', m.reasons.map((r) => r.message).join('; ')]),
      ),
    ];
    ctx.out(lines.join('\n'));
  },
};

const move: Command = {
  path: ['migration', 'move'],
  args: ['KEY'],
  summary: 'move a migration flag to another stage (the server enforces the order and the gates)',
  options: {
    env: envOption,
    to: { type: 'string', value: 'STAGE', description: `required: ${MIGRATION_STAGES.join(', ')}` },
    reason: { type: 'string', value: 'TEXT', description: 'required: why (audited, refused moves too)' },
    force: { type: 'boolean', description: 'admins only: move although a rule or gate refuses (audited as forced)' },
  },
  async run(ctx, input) {
    const env = required(input, 'env');
    const to = choice(input, 'to', MIGRATION_STAGES);
    if (to === undefined) throw new UsageError(`--to is required: ${MIGRATION_STAGES.join(', ')}`);
    const reason = required(input, 'reason', 'say why');
    const key = input.args.KEY!;
    const result = await ctx.api().post<{ forced: boolean; state: { stage: string } }>(`/api/v1/flags/${seg(key)}/environments/${seg(env)}/migration/transition`, {
      to,
      reason,
      ...(bool(input, 'force') ? { force: true } : {}),
    });
    if (ctx.json) return ctx.outJson(result);
    ctx.out(`Moved "${key}" in ${env} to ${result.state.stage}${result.forced ? ' (FORCED past a refusal; audited as forced)' : ''}.`);
  },
};

export const migrationCommands: Command[] = [status, move];
