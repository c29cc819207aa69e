import { z } from 'zod';

/** What applying a plan did: every change, in order, and the one version each environment it touched got. */
export const planResult = z.object({
  environment: z.string(),
  applied: z.array(z.object({ index: z.number(), op: z.string(), key: z.string() })),
  versions: z.record(z.string(), z.number()),
});
export type PlanResult = z.infer<typeof planResult>;
