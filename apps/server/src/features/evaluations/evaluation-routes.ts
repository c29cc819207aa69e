import type { FastifyInstance } from 'fastify';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import { flagParams } from '../flags/flag-schemas';
import type { FlagService } from '../flags/flag-service';
import type { EvaluationService } from './evaluation-service';

export function registerEvaluationRoutes(api: FastifyInstance, deps: { evaluations: EvaluationService; flags: FlagService }): void {
  api.get('/flags/:key/evaluations', async (req) => {
    actorFor(req, 'read');
    const { key } = parseInput(flagParams, req.params, 'params');
    await deps.flags.get(key);
    return { items: await deps.evaluations.forFlag(key) };
  });
}
