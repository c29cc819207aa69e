import { eq, lt } from 'drizzle-orm';
import type { SessionStore } from '../stores';
import { bytewise } from './columns';
import type { PgDb } from './pg-db';
import { sessions } from './schema';

export function postgresSessionStore(db: PgDb): SessionStore {
  return {
    async get(idHash) {
      const [row] = await db.select().from(sessions).where(eq(sessions.idHash, idHash));
      return row;
    },
    async insert(session) {
      await db.insert(sessions).values(session);
    },
    async delete(idHash) {
      await db.delete(sessions).where(eq(sessions.idHash, idHash));
    },
    async deleteExpired(at) {
      await db.delete(sessions).where(lt(bytewise(sessions.expiresAt), at));
    },
  };
}
