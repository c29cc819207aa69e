import { keySchema, LIMITS, releaseGateSchema, releaseStageSchema, requiredText, variationIndexSchema } from '@switchyard/core';
import { z } from 'zod';

const optionalReason = z.string().trim().min(1, 'must not be empty').max(LIMITS.descriptionLength).optional();

/**
 * `POST /flags/:key/environments/:env/releases`. Stages and gates default to the template (the
 * seed's canary table, with `staffSegment` and `regionSegment` as its segment stages, and the
 * template's error-rate and latency gates owned by `owner`).
 */
export const createReleaseBody = z.strictObject({
  fromVariation: variationIndexSchema,
  toVariation: variationIndexSchema,
  bucketBy: z.string().min(1).max(LIMITS.attributeLength).optional(),
  stages: z.array(releaseStageSchema).min(1).max(20).optional(),
  gates: z.array(releaseGateSchema).min(1).max(20).optional(),
  /** Owner of the template's gates (required when `gates` is not given). */
  owner: z.string().trim().min(1).max(LIMITS.nameLength).optional(),
  staffSegment: keySchema.optional(),
  regionSegment: keySchema.optional(),
  /** Start at once (default true); false leaves a draft for `POST /releases/:id/start`. */
  start: z.boolean().optional(),
  reason: optionalReason,
});
export type CreateReleaseBody = z.infer<typeof createReleaseBody>;

export const RELEASE_COMMANDS = ['start', 'pause', 'resume', 'advance', 'abort'] as const;
export type ReleaseCommand = (typeof RELEASE_COMMANDS)[number];

export const releaseCommandParams = z.strictObject({ id: z.string().min(1).max(100), command: z.enum(RELEASE_COMMANDS) });
export const releaseIdParams = z.strictObject({ id: z.string().min(1).max(100) });
export const releaseCommandBody = z.strictObject({ reason: optionalReason }).optional();
export const listReleasesQuery = z.strictObject({ flag: keySchema.optional(), environment: keySchema.optional() });

/**
 * `PUT /releases/:id/gates`: a live plan's whole gate set, replaced (its own audited action, with the
 * hashes of the set before and after). The reason is required: changing how a running plan is judged
 * is a decision someone answers for.
 */
export const replaceGatesBody = z.strictObject({
  gates: z.array(releaseGateSchema).min(1, 'must have at least one gate: a plan never advances on silence').max(20),
  reason: requiredText(LIMITS.descriptionLength, 'is required: say why the gates change'),
});
export type ReplaceGatesBody = z.infer<typeof replaceGatesBody>;
