import type { Role } from '../../db/records';
import { boolean, index, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { json } from './columns';

/** An environment's review policy (no row: no review required). */
export const reviewPolicies = pgTable('review_policies', {
  envKey: text('env_key').primaryKey(),
  requireReview: boolean('require_review').notNull(),
  minApprovals: integer('min_approvals').notNull(),
  approverRoles: json<Role[]>('approver_roles').notNull(),
  updatedAt: text('updated_at').notNull(),
  updatedBy: text('updated_by').notNull(),
});

/** Change requests; `content` is the exact canonical text that was reviewed (a text column: byte for byte). */
export const changeRequests = pgTable(
  'change_requests',
  {
    id: text('id').primaryKey(),
    envKey: text('env_key').notNull(),
    kind: text('kind', { enum: ['change', 'follow-up'] }).notNull(),
    state: text('state', { enum: ['draft', 'in-review', 'approved', 'scheduled', 'applied', 'rejected', 'cancelled', 'conflicted', 'apply-failed'] }).notNull(),
    title: text('title').notNull(),
    author: text('author').notNull(),
    authorKeyId: text('author_key_id'),
    content: text('content').notNull(),
    contentHash: text('content_hash').notNull(),
    revision: integer('revision').notNull(),
    scheduledAt: text('scheduled_at'),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    outcome: text('outcome'),
  },
  (t) => [index('change_requests_env_idx').on(t.envKey, t.createdAt), index('change_requests_due_idx').on(t.state, t.scheduledAt)],
);

export const changeRequestReviews = pgTable(
  'change_request_reviews',
  {
    requestId: text('request_id').notNull(),
    n: integer('n').notNull(),
    reviewer: text('reviewer').notNull(),
    reviewerKeyId: text('reviewer_key_id'),
    reviewerRole: text('reviewer_role', { enum: ['viewer', 'editor', 'responder', 'admin'] }).notNull(),
    decision: text('decision', { enum: ['approve', 'reject'] }).notNull(),
    revision: integer('revision').notNull(),
    contentHash: text('content_hash').notNull(),
    comment: text('comment'),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.requestId, t.n] })],
);
