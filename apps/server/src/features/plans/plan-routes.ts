import { MAX_SERVER_FRAME_BYTES } from '@switchyard/core';
import type { FastifyInstance } from 'fastify';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import { envParams } from '@switchyard/api';
import { planBody } from '@switchyard/api';
import type { PlanService } from './plan-service';

export function registerPlanRoutes(api: FastifyInstance, deps: { plans: PlanService }): void {
  /**
   * Applies a whole plan to one environment, all or nothing, as one version per environment it
   * touches. Its body may be as large as what an SDK loads in one frame (the budgets bound the rest).
   */
  api.post('/environments/:env/apply', { bodyLimit: MAX_SERVER_FRAME_BYTES }, async (req) => {
    const actor = actorFor(req, 'edit');
    const { env } = parseInput(envParams, req.params, 'params');
    return deps.plans.apply(actor, env, parseInput(planBody, req.body, 'body'));
  });
}
