import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import { bearerOf, findLiveKey } from '../auth/authenticate';
import type { RuleSetCache } from './rule-set-cache';

/** Routes for SDKs, authenticated by SDK keys (never admin tokens). */
export function registerSdkRoutes(app: FastifyInstance, deps: { db: Database; ruleSets: RuleSetCache }): void {
  app.get('/sdk/v1/flags', async (req, reply) => {
    const key = await findLiveKey(deps.db, bearerOf(req), 'server');
    if (!key || key.envKey === null) throw new AppError('UNAUTHENTICATED', 'A valid server SDK key is required: send "Authorization: Bearer <key>".');
    const ruleSet = await deps.ruleSets.get(key.envKey);
    reply.header('etag', ruleSet.etag).header('cache-control', 'no-cache');
    if (ruleSet.stale) reply.header('x-switchyard-stale', 'database unreachable: last known rules');
    if (req.headers['if-none-match'] === ruleSet.etag) return reply.code(304).send();
    return reply.type('application/json').send(ruleSet.body);
  });
}
