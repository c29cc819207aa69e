import { readFile } from 'node:fs/promises';
import { bool, required, str } from '../args';
import type { Command, CommandContext } from '../command';
import { UsageError } from '../errors';
import { shortTime, table } from '../format/table';
import { seg } from '../http/api-client';
import type { ReleasePlanView } from '../http/api-types';

const reasonOption = { type: 'string', value: 'TEXT', description: 'why (audited)' } as const;

function variationIndex(input: Parameters<typeof required>[0], name: string): number {
  const v = required(input, name, 'a variation index (0, 1, ...)');
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a variation index (0, 1, ...), got "${v}"`);
  return n;
}

/** One line per plan state, e.g. `running: stage 2/5 "Small canary" (soaking, dwell left 12m)`. */
function where(plan: ReleasePlanView): string {
  const stage = plan.definition.stages[plan.state.stage];
  const at = `stage ${plan.state.stage + 1}/${plan.definition.stages.length} "${stage?.name ?? '?'}"`;
  if (plan.state.status !== 'running' && plan.state.status !== 'held') return `${plan.state.status} at ${at}`;
  const held = plan.state.status === 'held' ? `, held: ${plan.state.heldBecause}` : '';
  return `${plan.state.status}: ${at} (${plan.state.phase}${held})`;
}

function show(ctx: CommandContext, plan: ReleasePlanView): void {
  if (ctx.json) return ctx.outJson(plan);
  const lines = [`${plan.id}  ${plan.flagKey} in ${plan.envKey}: ${where(plan)}`, `  gate set sha256:${plan.gateHash.slice(0, 16)}…`, ''];
  lines.push(
    table(
      ['#', 'STAGE', 'EXPOSURE', 'DWELL', 'SAMPLES/ARM'],
      plan.definition.stages.map((s, i) => [
        `${i === plan.state.stage ? '>' : ' '}${i + 1}`,
        s.name,
        s.migrationStage ? `migration to ${s.migrationStage}` : [s.percent > 0 ? `${s.percent}%` : '', s.segment ? `segment ${s.segment}` : ''].filter(Boolean).join(' + '),
        `${Math.round(s.minDwellMs / 60_000)}m`,
        String(s.minSamplesPerArm),
      ]),
    ),
  );
  if (plan.judgements && plan.judgements.length > 0) {
    lines.push('');
    lines.push(
      table(
        ['GATE', 'VERDICT', 'FIGURE', 'THRESHOLD', 'TREATMENT', 'CONTROL'],
        plan.judgements.map((j) => [
          j.gate,
          j.verdict,
          j.value === null ? '-' : String(Math.round(j.value * 1e4) / 1e4),
          String(j.threshold),
          `${j.treatment.samples} samples`,
          `${j.control.samples} samples${j.control.fromBaseline ? ' (baseline)' : ''}`,
        ]),
      ),
    );
  }
  ctx.out(lines.join('\n'));
}

const create: Command = {
  path: ['releases', 'create'],
  args: ['KEY'],
  summary: 'start a guarded release plan on a flag (the canary template unless --plan gives stages and gates)',
  options: {
    env: { type: 'string', value: 'ENV', description: 'required: environment key' },
    from: { type: 'string', value: 'N', description: 'required: the variation users get today (index)' },
    to: { type: 'string', value: 'N', description: 'required: the new variation (index)' },
    owner: { type: 'string', value: 'TEAM', description: "owner of the template's gates (required without --plan gates)" },
    staff: { type: 'string', value: 'SEGMENT', description: "the template's internal stage exposes this segment" },
    region: { type: 'string', value: 'SEGMENT', description: "the template's regional stage exposes this segment" },
    plan: { type: 'string', value: 'FILE', description: 'a JSON file with "stages" and/or "gates" (and "bucketBy")' },
    draft: { type: 'boolean', description: 'create without starting it (start it with `releases start`)' },
    reason: reasonOption,
  },
  async run(ctx, input) {
    const env = required(input, 'env');
    const key = input.args.KEY!;
    const file = str(input, 'plan');
    let fromFile: Record<string, unknown> = {};
    if (file !== undefined) {
      try {
        fromFile = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      } catch (err) {
        throw new UsageError(`--plan ${file}: ${(err as Error).message}`);
      }
    }
    const body = {
      ...fromFile,
      fromVariation: variationIndex(input, 'from'),
      toVariation: variationIndex(input, 'to'),
      ...(str(input, 'owner') !== undefined ? { owner: str(input, 'owner') } : {}),
      ...(str(input, 'staff') !== undefined ? { staffSegment: str(input, 'staff') } : {}),
      ...(str(input, 'region') !== undefined ? { regionSegment: str(input, 'region') } : {}),
      ...(bool(input, 'draft') ? { start: false } : {}),
      ...(str(input, 'reason') !== undefined ? { reason: str(input, 'reason') } : {}),
    };
    show(ctx, await ctx.api().post<ReleasePlanView>(`/api/v1/flags/${seg(key)}/environments/${seg(env)}/releases`, body));
  },
};

const list: Command = {
  path: ['releases', 'list'],
  summary: 'release plans, newest first',
  options: {
    flag: { type: 'string', value: 'KEY', description: 'only this flag' },
    env: { type: 'string', value: 'ENV', description: 'only this environment' },
  },
  async run(ctx, input) {
    const q = new URLSearchParams();
    if (str(input, 'flag')) q.set('flag', str(input, 'flag')!);
    if (str(input, 'env')) q.set('environment', str(input, 'env')!);
    const { items } = await ctx.api().get<{ items: ReleasePlanView[] }>(`/api/v1/releases${q.size > 0 ? `?${q}` : ''}`);
    if (ctx.json) return ctx.outJson({ items });
    ctx.out(table(['ID', 'FLAG', 'ENV', 'WHERE', 'UPDATED'], items.map((p) => [p.id, p.flagKey, p.envKey, where(p), shortTime(p.updatedAt)])));
  },
};

const status: Command = {
  path: ['releases', 'status'],
  args: ['ID'],
  summary: "a plan's stages, where it is, and each gate's figure against its threshold",
  async run(ctx, input) {
    show(ctx, await ctx.api().get<ReleasePlanView>(`/api/v1/releases/${seg(input.args.ID!)}`));
  },
};

function commandFor(name: 'start' | 'pause' | 'resume' | 'advance' | 'abort', summary: string): Command {
  return {
    path: ['releases', name],
    args: ['ID'],
    summary,
    options: { reason: reasonOption },
    async run(ctx, input) {
      const reason = str(input, 'reason');
      show(ctx, await ctx.api().post<ReleasePlanView>(`/api/v1/releases/${seg(input.args.ID!)}/${name}`, reason !== undefined ? { reason } : {}));
    },
  };
}

export const releaseCommands: Command[] = [
  create,
  list,
  status,
  commandFor('start', 'start a draft plan'),
  commandFor('pause', 'hold a running plan (exposure stays as it is)'),
  commandFor('resume', 'resume a held plan (the dwell starts over)'),
  commandFor('advance', 'push past inconclusive gates (never past a failed gate, an unfinished dwell or delivery)'),
  commandFor('abort', 'end a plan and kill the flag (responders may)'),
];
