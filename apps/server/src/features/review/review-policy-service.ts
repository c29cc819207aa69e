import type { ReviewPolicyRecord } from '../../db/records';
import type { Database } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import type { AuditService } from '../audit/audit-service';
import type { Actor } from '../auth/actor';
import { DEFAULT_APPROVER_ROLES, type ReviewPolicyBody, type ReviewPolicyView } from '@switchyard/api';

export function policyView(envKey: string, p: ReviewPolicyRecord | undefined): ReviewPolicyView {
  return p
    ? { environment: envKey, requireReview: p.requireReview, minApprovals: p.minApprovals, approverRoles: p.approverRoles, updatedAt: p.updatedAt, updatedBy: p.updatedBy }
    : { environment: envKey, requireReview: false, minApprovals: 1, approverRoles: [...DEFAULT_APPROVER_ROLES], updatedAt: null, updatedBy: null };
}

/** Each environment's review policy: read by anyone, set by admins, every change audited. */
export function createReviewPolicyService(deps: { db: Database; audit: AuditService; now: () => Date }) {
  const { db, audit, now } = deps;
  return {
    async get(envKey: string): Promise<ReviewPolicyView> {
      const policy = await db.read(async (s) => {
        if (!(await s.environments.get(envKey))) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
        return s.changeRequests.getPolicy(envKey);
      });
      return policyView(envKey, policy);
    },

    async set(actor: Actor, envKey: string, input: ReviewPolicyBody): Promise<ReviewPolicyView> {
      return db.transaction(async (tx) => {
        if (!(await tx.environments.get(envKey))) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
        const old = await tx.changeRequests.getPolicy(envKey);
        const before = policyView(envKey, old);
        const next: ReviewPolicyRecord = { envKey, requireReview: input.requireReview, minApprovals: input.minApprovals, approverRoles: input.approverRoles, updatedAt: now().toISOString(), updatedBy: actor.name };
        const after = policyView(envKey, next);
        const same = (v: ReviewPolicyView) => JSON.stringify([v.requireReview, v.minApprovals, v.approverRoles]);
        if (same(before) === same(after)) throw new AppError('NO_CHANGE', `The review policy of "${envKey}" is already that.`);
        await tx.changeRequests.putPolicy(next);
        const strip = ({ updatedAt: _a, updatedBy: _b, ...v }: ReviewPolicyView) => v;
        await audit.record(tx, actor, { action: 'environment.review-policy', resource: 'environment', envKey, before: strip(before), after: strip(after), reason: input.reason ?? null });
        return after;
      });
    },
  };
}

export type ReviewPolicyService = ReturnType<typeof createReviewPolicyService>;
