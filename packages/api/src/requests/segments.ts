import { keySchema, LIMITS, segmentSchema } from '@switchyard/core';
import { z } from 'zod';
import { baseVersionSchema } from './base-version';

const s = segmentSchema.shape;
const reason = z.string().trim().min(1).max(LIMITS.descriptionLength).optional();

/** The fields a create or an update may set; omitted ones keep their default or current value. */
const editable = {
  name: s.name.optional(),
  description: s.description.optional(),
  included: s.included.optional(),
  excluded: s.excluded.optional(),
  rules: s.rules.optional(),
  reason,
};

export const createSegmentBody = z.strictObject({ key: keySchema, ...editable });
export type CreateSegmentBody = z.infer<typeof createSegmentBody>;

export const updateSegmentBody = z.strictObject({
  baseVersion: baseVersionSchema(1),
  ...editable,
});
export type UpdateSegmentBody = z.infer<typeof updateSegmentBody>;

export const deleteSegmentBody = z.strictObject({ reason }).optional();

export const segmentParams = z.strictObject({ env: keySchema, key: keySchema });
