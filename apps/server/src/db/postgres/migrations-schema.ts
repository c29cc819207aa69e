import type { MigrationGatesInput, MigrationState } from '@switchyard/core';
import { boolean, doublePrecision, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { int64, json } from './columns';

/** Per migration flag: whether a backfill is needed, its gates and its shadow-read check ratio. */
export const migrationSettings = pgTable('migration_settings', {
  flagKey: text('flag_key').primaryKey(),
  backfillRequired: boolean('backfill_required').notNull(),
  gates: json<MigrationGatesInput>('gates').notNull(),
  /** `double precision`, like SQLite's REAL: PostgreSQL's `real` is 4 bytes and would turn 0.1 into 0.100000001. */
  checkRatio: doublePrecision('check_ratio').notNull(),
});

/** The stage machine's state per migration flag and environment. */
export const migrationStates = pgTable(
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
export const backfillBatches = pgTable(
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
export const migrationMeasurements = pgTable(
  'migration_measurements',
  {
    flagKey: text('flag_key').notNull(),
    envKey: text('env_key').notNull(),
    stage: text('stage').notNull(),
    minute: text('minute').notNull(),
    oldInvocations: int64('old_invocations').notNull(),
    oldErrors: int64('old_errors').notNull(),
    newInvocations: int64('new_invocations').notNull(),
    newErrors: int64('new_errors').notNull(),
    compared: int64('compared').notNull(),
    consistent: int64('consistent').notNull(),
    oldLatency: json<number[]>('old_latency').notNull(),
    newLatency: json<number[]>('new_latency').notNull(),
  },
  (t) => [primaryKey({ columns: [t.flagKey, t.envKey, t.stage, t.minute] })],
);
