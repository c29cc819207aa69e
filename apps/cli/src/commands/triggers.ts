import { bool, choice, required, str } from '../args';
import type { Command, CommandContext } from '../command';
import { UsageError } from '../errors';
import { shortTime, table } from '../format/table';
import { seg } from '../http/api-client';
import type { TriggerSecrets, TriggerView } from '../http/api-types';

/** The server's trigger actions: kill or restore the flag; hold or abort (which kills) its running release plan. */
const ACTIONS = ['kill', 'restore', 'abort-plan', 'hold-plan'] as const;

/** The URL and secret of a new or rotated trigger: printed once, never stored by the server in the clear. */
function printSecrets(ctx: CommandContext, verb: string, created: TriggerSecrets): void {
  const t = created.trigger;
  const lines = [
    `${verb} trigger "${t.name}" (${t.id}): ${t.action} ${t.flagKey} in ${t.envKey}`,
    '',
    'URL (shown this once; only its hash is stored — copy it into your alerting tool now):',
    '',
    `    ${ctx.api().baseUrl}${created.url}`,
    '',
  ];
  if (created.signingSecret !== null)
    lines.push('Signing secret (shown this once): sign each call with X-Switchyard-Signature (docs/integrations.md):', '', `    ${created.signingSecret}`, '');
  ctx.out(lines.join('\n'));
}

const list: Command = {
  path: ['triggers', 'list'],
  summary: 'list incident triggers (never their URLs or secrets)',
  options: { all: { type: 'boolean', description: 'include disabled triggers' } },
  async run(ctx, input) {
    const { items } = await ctx.api().get<{ items: TriggerView[] }>('/api/v1/triggers');
    const shown = bool(input, 'all') ? items : items.filter((t) => t.disabledAt === null);
    if (ctx.json) return ctx.outJson({ items: shown });
    if (shown.length === 0) return ctx.out('No triggers.');
    ctx.out(
      table(
        ['ID', 'NAME', 'ACTION', 'FLAG', 'ENV', 'SIGNED', 'URL', 'CREATED', 'DISABLED'],
        shown.map((t) => [t.id, t.name, t.action, t.flagKey, t.envKey, t.signed ? 'yes' : 'no', t.urlHint, shortTime(t.createdAt), t.disabledAt ? shortTime(t.disabledAt) : '-']),
      ),
    );
  },
};

const create: Command = {
  path: ['triggers', 'create'],
  summary: 'create a trigger URL that kills (or restores) one flag in one environment, or holds (or aborts) its running release plan; prints the URL once',
  options: {
    flag: { type: 'string', value: 'KEY', description: 'required: the flag' },
    env: { type: 'string', value: 'ENV', description: 'required: the environment' },
    action: { type: 'string', value: 'ACTION', description: `required: ${ACTIONS.join(', ')}` },
    name: { type: 'string', value: 'NAME', description: 'required: which alert calls it' },
    signed: { type: 'boolean', description: 'calls must be signed (HMAC-SHA256): also prints a signing secret once' },
    reason: { type: 'string', value: 'TEXT', description: 'why (audited)' },
  },
  async run(ctx, input) {
    const action = choice(input, 'action', ACTIONS);
    if (action === undefined) throw new UsageError(`--action is required: ${ACTIONS.join(', ')}`);
    const body: Record<string, unknown> = {
      name: required(input, 'name', 'which alert calls it'),
      flag: required(input, 'flag', 'the flag the trigger acts on'),
      environment: required(input, 'env', 'the environment the trigger acts in'),
      action,
      signed: bool(input, 'signed'),
    };
    const reason = str(input, 'reason');
    if (reason !== undefined) body.reason = reason;
    const created = await ctx.api().post<TriggerSecrets>('/api/v1/triggers', body);
    if (ctx.json) return ctx.outJson(created);
    printSecrets(ctx, 'Created', created);
  },
};

const rotate: Command = {
  path: ['triggers', 'rotate'],
  args: ['ID'],
  summary: 'give a trigger a new URL (and signing secret); the old ones stop working at once',
  options: { reason: { type: 'string', value: 'TEXT', description: 'required: why (audited)' } },
  async run(ctx, input) {
    const reason = required(input, 'reason', 'say why');
    const rotated = await ctx.api().post<TriggerSecrets>(`/api/v1/triggers/${seg(input.args.ID!)}/rotate`, { reason });
    if (ctx.json) return ctx.outJson(rotated);
    printSecrets(ctx, 'Rotated', rotated);
  },
};

const disable: Command = {
  path: ['triggers', 'disable'],
  args: ['ID'],
  summary: 'disable a trigger: its calls are refused from now on',
  options: { reason: { type: 'string', value: 'TEXT', description: 'required: why (audited)' } },
  async run(ctx, input) {
    const reason = required(input, 'reason', 'say why');
    const t = await ctx.api().post<TriggerView>(`/api/v1/triggers/${seg(input.args.ID!)}/disable`, { reason });
    if (ctx.json) return ctx.outJson(t);
    ctx.out(`Disabled ${t.id} ("${t.name}") at ${shortTime(t.disabledAt)}.`);
  },
};

export const triggerCommands: Command[] = [list, create, rotate, disable];
