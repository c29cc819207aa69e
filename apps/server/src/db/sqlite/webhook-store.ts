import { and, asc, between, desc, eq, isNull, lt, or } from 'drizzle-orm';
import type { WebhookStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { webhookAttempts, webhookDeliveries, webhooks } from './schema';

export function sqliteWebhookStore(db: SqliteDb): WebhookStore {
  // Every audited write reads the active subscriptions (the outbox): prepared once.
  const active = db.select().from(webhooks).where(isNull(webhooks.disabledAt)).orderBy(asc(webhooks.id)).prepare();
  return {
    async list() {
      return db.select().from(webhooks).orderBy(asc(webhooks.createdAt), asc(webhooks.id)).all();
    },
    async get(id) {
      return db.select().from(webhooks).where(eq(webhooks.id, id)).get();
    },
    async insert(webhook) {
      db.insert(webhooks).values(webhook).run();
    },
    async disable(id, at, by) {
      db.update(webhooks).set({ disabledAt: at, disabledBy: by }).where(eq(webhooks.id, id)).run();
    },
    async listActive() {
      return active.all();
    },
    async enqueue(rows) {
      if (rows.length > 0) db.insert(webhookDeliveries).values([...rows]).run();
    },
    async withPending() {
      const rows = db
        .selectDistinct({ id: webhookDeliveries.webhookId })
        .from(webhookDeliveries)
        .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
        .where(and(eq(webhookDeliveries.status, 'pending'), isNull(webhooks.disabledAt)))
        .all();
      return rows.map((r) => r.id);
    },
    async claim(id, owner, now, until) {
      const rows = db
        .update(webhooks)
        .set({ leaseOwner: owner, leaseUntil: until })
        .where(and(eq(webhooks.id, id), or(isNull(webhooks.leaseOwner), eq(webhooks.leaseOwner, owner), lt(webhooks.leaseUntil, now))))
        .returning({ id: webhooks.id })
        .all();
      return rows.length === 1;
    },
    async release(id, owner) {
      db.update(webhooks).set({ leaseOwner: null, leaseUntil: null }).where(and(eq(webhooks.id, id), eq(webhooks.leaseOwner, owner))).run();
    },
    async pending(id, limit) {
      return db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.webhookId, id), eq(webhookDeliveries.status, 'pending')))
        .orderBy(asc(webhookDeliveries.seq))
        .limit(limit)
        .all();
    },
    async attempted(attempt, delivery) {
      db.insert(webhookAttempts).values(attempt).run();
      const { webhookId, seq, ...state } = delivery;
      db.update(webhookDeliveries).set(state).where(and(eq(webhookDeliveries.webhookId, webhookId), eq(webhookDeliveries.seq, seq))).run();
    },
    async deliveries(id, beforeSeq, limit) {
      const where = beforeSeq === undefined ? eq(webhookDeliveries.webhookId, id) : and(eq(webhookDeliveries.webhookId, id), lt(webhookDeliveries.seq, beforeSeq));
      return db.select().from(webhookDeliveries).where(where).orderBy(desc(webhookDeliveries.seq)).limit(limit).all();
    },
    async attempts(id, fromSeq, toSeq) {
      return db
        .select()
        .from(webhookAttempts)
        .where(and(eq(webhookAttempts.webhookId, id), between(webhookAttempts.seq, fromSeq, toSeq)))
        .orderBy(asc(webhookAttempts.seq), asc(webhookAttempts.attempt))
        .all();
    },
    async requeue(id, fromSeq, toSeq, now) {
      const rows = db
        .update(webhookDeliveries)
        .set({ status: 'pending', nextAttemptAt: now, deliveredAt: null })
        .where(and(eq(webhookDeliveries.webhookId, id), between(webhookDeliveries.seq, fromSeq, toSeq)))
        .returning({ seq: webhookDeliveries.seq })
        .all();
      return rows.length;
    },
  };
}

