import { z } from 'zod';
import { LIMITS } from './limits';
import { prerequisiteSchema, ruleSchema, targetSchema } from './rule';
import { serveSchema } from './serve';

/** Who killed a flag in an environment, when and why. */
export const killStateSchema = z.strictObject({
  by: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
  reason: z.string().min(1),
});
export type KillState = z.infer<typeof killStateSchema>;

/** How a flag behaves in one environment. */
export const environmentConfigSchema = z.strictObject({
  enabled: z.boolean(),
  /** Non-null while the kill switch is engaged: the flag serves its offVariation whatever its rules. */
  killed: killStateSchema.nullable(),
  targets: z.array(targetSchema).max(LIMITS.variations),
  rules: z.array(ruleSchema).max(LIMITS.rules, `must have at most ${LIMITS.rules} rules`),
  fallthrough: serveSchema,
  prerequisites: z.array(prerequisiteSchema).max(LIMITS.prerequisites),
  /** The environment version at this config's last change: increases monotonically. */
  version: z.number().int().min(0),
});
export type EnvironmentConfig = z.infer<typeof environmentConfigSchema>;
