import type { Segment } from '@switchyard/core';
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { json } from './json-column';

export const segments = sqliteTable(
  'segments',
  {
    envKey: text('env_key').notNull(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    included: json<string[]>('included').notNull(),
    excluded: json<string[]>('excluded').notNull(),
    rules: json<Segment['rules']>('rules').notNull(),
    version: integer('version').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.envKey, t.key] })],
);
