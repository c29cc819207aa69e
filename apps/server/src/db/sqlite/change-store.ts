import type Database from 'better-sqlite3';
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import type { ChangeRecord } from '../records';
import type { ChangeStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { rowWriter } from './direct-statements';
import { envChanges } from './schema';

export function sqliteChangeStore(db: SqliteDb, raw: Database.Database): ChangeStore {
  // Every versioned change appends one row: prepared once on the driver (direct-statements.ts says why).
  const append = rowWriter<ChangeRecord>(raw, envChanges);
  const since = db
    .select()
    .from(envChanges)
    .where(and(eq(envChanges.envKey, sql.placeholder('envKey')), gt(envChanges.version, sql.placeholder('afterVersion'))))
    .orderBy(asc(envChanges.version))
    .limit(sql.placeholder('limit'))
    .prepare();
  return {
    async append(change) {
      append(change);
    },
    async since(envKey, afterVersion, limit) {
      return since.all({ envKey, afterVersion, limit });
    },
  };
}
