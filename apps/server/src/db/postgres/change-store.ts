import { and, asc, eq, gt } from 'drizzle-orm';
import type { ChangeStore } from '../stores';
import type { PgDb } from './pg-db';
import { envChanges } from './schema';

export function postgresChangeStore(db: PgDb): ChangeStore {
  return {
    async append(change) {
      await db.insert(envChanges).values(change);
    },
    async since(envKey, afterVersion, limit) {
      return db
        .select()
        .from(envChanges)
        .where(and(eq(envChanges.envKey, envKey), gt(envChanges.version, afterVersion)))
        .orderBy(asc(envChanges.version))
        .limit(limit);
    },
  };
}
