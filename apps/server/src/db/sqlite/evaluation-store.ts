import { asc, eq, sql } from 'drizzle-orm';
import type { EvaluationStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { flagEvaluations } from './schema';

export function sqliteEvaluationStore(db: SqliteDb): EvaluationStore {
  return {
    async add(envKey, counters, at) {
      for (const c of counters) {
        db.insert(flagEvaluations)
          .values({ envKey, flagKey: c.flagKey, variant: c.variant, count: c.count, firstEvaluatedAt: at, lastEvaluatedAt: at })
          .onConflictDoUpdate({
            target: [flagEvaluations.envKey, flagEvaluations.flagKey, flagEvaluations.variant],
            set: { count: sql`${flagEvaluations.count} + ${c.count}`, lastEvaluatedAt: at },
          })
          .run();
      }
    },
    async listForFlag(flagKey) {
      return db.select().from(flagEvaluations).where(eq(flagEvaluations.flagKey, flagKey)).orderBy(asc(flagEvaluations.envKey), asc(flagEvaluations.variant)).all();
    },
    async listAll() {
      return db.select().from(flagEvaluations).all();
    },
  };
}
