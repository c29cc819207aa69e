import { asc, eq, sql } from 'drizzle-orm';
import type { EnvironmentStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { environments } from './schema';

export function sqliteEnvironmentStore(db: SqliteDb): EnvironmentStore {
  // Read and bumped by every versioned change: prepared once.
  const get = db.select().from(environments).where(eq(environments.key, sql.placeholder('key'))).prepare();
  const bump = db
    .update(environments)
    .set({ version: sql`${environments.version} + 1` })
    .where(eq(environments.key, sql.placeholder('key')))
    .returning({ version: environments.version })
    .prepare();
  return {
    async list() {
      return db.select().from(environments).orderBy(asc(environments.createdAt), asc(environments.key)).all();
    },
    async get(key) {
      return get.get({ key });
    },
    async insert(env) {
      db.insert(environments).values(env).run();
    },
    async bumpVersion(key) {
      const row = bump.get({ key });
      if (!row) throw new Error(`environment ${key} vanished inside its transaction`);
      return row.version;
    },
  };
}
