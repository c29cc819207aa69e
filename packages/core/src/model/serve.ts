import { z } from 'zod';
import { BUCKET_COUNT } from './limits';

/** A variation, by its index in the flag's `variations`. */
export const variationIndexSchema = z.number().int('must be an integer').min(0, 'must be 0 or more');

export const weightedVariationSchema = z.strictObject({
  variation: variationIndexSchema,
  /** Share of the buckets, in 1/100,000ths (so 10% = 10000). */
  weight: z.number().int('must be an integer').min(0).max(BUCKET_COUNT),
});

/**
 * A percentage rollout: each context is hashed by `bucketBy` (default: its key) with `salt`
 * (default: the flag key) into one of 100,000 buckets, and served the variation whose weight range
 * holds that bucket. Weights must sum to exactly 100,000.
 */
export const rolloutSchema = z
  .strictObject({
    bucketBy: z.string().min(1).max(200).optional(),
    salt: z.string().min(1).max(200).optional(),
    variations: z.array(weightedVariationSchema).min(1, 'must have at least one variation').max(50),
  })
  .superRefine((r, ctx) => {
    const total = r.variations.reduce((s, v) => s + v.weight, 0);
    if (total !== BUCKET_COUNT)
      ctx.addIssue({ code: 'custom', path: ['variations'], message: `weights must sum to ${BUCKET_COUNT} (100%), got ${total}` });
  });
export type Rollout = z.infer<typeof rolloutSchema>;

/** What a rule or the fallthrough serves: one fixed variation or a rollout. */
export const serveSchema = z.union([
  z.strictObject({ variation: variationIndexSchema }),
  z.strictObject({ rollout: rolloutSchema }),
]);
export type Serve = z.infer<typeof serveSchema>;
