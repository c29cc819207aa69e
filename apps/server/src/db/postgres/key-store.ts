import { asc, eq } from 'drizzle-orm';
import type { KeyStore } from '../stores';
import { bytewise } from './columns';
import type { PgDb } from './pg-db';
import { apiKeys } from './schema';

export function postgresKeyStore(db: PgDb): KeyStore {
  return {
    async list() {
      return db.select().from(apiKeys).orderBy(asc(bytewise(apiKeys.createdAt)), asc(bytewise(apiKeys.id)));
    },
    async get(id) {
      const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
      return row;
    },
    async findByHash(hash) {
      const [row] = await db.select().from(apiKeys).where(eq(apiKeys.hash, hash));
      return row;
    },
    async insert(key) {
      await db.insert(apiKeys).values(key);
    },
    async revoke(id, at, by) {
      await db.update(apiKeys).set({ revokedAt: at, revokedBy: by }).where(eq(apiKeys.id, id));
    },
  };
}
