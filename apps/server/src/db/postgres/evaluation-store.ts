import { and, asc, eq, gte, lt, sql } from 'drizzle-orm';
import type { EvaluationStore } from '../stores';
import { bytewise } from './columns';
import type { PgDb } from './pg-db';
import { flagEvaluationDays, flagEvaluations } from './schema';

export function postgresEvaluationStore(db: PgDb): EvaluationStore {
  return {
    async add(envKey, counters, at) {
      // One statement; a row may appear only once in an upsert, so repeated (flag, variant) pairs are
      // summed first. Sorted, so concurrent reports lock the rows in one order and cannot deadlock.
      const sums = new Map<string, { flagKey: string; variant: string; count: number }>();
      for (const c of counters) {
        const id = JSON.stringify([c.flagKey, c.variant]);
        const seen = sums.get(id);
        if (seen) seen.count += c.count;
        else sums.set(id, { flagKey: c.flagKey, variant: c.variant, count: c.count });
      }
      if (sums.size === 0) return;
      const rows = [...sums.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, c]) => ({ envKey, flagKey: c.flagKey, variant: c.variant, count: c.count, firstEvaluatedAt: at, lastEvaluatedAt: at }));
      await db
        .insert(flagEvaluations)
        .values(rows)
        .onConflictDoUpdate({
          target: [flagEvaluations.envKey, flagEvaluations.flagKey, flagEvaluations.variant],
          set: { count: sql`${flagEvaluations.count} + excluded.count`, lastEvaluatedAt: sql`excluded.last_evaluated_at` },
        });
      const day = at.slice(0, 10);
      await db
        .insert(flagEvaluationDays)
        .values(rows.map((r) => ({ envKey, flagKey: r.flagKey, variant: r.variant, day, count: r.count })))
        .onConflictDoUpdate({
          target: [flagEvaluationDays.envKey, flagEvaluationDays.flagKey, flagEvaluationDays.variant, flagEvaluationDays.day],
          set: { count: sql`${flagEvaluationDays.count} + excluded.count` },
        });
    },
    async listDaysForFlag(flagKey, sinceDay) {
      return db
        .select()
        .from(flagEvaluationDays)
        .where(and(eq(flagEvaluationDays.flagKey, flagKey), gte(bytewise(flagEvaluationDays.day), sinceDay)))
        .orderBy(asc(bytewise(flagEvaluationDays.envKey)), asc(bytewise(flagEvaluationDays.day)), asc(bytewise(flagEvaluationDays.variant)));
    },
    async pruneDays(beforeDay) {
      return (await db.delete(flagEvaluationDays).where(lt(bytewise(flagEvaluationDays.day), beforeDay)).returning({ day: flagEvaluationDays.day })).length;
    },
    async listForFlag(flagKey) {
      return db
        .select()
        .from(flagEvaluations)
        .where(eq(flagEvaluations.flagKey, flagKey))
        .orderBy(asc(bytewise(flagEvaluations.envKey)), asc(bytewise(flagEvaluations.variant)));
    },
    async listAll() {
      return db
        .select()
        .from(flagEvaluations)
        .orderBy(asc(bytewise(flagEvaluations.envKey)), asc(bytewise(flagEvaluations.flagKey)), asc(bytewise(flagEvaluations.variant)));
    },
  };
}
