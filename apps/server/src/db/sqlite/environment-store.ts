import { asc, eq, sql } from 'drizzle-orm';
import type { EnvironmentStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { environments } from './schema';

export function sqliteEnvironmentStore(db: SqliteDb): EnvironmentStore {
  return {
    async list() {
      return db.select().from(environments).orderBy(asc(environments.createdAt), asc(environments.key)).all();
    },
    async get(key) {
      return db.select().from(environments).where(eq(environments.key, key)).get();
    },
    async insert(env) {
      db.insert(environments).values(env).run();
    },
    async bumpVersion(key) {
      const row = db
        .update(environments)
        .set({ version: sql`${environments.version} + 1` })
        .where(eq(environments.key, key))
        .returning({ version: environments.version })
        .get();
      if (!row) throw new Error(`environment ${key} vanished inside its transaction`);
      return row.version;
    },
  };
}
