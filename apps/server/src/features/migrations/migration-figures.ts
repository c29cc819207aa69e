import { histogramQuantile, LATENCY_BUCKET_COUNT, type MigrationFigures, type MigrationState } from '@switchyard/core';
import type { MigrationMeasurementRecord } from '../../db/records';

/** The measured figures of a stage, as the gates and the UI see them. */
export interface StageFigures extends MigrationFigures {
  since: string;
  oldInvocations: number;
  oldErrors: number;
  consistencyRate: number | undefined;
  errorRate: number | undefined;
  latency: { old: { p50: number | null; p99: number | null }; new: { p50: number | null; p99: number | null } };
}

/** The minute an ISO time falls in, as stored in measurement rows. */
export function minuteOf(iso: string): string {
  const d = new Date(iso);
  d.setUTCSeconds(0, 0);
  return d.toISOString();
}

/** Adds up the rows measured in the current stage since its evidence began to accrue. */
export function stageFigures(state: MigrationState, rows: readonly MigrationMeasurementRecord[], now: string): StageFigures {
  const sum = { oldInvocations: 0, oldErrors: 0, newInvocations: 0, newErrors: 0, compared: 0, consistent: 0 };
  const oldLatency = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  const newLatency = new Array<number>(LATENCY_BUCKET_COUNT).fill(0);
  for (const r of rows) {
    sum.oldInvocations += r.oldInvocations;
    sum.oldErrors += r.oldErrors;
    sum.newInvocations += r.newInvocations;
    sum.newErrors += r.newErrors;
    sum.compared += r.compared;
    sum.consistent += r.consistent;
    r.oldLatency.forEach((c, i) => (oldLatency[i] = (oldLatency[i] ?? 0) + c));
    r.newLatency.forEach((c, i) => (newLatency[i] = (newLatency[i] ?? 0) + c));
  }
  return {
    now,
    since: state.evidenceSince,
    comparedReads: sum.compared,
    consistentReads: sum.consistent,
    newInvocations: sum.newInvocations,
    newErrors: sum.newErrors,
    oldInvocations: sum.oldInvocations,
    oldErrors: sum.oldErrors,
    consistencyRate: sum.compared > 0 ? sum.consistent / sum.compared : undefined,
    errorRate: sum.newInvocations > 0 ? sum.newErrors / sum.newInvocations : undefined,
    latency: {
      old: { p50: histogramQuantile(oldLatency, 0.5), p99: histogramQuantile(oldLatency, 0.99) },
      new: { p50: histogramQuantile(newLatency, 0.5), p99: histogramQuantile(newLatency, 0.99) },
    },
  };
}
