import { randomBytes } from 'node:crypto';
import type { ChangeRequestRecord, ChangeRequestReviewRecord, ReviewPolicyRecord } from '../../db/records';
import { comparableName } from '../auth/actor';
import { DEFAULT_APPROVER_ROLES } from '@switchyard/api';

export function newRequestId(): string {
  return `cr_${randomBytes(9).toString('base64url')}`;
}

/** What a request needs to apply: its environment's policy, as it is now. */
export interface Requirement {
  requireReview: boolean;
  minApprovals: number;
  approverRoles: readonly string[];
}

export function requirementOf(policy: ReviewPolicyRecord | undefined): Requirement {
  return policy?.requireReview
    ? { requireReview: true, minApprovals: policy.minApprovals, approverRoles: policy.approverRoles }
    : { requireReview: false, minApprovals: 0, approverRoles: policy?.approverRoles ?? [...DEFAULT_APPROVER_ROLES] };
}

/**
 * The approvals that count for the request as it is now: given to its current revision and content
 * hash, by someone other than its author, in an approver role, one per person. Sorted by name.
 */
export function countingApprovals(r: ChangeRequestRecord, reviews: readonly ChangeRequestReviewRecord[], req: Requirement): string[] {
  const author = comparableName(r.author);
  const names = new Map<string, string>();
  for (const review of reviews) {
    if (review.decision !== 'approve' || review.revision !== r.revision || review.contentHash !== r.contentHash) continue;
    const who = comparableName(review.reviewer);
    if (who === author || !req.approverRoles.includes(review.reviewerRole)) continue;
    if (!names.has(who)) names.set(who, review.reviewer);
  }
  return [...names.values()].sort();
}

/** A change request as the API shows it. */
export function requestView(r: ChangeRequestRecord, reviews: readonly ChangeRequestReviewRecord[], req: Requirement) {
  const content = JSON.parse(r.content) as { changes?: unknown[]; followUp?: unknown };
  const approvers = countingApprovals(r, reviews, req);
  return {
    id: r.id,
    environment: r.envKey,
    kind: r.kind,
    state: r.state,
    title: r.title,
    author: r.author,
    revision: r.revision,
    contentHash: r.contentHash,
    changes: content.changes ?? [],
    followUp: content.followUp ?? null,
    scheduledAt: r.scheduledAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    outcome: r.outcome === null ? null : (JSON.parse(r.outcome) as unknown),
    approvals: { count: approvers.length, required: req.minApprovals, approvers },
    reviews: reviews.map((v) => ({ reviewer: v.reviewer, role: v.reviewerRole, decision: v.decision, revision: v.revision, contentHash: v.contentHash, current: v.revision === r.revision && v.contentHash === r.contentHash, comment: v.comment, at: v.at })),
    /** Where the admin UI shows it. */
    link: `/#/change-requests/${r.id}`,
  };
}
export type ChangeRequestView = ReturnType<typeof requestView>;
