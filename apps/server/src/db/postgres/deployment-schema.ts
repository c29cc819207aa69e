import { pgTable, text } from 'drizzle-orm/pg-core';

/**
 * This deployment's identity: one row, created on first start. Every replica sharing this database
 * is the same deployment; the Redis fan-out is namespaced by it (docs/storage.md).
 */
export const deployment = pgTable('deployment', {
  id: text('id').primaryKey(),
  createdAt: text('created_at').notNull(),
});
