import { index, primaryKey, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { int64, json } from './columns';
import type { TriggerAction } from '../records';

/** Inbound triggers (features/triggers): only a hash of each URL token is stored. */
export const triggers = pgTable(
  'triggers',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    flagKey: text('flag_key').notNull(),
    envKey: text('env_key').notNull(),
    action: text('action').$type<TriggerAction>().notNull(),
    urlHash: text('url_hash').notNull(),
    urlHint: text('url_hint').notNull(),
    signingSecret: text('signing_secret'),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    rotatedAt: text('rotated_at'),
    disabledAt: text('disabled_at'),
    disabledBy: text('disabled_by'),
  },
  (t) => [uniqueIndex('triggers_url_hash_idx').on(t.urlHash)],
);

/** Outbound webhook subscriptions (features/webhooks), with the lease of the replica delivering them. */
export const webhooks = pgTable('webhooks', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  url: text('url').notNull(),
  format: text('format').$type<'json' | 'slack'>().notNull(),
  secret: text('secret').notNull(),
  environments: json<string[] | null>('environments'),
  flags: json<string[] | null>('flags'),
  tags: json<string[] | null>('tags'),
  actions: json<string[] | null>('actions'),
  createdAt: text('created_at').notNull(),
  createdBy: text('created_by').notNull(),
  disabledAt: text('disabled_at'),
  disabledBy: text('disabled_by'),
  leaseOwner: text('lease_owner'),
  leaseUntil: int64('lease_until'),
});

/** The outbox: one row per audit entry per matching subscription, written in the entry's transaction. */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    webhookId: text('webhook_id').notNull(),
    seq: int64('seq').notNull(),
    status: text('status').$type<'pending' | 'delivered'>().notNull(),
    attempts: int64('attempts').notNull(),
    nextAttemptAt: int64('next_attempt_at').notNull(),
    lastStatus: int64('last_status'),
    lastError: text('last_error'),
    deliveredAt: text('delivered_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.webhookId, t.seq] }), index('webhook_deliveries_pending_idx').on(t.status, t.webhookId, t.seq)],
);

/** The delivery log: every attempt, its answer and who sent it. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    webhookId: text('webhook_id').notNull(),
    seq: int64('seq').notNull(),
    attempt: int64('attempt').notNull(),
    at: text('at').notNull(),
    status: int64('status'),
    error: text('error'),
    durationMs: int64('duration_ms').notNull(),
    sender: text('sender').notNull(),
  },
  (t) => [primaryKey({ columns: [t.webhookId, t.seq, t.attempt] })],
);
