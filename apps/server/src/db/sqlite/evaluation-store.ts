import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { EvaluationStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { flagEvaluationDays, flagEvaluations } from './schema';

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
        db.insert(flagEvaluationDays)
          .values({ envKey, flagKey: c.flagKey, variant: c.variant, day: at.slice(0, 10), count: c.count })
          .onConflictDoUpdate({
            target: [flagEvaluationDays.envKey, flagEvaluationDays.flagKey, flagEvaluationDays.variant, flagEvaluationDays.day],
            set: { count: sql`${flagEvaluationDays.count} + ${c.count}` },
          })
          .run();
      }
    },
    async listDaysForFlag(flagKey, sinceDay) {
      return db
        .select()
        .from(flagEvaluationDays)
        .where(and(eq(flagEvaluationDays.flagKey, flagKey), gte(flagEvaluationDays.day, sinceDay)))
        .orderBy(asc(flagEvaluationDays.envKey), asc(flagEvaluationDays.day), asc(flagEvaluationDays.variant))
        .all();
    },
    async pruneDays(beforeDay) {
      return db.delete(flagEvaluationDays).where(lt(flagEvaluationDays.day, beforeDay)).run().changes;
    },
    async listForFlag(flagKey) {
      return db.select().from(flagEvaluations).where(eq(flagEvaluations.flagKey, flagKey)).orderBy(asc(flagEvaluations.envKey), asc(flagEvaluations.variant)).all();
    },
    async listAll() {
      return db.select().from(flagEvaluations).all();
    },
  };
}
