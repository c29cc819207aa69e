import { z } from 'zod';
import { jsonValueSchema } from '../model/json';
import type { EvaluationContext } from '../model/context';
import { PROTOCOL_LIMITS } from './limits';

const contextKey = z.string().max(PROTOCOL_LIMITS.contextKeyLength, `must be at most ${PROTOCOL_LIMITS.contextKeyLength} characters`);

/**
 * Zod schema of an {@link EvaluationContext} sent by a browser SDK in `hello` and `context`.
 * Open-ended attributes (any JSON), but bounded: at most {@link PROTOCOL_LIMITS.contextAttributes}
 * attributes with non-empty names of bounded length; `key` and `targetingKey`, when present, are
 * strings. Depth is bounded by the parser before this schema runs.
 */
export const contextWireSchema: z.ZodType<EvaluationContext> = z
  .object({ key: contextKey.optional(), targetingKey: contextKey.optional() })
  .catchall(jsonValueSchema)
  .superRefine((context, ctx) => {
    const names = Object.keys(context);
    if (names.length > PROTOCOL_LIMITS.contextAttributes)
      ctx.addIssue({ code: 'custom', path: [], message: `must have at most ${PROTOCOL_LIMITS.contextAttributes} attributes` });
    for (const name of names)
      if (name.length === 0 || name.length > PROTOCOL_LIMITS.contextAttributeLength)
        ctx.addIssue({
          code: 'custom',
          path: [name],
          message: `attribute names must be 1 to ${PROTOCOL_LIMITS.contextAttributeLength} characters`,
        });
  });
