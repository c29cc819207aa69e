import { z } from 'zod';
import { clauseSchema } from './clause';
import { LIMITS } from './limits';
import { serveSchema, variationIndexSchema } from './serve';

/** A targeting rule: all clauses must match (AND); the first matching rule wins. */
export const ruleSchema = z.strictObject({
  id: z.string().min(1).max(100).optional(),
  description: z.string().max(LIMITS.descriptionLength).optional(),
  clauses: z.array(clauseSchema).max(LIMITS.clausesPerRule, `must have at most ${LIMITS.clausesPerRule} clauses`),
  serve: serveSchema,
});
export type Rule = z.infer<typeof ruleSchema>;

/** Individual targets: contexts whose key is listed get that variation, before any rule. */
export const targetSchema = z.strictObject({
  variation: variationIndexSchema,
  values: z.array(z.string().min(1).max(LIMITS.attributeLength * 5)).max(LIMITS.targetValues),
});
export type Target = z.infer<typeof targetSchema>;

/** Another flag that must be on and serve `variation` for this flag's rules to apply. */
export const prerequisiteSchema = z.strictObject({
  flag: z.string().min(1).max(LIMITS.keyLength),
  variation: variationIndexSchema,
});
export type Prerequisite = z.infer<typeof prerequisiteSchema>;
