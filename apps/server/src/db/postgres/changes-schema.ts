import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { int64 } from './columns';

/**
 * The change log per environment: one row per environment version, written in the change's
 * transaction. Streaming resumes from it; `payload` is what an SDK needs to apply the change.
 */
export const envChanges = pgTable(
  'env_changes',
  {
    envKey: text('env_key').notNull(),
    version: int64('version').notNull(),
    kind: text('kind').$type<'flag' | 'segment' | 'batch'>().notNull(),
    key: text('key').notNull(),
    op: text('op').$type<'upsert' | 'delete'>().notNull(),
    /** JSON text as the service serialised it. */
    payload: text('payload'),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.envKey, t.version] })],
);
