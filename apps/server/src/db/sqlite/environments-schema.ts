import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const environments = sqliteTable('environments', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  /** One monotonically increasing version per environment, bumped in every change's transaction. */
  version: integer('version').notNull().default(0),
  createdAt: text('created_at').notNull(),
  /**
   * The running size of what SDKs load (see features/environments/environment-size.ts): bytes of the
   * live flags' and segments' JSON, and their counts, kept by every versioned change. They are current
   * when `sized_version` equals `version`; otherwise (a database from before they existed, or a write
   * that did not keep them) the next change recounts them.
   */
  sizeBytes: integer('size_bytes').notNull().default(0),
  flagCount: integer('flag_count').notNull().default(0),
  segmentCount: integer('segment_count').notNull().default(0),
  sizedVersion: integer('sized_version').notNull().default(-1),
});
