import { MAX_SERVER_FRAME_BYTES } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import { breakGlassBody } from '@switchyard/api';
import { envParams } from '@switchyard/api';
import type { BreakGlass } from './break-glass';
import { reviewPolicyBody } from '@switchyard/api';
import type { ReviewPolicyService } from './review-policy-service';

export function registerReviewRoutes(api: FastifyInstance, deps: { reviewPolicies: ReviewPolicyService; breakGlass: BreakGlass }): void {
  api.get('/environments/:env/review-policy', async (req) => {
    actorFor(req, 'read');
    return deps.reviewPolicies.get(parseInput(envParams, req.params, 'params').env);
  });

  api.put('/environments/:env/review-policy', async (req) => {
    const actor = actorFor(req, 'admin');
    const { env } = parseInput(envParams, req.params, 'params');
    return deps.reviewPolicies.set(actor, env, parseInput(reviewPolicyBody, req.body, 'body'));
  });

  /** An admin's apply without review, with a reason: audited as `review.break-glass`, then each change. */
  api.post('/environments/:env/break-glass', { bodyLimit: MAX_SERVER_FRAME_BYTES }, async (req) => {
    const actor = actorFor(req, 'admin');
    const { env } = parseInput(envParams, req.params, 'params');
    return deps.breakGlass.apply(actor, env, parseInput(breakGlassBody, req.body, 'body'));
  });
}
