import { and, asc, between, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { WebhookStore } from '../stores';
import { bytewise } from './columns';
import type { PgDb, StatementName } from './pg-db';
import { webhookAttempts, webhookDeliveries, webhooks } from './schema';

export function postgresWebhookStore(db: PgDb, statement: StatementName): WebhookStore {
  // Every audited write reads the active subscriptions (the outbox): prepared once per pooled connection.
  const active = db.select().from(webhooks).where(isNull(webhooks.disabledAt)).orderBy(asc(bytewise(webhooks.id))).prepare(statement('webhooks_active'));
  return {
    async list() {
      return db.select().from(webhooks).orderBy(asc(bytewise(webhooks.createdAt)), asc(bytewise(webhooks.id)));
    },
    async get(id) {
      const [row] = await db.select().from(webhooks).where(eq(webhooks.id, id));
      return row;
    },
    async insert(webhook) {
      await db.insert(webhooks).values(webhook);
    },
    async disable(id, at, by) {
      await db.update(webhooks).set({ disabledAt: at, disabledBy: by }).where(eq(webhooks.id, id));
    },
    async listActive() {
      return active.execute();
    },
    async enqueue(rows) {
      if (rows.length > 0) await db.insert(webhookDeliveries).values([...rows]);
    },
    async withPending() {
      const rows = await db
        .selectDistinct({ id: webhookDeliveries.webhookId })
        .from(webhookDeliveries)
        .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
        .where(and(eq(webhookDeliveries.status, 'pending'), isNull(webhooks.disabledAt)));
      return rows.map((r) => r.id);
    },
    async claim(id, owner, now, until) {
      // One statement: of replicas racing for an expired lease, PostgreSQL lets one update the row;
      // the others re-check the condition against the winner's row and find it taken.
      const rows = await db
        .update(webhooks)
        .set({ leaseOwner: owner, leaseUntil: until })
        .where(and(eq(webhooks.id, id), or(isNull(webhooks.leaseOwner), eq(webhooks.leaseOwner, owner), lt(webhooks.leaseUntil, now))))
        .returning({ id: webhooks.id });
      return rows.length === 1;
    },
    async release(id, owner) {
      await db.update(webhooks).set({ leaseOwner: null, leaseUntil: null }).where(and(eq(webhooks.id, id), eq(webhooks.leaseOwner, owner)));
    },
    async pending(id, limit) {
      return db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.status, 'pending')))
        .orderBy(asc(webhookDeliveries.seq))
        .limit(limit);
    },
    async attempted(attempt, delivery) {
      await db.insert(webhookAttempts).values(attempt);
      const { webhookId, seq, ...state } = delivery;
      await db.update(webhookDeliveries).set(state).where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.seq, seq)));
    },
    async deliveries(id, beforeSeq, limit) {
      const where = beforeSeq === undefined ? eq(webhookDeliveries.webhookId, id) : and(eq(webhookDeliveries.webhookId, id), lt(webhookDeliveries.seq, beforeSeq));
      return db.select().from(webhookDeliveries).where(where).orderBy(desc(webhookDeliveries.seq)).limit(limit);
    },
    async attempts(id, fromSeq, toSeq) {
      return db
        .select()
        .from(webhookAttempts)
        .where(and(eq(webhookAttempts.webhookId, id), between(webhookAttempts.seq, fromSeq, toSeq)))
        .orderBy(asc(webhookAttempts.seq), asc(webhookAttempts.attempt));
    },
    async requeue(id, fromSeq, toSeq, now) {
      const rows = await db
        .update(webhookDeliveries)
        .set({ status: 'pending', nextAttemptAt: now, deliveredAt: null })
        .where(and(eq(webhookDeliveries.webhookId, id), between(webhookDeliveries.seq, fromSeq, toSeq)))
        .returning({ seq: webhookDeliveries.seq });
      return rows.length;
    },
  };
}
