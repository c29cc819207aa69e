import { z } from 'zod';
import { clauseSchema } from './clause';
import { keySchema } from './keys';
import { LIMITS } from './limits';

/** A segment rule: all clauses must match. Segment rules may not use `segmentMatch`. */
export const segmentRuleSchema = z.strictObject({
  id: z.string().min(1).max(100).optional(),
  clauses: z.array(clauseSchema).max(LIMITS.clausesPerRule),
});

/**
 * A reusable set of contexts in one environment (a ring: internal, beta, small tenants...).
 * A context is in the segment when its key is `included`, or it is not `excluded` and a rule matches.
 */
export const segmentSchema = z.strictObject({
  key: keySchema,
  name: z.string().min(1).max(LIMITS.nameLength),
  description: z.string().max(LIMITS.descriptionLength),
  included: z.array(z.string().min(1).max(1_000)).max(LIMITS.segmentKeys),
  excluded: z.array(z.string().min(1).max(1_000)).max(LIMITS.segmentKeys),
  rules: z.array(segmentRuleSchema).max(LIMITS.segmentRules),
  version: z.number().int().min(1),
});
export type Segment = z.infer<typeof segmentSchema>;
export type SegmentRule = z.infer<typeof segmentRuleSchema>;
