import { pgTable, text } from 'drizzle-orm/pg-core';

/** Admin UI sessions: the cookie holds a random id; only its hash is stored. */
export const sessions = pgTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  keyId: text('key_id').notNull(),
  csrfToken: text('csrf_token').notNull(),
  createdAt: text('created_at').notNull(),
  expiresAt: text('expires_at').notNull(),
});
