import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The change log per environment: one row per environment version, written in the change's
 * transaction. Streaming resumes from it; `payload` is what an SDK needs to apply the change.
 */
export const envChanges = sqliteTable(
  'env_changes',
  {
    envKey: text('env_key').notNull(),
    version: integer('version').notNull(),
    kind: text('kind').$type<'flag' | 'segment' | 'batch'>().notNull(),
    key: text('key').notNull(),
    op: text('op').$type<'upsert' | 'delete'>().notNull(),
    payload: text('payload'),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.envKey, t.version] })],
);
