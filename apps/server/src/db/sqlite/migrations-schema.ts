import type { MigrationGatesInput, MigrationState } from '@switchyard/core';
import { integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { json } from './json-column';

/** Per migration flag: whether a backfill is needed, its gates and its shadow-read check ratio. */
export const migrationSettings = sqliteTable('migration_settings', {
  flagKey: text('flag_key').primaryKey(),
  backfillRequired: integer('backfill_required', { mode: 'boolean' }).notNull(),
  gates: json<MigrationGatesInput>('gates').notNull(),
  checkRatio: real('check_ratio').notNull(),
});

/** The stage machine's state per migration flag and environment. */
export const migrationStates = sqliteTable(
  'migration_states',
  {
    flagKey: text('flag_key').notNull(),
    envKey: text('env_key').notNull(),
    state: json<MigrationState>('state').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.flagKey, t.envKey] })],
);

/** Backfill batches as jobs report them; one row per job and cursor range (re-reports replace it). */
export const backfillBatches = sqliteTable(
  'backfill_batches',
  {
    flagKey: text('flag_key').notNull(),
    envKey: text('env_key').notNull(),
    jobName: text('job_name').notNull(),
    cursorStart: text('cursor_start').notNull(),
    cursorEnd: text('cursor_end').notNull(),
    report: text('report').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.flagKey, t.envKey, t.jobName, t.cursorStart, t.cursorEnd] })],
);

/** What SDK migration helpers measured, per flag, environment, stage and minute. */
export const migrationMeasurements = sqliteTable(
  'migration_measurements',
  {
    flagKey: text('flag_key').notNull(),
    envKey: text('env_key').notNull(),
    stage: text('stage').notNull(),
    minute: text('minute').notNull(),
    oldInvocations: integer('old_invocations').notNull(),
    oldErrors: integer('old_errors').notNull(),
    newInvocations: integer('new_invocations').notNull(),
    newErrors: integer('new_errors').notNull(),
    compared: integer('compared').notNull(),
    consistent: integer('consistent').notNull(),
    oldLatency: json<number[]>('old_latency').notNull(),
    newLatency: json<number[]>('new_latency').notNull(),
  },
  (t) => [primaryKey({ columns: [t.flagKey, t.envKey, t.stage, t.minute] })],
);
