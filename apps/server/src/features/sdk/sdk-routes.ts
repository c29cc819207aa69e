import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ApiKeyRecord } from '../../db/records';
import type { Database } from '../../db/stores';
import { AppError } from '../../errors/catalogue';
import { bearerOf, findLiveKeyNow } from '../auth/authenticate';
import type { CachedRuleSet, RuleSetCache } from './rule-set-cache';
import { ruleSetHeaders as headers } from './rule-set-headers';

const unauthenticated = () => new AppError('UNAUTHENTICATED', 'A valid server SDK key is required: send "Authorization: Bearer <key>".');

/**
 * Routes for SDKs, authenticated by SDK keys (never admin tokens). `GET /sdk/v1/flags` is the hot
 * path of every polling SDK: when the key record and the environment's version are known in memory
 * (see KeyCache and the rule-set cache) it answers synchronously from cached bytes and headers.
 */
export function registerSdkRoutes(app: FastifyInstance, deps: { db: Database; ruleSets: RuleSetCache }): void {
  // Handlers below return undefined once they have sent, or a promise settling after they have.
  const send = (req: FastifyRequest, reply: FastifyReply, ruleSet: CachedRuleSet): undefined => {
    const h = headers(ruleSet);
    if (req.headers['if-none-match'] === ruleSet.etag) reply.code(304).headers(h.notModified).send();
    else reply.headers(h.full).send(ruleSet.body);
    return undefined;
  };
  const withKey = (req: FastifyRequest, reply: FastifyReply, key: ApiKeyRecord | undefined): undefined | Promise<undefined> => {
    if (!key || key.envKey === null) throw unauthenticated();
    const ruleSet = deps.ruleSets.current(key.envKey);
    return ruleSet instanceof Promise ? ruleSet.then((r) => send(req, reply, r)) : send(req, reply, ruleSet);
  };

  app.get('/sdk/v1/flags', (req, reply) => {
    const key = findLiveKeyNow(deps.db, bearerOf(req), 'server');
    return key instanceof Promise ? key.then((k) => withKey(req, reply, k)) : withKey(req, reply, key);
  });
}
