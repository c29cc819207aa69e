import { z } from 'zod';
import { LIMITS } from './limits';

/** Keys of flags, segments and environments: lower-case slugs, e.g. `new-billing-ui`. */
export const keySchema = z
  .string()
  .min(1, 'must not be empty')
  .max(LIMITS.keyLength, `must be at most ${LIMITS.keyLength} characters`)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a lower-case slug: a-z, 0-9, ".", "_" or "-", starting with a letter or digit');
