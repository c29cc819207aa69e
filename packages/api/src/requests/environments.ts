import { keySchema, LIMITS } from '@switchyard/core';
import { z } from 'zod';

export const createEnvironmentBody = z.strictObject({
  key: keySchema,
  name: z.string().trim().min(1, 'must not be empty').max(LIMITS.nameLength),
  reason: z.string().trim().min(1).max(LIMITS.descriptionLength).optional(),
});
export type CreateEnvironmentBody = z.infer<typeof createEnvironmentBody>;

export const envParams = z.strictObject({ env: keySchema });
