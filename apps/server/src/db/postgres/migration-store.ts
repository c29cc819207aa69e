import { and, asc, eq, gte, sql, type AnyColumn } from 'drizzle-orm';
import type { MigrationStore } from '../stores';
import { bytewise } from './columns';
import type { PgDb } from './pg-db';
import { backfillBatches, migrationMeasurements, migrationSettings, migrationStates } from './schema';

/** `stored + excluded.<column>` for a counter, inside ON CONFLICT DO UPDATE. */
const plus = (column: AnyColumn, name: string) => sql`${column} + excluded.${sql.identifier(name)}`;

/** Element-wise sum of the stored JSON array and the incoming one; the shorter is padded with zeros. */
const plusArrays = (column: AnyColumn, name: string) => sql`(
  select coalesce(json_agg(coalesce(a.n::numeric, 0) + coalesce(b.n::numeric, 0) order by coalesce(a.i, b.i)), '[]'::json)
  from json_array_elements_text(${column}) with ordinality as a(n, i)
  full join json_array_elements_text(excluded.${sql.identifier(name)}) with ordinality as b(n, i) on a.i = b.i
)`;

export function postgresMigrationStore(db: PgDb): MigrationStore {
  return {
    async getSettings(flagKey) {
      const [row] = await db.select().from(migrationSettings).where(eq(migrationSettings.flagKey, flagKey));
      return row;
    },
    async putSettings(settings) {
      await db.insert(migrationSettings).values(settings).onConflictDoUpdate({ target: migrationSettings.flagKey, set: settings });
    },
    async getState(flagKey, envKey) {
      const [row] = await db.select().from(migrationStates).where(and(eq(migrationStates.flagKey, flagKey), eq(migrationStates.envKey, envKey)));
      return row;
    },
    async putState(state) {
      await db.insert(migrationStates).values(state).onConflictDoUpdate({ target: [migrationStates.flagKey, migrationStates.envKey], set: state });
    },
    async getBatch(flagKey, envKey, jobName, cursorStart, cursorEnd) {
      const [row] = await db
        .select()
        .from(backfillBatches)
        .where(
          and(
            eq(backfillBatches.flagKey, flagKey),
            eq(backfillBatches.envKey, envKey),
            eq(backfillBatches.jobName, jobName),
            eq(backfillBatches.cursorStart, cursorStart),
            eq(backfillBatches.cursorEnd, cursorEnd),
          ),
        );
      return row;
    },
    async putBatch(batch) {
      await db
        .insert(backfillBatches)
        .values(batch)
        .onConflictDoUpdate({
          target: [backfillBatches.flagKey, backfillBatches.envKey, backfillBatches.jobName, backfillBatches.cursorStart, backfillBatches.cursorEnd],
          set: { report: batch.report, updatedAt: batch.updatedAt },
        });
    },
    async listBatches(flagKey, envKey, jobName) {
      const where = [eq(backfillBatches.flagKey, flagKey), eq(backfillBatches.envKey, envKey)];
      if (jobName !== undefined) where.push(eq(backfillBatches.jobName, jobName));
      return db
        .select()
        .from(backfillBatches)
        .where(and(...where))
        .orderBy(asc(bytewise(backfillBatches.jobName)), asc(bytewise(backfillBatches.cursorStart)));
    },
    async addMeasurement(m) {
      // One atomic upsert: concurrent reports for the same minute (from any replica) both count.
      const t = migrationMeasurements;
      await db
        .insert(t)
        .values(m)
        .onConflictDoUpdate({
          target: [t.flagKey, t.envKey, t.stage, t.minute],
          set: {
            oldInvocations: plus(t.oldInvocations, 'old_invocations'),
            oldErrors: plus(t.oldErrors, 'old_errors'),
            newInvocations: plus(t.newInvocations, 'new_invocations'),
            newErrors: plus(t.newErrors, 'new_errors'),
            compared: plus(t.compared, 'compared'),
            consistent: plus(t.consistent, 'consistent'),
            oldLatency: plusArrays(t.oldLatency, 'old_latency'),
            newLatency: plusArrays(t.newLatency, 'new_latency'),
          },
        });
    },
    async listMeasurements(flagKey, envKey, stage, sinceMinute) {
      const t = migrationMeasurements;
      return db
        .select()
        .from(t)
        .where(and(eq(t.flagKey, flagKey), eq(t.envKey, envKey), eq(t.stage, stage), gte(bytewise(t.minute), sinceMinute)))
        .orderBy(asc(bytewise(t.minute)));
    },
  };
}
