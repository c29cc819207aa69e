import { z } from 'zod';
import { environmentConfigSchema } from '../model/environment-config';
import type { EvaluableFlag } from '../model/evaluable-flag';
import { flagDefinitionSchema } from '../model/flag';

/**
 * Zod schema of an {@link EvaluableFlag} as carried in `snapshot` and `patch` messages: the
 * definition's evaluation fields plus the environment config, composed from the model's own
 * schemas so the wire can never accept what the model would refuse. Strict: unknown fields fail.
 * (The model has only the TypeScript type; if it grows a schema, use that one here.)
 */
export const evaluableFlagWireSchema: z.ZodType<EvaluableFlag> = z.strictObject({
  ...flagDefinitionSchema.pick({
    key: true,
    type: true,
    variationType: true,
    variations: true,
    offVariation: true,
    clientSide: true,
  }).shape,
  ...environmentConfigSchema.omit({ version: true }).shape,
  /** The environment version at which this flag last changed (definition or config). */
  version: z.number().int().min(0),
});
