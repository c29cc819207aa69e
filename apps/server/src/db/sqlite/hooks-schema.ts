import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { json } from './json-column';
import type { TriggerAction } from '../records';

/** Inbound triggers (features/triggers): only a hash of each URL token is stored. */
export const triggers = sqliteTable(
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
export const webhooks = sqliteTable('webhooks', {
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
  leaseUntil: integer('lease_until'),
});

/** The outbox: one row per audit entry per matching subscription, written in the entry's transaction. */
export const webhookDeliveries = sqliteTable(
  'webhook_deliveries',
  {
    webhookId: text('webhook_id').notNull(),
    seq: integer('seq').notNull(),
    status: text('status').$type<'pending' | 'delivered'>().notNull(),
    attempts: integer('attempts').notNull(),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    lastStatus: integer('last_status'),
    lastError: text('last_error'),
    deliveredAt: text('delivered_at'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.webhookId, t.seq] }), index('webhook_deliveries_pending_idx').on(t.status, t.webhookId, t.seq)],
);

/** The delivery log: every attempt, its answer and who sent it. */
export const webhookAttempts = sqliteTable(
  'webhook_attempts',
  {
    webhookId: text('webhook_id').notNull(),
    seq: integer('seq').notNull(),
    attempt: integer('attempt').notNull(),
    at: text('at').notNull(),
    status: integer('status'),
    error: text('error'),
    durationMs: integer('duration_ms').notNull(),
    sender: text('sender').notNull(),
  },
  (t) => [primaryKey({ columns: [t.webhookId, t.seq, t.attempt] })],
);
