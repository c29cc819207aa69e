import { z } from 'zod';
import { keySchema } from '../model/keys';
import { migrationStageSchema } from './stages';

/**
 * Latency histogram bucket upper bounds, in milliseconds; one more bucket counts everything slower.
 * SDKs count into these buckets and the server adds them up, so percentiles are bucket bounds.
 */
export const LATENCY_BUCKETS_MS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000] as const;
export const LATENCY_BUCKET_COUNT = LATENCY_BUCKETS_MS.length + 1;

/** The bucket index for one latency. */
export function latencyBucket(ms: number): number {
  for (let i = 0; i < LATENCY_BUCKETS_MS.length; i++) if (ms <= LATENCY_BUCKETS_MS[i]!) return i;
  return LATENCY_BUCKETS_MS.length;
}

/** The `p`-quantile (0..1) of a histogram as its bucket's upper bound (Infinity past the last); null when empty. */
export function histogramQuantile(counts: readonly number[], p: number): number | null {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total === 0) return null;
  const rank = Math.ceil(p * total);
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i] ?? 0;
    if (seen >= rank) return i < LATENCY_BUCKETS_MS.length ? LATENCY_BUCKETS_MS[i]! : Number.POSITIVE_INFINITY;
  }
  return Number.POSITIVE_INFINITY;
}

const count = z.number().int('must be an integer').min(0, 'must be 0 or more').max(1e12);

const originMeasurementSchema = z.strictObject({
  invocations: count,
  errors: count,
  latency: z.array(count).length(LATENCY_BUCKET_COUNT, `must have ${LATENCY_BUCKET_COUNT} buckets`),
});
export type OriginMeasurement = z.infer<typeof originMeasurementSchema>;

/** What an SDK migration helper measured for one flag and stage over a window. */
export const migrationMeasurementSchema = z
  .strictObject({
    flag: keySchema,
    stage: migrationStageSchema,
    startedAt: z.number().int().min(0),
    endedAt: z.number().int().min(0),
    old: originMeasurementSchema,
    new: originMeasurementSchema,
    /** Reads compared with the check function, and how many of those agreed. */
    compared: count,
    consistent: count,
  })
  .refine((m) => m.consistent <= m.compared, { path: ['consistent'], message: 'must not exceed compared' })
  .refine((m) => m.old.errors <= m.old.invocations && m.new.errors <= m.new.invocations, { path: ['old'], message: 'errors must not exceed invocations' });
export type MigrationMeasurement = z.infer<typeof migrationMeasurementSchema>;

export const migrationMeasurementsBody = z.strictObject({
  measurements: z.array(migrationMeasurementSchema).min(1, 'must not be empty').max(200, 'must have at most 200 entries'),
});
