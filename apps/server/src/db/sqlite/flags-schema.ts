import type { EnvironmentConfig, FlagDefinition, KillState } from '@switchyard/core';
import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { json } from './json-column';

export const flags = sqliteTable('flags', {
  key: text('key').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  type: text('type').$type<FlagDefinition['type']>().notNull(),
  owner: text('owner').notNull(),
  tags: json<string[]>('tags').notNull(),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at'),
  variationType: text('variation_type').$type<FlagDefinition['variationType']>().notNull(),
  variations: json<FlagDefinition['variations']>('variations').notNull(),
  offVariation: integer('off_variation').notNull(),
  clientSide: integer('client_side', { mode: 'boolean' }).notNull(),
  archivedAt: text('archived_at'),
  version: integer('version').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const flagConfigs = sqliteTable(
  'flag_configs',
  {
    flagKey: text('flag_key')
      .notNull()
      .references(() => flags.key),
    envKey: text('env_key').notNull(),
    enabled: integer('enabled', { mode: 'boolean' }).notNull(),
    killed: json<KillState>('killed'),
    targets: json<EnvironmentConfig['targets']>('targets').notNull(),
    rules: json<EnvironmentConfig['rules']>('rules').notNull(),
    fallthrough: json<EnvironmentConfig['fallthrough']>('fallthrough').notNull(),
    prerequisites: json<EnvironmentConfig['prerequisites']>('prerequisites').notNull(),
    version: integer('version').notNull(),
    /** This flag's own change count in the environment (1 when created); `version` is the environment's. */
    revision: integer('revision').notNull().default(1),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.flagKey, t.envKey] })],
);
