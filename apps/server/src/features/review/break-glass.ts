import type { Database } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import type { AuditService } from '../audit/audit-service';
import type { Actor } from '../auth/actor';
import { contentOf } from '../change-requests/change-request-content';
import type { PlanResult, PlanService } from '../plans/plan-service';
import type { BreakGlassBody } from '@switchyard/api';

/**
 * An admin applies changes to an environment without review, saying why: never silent. The
 * `review.break-glass` entry (with the reason and the content's hash) comes first, then each
 * change's own entry, whose reason says it was a break-glass apply. Admins only (the route checks).
 */
export function createBreakGlass(deps: { db: Database; audit: AuditService; plans: PlanService }) {
  const { db, audit, plans } = deps;
  return {
    async apply(actor: Actor, envKey: string, input: BreakGlassBody): Promise<PlanResult> {
      if (actor.role !== 'admin') throw new AppError('FORBIDDEN', 'Only admins may break glass.', { role: actor.role, required: 'admin' });
      return db.transaction(async (tx) => {
        if (!(await tx.environments.get(envKey))) throw new AppError('ENVIRONMENT_NOT_FOUND', `No environment "${envKey}".`);
        const { contentHash } = contentOf({ environment: envKey, changes: input.changes });
        const policy = await tx.changeRequests.getPolicy(envKey);
        await audit.record(tx, actor, {
          action: 'review.break-glass',
          resource: 'environment',
          envKey,
          after: { changes: input.changes.length, contentHash, reviewRequired: policy?.requireReview ?? false },
          reason: input.reason,
        });
        return plans.applyIn(tx, actor, envKey, { changes: input.changes, reason: `break-glass: ${input.reason}` });
      });
    },
  };
}

export type BreakGlass = ReturnType<typeof createBreakGlass>;
