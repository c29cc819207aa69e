import type Database from 'better-sqlite3';
import { asc } from 'drizzle-orm';
import type { EnvironmentRecord } from '../records';
import type { EnvironmentStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { rowByKey } from './direct-statements';
import { environments } from './schema';

export function sqliteEnvironmentStore(db: SqliteDb, raw: Database.Database): EnvironmentStore {
  // Read and bumped by every versioned change: prepared once on the driver (direct-statements.ts says why).
  const get = rowByKey<EnvironmentRecord>(raw, environments, ['key']);
  const bump = raw.prepare(`update environments set version = version + 1 where key = ? returning version`).pluck();
  return {
    async list() {
      return db.select().from(environments).orderBy(asc(environments.createdAt), asc(environments.key)).all();
    },
    async get(key) {
      return get(key);
    },
    async insert(env) {
      db.insert(environments).values(env).run();
    },
    async bumpVersion(key) {
      const version = bump.get(key) as number | undefined;
      if (version === undefined) throw new Error(`environment ${key} vanished inside its transaction`);
      return version;
    },
  };
}
