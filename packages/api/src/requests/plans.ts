import { keySchema, LIMITS } from '@switchyard/core';
import { z } from 'zod';
import { baseVersionSchema } from './base-version';
import { createFlagBody, updateConfigBody, updateFlagBody } from './flags';
import { createSegmentBody, updateSegmentBody } from './segments';

/** Changes one plan may hold: more than any environment can take in one go anyway (its budgets). */
export const MAX_PLAN_CHANGES = 10_000;

/**
 * The version of the item a change is based on, as it was before the plan: the flag's definition
 * version (`flag.update`, `flag.archive`, `flag.unarchive`), the flag's config version in the plan's
 * environment (`flag.config.update`, `flag.enable`, `flag.disable`) or the segment's version.
 * Omitted only for an item the plan itself creates.
 */
const baseVersion = baseVersionSchema(0).optional();
const segmentBase = baseVersionSchema(1).optional();
const key = keySchema;

/**
 * One change of a plan, named by the audit action it records (so a plan reads as the audit log it
 * will write). Each takes the fields of the route that makes it alone, but `reason` (the plan has one).
 */
export const planChange = z.discriminatedUnion('op', [
  createFlagBody.omit({ reason: true }).extend({ op: z.literal('flag.create') }),
  updateFlagBody.omit({ reason: true, baseVersion: true }).extend({ op: z.literal('flag.update'), key, baseVersion }),
  z.strictObject({ op: z.literal('flag.archive'), key, baseVersion, force: z.boolean().optional() }),
  z.strictObject({ op: z.literal('flag.unarchive'), key, baseVersion }),
  updateConfigBody.omit({ reason: true, baseVersion: true }).extend({ op: z.literal('flag.config.update'), key, baseVersion }),
  z.strictObject({ op: z.literal('flag.enable'), key, baseVersion }),
  z.strictObject({ op: z.literal('flag.disable'), key, baseVersion }),
  createSegmentBody.omit({ reason: true }).extend({ op: z.literal('segment.create') }),
  updateSegmentBody.omit({ reason: true, baseVersion: true }).extend({ op: z.literal('segment.update'), key, baseVersion: segmentBase }),
  z.strictObject({ op: z.literal('segment.delete'), key, baseVersion: segmentBase }),
]);
export type PlanChange = z.infer<typeof planChange>;

/**
 * A plan: changes to flags and segments of one environment, each based on the version it was made
 * from, applied all together or not at one. Flag definitions (create, update, archive) are shared by
 * every environment: they reach the others too, each as one version.
 */
export const planBody = z.strictObject({
  changes: z.array(planChange).min(1, 'must hold at least one change').max(MAX_PLAN_CHANGES, `must hold at most ${MAX_PLAN_CHANGES.toLocaleString('en-US')} changes`),
  /** Recorded with every change's audit entry. */
  reason: z.string().trim().min(1, 'must not be empty').max(LIMITS.descriptionLength).optional(),
});
export type PlanBody = z.infer<typeof planBody>;
