import { pgTable, text } from 'drizzle-orm/pg-core';
import { int64 } from './columns';

export const environments = pgTable('environments', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  /**
   * One monotonically increasing version per environment, bumped in every change's transaction by
   * `UPDATE … SET version = version + 1 RETURNING version`: the row lock it takes is held to COMMIT,
   * so concurrent writers (on any replica) get consecutive versions in commit order.
   */
  version: int64('version').notNull().default(0),
  createdAt: text('created_at').notNull(),
  /** The running size of what SDKs load: see the SQLite schema. */
  sizeBytes: int64('size_bytes').notNull().default(0),
  flagCount: int64('flag_count').notNull().default(0),
  segmentCount: int64('segment_count').notNull().default(0),
  sizedVersion: int64('sized_version').notNull().default(-1),
});
