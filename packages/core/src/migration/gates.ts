import { z } from 'zod';
import { DAY_MS, HOUR_MS } from './time';

const MAX_DURATION_MS = 365 * DAY_MS;
const duration = z.number().int('must be a whole number of milliseconds').min(0).max(MAX_DURATION_MS, 'must be at most 365 days');

/**
 * Zod schema of a flag's gate overrides: every field optional, unknown fields refused. What a flag
 * leaves out takes the default of {@link DEFAULT_MIGRATION_GATES}. Durations are in milliseconds.
 */
export const migrationGatesSchema = z.strictObject({
  /** `shadow → live`: at least this many reads compared in shadow. At least 1: no promotion without evidence. */
  minComparedReads: z.number().int().min(1).max(1_000_000_000).optional(),
  /** `shadow → live`: consistent ÷ compared reads must be at least this. */
  minConsistencyRate: z.number().min(0).max(1).optional(),
  /** `shadow → live`: new-store errors ÷ invocations must be strictly below this (so it must be above 0). */
  maxErrorRate: z.number().gt(0).max(1).optional(),
  /** `shadow → live`: time spent in shadow with both stores fresh. */
  minShadowDwellMs: duration.optional(),
  /** `live → rampdown`: time spent in live with the new store fresh. */
  minLiveDwellMs: duration.optional(),
  /** `rampdown → complete`: time since entering rampdown, for every old reader to be gone. */
  compatibilityWindowMs: duration.optional(),
});
/** A flag's gate overrides, as accepted from the API. */
export type MigrationGatesInput = z.infer<typeof migrationGatesSchema>;

/** A complete set of gates: every threshold a move may be checked against. */
export type MigrationGates = Readonly<Required<MigrationGatesInput>>;

/** The safe defaults: 1000 compared reads, 99.9% consistency, error rate below 0.1%, 24h in shadow and in live, 7 days of compatibility window. */
export const DEFAULT_MIGRATION_GATES: MigrationGates = Object.freeze({
  minComparedReads: 1000,
  minConsistencyRate: 0.999,
  maxErrorRate: 0.001,
  minShadowDwellMs: 24 * HOUR_MS,
  minLiveDwellMs: 24 * HOUR_MS,
  compatibilityWindowMs: 7 * DAY_MS,
});

/**
 * A flag's gates: its overrides over the defaults. Pass validated input (parse it with
 * {@link migrationGatesSchema} first); fields that are `undefined` take the default.
 */
export function resolveGates(partial: MigrationGatesInput = {}): MigrationGates {
  const g = { ...DEFAULT_MIGRATION_GATES };
  for (const key of Object.keys(g) as (keyof MigrationGates)[]) {
    const v = partial[key];
    if (v !== undefined) g[key] = v;
  }
  return Object.freeze(g);
}
