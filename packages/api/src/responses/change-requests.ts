import { z } from 'zod';
import { CHANGE_REQUEST_STATES } from '../requests/change-requests';
import { isoTime, listOf } from './common';

/** A change request as the API shows it (docs/change-requests.md). */
export const changeRequestView = z.object({
  id: z.string(),
  environment: z.string(),
  kind: z.enum(['change', 'follow-up']),
  state: z.enum(CHANGE_REQUEST_STATES),
  title: z.string(),
  author: z.string(),
  revision: z.number(),
  contentHash: z.string(),
  /** A plan's changes (`op`, `key`, `baseVersion`, the route's fields). */
  changes: z.array(z.object({ op: z.string(), key: z.string() }).catchall(z.unknown())),
  /** A follow-up review: what was done without review, to whom, by whom and why. */
  followUp: z.object({ action: z.string(), flag: z.string(), by: z.string(), reason: z.string() }).nullable(),
  scheduledAt: isoTime.nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** What the last apply did, or why it failed. */
  outcome: z.object({ error: z.object({ code: z.string(), message: z.string() }).optional() }).nullable(),
  approvals: z.object({ count: z.number(), required: z.number(), approvers: z.array(z.string()) }),
  reviews: z.array(
    z.object({ reviewer: z.string(), role: z.string(), decision: z.enum(['approve', 'reject']), revision: z.number(), contentHash: z.string(), current: z.boolean(), comment: z.string().nullable(), at: isoTime }),
  ),
  /** Where the admin UI shows it. */
  link: z.string(),
});
export type ChangeRequestView = z.infer<typeof changeRequestView>;
export const changeRequestList = listOf(changeRequestView);

/** An environment's review policy (an environment without one: review not required). */
export const reviewPolicyView = z.object({
  environment: z.string(),
  requireReview: z.boolean(),
  minApprovals: z.number(),
  approverRoles: z.array(z.string()),
  updatedAt: isoTime.nullable(),
  updatedBy: z.string().nullable(),
});
export type ReviewPolicyView = z.infer<typeof reviewPolicyView>;
