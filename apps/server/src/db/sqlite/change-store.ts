import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { ChangeStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { params, placeholdersFor } from '../placeholders';
import { envChanges } from './schema';

export function sqliteChangeStore(db: SqliteDb): ChangeStore {
  // Every versioned change appends one row: prepared once.
  const append = db.insert(envChanges).values(placeholdersFor(envChanges)).prepare();
  const since = db
    .select()
    .from(envChanges)
    .where(and(eq(envChanges.envKey, sql.placeholder('envKey')), gt(envChanges.version, sql.placeholder('afterVersion'))))
    .orderBy(asc(envChanges.version))
    .limit(sql.placeholder('limit'))
    .prepare();
  return {
    async append(change) {
      append.run(params(change));
    },
    async since(envKey, afterVersion, limit) {
      return since.all({ envKey, afterVersion, limit });
    },
  };
}
