import { bool, choice, positiveInt, required, str } from '../args';
import type { Command } from '../command';
import { shortTime, table } from '../format/table';
import { seg } from '../http/api-client';
import type { WebhookDelivery, WebhookView } from '../http/api-types';

const FORMATS = ['json', 'slack'] as const;
const FILTERS = ['environments', 'flags', 'tags', 'actions'] as const;

/** A comma-separated filter option, or undefined when not given. */
const listOpt = (v: string | undefined) => (v === undefined ? undefined : v.split(',').map((s) => s.trim()).filter(Boolean));

const list: Command = {
  path: ['webhooks', 'list'],
  summary: 'list webhook subscriptions (never their signing secrets)',
  options: { all: { type: 'boolean', description: 'include disabled webhooks' } },
  async run(ctx, input) {
    const { items } = await ctx.api().get<{ items: WebhookView[] }>('/api/v1/webhooks');
    const shown = bool(input, 'all') ? items : items.filter((w) => w.disabledAt === null);
    if (ctx.json) return ctx.outJson({ items: shown });
    if (shown.length === 0) return ctx.out('No webhooks.');
    const filters = (w: WebhookView) => FILTERS.filter((f) => w[f]).map((f) => `${f}=${w[f]!.join(',')}`).join(' ') || 'everything';
    ctx.out(table(['ID', 'NAME', 'FORMAT', 'URL', 'FILTERS', 'CREATED', 'DISABLED'], shown.map((w) => [w.id, w.name, w.format, w.url, filters(w), shortTime(w.createdAt), w.disabledAt ? shortTime(w.disabledAt) : '-'])));
  },
};

const create: Command = {
  path: ['webhooks', 'create'],
  summary: 'subscribe a URL to audit entries (signed); prints the signing secret once',
  options: {
    name: { type: 'string', value: 'NAME', description: 'required: what receives it' },
    endpoint: { type: 'string', value: 'URL', description: 'required: http(s) URL of the receiver (--url is the server\'s)' },
    format: { type: 'string', value: 'FORMAT', description: `${FORMATS.join(' (the audit entry), ')} (an incoming-webhook message); default json` },
    environments: { type: 'string', value: 'ENV,…', description: 'only entries in these environments' },
    flags: { type: 'string', value: 'KEY,…', description: 'only entries about these flags' },
    tags: { type: 'string', value: 'TAG,…', description: 'only entries about flags with one of these tags' },
    actions: { type: 'string', value: 'ACTION,…', description: 'only these audit actions (flag.kill, …)' },
    reason: { type: 'string', value: 'TEXT', description: 'why (audited)' },
  },
  async run(ctx, input) {
    const body: Record<string, unknown> = { name: required(input, 'name', 'what receives it'), url: required(input, 'endpoint', 'where deliveries go'), format: choice(input, 'format', FORMATS) ?? 'json' };
    for (const f of FILTERS) {
      const l = listOpt(str(input, f));
      if (l !== undefined) body[f] = l;
    }
    const reason = str(input, 'reason');
    if (reason !== undefined) body.reason = reason;
    const created = await ctx.api().post<{ webhook: WebhookView; secret: string }>('/api/v1/webhooks', body);
    if (ctx.json) return ctx.outJson(created);
    ctx.out(
      [
        `Subscribed webhook "${created.webhook.name}" (${created.webhook.id}) → ${created.webhook.url}`,
        '',
        'Signing secret (shown this once; receivers verify X-Switchyard-Signature with it — copy it now):',
        '',
        `    ${created.secret}`,
        '',
      ].join('\n'),
    );
  },
};

const disable: Command = {
  path: ['webhooks', 'disable'],
  args: ['ID'],
  summary: 'disable a webhook: nothing more is delivered to it',
  options: { reason: { type: 'string', value: 'TEXT', description: 'required: why (audited)' } },
  async run(ctx, input) {
    const reason = required(input, 'reason', 'say why');
    const w = await ctx.api().post<WebhookView>(`/api/v1/webhooks/${seg(input.args.ID!)}/disable`, { reason });
    if (ctx.json) return ctx.outJson(w);
    ctx.out(`Disabled ${w.id} ("${w.name}") at ${shortTime(w.disabledAt)}.`);
  },
};

const deliveries: Command = {
  path: ['webhooks', 'deliveries'],
  args: ['ID'],
  summary: "a webhook's delivery log, newest first",
  options: { limit: { type: 'string', value: 'N', description: 'how many (1-200, default 50)' } },
  async run(ctx, input) {
    const limit = positiveInt(input, 'limit', 200) ?? 50;
    const log = await ctx.api().get<{ items: WebhookDelivery[] }>(`/api/v1/webhooks/${seg(input.args.ID!)}/deliveries`, { limit });
    if (ctx.json) return ctx.outJson(log);
    if (log.items.length === 0) return ctx.out('Nothing delivered yet.');
    ctx.out(
      table(
        ['SEQ', 'STATUS', 'ATTEMPTS', 'LAST ANSWER', 'DELIVERED'],
        log.items.map((d) => [String(d.seq), d.status, String(d.attempts), d.lastError ?? (d.lastStatus !== null ? `HTTP ${d.lastStatus}` : '-'), d.deliveredAt ? shortTime(d.deliveredAt) : '-']),
      ),
    );
  },
};

const replay: Command = {
  path: ['webhooks', 'replay'],
  args: ['ID'],
  summary: 'send audit entries FROM..TO to a webhook again, in order',
  options: {
    from: { type: 'string', value: 'SEQ', description: 'required: the first entry' },
    to: { type: 'string', value: 'SEQ', description: 'the last entry (default: --from)' },
    reason: { type: 'string', value: 'TEXT', description: 'required: why (audited)' },
  },
  async run(ctx, input) {
    const fromSeq = positiveInt(input, 'from', Number.MAX_SAFE_INTEGER);
    if (fromSeq === undefined) required(input, 'from', 'the first audit entry to send again');
    const toSeq = positiveInt(input, 'to', Number.MAX_SAFE_INTEGER);
    const reason = required(input, 'reason', 'say why');
    const res = await ctx.api().post<{ requeued: number }>(`/api/v1/webhooks/${seg(input.args.ID!)}/replay`, { fromSeq, ...(toSeq !== undefined ? { toSeq } : {}), reason });
    if (ctx.json) return ctx.outJson(res);
    ctx.out(`${res.requeued} deliver${res.requeued === 1 ? 'y' : 'ies'} queued again.`);
  },
};

export const webhookCommands: Command[] = [list, create, disable, deliveries, replay];
