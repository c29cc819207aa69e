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
