import { z } from 'zod';

/** A list answer: `{ items: [...] }`. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** An ISO 8601 time as the API writes it. */
export const isoTime = z.string();

/**
 * A value of one of core's types that core itself checks (an evaluation trace, a gate judgement):
 * passed through as it is, described to OpenAPI as a JSON object, typed as core's type.
 */
export const coreValue = <T>() => z.record(z.string(), z.unknown()) as unknown as z.ZodType<T, T>;
