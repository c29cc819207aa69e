import { and, asc, eq, gt } from 'drizzle-orm';
import type { ChangeStore } from '../stores';
import { params, placeholdersFor } from '../placeholders';
import type { PgDb, StatementName } from './pg-db';
import { envChanges } from './schema';

export function postgresChangeStore(db: PgDb, statement: StatementName): ChangeStore {
  // Every versioned change appends one row: prepared once per pooled connection (see flag-store.ts).
  const append = db.insert(envChanges).values(placeholdersFor(envChanges)).prepare(statement('env_changes_append'));
  return {
    async append(change) {
      await append.execute(params(change));
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
