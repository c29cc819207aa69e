import { backfillReportSchema, LIMITS, migrationGatesSchema, migrationStageSchema, requiredText } from '@switchyard/core';
import { z } from 'zod';

const reason = requiredText(LIMITS.descriptionLength, 'is required: say why');

/** Settings given when a migration flag is created. */
export const migrationSettingsInput = z.strictObject({
  /** Whether the new store needs a backfill before it can be read (default true: the safe answer). */
  backfillRequired: z.boolean().optional(),
  gates: migrationGatesSchema.optional(),
  /** Share of reads compared in shadow and live, 0..1 (default 1). */
  checkRatio: z.number().min(0, 'must be between 0 and 1').max(1, 'must be between 0 and 1').optional(),
});
export type MigrationSettingsInput = z.infer<typeof migrationSettingsInput>;

export const transitionBody = z.strictObject({
  to: migrationStageSchema,
  reason,
  /** Admins only: make the move even though rules or gates refuse it (audited as forced). */
  force: z.boolean().optional(),
});

export const backfillReportBody = backfillReportSchema;

export const attestBody = z.strictObject({
  direction: z.enum(['forward', 'reverse']),
  jobName: z.string().trim().min(1).max(200),
  /** The full cursor range the job had to cover: [start, end). */
  range: z.strictObject({ start: z.string().min(1).max(200), end: z.string().min(1).max(200) }),
  reason,
});
