import { FLAG_TYPES } from '@switchyard/core';
import { z } from 'zod';
import { isoTime } from './common';

/** Why a flag is a cleanup candidate (`GET /api/v1/reports/stale`). */
export const STALE_REASONS = ['expired', 'not-evaluated', 'single-variation'] as const;
export type StaleReason = (typeof STALE_REASONS)[number];

export const staleFlag = z.object({
  key: z.string(),
  name: z.string(),
  type: z.enum(FLAG_TYPES),
  owner: z.string(),
  createdAt: isoTime,
  expiresAt: isoTime.nullable(),
  reasons: z.array(z.enum(STALE_REASONS)),
  /** Last evaluation any SDK reported, in any environment; null when never. */
  lastEvaluatedAt: isoTime.nullable(),
  /** Environments where everyone got one variation for the whole window. */
  singleVariation: z.array(z.object({ environment: z.string(), variation: z.string(), since: isoTime })),
});
export type StaleFlag = z.infer<typeof staleFlag>;
export const staleReport = z.object({ days: z.number(), items: z.array(staleFlag) });
export type StaleReport = z.infer<typeof staleReport>;
