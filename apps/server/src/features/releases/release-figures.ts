import { NO_FIGURES, stageVariation, type ArmFigures, type GateFigures, type QueryReading, type ReleasePlanDefinition, type ReleaseState } from '@switchyard/core';
import type { FlagRecord, ReleaseSignalRecord } from '../../db/records';

/** Signals are counted in buckets of this many ms (rows of `release_signals`). */
export const SIGNAL_BUCKET_MS = 10_000;

/** The bucket (ISO start) holding `at`. */
export function bucketOf(at: Date): string {
  return new Date(Math.floor(at.getTime() / SIGNAL_BUCKET_MS) * SIGNAL_BUCKET_MS).toISOString();
}

/** The first whole bucket starting at or after `ms`: figures never include what was counted before it. */
function firstWholeBucket(ms: number): string {
  return new Date(Math.ceil(ms / SIGNAL_BUCKET_MS) * SIGNAL_BUCKET_MS).toISOString();
}

/** The earliest bucket any gate of the plan reads at `at`, within the current stage. */
export function figuresSince(plan: ReleasePlanDefinition, state: ReleaseState, at: Date): string | undefined {
  if (state.landedAt === null) return undefined;
  const widest = Math.max(...plan.gates.map((g) => g.windowMs));
  return firstWholeBucket(Math.max(Date.parse(state.landedAt), at.getTime() - widest));
}

const add = (a: ArmFigures, r: ReleaseSignalRecord): ArmFigures => ({
  samples: a.samples + r.samples,
  errors: a.errors + r.errors,
  latencySumMs: a.latencySumMs + r.latencySumMs,
  timed: a.timed + r.timed,
});

/**
 * Per gate, the treatment (to-variation) and control (from-variation) figures over the gate's window,
 * only from whole buckets after the stage landed: the comparison is of both arms at the same time.
 * A `prometheus` gate gets its query's reading (`readings`, read before the transaction) instead.
 */
export function gateFigures(
  plan: ReleasePlanDefinition,
  state: ReleaseState,
  flag: FlagRecord,
  rows: readonly ReleaseSignalRecord[],
  at: Date,
  readings: Readonly<Record<string, QueryReading>> = {},
): Record<string, GateFigures> {
  const out: Record<string, GateFigures> = {};
  if (state.landedAt === null) return out;
  // A migration plan's treatment is the stage it moved everyone to (no control arm: the baseline compares).
  const migrationStage = plan.stages[state.stage]?.migrationStage;
  const treatment = flag.variations[migrationStage === undefined ? plan.toVariation : stageVariation(migrationStage)]?.name;
  const control = flag.variations[plan.fromVariation]?.name;
  for (const g of plan.gates) {
    if (g.signal === 'prometheus') {
      const query = readings[g.name];
      out[g.name] = query ? { treatment: NO_FIGURES, control: NO_FIGURES, query } : { treatment: NO_FIGURES, control: NO_FIGURES };
      continue;
    }
    const since = firstWholeBucket(Math.max(Date.parse(state.landedAt), at.getTime() - g.windowMs));
    const f: GateFigures = { treatment: NO_FIGURES, control: NO_FIGURES };
    for (const r of rows) {
      if (r.bucket < since) continue;
      if (r.variant === treatment) f.treatment = add(f.treatment, r);
      else if (r.variant === control) f.control = add(f.control, r);
    }
    out[g.name] = f;
  }
  return out;
}
