import { MIGRATION_STAGES, stageIndex, type MigrationStage } from '../migration/stages';
import type { ReleaseGate, ReleaseStage } from './plan';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/**
 * The canary table of the release-engineering text as stages: staff, 1 %, 5 %, one region, 25 %,
 * 100 %. `staff` and `region` are the segments to expose in the internal and regional stages (the
 * regional stage keeps 5 % and adds the region). Dwell times are the table's minimum durations; the
 * full release observes for an hour before the plan completes.
 */
export function defaultStages(segments: { staff?: string; region?: string } = {}): ReleaseStage[] {
  const stages: ReleaseStage[] = [];
  if (segments.staff) stages.push({ name: 'Internal', percent: 0, segment: segments.staff, minDwellMs: 30 * MINUTE, minSamplesPerArm: 100 });
  stages.push({ name: 'Initial canary', percent: 1, minDwellMs: 30 * MINUTE, minSamplesPerArm: 500 });
  stages.push({ name: 'Small canary', percent: 5, minDwellMs: HOUR, minSamplesPerArm: 1_000 });
  if (segments.region) stages.push({ name: 'Regional canary', percent: 5, segment: segments.region, minDwellMs: 2 * HOUR, minSamplesPerArm: 1_000 });
  stages.push({ name: 'Broad canary', percent: 25, minDwellMs: 4 * HOUR, minSamplesPerArm: 2_000 });
  stages.push({ name: 'Full release', percent: 100, minDwellMs: HOUR, minSamplesPerArm: 2_000 });
  return stages;
}

/** The template's gates: error rate and mean latency of the new variation against the old one, measured together. */
export function defaultGates(owner: string): ReleaseGate[] {
  return [
    { name: 'Error rate', owner, signal: 'error-rate', comparison: 'increase-at-most', threshold: 0.01, windowMs: 15 * MINUTE, onFail: 'rollback' },
    { name: 'Latency', owner, signal: 'latency-mean', comparison: 'increase-at-most', threshold: 50, windowMs: 15 * MINUTE, onFail: 'hold' },
  ];
}

/**
 * A migration flag's stages from where it is now to `complete`, one plan stage per migration stage,
 * each moving everyone: the dwell is the seed's observation time before the next move.
 */
export function defaultMigrationStages(from: MigrationStage): ReleaseStage[] {
  const dwell: Record<Exclude<MigrationStage, 'off'>, number> = { dualwrite: HOUR, shadow: 4 * HOUR, live: 4 * HOUR, rampdown: 2 * HOUR, complete: HOUR };
  return MIGRATION_STAGES.slice(stageIndex(from) + 1).map((stage) => {
    const to = stage as Exclude<MigrationStage, 'off'>;
    return { name: `Migration: ${to}`, percent: 100, migrationStage: to, minDwellMs: dwell[to], minSamplesPerArm: 1 };
  });
}

/** The migration template's gate: the error rate of tracked calls, at most 1 % (no control arm: everyone moves). */
export function defaultMigrationGates(owner: string): ReleaseGate[] {
  return [{ name: 'Error rate', owner, signal: 'error-rate', comparison: 'value-at-most', threshold: 0.01, windowMs: 15 * MINUTE, onFail: 'rollback' }];
}
