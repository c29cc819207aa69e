import type { EnvironmentConfig, FlagDefinition, KillState } from '@switchyard/core';
import { boolean, index, integer, jsonb, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { int64, json } from './columns';

export const flags = pgTable(
  'flags',
  {
    key: text('key').primaryKey(),
    name: text('name').notNull(),
    description: text('description').notNull(),
    type: text('type').$type<FlagDefinition['type']>().notNull(),
    owner: text('owner').notNull(),
    /** `jsonb` (an array of strings keeps its order) so the tag filter is an indexed containment test. */
    tags: jsonb('tags').$type<string[]>().notNull(),
    createdAt: text('created_at').notNull(),
    expiresAt: text('expires_at'),
    variationType: text('variation_type').$type<FlagDefinition['variationType']>().notNull(),
    variations: json<FlagDefinition['variations']>('variations').notNull(),
    offVariation: integer('off_variation').notNull(),
    clientSide: boolean('client_side').notNull(),
    archivedAt: text('archived_at'),
    version: int64('version').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [index('flags_tags_idx').using('gin', t.tags)],
);

export const flagConfigs = pgTable(
  'flag_configs',
  {
    flagKey: text('flag_key')
      .notNull()
      .references(() => flags.key),
    envKey: text('env_key').notNull(),
    enabled: boolean('enabled').notNull(),
    killed: json<KillState>('killed'),
    targets: json<EnvironmentConfig['targets']>('targets').notNull(),
    rules: json<EnvironmentConfig['rules']>('rules').notNull(),
    fallthrough: json<EnvironmentConfig['fallthrough']>('fallthrough').notNull(),
    prerequisites: json<EnvironmentConfig['prerequisites']>('prerequisites').notNull(),
    version: int64('version').notNull(),
    /** This flag's own change count in the environment (1 when created); `version` is the environment's. */
    revision: integer('revision').notNull().default(1),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.flagKey, t.envKey] })],
);
