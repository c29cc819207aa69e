import { asc, eq } from 'drizzle-orm';
import type { KeyStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { apiKeys } from './schema';

export function sqliteKeyStore(db: SqliteDb): KeyStore {
  return {
    async list() {
      return db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)).all();
    },
    async get(id) {
      return db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
    },
    async findByHash(hash) {
      return db.select().from(apiKeys).where(eq(apiKeys.hash, hash)).get();
    },
    async insert(key) {
      db.insert(apiKeys).values(key).run();
    },
    async revoke(id, at, by) {
      db.update(apiKeys).set({ revokedAt: at, revokedBy: by }).where(eq(apiKeys.id, id)).run();
    },
  };
}
