import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { int64 } from './columns';

/**
 * Append-only audit log; each row's hash chains to the previous row's. `seq` is assigned by the
 * audit service from the head it read under the database's write lock (see postgres-database.ts).
 */
export const auditLog = pgTable(
  'audit_log',
  {
    seq: int64('seq').primaryKey(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    actorKeyId: text('actor_key_id'),
    action: text('action').notNull(),
    resource: text('resource').notNull(),
    flagKey: text('flag_key'),
    envKey: text('env_key'),
    targetKey: text('target_key'),
    /** JSON text exactly as hashed: `text`, never `json`/`jsonb`, so not a byte of it changes. */
    before: text('before'),
    after: text('after'),
    reason: text('reason'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [index('audit_flag_idx').on(t.flagKey, t.seq), index('audit_env_idx').on(t.envKey, t.seq)],
);

/**
 * Signed checkpoints of the audit chain: "entry `seq` has hash `hash`", signed at `at` with a key
 * kept outside the database (`key_id` names it). Written under the write lock, so replicas never
 * write two for one entry (and `seq` is the primary key besides); see docs/security.md.
 */
export const auditCheckpoints = pgTable('audit_checkpoints', {
  seq: int64('seq').primaryKey(),
  hash: text('hash').notNull(),
  at: text('at').notNull(),
  keyId: text('key_id').notNull(),
  signature: text('signature').notNull(),
});
