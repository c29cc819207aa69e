import { LIMITS } from '@switchyard/core';
import { z } from 'zod';
import { ROLES } from '../roles';

/** The most approvals a policy may require. */
export const MAX_MIN_APPROVALS = 10;

/** Who approves when a policy names no roles: the roles that may edit. */
export const DEFAULT_APPROVER_ROLES = ['editor', 'admin'] as const;

/** `PUT /environments/:env/review-policy`. */
export const reviewPolicyBody = z.strictObject({
  requireReview: z.boolean({ error: 'must be true or false' }),
  minApprovals: z.number({ error: 'must be an integer' }).int('must be an integer').min(1, 'must be at least 1').max(MAX_MIN_APPROVALS, `must be at most ${MAX_MIN_APPROVALS}`).default(1),
  approverRoles: z
    .array(z.enum(ROLES, { error: `must be one of ${ROLES.join(', ')}` }))
    .min(1, 'must name at least one role')
    .refine((roles) => new Set(roles).size === roles.length, 'must not name a role twice')
    .default([...DEFAULT_APPROVER_ROLES]),
  reason: z.string().trim().min(1, 'must not be empty').max(LIMITS.descriptionLength).optional(),
});
export type ReviewPolicyBody = z.infer<typeof reviewPolicyBody>;
