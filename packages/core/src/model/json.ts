import { z } from 'zod';

/** Any JSON value. Flag variations, clause values and context attributes are JSON. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Deepest nesting a stored JSON value may have (the wire protocol allows 64 levels per frame). */
export const MAX_JSON_DEPTH = 32;

/**
 * Why `value` is not storable JSON, or null when it is: finite numbers only, plain objects and
 * arrays only, no `__proto__` keys, at most MAX_JSON_DEPTH levels. Checked without deep recursion
 * beyond that depth, so hostile input cannot overflow the stack.
 */
export function jsonProblem(value: unknown, depth = 0): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return null;
  if (typeof value === 'number') return Number.isFinite(value) ? null : 'must be a finite number';
  if (typeof value !== 'object') return `must be JSON, got ${typeof value}`;
  if (depth >= MAX_JSON_DEPTH) return `must nest at most ${MAX_JSON_DEPTH} levels deep`;
  if (Array.isArray(value)) {
    for (const item of value) {
      const problem = jsonProblem(item, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return 'must be a plain JSON object';
  for (const key of Object.keys(value)) {
    if (key === '__proto__') return 'must not have a "__proto__" key';
    const problem = jsonProblem((value as Record<string, unknown>)[key], depth + 1);
    if (problem) return problem;
  }
  return null;
}

export const jsonValueSchema: z.ZodType<JsonValue> = z.custom<JsonValue>().superRefine((value, ctx) => {
  const problem = jsonProblem(value);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});
