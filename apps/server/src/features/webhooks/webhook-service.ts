import { randomBytes } from 'node:crypto';
import type { WebhookAttemptRecord, WebhookDeliveryRecord, WebhookRecord } from '../../db/records';
import type { Database, Tx } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import type { AuditService } from '../audit/audit-service';
import type { Actor } from '../auth/actor';
import { newSigningSecret } from '../triggers/trigger-secrets';
import type { CreateWebhookBody } from '@switchyard/api';

/** A webhook as the admin API shows it: never its secret, never the lease bookkeeping. */
export type WebhookView = Omit<WebhookRecord, 'secret' | 'leaseOwner' | 'leaseUntil'>;

export const toWebhookView = ({ secret: _s, leaseOwner: _o, leaseUntil: _u, ...view }: WebhookRecord): WebhookView => view;

/**
 * A webhook as the audit log keeps it: the URL cut to its origin, since many receivers (Slack's
 * incoming webhooks) carry their credential in the path, and audit entries are themselves delivered.
 */
const audited = (w: WebhookRecord) => {
  const view = toWebhookView(w);
  return { ...view, url: `${new URL(w.url).origin}/…` };
};

/** A delivery with its attempts: one line of a subscription's delivery log. */
export type DeliveryLogLine = WebhookDeliveryRecord & { attemptLog: Omit<WebhookAttemptRecord, 'webhookId' | 'seq'>[] };

export function createWebhookService(deps: { db: Database; audit: AuditService; now: () => Date }) {
  const { db, audit, now } = deps;

  async function load(tx: Tx, id: string): Promise<WebhookRecord> {
    const w = await tx.webhooks.get(id);
    if (!w) throw new AppError('WEBHOOK_NOT_FOUND', `No webhook "${id}".`);
    return w;
  }

  return {
    async list(): Promise<WebhookView[]> {
      return (await db.read((s) => s.webhooks.list())).map(toWebhookView);
    },

    /** Creates a subscription; the signing secret is returned here and never again. It receives entries written from now on. */
    async create(actor: Actor, input: CreateWebhookBody): Promise<{ webhook: WebhookView; secret: string }> {
      const secret = newSigningSecret('whs_');
      const webhook = await db.transaction(async (tx) => {
        const record: WebhookRecord = {
          id: `whk_${randomBytes(9).toString('base64url')}`,
          name: input.name,
          url: input.url,
          format: input.format ?? 'json',
          secret,
          environments: input.environments ?? null,
          flags: input.flags ?? null,
          tags: input.tags ?? null,
          actions: input.actions ?? null,
          createdAt: now().toISOString(),
          createdBy: actor.name,
          disabledAt: null,
          disabledBy: null,
          leaseOwner: null,
          leaseUntil: null,
        };
        await tx.webhooks.insert(record);
        await audit.record(tx, actor, { action: 'webhook.create', resource: 'webhook', targetKey: record.id, after: audited(record), reason: input.reason ?? null });
        return toWebhookView(record);
      });
      return { webhook, secret };
    },

    async disable(actor: Actor, id: string, reason: string): Promise<WebhookView> {
      return db.transaction(async (tx) => {
        const w = await load(tx, id);
        if (w.disabledAt !== null) throw new AppError('WEBHOOK_DISABLED', `Webhook "${id}" was already disabled at ${w.disabledAt}.`);
        const at = now().toISOString();
        await tx.webhooks.disable(id, at, actor.name);
        const next = { ...w, disabledAt: at, disabledBy: actor.name };
        await audit.record(tx, actor, { action: 'webhook.disable', resource: 'webhook', targetKey: id, before: audited(w), after: audited(next), reason });
        return toWebhookView(next);
      });
    },

    /** Makes the deliveries of entries fromSeq…toSeq pending again (sent again, in order, before newer ones). */
    async replay(actor: Actor, id: string, input: { fromSeq: number; toSeq?: number | undefined; reason: string }): Promise<{ requeued: number }> {
      const toSeq = input.toSeq ?? input.fromSeq;
      return db.transaction(async (tx) => {
        const w = await load(tx, id);
        if (w.disabledAt !== null) throw new AppError('WEBHOOK_DISABLED', `Webhook "${id}" was disabled at ${w.disabledAt}.`);
        const requeued = await tx.webhooks.requeue(id, input.fromSeq, toSeq, now().getTime());
        await audit.record(tx, actor, { action: 'webhook.replay', resource: 'webhook', targetKey: id, after: { fromSeq: input.fromSeq, toSeq, requeued }, reason: input.reason });
        return { requeued };
      });
    },

    /** The delivery log: deliveries newest first, each with its attempts. */
    async deliveries(id: string, before: number | undefined, limit: number): Promise<{ items: DeliveryLogLine[]; nextBefore: number | null }> {
      return db.read(async (s) => {
        if (!(await s.webhooks.get(id))) throw new AppError('WEBHOOK_NOT_FOUND', `No webhook "${id}".`);
        const rows = await s.webhooks.deliveries(id, before, limit);
        const last = rows[rows.length - 1];
        const attempts = last ? await s.webhooks.attempts(id, last.seq, rows[0]!.seq) : [];
        const bySeq = new Map<number, DeliveryLogLine['attemptLog']>();
        for (const { webhookId: _w, seq, ...a } of attempts) bySeq.set(seq, [...(bySeq.get(seq) ?? []), a]);
        return { items: rows.map((d) => ({ ...d, attemptLog: bySeq.get(d.seq) ?? [] })), nextBefore: rows.length === limit && last ? last.seq : null };
      });
    },
  };
}

export type WebhookService = ReturnType<typeof createWebhookService>;
