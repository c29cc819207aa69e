import { asc, eq, sql } from 'drizzle-orm';
import type { KeyStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { apiKeys } from './schema';

export function sqliteKeyStore(db: SqliteDb): KeyStore {
  // Every authenticated request that misses the in-memory key cache: prepared once.
  const findByHash = db.select().from(apiKeys).where(eq(apiKeys.hash, sql.placeholder('hash'))).prepare();
  return {
    async list() {
      return db.select().from(apiKeys).orderBy(asc(apiKeys.createdAt), asc(apiKeys.id)).all();
    },
    async get(id) {
      return db.select().from(apiKeys).where(eq(apiKeys.id, id)).get();
    },
    async findByHash(hash) {
      return findByHash.get({ hash });
    },
    async insert(key) {
      db.insert(apiKeys).values(key).run();
    },
    async revoke(id, at, by) {
      db.update(apiKeys).set({ revokedAt: at, revokedBy: by }).where(eq(apiKeys.id, id)).run();
    },
  };
}
