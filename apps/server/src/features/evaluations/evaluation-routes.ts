import { answers } from '../../http/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { parseInput } from '../../errors/parse-input';
import { actorFor } from '../auth/guard';
import { evaluationDayList, evaluationDaysQuery, flagEnvParams, flagParams } from '@switchyard/api';
import { explainBody } from '@switchyard/api';
import type { ExplainService } from './explain-service';
import type { FlagService } from '../flags/flag-service';
import type { EvaluationService } from './evaluation-service';

export function registerEvaluationRoutes(api: FastifyInstance, deps: { evaluations: EvaluationService; explain: ExplainService; flags: FlagService }): void {
  api.get('/flags/:key/evaluations', async (req) => {
    actorFor(req, 'read');
    const { key } = parseInput(flagParams, req.params, 'params');
    await deps.flags.get(key);
    return { items: await deps.evaluations.forFlag(key) };
  });

  api
    .withTypeProvider<ZodTypeProvider>()
    .get('/flags/:key/evaluations/daily', { schema: { params: flagParams, querystring: evaluationDaysQuery, response: answers(evaluationDayList) }, config: { query: true } }, async (req) => {
      actorFor(req, 'read');
      await deps.flags.get(req.params.key);
      return { items: await deps.evaluations.daily(req.params.key, req.query.days) };
    });

  // A read sent as a POST (the context is a body): not a write, so it spends no write allowance.
  api.post('/flags/:key/environments/:env/explain', { config: { writeLimit: false } }, async (req) => {
    actorFor(req, 'read');
    const { key, env } = parseInput(flagEnvParams, req.params, 'params');
    const { context } = parseInput(explainBody, req.body, 'body');
    return deps.explain.explain(key, env, context);
  });
}
