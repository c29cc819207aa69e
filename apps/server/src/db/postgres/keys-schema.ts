import { pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { json } from './columns';

/** Admin tokens and SDK keys. Only a hash of the secret is stored. */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: text('id').primaryKey(),
    kind: text('kind').$type<'admin' | 'server' | 'client'>().notNull(),
    role: text('role').$type<'viewer' | 'editor' | 'responder' | 'admin'>(),
    envKey: text('env_key'),
    name: text('name').notNull(),
    /** SHA-256 of the secret, hex. */
    hash: text('hash').notNull(),
    /** The first characters of the secret, to recognise it in lists. */
    hint: text('hint').notNull(),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').notNull(),
    revokedAt: text('revoked_at'),
    revokedBy: text('revoked_by'),
    /** Client keys: browser origins allowed to read OFREP answers with this key (JSON array); null: none beyond the server's list. */
    allowedOrigins: json<string[]>('allowed_origins'),
  },
  (t) => [uniqueIndex('api_keys_hash_idx').on(t.hash)],
);
