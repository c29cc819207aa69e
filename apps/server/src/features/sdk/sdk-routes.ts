import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../errors/catalogue';
import { bearerOf } from '../auth/authenticate';
import type { SdkAuthentication, SdkAuthenticator } from '../auth/authenticate-sdk';
import type { CachedRuleSet, RuleSetCache } from './rule-set-cache';
import { answerRuleSet, type RuleSetAnswer } from './rule-set-headers';

const unauthenticated = () => new AppError('UNAUTHENTICATED', 'A valid server SDK key is required: send "Authorization: Bearer <key>".');

/**
 * Routes for SDKs, authenticated by SDK keys (never admin tokens). `GET /sdk/v1/flags` is the hot
 * path of every polling SDK: when the key record and the environment's version are known in memory
 * (see the key cache and the rule-set cache) it answers synchronously from cached bytes and headers,
 * compressed as `Accept-Encoding` asks (once per version).
 */
export function registerSdkRoutes(app: FastifyInstance, deps: { authenticateSdk: SdkAuthenticator; ruleSets: RuleSetCache }): void {
  // Handlers below return undefined once they have sent, or a promise settling after they have.
  const reply = (res: FastifyReply, answer: RuleSetAnswer): undefined => {
    res.code(answer.status).headers(answer.headers).send(answer.body);
    return undefined;
  };
  const send = (req: FastifyRequest, res: FastifyReply, ruleSet: CachedRuleSet): undefined | Promise<undefined> => {
    const answer = answerRuleSet(ruleSet, req.headers['if-none-match'], req.headers['accept-encoding']);
    return answer instanceof Promise ? answer.then((a) => reply(res, a)) : reply(res, answer);
  };
  const withKey = (req: FastifyRequest, res: FastifyReply, { key }: SdkAuthentication): undefined | Promise<undefined> => {
    if (!key) throw unauthenticated();
    const ruleSet = deps.ruleSets.current(key.envKey);
    return ruleSet instanceof Promise ? ruleSet.then((r) => send(req, res, r)) : send(req, res, ruleSet);
  };

  app.get('/sdk/v1/flags', (req, res) => {
    const auth = deps.authenticateSdk(bearerOf(req), 'server');
    return auth instanceof Promise ? auth.then((a) => withKey(req, res, a)) : withKey(req, res, auth);
  });
}
