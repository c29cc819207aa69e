import { z } from 'zod';
import { LIMITS } from './limits';

/** Every clause operator. A closed union: evaluation handles each one. */
export const OPERATORS = [
  'in',
  'notIn',
  'startsWith',
  'endsWith',
  'contains',
  'matches',
  'lt',
  'lte',
  'gt',
  'gte',
  'before',
  'after',
  'semverEq',
  'semverLt',
  'semverGt',
  'segmentMatch',
] as const;
export type Operator = (typeof OPERATORS)[number];

const scalar = z.union([
  z.string().max(LIMITS.stringValueLength, `must be at most ${LIMITS.stringValueLength} characters`),
  z.number().refine(Number.isFinite, 'must be a finite number'),
  z.boolean(),
]);

/**
 * One condition on one context attribute. `values` is a list: the clause matches when the attribute
 * matches any of them (for `notIn`: none of them). `negate` inverts the result. A clause on an
 * attribute the context does not have never matches, negated or not.
 * For `segmentMatch`, `attribute` is ignored and `values` are segment keys.
 */
export const clauseSchema = z.strictObject({
  attribute: z.string().min(1, 'must not be empty').max(LIMITS.attributeLength),
  op: z.enum(OPERATORS),
  values: z.array(scalar).max(LIMITS.valuesPerClause, `must have at most ${LIMITS.valuesPerClause} values`),
  negate: z.boolean().optional(),
});
export type Clause = z.infer<typeof clauseSchema>;

/** Segment keys referenced by a clause list (for validation of references). */
export function segmentKeysOf(clauses: readonly Clause[]): string[] {
  const keys: string[] = [];
  for (const c of clauses) if (c.op === 'segmentMatch') for (const v of c.values) keys.push(String(v));
  return keys;
}

