import { z } from 'zod';
import { jsonValueSchema, type JsonValue } from './json';
import { LIMITS } from './limits';

export const VARIATION_TYPES = ['boolean', 'string', 'number', 'json'] as const;
export type VariationType = (typeof VARIATION_TYPES)[number];

/** One value a flag can serve. `name` is the variant reported with each evaluation. */
export const variationSchema = z.strictObject({
  name: z.string().min(1, 'must not be empty').max(100),
  value: jsonValueSchema,
  description: z.string().max(LIMITS.descriptionLength).optional(),
});
export type Variation = z.infer<typeof variationSchema>;

/** The variation type of a JSON value, or undefined when it is not a legal variation value. */
export function typeOfValue(value: JsonValue): VariationType {
  switch (typeof value) {
    case 'boolean':
      return 'boolean';
    case 'string':
      return 'string';
    case 'number':
      return 'number';
    default:
      return 'json';
  }
}

/** The two variations a boolean flag gets when none are given: index 0 off (false), 1 on (true). */
export const DEFAULT_BOOLEAN_VARIATIONS: readonly Variation[] = [
  { name: 'off', value: false },
  { name: 'on', value: true },
];
