import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const environments = sqliteTable('environments', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  /** One monotonically increasing version per environment, bumped in every change's transaction. */
  version: integer('version').notNull().default(0),
  createdAt: text('created_at').notNull(),
});
