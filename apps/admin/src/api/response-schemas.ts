import { environmentConfigSchema, flagDefinitionSchema, segmentSchema } from '@switchyard/core';
import { z } from 'zod';
import type { ConfigRecord, FlagView, SegmentView } from './types';

/**
 * Answers the UI edits are checked against core's schemas: the nested model (rules, clauses,
 * rollouts) must match exactly; the outer objects may carry fields the UI does not know yet.
 */
const stamped = { updatedAt: z.string() };

export const configRecordSchema: z.ZodType<ConfigRecord> = z.looseObject({
  ...environmentConfigSchema.shape,
  ...stamped,
  flagKey: z.string(),
  envKey: z.string(),
});

export const flagViewSchema: z.ZodType<FlagView> = z.looseObject({
  ...flagDefinitionSchema.shape,
  ...stamped,
  environments: z.record(z.string(), z.looseObject({ ...environmentConfigSchema.shape, ...stamped })),
});

export const flagListSchema = z.object({ items: z.array(flagViewSchema) });

export const segmentViewSchema: z.ZodType<SegmentView> = z.looseObject({ ...segmentSchema.shape, ...stamped, envKey: z.string(), createdAt: z.string() });

export const segmentListSchema: z.ZodType<{ items: SegmentView[] }> = z.object({ items: z.array(segmentViewSchema) });
