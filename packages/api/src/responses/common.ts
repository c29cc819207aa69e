import { z } from 'zod';

/** A list answer: `{ items: [...] }`. */
export const listOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** An ISO 8601 time as the API writes it. */
export const isoTime = z.string();
