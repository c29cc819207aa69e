import { z } from 'zod';

const WHAT = 'the version your change is based on';

/**
 * `baseVersion` of a change request (optimistic concurrency): an integer from `min`. A missing value
 * and a value of the wrong type get different messages, both saying what the field is for.
 */
export function baseVersionSchema(min: number) {
  return z
    .number({ error: (issue) => (issue.input === undefined ? `is required: ${WHAT}` : `must be an integer: ${WHAT}`) })
    .int(`must be an integer: ${WHAT}`)
    .min(min, `must be at least ${min}: ${WHAT}`);
}
