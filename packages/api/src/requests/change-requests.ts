import { keySchema, LIMITS } from '@switchyard/core';
import { z } from 'zod';
import { MAX_PLAN_CHANGES, planChange } from './plans';

export const CHANGE_REQUEST_STATES = ['draft', 'in-review', 'approved', 'scheduled', 'applied', 'rejected', 'cancelled', 'conflicted', 'apply-failed'] as const;
/** A change request's states (the server's change-request-states.ts says which moves are legal). */
export type ChangeRequestState = (typeof CHANGE_REQUEST_STATES)[number];

const title = z.string().trim().min(1, 'must not be empty').max(LIMITS.nameLength);
/** A request's changes: a plan's (one contract), each naming the version it is based on. */
const changes = z.array(planChange).min(1, 'must hold at least one change').max(MAX_PLAN_CHANGES, `must hold at most ${MAX_PLAN_CHANGES.toLocaleString('en-US')} changes`);
const comment = z.string().trim().min(1, 'must not be empty').max(LIMITS.descriptionLength);
const reason = z.string().trim().min(1, 'must not be empty').max(LIMITS.descriptionLength);

export const requestParams = z.strictObject({ id: z.string().regex(/^cr_[A-Za-z0-9_-]{1,40}$/, 'must be a change request id (cr_…)') });

/** `POST /environments/:env/change-requests`: opened for review at once unless `draft`. */
export const createRequestBody = z.strictObject({ title, changes, draft: z.boolean().optional() });
export type CreateRequestBody = z.infer<typeof createRequestBody>;

/** `PATCH /change-requests/:id`: any change of content voids every approval given so far. */
export const editRequestBody = z.strictObject({ title: title.optional(), changes: changes.optional() }).refine((b) => b.title !== undefined || b.changes !== undefined, { message: 'must change the title or the changes' });
export type EditRequestBody = z.infer<typeof editRequestBody>;

/** Approve or reject: `contentHash` is the content the reviewer saw (an approval is bound to it). */
export const reviewBody = z.strictObject({
  contentHash: z.string({ error: 'is required: the contentHash of the request as you reviewed it' }).regex(/^[0-9a-f]{64}$/, 'must be the request\'s contentHash (64 hex digits)'),
  comment: comment.optional(),
});
export type ReviewBody = z.infer<typeof reviewBody>;

export const scheduleBody = z.strictObject({ at: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }) });
export const reasonBody = z.strictObject({ reason: reason.optional() });

export const listRequestsQuery = z.strictObject({
  environment: keySchema.optional(),
  state: z.enum(CHANGE_REQUEST_STATES).optional(),
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1).max(500).default(100),
});

/** `POST /environments/:env/break-glass`: an admin applies without review, saying why. */
export const breakGlassBody = z.strictObject({ changes, reason: z.string({ error: 'is required: say why review is bypassed' }).pipe(reason) });
export type BreakGlassBody = z.infer<typeof breakGlassBody>;
