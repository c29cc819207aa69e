import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Append-only audit log; each row's hash chains to the previous row's. */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: text('at').notNull(),
    actor: text('actor').notNull(),
    actorKeyId: text('actor_key_id'),
    action: text('action').notNull(),
    resource: text('resource').notNull(),
    flagKey: text('flag_key'),
    envKey: text('env_key'),
    targetKey: text('target_key'),
    /** JSON text exactly as hashed. */
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
 * kept outside the database (`key_id` names it). Written by the audit service; see docs/security.md.
 */
export const auditCheckpoints = sqliteTable('audit_checkpoints', {
  seq: integer('seq').primaryKey(),
  hash: text('hash').notNull(),
  at: text('at').notNull(),
  keyId: text('key_id').notNull(),
  signature: text('signature').notNull(),
});
