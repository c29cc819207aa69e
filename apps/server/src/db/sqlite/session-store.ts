import { eq, lt } from 'drizzle-orm';
import type { SessionStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { sessions } from './schema';

export function sqliteSessionStore(db: SqliteDb): SessionStore {
  return {
    async get(idHash) {
      return db.select().from(sessions).where(eq(sessions.idHash, idHash)).get();
    },
    async insert(session) {
      db.insert(sessions).values(session).run();
    },
    async delete(idHash) {
      db.delete(sessions).where(eq(sessions.idHash, idHash)).run();
    },
    async deleteExpired(at) {
      db.delete(sessions).where(lt(sessions.expiresAt, at)).run();
    },
  };
}
