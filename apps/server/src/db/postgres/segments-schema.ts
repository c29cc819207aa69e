import type { Segment } from '@switchyard/core';
import { pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { int64, json } from './columns';

export const segments = pgTable(
  'segments',
  {
    envKey: text('env_key').notNull(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    included: json<string[]>('included').notNull(),
    excluded: json<string[]>('excluded').notNull(),
    rules: json<Segment['rules']>('rules').notNull(),
    version: int64('version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.envKey, t.key] })],
);
