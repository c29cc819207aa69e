import { and, asc, eq, gt } from 'drizzle-orm';
import type { ChangeStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { envChanges } from './schema';

export function sqliteChangeStore(db: SqliteDb): ChangeStore {
  return {
    async append(change) {
      db.insert(envChanges).values(change).run();
    },
    async since(envKey, afterVersion, limit) {
      return db
        .select()
        .from(envChanges)
        .where(and(eq(envChanges.envKey, envKey), gt(envChanges.version, afterVersion)))
        .orderBy(asc(envChanges.version))
        .limit(limit)
        .all();
    },
  };
}
