import { and, asc, eq, gte, sql } from 'drizzle-orm';
import type { MigrationStore } from '../stores';
import type { SqliteDb } from './open-sqlite';
import { backfillBatches, migrationMeasurements, migrationSettings, migrationStates } from './schema';

const addArrays = (a: number[], b: number[]) => Array.from({ length: Math.max(a.length, b.length) }, (_, i) => (a[i] ?? 0) + (b[i] ?? 0));

export function sqliteMigrationStore(db: SqliteDb): MigrationStore {
  return {
    async getSettings(flagKey) {
      return db.select().from(migrationSettings).where(eq(migrationSettings.flagKey, flagKey)).get();
    },
    async putSettings(settings) {
      db.insert(migrationSettings).values(settings).onConflictDoUpdate({ target: migrationSettings.flagKey, set: settings }).run();
    },
    async getState(flagKey, envKey) {
      return db.select().from(migrationStates).where(and(eq(migrationStates.flagKey, flagKey), eq(migrationStates.envKey, envKey))).get();
    },
    async putState(state) {
      db.insert(migrationStates).values(state).onConflictDoUpdate({ target: [migrationStates.flagKey, migrationStates.envKey], set: state }).run();
    },
    async getBatch(flagKey, envKey, jobName, cursorStart, cursorEnd) {
      return db
        .select()
        .from(backfillBatches)
        .where(and(eq(backfillBatches.flagKey, flagKey), eq(backfillBatches.envKey, envKey), eq(backfillBatches.jobName, jobName), eq(backfillBatches.cursorStart, cursorStart), eq(backfillBatches.cursorEnd, cursorEnd)))
        .get();
    },
    async putBatch(batch) {
      db.insert(backfillBatches)
        .values(batch)
        .onConflictDoUpdate({
          target: [backfillBatches.flagKey, backfillBatches.envKey, backfillBatches.jobName, backfillBatches.cursorStart, backfillBatches.cursorEnd],
          set: { report: batch.report, updatedAt: batch.updatedAt },
        })
        .run();
    },
    async listBatches(flagKey, envKey, jobName) {
      const where = [eq(backfillBatches.flagKey, flagKey), eq(backfillBatches.envKey, envKey)];
      if (jobName !== undefined) where.push(eq(backfillBatches.jobName, jobName));
      return db.select().from(backfillBatches).where(and(...where)).orderBy(asc(backfillBatches.jobName), asc(backfillBatches.cursorStart)).all();
    },
    async addMeasurement(m) {
      const key = and(eq(migrationMeasurements.flagKey, m.flagKey), eq(migrationMeasurements.envKey, m.envKey), eq(migrationMeasurements.stage, m.stage), eq(migrationMeasurements.minute, m.minute));
      const row = db.select().from(migrationMeasurements).where(key).get();
      if (!row) return void db.insert(migrationMeasurements).values(m).run();
      db.update(migrationMeasurements)
        .set({
          oldInvocations: sql`${migrationMeasurements.oldInvocations} + ${m.oldInvocations}`,
          oldErrors: sql`${migrationMeasurements.oldErrors} + ${m.oldErrors}`,
          newInvocations: sql`${migrationMeasurements.newInvocations} + ${m.newInvocations}`,
          newErrors: sql`${migrationMeasurements.newErrors} + ${m.newErrors}`,
          compared: sql`${migrationMeasurements.compared} + ${m.compared}`,
          consistent: sql`${migrationMeasurements.consistent} + ${m.consistent}`,
          oldLatency: addArrays(row.oldLatency, m.oldLatency),
          newLatency: addArrays(row.newLatency, m.newLatency),
        })
        .where(key)
        .run();
    },
    async listMeasurements(flagKey, envKey, stage, sinceMinute) {
      return db
        .select()
        .from(migrationMeasurements)
        .where(and(eq(migrationMeasurements.flagKey, flagKey), eq(migrationMeasurements.envKey, envKey), eq(migrationMeasurements.stage, stage), gte(migrationMeasurements.minute, sinceMinute)))
        .all();
    },
  };
}
